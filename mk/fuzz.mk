# mk/fuzz.mk - fuzzing the Questionnaire loader with libFuzzer (clang).
#   make fuzz              build, then fuzz for FUZZ_SECONDS (default 60) from the seeds
#   make fuzz-replay       build, then run every seed once (-runs=0): a regression check
# New crashes land in $(BUILD)/fuzz/ as crash-*; add a minimised one to
# tests/fuzz/corpus/ once fixed. Needs clang + libclang-rt-14-dev (tools/deps.sh).

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SRC     := src/content/questionnaire.c src/core/qmodel.c src/core/answers.c src/core/util.c
FUZZ_BIN     := $(FUZZ_DIR)/fuzz_questionnaire
FUZZ_FLAGS   := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -g -O1 -Isrc \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

.PHONY: fuzz fuzz-replay
$(FUZZ_BIN): tests/fuzz/fuzz_questionnaire.c $(FUZZ_SRC)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lcjson -lm

fuzz: $(FUZZ_BIN)
	@mkdir -p $(FUZZ_DIR)/corpus
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
		-artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus tests/fuzz/corpus

fuzz-replay: $(FUZZ_BIN)
	$(FUZZ_BIN) -runs=0 tests/fuzz/corpus
