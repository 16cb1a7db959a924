#!/bin/sh
# tests/slow/privacy.sh - no patient data outside the database. Visits with
# marker answers (accented names typed on the on-screen keyboard, a birth
# date, a typed question) go through success, network failure, server
# refusal, a crash (SIGSEGV with core dumps allowed), the idle wipe and the
# retention purge. Every byte the process writes outside the database is
# searched: stdout, stderr, core files, temporary files (TMPDIR and /tmp),
# the journal where there is one: 0 hits. After the idle wipe and after
# retention the markers are gone from the database, its WAL and -shm too
# (checked while the app still runs); a crash writes no core file; with a
# database key the files at rest hold no marker at all.
# Full: every case; short (make test): the same, it is quick.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/slow.sh
slow_init privacy
touch "$W/start"
since=$(date '+%Y-%m-%d %H:%M:%S')
MARKERS='Quillfeather|Xylophone|1969-02-03|19690203|Zoëlle'

. tests/lib/servers.sh       # the real FHIR engine (the run's set, or one of our own)
servers_start "$W/servers" || { echo "not ok - the test servers start (see $W/servers)"; exit 1; }
trap 'servers_stop' EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
dead=$(free_port)

# The visit: identify (typed names, birth date 1969-02-03), the agreement with
# a typed question, PEG, Done. $1: extra lines at the end.
visit_script() {
	cat <<'S'
tap "Touch to start"
tap "English"
tap "Start"
answer 0
type "Zoëlle"
tap "Done"
answer 1
type "Quillfeather-Ñúñez"
tap "Done"
key Down
key Down
key Down
tap "10 years earlier"
tap "Year down"
tap "Month up"
tap "Day up"
tap "Day up"
tap "Next"
tap "Read it with me"
tap "Read each part in full"
tap "OK, I understand"
tap "I want to talk about this"
tap "Tap here to type a question"
type "Xylophone after hours?"
tap "Done"
S
	[ "${2:-}" = wipe ] && { printf '%b' "$1"; return; }
	i=0; while [ $i -lt 19 ]; do echo 'tap "Next"'; i=$((i + 1)); done
	cat <<'S'
tap "Continue"
tap "7"
tap "Next"
tap "5"
tap "Next"
tap "6"
tap "Next"
tap "Done"
expect "Thank you!"
S
	printf '%b' "$1"
}
conf() {   # conf NAME URL-or-empty
	{ grep -v '^agreement' tests/data/identify.conf; echo "agreement = optional"
	  [ -n "$2" ] && { echo "fhir_base_url = $2"; echo "fhir_ca_file = $TEST_CA"; }; } >"$W/$1.conf"
}
# run NAME BIN [extra script] [wipe]: cwd and TMPDIR inside the case's own directory
run() {
	mkdir -p "$W/$1/tmp"
	visit_script "${3:-}" "${4:-}" >"$W/$1/script"
	(cd "$W/$1" && ulimit -c unlimited 2>/dev/null; TMPDIR="$W/$1/tmp" exec timeout -k 5 120 "$REPO/$2" --headless --fixed-clock \
		--script script --data data --assets "$REPO/assets" --config "$W/$1.conf" >stdout 2>stderr)
}
# accepted: the engine answered 2xx to a transaction of a visit (uuid.N), not the heartbeat
accepted() { awk '$3 ~ /^2/ && $5 ~ /^[0-9a-f-]+\.[0-9]+$/' "$FHIR_DIR/posts.log" 2>/dev/null | grep -q .; }
# hits FILES...: files (text or binary) holding a marker
hits() { grep -a -l -E "$MARKERS" "$@" 2>/dev/null; }
# outside CASE: every file the case wrote outside its data directory
outside() { find "$W/$1" \( -path "$W/$1/data" -o -path "$W/$1/live" \) -prune -o -type f ! -name script -print; }
in_db() { hits "$W/$1/data/accord.db" "$W/$1/data/accord.db-wal" "$W/$1/data/accord.db-shm"; }

# 1. success: delivered over HTTPS
conf ok "$FHIR_URL"
servers_reset
run ok "$ACCORD" 'wait-sent 30\n'; rc=$?
[ $rc -eq 0 ] && accepted; slow_ok $? "a marker visit is completed and delivered"
grep -q Quillfeather "$W/ok/data/accord.db" "$W/ok/data/accord.db-wal" 2>/dev/null; slow_ok $? "the markers are in the database while the visit is kept (the search can find them)"

# 2. network failure: nothing listens
conf down "https://127.0.0.1:$dead/"
run down "$ACCORD" 'advance 120\n'; rc=$?
slow_ok $rc "with the network down the marker visit completes and waits"

# 3. server refusal (401 on every try)
conf refused "$FHIR_URL"
servers_reset
for f in 1 2 3 4 5 6 7 8; do fhir_fault 401; done
run refused "$ACCORD" 'advance 30\nadvance 30\n'; rc=$?
servers_reset                                # no fault left for the next test
slow_ok $rc "with the server refusing the marker visit completes"

# 4. crash: the normal build, core dumps allowed, SIGSEGV while it waits to send
conf crash "https://127.0.0.1:$dead/"
run crash "$ACCORD_PLAIN" 'wait-sent 60\n' &
cpid=$!
i=0
while [ $i -lt 300 ]; do
	n=$(sqlite3 "$W/crash/data/accord.db" "select count(*) from outbox" 2>/dev/null || echo 0)
	[ "${n:-0}" -gt 0 ] && break
	i=$((i + 1)); sleep 0.1
done
sleep 0.5
app=$(pgrep -n -f "$W/crash.conf")            # the newest: accord, not timeout
[ -n "$app" ] && kill -SEGV "$app"
wait $cpid
ncore=$(find "$W/crash" -name 'core*' -type f | wc -l)
echo "# crash: SIGSEGV sent to ${app:-nothing}; $ncore core file(s) written"
[ -n "$app" ]; slow_ok $? "the app was killed with SIGSEGV mid-visit"
[ "$ncore" = 0 ]; slow_ok $? "core dumps are off: the crash wrote no core file although ulimit -c allowed one ($ncore)"

# live CASE: waits for CASE/now.png (the script's "shot now.png" before a
# "pause"), then copies the database files as they are at that moment.
live() {
	i=0; while [ ! -f "$W/$1/now.png" ] && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.1; done
	mkdir -p "$W/$1/live"
	for f in accord.db accord.db-wal accord.db-shm; do [ -f "$W/$1/data/$f" ] && cp "$W/$1/data/$f" "$W/$1/live/"; done
}
in_live() { hits "$W/$1/live/"*; }

# 5. idle wipe mid-visit: markers typed, then the patient walks away. The
# files are searched while the app still runs, and again after it exits.
conf wipe ""
run wipe "$ACCORD" 'advance 200\nexpect "Touch to start"\nshot now.png\npause 3\n' wipe & wpid=$!
live wipe
wait $wpid; rc=$?
slow_ok $rc "the idle wipe ends the marker visit"
h=$(in_live wipe)
[ -z "$h" ]; slow_ok $? "right after the idle wipe no marker is in the database, its WAL or -shm (${h:-none})"
h=$(in_db wipe)
[ -z "$h" ]; slow_ok $? "after the app exits no marker of the wiped visit is in the database files (${h:-none})"

# 6. retention: a QR-only visit (the sender thread keeps wall-clock time, the
# script a virtual one, so no network here), shortest retention, two days later
conf ret ""
printf 'retention_days = 1\nunsent_max_days = 1\n' >>"$W/ret.conf"
run ret "$ACCORD" 'tap "Finish"\nadvance 172800\ntick\nshot now.png\npause 3\n' & rpid=$!
live ret
wait $rpid; rc=$?
left=$(sqlite3 "$W/ret/data/accord.db" "select count(*) from visit" 2>/dev/null)
[ $rc -eq 0 ] && [ "$left" = 0 ]; slow_ok $? "retention deleted the finished visit after 2 days ($left left)"
h=$(in_live ret)
[ -z "$h" ]; slow_ok $? "right after the retention purge no marker is in the database, its WAL or -shm (${h:-none})"
h=$(in_db ret)
[ -z "$h" ]; slow_ok $? "after the app exits no marker of the purged visit is in the database files (${h:-none})"

# 7. encryption at rest: a database key (SQLCipher); a QR-only visit kept.
# The files hold no marker and are not a plain SQLite database.
conf enc ""
head -c 32 /dev/urandom >"$W/enc.key"; chmod 600 "$W/enc.key"
echo "db_key_file = $W/enc.key" >>"$W/enc.conf"
run enc "$ACCORD" 'tap "Finish"\n'; rc=$?
slow_ok $rc "with a database key the marker visit completes and is kept"
h=$(in_db enc)
[ $rc -eq 0 ] && [ -s "$W/enc/data/accord.db" ] && [ -z "$h" ] && [ "$(head -c 15 "$W/enc/data/accord.db")" != "SQLite format 3" ] &&
	! sqlite3 "$W/enc/data/accord.db" "select count(*) from visit" >/dev/null 2>&1
slow_ok $? "with a database key no marker is in the database files and they do not open as plain SQLite (hits: ${h:-none})"

# Everything written outside the database, in every case.
files=$(for c in ok down refused crash wipe ret enc; do outside $c; done)
h=$(hits $(echo "$files" | grep -v '/core'))
n=$(echo "$files" | wc -l)
[ -z "$h" ]; slow_ok $? "no marker in stdout, stderr or temporary files of any case ($n files searched; hits: ${h:-none})"
h=$(hits $(echo "$files" | grep '/core'))
[ -z "$h" ]; slow_ok $? "no core file with patient data after a crash ($ncore core files; hits: ${h:-none})"
# (not this checkout's own files: a CI may clone the project under /tmp;
# the test's own scratch files are the database and scripts it searched above)
here=$(pwd -P)
newtmp=$(find /tmp /var/tmp -path "$here" -prune -o -newer "$W/start" -type f -print 2>/dev/null | head -200)
h=$(hits $newtmp)
[ -z "$h" ]; slow_ok $? "no marker in files written to /tmp or /var/tmp meanwhile (hits: ${h:-none})"
if journalctl -q -n 1 >/dev/null 2>&1 && [ -n "$(journalctl -q --since "$since" 2>/dev/null | head -1)" ]; then
	journalctl -q --since "$since" >"$W/journal.txt" 2>/dev/null
	h=$(hits "$W/journal.txt")
	[ -z "$h" ]; slow_ok $? "no marker in the journal since the test started"
else
	echo "# no journal on this machine: journal not searched"
fi
slow_san_clean "$W"/*/stderr; slow_ok $? "no sanitizer report in any case"
