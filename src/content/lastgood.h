/* content/lastgood.h - the content sets kept on the data partition
 * (data_dir/content): a set fetched and checked but not yet live ("next"),
 * the live one ("current", the last good) and the one before it
 * ("previous"). At start-up the app tries next, then current, then previous,
 * then the built-in assets, and tells this module which one it accepted and
 * which it refused. Pointers are small files replaced atomically (write a
 * temporary, fsync, rename), so a power cut leaves the old or the new one.
 * Layout: ROOT/sets/<version>/..., ROOT/{next,current,previous} (a version
 * each), ROOT/sets/<version>.refused/ (kept for staff, never used again). */
#ifndef CONTENT_LASTGOOD_H
#define CONTENT_LASTGOOD_H
#include <stddef.h>

enum { LG_NEXT, LG_CURRENT, LG_PREVIOUS, LG_N };

typedef struct LgSet {
	int role;              /* LG_NEXT, LG_CURRENT, LG_PREVIOUS */
	char version[72];
	char dir[600];         /* ROOT/sets/<version> */
} LgSet;

/* A fresh empty directory ROOT/staging-<pid> to write a new set into
 * (created, with ROOT). 0, or -1 with a message in err. */
int lastgood_staging(const char *root, char *dir, size_t n, char *err, size_t errlen);
/* Moves the staging directory to ROOT/sets/<version> and points next at it.
 * 0, or -1 with a message in err (the staging directory is removed). */
int lastgood_stage(const char *root, const char *staging, const char *version, char *err, size_t errlen);
/* 1 if version is next, current or previous, 2 if it was refused, else 0. */
int lastgood_known(const char *root, const char *version);
/* 1 if version is the next set (staged, not live yet). */
int lastgood_is_next(const char *root, const char *version);
/* The sets to try, best first (next, current, previous; those that exist).
 * Returns how many were written to out (at most LG_N). */
int lastgood_candidates(const char *root, LgSet out[LG_N]);
/* version loaded cleanly and is live: it becomes current, the old current
 * previous; next is cleared; other sets are deleted. 0 or -1. */
int lastgood_accept(const char *root, const char *version);
/* version failed to load: it leaves the pointers (previous moves up when it
 * was current) and its directory is renamed <version>.refused, so it is
 * never fetched or tried again. reason is kept in it as REFUSED.txt. */
int lastgood_refuse(const char *root, const char *version, const char *reason);
/* The live version ("" when the built-in assets are live) into out. */
void lastgood_current(const char *root, char *out, size_t n);
/* Deletes a directory tree (staging leftovers). 0 or -1. */
int lastgood_remove_tree(const char *dir);
#endif
