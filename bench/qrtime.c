/* bench/qrtime.c - make bench: time to encode the largest QR page the kiosk
 * makes (a full page at the default maximum version) with the kiosk's own
 * export/qr.c, median of 200 runs. Prints one JSON object. Built by
 * bench/bench.sh against build/libaccord.a; not part of the appliance. */
#include "export/qr.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	enum { N = 200 };
	static double t[N];
	int v = QR_DEFAULT_MAX_VERSION, cap = qr_capacity(v), width = 0, got = 0;
	const char *line = "PEG 6.0/10 (7 5 6). Wants to talk about: refills on a weekend. ";
	char *text = malloc((size_t)cap + 1);
	if (!text) return 1;
	for (int i = 0; i < cap; i++) text[i] = line[i % (int)strlen(line)];
	text[cap] = 0;
	for (int i = 0; i < N; i++) {
		struct timespec a, b;
		unsigned char *mods = NULL;
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (qr_encode(text, v, &mods, &width, &got) != 0) { fprintf(stderr, "qrtime: encode failed\n"); return 1; }
		clock_gettime(CLOCK_MONOTONIC, &b);
		free(mods);
		t[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	}
	qsort(t, N, sizeof t[0], cmp);
	printf("{\"bytes\": %d, \"version\": %d, \"modules\": %d, \"encode_ms_min\": %.3f, \"encode_ms_median\": %.3f, "
	       "\"encode_ms_max\": %.3f}\n", cap, got, width, t[0], t[N / 2], t[N - 1]);
	free(text);
	return 0;
}
