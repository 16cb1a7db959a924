# make effort: what each visit plan costs a patient (screens, taps, words,
# minutes), written to docs/patient-effort.md; fails when a budget is missed.
# A benchmark, not part of make test.
.PHONY: effort
effort: $(BUILD)/accord
	sh tools/effort.sh $(BUILD)/accord
