#!/bin/sh
# tests/check_fuzz_replay.sh - builds the libFuzzer target of the
# Questionnaire loader with clang (ASan+UBSan) and replays the seed corpus
# tests/fuzz/corpus once (-runs=0). Prints "ok"/"not ok"; without clang or
# its libFuzzer runtime it prints a "#" notice only (a skip is not a pass).
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
if ! command -v clang >/dev/null 2>&1; then
	echo "# skipped: clang not found (tools/deps.sh installs it)"
	exit 0
fi
log=$BUILD/fuzz/replay.log
mkdir -p "$BUILD/fuzz"
if ! make -s BUILD="$BUILD" "$BUILD/fuzz/fuzz_questionnaire" >"$log" 2>&1; then
	if grep -q "libclang_rt.fuzzer\|fuzzer.*No such file\|cannot find.*fuzzer" "$log"; then
		echo "# skipped: libFuzzer runtime missing (libclang-rt-14-dev)"
		exit 0
	fi
	cat "$log"
	echo "not ok - fuzz target builds with clang"
	exit 1
fi
echo "ok - fuzz target builds with clang"
n=$(ls tests/fuzz/corpus | wc -l)
if "$BUILD/fuzz/fuzz_questionnaire" -runs=0 tests/fuzz/corpus >>"$log" 2>&1; then
	echo "ok - fuzz seed corpus replays without a crash ($n seeds)"
else
	tail -30 "$log"
	echo "not ok - fuzz seed corpus replays without a crash"
	exit 1
fi
