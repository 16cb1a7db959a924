#!/bin/sh
# Running many kiosks against the clinic's FHIR server (the real Medplum
# engine of tests/servers, HTTPS on 127.0.0.1): the kiosk pulls a signed
# content set published as a FHIR Binary and the Questionnaires it names by
# canonical URL and version, and serves them after a restart; heartbeats
# (Device + Observation, no patient data) pass the engine's validator and
# the R4 JSON schema; `accord fleet` lists two kiosks, one of them stale,
# and one stuck with an old unsent message, and exits non-zero for them.
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/fleet-fhir
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
check() { if [ "$2" -eq 0 ]; then ok "$1"; else nok "$1" "$3"; fi; }
. tests/lib/servers.sh
trap 'servers_stop' EXIT INT TERM
servers_start "$OUT/servers" || { nok "the FHIR test server starts" "see $OUT/servers"; exit 0; }
api() {   # METHOD PATH [FILE]: the engine's answer on stdout
	if [ -n "${3:-}" ]; then
		curl -s --max-time 30 --cacert "$TEST_CA" -X "$1" -H 'Content-Type: application/fhir+json' --data-binary @"$3" "$FHIR_URL$2"
	else
		curl -s --max-time 30 --cacert "$TEST_CA" -G "$FHIR_URL$2"
	fi
}
jq_() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# The clinic keeps its own Questionnaire on its server, in two versions.
for v in 1 2; do
	python3 - "$v" > "$OUT/checkin-$v.json" <<'PY'
import json, sys
v = sys.argv[1]
text = {"1": "Did you bring your pill bottles?", "2": "Did you bring your list of medicines?"}[v]
print(json.dumps({"resourceType": "Questionnaire", "url": "http://clinic.example.org/Questionnaire/checkin",
    "version": v, "name": "Checkin", "title": "Check-in", "status": "active", "language": "en",
    "item": [{"linkId": "meds-list", "text": text, "type": "boolean", "required": True}]}))
PY
	api POST Questionnaire "$OUT/checkin-$v.json" > /dev/null
done
api POST Questionnaire assets/questionnaires/peg.json > /dev/null

# The content set: strings and agreement as signed files, the forms by canonical URL and version.
SRC=$OUT/src
mkdir -p "$SRC/questionnaires"
cp -r assets/agreement assets/strings "$SRC/"
printf '{"forms": ["checkin.json", "peg.json"]}\n' > "$SRC/questionnaires/order.json"
python3 - > "$SRC/questionnaires/scoring.json" <<'PY'
import json
d = json.load(open("assets/questionnaires/scoring.json"))
d["scores"] = [s for s in d["scores"] if s["form"] == "urn:accord:questionnaire:peg"]
print(json.dumps(d, indent=1))
PY
# the safety table travels with the set (required); its rules for the forms in this set: none
python3 - > "$SRC/questionnaires/safety.json" <<'PY'
import json
d = json.load(open("assets/questionnaires/safety.json"))
d["rules"] = [r for r in d["rules"] if r["form"] == "urn:accord:questionnaire:peg"]
print(json.dumps(d, indent=1))
PY
cat > "$SRC/content.json" <<'EOF2'
{"version": "clinic-7",
 "questionnaires": [
  {"file": "checkin.json", "url": "http://clinic.example.org/Questionnaire/checkin", "version": "2"},
  {"file": "peg.json", "url": "urn:accord:questionnaire:peg", "version": "1.0.0"}],
 "settings": {"agreement": "off", "clinic_name": "Riverside Pain Clinic"}}
EOF2
"$ACCORD" content keygen "$OUT/key" > /dev/null
"$ACCORD" content sign --key "$OUT/key" --out "$OUT/set.json" "$SRC" 2> "$OUT/sign.err" || nok "content sign" "$(tail -3 "$OUT/sign.err")"
"$ACCORD" content binary "$OUT/set.json" > "$OUT/binary.json"
bin=$(api POST Binary "$OUT/binary.json" | jq_ 'd.get("id", "")')
check "the signed set is stored on the FHIR server as a Binary" $([ -n "$bin" ]; echo $?) "no id"

kiosk_conf() {   # NAME: a kiosk's accord.conf
	cat <<EOF2
kiosk_name = $1
clinic_name = Fleet Test Clinic
fhir_base_url = $FHIR_URL
fhir_ca_file = $(case $TEST_CA in /*) echo "$TEST_CA" ;; *) echo "$PWD/$TEST_CA" ;; esac)
content_source = Binary/$bin
content_public_key = $(cat "$OUT/key.pub")
EOF2
}
kiosk_conf fleet-lobby > "$OUT/lobby.conf"
"$ACCORD" content pull --config "$OUT/lobby.conf" --data "$OUT/lobby" > "$OUT/pull.out" 2>&1
check "content pull takes the signed set from the FHIR Binary and the forms by canonical URL" \
	$([ $? -eq 0 ] && grep -q "clinic-7 fetched and checked" "$OUT/pull.out"; echo $?) "$(cat "$OUT/pull.out")"
check "the form pulled is the version the set names, not another one" \
	$(grep -q "list of medicines" "$OUT/lobby/content/sets/clinic-7/questionnaires/checkin.json" && \
	  ! grep -q "pill bottles" "$OUT/lobby/content/sets/clinic-7/questionnaires/checkin.json"; echo $?) \
	"$(ls -R "$OUT/lobby/content" | head)"
cat > "$OUT/visit.script" <<'EOF2'
tap "Touch to start"
tap "English"
tap "Start"
expect "Did you bring your list of medicines?"
expect-not "pill bottles"
EOF2
"$ACCORD" --headless --script "$OUT/visit.script" --data "$OUT/lobby" --assets assets --config "$OUT/lobby.conf" \
	> /dev/null 2> "$OUT/lobby.err"
check "after a restart the kiosk asks the clinic's own questionnaire from its server" $? "$(tail -3 "$OUT/lobby.err")"

# A set naming a version the server does not have is not staged; the live set stays.
sed -i 's/"version": "2"}/"version": "9"}/; s/"clinic-7"/"clinic-8"/' "$SRC/content.json"
"$ACCORD" content sign --key "$OUT/key" --out "$OUT/set8.json" "$SRC" 2> /dev/null
"$ACCORD" content binary --id "$bin" "$OUT/set8.json" > "$OUT/binary8.json"
python3 - "$OUT/binary8.json" "$bin" > "$OUT/update8.json" <<'PY'
import json, sys   # IT replaces the Binary in place (a transaction with one PUT)
b = json.load(open(sys.argv[1]))
print(json.dumps({"resourceType": "Bundle", "type": "transaction",
    "entry": [{"resource": b, "request": {"method": "PUT", "url": "Binary/" + sys.argv[2]}}]}))
PY
api POST "" "$OUT/update8.json" > "$OUT/update8.out"
"$ACCORD" content pull --config "$OUT/lobby.conf" --data "$OUT/lobby" > "$OUT/pull8.out" 2>&1
check "a set naming a questionnaire version the server lacks is not staged" \
	$([ $? -ne 0 ] && grep -q "version 9: the server has none" "$OUT/pull8.out" && [ ! -e "$OUT/lobby/content/next" ] && \
	  [ "$(cat "$OUT/lobby/content/current")" = clinic-7 ]; echo $?) "$(cat "$OUT/pull8.out")"

# Heartbeats: fleet-lobby (content clinic-7), fleet-infusion, and fleet-satellite with an old unsent visit.
kiosk_conf fleet-infusion > "$OUT/infusion.conf"
kiosk_conf fleet-satellite > "$OUT/satellite.conf"
{ cat tests/data/peg-only.conf; echo "kiosk_name = fleet-satellite"; echo "fhir_base_url = https://127.0.0.1:9/"; } > "$OUT/offline.conf"
sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script > "$OUT/done.script"
"$ACCORD" --headless --script "$OUT/done.script" --data "$OUT/satellite" --assets assets --config "$OUT/offline.conf" \
	> /dev/null 2> "$OUT/satellite.err"
sqlite3 "$OUT/satellite/accord.db" "update outbox set created = created - 7200" 2>> "$OUT/satellite.err"
"$ACCORD" heartbeat --config "$OUT/infusion.conf" --data "$OUT/infusion" > "$OUT/hb-infusion.out" 2>&1
sleep 12
"$ACCORD" heartbeat --config "$OUT/lobby.conf" --data "$OUT/lobby" > "$OUT/hb-lobby.out" 2>&1 &&
"$ACCORD" heartbeat --config "$OUT/lobby.conf" --data "$OUT/lobby" >> "$OUT/hb-lobby.out" 2>&1
check "heartbeats are accepted by the FHIR engine (validated on arrival)" \
	$(grep -q "heartbeat sent" "$OUT/hb-infusion.out" && [ "$(grep -c "heartbeat sent" "$OUT/hb-lobby.out")" = 2 ]; echo $?) \
	"$(cat "$OUT/hb-infusion.out" "$OUT/hb-lobby.out"; tail -2 "$FHIR_DIR/posts.log")"
"$ACCORD" fleet --fhir "$FHIR_URL" --ca "$TEST_CA" --clinic "Fleet Test Clinic" --stale-minutes 0.15 > "$OUT/fleet.out" 2>&1; rc=$?
check "accord fleet lists both kiosks and exits 1 when one is stale" \
	$([ $rc -eq 1 ] && grep -qE '^fleet-infusion +STALE' "$OUT/fleet.out" && grep -qE '^fleet-lobby +ok .* clinic-7' "$OUT/fleet.out"; echo $?) \
	"rc=$rc $(cat "$OUT/fleet.out")"
api GET "Device?identifier=urn:accord:id:kiosk|fleet-lobby" > "$OUT/devices.json"
devid=$(jq_ 'd["entry"][0]["resource"]["id"]' < "$OUT/devices.json" 2>/dev/null)
api GET "Observation?device=Device/$devid&_count=100" > "$OUT/observations.json"
python3 - "$OUT/devices.json" "$OUT/observations.json" "$OUT" > "$OUT/shape.out" 2>&1 <<'PY'
import json, sys
devs = [e["resource"] for e in json.load(open(sys.argv[1])).get("entry", [])]
obs = [e["resource"] for e in json.load(open(sys.argv[2])).get("entry", [])]
assert len(devs) == 1, "one Device per kiosk, updated in place: %d" % len(devs)
d = devs[0]
assert d["identifier"] == [{"system": "urn:accord:id:kiosk", "value": "fleet-lobby"}]
vers = {v["type"]["coding"][0]["code"]: v["value"] for v in d["version"]}
assert vers["content-version"] == "clinic-7", vers
props = {p["type"]["coding"][0]["code"] for p in d["property"]}
want = {"uptime", "outbox-waiting", "outbox-rejected", "outbox-oldest-age", "disk-free", "error-class"}
assert props == want, props
mine = [o for o in obs if o["device"]["reference"] == "Device/" + d["id"]]
assert len(mine) == 2, "one Observation per heartbeat: %d" % len(mine)
o = mine[0]
codes = {c["code"]["coding"][0]["code"] for c in o["component"]}
assert codes == want | {"app-version", "content-version"}, codes
assert o["status"] == "final" and o["effectiveDateTime"].endswith("Z")
# nothing else rides along: no subject, no patient, no free text beyond the fixed labels
for r in (d, o):
    assert "subject" not in r and "patient" not in r and "note" not in r, r.keys()
json.dump(d, open(sys.argv[3] + "/device.json", "w"))
json.dump(o, open(sys.argv[3] + "/observation.json", "w"))
print("shape ok")
PY
check "the heartbeat is one Device per kiosk and one Observation per beat, with the agreed figures only" $? "$(tail -3 "$OUT/shape.out")"
node tests/node/validate-fhir.js "$OUT/device.json" "$OUT/observation.json" > "$OUT/schema.out" 2>&1
check "the heartbeat's Device and Observation pass the FHIR R4 JSON schema" $? "$(grep 'not ok' "$OUT/schema.out" | head -3)"
grep -hoE '"(P7|Did you bring|list of medicines|7 — Change)' "$OUT/devices.json" "$OUT/observations.json" > /dev/null
check "no patient answers or form text in the heartbeats" $([ $? -ne 0 ]; echo $?) "found"

"$ACCORD" fleet --fhir "$FHIR_URL" --ca "$TEST_CA" --clinic "Fleet Test Clinic" > "$OUT/fleet-ok.out" 2>&1
check "accord fleet exits 0 when every kiosk was heard from recently" $? "$(cat "$OUT/fleet-ok.out")"
"$ACCORD" heartbeat --config "$OUT/satellite.conf" --data "$OUT/satellite" > "$OUT/hb-satellite.out" 2>&1
"$ACCORD" fleet --fhir "$FHIR_URL" --ca "$TEST_CA" --clinic "Fleet Test Clinic" > "$OUT/fleet-stuck.out" 2>&1; rc=$?
check "a kiosk whose oldest unsent message is two hours old is STUCK and fleet exits 1" \
	$([ $rc -eq 1 ] && grep -qE '^fleet-satellite +STUCK .* 1 +0 +2h' "$OUT/fleet-stuck.out"; echo $?) \
	"rc=$rc $(cat "$OUT/hb-satellite.out" "$OUT/fleet-stuck.out" "$OUT/satellite.err" | tail -8)"
"$ACCORD" fleet --fhir "https://127.0.0.1:9/" --ca "$TEST_CA" > /dev/null 2>&1
check "accord fleet exits 3 when the server cannot be reached" $([ $? -eq 3 ]; echo $?) "other exit code"

# The running kiosk (the real event loop, drawing off screen): its own worker
# thread finds a new set, it goes live on the attract screen (between
# visits) by starting again, and the next heartbeat reports it.
sed -i 's/"version": "9"}/"version": "1"}/; s/"clinic-8"/"clinic-9"/' "$SRC/content.json"
"$ACCORD" content sign --key "$OUT/key" --out "$OUT/set9.json" "$SRC" 2> /dev/null
"$ACCORD" content binary --id "$bin" "$OUT/set9.json" > "$OUT/binary9.json"
python3 - "$OUT/binary9.json" "$bin" > "$OUT/update9.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
print(json.dumps({"resourceType": "Bundle", "type": "transaction",
    "entry": [{"resource": b, "request": {"method": "PUT", "url": "Binary/" + sys.argv[2]}}]}))
PY
api POST "" "$OUT/update9.json" > /dev/null
{ cat "$OUT/lobby.conf"; echo "heartbeat_minutes = 1"; } > "$OUT/live.conf"
mkdir -p "$OUT/run"
: > "$OUT/live.err"
RUNTIME_DIRECTORY=$PWD/$OUT/run "$ACCORD" --config "$OUT/live.conf" --data "$OUT/lobby" --assets assets > /dev/null 2> "$OUT/live.err" &
live=$!
i=0
while [ $i -lt 90 ] && ! grep -q "content clinic-9 is live" "$OUT/live.err"; do sleep 0.5; i=$((i + 1)); done
i=0
while [ $i -lt 30 ]; do
	"$ACCORD" fleet --fhir "$FHIR_URL" --ca "$TEST_CA" --clinic "Fleet Test Clinic" > "$OUT/fleet-live.out" 2>&1
	grep -qE '^fleet-lobby .* clinic-9 ' "$OUT/fleet-live.out" && break
	sleep 0.5; i=$((i + 1))
done
[ -e "$OUT/run/between-visits" ]; flag=$?
kill $live 2>/dev/null; wait $live 2>/dev/null
check "on the attract screen the kiosk tells the image's updater it is between visits" $flag "no $OUT/run/between-visits"
check "a running kiosk fetches a new set itself, applies it between visits by starting again, and reports it" \
	$(grep -q "a new set goes live now, between visits" "$OUT/live.err" && grep -q "content clinic-9 is live" "$OUT/live.err" && \
	  grep -qE '^fleet-lobby .* clinic-9 ' "$OUT/fleet-live.out"; echo $?) "$(tail -5 "$OUT/live.err"; cat "$OUT/fleet-live.out")"
