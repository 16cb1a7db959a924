/* net/http.c - see http.h. */
#include "net/http.h"
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

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p; (void)ctx;
	return size * n;
}

static int progress(void *ctx, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	const atomic_int *stop = ctx;
	(void)a; (void)b; (void)c; (void)d;
	return stop && atomic_load(stop) ? 1 : 0;
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
	char auth[4200];          /* "Authorization: Bearer " + a token of up to 4095 bytes */
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
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", cfg->bearer_token);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg->ca_file && *cfg->ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->client_cert && *cfg->client_cert) {
		curl_easy_setopt(c, CURLOPT_SSLCERT, cfg->client_cert);
		if (cfg->client_key && *cfg->client_key) curl_easy_setopt(c, CURLOPT_SSLKEY, cfg->client_key);
	}
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)stop);

	rc = curl_easy_perform(c);
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		res->outcome = HTTP_ABORTED;
		snprintf(res->message, sizeof res->message, "stopped before the server answered");
	} else if (rc != CURLE_OK) {
		snprintf(res->message, sizeof res->message, "%s", curl_words(rc));
	} else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
		if (res->status >= 200 && res->status < 300) {
			res->outcome = HTTP_SENT;
			snprintf(res->message, sizeof res->message, "delivered (%ld)", res->status);
		} else if (res->status == 401 || res->status == 403) {
			snprintf(res->message, sizeof res->message, "the server refused our credentials (%ld)", res->status);
		} else if (res->status == 429 || res->status == 503) {
			curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry);
			res->retry_after_ms = (long long)retry * 1000;
			snprintf(res->message, sizeof res->message, "the server is busy (%ld); trying again later", res->status);
		} else if (res->status >= 500) {
			snprintf(res->message, sizeof res->message, "the server had an error (%ld)", res->status);
		} else {
			snprintf(res->message, sizeof res->message, "the server did not accept the data (%ld)", res->status);
		}
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}
