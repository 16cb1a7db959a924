#!/bin/sh
# tests/check_fhir_engine.sh - every FHIR export is judged by a real engine:
# each transaction the outbox would send is POSTed twice to Medplum's FHIR
# engine (tests/servers/fhir-server.js: validation of every resource and
# entry, transactions, the engine's own ifNoneExist) and every resource is
# then counted there once; whole-visit Bundles go through Medplum's
# validator. Visits: minimal (PEG only, English), the full built-in set
# with the agreement in English and in Spanish, patient identification in
# Spanish (headless runs of the app), and tests/unit/export_test.c's fixed
# visit and safety_test.c's alert in all three identify modes
# (build/test-out/fhir/). A deliberately
# broken transaction must be refused, so an engine that takes anything fails.
set -u
cd "$(dirname "$0")/.."
. tests/lib/servers.sh
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/fhir-engine
rm -rf "$OUT"; mkdir -p "$OUT"
servers_start "$OUT/servers" || { echo "not ok - the test FHIR engine starts: see $OUT/servers/fhir.log"; exit 1; }
run() {   # name config script-file
	rm -rf "$OUT/$1.data"
	{ cat "$3"; echo "export-fhir-tx $OUT/$1-tx"; echo "export-fhir $OUT/$1-whole.json"; } > "$OUT/$1.script"
	if "$ACCORD" --headless --script "$OUT/$1.script" --data "$OUT/$1.data" --assets assets --config "$2" \
		> /dev/null 2> "$OUT/$1.err" && [ -f "$OUT/$1-tx-1.json" ]; then
		echo "ok - the $1 visit exports its FHIR transactions"
	else
		echo "not ok - the $1 visit exports its FHIR transactions: $(tail -2 "$OUT/$1.err")"
	fi
}
sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script > "$OUT/minimal.in"
run minimal tests/data/peg-only.conf "$OUT/minimal.in"
for l in en:English es:Español; do
	sed -e '/^shot @DIR@\/handoff/,$d' -e '/^shot /d' -e '/^layout-ok/d' -e "s#@LANG@#${l%%:*}#g" -e "s#@LANGNAME@#${l#*:}#g" \
		tests/scripts/screens.script.in > "$OUT/full-${l%%:*}.in"
	run "full-${l%%:*}" tests/data/screens.conf "$OUT/full-${l%%:*}.in"
done
sed -n '1,/^summary /p' tests/scripts/identify.script | grep -v '^summary\|^shot\|^layout-ok' > "$OUT/patient.in"
run patient tests/data/identify.conf "$OUT/patient.in"

tx=$(ls "$OUT"/*-tx-*.json build/test-out/fhir/tx-*.json 2>/dev/null)
if [ "$(echo "$tx" | grep -c 'build/test-out/fhir/tx-')" -lt 3 ]; then
	echo "not ok - export_test wrote the fixed visit's transactions (run the unit tests first)"
fi
python3 tests/lib/fhir_post.py "$FHIR_URL" "$TEST_CA" $tx
rc=$?
node tests/servers/fhir-validate.js "$OUT"/*-whole.json build/test-out/fhir/bundle-*.json docs/examples/visit-bundle.json || rc=1
# Negative control: the engine refuses a transaction with a duplicate fullUrl (bdl-7).
python3 - "$OUT/minimal-tx-1.json" "$OUT/broken.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
b["entry"][1]["fullUrl"] = b["entry"][0]["fullUrl"]
json.dump(b, open(sys.argv[2], "w"))
PY
if python3 tests/lib/fhir_post.py "$FHIR_URL" "$TEST_CA" "$OUT/broken.json" > "$OUT/broken.log" 2>&1; then
	echo "not ok - the FHIR engine refuses a transaction with a duplicate fullUrl"
	rc=1
elif grep -q "bdl-7" "$OUT/broken.log"; then
	echo "ok - the FHIR engine refuses a transaction with a duplicate fullUrl"
else
	echo "not ok - the FHIR engine refuses a transaction with a duplicate fullUrl: $(cat "$OUT/broken.log")"
	rc=1
fi
servers_stop
exit $rc
