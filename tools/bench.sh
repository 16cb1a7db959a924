#!/bin/sh
# make bench: start time, memory, idle CPU, tap latency, storage read at start
# and instruction count of build/accord, checked against the budgets below.
# Prints the report and writes build/bench/report.md; exits non-zero when a
# budget is broken. Not part of make test. Takes about a minute on 2 cores.
#   BENCH_UPDATE_DOCS=1  also rewrite docs/performance.md with these figures
#   BENCH_CALLGRIND=0    skip the valgrind instruction count
#   BENCH_RUNS=N         runs per start-time median (default 5)
set -eu

# Tools the bench needs (make deps does not install them). Installed if missing.
BENCH_PKGS="xvfb x11-utils libx11-dev libxtst-dev valgrind time python3"

# ---- budgets (generous enough to be stable on a loaded 2-core build machine,
# tight enough to catch software GL, a busy loop or a leak) ----
BUDGET_READY_MS=300          # windowed exec -> "accord: ready", median
BUDGET_PIXELS_MS=300         # windowed exec -> attract screen complete on the display, median
BUDGET_HEADLESS_SHOT_MS=250  # headless exec -> screenshot -> exit, median
BUDGET_IDLE_PSS_MIB=40       # PSS of the idle windowed app on attract after 2 s
BUDGET_VISIT_PSS_MIB=48      # PSS after a windowed visit by clicks (handoff with QR)
BUDGET_TOUR_RSS_MIB=64       # peak RSS of the headless screenshot tour (every screen)
BUDGET_IDLE_CPU_PCT=1        # idle windowed app over 10 s, percent of one core
BUDGET_TAP_MS=50             # windowed click -> first changed frame on the display, median
BUDGET_HEADLESS_TAP_MS=20    # headless render time per tap (2 frames), 50 taps
BUDGET_START_READ_MIB=32     # bytes read from files by ready (read() + file pages mapped)
BUDGET_CALLGRIND_MIR=600     # instructions (millions) of the headless one-shot screenshot
export BUDGET_READY_MS BUDGET_PIXELS_MS BUDGET_HEADLESS_SHOT_MS BUDGET_IDLE_PSS_MIB BUDGET_VISIT_PSS_MIB \
	BUDGET_TOUR_RSS_MIB BUDGET_IDLE_CPU_PCT BUDGET_TAP_MS BUDGET_HEADLESS_TAP_MS BUDGET_START_READ_MIB \
	BUDGET_CALLGRIND_MIR

ACCORD=${1:-build/accord}
case $ACCORD in /*) ;; *) ACCORD=$(pwd)/$ACCORD ;; esac
cd "$(dirname "$0")/.."
OUT=build/bench

missing=""
for p in $BENCH_PKGS; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$s" in ii*) ;; *) missing="$missing $p" ;; esac
done
if [ -n "$missing" ]; then
	echo "bench: installing:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
fi

[ -x "$ACCORD" ] || { echo "bench: $ACCORD not built (run make bench)" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT"
PIDFILE=$OUT/pids
: > "$PIDFILE"
XVFB_PID=""
RUN_PID=""
cleanup() {
	set +e
	if [ -n "$RUN_PID" ]; then kill "$RUN_PID" 2>/dev/null; wait "$RUN_PID" 2>/dev/null; fi
	# the process group of every accord/xprobe/valgrind the driver started and
	# has not reaped yet (it also stops them itself)
	while read -r pid; do kill -TERM "-$pid" 2>/dev/null; done < "$PIDFILE"
	if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; fi
	return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

cc -O2 -Wall -Wextra -o "$OUT/xprobe" tools/bench/xprobe.c -lX11 -lXtst

# A private X server the size of the 800x480 panel; no window manager (the
# kiosk has none), so the app's window sits at 0,0 and fills the screen.
exec 3> "$OUT/display"
Xvfb -displayfd 3 -screen 0 800x480x24 -nolisten tcp -noreset > "$OUT/xvfb.log" 2>&1 &
XVFB_PID=$!
exec 3>&-
i=0
while [ ! -s "$OUT/display" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "bench: Xvfb did not start" >&2; cat "$OUT/xvfb.log" >&2; exit 2; }
	sleep 0.05
done
DISPLAY=:$(head -n1 "$OUT/display")
export DISPLAY
unset WAYLAND_DISPLAY SDL_VIDEODRIVER SDL_RENDER_DRIVER SDL_FRAMEBUFFER_ACCELERATION
echo "bench: measuring on display $DISPLAY ($(nproc) cores)..."

XPROBE=$OUT/xprobe PIDFILE=$PIDFILE python3 tools/bench/run.py "$ACCORD" "$OUT" &
RUN_PID=$!
wait "$RUN_PID" || { RUN_PID=""; echo "bench: measuring failed" >&2; exit 2; }
RUN_PID=""

rc=0
python3 tools/bench/report.py "$OUT/results.json" "$OUT/report.md" || rc=$?
cat "$OUT/report.md"
if [ "${BENCH_UPDATE_DOCS:-0}" = 1 ]; then
	python3 tools/bench/report.py --docs "$OUT/results.json" docs/performance.md
	echo "bench: docs/performance.md updated"
fi
[ $rc -eq 0 ] && echo "bench: all budgets met" || echo "bench: BUDGET BROKEN (see above)" >&2
exit $rc
