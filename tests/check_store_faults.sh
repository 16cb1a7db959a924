#!/bin/sh
# Storage faults at start-up that are NOT corruption: a read-only file
# system and a lock held by another program. The kiosk starts, tells staff,
# leaves the file exactly as it was (never "set aside"), and the visits in
# it are all there afterwards. And a crash leaves no core file.
# Uses $ACCORD (the sanitizer build under make test).
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/store-faults
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
count() { sqlite3 "$1" "$2" 2>/dev/null; }
ABS=$(pwd)

# a data directory holding one completed visit
mkdir -p "$OUT/seed"
sed "s#\$OUT#$OUT/seed#g" tests/scripts/full-visit.script > "$OUT/seed/script"
if ! "$ACCORD" --headless --script "$OUT/seed/script" --data "$OUT/data" --assets assets \
	--config tests/data/peg-only.conf > /dev/null 2> "$OUT/seed/stderr" ||
   [ "$(count "$OUT/data/accord.db" 'select count(*) from visit where completed is not null')" != 1 ]; then
	nok "a completed visit to guard" "$(tail -3 "$OUT/seed/stderr")"
	exit 0
fi
sum0=$(cat "$OUT/data/accord.db" | md5sum)
printf 'expect "Touch to start"\n' > "$OUT/attract.script"

# 1. read-only file system at start (a private mount namespace; needs root)
if [ "$(id -u)" -eq 0 ] && command -v unshare > /dev/null; then
	if unshare -m sh -c "mount --bind '$ABS/$OUT/data' '$ABS/$OUT/data' && mount -o remount,bind,ro '$ABS/$OUT/data' &&
		'$ACCORD' --headless --script '$OUT/attract.script' --data '$OUT/data' --assets assets --config tests/data/peg-only.conf" \
		> /dev/null 2> "$OUT/ro.err" &&
	   grep -q "cannot be written\|readonly\|read-only" "$OUT/ro.err" && ! ls "$OUT/data" | grep -q corrupt &&
	   [ "$(cat "$OUT/data/accord.db" | md5sum)" = "$sum0" ]; then
		ok "a read-only file system at start: the kiosk serves, says why, and leaves the database as it was"
	else
		nok "a read-only file system at start" "$(grep -v scoring "$OUT/ro.err" | head -3) $(ls "$OUT/data")"
	fi
else
	echo "ok - a read-only file system at start # SKIP needs root and unshare for a private read-only mount"
fi

# 2. another program holds the database locked for longer than the 5 s wait
python3 - "$OUT/data/accord.db" > "$OUT/lock.out" 2>&1 <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA locking_mode=EXCLUSIVE")
c.execute("BEGIN EXCLUSIVE"); c.execute("UPDATE visit SET lang=lang"); c.execute("COMMIT")
print("locked", flush=True)
time.sleep(9)
PY
lockpid=$!
for i in $(seq 50); do grep -q locked "$OUT/lock.out" 2>/dev/null && break; sleep 0.1; done
if "$ACCORD" --headless --script "$OUT/attract.script" --data "$OUT/data" --assets assets --config tests/data/peg-only.conf \
	> /dev/null 2> "$OUT/lock.err" && grep -q "locked by another program" "$OUT/lock.err" && ! ls "$OUT/data" | grep -q corrupt; then
	ok "a database locked by another program for more than 5 s is reported, not set aside"
else
	nok "a database locked by another program for more than 5 s is reported, not set aside" "$(grep -v scoring "$OUT/lock.err" | head -3)"
fi
wait $lockpid
if [ "$(count "$OUT/data/accord.db" 'select count(*) from visit where completed is not null')" = 1 ] &&
   [ "$(count "$OUT/data/accord.db" 'select count(*) from audit where action = "visit-complete"')" = 1 ] &&
   [ "$(count "$OUT/data/accord.db" 'pragma integrity_check')" = ok ]; then
	ok "after the faults the completed visit and its audit row are all there"
else
	nok "after the faults the completed visit and its audit row are all there" "$(count "$OUT/data/accord.db" 'select count(*) from visit')"
fi

# 3. encrypted at rest: with a key file, no answer or summary text is in any file;
#    a kiosk with another key leaves the database alone and keeps serving
mkdir -p "$OUT/enc"
printf 'this kiosk: 0f1e2d3c4b5a69788796a5b4c3d2e1f0\n' > "$OUT/enc/right.key"
printf 'another kiosk: 00112233445566778899aabbccddeeff\n' > "$OUT/enc/wrong.key"
{ cat tests/data/peg-only.conf; echo "db_key_file = $ABS/$OUT/enc/right.key"; } > "$OUT/enc/right.conf"
{ cat tests/data/peg-only.conf; echo "db_key_file = $ABS/$OUT/enc/wrong.key"; } > "$OUT/enc/wrong.conf"
sed "s#\$OUT#$OUT/enc#g" tests/scripts/full-visit.script > "$OUT/enc/script"
if "$ACCORD" --headless --script "$OUT/enc/script" --data "$OUT/enc/data" --assets assets --config "$OUT/enc/right.conf" \
	> /dev/null 2> "$OUT/enc/stderr"; then
	marker=$(grep -m1 'PEG' "$OUT/enc/summary.txt")
	if [ -n "$marker" ] && ! grep -qaF "$marker" "$OUT/enc/data/accord.db" && ! grep -qa "SQLite format 3" "$OUT/enc/data/accord.db" &&
	   ! sqlite3 "$OUT/enc/data/accord.db" 'select count(*) from visit' > /dev/null 2>&1 && ! grep -qaF "right.key" "$OUT/enc/stderr"; then
		ok "with a database key the file holds no summary text and is unreadable without the key"
	else
		nok "with a database key the file holds no summary text" "marker=$marker"
	fi
else
	nok "a visit with an encrypted database" "$(grep -v scoring "$OUT/enc/stderr" | tail -3)"
fi
sum=$(md5sum < "$OUT/enc/data/accord.db")
if "$ACCORD" --headless --script "$OUT/attract.script" --data "$OUT/enc/data" --assets assets --config "$OUT/enc/wrong.conf" \
	> /dev/null 2> "$OUT/enc/wrong.err" && grep -q "this kiosk's key" "$OUT/enc/wrong.err" &&
   ! ls "$OUT/enc/data" | grep -q corrupt && [ "$(md5sum < "$OUT/enc/data/accord.db")" = "$sum" ]; then
	ok "the wrong key: the kiosk serves, says the key does not fit, and leaves the database as it was (never set aside)"
else
	nok "the wrong key leaves the database as it was" "$(grep -v scoring "$OUT/enc/wrong.err" | tail -3) $(ls "$OUT/enc/data")"
fi
printf 'expect "Touch to start"\nwait-sent 1\n' > "$OUT/enc/again.script"
if "$ACCORD" --headless --script "$OUT/enc/again.script" --data "$OUT/enc/data" --assets assets --config "$OUT/enc/right.conf" \
	> /dev/null 2> "$OUT/enc/again.err" && ! grep -qE "cannot be (read|opened|written)|not open" "$OUT/enc/again.err"; then
	ok "with the right key again the same database opens"
else
	nok "with the right key again the same database opens" "$(grep -v scoring "$OUT/enc/again.err" | tail -3)"
fi

# 4. a crash leaves no core file (the kiosk turns core dumps off itself)
mkdir -p "$OUT/core/ctl" "$OUT/core/app"
(cd "$OUT/core/ctl" && sh -c 'ulimit -c unlimited 2>/dev/null; exec sleep 30') & ctl=$!
sleep 0.3; kill -SEGV $ctl 2>/dev/null; wait $ctl 2>/dev/null
(cd "$OUT/core/app" && ulimit -c unlimited 2>/dev/null; SDL_VIDEODRIVER=offscreen exec "$ABS/build/accord" --data "$ABS/$OUT/core/data" \
	--assets "$ABS/assets" --config "$ABS/tests/data/peg-only.conf") > /dev/null 2>&1 & app=$!
for i in $(seq 50); do [ -d "$OUT/core/data" ] && break; sleep 0.1; done
sleep 1
lim=$(awk '/Max core file size/ {print $5 "/" $6}' /proc/$app/limits 2>/dev/null)
kill -SEGV $app 2>/dev/null; wait $app 2>/dev/null
if [ "$lim" = "0/0" ] && ! ls "$OUT/core/app" | grep -q core; then
	if ls "$OUT/core/ctl" | grep -q core; then
		ok "a crashed kiosk leaves no core file (a crashed sleep beside it did)"
	else
		ok "a crashed kiosk leaves no core file and its core limit is 0 (this machine writes no cores at all)"
	fi
else
	nok "a crashed kiosk leaves no core file" "limit=$lim files: $(ls "$OUT/core/app")"
fi
exit 0
