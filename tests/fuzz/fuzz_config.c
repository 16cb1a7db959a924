/* tests/fuzz/fuzz_config.c - libFuzzer target for accord.conf: any bytes
 * give a config where every string is terminated and every number in its
 * range, and a report line per problem. */
#include "app/config.h"
#include "fuzz.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Config c;
	char errs[4096] = "", path[160];
	snprintf(path, sizeof path, "%s/accord.conf", fuzz_put("accord.conf", data, size));
	config_defaults(&c);
	int n = config_load(&c, path, 0, errs, sizeof errs);
	if (n < 0 || (n > 0 && !errs[0])) abort();
	if (!memchr(c.kiosk_name, 0, sizeof c.kiosk_name) || !memchr(c.fhir_bearer_token, 0, sizeof c.fhir_bearer_token)) abort();
	if (c.idle_warn_seconds < 15 || c.hl7_port < 1 || c.rotation % 90) abort();
	if (c.data_dir[0] != '/') abort();               /* a relative data_dir is never taken */
	return 0;
}
