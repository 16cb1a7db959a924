# Accord - waiting-room kiosk for pain clinics.
# Usual verbs: make, make run, make test, make check, make bench, make deps, make clean.
# CC, CFLAGS, PREFIX may be overridden.

CC      ?= cc
PREFIX  ?= /usr
BUILD   ?= build
# sqlcipher: SQLite with page encryption (docs/data-at-rest.md); without a key it is plain SQLite.
PKGS    := sdl2 SDL2_ttf libpng libqrencode libcjson sqlcipher libcurl espeak-ng libsodium libsystemd
# -Wall -Wextra: the usual; -Werror: warnings are bugs here; -Wshadow/-Wstrict-prototypes: C hygiene.
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -DSQLITE_HAS_CODEC $(WARN) $(CFLAGS) -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
# libcurl and SQLCipher are compiled against but not linked into the program:
# src/net/curlso.c and src/store/sqlso.c load them on first use (off the path
# to the first frame). Unit tests that call SQLite themselves link it.
LINKPKGS = $(filter-out libcurl sqlcipher,$(PKGS))
LDLIBS  = $(shell pkg-config --libs $(LINKPKGS) 2>/dev/null) -lm -lpthread
TEST_LDLIBS = $(shell pkg-config --libs sqlcipher 2>/dev/null) $(LDLIBS)
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.1.0)

SRC     := $(sort $(wildcard src/*/*.c))
LIBSRC  := $(filter-out src/app/main.c,$(SRC))
OBJ     := $(LIBSRC:%.c=$(BUILD)/%.o)
TESTSRC := $(sort $(wildcard tests/unit/*.c))
TESTBIN := $(TESTSRC:tests/unit/%.c=$(BUILD)/tests/%)

# Sanitizer build used by the tests (ASan + UBSan).
SAN     := $(BUILD)/san
SANFLAGS:= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SANOBJ  := $(LIBSRC:%.c=$(SAN)/%.o)
SANTEST := $(TESTSRC:tests/unit/%.c=$(SAN)/tests/%)

.PHONY: all run test check bench bench-deps deps clean screenshots fuzz install deb image image-test
all: $(BUILD)/accord

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DACCORD_VERSION='"$(VERSION)"' -c $< -o $@

$(BUILD)/libaccord.a: $(OBJ)
	ar rcs $@ $^

$(BUILD)/accord: $(BUILD)/src/app/main.o $(BUILD)/libaccord.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libaccord.a tests/test.h tests/test_db.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(BUILD)/libaccord.a $(TEST_LDLIBS)

$(SAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -DACCORD_VERSION='"$(VERSION)"' -c $< -o $@

$(SAN)/libaccord.a: $(SANOBJ)
	ar rcs $@ $^

$(SAN)/accord: $(SAN)/src/app/main.o $(SAN)/libaccord.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(SAN)/tests/%: tests/unit/%.c $(SAN)/libaccord.a tests/test.h tests/test_db.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -Itests -o $@ $< $(SAN)/libaccord.a $(TEST_LDLIBS)

# Install missing Debian packages (only when something is missing; idempotent).
deps:
	@sh tools/deps.sh

run: deps $(BUILD)/accord
	mkdir -p $(BUILD)/data
	./$(BUILD)/accord --data $(BUILD)/data --assets assets --config tools/dev.conf

# Every test, under ASan+UBSan. Ends with "N passed, N failed".
test: deps $(SAN)/accord $(SANTEST) $(BUILD)/accord
	@ACCORD=$(SAN)/accord TESTBIN="$(SANTEST)" sh tests/run.sh

check: all test
	@sh tools/layering.sh
	@sh tools/stylecheck.sh

screenshots: $(BUILD)/accord
	sh tools/screenshots.sh $(BUILD)/accord

# Accord against a browser kiosk and a bare SDL2 program, side by side, with
# budgets; writes docs/performance.md and build/bench.json. Not part of test.
bench: deps bench-deps $(BUILD)/accord
	sh bench/bench.sh $(BUILD)/accord

# What make bench needs beyond make deps (a browser, Xvfb, a window manager,
# valgrind); never installed by make deps.
bench-deps:
	@sh bench/deps.sh

clean:
	rm -rf $(BUILD)

-include mk/*.mk
-include $(OBJ:.o=.d) $(SANOBJ:.o=.d) $(BUILD)/src/app/main.d $(SAN)/src/app/main.d
