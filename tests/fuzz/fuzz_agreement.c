/* tests/fuzz/fuzz_agreement.c - libFuzzer target for the agreement pack
 * loader: any bytes give a pack or a refusal with a message; a loaded pack
 * compares with itself as a language pair without a problem. */
#include "content/agreement.h"
#include "fuzz.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Agreement *a = NULL;
	char err[512] = "";
	int rc = agreement_load_mem((const char *)data, size, "fuzz.json", &a, err, sizeof err);
	if (rc == 0) {
		if (!a || agreement_check_pair(a, a, err, sizeof err) != 0) abort();
	} else if (a || !err[0]) {
		abort();                           /* a refusal must say why and give nothing */
	}
	agreement_free(a);
	return 0;
}
