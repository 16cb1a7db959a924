#!/bin/sh
# Instructions of one frame, counted by callgrind where valgrind is installed
# (a report line, never a timing; make bench owns the budgets). The question
# screen is drawn cold (rendered text forgotten, as a screen's first frame)
# and again: a repeat frame must cost under 70 % of a cold one (the text
# caches work; without them the two cost the same), and both are reported. Uses the plain build (valgrind and ASan do
# not mix).
set -u
cd "$(dirname "$0")/.."
BIN=build/accord
OUT=build/test-out/frame-cost
rm -rf "$OUT"; mkdir -p "$OUT"
if ! command -v valgrind >/dev/null 2>&1; then
	echo "# valgrind is not installed: no frame cost report (make bench-deps installs it)"
	exit 0
fi
cat > "$OUT/script" <<'S'
tap "Touch to start"
tap "English"
next
redraw question:cold cold
redraw question:repeat
S
if ! valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.out" "$BIN" --headless --fixed-clock --script "$OUT/script" \
	--size 800x480 --data "$OUT/data" --assets assets --config tests/data/peg-only.conf > "$OUT/stdout" 2> "$OUT/err"; then
	echo "not ok - the frame-cost script runs under callgrind: $(grep -v '^==' "$OUT/err" | tail -2 | tr '\n' ' ')"
	exit 0
fi
# the dump that a redraw NAME wrote holds exactly that frame's instructions
ir() { grep -l "^desc: Trigger: Client Request: $1\$" "$OUT"/cg.out.* 2>/dev/null | head -1 | xargs -r sed -n 's/^totals: //p'; }
cold=$(ir question:cold); rep=$(ir question:repeat)
if [ -z "$cold" ] || [ -z "$rep" ]; then
	echo "not ok - callgrind dumped one profile per redraw (cold '$cold', repeat '$rep')"
	exit 0
fi
echo "# question screen at 800x480: cold frame $cold instructions, repeat frame $rep"
if [ "$rep" -gt 0 ] && [ $((rep * 10)) -lt $((cold * 7)) ]; then
	echo "ok - a repeat frame of the question screen costs under 70% of a cold one ($rep vs $cold instructions)"
else
	echo "not ok - a repeat frame of the question screen costs under 70% of a cold one ($rep vs $cold instructions)"
fi
