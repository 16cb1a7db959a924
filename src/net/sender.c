/* net/sender.c - see sender.h. The loop: for each configured kind take the
 * oldest unsent row; if due, send it and record the outcome; then sleep on
 * the condition variable until the earliest next try, a kick, or stop. */
#include "net/sender.h"
#include "core/util.h"
#include "net/http.h"
#include "net/mllp.h"
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Sender {
	SenderConfig cfg;             /* strings owned (copies) */
	char *db_path;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_int stop;
	int kicked;                   /* under mu */
};

/* An attempt's outcome not yet written to the database. */
typedef struct Unrecorded {
	int has;
	long long id;
	char kind[8];
	HttpResult res;
	long long at_ms;
} Unrecorded;

static long long wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void cfg_copy(SenderConfig *dst, const SenderConfig *src)
{
	*dst = *src;
	dst->fhir_base_url = xstrdup(src->fhir_base_url);
	dst->fhir_ca_file = xstrdup(src->fhir_ca_file);
	dst->fhir_bearer_token = xstrdup(src->fhir_bearer_token);
	dst->fhir_client_cert = xstrdup(src->fhir_client_cert);
	dst->fhir_client_key = xstrdup(src->fhir_client_key);
	dst->hl7_host = xstrdup(src->hl7_host);
	dst->hl7_ca_file = xstrdup(src->hl7_ca_file);
	dst->hl7_client_cert = xstrdup(src->hl7_client_cert);
	dst->hl7_client_key = xstrdup(src->hl7_client_key);
	dst->db_key_file = xstrdup(src->db_key_file);
}

static void cfg_free(SenderConfig *c)
{
	free((char *)c->fhir_base_url);
	free((char *)c->fhir_ca_file);
	free((char *)c->fhir_bearer_token);
	free((char *)c->fhir_client_cert);
	free((char *)c->fhir_client_key);
	free((char *)c->hl7_host);
	free((char *)c->hl7_ca_file);
	free((char *)c->hl7_client_cert);
	free((char *)c->hl7_client_key);
	free((char *)c->db_key_file);
}

static HttpConfig http_cfg(const SenderConfig *c)
{
	HttpConfig h = {c->fhir_base_url, c->fhir_ca_file, c->fhir_bearer_token, c->fhir_client_cert,
			c->fhir_client_key, c->connect_timeout_ms, c->timeout_ms, c->allow_insecure};
	return h;
}

static MllpConfig mllp_cfg(const SenderConfig *c, long timeout_ms)
{
	MllpConfig m = {c->hl7_host, c->hl7_port, timeout_ms, c->hl7_tls, c->hl7_ca_file,
			c->hl7_client_cert, c->hl7_client_key};
	return m;
}

/* Writes an attempt's outcome. 0 when it is in the database. */
static int record(Sender *s, Store *st, const Unrecorded *u)
{
	if (u->res.outcome == HTTP_SENT) return outbox_mark_sent(st, u->id, u->at_ms);
	if (u->res.outcome == HTTP_REJECTED) return outbox_mark_rejected(st, u->id, u->at_ms, u->res.reason);
	return outbox_mark_failed(st, u->id, u->at_ms, u->res.message, u->res.retry_after_ms, &s->cfg.backoff);
}

/* Delivers one row; the outcome lands in *u (recorded by the caller). */
static void deliver(Sender *s, const OutboxRow *row, Unrecorded *u)
{
	memset(u, 0, sizeof *u);
	if (strcmp(row->kind, "fhir") == 0) {
		HttpConfig h = http_cfg(&s->cfg);
		http_post_fhir(&h, row->payload, &s->stop, &u->res);
	} else {
		MllpConfig m = mllp_cfg(&s->cfg, s->cfg.timeout_ms);
		mllp_send(&m, row->payload, &s->stop, &u->res);
	}
	if (u->res.outcome == HTTP_ABORTED) return;
	u->has = 1;
	u->id = row->id;
	snprintf(u->kind, sizeof u->kind, "%s", row->kind);
	u->at_ms = wall_ms();
	/* Logged without patient data: kind, row id and plain words only (a
	 * server's own reason may echo content: it goes to the database only). */
	if (u->res.outcome != HTTP_SENT)
		fprintf(stderr, "accord: outbox %s row %lld: %s%s\n", row->kind, row->id, u->res.message,
			u->res.outcome == HTTP_REJECTED ? "; set aside for staff, the next message goes on" : "");
}

/* Sleeps until deadline (wall ms), stop, or - when kick_ok - a kick. */
static void sleep_until(Sender *s, long long deadline, int kick_ok)
{
	struct timespec ts = {(time_t)(deadline / 1000), (long)(deadline % 1000) * 1000000L};
	pthread_mutex_lock(&s->mu);
	while (!atomic_load(&s->stop) && !(kick_ok && s->kicked) && wall_ms() < deadline)
		if (pthread_cond_timedwait(&s->cv, &s->mu, &ts) == ETIMEDOUT) break;
	if (kick_ok) s->kicked = 0;
	pthread_mutex_unlock(&s->mu);
}

static void *run(void *arg)
{
	Sender *s = arg;
	Store *st = store_open_key(s->db_path, s->cfg.db_key_file);
	const char *kinds[2];
	int n_kinds = 0, i, first = 0, held = 0;
	long long hold_ms = 0;        /* the database refused a write: wait this long */
	Unrecorded u = {0};
	if (s->cfg.fhir_base_url && *s->cfg.fhir_base_url) kinds[n_kinds++] = "fhir";
	if (s->cfg.hl7_host && *s->cfg.hl7_host) kinds[n_kinds++] = "hl7";
	if (!st || !store_ok(st)) {
		fprintf(stderr, "accord: sender cannot open the database: %s\n", st ? store_errmsg(st) : "out of memory");
		n_kinds = 0;   /* wait for stop */
	}
	while (!atomic_load(&s->stop)) {
		long long now = wall_ms(), wake = now + s->cfg.idle_poll_ms;
		/* The last attempt must be on record before anything else is sent:
		 * else a kiosk that cannot write resends the same message blindly. */
		if (u.has) {
			if (record(s, st, &u) != 0) {
				hold_ms = hold_ms ? (hold_ms * 2 > 60000 ? 60000 : hold_ms * 2) : 1000;
				if (!held++)
					fputs("accord: outbox: the database refused to record a send attempt (disk full or read-only?);"
					      " sending paused until it can\n", stderr);
				sleep_until(s, now + hold_ms, 0);
				continue;
			}
			if (held) fprintf(stderr, "accord: outbox: recording works again; sending resumes\n");
			u.has = held = 0;
			hold_ms = 0;
		}
		/* One row of one kind per round, the kinds taking turns. */
		for (i = 0; i < n_kinds && !atomic_load(&s->stop); i++) {
			const char *kind = kinds[(first + i) % n_kinds];
			OutboxRow row;
			long long due = 0;
			int rc = outbox_next(st, kind, now, &row, &due);
			if (rc == STORE_OK) {
				deliver(s, &row, &u);
				outbox_row_free(&row);
				first = (first + i + 1) % n_kinds;
				break;
			} else if (rc == OUTBOX_WAIT && due < wake) {
				wake = due;
			} else if (rc < 0 && now + 1000 < wake) {
				wake = now + 1000;   /* database busy or unreadable: look again soon */
			}
		}
		if (!u.has && i == n_kinds) sleep_until(s, wake, 1);
	}
	if (u.has) record(s, st, &u);   /* a last try before leaving */
	store_close(st);
	return NULL;
}

Sender *sender_start(const SenderConfig *cfg, const char *db_path)
{
	Sender *s = xcalloc(1, sizeof *s);
	http_global_init();
	cfg_copy(&s->cfg, cfg);
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
	cfg_free(&s->cfg);
	free(s->db_path);
	free(s);
}

static size_t sink(char *p, size_t size, size_t n, void *ctx)
{
	(void)p; (void)ctx;
	return size * n;
}


/* GET <base>/metadata (the CapabilityStatement every FHIR server has). */
static int test_fhir(const SenderConfig *c, const atomic_int *stop, Buf *out)
{
	CURL *h = curl_easy_init();
	CURLU *u = curl_url();
	char *url = NULL;
	long status = 0;
	CURLcode rc;
	struct curl_slist *hd = NULL;
	Buf auth = {0};
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
		buf_addf(&auth, "Authorization: Bearer %s", c->fhir_bearer_token);
		hd = curl_slist_append(hd, auth.s);
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, c->allow_insecure ? "https,http" : "https");
	http_tls(h, c->fhir_ca_file, c->fhir_client_cert, c->fhir_client_key);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms > 0 ? c->connect_timeout_ms : 10000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms > 0 ? c->timeout_ms : 30000L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	http_abort_on(h, stop);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	ok = rc == CURLE_OK && status >= 200 && status < 300;
	if (ok) buf_addf(out, "FHIR server answered (%ld). ", status);
	else if (rc == CURLE_UNSUPPORTED_PROTOCOL && !c->allow_insecure)
		buf_add(out, "FHIR: fhir_base_url is not https, so nothing is sent (allow_insecure is off). ");
	else if (rc != CURLE_OK) buf_addf(out, "FHIR: %s. ", curl_easy_strerror(rc));
	else if (status == 401 || status == 403) buf_addf(out, "FHIR: the server refused our credentials (%ld). ", status);
	else buf_addf(out, "FHIR: the server answered %ld. ", status);
	curl_free(url);
	curl_slist_free_all(hd);
	curl_url_cleanup(u);
	curl_easy_cleanup(h);
	buf_free(&auth);
	return ok ? 0 : -1;
}

static int test_all(const SenderConfig *cfg, const atomic_int *stop, char *msg, size_t n)
{
	Buf out = {0};
	int rc = 0;
	http_global_init();
	if (cfg->fhir_base_url && *cfg->fhir_base_url) rc |= test_fhir(cfg, stop, &out);
	if (cfg->hl7_host && *cfg->hl7_host) {
		MllpConfig m = mllp_cfg(cfg, cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000);
		HttpResult res;
		if (mllp_probe(&m, stop, &res) == 0) {
			buf_addf(&out, "HL7: %s. ", res.message);
		} else {
			buf_addf(&out, "HL7: %s. ", res.message);
			rc = -1;
		}
	}
	if (!out.len) { buf_add(&out, "No destination is configured (fhir_base_url, hl7_host)."); rc = -1; }
	snprintf(msg, n, "%s", out.s);
	buf_free(&out);
	return rc ? -1 : 0;
}

int sender_test_connection(const SenderConfig *cfg, char *msg, size_t n)
{
	return test_all(cfg, NULL, msg, n);
}

struct ConnTest {
	SenderConfig cfg;             /* strings owned */
	pthread_t thread;
	atomic_int stop;
	atomic_int done;              /* 1 once msg and rc are final */
	int rc;
	char msg[512];
};

static void *test_run(void *arg)
{
	ConnTest *t = arg;
	t->rc = test_all(&t->cfg, &t->stop, t->msg, sizeof t->msg);
	atomic_store(&t->done, 1);
	return NULL;
}

ConnTest *sender_test_start(const SenderConfig *cfg)
{
	ConnTest *t = xcalloc(1, sizeof *t);
	cfg_copy(&t->cfg, cfg);
	atomic_init(&t->stop, 0);
	atomic_init(&t->done, 0);
	http_global_init();
	if (pthread_create(&t->thread, NULL, test_run, t) != 0) {
		t->rc = -1;
		snprintf(t->msg, sizeof t->msg, "The connection test could not start.");
		atomic_store(&t->done, 1);
		t->thread = 0;
	}
	return t;
}

int sender_test_result(ConnTest *t, char *msg, size_t n)
{
	if (!atomic_load(&t->done)) return 1;
	snprintf(msg, n, "%s", t->msg);
	return t->rc;
}

void sender_test_free(ConnTest *t)
{
	if (!t) return;
	atomic_store(&t->stop, 1);
	if (t->thread) pthread_join(t->thread, NULL);
	cfg_free(&t->cfg);
	free(t);
}
