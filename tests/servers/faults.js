// tests/servers/faults.js - the fault queue both test servers share: a
// test writes one fault per line to DIR/faults; each request takes (and
// removes) the first line.
'use strict';
const fs = require('fs');
const path = require('path');

// The next fault for dir, or '' when none is queued.
exports.takeFault = function takeFault(dir) {
	const f = path.join(dir, 'faults');
	let lines;
	try {
		lines = fs.readFileSync(f, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l);
	} catch {
		return '';
	}
	if (!lines.length) return '';
	fs.writeFileSync(f + '.tmp', lines.slice(1).map((l) => l + '\n').join(''));
	fs.renameSync(f + '.tmp', f);
	return lines[0];
};

// Exits when the process parent (a test run) is gone, checked each second.
exports.exitWithParent = function exitWithParent(parent) {
	if (!parent) return;
	setInterval(() => {
		try {
			process.kill(parent, 0);
		} catch {
			process.exit(0);
		}
	}, 1000).unref();
};
