/* net/rest.c - see rest.h. */
#include "net/rest.h"
#include "core/util.h"
#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Sink {
	Buf buf;
	size_t max;
	int over;
} Sink;

static size_t keep(char *p, size_t size, size_t n, void *ctx)
{
	Sink *s = ctx;
	if (s->buf.len + size * n > s->max) { s->over = 1; return 0; }
	buf_addn(&s->buf, p, size * n);
	return size * n;
}

static char *full_url(const HttpConfig *cfg, const char *url)
{
	Buf b = { 0 };
	if (strstr(url, "://") || !cfg->url) return xstrdup(url);
	buf_add(&b, cfg->url);
	if (b.len && b.s[b.len - 1] != '/') buf_addc(&b, '/');
	buf_add(&b, url[0] == '/' ? url + 1 : url);
	return buf_take(&b);
}

int rest_call(const HttpConfig *cfg, const char *method, const char *url, const char *body, size_t max, RestReply *reply)
{
	CURL *c;
	struct curl_slist *h = NULL;
	CURLcode rc;
	Sink sink = { { 0 }, max ? max : 8u * 1024u * 1024u, 0 };
	char auth[1024], *u = full_url(cfg, url);
	int is_file = !strncmp(u, "file://", 7);

	memset(reply, 0, sizeof *reply);
	http_global_init();
	if (!(c = curl_easy_init())) {
		snprintf(reply->message, sizeof reply->message, "the network library could not start");
		free(u);
		reply->body = xstrdup("");
		return -1;
	}
	h = curl_slist_append(h, "Accept: application/fhir+json, application/json;q=0.9, */*;q=0.1");
	if (body) h = curl_slist_append(h, "Content-Type: application/fhir+json");
	/* the token only ever goes to the FHIR server itself */
	if (cfg->bearer_token && *cfg->bearer_token && cfg->url && *cfg->url && !strncmp(u, cfg->url, strlen(cfg->url))) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", cfg->bearer_token);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(c, CURLOPT_URL, u);
	/* Cleartext only when IT allowed it (allow_insecure), as for the results. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, !strcmp(method, "GET") ? (cfg->allow_insecure ? "https,http,file" : "https,file")
								  : (cfg->allow_insecure ? "https,http" : "https"));
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	http_tls(c, cfg->ca_file, cfg->client_cert, cfg->client_key);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);

	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply->status);
	if (rc == CURLE_OK && is_file) reply->status = 200;
	if (sink.over) snprintf(reply->message, sizeof reply->message, "the answer is larger than %zu bytes", sink.max);
	else if (rc != CURLE_OK) snprintf(reply->message, sizeof reply->message, "%s", curl_easy_strerror(rc));
	else if (reply->status < 200 || reply->status >= 300)
		snprintf(reply->message, sizeof reply->message, "the server answered %ld", reply->status);
	reply->len = sink.buf.len;
	reply->body = sink.buf.s ? buf_take(&sink.buf) : xstrdup("");
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	free(u);
	return reply->message[0] ? -1 : 0;
}

void rest_reply_free(RestReply *reply)
{
	free(reply->body);
	reply->body = NULL;
}

char *rest_query(const char *base, ...)
{
	Buf b = { 0 };
	va_list ap;
	const char *k;
	char sep = '?';
	buf_add(&b, base);
	va_start(ap, base);
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		char *e = curl_easy_escape(NULL, v ? v : "", 0);
		buf_addf(&b, "%c%s=%s", sep, k, e ? e : "");
		curl_free(e);
		sep = '&';
	}
	va_end(ap);
	return buf_take(&b);
}
