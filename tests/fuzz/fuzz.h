/* tests/fuzz/fuzz.h - shared bits of the libFuzzer targets: the entry
 * points' prototypes and a scratch file for loaders that read a path. */
#ifndef FUZZ_H
#define FUZZ_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Writes data to DIR/name in a private temporary directory made once per
 * process; returns the directory (static). */
static const char *fuzz_put(const char *name, const uint8_t *data, size_t size)
{
	static char dir[64];
	char path[128];
	FILE *f;
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/accord-fuzz-XXXXXX");
		if (!mkdtemp(dir)) abort();
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "wb"))) abort();
	if (size) fwrite(data, 1, size, f);
	fclose(f);
	return dir;
}
#endif
