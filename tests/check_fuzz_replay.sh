#!/bin/sh
# tests/check_fuzz_replay.sh - builds every libFuzzer target (mk/fuzz.mk:
# questionnaire, agreement, strings, scoring, config, script, hl7_ack,
# fhir_reply, mllp_reply) with clang (ASan+UBSan) and replays each one's
# seed corpus tests/fuzz/corpus/NAME once (-runs=0). Prints "ok"/"not ok";
# without clang or its libFuzzer runtime it prints a "#" notice only (a
# skip is not a pass).
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
if ! command -v clang >/dev/null 2>&1; then
	echo "# skipped: clang not found (tools/deps.sh installs it)"
	exit 0
fi
log=$BUILD/fuzz/replay.log
mkdir -p "$BUILD/fuzz"
if ! make -s -j2 BUILD="$BUILD" fuzz-build >"$log" 2>&1; then
	if grep -q "libclang_rt.fuzzer\|fuzzer.*No such file\|cannot find.*fuzzer" "$log"; then
		echo "# skipped: libFuzzer runtime missing (libclang-rt-14-dev)"
		exit 0
	fi
	tail -30 "$log"
	echo "not ok - fuzz targets build with clang"
	exit 1
fi
echo "ok - fuzz targets build with clang"
rc=0
for dir in tests/fuzz/corpus/*/; do
	t=$(basename "$dir")
	n=$(ls "$dir" | wc -l)
	if [ ! -x "$BUILD/fuzz/fuzz_$t" ]; then
		echo "not ok - fuzz target $t exists for corpus $dir"; rc=1; continue
	fi
	if "$BUILD/fuzz/fuzz_$t" -runs=0 "$dir" >"$BUILD/fuzz/replay-$t.log" 2>&1; then
		echo "ok - fuzz seeds of $t replay without a crash ($n seeds)"
	else
		tail -30 "$BUILD/fuzz/replay-$t.log"
		echo "not ok - fuzz seeds of $t replay without a crash"; rc=1
	fi
done
exit $rc
