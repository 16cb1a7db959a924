#!/bin/sh
# Headless scenarios of the foundation: a full visit whose QR (decoded by
# zbarimg from the real screenshot) equals the summary, the idle wipe that
# leaves nothing in the database, autosave, config and database failures.
# Uses $ACCORD (the sanitizer build under make test).
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/scenarios
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }

# run NAME SCRIPT [extra args]: substitutes $OUT in the script, own data dir
run() {
	name=$1; script=$2; shift 2
	mkdir -p "$OUT/$name"
	sed "s#\$OUT#$OUT/$name#g" "$script" > "$OUT/$name/script"
	"$ACCORD" --headless --script "$OUT/$name/script" --data "$OUT/$name/data" --assets assets \
		--config tests/data/peg-only.conf "$@" > "$OUT/$name/stdout" 2> "$OUT/$name/stderr"
}
count() { sqlite3 "$1" "$2" 2>/dev/null; }

# 1. full visit + QR decoded from the screenshot
if run full tests/scripts/full-visit.script; then
	ok "full visit runs from attract to handoff and back"
	sh tests/lib/qrjoin.sh "$OUT/full/qr" "$OUT/full/decoded.txt"
	if [ -s "$OUT/full/decoded.txt" ] && cmp -s "$OUT/full/decoded.txt" "$OUT/full/summary.txt"; then
		ok "QR decoded from the handoff screenshot equals the summary"
	else
		nok "QR decoded from the handoff screenshot equals the summary" "$(head -3 "$OUT/full/decoded.txt")"
	fi
	if grep -q "P7" "$OUT/full/decoded.txt" && grep -q "PEG 6.0" "$OUT/full/decoded.txt"; then
		ok "decoded summary holds the answers and the PEG score"
	else
		nok "decoded summary holds the answers and the PEG score" "$(cat "$OUT/full/decoded.txt")"
	fi
	db="$OUT/full/data/accord.db"
	if [ "$(count "$db" 'select count(*) from visit where completed is not null')" = 1 ] &&
	   [ "$(count "$db" 'select count(*) from answer')" = 3 ]; then
		ok "the completed visit and its answers are kept for handoff"
	else
		nok "the completed visit and its answers are kept for handoff" "visit/answer rows missing"
	fi
	if [ "$(count "$db" 'pragma journal_mode')" = wal ] && [ "$(count "$db" 'pragma user_version')" = 3 ]; then
		ok "database is in WAL mode with schema version 3"
	else
		nok "database is in WAL mode with schema version 3" "$(count "$db" 'pragma journal_mode') $(count "$db" 'pragma user_version')"
	fi
	# the answers (7, 5, 6) as the summary writes them, and the summary's score line
	if grep -qE "P7 E5 G6|PEG [0-9]|\[P7" "$OUT/full/stderr" "$OUT/full/stdout"; then
		nok "no patient answers in logs" "$(grep -E 'P7|PEG [0-9]' "$OUT/full/stderr" | head -2)"
	else
		ok "no patient answers in logs"
	fi
else
	nok "full visit runs from attract to handoff and back" "$(tail -5 "$OUT/full/stderr")"
fi

# 2. idle wipe leaves nothing
if run idle tests/scripts/idle-wipe.script; then
	ok "idle patient is warned with a countdown, then wiped to attract"
	db="$OUT/idle/data/accord.db"
	if [ "$(count "$db" 'select count(*) from answer')" = 0 ] && [ "$(count "$db" 'select count(*) from visit')" = 0 ]; then
		ok "after the idle wipe the database holds nothing of the visit"
	else
		nok "after the idle wipe the database holds nothing of the visit" "rows remain"
	fi
else
	nok "idle patient is warned with a countdown, then wiped to attract" "$(tail -5 "$OUT/idle/stderr")"
fi

# 3. still here, language switch keeps answers
if run still tests/scripts/still-here.script; then ok "I'm still here keeps the visit; switching language keeps answers"
else nok "I'm still here keeps the visit; switching language keeps answers" "$(tail -5 "$OUT/still/stderr")"; fi

# 4. autosave
if run autosave tests/scripts/autosave.script && [ "$(count "$OUT/autosave/data/accord.db" 'select count(*) from answer')" = 2 ]; then
	ok "every answer is in the database as soon as it is given"
else
	nok "every answer is in the database as soon as it is given" "$(count "$OUT/autosave/data/accord.db" 'select count(*) from answer')"
fi

# 4b. a visit cut off by a crash (the app stopped mid-visit above) is closed unseen at the next start
printf 'expect "Touch to start"\n' > "$OUT/restart.script"
if "$ACCORD" --headless --script "$OUT/restart.script" --data "$OUT/autosave/data" --assets assets \
	--config tests/data/peg-only.conf > /dev/null 2> "$OUT/restart.err" &&
   [ "$(count "$OUT/autosave/data/accord.db" 'select count(*) from answer')" = 0 ] &&
   [ "$(count "$OUT/autosave/data/accord.db" 'select count(*) from visit')" = 0 ]; then
	ok "after a crash mid-visit the next start shows the attract screen and keeps nothing of that visit"
else
	nok "after a crash mid-visit the next start keeps nothing of that visit" "$(cat "$OUT/restart.err" | head -3)"
fi

# 5. a bad config line is reported with file:line and the app still runs
printf 'idle_warn_seconds = soon\nno_such_key = 1\nclinic_name = Lakeside\n' > "$OUT/bad.conf"
mkdir -p "$OUT/badconf"
printf 'expect "Lakeside"\ntap "Touch to start"\n' > "$OUT/badconf/script"
if "$ACCORD" --headless --script "$OUT/badconf/script" --data "$OUT/badconf/data" --assets assets --config "$OUT/bad.conf" 2> "$OUT/badconf/stderr" >/dev/null &&
   grep -q "bad.conf:1: idle_warn_seconds" "$OUT/badconf/stderr" && grep -q 'bad.conf:2: unknown key "no_such_key"' "$OUT/badconf/stderr"; then
	ok "bad config values and unknown keys are reported with file:line and defaults kept"
else
	nok "bad config values and unknown keys are reported with file:line and defaults kept" "$(cat "$OUT/badconf/stderr" | head -3)"
fi

# 6. a failing script says file:line and why
mkdir -p "$OUT/fail"
printf 'expect "Touch to start"\nexpect "Nothing like this"\n' > "$OUT/fail/script"
if "$ACCORD" --headless --script "$OUT/fail/script" --data "$OUT/fail/data" --assets assets 2> "$OUT/fail/stderr" >/dev/null; then
	nok "a failing script exits non-zero with file:line" "exited 0"
elif grep -q "fail/script:2: expected \"Nothing like this\"" "$OUT/fail/stderr"; then
	ok "a failing script exits non-zero with file:line"
else
	nok "a failing script exits non-zero with file:line" "$(head -2 "$OUT/fail/stderr")"
fi
printf 'tap "Touch to start"\ntap "English"\ntap "Start"\ntap "5"\ntap "Next"\nexpect "Question 2 of 3"\ntap "Question"\n' > "$OUT/fail/amb"
if "$ACCORD" --headless --script "$OUT/fail/amb" --data "$OUT/fail/data2" --assets assets --config tests/data/peg-only.conf 2> "$OUT/fail/stderr2" >/dev/null; then
	nok "tap on a label that is not on screen fails" "exited 0"
elif grep -q ':7: no visible widget "Question"' "$OUT/fail/stderr2"; then
	ok "tap on a label that is not on screen fails"
else
	nok "tap on a label that is not on screen fails" "$(head -2 "$OUT/fail/stderr2")"
fi

# 7. a corrupt database (SQLite's header, then garbage) is set aside; the kiosk keeps serving
mkdir -p "$OUT/corrupt/data"
{ printf 'SQLite format 3\000'; head -c 8192 /dev/urandom; } > "$OUT/corrupt/data/accord.db"
if run corrupt tests/scripts/autosave.script && ls "$OUT/corrupt/data/" | grep -q "accord.db.corrupt-" &&
   [ "$(count "$OUT/corrupt/data/accord.db" 'select count(*) from answer')" = 2 ]; then
	ok "a corrupt database is set aside and a fresh one serves the next visit"
else
	nok "a corrupt database is set aside and a fresh one serves the next visit" "$(tail -3 "$OUT/corrupt/stderr")"
fi
# 7b. a file with no database header may be encrypted with another key: left alone, the kiosk still serves
mkdir -p "$OUT/foreign/data"
head -c 8192 /dev/urandom > "$OUT/foreign/data/accord.db"
sum=$(md5sum < "$OUT/foreign/data/accord.db")
if run foreign tests/scripts/autosave.script && ! ls "$OUT/foreign/data/" | grep -q corrupt &&
   [ "$(md5sum < "$OUT/foreign/data/accord.db")" = "$sum" ] && grep -q "cannot be read with no key" "$OUT/foreign/stderr"; then
	ok "a database this kiosk cannot read (another key?) is left as it is and the kiosk keeps serving"
else
	nok "a database this kiosk cannot read is left as it is" "$(grep -v scoring "$OUT/foreign/stderr" | tail -3)"
fi

# 8. agreement: two clauses marked and a typed question reach the summary, nothing else
mkdir -p "$OUT/agree"
sed "s#\$OUT#$OUT/agree#g" tests/scripts/agreement.script > "$OUT/agree/script"
if "$ACCORD" --headless --script "$OUT/agree/script" --data "$OUT/agree/data" --assets assets \
	--config tests/data/agreement.conf > /dev/null 2> "$OUT/agree/stderr"; then
	ok "the agreement summary screen lists exactly the clauses marked and the typed question"
	s="$OUT/agree/summary.txt"
	if grep -q "We believe you" "$s" && grep -q "We look at all your options" "$s" && grep -q "Can I call after hours?" "$s" &&
	   ! grep -q "We listen" "$s" && [ "$(sqlite3 "$OUT/agree/data/accord.db" 'select count(*) from mark where discuss=1')" = 2 ]; then
		ok "the clinician summary and the database carry exactly the two marked clauses and the question"
	else
		nok "the clinician summary and the database carry exactly the two marked clauses and the question" "$(cat "$s")"
	fi
	sh tests/lib/qrjoin.sh "$OUT/agree/qr" "$OUT/agree/decoded.txt"
	if cmp -s "$OUT/agree/decoded.txt" "$s"; then ok "the agreement marks travel in the QR code"
	else nok "the agreement marks travel in the QR code" "decoded text differs"; fi
else
	nok "the agreement summary screen lists exactly the clauses marked and the typed question" "$(grep -v 'scoring\|complete' "$OUT/agree/stderr" | head -5)"
fi

# 8b. the agreement in layers: marks set on the overview and in a clause opened from it
mkdir -p "$OUT/overview"
sed "s#\$OUT#$OUT/overview#g" tests/scripts/agreement-overview.script > "$OUT/overview/script"
if "$ACCORD" --headless --script "$OUT/overview/script" --data "$OUT/overview/data" --assets assets \
	--config tests/data/agreement.conf > /dev/null 2> "$OUT/overview/stderr"; then
	ok "the agreement overview shows every clause's sentence; a clause opened from it comes back to it"
	s="$OUT/overview/summary.txt"
	if grep -q "We believe you" "$s" && grep -q "We look at all your options" "$s" && grep -q "Can I try physical therapy?" "$s" &&
	   ! grep -q "We listen" "$s"; then
		ok "marks set on the overview reach the summary; a mark undone there does not"
	else
		nok "marks set on the overview reach the summary; a mark undone there does not" "$(cat "$s")"
	fi
else
	nok "the agreement overview shows every clause's sentence; a clause opened from it comes back to it" "$(grep -v 'scoring\|complete' "$OUT/overview/stderr" | head -5)"
fi

# 8c. follow-up: the short agreement shows in full what changed since the version last reviewed
mkdir -p "$OUT/changed"
{ cat tests/data/agreement.conf; echo "visit_plan = follow-up"; echo "agreement_reviewed = 2026-11-01"; } > "$OUT/changed/conf"
sed "s#\$OUT#$OUT/changed#g" tests/scripts/agreement-changed.script > "$OUT/changed/script"
if "$ACCORD" --headless --script "$OUT/changed/script" --data "$OUT/changed/data" --assets assets \
	--config "$OUT/changed/conf" > /dev/null 2> "$OUT/changed/stderr"; then
	t="$OUT/changed/short.txt"
	if grep -q "What is new since your last visit" "$t" && grep -q "You will be treated with respect" "$t" &&
	   [ "$(grep -o "I want to talk about this" "$t" | wc -l)" = 4 ]; then
		ok "follow-up: the short agreement lists the 4 clauses changed since the version last reviewed, each with its own mark"
	else
		nok "follow-up: the short agreement lists the 4 clauses changed since the version last reviewed" "$(cat "$t")"
	fi
	if grep -q "TO DISCUSS: You will be treated with respect" "$OUT/changed/summary.txt"; then
		ok "follow-up: a changed clause opened from the short agreement and marked there reaches the summary"
	else
		nok "follow-up: a changed clause marked on the short agreement reaches the summary" "$(cat "$OUT/changed/summary.txt")"
	fi
else
	nok "follow-up: a changed clause opens in full from the short agreement and comes back" "$(grep -v 'scoring\|complete\|safety' "$OUT/changed/stderr" | head -5)"
fi
{ cat tests/data/agreement.conf; echo "visit_plan = follow-up"; } > "$OUT/changed/conf0"
printf 'tap "Touch to start"\ntap "English"\ntap "Start"\nexpect "Our agreement, in short"\nspeech %s\n' "$OUT/changed/short0.txt" > "$OUT/changed/script0"
if "$ACCORD" --headless --script "$OUT/changed/script0" --data "$OUT/changed/data0" --assets assets \
	--config "$OUT/changed/conf0" > /dev/null 2>&1 && grep -q "Our agreement, in short" "$OUT/changed/short0.txt" &&
   ! grep -q "What is new since your last visit\|I want to talk about this" "$OUT/changed/short0.txt"; then
	ok "follow-up: without agreement_reviewed nothing is shown as changed"
else
	nok "follow-up: without agreement_reviewed nothing is shown as changed" "$(cat "$OUT/changed/short0.txt" 2>/dev/null)"
fi

# 8d. a form's instructions (displayCategory "instructions") lead its first question only;
# a stem without it (PHQ-2's) leads every question after it
mkdir -p "$OUT/lead"
printf 'agreement = off\nforms_off = pain-now.json,pain-map.json,peg.json,side-effects.json,visits-meds.json,treatments.json,goals.json,gad2.json,last-visit.json,partnership.json\n' > "$OUT/lead/conf"
printf '%s\n' 'tap "Touch to start"' 'tap "English"' 'tap "Start"' \
	'expect "These questions help us keep you safe. There are no wrong answers. We ask everyone."' 'next' \
	'expect-not "These questions help us keep you safe. There are no wrong answers. We ask everyone."' \
	'next' 'next' 'next' 'expect "Over the last 2 weeks, how often have you been bothered by any of the following problems?"' \
	'answer 0' 'next' 'expect "Over the last 2 weeks, how often have you been bothered by any of the following problems?"' > "$OUT/lead/script"
if "$ACCORD" --headless --script "$OUT/lead/script" --data "$OUT/lead/data" --assets assets \
	--config "$OUT/lead/conf" > /dev/null 2> "$OUT/lead/stderr"; then
	ok "a form's instructions lead its first question only; the PHQ-2 stem leads each of its items"
else
	nok "a form's instructions lead its first question only; the PHQ-2 stem leads each of its items" "$(grep -v 'scoring\|complete\|safety' "$OUT/lead/stderr" | head -5)"
fi

# 10. a blind patient completes a visit with the audio guide alone
if run guide tests/scripts/guide.script; then
	ok "audio guide: started by a long press, a visit is finished by touch exploration, double taps and keys alone"
	if grep -q "P7 E5 G6" "$OUT/guide/summary.txt" && [ "$(count "$OUT/guide/data/accord.db" 'select count(*) from answer')" = 3 ]; then
		ok "audio guide: the answers chosen by ear are the answers stored"
	else
		nok "audio guide: the answers chosen by ear are the answers stored" "$(cat "$OUT/guide/summary.txt")"
	fi
else
	nok "audio guide: started by a long press, a visit is finished by touch exploration, double taps and keys alone" "$(grep -v 'scoring\|complete' "$OUT/guide/stderr" | head -6)"
fi
printf 'key Return\nexpect "Choose your language"\nkey Tab\nkey Return\nexpect "Antes de su consulta"\n' > "$OUT/guide-key.script"
if run guidekey "$OUT/guide-key.script"; then ok "audio guide: a USB keypad or keyboard key on the attract screen starts it"
else nok "audio guide: a USB keypad or keyboard key on the attract screen starts it" "$(grep -v 'scoring' "$OUT/guidekey/stderr" | head -4)"; fi

# 11. identify = patient: the names and birth date typed (Spanish, accents) reach summary, FHIR and HL7
mkdir -p "$OUT/identify"
sed "s#\$OUT#$OUT/identify#g" tests/scripts/identify.script > "$OUT/identify/script"
if "$ACCORD" --headless --script "$OUT/identify/script" --data "$OUT/identify/data" --assets assets \
	--config tests/data/identify.conf > /dev/null 2> "$OUT/identify/stderr" &&
   grep -q "^Name: Núñez, Ana María" "$OUT/identify/summary.txt" && grep -q "^DOB 1969-02-02" "$OUT/identify/summary.txt" &&
   grep -q '"birthDate":[[:space:]]*"1969-02-02"' "$OUT/identify/bundle.json" && tr '\r' '\n' < "$OUT/identify/oru.hl7" | grep -q "^PID|.*Núñez^Ana María||19690202"; then
	ok "identify = patient: typed names (with accents) and birth date reach the summary (UTF-8), the FHIR Patient and the HL7 PID"
else
	nok "identify = patient: typed names and birth date reach summary, FHIR and HL7" "$(grep -v 'scoring\|complete' "$OUT/identify/stderr" | head -3) $(head -3 "$OUT/identify/summary.txt" 2>/dev/null) $(grep PID "$OUT/identify/oru.hl7" 2>/dev/null | cut -c1-80)"
fi
if grep -qE "Ana|Nunez|Núñez|1969" "$OUT/identify/stderr"; then nok "identifiers never reach the logs" "found in stderr"
else ok "identifiers never reach the logs"; fi

# 12. rotation: the 7" panel mounted portrait; taps land where the turned UI shows them
if run rotated tests/scripts/full-visit.script --config tests/data/rotated.conf &&
   sh tests/lib/qrjoin.sh "$OUT/rotated/qr" "$OUT/rotated/decoded.txt" && cmp -s "$OUT/rotated/decoded.txt" "$OUT/rotated/summary.txt" &&
   [ "$(identify -format '%wx%h' "$OUT/rotated/handoff.png")" = 800x480 ]; then
	ok "rotation = 90: a whole visit on a turned panel, its QR decoded from the turned screenshot"
else
	nok "rotation = 90: a whole visit on a turned panel" "$(grep -v 'scoring\|complete' "$OUT/rotated/stderr" | head -3)"
fi

# 13. items_off: a clinic leaves an item out; it is not asked
printf 'tap "Touch to start"\ntap "English"\ntap "Start"\nexpect "Question 1 of 2"\ntap "4"\ntap "Next"\nexpect "general activity"\nexpect-not "enjoyment of life"\n' > "$OUT/itemsoff.script"
{ cat tests/data/peg-only.conf; echo "items_off = peg-2"; } > "$OUT/itemsoff.conf"
if run itemsoff "$OUT/itemsoff.script" --config "$OUT/itemsoff.conf"; then ok "items_off leaves a clinic's unwanted item out of the visit"
else nok "items_off leaves a clinic's unwanted item out of the visit" "$(grep -v scoring "$OUT/itemsoff/stderr" | head -3)"; fi

# 14. a broken form among good ones: refused with a reason for staff, the rest still served
rm -rf "$OUT/assets"; cp -r assets "$OUT/assets"
printf '{"resourceType": "Questionnaire", "item": [{"linkId": "a", "type": "choice"}, {"linkId": "a", "type": "string"}' > "$OUT/assets/questionnaires/broken.json"
python3 -c "import json,sys; p=sys.argv[1]; d=json.load(open(p)); d['forms'].insert(0,'broken.json'); json.dump(d,open(p,'w'))" "$OUT/assets/questionnaires/order.json"
printf 'tap "Touch to start"\ntap "English"\ntap "Start"\nexpect "What number best describes your pain on average in the past week?"\n' > "$OUT/broken.script"
mkdir -p "$OUT/broken"
if "$ACCORD" --headless --script "$OUT/broken.script" --data "$OUT/broken/data" --assets "$OUT/assets" \
	--config tests/data/peg-only.conf > /dev/null 2> "$OUT/broken/stderr" && grep -q "broken.json" "$OUT/broken/stderr"; then
	ok "a broken form is refused with its file named, and the kiosk keeps serving the good ones"
else
	nok "a broken form is refused with its file named, and the kiosk keeps serving the good ones" "$(head -4 "$OUT/broken/stderr")"
fi

# 15. a full disk at "Done": nothing half-written, the QR still carries the whole summary, staff are told
mkdir -p "$OUT/full-disk"
{ cat tests/data/screens.conf; echo "fhir_base_url = https://127.0.0.1:9/"; } > "$OUT/full-disk/c.conf"
sed -e '/^shot @DIR@\/handoff/,$d' -e "s#@DIR@#$OUT/full-disk#g" -e 's#@LANG@#en#g' -e 's#@SIZE@#800x480#g' -e 's#@LANGNAME@#English#g' \
	tests/scripts/screens.script.in > "$OUT/full-disk/script"
printf 'expect "Thank you!"\nsummary %s/summary.txt\nshow-qr\nshot-pages %s/qr\n' "$OUT/full-disk" "$OUT/full-disk" >> "$OUT/full-disk/script"
# the schema takes 16 pages (version 3): the database may not grow past them (SQLITE_FULL, like a full disk)
if ACCORD_FAULT_DB_MAX_PAGES=16 "$ACCORD" --headless --script "$OUT/full-disk/script" --data "$OUT/full-disk/data" \
	--assets assets --config "$OUT/full-disk/c.conf" > /dev/null 2> "$OUT/full-disk/stderr" &&
   sh tests/lib/qrjoin.sh "$OUT/full-disk/qr" "$OUT/full-disk/decoded.txt" && cmp -s "$OUT/full-disk/decoded.txt" "$OUT/full-disk/summary.txt" &&
   grep -q "could not be saved" "$OUT/full-disk/stderr" && ! grep -q "database is not open" "$OUT/full-disk/stderr" &&
   [ "$(count "$OUT/full-disk/data/accord.db" 'select count(*) from outbox')" = 0 ]; then
	ok "a full disk at Done: the patient still gets the whole QR, nothing is half-written, staff are told"
else
	nok "a full disk at Done" "$(grep -v scoring "$OUT/full-disk/stderr" | head -3)"
fi

# 9. idle costs nothing: five virtual minutes on the attract screen draw no
# frame after the two of start-up (the attract screen shown before the forms
# load, then the visit's own first frame)
mkdir -p "$OUT/idlecpu"
printf 'advance 300\nframes-at-most 2\ntap "Touch to start"\ntap "English"\ntap "Start"\nframes-at-most 9\nadvance 60\nframes-at-most 9\n' > "$OUT/idlecpu/script"
if "$ACCORD" --headless --script "$OUT/idlecpu/script" --data "$OUT/idlecpu/data" --assets assets --config tests/data/peg-only.conf \
	> /dev/null 2> "$OUT/idlecpu/stderr"; then
	ok "an idle screen draws no frame it does not need (attract, and a question waiting for an answer)"
else
	nok "an idle screen draws no frame it does not need" "$(grep -v scoring "$OUT/idlecpu/stderr" | head -3)"
fi
exit 0
