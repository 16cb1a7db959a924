#!/bin/sh
# tools/effort.sh - make effort: what a visit costs a patient, measured.
# Walks every visit plan headless (the script command "walk answer": the
# first answer of every question, Next, the agreement read part by part)
# in English and Spanish, at 800x480 and 720x1280, at the three text sizes.
# Counts screens, taps (answer, navigation, scroll) and the words a patient
# reads (all the text of each screen, below the fold too), and estimates
# minutes at 100 words a minute plus 2 s a tap. Writes docs/patient-effort.md;
# exits 1 when a budget is missed (first <= 8 min, follow-up <= 3 min,
# quick <= 90 s, en and es, 800x480, default size; no scroll tap on a
# question screen at the default and large sizes).
set -u
cd "$(dirname "$0")/.."
ACCORD=${1:-build/accord}
OUT=build/effort
rm -rf "$OUT"; mkdir -p "$OUT"
DOC=docs/patient-effort.md
fail=0
{
	echo "# What a visit costs a patient"
	echo
	echo "Made by \`make effort\` (tools/effort.sh): every visit plan walked headless,"
	echo "answering each question with its first answer and reading every screen"
	echo "to its end. Minutes = words / 100 per minute + 2 s per tap."
	echo
	echo "| plan | lang | size | text | screens | answer taps | nav taps | scroll taps | question scroll taps | words | minutes | budget |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$OUT/doc"
for plan in first follow-up quick; do
	case $plan in first) idx=0; budget=480 ;; follow-up) idx=1; budget=180 ;; quick) idx=2; budget=90 ;; esac
	for lang in en es; do
		case $lang in en) lname=English ;; es) lname="Español" ;; esac
		for size in 800x480 720x1280; do
			for ts in normal large xl; do
				tag="$plan-$lang-$size-$ts"
				{ echo "clinic_name = Riverside Pain Clinic"; echo "agreement = optional"; echo "visit_plan = ask"; echo "text_size = $ts"; } > "$OUT/$tag.conf"
				printf 'tap "Touch to start"\ntap "%s"\nanswer %s\nwalk answer\n' "$lname" "$idx" > "$OUT/$tag.script"
				if ! TZ=UTC "$ACCORD" --headless --fixed-clock --size "$size" --script "$OUT/$tag.script" --data "$OUT/$tag.data" \
					--assets assets --config "$OUT/$tag.conf" > "$OUT/$tag.out" 2> "$OUT/$tag.err"; then
					echo "effort: $tag: $(head -2 "$OUT/$tag.err")" >&2; fail=1; continue
				fi
				# lines: "effort-step kind=<answer|nav> words=N scroll=S question=Q"
				set -- $(awk '/^effort-step/ {
					n++; for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
					w += v["words"]; s += v["scroll"]; if (v["question"]) qs += v["scroll"]
					if (v["kind"] == "answer") a++; else nav++
				} /^effort-screen/ { sc++ } END { printf "%d %d %d %d %d %d", sc, a, nav, s, qs, w }' "$OUT/$tag.out")
				screens=$1; ans=$2; nav=$3; scr=$4; qscr=$5; words=$6
				secs=$(( words * 60 / 100 + 2 * (ans + nav + scr) ))
				mins=$(awk "BEGIN { printf \"%.1f\", $secs / 60 }")
				verdict=""
				if [ "$size" = 800x480 ] && [ "$ts" = normal ]; then
					if [ "$secs" -le "$budget" ]; then verdict="ok (<= $((budget / 60)) min $((budget % 60)) s)"
					else verdict="MISSED (<= $((budget / 60)) min $((budget % 60)) s)"; fail=1; fi
				fi
				if [ "$ts" != xl ] && [ "$qscr" -gt 0 ]; then verdict="$verdict scroll taps on questions: MISSED"; fail=1; fi
				echo "| $plan | $lang | $size | $ts | $screens | $ans | $nav | $scr | $qscr | $words | $mins | $verdict |" >> "$OUT/doc"
			done
		done
	done
done
# Where the minutes go: the screens with the most words to read, per plan
# (English, 800x480, default size), and what the questions alone cost.
{
	echo
	echo "## Where the minutes go (English, 800x480, default text size)"
	echo
	echo "Words to read per screen, the largest first; \"questions\" is the words of the"
	echo "question screens alone (stems, answer options, anchors), the floor of a plan"
	echo "while it asks those questions in those words."
	echo
	for plan in first follow-up quick; do
		f="$OUT/$plan-en-800x480-normal.out"
		[ -f "$f" ] || continue
		awk -v plan="$plan" '
			/^---- screen ----/ { getline; t = substr($0, 1, 60) }
			/^effort-step/ {
				for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
				if (v["words"] > 0) { n++; w[n] = v["words"]; name[n] = t; all += v["words"]; if (v["question"]) q += v["words"] }
			}
			END {
				printf "- **%s**: %d words in all, %d on question screens (%.1f min of reading at 100 words a minute). Largest: ", plan, all, q, q / 100
				for (k = 0; k < 4; k++) {
					b = 0; for (i = 1; i <= n; i++) if (!used[i] && (b == 0 || w[i] > w[b])) b = i
					if (!b) break
					used[b] = 1; gsub(/\|/, "/", name[b])
					printf "%s%d words \"%s\"", k ? ", " : "", w[b], name[b]
				}
				printf ".\n"
			}' "$f"
	done
} >> "$OUT/doc"
cp "$OUT/doc" "$DOC"
echo "effort: written to $DOC"
[ $fail -eq 0 ] || { echo "effort: a budget was missed (see $DOC)"; exit 1; }
