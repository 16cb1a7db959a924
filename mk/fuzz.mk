# mk/fuzz.mk - libFuzzer targets for every parser (clang, ASan+UBSan).
#   make fuzz              build, then fuzz each target for FUZZ_SECONDS (default 60) from its seeds
#   make fuzz-replay       build, then run every seed once (-runs=0): a regression check
#                          (tests/check_fuzz_replay.sh does this in make test)
# Targets (tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/corpus/NAME/):
#   questionnaire, agreement, strings, scoring, config, script, hl7_ack,
#   fhir_reply (a FHIR server's HTTP answer, through libcurl), mllp_reply
#   (an interface engine's framed ACK). New crashes land in $(BUILD)/fuzz/
#   as crash-*; add a minimised one to the target's corpus once fixed.
# All targets link one clang-built copy of the program's objects
# ($(BUILD)/fuzz/libaccord.a, -fsanitize=fuzzer-no-link). Needs clang +
# libclang-rt-14-dev (tools/deps.sh).

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_TARGETS := questionnaire agreement strings scoring config script hl7_ack fhir_reply mllp_reply
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_SAN     := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(FUZZ_SAN)
FUZZ_OBJ     := $(LIBSRC:%.c=$(FUZZ_DIR)/obj/%.o)

.PHONY: fuzz fuzz-replay fuzz-build
$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -DACCORD_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

$(FUZZ_DIR)/libaccord.a: $(FUZZ_OBJ)
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libaccord.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/libaccord.a $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    -artifact_prefix=$(FUZZ_DIR)/$$t- $(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

fuzz-replay: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do $(FUZZ_DIR)/fuzz_$$t -runs=0 tests/fuzz/corpus/$$t || exit 1; done

-include $(FUZZ_OBJ:.o=.d)
