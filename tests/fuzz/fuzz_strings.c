/* tests/fuzz/fuzz_strings.c - libFuzzer target for the UI string catalog
 * loader (assets/strings/<lang>.json): a catalog or a refusal with a
 * message; every lookup of a loaded one gives text, never NULL. */
#include "content/strings.h"
#include "fuzz.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *langs[] = { "en" };
	char err[512] = "";
	const char *dir = fuzz_put("en.json", data, size);
	Strings *s = strings_load(dir, langs, 1, err, sizeof err);
	if (s) {
		if (!strings_get(s, "en", "start") || !strings_get(s, "es", "") || !strings_get(s, "xx", "\xff")) abort();
		strings_free(s);
	} else if (!err[0]) {
		abort();
	}
	return 0;
}
