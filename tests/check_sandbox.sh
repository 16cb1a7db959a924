#!/bin/sh
# tests/check_sandbox.sh - the kiosk still draws, speaks and sends inside the
# sandbox its systemd unit gives it (issue 14): the unit's system-call filter
# (packaging/accord.service, expanded by systemd-analyze and loaded with
# libseccomp by tests/lib/sandbox_exec.py; a refused call fails with the
# unit's EPERM, socket() only for the unit's address families), no
# capabilities at all, no new privileges, an unprivileged user (setpriv;
# Debian's /usr/bin/python3, which that user can run).
# A whole headless visit runs in it: the screens drawn and saved, the read-aloud
# text synthesised by espeak-ng, the visit delivered to the real FHIR engine
# (HTTPS) and HL7 listener (MLLP over TLS) of tests/servers/. A control
# shows the filter bites (nice is refused), so this test can fail.
set -u
cd "$(dirname "$0")/.."
. tests/lib/servers.sh
# The optimised build, as the kiosk runs it: the sanitizers' leak checker
# stops the world with ptrace, which the unit's filter rightly refuses.
ACCORD=${ACCORD_PLAIN:-build/accord}
UNIT=${ACCORD_UNIT:-packaging/accord.service}
OUT=build/test-out/sandbox
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
for t in systemd-analyze setpriv sox identify; do
	command -v "$t" >/dev/null 2>&1 || { nok "$t is installed" "run make deps"; exit 0; }
done
servers_start "$OUT/servers" || { nok "the test servers start" "see $OUT/servers/*.log"; exit 0; }
trap 'servers_stop' EXIT INT TERM

# The unprivileged user the kiosk's files belong to, as accord is on a kiosk.
USER_ID=$(id -u nobody) GROUP_ID=$(id -g nobody)
jail() {   # jail CMD...: the unit's filter, no capabilities, user nobody
	setpriv --reuid="$USER_ID" --regid="$GROUP_ID" --clear-groups --no-new-privs \
		--bounding-set=-all --inh-caps=-all --ambient-caps=-all \
		/usr/bin/python3 tests/lib/sandbox_exec.py "$UNIT" -- "$@"
}

# Control: the filter is loaded and refuses what the unit refuses.
# (nice runs its command even when refused, and says so; as this user
# without the filter, lowering its own priority is allowed and silent.)
jail nice -n 5 true 2>"$OUT/control.err"
if grep -q "cannot set niceness: Operation not permitted" "$OUT/control.err" && grep -q "system calls allowed" "$OUT/control.err"; then
	ok "the unit's system-call filter is in force (nice is refused: $(grep -o 'cannot set niceness.*' "$OUT/control.err"))"
else
	nok "the unit's system-call filter is in force" "$(tail -2 "$OUT/control.err")"
fi
if jail sh -c 'grep -q "^CapEff:[[:space:]]*0*$" /proc/self/status && grep -q "^CapBnd:[[:space:]]*0*$" /proc/self/status'; then
	ok "inside, no capability is left (effective and bounding sets empty)"
else
	nok "inside, no capability is left" "$(jail grep Cap /proc/self/status 2>&1 | tr '\n' ' ')"
fi

# A visit, start to finish, inside.
mkdir -p "$OUT/data" "$OUT/files"
cp "$TEST_CA" "$OUT/files/ca.pem"
{
	cat tests/data/peg-only.conf
	echo "fhir_base_url = $FHIR_URL"
	echo "fhir_ca_file = $PWD/$OUT/files/ca.pem"
	echo "hl7_host = 127.0.0.1"
	echo "hl7_port = $HL7_TLS_PORT"
	echo "hl7_tls = yes"
	echo "hl7_ca_file = $PWD/$OUT/files/ca.pem"
} > "$OUT/files/net.conf"
# the foundation visit (tests/scripts/full-visit.script) up to Done, the intro read aloud
{
	sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script |
		sed "/^tap \"English\"\$/a speak-wav $PWD/$OUT/files/intro.wav"
	printf 'expect "Thank you!"\nshot %s\nwait-sent 30\n' "$PWD/$OUT/files/handoff.png"
} > "$OUT/files/visit.script"
chown -R "$USER_ID:$GROUP_ID" "$OUT/data" "$OUT/files"
if jail "$ACCORD" --headless --script "$OUT/files/visit.script" --data "$OUT/data" --assets assets \
	--config "$OUT/files/net.conf" > "$OUT/visit.out" 2> "$OUT/visit.err"; then
	ok "a whole visit runs inside the sandbox (user nobody, no capabilities, the unit's filter)"
else
	nok "a whole visit runs inside the sandbox" "$(grep -v '^#' "$OUT/visit.err" | tail -3)"
fi
colors=$(identify -format '%k' "$OUT/files/handoff.png" 2>/dev/null || echo 0)
if [ "${colors:-0}" -ge 16 ]; then ok "it draws: the handoff screen saved inside has $colors colours"
else nok "it draws" "handoff.png has ${colors:-no} colours"; fi
rms=$(sox "$OUT/files/intro.wav" -n stat 2>&1 | awk -F: '/^RMS +amplitude/ { gsub(/ /, "", $2); print $2 }')
len=$(sox "$OUT/files/intro.wav" -n stat 2>&1 | awk -F: '/^Length/ { gsub(/ /, "", $2); print $2 }')
if awk "BEGIN { exit !(${rms:-0} > 0.01 && ${len:-0} > 2) }"; then
	ok "it speaks: espeak-ng read the intro aloud inside (${len} s, RMS ${rms})"
else
	nok "it speaks" "intro.wav length ${len:-?} s, RMS ${rms:-?}"
fi
uuid=$(sqlite3 "$OUT/data/accord.db" "select uuid from visit" 2>/dev/null | head -1)
if [ -n "$uuid" ] && awk -v u="$uuid" '$3 ~ /^2/ && index($5, u) == 1 { f = 1 } END { exit !f }' "$FHIR_DIR/posts.log" 2>/dev/null; then
	ok "it sends: the FHIR engine accepted the visit's transaction over HTTPS"
else
	nok "it sends to the FHIR engine" "visit ${uuid:-none}; $(tail -2 "$FHIR_DIR/posts.log" 2>/dev/null)"
fi
if [ -n "$uuid" ] && grep -rlq "$uuid" "$HL7_DIR/msgs" 2>/dev/null; then
	ok "it sends: the HL7 library parsed the visit's ORU over MLLP with TLS"
else
	nok "it sends to the HL7 listener" "no message with ${uuid:-the visit} in $HL7_DIR/msgs"
fi
if [ "$(sqlite3 "$OUT/data/accord.db" "select count(*) from outbox where state != 'sent'" 2>/dev/null)" = 0 ]; then
	ok "nothing is left waiting in the outbox"
else
	nok "nothing is left waiting in the outbox" "$(sqlite3 "$OUT/data/accord.db" "select kind, state, last_error from outbox" 2>&1 | head -3)"
fi
exit 0
