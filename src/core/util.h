/* core/util.h - allocation that never returns NULL, a growable string buffer,
 * and small string helpers. Allocation failure aborts (systemd restarts us;
 * answers are already in SQLite). */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H
#include <stddef.h>

void *xmalloc(size_t n);               /* never NULL; free with free() */
void *xcalloc(size_t n, size_t size);  /* never NULL; free with free() */
void *xrealloc(void *p, size_t n);     /* never NULL */
char *xstrdup(const char *s);          /* NULL stays NULL; free with free() */
char *xstrndup(const char *s, size_t n);

/* A growable NUL-terminated byte buffer. Zero-initialise; buf_free releases. */
typedef struct Buf {
	char *s;      /* contents, always NUL-terminated once anything is added */
	size_t len;   /* bytes used, without the NUL */
	size_t cap;   /* bytes allocated */
} Buf;
void buf_add(Buf *b, const char *s);
void buf_addn(Buf *b, const char *s, size_t n);
void buf_addf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_addc(Buf *b, char c);
char *buf_take(Buf *b);                /* caller frees with free(); b is reset */
void buf_free(Buf *b);

int str_eq(const char *a, const char *b);       /* NULL-safe equality */
int utf8_valid(const char *s, size_t n);         /* 1 if s[0..n) is valid UTF-8 */
/* Reads a whole file, stopping once it is over max bytes (so a caller sees
 * it is too big without reading a huge file); NULL when it cannot be opened
 * or read.
 * *len (may be NULL) gets the length read. Caller frees. */
char *read_file(const char *path, size_t max, size_t *len);
#endif
