#!/bin/sh
# tests/slow/power_cut.sh - power cuts with lost and torn writes, many of
# them: tests/unit/power_cut_test.c (a test VFS that keeps unsynced writes
# in memory and, at a random write, lets each unsynced sector reach the
# disk or not) run with many cuts on the normal build. After every cut the
# store must open without setting anything aside, with every completion
# that had returned still there, complete with its outbox and audit rows.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/slow.sh
slow_init power_cut
cuts=$(slow_n 5 300)
bin=$BUILD/tests/power_cut_test                        # make test-slow builds it
[ -x "$bin" ] || bin=$BUILD/san/tests/power_cut_test   # make test builds this one
[ -x "$bin" ] || { echo "not ok - the power cut test is built (make $BUILD/tests/power_cut_test)"; exit 0; }
POWER_CUTS=$cuts timeout -k 5 1800 "$bin" > "$W/out" 2> "$W/err"
rc=$?
grep '^# ' "$W/out"
grep -q '^ok - ' "$W/out" && [ $rc = 0 ]
slow_ok $? "$cuts power cuts with torn unsynced writes: the database opens intact and every completed visit is kept$(head -3 "$W/err" | tr '\n' ' ' | sed 's/^./ - &/')"
exit 0
