#!/bin/sh
# make bench: Accord against a browser kiosk and a bare SDL2 program, measured
# side by side in one run on one Xvfb display under one window manager
# (bench/run.py), checked against the budgets in bench/report.py. Writes
# build/bench.json and docs/performance.md; exits non-zero when a budget is
# missed. Not part of make test. About 10 minutes on 2 cores.
#   BENCH_RUNS=N     measured runs of each contender (default 5, after a warm-up)
#   BENCH_IDLE_S=S   seconds of each idle CPU figure (default 30)
#   BENCH_ONLY=WORD  measure only the steps whose name has WORD (a partial
#                    report; docs/performance.md is then left alone)
set -eu
ACCORD=${1:-build/accord}
case $ACCORD in /*) ;; *) ACCORD=$(pwd)/$ACCORD ;; esac
cd "$(dirname "$0")/.."
OUT=build/bench
for t in Xvfb matchbox-window-manager chromium valgrind; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench: $t missing: run make bench-deps" >&2; exit 2; }
done
[ -x "$ACCORD" ] || { echo "bench: $ACCORD not built (run make bench)" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT"
PIDFILE=$OUT/pids
: > "$PIDFILE"
XVFB_PID="" WM_PID="" RUN_PID=""
cleanup() {
	set +e
	if [ -n "$RUN_PID" ]; then kill "$RUN_PID" 2>/dev/null; wait "$RUN_PID" 2>/dev/null; fi
	while read -r pid; do kill -TERM "-$pid" 2>/dev/null; done < "$PIDFILE"
	[ -n "$WM_PID" ] && kill "$WM_PID" 2>/dev/null
	[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
	wait 2>/dev/null
	return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

SDL="$(pkg-config --cflags --libs sdl2 SDL2_ttf)"
cc -O2 -Wall -Wextra -o "$OUT/xprobe" bench/xprobe.c -lX11 -lXtst
# shellcheck disable=SC2086
cc -O2 -Wall -Wextra -o "$OUT/floor" bench/floor.c $SDL
# shellcheck disable=SC2086
cc -O2 -Wall -Wextra -Isrc -o "$OUT/qrtime" bench/qrtime.c "$(dirname "$ACCORD")/libaccord.a" \
	$(pkg-config --libs libqrencode libcjson) -lm

# A private X server the size of the 800x480 panel with a kiosk window manager
# (every window full screen, no title bars) shared by the three contenders.
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
matchbox-window-manager -use_titlebar no -use_cursor no > "$OUT/wm.log" 2>&1 &
WM_PID=$!
sleep 0.5
unset WAYLAND_DISPLAY SDL_VIDEODRIVER SDL_RENDER_DRIVER SDL_FRAMEBUFFER_ACCELERATION
echo "bench: measuring on display $DISPLAY ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))..."

ACCORD=$ACCORD FLOOR=$OUT/floor XPROBE=$OUT/xprobe QRTIME=$OUT/qrtime PIDFILE=$PIDFILE \
	python3 bench/run.py "$OUT" &
RUN_PID=$!
wait "$RUN_PID" || { RUN_PID=""; echo "bench: measuring failed" >&2; exit 2; }
RUN_PID=""

rc=0
docs=docs/performance.md
[ -n "${BENCH_ONLY:-}" ] && docs=$OUT/performance.md
python3 bench/report.py "$OUT/results.json" build/bench.json "$docs" || rc=$?
cat "$OUT/summary.txt"
[ $rc -eq 0 ] && echo "bench: all budgets met (report: $docs, figures: build/bench.json)" ||
	echo "bench: BUDGET MISSED (see above; report: $docs)" >&2
exit $rc
