#!/bin/sh
# Staff mode: gesture + PIN, lockout after five wrong PINs, recent visits,
# re-showing a visit's QR (decoded from the screenshot), audit entries with
# no patient answers; and a patient cannot reach it by ordinary tapping.
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/staff
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
sed "s#\$OUT#$OUT#g" tests/scripts/staff.script > "$OUT/script"
if TZ=UTC "$ACCORD" --headless --fixed-clock --script "$OUT/script" --data "$OUT/data" --assets assets \
	--config tests/data/staff.conf > "$OUT/stdout" 2> "$OUT/stderr"; then
	ok "ordinary taps and short presses never open staff mode; the 3 s corner press and PIN do"
	ok "five wrong PINs lock staff mode; it opens again after the lock time"
else
	nok "staff gesture, PIN and lockout" "$(grep -v scoring "$OUT/stderr" | head -5)"
	exit 0
fi
if grep -q "^Ref: 7701" "$OUT/summary-ref.txt" 2>/dev/null && ! grep -q "Ref:" "$OUT/summary.txt"; then
	ok "a record number staff enter before the visit goes with that visit only"
else
	nok "a record number staff enter before the visit goes with that visit only" "$(head -3 "$OUT/summary-ref.txt" 2>/dev/null)"
fi
code=$(sed -n '1s/.* VISIT \([0-9][0-9]*-[0-9]*\).*/\1/p' "$OUT/summary.txt")
# re-show that visit's QR
{
	sed '/^shot /,$d' "$OUT/script"
	for d in $(echo "$code" | sed 's/./& /g'); do echo "tap \"$d\""; done
	echo 'tap "Show QR"'
	echo "shot-pages $OUT/reshow"
	echo 'tap "Menu"'
	echo 'tap "Exit"'
	echo 'expect "Touch to start"'
} > "$OUT/script2"
rm -rf "$OUT/data2"
if [ -n "$code" ] && TZ=UTC "$ACCORD" --headless --fixed-clock --script "$OUT/script2" --data "$OUT/data2" --assets assets \
	--config tests/data/staff.conf > /dev/null 2> "$OUT/stderr2" &&
   sh tests/lib/qrjoin.sh "$OUT/reshow" "$OUT/reshow.txt" && cmp -s "$OUT/reshow.txt" "$OUT/summary.txt"; then
	ok "staff can show a stored visit's QR again by its code"
else
	nok "staff can show a stored visit's QR again by its code" "code=$code $(grep -v scoring "$OUT/stderr2" | head -3)"
fi
actions=$(sqlite3 "$OUT/data2/accord.db" "select group_concat(action, ' ') from audit" 2>/dev/null)
case "$actions" in
*visit-complete*staff-pin-wrong*staff-locked*staff-login*staff-qr-shown*) ok "every staff action is in the audit log" ;;
*) nok "every staff action is in the audit log" "$actions" ;;
esac
if sqlite3 "$OUT/data2/accord.db" "select * from audit" | grep -qiE 'P4|PEG'; then
	nok "the audit log holds no patient answers" "answers found"
else
	ok "the audit log holds no patient answers"
fi

# the PIN lockout is kept in the database: a restart (kill, power cut) does not reset it
mkdir -p "$OUT/lock"
printf 'hold 10 10 3\nexpect "Staff PIN"\n' > "$OUT/lock/a.script"
for i in 1 2 3 4 5; do printf 'tap "9"\ntap "9"\ntap "9"\ntap "9"\ntap "9"\ntap "9"\ntap "9"\ntap "9"\ntap "OK"\n' >> "$OUT/lock/a.script"; done
printf 'expect "Too many tries."\n' >> "$OUT/lock/a.script"
printf 'hold 10 10 3\ntap "2"\ntap "4"\ntap "6"\ntap "8"\ntap "1"\ntap "3"\ntap "5"\ntap "7"\ntap "OK"\nexpect "Too many tries."\nexpect-not "Staff mode"\n' > "$OUT/lock/b.script"
if TZ=UTC "$ACCORD" --headless --fixed-clock --script "$OUT/lock/a.script" --data "$OUT/lock/data" --assets assets \
	--config tests/data/staff.conf > /dev/null 2> "$OUT/lock/a.err" &&
   TZ=UTC "$ACCORD" --headless --fixed-clock --script "$OUT/lock/b.script" --data "$OUT/lock/data" --assets assets \
	--config tests/data/staff.conf > /dev/null 2> "$OUT/lock/b.err"; then
	ok "five wrong PINs lock staff mode and the lock holds across a restart"
else
	nok "five wrong PINs lock staff mode and the lock holds across a restart" "$(grep -v scoring "$OUT/lock/a.err" "$OUT/lock/b.err" | head -4)"
fi
# a PIN shorter than 8 digits never opens staff mode, even with its own hash
h4=$(printf '2468\n' | "$ACCORD" passwd 2>&1)
case "$h4" in *staff_pin_hash*) nok "accord passwd refuses a PIN shorter than 8 digits" "$h4" ;;
*"8 to 16 digits"*) ok "accord passwd refuses a PIN shorter than 8 digits" ;;
*) nok "accord passwd refuses a PIN shorter than 8 digits" "$h4" ;; esac
