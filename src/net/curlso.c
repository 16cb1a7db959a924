/* net/curlso.c - libcurl, loaded on first use.
 *
 * libcurl and the TLS, HTTP/2, IDN, Kerberos and LDAP libraries it links
 * cost about 10 ms of dynamic loading at every start (make bench: exec to
 * first frame), while the first frame needs none of them and a QR-only
 * kiosk never does. So the program is not linked against libcurl: this file
 * defines the libcurl functions Accord uses, and the first call dlopen()s
 * the library and forwards to it. The callers include <curl/curl.h> and
 * call libcurl as usual. If the library cannot be loaded, the calls fail
 * the way libcurl reports an error (NULL handles, CURLE_FAILED_INIT) and
 * the callers' existing error paths say "the network library could not
 * start". The package still depends on libcurl4 (mk/deb.mk).
 */
#define CURL_DISABLE_TYPECHECK   /* the type-checking macros would rename the definitions below */
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>

/* The library's own entry points, found once. */
static struct {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	CURLcode (*easy_send)(CURL *, const void *, size_t, size_t *);
	CURLcode (*easy_recv)(CURL *, void *, size_t, size_t *);
	char *(*easy_escape)(CURL *, const char *, int);
	void (*free)(void *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(CURLU *, CURLUPart, char **, unsigned int);
} lib;
static int loaded;   /* 1: every entry point above is set */
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define FIND(field, name) (*(void **)&lib.field = dlsym(h, name)) != NULL

static void load(void)
{
	/* the soname the build linked against before (libcurl4), then the GnuTLS build */
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h) h = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h) return;
	loaded = FIND(global_init, "curl_global_init") && FIND(global_cleanup, "curl_global_cleanup") &&
		 FIND(easy_init, "curl_easy_init") &&
		 FIND(easy_setopt, "curl_easy_setopt") && FIND(easy_perform, "curl_easy_perform") &&
		 FIND(easy_cleanup, "curl_easy_cleanup") && FIND(easy_getinfo, "curl_easy_getinfo") &&
		 FIND(easy_strerror, "curl_easy_strerror") && FIND(easy_send, "curl_easy_send") &&
		 FIND(easy_recv, "curl_easy_recv") && FIND(easy_escape, "curl_easy_escape") &&
		 FIND(free, "curl_free") && FIND(slist_append, "curl_slist_append") &&
		 FIND(slist_free_all, "curl_slist_free_all") && FIND(url, "curl_url") &&
		 FIND(url_cleanup, "curl_url_cleanup") && FIND(url_set, "curl_url_set") && FIND(url_get, "curl_url_get");
	if (!loaded) dlclose(h);   /* too old a libcurl: behave as if absent */
}

static int ready(void)
{
	pthread_once(&once, load);
	return loaded;
}

CURLcode curl_global_init(long flags) { return ready() ? lib.global_init(flags) : CURLE_FAILED_INIT; }
CURL *curl_easy_init(void) { return ready() ? lib.easy_init() : NULL; }
CURLcode curl_easy_perform(CURL *c) { return c && ready() ? lib.easy_perform(c) : CURLE_FAILED_INIT; }
const char *curl_easy_strerror(CURLcode rc) { return ready() ? lib.easy_strerror(rc) : "the network library (libcurl) is not installed"; }
char *curl_easy_escape(CURL *c, const char *s, int n) { return ready() ? lib.easy_escape(c, s, n) : NULL; }
struct curl_slist *curl_slist_append(struct curl_slist *l, const char *s) { return ready() ? lib.slist_append(l, s) : NULL; }
CURLU *curl_url(void) { return ready() ? lib.url() : NULL; }

/* What only a loaded library can have made: nothing to do without one. */
void curl_global_cleanup(void) { if (loaded) lib.global_cleanup(); }
void curl_easy_cleanup(CURL *c) { if (c && loaded) lib.easy_cleanup(c); }
void curl_free(void *p) { if (p && loaded) lib.free(p); }
void curl_slist_free_all(struct curl_slist *l) { if (l && loaded) lib.slist_free_all(l); }
void curl_url_cleanup(CURLU *u) { if (u && loaded) lib.url_cleanup(u); }

CURLcode curl_easy_send(CURL *c, const void *b, size_t n, size_t *sent)
{
	return c && loaded ? lib.easy_send(c, b, n, sent) : CURLE_FAILED_INIT;
}

CURLcode curl_easy_recv(CURL *c, void *b, size_t n, size_t *got)
{
	return c && loaded ? lib.easy_recv(c, b, n, got) : CURLE_FAILED_INIT;
}

CURLUcode curl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags)
{
	return u && loaded ? lib.url_set(u, what, part, flags) : CURLUE_BAD_HANDLE;
}

CURLUcode curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags)
{
	if (part) *part = NULL;
	return u && loaded ? lib.url_get(u, what, part, flags) : CURLUE_BAD_HANDLE;
}

/* One argument follows the option; its type is given by the option's
 * number range (curl.h: CURLOPTTYPE_*), as libcurl itself reads it. */
CURLcode curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	CURLcode rc;
	va_list ap;
	if (!c || !loaded) return CURLE_FAILED_INIT;
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT) rc = lib.easy_setopt(c, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT) rc = lib.easy_setopt(c, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T) rc = lib.easy_setopt(c, opt, va_arg(ap, void (*)(void)));
	else if (opt < CURLOPTTYPE_BLOB) rc = lib.easy_setopt(c, opt, va_arg(ap, curl_off_t));
	else rc = lib.easy_setopt(c, opt, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

/* Every CURLINFO takes a pointer to where the answer goes. */
CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	CURLcode rc;
	va_list ap;
	if (!c || !loaded) return CURLE_FAILED_INIT;
	va_start(ap, info);
	rc = lib.easy_getinfo(c, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}
