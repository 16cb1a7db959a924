/* net/sender.c - see sender.h. The loop: for each configured kind take the
 * oldest unsent row; if due, send it and record the outcome; then sleep on
 * the condition variable until the earliest next try, a kick, or stop. */
#include "net/sender.h"
#include "core/util.h"
#include "net/http.h"
#include "net/mllp.h"
#include <curl/curl.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct Sender {
	SenderConfig cfg;             /* strings owned (copies) */
	char *db_path;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_int stop;
	int kicked;                   /* under mu */
};

static long long wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static HttpConfig http_cfg(const SenderConfig *c)
{
	HttpConfig h = {c->fhir_base_url, c->fhir_ca_file, c->fhir_bearer_token, c->fhir_client_cert,
			c->fhir_client_key, c->connect_timeout_ms, c->timeout_ms};
	return h;
}

/* Delivers one row; returns 1 if the row's state changed. */
static int deliver(Sender *s, Store *st, const OutboxRow *row)
{
	HttpResult res;
	if (strcmp(row->kind, "fhir") == 0) {
		HttpConfig h = http_cfg(&s->cfg);
		http_post_fhir(&h, row->payload, &s->stop, &res);
	} else {
		MllpConfig m = {s->cfg.hl7_host, s->cfg.hl7_port, s->cfg.timeout_ms};
		mllp_send(&m, row->payload, &s->stop, &res);
	}
	if (res.outcome == HTTP_ABORTED) return 0;
	if (res.outcome == HTTP_SENT) return outbox_mark_sent(st, row->id, wall_ms()) == 0;
	/* Logged without patient data: kind, row id and plain words only. */
	fprintf(stderr, "accord: outbox %s row %lld: %s\n", row->kind, row->id, res.message);
	return outbox_mark_failed(st, row->id, wall_ms(), res.message, res.retry_after_ms, &s->cfg.backoff) == 0;
}

static void *run(void *arg)
{
	Sender *s = arg;
	Store *st = store_open_key(s->db_path, s->cfg.db_key_file);
	const char *kinds[2];
	int n_kinds = 0, i;
	if (s->cfg.fhir_base_url && *s->cfg.fhir_base_url) kinds[n_kinds++] = "fhir";
	if (s->cfg.hl7_host && *s->cfg.hl7_host) kinds[n_kinds++] = "hl7";
	if (!st || !store_ok(st)) {
		fprintf(stderr, "accord: sender cannot open the database: %s\n", st ? store_errmsg(st) : "out of memory");
		n_kinds = 0;   /* wait for stop */
	}
	while (!atomic_load(&s->stop)) {
		long long now = wall_ms(), wake = now + s->cfg.idle_poll_ms;
		int busy = 0;
		struct timespec ts;
		for (i = 0; i < n_kinds && !atomic_load(&s->stop); i++) {
			OutboxRow row;
			long long due = 0;
			int rc = outbox_next(st, kinds[i], now, &row, &due);
			if (rc == STORE_OK) {
				deliver(s, st, &row);
				outbox_row_free(&row);
				busy = 1;
			} else if (rc == OUTBOX_WAIT && due < wake) {
				wake = due;
			} else if (rc < 0) {
				wake = now + 1000;   /* database busy or full: look again soon */
			}
		}
		pthread_mutex_lock(&s->mu);
		if (!busy && !s->kicked && !atomic_load(&s->stop)) {
			ts.tv_sec = (time_t)(wake / 1000);
			ts.tv_nsec = (long)(wake % 1000) * 1000000L;
			pthread_cond_timedwait(&s->cv, &s->mu, &ts);
		}
		s->kicked = 0;
		pthread_mutex_unlock(&s->mu);
	}
	store_close(st);
	return NULL;
}

Sender *sender_start(const SenderConfig *cfg, const char *db_path)
{
	Sender *s = xcalloc(1, sizeof *s);
	http_global_init();
	s->cfg = *cfg;
	s->cfg.fhir_base_url = xstrdup(cfg->fhir_base_url);
	s->cfg.fhir_ca_file = xstrdup(cfg->fhir_ca_file);
	s->cfg.fhir_bearer_token = xstrdup(cfg->fhir_bearer_token);
	s->cfg.fhir_client_cert = xstrdup(cfg->fhir_client_cert);
	s->cfg.fhir_client_key = xstrdup(cfg->fhir_client_key);
	s->cfg.hl7_host = xstrdup(cfg->hl7_host);
	if (s->cfg.idle_poll_ms <= 0) s->cfg.idle_poll_ms = 60000;
	if (s->cfg.backoff.base_ms <= 0) s->cfg.backoff = outbox_backoff_default();
	s->db_path = xstrdup(db_path);
	atomic_init(&s->stop, 0);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);   /* CLOCK_REALTIME: next_try is wall time */
	if (pthread_create(&s->thread, NULL, run, s) != 0) {
		s->thread = 0;
		sender_stop(s);
		return NULL;
	}
	return s;
}

void sender_kick(Sender *s)
{
	if (!s) return;
	pthread_mutex_lock(&s->mu);
	s->kicked = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void sender_stop(Sender *s)
{
	if (!s) return;
	pthread_mutex_lock(&s->mu);
	atomic_store(&s->stop, 1);
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	if (s->thread) pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free((char *)s->cfg.fhir_base_url);
	free((char *)s->cfg.fhir_ca_file);
	free((char *)s->cfg.fhir_bearer_token);
	free((char *)s->cfg.fhir_client_cert);
	free((char *)s->cfg.fhir_client_key);
	free((char *)s->cfg.hl7_host);
	free(s->db_path);
	free(s);
}

static size_t sink(char *p, size_t size, size_t n, void *ctx)
{
	(void)p; (void)ctx;
	return size * n;
}

/* GET <base>/metadata (the CapabilityStatement every FHIR server has). */
static int test_fhir(const SenderConfig *c, Buf *out)
{
	CURL *h = curl_easy_init();
	CURLU *u = curl_url();
	char *url = NULL;
	long status = 0;
	CURLcode rc;
	struct curl_slist *hd = NULL;
	char auth[4200];          /* "Authorization: Bearer " + a token of up to 4095 bytes */
	int ok;
	if (!h || !u) { curl_easy_cleanup(h); curl_url_cleanup(u); buf_add(out, "FHIR: network library failed. "); return -1; }
	/* Base + "/metadata", joined with curl's URL helpers. */
	if (curl_url_set(u, CURLUPART_URL, c->fhir_base_url, 0) == CURLUE_OK) {
		char *path = NULL;
		Buf p = {0};
		curl_url_get(u, CURLUPART_PATH, &path, 0);
		buf_add(&p, path ? path : "/");
		if (p.len == 0 || p.s[p.len - 1] != '/') buf_addc(&p, '/');
		buf_add(&p, "metadata");
		curl_url_set(u, CURLUPART_PATH, p.s, 0);
		curl_url_get(u, CURLUPART_URL, &url, 0);
		curl_free(path);
		buf_free(&p);
	}
	if (!url) {
		buf_add(out, "FHIR: fhir_base_url is not a valid address. ");
		curl_easy_cleanup(h);
		curl_url_cleanup(u);
		return -1;
	}
	hd = curl_slist_append(hd, "Accept: application/fhir+json");
	if (c->fhir_bearer_token && *c->fhir_bearer_token) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->fhir_bearer_token);
		hd = curl_slist_append(hd, auth);
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	if (c->fhir_ca_file && *c->fhir_ca_file) curl_easy_setopt(h, CURLOPT_CAINFO, c->fhir_ca_file);
	if (c->fhir_client_cert && *c->fhir_client_cert) {
		curl_easy_setopt(h, CURLOPT_SSLCERT, c->fhir_client_cert);
		if (c->fhir_client_key) curl_easy_setopt(h, CURLOPT_SSLKEY, c->fhir_client_key);
	}
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms > 0 ? c->connect_timeout_ms : 10000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms > 0 ? c->timeout_ms : 30000L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	ok = rc == CURLE_OK && status >= 200 && status < 300;
	if (ok) buf_addf(out, "FHIR server answered (%ld). ", status);
	else if (rc != CURLE_OK) buf_addf(out, "FHIR: %s. ", curl_easy_strerror(rc));
	else if (status == 401 || status == 403) buf_addf(out, "FHIR: the server refused our credentials (%ld). ", status);
	else buf_addf(out, "FHIR: the server answered %ld. ", status);
	curl_free(url);
	curl_slist_free_all(hd);
	curl_url_cleanup(u);
	curl_easy_cleanup(h);
	return ok ? 0 : -1;
}

int sender_test_connection(const SenderConfig *cfg, char *msg, size_t n)
{
	Buf out = {0};
	int rc = 0;
	http_global_init();
	if (cfg->fhir_base_url && *cfg->fhir_base_url) rc |= test_fhir(cfg, &out);
	if (cfg->hl7_host && *cfg->hl7_host) {
		struct addrinfo hints, *ai = NULL;
		char port[16];
		int fd = -1;
		memset(&hints, 0, sizeof hints);
		hints.ai_socktype = SOCK_STREAM;
		snprintf(port, sizeof port, "%d", cfg->hl7_port);
		if (getaddrinfo(cfg->hl7_host, port, &hints, &ai) == 0) {
			struct timeval tv = {(cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000) / 1000,
					     ((cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000) % 1000) * 1000};
			fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
			if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
			if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) { close(fd); fd = -1; }
			freeaddrinfo(ai);
		}
		if (fd >= 0) { buf_add(&out, "HL7 interface engine accepts connections. "); close(fd); }
		else { buf_add(&out, "HL7: could not connect to the interface engine. "); rc = -1; }
	}
	if (!out.len) { buf_add(&out, "No destination is configured (fhir_base_url, hl7_host)."); rc = -1; }
	snprintf(msg, n, "%s", out.s);
	buf_free(&out);
	return rc ? -1 : 0;
}
