#!/bin/sh
# tests/run.sh - run every test and print the closing "N passed, N failed".
# A test is a unit binary (TESTBIN), or tests/check_*.sh / tests/check_*.py.
# Each prints "ok - name" / "not ok - name" lines; a test program that exits
# non-zero without printing a "not ok" line counts as one failure.
# ACCORD names the accord binary the scenario tests drive (sanitized build).
# tests/slow/*.sh are the standing attacks (kill loop, monkey, ...): here they
# run short (SLOW_SHORT=1); `make test-slow` runs them in full (mk/slow.mk).
# TESTS, when set, replaces the list of tests.
set -u
cd "$(dirname "$0")/.."
: "${ACCORD:=build/accord}"
: "${TESTBIN:=$(ls build/tests/* 2>/dev/null)}"
export ACCORD ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SLOW_SHORT="${SLOW_SHORT:-1}"
OUT=build/test-out; mkdir -p "$OUT"
# One set of test servers (tests/lib/servers.sh) for the whole run, started
# by the first test that needs them; they exit with this script.
ACCORD_TEST_SERVERS="$PWD/$OUT/servers" ACCORD_TEST_RUN_PID=$$
export ACCORD_TEST_SERVERS ACCORD_TEST_RUN_PID
trap 'sh tests/lib/servers.sh stop "$ACCORD_TEST_SERVERS" 2>/dev/null' EXIT
pass=0; fail=0; failed=""
only="${TEST_ONLY:-}"
for t in ${TESTS:-$TESTBIN tests/check_*.sh tests/check_*.py tests/slow/*.sh}; do
	[ -e "$t" ] || continue
	case "$t" in *"$only"*) ;; *) continue ;; esac
	log="$OUT/$(basename "$t").log"
	case "$t" in
	*.sh) sh "$t" >"$log" 2>&1 ;;
	*.py) python3 "$t" >"$log" 2>&1 ;;
	*) "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $t exited $rc" >>"$log"; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		failed="$failed $t"
		echo "FAIL $t ($p passed, $f failed) - log: $log"
		grep -v '^ok ' "$log" | tail -40 | sed 's/^/    /'
	else
		echo "ok   $t ($p passed)"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
