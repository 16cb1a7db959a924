#!/bin/sh
# tests/slow/monkey.sh - random input against the headless kiosk: taps (on
# widgets and anywhere), drags, long presses (staff corner with the PIN),
# keys, typed text (emoji, right-to-left, 10,000 characters, control
# characters, raw bytes) and clock jumps (idle warning, wipe, a day), on all
# five panel sizes, in both languages, on the ASan+UBSan+LSan build: no
# report, no hang. Then one run on the normal build for the memory figure:
# RSS at the end within 10 % of RSS 1,000 events after the first visit.
# Full: 5 x 20,000 sanitized events + 100,000 plain; short: 5 x 150 + 3,000.
# A failure names its seed: `monkey SEED N 24681357` in a script replays it.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/slow.sh
slow_init monkey
per_size=$(slow_n 150 20000)
plain=$(slow_n 3000 100000)
# make test: fixed seeds (repeatable); make test-slow: new seeds each run.
seed0=${MONKEY_SEED:-$(if [ "$SHORT" = 1 ]; then echo 1000; else date +%s; fi)}
echo "# monkey seeds $seed0.. (MONKEY_SEED=$seed0 replays)"

# run BIN SEED EVENTS SIZE NAME TIMEOUT_S
run() {
	printf 'monkey %s %s 24681357\n' "$2" "$3" >"$W/$5.script"
	timeout -k 10 "$6" "$1" --headless --fixed-clock --size "$4" --script "$W/$5.script" --data "$W/$5.data" \
		--assets assets --config tests/data/monkey.conf >"$W/$5.out" 2>"$W/$5.err"
}

i=0; total=0; bad=""
for size in 800x480 720x1280 1024x600 1280x800 1920x1080; do
	i=$((i + 1))
	run "$ACCORD" $((seed0 + i)) "$per_size" "$size" "san-$size" $((per_size / 4 + 120)); rc=$?
	if [ $rc -ne 0 ] || ! slow_san_clean "$W/san-$size.err"; then
		bad="$bad $size(seed $((seed0 + i)), rc $rc)"
		grep -m3 -E 'ERROR|runtime error|hung|SUMMARY' "$W/san-$size.err" "$W/san-$size.out" | sed 's/^/#   /'
	fi
	grep '^monkey: seed .* events' "$W/san-$size.out" | tail -1 | sed 's/^/# /'
	n=$(sed -n 's/^monkey: seed [0-9]* events \([0-9]*\) .*/\1/p' "$W/san-$size.out" | tail -1)
	total=$((total + ${n:-0}))
done
[ -z "$bad" ]; slow_ok $? "$total random events on five sizes under ASan+UBSan+LSan: no report, no hang ($bad )"

# Screens: the union over the runs must include the questions, review and handoff.
best=$(sed -n 's/^monkey: .* screens \([0-9]*\) .*/\1/p' "$W"/san-*.out | sort -n | tail -1)
echo "# figure: monkey reached up to ${best:-0} of 11 screens in one run"

run "$ACCORD_PLAIN" $((seed0 + 9)) "$plain" 800x480 plain $((plain / 20 + 120)); rc=$?
line=$(grep '^monkey: seed .* events' "$W/plain.out" | tail -1)
echo "# figure: $line"
first=$(echo "$line" | sed -n 's/.*first-visit+1000 \([0-9]*\) KiB.*/\1/p')
end=$(echo "$line" | sed -n 's/.*rss-end \([0-9]*\) KiB.*/\1/p')
[ $rc -eq 0 ] && [ -n "$end" ]; slow_ok $? "$plain random events on the normal build finish without a hang"
if [ "$SHORT" = 1 ]; then
	echo "# memory flatness is judged on the full run (make test-slow)"
elif [ -n "$first" ] && [ "$first" -gt 0 ]; then
	[ $((end * 10)) -le $((first * 11)) ]
	slow_ok $? "RSS at the end ($end KiB) is within 10 % of RSS 1,000 events after the first visit ($first KiB)"
else
	echo "not ok - the monkey completed a visit early enough to measure memory ($line)"
fi
