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
# the script steps the real loop: the host's first duty logs "ready"
if grep -q "accord: ready" "$OUT/staff-touch/stderr"; then
	ok "the script driver takes the event loop's own step (host duties run headless)"
else
	nok "the script driver takes the event loop's own step (host duties run headless)" "no 'ready' from the host tick"
fi
