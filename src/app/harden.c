/* app/harden.c - see harden.h. */
#include "app/harden.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int harden_process(char *err, size_t n)
{
	struct rlimit none = { 0, 0 };
	if (setrlimit(RLIMIT_CORE, &none) != 0) {
		snprintf(err, n, "cannot turn core dumps off: %s", strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		snprintf(err, n, "cannot make the process undumpable: %s", strerror(errno));
		return -1;
	}
	return 0;
}
