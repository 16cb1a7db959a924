#!/bin/sh
# tests/slow/storage_faults.sh - the data partition and the content as they
# fail in the field: a corrupt database, a read-only data directory, a full
# disk (a 2 MB tmpfs), missing content, missing fonts. The kiosk starts,
# serves what it can, tells staff (staff mode's notice), and loses nothing
# it had already stored. Read-only and full-disk cases need a private mount
# namespace (unshare -m, as root); without one they are skipped with a note.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/slow.sh
slow_init storage_faults
# A read-only or full data directory at start is a clear error to staff,
# never taken for corruption (store: only a failed integrity check is).
STAFF='hold 10 10 3\ntap "2"\ntap "4"\ntap "6"\ntap "8"\ntap "1"\ntap "3"\ntap "5"\ntap "7"\ntap "OK"\n'

# app NAME DATA SCRIPT-TEXT [--assets DIR]: a headless run with staff.conf
app() {
	name=$1 data=$2; printf '%b' "$3" >"$W/$name.script"; shift 3
	timeout -k 5 120 "$REPO/$ACCORD" --headless --script "$W/$name.script" --data "$data" --assets "${ASSETS:-$REPO/assets}" \
		--config "$REPO/tests/data/staff.conf" >"$W/$name.out" 2>"$W/$name.err"
}
visits() { sqlite3 "$1/accord.db" "select count(*) from visit where completed is not null" 2>/dev/null || echo "?"; }
VISIT=$(sed -n '/^tap "Touch to start"/,/^tap "Done"$/p' tests/scripts/full-visit.script)

# A data directory with three completed visits (QR only), the kiosk closed.
app seed "$W/good" "$VISIT\ntap \"Finish\"\n$VISIT\ntap \"Finish\"\n$VISIT\ntap \"Finish\"\n"
[ "$(visits "$W/good")" = 3 ]; slow_ok $? "three visits are stored to start from"
sum_good=$(cat "$W/good/accord.db" | md5sum)

# 1. corrupt database: set aside, a new one started, staff told. SQLite's
# header stays: a file without it may be encrypted with another key and is
# left alone (tests/check_store_faults.sh); garbage in its pages fails the
# integrity check at start.
cp -r "$W/good" "$W/corrupt"; rm -f "$W/corrupt/accord.db-wal" "$W/corrupt/accord.db-shm"
head -c 8192 /dev/urandom | dd of="$W/corrupt/accord.db" bs=1 seek=4096 conv=notrunc 2>/dev/null
app corrupt "$W/corrupt" "expect \"Touch to start\"\n$STAFF\nexpect \"set aside\"\n"; rc=$?
[ $rc -eq 0 ] && ls "$W/corrupt" | grep -q 'accord.db.corrupt-'
slow_ok $? "a corrupt database is set aside, the kiosk starts on attract and staff see why"
app corrupt2 "$W/corrupt" "$VISIT\n"; rc=$?
[ $rc -eq 0 ] && [ "$(visits "$W/corrupt")" = 1 ]; slow_ok $? "after a corrupt database the next visit is stored in a new one"

# 2. read-only data directory (a read-only bind mount, as a failing card
# remounts itself): the kiosk starts, staff are told, the file is left alone.
if unshare -m true 2>/dev/null; then
	cp -r "$W/good" "$W/ro"
	printf '%b' "expect \"Touch to start\"\n$STAFF\n" >"$W/ro.script"
	unshare -m sh -c "mount --bind '$W/ro' '$W/ro' && mount -o remount,ro,bind '$W/ro' &&
		timeout -k 5 120 '$REPO/$ACCORD' --headless --script '$W/ro.script' --data '$W/ro' --assets '$REPO/assets' \
		--config '$REPO/tests/data/staff.conf' >'$W/ro.out' 2>'$W/ro.err'"; rc=$?
	slow_ok $rc "with a read-only data directory the kiosk starts and staff mode opens"
	n=$(ls "$W/ro" | grep -c corrupt)
	[ "$n" = 0 ] && [ "$(cat "$W/ro/accord.db" | md5sum)" = "$sum_good" ] && [ "$(visits "$W/ro")" = 3 ]
	slow_ok $? "a read-only database is not set aside as corrupt and keeps its three visits ($n set aside)"

	# 3. full disk: the data directory on a 2 MB tmpfs, filled before start.
	# The kiosk must start, keep the stored visits, still give the QR code.
	mkdir -p "$W/full"
	printf '%b' "$VISIT\nexpect \"Your visit code is\"\ntap \"Finish\"\n$STAFF\n" >"$W/full.script"
	unshare -m sh -c "mount -t tmpfs -o size=2m none '$W/full' && cp '$W/good/accord.db' '$W/full/' &&
		dd if=/dev/zero of='$W/full/filler' bs=16k 2>/dev/null;
		timeout -k 5 120 '$REPO/$ACCORD' --headless --script '$W/full.script' --data '$W/full' --assets '$REPO/assets' \
		--config '$REPO/tests/data/staff.conf' >'$W/full.out' 2>'$W/full.err'; echo \$? >'$W/full.rc';
		ls '$W/full' >'$W/full.ls'; rm -f '$W/full/filler';
		sqlite3 '$W/full/accord.db' 'select count(*) from visit where completed is not null' >'$W/full.count' 2>&1"
	[ "$(cat "$W/full.rc")" = 0 ]; slow_ok $? "with the disk full the kiosk starts and the visit reaches its QR code ($(grep 'full.script' "$W/full.err" | head -1))"
	! grep -q corrupt "$W/full.ls" && [ "$(cat "$W/full.count")" = 3 ]
	slow_ok $? "with the disk full the database is not set aside and its three visits stay ($(cat "$W/full.count"))"
else
	echo "# skipped: no private mount namespace (unshare -m): read-only and full-disk cases not tried"
fi

# 4. missing content: an empty assets directory. The kiosk starts, staff told.
mkdir -p "$W/empty-assets"
ASSETS="$W/empty-assets" app noassets "$W/noassets" "expect \"Riverside Pain Clinic\"\n$STAFF\nexpect \"strings\"\n"; rc=$?
slow_ok $rc "with no content files the kiosk starts and staff see what is missing"

# 5. missing fonts: nothing can be drawn; the app must say so and touch no data.
if unshare -m true 2>/dev/null; then
	cp -r "$W/good" "$W/nofont"
	printf 'expect "Touch to start"\n' >"$W/nofont.script"
	unshare -m sh -c "mount -t tmpfs none /usr/share/fonts && timeout -k 5 60 '$REPO/$ACCORD' --headless --script '$W/nofont.script' \
		--data '$W/nofont' --assets '$REPO/assets' --config '$REPO/tests/data/staff.conf' >'$W/nofont.out' 2>'$W/nofont.err'"; rc=$?
	grep -q 'font' "$W/nofont.err" && [ "$(visits "$W/nofont")" = 3 ]
	slow_ok $? "without fonts the app names the missing font (exit $rc) and the stored visits stay"
fi
slow_san_clean "$W"/*.err; slow_ok $? "no sanitizer report in any case"
