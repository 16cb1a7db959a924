// tests/servers/hl7-server.js - a test-only HL7 v2 MLLP listener on
// 127.0.0.1 made of Medplum's HL7 library (npm @medplum/hl7 Hl7Connection
// for the MLLP framing, @medplum/core Hl7Message for the parsing and the
// ACK). Plain MLLP on --port; MLLP over TLS on --tls-port (the same
// connection class on a TLS socket). The sockets are ours only because the
// library's Hl7Server listens on every interface and tests stay on
// loopback. Nothing here parses HL7 by hand.
//
// Usage: node hl7-server.js --dir DIR --port P [--tls-port Q --cert PEM
//          --key PEM] [--lifetime S] [--parent PID]
// Writes DIR/ready ("<port> <tls port>") once listening.
// Each message is checked: MSH-9 ORU^R01, then PID, OBR and at least one
// OBX, each OBX with a value type (OBX-2), an identifier (OBX-3) and a
// result status (OBX-11). Failing that: AE with the reason in ERR-8.
// Fault injection per message, first line of DIR/faults:
//   AE, AR     negative ACK (nothing accepted)
//   noack      read the message, never answer, close after 3 s
//   close      accept the message, then close without an answer
// Logs: DIR/mllp-all.log "<control id> <fault or -> <ack code> <segments>"
// for every message; DIR/mllp.log the control id of each message the first
// time it is accepted (AA); DIR/msgs/<control id>.json the library's parse
// of each accepted message: [[segment name, field 1, ...], ...], each field
// as the library's repetitions x components arrays.
// Stops by itself after --lifetime seconds or when --parent is gone.
'use strict';
const fs = require('fs');
const path = require('path');
const net = require('net');
const tls = require('tls');
const { takeFault, exitWithParent } = require('./faults');
const need = require('module').createRequire(path.join(__dirname, '..', 'node', 'package.json'));
const { Hl7Connection } = need('@medplum/hl7');
const { Hl7Segment } = need('@medplum/core');

function arg(name, dflt) {
	const i = process.argv.indexOf('--' + name);
	return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const dir = arg('dir');
const port = Number(arg('port', '0'));
const tlsPort = arg('tls-port');
const lifetime = Number(arg('lifetime', '600'));
const parent = Number(arg('parent', '0'));
if (!dir) {
	console.error('usage: hl7-server.js --dir DIR --port P [--tls-port Q --cert PEM --key PEM] [--lifetime S] [--parent PID]');
	process.exit(2);
}
fs.mkdirSync(path.join(dir, 'msgs'), { recursive: true });

// What is wrong with an ORU^R01, in words; '' when nothing.
function problem(msg) {
	const type = msg.header.getField(9);
	if (type.getComponent(1) !== 'ORU' || type.getComponent(2) !== 'R01') return 'not an ORU^R01';
	for (const name of ['PID', 'OBR', 'OBX']) if (!msg.getSegment(name)) return 'no ' + name + ' segment';
	for (const obx of msg.getAllSegments('OBX')) {
		if (!obx.getField(2).toString()) return 'OBX without a value type (OBX-2)';
		if (!obx.getField(3).getComponent(1)) return 'OBX without an identifier (OBX-3)';
		if (!obx.getField(11).toString()) return 'OBX without a result status (OBX-11)';
	}
	return '';
}

function onMessage(conn, msg) {
	const ctrl = msg.header.getField(10).toString();
	const fault = takeFault(dir);
	let code = 'AA';
	let why = problem(msg);
	if (why) code = 'AE';
	if (fault === 'AE' || fault === 'AR') {
		code = fault;
		why = 'refused by fault injection';
	}
	fs.appendFileSync(path.join(dir, 'mllp-all.log'), `${ctrl} ${fault || '-'} ${fault === 'noack' ? '-' : code} ${msg.segments.length}\n`);
	if (fault === 'noack') {
		setTimeout(() => conn.socket.destroy(), 3000);
		return;
	}
	if (code === 'AA') {
		const log = path.join(dir, 'mllp.log');
		const seen = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n') : [];
		if (!seen.includes(ctrl)) fs.appendFileSync(log, ctrl + '\n');
		const parsed = msg.segments.map((s) => [s.name].concat(s.fields.slice(1).map((f) => f.components)));
		fs.writeFileSync(path.join(dir, 'msgs', ctrl.replace(/[^A-Za-z0-9]/g, '_') + '.json'), JSON.stringify(parsed));
	}
	if (fault === 'close') {
		conn.socket.destroy();
		return;
	}
	const err = why ? new Hl7Segment(['ERR', '', '', '', 'E', '', '', '', why], msg.context) : undefined;
	conn.send(msg.buildAck({ ackCode: code, errSegment: err }));
}

function attach(conn) {
	conn.addEventListener('message', (e) => onMessage(conn, e.message));
	conn.addEventListener('error', () => conn.socket.destroy());
}

const plain = net.createServer((socket) => attach(new Hl7Connection(socket, 'utf-8')));
let secure;
function ready() {
	const p = plain.address();
	const t = secure ? secure.address() : null;
	if (!p || (secure && !t)) return;
	fs.writeFileSync(path.join(dir, 'ready'), `${p.port} ${t ? t.port : 0}`);
}
plain.listen(port, '127.0.0.1', ready);
if (tlsPort !== undefined) {
	secure = tls.createServer({ cert: fs.readFileSync(arg('cert')), key: fs.readFileSync(arg('key')) },
		(socket) => attach(new Hl7Connection(socket, 'utf-8')));
	secure.on('tlsClientError', () => {});
	secure.listen(Number(tlsPort), '127.0.0.1', ready);
}
setTimeout(() => process.exit(0), lifetime * 1000).unref();
exitWithParent(parent);
