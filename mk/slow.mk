# mk/slow.mk - `make test-slow`: the standing attacks of tests/slow/ in full.
#
#   make test-slow [TEST_ONLY=monkey]
#
# Each tests/slow/NAME.sh is one attack (kill loop, power cut, monkey, load,
# no PHI outside the database, storage faults, bad config ...). Convention:
#   - prints "ok - sentence" / "not ok - sentence" lines, like every test
#     (tests/run.sh counts them; exiting non-zero without a "not ok" line
#     counts as one failure);
#   - SLOW_SHORT=1 (the default, what `make test` runs): a short version,
#     a few seconds to a minute; SLOW_SHORT=0 (`make test-slow`): the full run;
#   - ACCORD is the ASan+UBSan binary, ACCORD_PLAIN the normal build (for
#     memory and time figures); scratch files go under $(BUILD)/slow/NAME
#     (tests/lib/slow.sh: slow_init, slow_n, slow_san_clean);
#   - figures worth keeping are printed as "# figure: ..." lines.
# See tests/slow/README.md.
#
# CI (.ci/run) runs `make test` only, with every attack short. Measured on
# the 2-core development machine: the full monkey alone is about 22 minutes
# of CPU (100,000 sanitized events at ~10 ms, 100,000 plain ones at ~2.8 ms)
# before the kill loop, power cut and load attacks, so the full run does not
# fit the 20 minutes set for it; run `make test-slow` before a release.

SLOW_TESTS = $(sort $(wildcard tests/slow/*.sh))

.PHONY: test-slow
test-slow: deps $(SAN)/accord $(BUILD)/accord $(BUILD)/tests/power_cut_test
	@ACCORD=$(SAN)/accord ACCORD_PLAIN=$(BUILD)/accord SLOW_SHORT=0 TESTS="$(SLOW_TESTS)" sh tests/run.sh
