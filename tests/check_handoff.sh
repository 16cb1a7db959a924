#!/bin/sh
# Network handoff from the whole app against real engines (tests/servers/:
# Medplum's FHIR engine over HTTPS, Medplum's HL7 MLLP listener; started
# through tests/lib/servers.sh or reused from the run). Headless visits
# complete; the outbox sender delivers each visit's FHIR transactions and
# its ORU exactly once - counted on the engine by identifier - when the
# servers are down at first, across a restart, a kill -9 in the middle of a
# send, and past a message the engine refuses.
set -u
cd "$(dirname "$0")/.."
. tests/lib/servers.sh
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/handoff
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
DB="$OUT/data/accord.db"
q() { sqlite3 "$DB" "$1"; }
conf() {   # FHIR_PORT HL7_PORT
	{
		cat tests/data/peg-only.conf
		echo "fhir_base_url = https://127.0.0.1:$1/fhir"
		echo "fhir_ca_file = $TEST_CA"
		echo "hl7_host = 127.0.0.1"
		echo "hl7_port = $2"
		echo "hl7_tls = yes"
		echo "hl7_ca_file = $TEST_CA"
	} > "$OUT/net.conf"
}
visit() {   # name extra-script-lines
	{ sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script; echo 'summary '"$OUT/$1.summary"; printf '%b' "$2"; } > "$OUT/$1.script"
	"$ACCORD" --headless --script "$OUT/$1.script" --data "$OUT/data" --assets assets --config "$OUT/net.conf" \
		> /dev/null 2> "$OUT/$1.err"
}
# Every FHIR resource of every visit exists once on the engine (by the
# identifier its conditional create names).
each_once() {
	rm -rf "$OUT/tx"; mkdir -p "$OUT/tx"
	i=0
	q "select payload from outbox where kind='fhir' and state='sent'" | while IFS= read -r line; do
		i=$((i + 1)); printf '%s\n' "$line" > "$OUT/tx/$i.json"
	done
	python3 tests/lib/fhir_post.py --count-only "$FHIR_URL" "$TEST_CA" "$OUT"/tx/*.json > "$OUT/counts.log" 2>&1
}

servers_start "$OUT/servers" || { nok "the test servers start" "see $OUT/servers/*.log"; exit 0; }
# a port where nothing listens: one the system just gave and took back
dport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# 1. servers unreachable: the visit completes anyway and waits in the outbox
conf "$dport" "$dport"
if visit first "" && [ "$(q "select count(*) from outbox where state != 'sent'")" -ge 2 ]; then
	ok "with the clinic servers down a completed visit waits in the outbox (FHIR and HL7)"
else
	nok "with the clinic servers down a completed visit waits in the outbox (FHIR and HL7)" "$(tail -3 "$OUT/first.err")"
fi
# 2. servers up, app restarted: the waiting visit and a new one are delivered, in order
conf "$FHIR_PORT" "$HL7_TLS_PORT"
if visit second 'wait-sent 30\n'; then
	ok "after a restart the waiting visit and the next one are delivered over HTTPS and MLLP over TLS"
else
	nok "after a restart the waiting visit and the next one are delivered over HTTPS and MLLP over TLS" "$(grep -v scoring "$OUT/second.err" | tail -3)"
fi
if each_once && [ "$(grep -c '^ok' "$OUT/counts.log")" -ge 2 ] && ! grep -q '^not ok' "$OUT/counts.log"; then
	ok "each visit's resources exist exactly once on the FHIR engine"
else
	nok "each visit's resources exist exactly once on the FHIR engine" "$(head -3 "$OUT/counts.log")"
fi
# (the kiosk's heartbeat posts to the same server: only the outbox's transactions count)
order=$(awk '$3 ~ /^2/ && $5 ~ /^[0-9a-f-]+\.[0-9]+$/ {print $5}' "$FHIR_DIR/posts.log" | tr '\n' ' ')
want=$(q "select visit_uuid from outbox where kind='fhir' order by id" | tr '\n' ' ')
got=$(for t in $order; do echo "${t%.*}"; done | tr '\n' ' ')
if [ -n "$order" ] && [ "$got" = "$want" ]; then ok "the visits reached the engine in order"
else nok "the visits reached the engine in order" "got $got; want $want"; fi
if [ "$(wc -l < "$HL7_DIR/mllp.log" 2>/dev/null)" = 2 ] && [ "$(ls "$HL7_DIR/msgs" | wc -l)" = 2 ]; then
	ok "each visit's ORU^R01 was parsed by the HL7 library and acknowledged once"
else
	nok "each visit's ORU^R01 was parsed by the HL7 library and acknowledged once" "$(cat "$HL7_DIR/mllp-all.log" 2>/dev/null)"
fi
# What the HL7 library parsed: PID-3 is the visit uuid (not the short code),
# PV1-19 the code, one OBX for pain now at most.
first=$(q "select uuid || ' ' || code from visit order by completed, rowid limit 1")
if python3 - "$HL7_DIR/msgs" $first <<'PY'
import glob, json, sys
d, uuid, code = sys.argv[1:4]
ctrl = "".join(c for c in uuid if c.isalnum())[:20]
segs = json.load(open("%s/%s.json" % (d, ctrl)))
seg = {s[0]: s for s in segs}
assert seg["PID"][3][-1][0] == uuid, seg["PID"][3]
assert seg["PV1"][19][0][0] == code, seg["PV1"][19]
assert sum(1 for s in segs if s[0] == "OBX" and s[3][0][0] in ("72514-3", "pain-now")) <= 1
PY
then ok "the HL7 library reads the visit uuid in PID-3 and the short code in PV1-19"
else nok "the HL7 library reads the visit uuid in PID-3 and the short code in PV1-19" "see $HL7_DIR/msgs"; fi
# 3. running again sends nothing twice
txposts() { awk '$5 ~ /^[0-9a-f-]+\.[0-9]+$/' "$FHIR_DIR/posts.log" | wc -l; }   # not the heartbeat
posts=$(txposts)
printf 'wait-sent 5\n' > "$OUT/idle.script"
"$ACCORD" --headless --script "$OUT/idle.script" --data "$OUT/data" --assets assets --config "$OUT/net.conf" > /dev/null 2>&1
if [ "$(txposts)" = "$posts" ]; then ok "a later start sends nothing again"
else nok "a later start sends nothing again" "$(tail -3 "$FHIR_DIR/posts.log")"; fi

# 4. kill -9 while the engine is answering (it has saved): the restarted app
# sends again and the engine's ifNoneExist keeps one copy
fhir_fault "slow 6"
{ sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script; echo 'wait-sent 30'; } > "$OUT/killed.script"
"$ACCORD" --headless --script "$OUT/killed.script" --data "$OUT/data" --assets assets --config "$OUT/net.conf" \
	> /dev/null 2> "$OUT/killed.err" &
app=$!
i=0; while [ -s "$FHIR_DIR/faults" ] && [ $i -lt 200 ]; do i=$((i + 1)); sleep 0.1; done
sleep 1
kill -9 $app 2>/dev/null; wait $app 2>/dev/null
unsent=$(q "select count(*) from outbox where kind='fhir' and state != 'sent'")
visit after-kill 'wait-sent 30\n'
if [ "$unsent" -ge 1 ] && each_once && ! grep -q '^not ok' "$OUT/counts.log" && [ "$(q "select count(*) from outbox where state != 'sent'")" = 0 ]; then
	ok "after a kill -9 in the middle of a send the restarted kiosk resends and the engine holds one copy"
else
	nok "after a kill -9 in the middle of a send the restarted kiosk resends and the engine holds one copy" \
		"unsent at kill: $unsent; $(grep '^not ok' "$OUT/counts.log" | head -2)"
fi

# 5. a message the engine refuses is set aside with its reason; the next visit flows
fhir_fault invalid
hl7_fault AR
visit refused 'wait-sent 30\n'
visit next 'wait-sent 30\n'
rej=$(q "select count(*) from outbox where state='rejected'")
reason=$(q "select last_error from outbox where state='rejected' and kind='fhir'")
nextsent=$(q "select count(*) from outbox o join visit v on v.uuid=o.visit_uuid where o.state='sent' and v.uuid=(select uuid from visit order by completed desc, rowid desc limit 1)")
if [ "$rej" = 2 ] && [ -n "$reason" ] && [ "$nextsent" -ge 2 ]; then
	ok "a refused FHIR transaction and a refused ORU are set aside with the server's reason and the next visit is delivered"
else
	nok "a refused FHIR transaction and a refused ORU are set aside with the server's reason and the next visit is delivered" \
		"rejected $rej, reason '$reason', next visit sent rows $nextsent"
fi
if grep -q -- "$(echo "$reason" | cut -c1-20)" "$OUT"/*.err; then nok "the server's reason stays out of the logs" "found in a log"
else ok "the server's reason stays out of the logs"; fi

# 6. staff mode: the refusals in plain words, "Send refused again", and the
# connection test on a worker (the screen answers at once, the result comes later)
{ cat tests/data/staff.conf; grep -E '^(fhir_|hl7_)' "$OUT/net.conf"; } > "$OUT/staff.conf"
cat > "$OUT/staff.script" <<'EOS'
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
expect "Staff mode"
expect "2 refused"
expect "Refused by the"
key Down
key Down
key Down
tap "Send refused again"
expect "2 refused messages will be sent again now."
tap "Menu"
key Down
key Down
key Down
tap "Test connection"
expect "Testing the connection"
tap "Menu"
wait-sent 30
advance 1
expect "0 refused"
expect "Connection test ("
expect "FHIR server answered (200)"
EOS
echo "shot $OUT/staff-outbox.png" >> "$OUT/staff.script"
if "$ACCORD" --headless --script "$OUT/staff.script" --data "$OUT/data" --assets assets --config "$OUT/staff.conf" \
	> /dev/null 2> "$OUT/staff.err" && [ "$(q "select count(*) from outbox where state != 'sent'")" = 0 ] && each_once &&
	! grep -q '^not ok' "$OUT/counts.log"; then
	ok "staff see the refusals, send them again once, and test the connection without waiting on it"
else
	nok "staff see the refusals, send them again once, and test the connection without waiting on it" "$(tail -2 "$OUT/staff.err")"
fi

# 7. cleartext: an http:// FHIR URL sends nothing, and staff read why in red
{ cat tests/data/staff.conf; echo "fhir_base_url = http://127.0.0.1:$FHIR_PORT/fhir"; } > "$OUT/insecure.conf"
{ sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script; printf 'tap "Finish"\nhold 10 10 3\ntap "2"\ntap "4"\ntap "6"\ntap "8"\ntap "1"\ntap "3"\ntap "5"\ntap "7"\ntap "OK"\n'
  echo 'expect "fhir_base_url is http://, so nothing is sent"'; echo "shot $OUT/staff-insecure.png"; } > "$OUT/insecure.script"
before=$(txposts)
if "$ACCORD" --headless --script "$OUT/insecure.script" --data "$OUT/insecure.data" --assets assets --config "$OUT/insecure.conf" \
	> /dev/null 2> "$OUT/insecure.err" && [ "$(txposts)" = "$before" ] &&
	[ "$(sqlite3 "$OUT/insecure.data/accord.db" "select count(*) from outbox where state='sent'")" = 0 ]; then
	ok "an http:// FHIR address sends nothing unless allow_insecure is set, and staff are told"
else
	nok "an http:// FHIR address sends nothing unless allow_insecure is set, and staff are told" "$(tail -2 "$OUT/insecure.err")"
fi

if grep -hE "P7|PEG 7|Núñez" "$OUT"/*.err > /dev/null; then nok "no patient answers in the logs of a networked visit" "found"
else ok "no patient answers in the logs of a networked visit"; fi
servers_stop
