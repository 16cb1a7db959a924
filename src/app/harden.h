/* app/harden.h - process hardening done first thing in main(): no core
 * dumps (a core file would hold the answers and names in memory) and the
 * process is not dumpable (no ptrace attach or /proc/<pid>/mem reads by
 * other processes of the same user). The unit file also sets LimitCORE=0. */
#ifndef APP_HARDEN_H
#define APP_HARDEN_H
#include <stddef.h>

/* Returns 0, or -1 with the reason in err (the caller logs it and goes on). */
int harden_process(char *err, size_t n);
#endif
