#!/bin/sh
# The screen at night (display_off / display_on), headless on the fixed
# clock (2026-01-01 12:00 UTC, TZ=UTC): between visits the screen is black
# with nothing on it; a touch wakes it without starting a visit; it goes dark
# again ten minutes later; a visit in progress is never darkened; it lights
# by itself at display_on. The window arithmetic: tests/unit/night_test.c.
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/night
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
export TZ=UTC
run() {   # name off on script-lines...
	n=$1 off=$2 on=$3; shift 3
	{ cat tests/data/peg-only.conf; echo "display_off = $off"; echo "display_on = $on"; echo "idle_warn_seconds = 3600"; } > "$OUT/$n.conf"
	printf '%s\n' "$@" > "$OUT/$n.script"
	"$ACCORD" --headless --fixed-clock --script "$OUT/$n.script" --data "$OUT/$n" --assets assets --config "$OUT/$n.conf" \
		> /dev/null 2> "$OUT/$n.err"
}
if run dark 12:00 14:00 'advance 1' 'expect-not "Touch to start"' "shot $OUT/dark.png"; then
	ok "inside the night window the attract screen is dark"
else nok "inside the night window the attract screen is dark" "$(tail -2 "$OUT/dark.err")"; fi
python3 - "$OUT/dark.png" > "$OUT/dark.out" 2>&1 <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
w, h, depth, ctype = struct.unpack(">IIBB", d[16:26])
raw, i = b"", 8
while i < len(d):
    n, t = struct.unpack(">I4s", d[i:i + 8])
    if t == b"IDAT": raw += d[i + 8:i + 8 + n]
    i += 12 + n
px = zlib.decompress(raw)
bpp = {2: 3, 6: 4}[ctype]
rows = [px[r * (w * bpp + 1) + 1:(r + 1) * (w * bpp + 1)] for r in range(h)]
# filtered rows of a uniform black image are all zero bytes, whatever the filter
bright = sum(1 for row in rows for k, b in enumerate(row) if b and (bpp == 3 or k % 4 != 3))
print("non-black bytes:", bright)
sys.exit(0 if bright == 0 else 1)
PY
if [ $? -eq 0 ]; then ok "the dark screen is black (screenshot)"; else nok "the dark screen is black (screenshot)" "$(cat "$OUT/dark.out")"; fi
if run wake 12:00 14:00 'advance 1' 'tap 400 240' 'advance 1' 'expect "Touch to start"' 'expect-not "Choose your language"' \
	'advance 598' 'expect "Touch to start"' 'advance 3' 'expect-not "Touch to start"'; then
	ok "a touch at night wakes the screen for ten minutes without starting a visit"
else nok "a touch at night wakes the screen for ten minutes without starting a visit" "$(tail -2 "$OUT/wake.err")"; fi
if run visit 12:00 14:00 'advance 1' 'tap 400 240' 'advance 1' 'tap "Touch to start"' 'advance 700' 'expect "English"'; then
	ok "a visit in progress is never darkened"
else nok "a visit in progress is never darkened" "$(tail -2 "$OUT/visit.err")"; fi
if run morning 12:00 12:20 'advance 1' 'expect-not "Touch to start"' 'advance 1200' 'expect "Touch to start"'; then
	ok "at display_on the screen lights by itself"
else nok "at display_on the screen lights by itself" "$(tail -2 "$OUT/morning.err")"; fi
if run day 06:00 07:00 'advance 1' 'expect "Touch to start"'; then
	ok "outside the night window the screen stays on"
else nok "outside the night window the screen stays on" "$(tail -2 "$OUT/day.err")"; fi
