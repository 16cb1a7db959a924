/* tests/fuzz/fuzz_script.c - libFuzzer target for the headless script
 * parser (script_check: words, quoted strings, the command table, argument
 * counts). The commands themselves are driven by the monkey. */
#include "app/script.h"
#include "fuzz.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[300];
	why[0] = 0;
	if (script_check((const char *)data, size, why, sizeof why) != 0 && strncmp(why, "line ", 5) != 0) abort();
	return 0;
}
