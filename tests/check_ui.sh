#!/bin/sh
# UI behaviour the patient and staff feel, headless under the sanitizer
# build: the on-screen keyboard's pages, staff mode reached by touch at
# 800x480, and the script driver stepping the real loop (host duties run).
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/ui
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
# run NAME SCRIPT CONFIG [extra args]: $OUT in the script becomes its own directory
run() {
	name=$1; script=$2; conf=$3; shift 3
	mkdir -p "$OUT/$name"
	sed "s#\$OUT#$OUT/$name#g" "$script" > "$OUT/$name/script"
	TZ=UTC "$ACCORD" --headless --fixed-clock --script "$OUT/$name/script" --data "$OUT/$name/data" --assets assets \
		--config "$conf" "$@" > "$OUT/$name/stdout" 2> "$OUT/$name/stderr"
}
why() { grep -v 'scoring\|ready\|complete' "$OUT/$1/stderr" | head -8 | tr '\n' ' '; }

for size in 800x480 720x1280; do
	if run "keyboard-$size" tests/scripts/keyboard.script tests/data/identify.conf --size "$size"; then
		ok "the keyboard's accent and number pages show and type their own keys at $size"
	else
		nok "the keyboard's accent and number pages show and type their own keys at $size" "$(why "keyboard-$size")"
	fi
done

if run staff-touch tests/scripts/staff-touch.script tests/data/staff.conf --size 800x480; then
	ok "staff mode at 800x480: Test connection and Restart app are reached by touch (scroll buttons work)"
else
	nok "staff mode at 800x480: Test connection and Restart app are reached by touch" "$(why staff-touch)"
fi
if grep -q "Shut down" "$OUT/staff-touch/staff-speech.txt" 2>/dev/null; then
	ok "Read aloud in staff mode reads the whole menu, below the fold too"
else
	nok "Read aloud in staff mode reads the whole menu, below the fold too" "$(cat "$OUT/staff-touch/staff-speech.txt" 2>/dev/null | head -3)"
fi
# the script steps the real loop: the host's hourly duties (retention) run
{ cat tests/data/peg-only.conf; echo "retention_days = 1"; echo "unsent_max_days = 1"; } > "$OUT/retention.conf"
mkdir -p "$OUT/retention"
if run retention tests/scripts/retention-loop.script "$OUT/retention.conf" &&
   [ "$(sqlite3 "$OUT/retention/data/accord.db" 'select count(*) from visit' 2>/dev/null)" = 0 ] &&
   [ "$(sqlite3 "$OUT/retention/data/accord.db" "select count(*) from audit where action like 'retention-delete%'" 2>/dev/null)" -ge 1 ]; then
	ok "the script driver takes the event loop's own step: retention runs headless on the virtual clock"
else
	nok "the script driver takes the event loop's own step: retention runs headless on the virtual clock" \
		"$(sqlite3 "$OUT/retention/data/accord.db" 'select count(*) from visit' 2>&1) $(why retention)"
fi

# "I'd rather not answer": recorded as asked-and-declined, PEG not scored
if run decline tests/scripts/decline.script tests/data/peg-only.conf; then
	ok "every question offers \"I'd rather not answer\"; the review says so"
	if grep -q "PEG not scored (2/3 answered)" "$OUT/decline/summary.txt" && ! grep -qE "^PEG [0-9]" "$OUT/decline/summary.txt"; then
		ok "an instrument with a declined item is reported incomplete, never scored"
	else
		nok "an instrument with a declined item is reported incomplete, never scored" "$(head -3 "$OUT/decline/summary.txt")"
	fi
	if grep -q '"asked-declined"' "$OUT/decline/bundle.json" &&
	   sqlite3 "$OUT/decline/data/accord.db" 'select * from answer' 2>/dev/null | grep -q 'peg-2|.*asked-declined'; then
		ok "a declined item is stored and exported as asked-and-declined (data-absent-reason)"
	else
		nok "a declined item is stored and exported as asked-and-declined" "$(sqlite3 "$OUT/decline/data/accord.db" 'select * from answer' 2>&1 | head -3)"
	fi
	if grep -q "7" "$OUT/decline/review-speech.txt" && grep -q "You chose not to answer" "$OUT/decline/review-speech.txt" &&
	   grep -q "6" "$OUT/decline/review-speech.txt"; then
		ok "Read aloud on the review reads every answer"
	else
		nok "Read aloud on the review reads every answer" "$(cat "$OUT/decline/review-speech.txt")"
	fi
else
	nok "every question offers \"I'd rather not answer\"; the review says so" "$(why decline)"
fi

# Start over asks first
if run start-over tests/scripts/start-over.script tests/data/peg-only.conf &&
   [ "$(sqlite3 "$OUT/start-over/data/accord.db" 'select count(*) from visit' 2>/dev/null)" = 0 ]; then
	ok "Start over asks first; No returns to the same question, Yes erases the visit"
else
	nok "Start over asks first; No returns to the same question, Yes erases the visit" "$(why start-over)"
fi

# the keyboard opens on a tap of the field and leaves Back, Read aloud and progress in view
for size in 800x480 720x1280; do
	if run "keyboard-tap-$size" tests/scripts/keyboard-tap.script tests/data/screens.conf --size "$size"; then
		ok "the keyboard opens only on a tap of the field; Back, Read aloud and progress stay ($size)"
	else
		nok "the keyboard opens only on a tap of the field; Back, Read aloud and progress stay ($size)" "$(why "keyboard-tap-$size")"
	fi
done

# progress: "Question k of N": N never changes, k never jumps
if run progress tests/scripts/progress.script tests/data/screens.conf; then
	if grep -o "Question [0-9]* of [0-9]*" "$OUT/progress/stdout" | awk '
		{ k = $2; n = $4; if (NR > 1 && (n != n0 || k < k0 || k > k0 + 1)) bad = 1; k0 = k; n0 = n; c++ }
		END { exit !(c >= 20 && !bad) }'; then
		ok "progress totals never grow and the count goes up one question at a time"
	else
		nok "progress totals never grow and the count goes up one question at a time" \
			"$(grep -o "Question [0-9]* of [0-9]*" "$OUT/progress/stdout" | tr '\n' ' ')"
	fi
else
	nok "progress totals never grow" "$(why progress)"
fi

# read aloud reads every option of the question, also those below the fold (A++ on the 7" panel)
{ cat tests/data/screens.conf; echo "text_size = xl"; } > "$OUT/xl.conf"
cat > "$OUT/speech.script" <<EOS
tap "Touch to start"
tap "English"
tap "Start"
skip-agreement
answer 6
next
next
next
next
answer 7
next
answer 5
next
answer 6
next
speech $OUT/speech-multi.txt
EOS
if TZ=UTC "$ACCORD" --headless --fixed-clock --script "$OUT/speech.script" --data "$OUT/speech-data" --assets assets \
	--config "$OUT/xl.conf" > /dev/null 2> "$OUT/speech.err" &&
   grep -q "Constipation" "$OUT/speech-multi.txt" && grep -q "None of these" "$OUT/speech-multi.txt" &&
   grep -q "I'd rather not answer" "$OUT/speech-multi.txt"; then
	ok "Read aloud reads every option of the question, below the fold too"
else
	nok "Read aloud reads every option of the question, below the fold too" "$(head -c 300 "$OUT/speech-multi.txt" 2>/dev/null) $(head -3 "$OUT/speech.err")"
fi

# visit plans, chosen by one plain question after the language, each end to
# end in both languages (skipping every question: the plan decides what is asked)
plan_run() {   # lang plan-index name
	case $1 in en) lname=English ;; es) lname="Español" ;; esac
	{
		echo 'tap "Touch to start"'; echo "tap \"$lname\""
		echo 'layout-ok'; echo "answer $2"; echo 'walk'
	} > "$OUT/plan-$3-$1.script"
	TZ=UTC "$ACCORD" --headless --fixed-clock --script "$OUT/plan-$3-$1.script" --data "$OUT/plan-$3-$1-data" --assets assets \
		--config tests/data/plans.conf > "$OUT/plan-$3-$1.out" 2> "$OUT/plan-$3-$1.err"
}
for lang in en es; do
	for p in "0 first" "1 follow-up" "2 quick"; do
		set -- $p
		if plan_run "$lang" "$1" "$2" && grep -q "done:handoff" "$OUT/plan-$2-$lang.out"; then
			total=$(grep -o "[0-9][0-9]* \(of\|de\) [0-9][0-9]*" "$OUT/plan-$2-$lang.out" | head -1 | awk '{print $3}')
			echo "$2 $lang $total" >> "$OUT/plan-totals"
			ok "the $2 plan runs end to end in $lang ($total questions)"
		else
			nok "the $2 plan runs end to end in $lang" "$(head -5 "$OUT/plan-$2-$lang.err")"
		fi
	done
done
if awk '{ t[$1 $2] = $3 } END { exit !(t["first" "en"] > t["follow-up" "en"] && t["follow-up" "en"] > t["quick" "en"] && t["quick" "en"] > 0 && t["first" "es"] == t["first" "en"]) }' "$OUT/plan-totals" &&
   grep -q "Our agreement, in short" "$OUT/plan-follow-up-en.out" && grep -q "Nuestro acuerdo, en breve" "$OUT/plan-follow-up-es.out" &&
   ! grep -q "Our agreement, in short\|Read it with me" "$OUT/plan-quick-en.out"; then
	ok "first asks the most, follow-up shows the agreement in short, quick asks the least and no agreement"
else
	nok "first asks the most, follow-up shows the agreement in short, quick asks the least and no agreement" "$(cat "$OUT/plan-totals" | tr '\n' ' ')"
fi
