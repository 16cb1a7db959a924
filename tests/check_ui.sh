#!/bin/sh
# UI behaviour the patient and staff feel, headless under the sanitizer
# build: the on-screen keyboard's pages, staff mode reached by touch at
# 800x480, and the script driver stepping the real loop (host duties run).
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/ui
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
# run NAME SCRIPT CONFIG [extra args]: $OUT in the script becomes its own directory
run() {
	name=$1; script=$2; conf=$3; shift 3
	mkdir -p "$OUT/$name"
	sed "s#\$OUT#$OUT/$name#g" "$script" > "$OUT/$name/script"
	TZ=UTC "$ACCORD" --headless --fixed-clock --script "$OUT/$name/script" --data "$OUT/$name/data" --assets assets \
		--config "$conf" "$@" > "$OUT/$name/stdout" 2> "$OUT/$name/stderr"
}
why() { grep -v 'scoring\|ready\|complete' "$OUT/$1/stderr" | head -8 | tr '\n' ' '; }

for size in 800x480 720x1280; do
	if run "keyboard-$size" tests/scripts/keyboard.script tests/data/identify.conf --size "$size"; then
		ok "the keyboard's accent and number pages show and type their own keys at $size"
	else
		nok "the keyboard's accent and number pages show and type their own keys at $size" "$(why "keyboard-$size")"
	fi
done

if run staff-touch tests/scripts/staff-touch.script tests/data/staff.conf --size 800x480; then
	ok "staff mode at 800x480: Test connection and Restart app are reached by touch (scroll buttons work)"
else
	nok "staff mode at 800x480: Test connection and Restart app are reached by touch" "$(why staff-touch)"
fi
if grep -q "Shut down" "$OUT/staff-touch/staff-speech.txt" 2>/dev/null; then
	ok "Read aloud in staff mode reads the whole menu, below the fold too"
else
	nok "Read aloud in staff mode reads the whole menu, below the fold too" "$(cat "$OUT/staff-touch/staff-speech.txt" 2>/dev/null | head -3)"
fi
# the script steps the real loop: the host's hourly duties (retention) run
{ cat tests/data/peg-only.conf; echo "retention_days = 1"; echo "unsent_max_days = 1"; } > "$OUT/retention.conf"
mkdir -p "$OUT/retention"
if run retention tests/scripts/retention-loop.script "$OUT/retention.conf" &&
   [ "$(sqlite3 "$OUT/retention/data/accord.db" 'select count(*) from visit' 2>/dev/null)" = 0 ] &&
   [ "$(sqlite3 "$OUT/retention/data/accord.db" "select count(*) from audit where action like 'retention-delete%'" 2>/dev/null)" -ge 1 ]; then
	ok "the script driver takes the event loop's own step: retention runs headless on the virtual clock"
else
	nok "the script driver takes the event loop's own step: retention runs headless on the virtual clock" \
		"$(sqlite3 "$OUT/retention/data/accord.db" 'select count(*) from visit' 2>&1) $(why retention)"
fi
