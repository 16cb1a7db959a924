/* tests/test.h - the tiny test runner every unit test uses.
 * CHECK(cond) records a failure with file:line; RUN(fn) runs one test named
 * as a sentence and prints "ok - name" or "not ok - name"; tests/run.sh
 * counts those lines and prints the closing "N passed, N failed". */
#ifndef TEST_H
#define TEST_H
#include <stdio.h>

static int test_failed_;
#define CHECK(c) do { if (!(c)) { test_failed_ = 1; \
	fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c); } } while (0)
#define RUN(fn) do { test_failed_ = 0; fn(); \
	printf("%s - %s\n", test_failed_ ? "not ok" : "ok", #fn); fflush(stdout); } while (0)
#endif
