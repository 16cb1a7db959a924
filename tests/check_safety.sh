#!/bin/sh
# tests/check_safety.sh - a safety answer reaches a person even if the
# patient walks away (issue 12): from the whole app, headless, with the
# outbox sender delivering to the real engines of tests/servers/ (Medplum's
# FHIR engine with its validator over HTTPS, Medplum's HL7 MLLP listener;
# started through tests/lib/servers.sh or reused from the run). The alert
# goes out at the answer, the idle wipe keeps the visit
# as partial (and no other partial visit survives), staff mode lists it
# first, the attract screen shows staff a sign until they acknowledge it; a
# crash mid-visit with a safety answer is kept and alerted at the next start.
set -u
cd "$(dirname "$0")/.."
. tests/lib/servers.sh
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/safety
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
servers_start "$OUT/servers" || { nok "the test servers start" "see $OUT/servers/*.log"; exit 0; }
trap 'servers_stop' EXIT INT TERM
{
	cat tests/data/safety.conf
	echo "fhir_base_url = $FHIR_URL"
	echo "fhir_ca_file = $TEST_CA"
	echo "hl7_host = 127.0.0.1"
	echo "hl7_port = $HL7_PORT"
} > "$OUT/net.conf"
q() { sqlite3 "$OUT/data/accord.db" "$1" 2>/dev/null; }

# 1. breathing answer, then the patient walks away
sed "s#\$OUT#$OUT#g" tests/scripts/safety-walk-away.script > "$OUT/walk.script"
if "$ACCORD" --headless --script "$OUT/walk.script" --data "$OUT/data" --assets assets --config "$OUT/net.conf" \
	> "$OUT/walk.out" 2> "$OUT/walk.err"; then
	ok "a patient chooses the breathing answer and walks away; the kiosk goes on serving the next patients"
else
	nok "a patient chooses the breathing answer and walks away" "$(grep -v scoring "$OUT/walk.err" | tail -3)"
fi
uuid=$(q "select visit_uuid from alert where rule_id='slow-breathing'")
code=$(q "select code from visit where uuid='$uuid'")
if [ -n "$uuid" ] && [ "$(q "select count(*) from visit where partial=1")" = 1 ] &&
   [ "$(q "select count(*) from visit where partial=1 and uuid='$uuid' and completed is not null")" = 1 ] &&
   [ "$(q "select count(*) from visit")" = 2 ] && [ "$(q "select count(*) from visit where completed is null")" = 0 ]; then
	ok "after the idle time the visit is kept as partial, and no other partial visit survives"
else
	nok "the visit is kept as partial, no other partial visit survives" "$(q 'select code, partial, completed from visit')"
fi
q "select summary from visit where uuid='$uuid'" > "$OUT/partial-summary.txt"
if grep -n "" "$OUT/partial-summary.txt" | grep -q "^3:!! SAFETY: Slow or troubled breathing" &&
   [ "$(grep -n "^!! SAFETY" "$OUT/partial-summary.txt" | cut -d: -f1)" -lt "$(grep -n "^PEG" "$OUT/partial-summary.txt" | cut -d: -f1)" ] &&
   grep -q "^PARTIAL" "$OUT/partial-summary.txt"; then
	ok "the kept visit's summary says partial and puts the safety line first, above the scores"
else
	nok "the kept visit's summary puts the safety line first" "$(head -5 "$OUT/partial-summary.txt")"
fi
# delivered: the alert's transaction first, then the partial visit's own
# (posts.log: "<ms> <fault> <status> <entries> <Bundle.identifier.value>";
# the kiosk's heartbeat posts there too and is not counted)
alert_id="$uuid.slow-breathing"
posts=$(awk '$3 ~ /^2/ {print $5}' "$FHIR_DIR/posts.log" 2>/dev/null)
at_alert=$(echo "$posts" | grep -nx "$alert_id" | head -1 | cut -d: -f1)
at_visit=$(echo "$posts" | grep -n "^$uuid\.[0-9]*\$" | head -1 | cut -d: -f1)
if [ -n "$uuid" ] && [ -n "$at_alert" ] && [ -n "$at_visit" ] && [ "$at_alert" -lt "$at_visit" ]; then
	ok "the FHIR engine accepted the alert's transaction before the visit's own, then the partial visit's"
else
	nok "the FHIR engine accepted the alert's transaction before the visit's own" "$(cat "$FHIR_DIR/posts.log" 2>/dev/null | tail -5)"
fi
# on the engine (its own search): the Communication once, its snapshot response, the visit's response
n_comm=$(fhir_count Communication "urn:accord:id:alert|$alert_id")
n_snap=$(fhir_count QuestionnaireResponse "urn:accord:id:questionnaire-response|$uuid.side-effects.alert-slow-breathing")
n_qr=$(fhir_count QuestionnaireResponse "urn:accord:id:questionnaire-response|$uuid.side-effects")
if [ "$n_comm" = 1 ] && [ "$n_snap" = 1 ] && [ "$n_qr" = 1 ]; then
	ok "the engine holds the alert's Communication and its snapshot response once, and the visit's own response"
else
	nok "the engine holds the alert's Communication once" "Communication $n_comm, snapshot $n_snap, visit response $n_qr"
fi
fhir_alert=$(q "select payload from outbox where urgent=1 and kind='fhir' and visit_uuid='$uuid'")
if echo "$fhir_alert" | grep -q '"resourceType":"Communication"' && echo "$fhir_alert" | grep -q '"priority":"stat"' &&
   echo "$fhir_alert" | grep -q '"code":"alert"' && [ "$(q "select state from outbox where urgent=1 and visit_uuid='$uuid' and kind='fhir'")" = sent ]; then
	ok "the FHIR alert is a stat Communication (category alert) and was acknowledged by the server"
else
	nok "the FHIR alert is a stat Communication" "$(echo "$fhir_alert" | cut -c1-200)"
fi
hl7_alert=$(q "select payload from outbox where urgent=1 and kind='hl7' and visit_uuid='$uuid'" | tr '\r' '\n')
ctrl=$(echo "$hl7_alert" | grep '^MSH' | cut -d'|' -f10)
if [ -n "$ctrl" ] && grep -qx "$ctrl" "$HL7_DIR/mllp.log" 2>/dev/null && [ -s "$HL7_DIR/msgs/$ctrl.json" ] &&
   echo "$hl7_alert" | grep -q '^OBX|1|CWE|se-which^.*|||AA|||F|' && [ "$(head -1 "$HL7_DIR/mllp.log")" = "$ctrl" ] &&
   [ "$(wc -l < "$HL7_DIR/mllp.log")" = 3 ]; then
	ok "the HL7 alert (OBX abnormal flag AA) was parsed and acknowledged by the HL7 library first, then both visits' ORUs"
else
	nok "the HL7 alert was parsed and acknowledged by the HL7 library" "ctrl=$ctrl $(cat "$HL7_DIR/mllp-all.log" 2>/dev/null | tr '\n' ' ')"
fi
# staff mode: the alerted visit first in Recent visits
first=$(sed -n '/^Recent visits (code, time, state):/{n;p;q}' "$OUT/walk.out")
if echo "$first" | grep -q "^$code .*SAFETY ALERT, left before finishing"; then
	ok "staff mode shows the kept visit at the top of recent visits, marked SAFETY ALERT"
else
	nok "staff mode shows the kept visit at the top of recent visits" "$first"
fi

# 2. staff acknowledge it: the attract sign goes
cat > "$OUT/ack.script" <<EOS
shot $OUT/attract-still.png
hold 10 10 3
tap "2"
tap "4"
tap "6"
tap "8"
tap "1"
tap "3"
tap "5"
tap "7"
tap "OK"
tap "Recent visits"
EOS
echo "$code" | sed 's/./&\n/g' | grep . | sed 's/^\(.\)$/tap "\1"/' >> "$OUT/ack.script"
printf 'tap "▼"\ntap "▼"\ntap "Acknowledge safety alert"\nexpect "Safety alert acknowledged."\ntap "Menu"\ntap "Exit"\nexpect "Touch to start"\nshot %s/attract-acked.png\n' "$OUT" >> "$OUT/ack.script"
if "$ACCORD" --headless --script "$OUT/ack.script" --data "$OUT/data" --assets assets --config tests/data/safety.conf \
	> /dev/null 2> "$OUT/ack.err" && [ "$(q "select count(*) from visit where safety_ack is not null")" = 1 ]; then
	ok "staff acknowledge the alert by its visit code"
else
	nok "staff acknowledge the alert by its visit code" "$(grep -v scoring "$OUT/ack.err" | tail -3)"
fi
# the sign: a small patch in the staff corner, in the first shots, gone after the acknowledgement
box=$(compare "$OUT/attract-alert.png" "$OUT/attract-acked.png" -compose src -highlight-color white -lowlight-color black png:- 2>/dev/null |
	convert png:- -trim -format '%w %h %X %Y' info: 2>/dev/null | tr -d '+')
same=$(compare -metric AE "$OUT/attract-alert.png" "$OUT/attract-still.png" null: 2>&1)
set -- $box
if [ "$same" = 0 ] && [ $# -eq 4 ] && [ "$1" -gt 4 ] && [ "$1" -le 40 ] && [ "$2" -le 40 ] && [ "$3" -le 40 ] && [ "$4" -le 40 ]; then
	ok "the attract screen shows staff a small sign while an alert waits, only in the staff corner, and not after it is acknowledged"
else
	nok "the attract screen shows staff a sign while an alert waits" "diff box: $box; same-as-before: $same"
fi
if ! grep -qiE "breath|respir" "$OUT/walk.err" "$OUT/ack.err"; then ok "the safety answer is not in the logs"
else nok "the safety answer is not in the logs" "$(grep -iE 'breath|respir' "$OUT/walk.err" | head -2)"; fi

# 3. a crash mid-visit with a safety answer: kept and alerted at the next start
printf 'tap "Touch to start"\ntap "English"\ntap "Start"\ntap "1"\ntap "Next"\ntap "1"\ntap "Next"\ntap "1"\ntap "Next"\ntap "Feeling very sleepy"\n' > "$OUT/crash.script"
"$ACCORD" --headless --script "$OUT/crash.script" --data "$OUT/crash" --assets assets --config tests/data/safety.conf > /dev/null 2>&1
before=$(sqlite3 "$OUT/crash/accord.db" "select count(*) from visit where completed is null" 2>/dev/null)
printf 'expect "Touch to start"\n' > "$OUT/restart.script"
"$ACCORD" --headless --script "$OUT/restart.script" --data "$OUT/crash" --assets assets --config tests/data/safety.conf > /dev/null 2> "$OUT/restart.err"
if [ "$before" = 1 ] && [ "$(sqlite3 "$OUT/crash/accord.db" "select count(*) from visit v join alert a on a.visit_uuid=v.uuid where v.partial=1 and a.rule_id='sleepiness'")" = 1 ] &&
   sqlite3 "$OUT/crash/accord.db" "select summary from visit" | grep -q "^!! SAFETY: Very sleepy"; then
	ok "a crash mid-visit with a safety answer: at the next start the visit is kept as partial with its alert and summary"
else
	nok "a crash mid-visit with a safety answer is kept at the next start" "before=$before $(grep -v scoring "$OUT/restart.err" | tail -2)"
fi
exit 0
