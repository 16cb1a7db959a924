/* net/http.c - see http.h. */
#include "net/http.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void http_global_init(void)
{
	pthread_once(&once, init_once);
}

/* Keeps the first 256 KB of the answer (an OperationOutcome is small). */
static size_t keep(char *p, size_t size, size_t n, void *ctx)
{
	Buf *b = ctx;
	if (b->len < 256 * 1024) buf_addn(b, p, size * n);
	return size * n;
}

static int progress(void *ctx, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	const atomic_int *stop = ctx;
	(void)a; (void)b; (void)c; (void)d;
	return stop && atomic_load(stop) ? 1 : 0;
}

void http_tls(void *curl, const char *ca_file, const char *client_cert, const char *client_key)
{
	CURL *c = curl;
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca_file && *ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, ca_file);
	if (client_cert && *client_cert) {
		curl_easy_setopt(c, CURLOPT_SSLCERT, client_cert);
		if (client_key && *client_key) curl_easy_setopt(c, CURLOPT_SSLKEY, client_key);
	}
}

void http_abort_on(void *curl, const atomic_int *stop)
{
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)stop);
}

/* Copies s into out[n], cut on a UTF-8 character boundary. */
static void utf8_copy(char *out, size_t n, const char *s)
{
	size_t len = strlen(s);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) len--;
	}
	memcpy(out, s, len);
	out[len] = 0;
}

/* Permanent refusals: the same message will never be accepted as it is.
 * 401 (credentials), 408 and 429 are transient. */
static int permanent(long status)
{
	return status >= 400 && status < 500 && status != 401 && status != 408 && status != 429;
}

/* The server's reason from an OperationOutcome body: the texts of its
 * error issues, joined. Returns 1 when body is an OperationOutcome with an
 * error or fatal issue. */
static int outcome_errors(const char *body, char *out, size_t n)
{
	cJSON *oo = cJSON_Parse(body), *issue;
	Buf b = {0};
	int errors = 0;
	if (out && n) out[0] = 0;
	if (!oo) return 0;
	if (!str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(oo, "resourceType")), "OperationOutcome")) {
		cJSON_Delete(oo);
		return 0;
	}
	cJSON_ArrayForEach(issue, cJSON_GetObjectItem(oo, "issue")) {
		const char *sev = cJSON_GetStringValue(cJSON_GetObjectItem(issue, "severity"));
		const char *text = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(issue, "details"), "text"));
		const char *diag = cJSON_GetStringValue(cJSON_GetObjectItem(issue, "diagnostics"));
		cJSON *where = cJSON_GetArrayItem(cJSON_GetObjectItem(issue, "expression"), 0);
		if (!str_eq(sev, "error") && !str_eq(sev, "fatal")) continue;
		errors++;
		if (b.len) buf_add(&b, "; ");
		buf_add(&b, text ? text : diag ? diag : cJSON_GetStringValue(cJSON_GetObjectItem(issue, "code")));
		if (cJSON_GetStringValue(where)) buf_addf(&b, " (%s)", cJSON_GetStringValue(where));
	}
	if (out && n && b.len) utf8_copy(out, n, b.s);
	buf_free(&b);
	cJSON_Delete(oo);
	return errors > 0;
}

/* Plain words for a transport failure. */
static const char *curl_words(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST: return "the server name could not be found (check fhir_base_url)";
	case CURLE_COULDNT_CONNECT: return "could not connect to the server (is it running and reachable?)";
	case CURLE_OPERATION_TIMEDOUT: return "the server did not answer in time";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "the server's certificate is not trusted, so nothing was sent (check fhir_ca_file)";
	case CURLE_SSL_CONNECT_ERROR: return "the secure connection failed (certificate or TLS settings)";
	case CURLE_SSL_CERTPROBLEM: return "our client certificate could not be used (check fhir_client_cert)";
	case CURLE_SSL_CACERT_BADFILE: return "the CA file could not be read (check fhir_ca_file)";
	case CURLE_GOT_NOTHING: case CURLE_RECV_ERROR: case CURLE_SEND_ERROR: case CURLE_PARTIAL_FILE:
		return "the connection was dropped before the server answered";
	case CURLE_URL_MALFORMAT: case CURLE_UNSUPPORTED_PROTOCOL: return "fhir_base_url is not a valid address";
	default: return "the network request failed";
	}
}

void http_post_fhir(const HttpConfig *cfg, const char *body, const atomic_int *stop, HttpResult *res)
{
	CURL *c;
	struct curl_slist *h = NULL;
	CURLcode rc;
	Buf auth = {0}, body_in = {0};
	curl_off_t retry = 0;

	memset(res, 0, sizeof *res);
	res->outcome = HTTP_RETRY;
	http_global_init();
	if (!cfg->url || !*cfg->url) {
		snprintf(res->message, sizeof res->message, "no fhir_base_url is configured");
		return;
	}
	c = curl_easy_init();
	if (!c) {
		snprintf(res->message, sizeof res->message, "the network library could not start");
		return;
	}
	h = curl_slist_append(h, "Content-Type: application/fhir+json");
	h = curl_slist_append(h, "Accept: application/fhir+json");
	if (cfg->bearer_token && *cfg->bearer_token) {
		buf_addf(&auth, "Authorization: Bearer %s", cfg->bearer_token);   /* any length */
		h = curl_slist_append(h, auth.s);
	}
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
	/* Cleartext only when IT said so (allow_insecure); never on a redirect. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, cfg->allow_insecure ? "https,http" : "https");
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	http_tls(c, cfg->ca_file, cfg->client_cert, cfg->client_key);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body_in);
	http_abort_on(c, stop);

	rc = curl_easy_perform(c);
	buf_add(&body_in, "");
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		res->outcome = HTTP_ABORTED;
		snprintf(res->message, sizeof res->message, "stopped before the server answered");
	} else if (rc == CURLE_UNSUPPORTED_PROTOCOL && !cfg->allow_insecure && !strncmp(cfg->url, "http:", 5)) {
		snprintf(res->message, sizeof res->message,
			 "fhir_base_url is not https: nothing was sent (set allow_insecure only on a trusted test network)");
	} else if (rc != CURLE_OK) {
		snprintf(res->message, sizeof res->message, "%s", curl_words(rc));
	} else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
		if (res->status >= 200 && res->status < 300 && !outcome_errors(body_in.s, res->reason, sizeof res->reason)) {
			res->outcome = HTTP_SENT;
			snprintf(res->message, sizeof res->message, "delivered (%ld)", res->status);
		} else if (res->status >= 200 && res->status < 300) {
			res->outcome = HTTP_REJECTED;
			snprintf(res->message, sizeof res->message, "the server answered %ld with an error", res->status);
		} else if (res->status == 401) {
			snprintf(res->message, sizeof res->message,
				 "the server refused our credentials (401): check fhir_bearer_token or the client certificate");
		} else if (res->status == 403) {
			res->outcome = HTTP_REJECTED;
			snprintf(res->message, sizeof res->message, "the server does not allow this kiosk to send this (403)");
		} else if (permanent(res->status)) {
			res->outcome = HTTP_REJECTED;
			snprintf(res->message, sizeof res->message, "the server refused the data (%ld)", res->status);
		} else if (res->status == 429 || res->status == 503) {
			curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry);
			res->retry_after_ms = (long long)retry * 1000;
			snprintf(res->message, sizeof res->message, "the server is busy (%ld); trying again later", res->status);
		} else if (res->status >= 500) {
			snprintf(res->message, sizeof res->message, "the server had an error (%ld)", res->status);
		} else {
			snprintf(res->message, sizeof res->message, "the server answered %ld", res->status);
		}
		if (res->outcome == HTTP_REJECTED && !res->reason[0]) outcome_errors(body_in.s, res->reason, sizeof res->reason);
		if (res->outcome == HTTP_REJECTED && !res->reason[0]) utf8_copy(res->reason, sizeof res->reason, res->message);
	}
	buf_free(&auth);
	buf_free(&body_in);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}
