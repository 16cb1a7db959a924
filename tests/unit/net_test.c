/* tests/unit/net_test.c - the outbox sender against real engines on
 * 127.0.0.1 (tests/servers/, started through tests/lib/servers.sh or
 * reused from the run): Medplum's FHIR engine over HTTPS with its own test
 * CA, and Medplum's HL7 MLLP listener (plain and TLS), with injected
 * faults. Resources are counted on the engine by identifier (its own
 * search). Every wait is bounded; backoff is shortened. Each test tags its
 * messages with this run's id, as the servers may serve a whole run. */
#include "test.h"
#include "core/util.h"
#include "net/sender.h"
#include "store/outbox.h"
#include "store/store.h"
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DIR "build/test-out/net"

static char SRV[512];               /* the servers' directory */
static char CA[600], FHIR_LOG[600], FHIR_FAULTS[600], FHIR_TOKEN[600], HL7_LOG[600], HL7_ALL[600], HL7_FAULTS[600];
static int fhir_port, rogue_port, hl7_port, hl7_tls_port;
static char run_tag[16];            /* this run's prefix for identifiers */

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static int dead_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&a, sizeof a);
	getsockname(fd, (struct sockaddr *)&a, &len);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	Buf b = {0};
	char tmp[4096];
	size_t n;
	buf_add(&b, "");
	if (f) {
		while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_addn(&b, tmp, n);
		fclose(f);
	}
	return buf_take(&b);
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	if (f) { fputs(s, f); fclose(f); }
}

static int lines(const char *path)
{
	char *s = slurp(path), *p;
	int n = 0;
	for (p = s; *p; p++) if (*p == '\n') n++;
	free(s);
	return n;
}

/* Empties both servers' faults, token and logs (they may be shared). */
static void reset_servers(void)
{
	remove(FHIR_LOG); remove(FHIR_FAULTS); remove(FHIR_TOKEN);
	remove(HL7_LOG); remove(HL7_ALL); remove(HL7_FAULTS);
}

static int start_servers(void)
{
	char path[600];
	FILE *p, *f;
	/* They stop by themselves when this process is gone. */
	snprintf(path, sizeof path, "sh tests/lib/servers.sh start " DIR "/servers %ld", (long)getpid());
	if (!(p = popen(path, "r"))) return -1;
	if (!fgets(SRV, sizeof SRV, p)) SRV[0] = 0;
	if (pclose(p) != 0 || !SRV[0]) return -1;
	SRV[strcspn(SRV, "\n")] = 0;
	snprintf(CA, sizeof CA, "%s/certs/ca.pem", SRV);
	snprintf(FHIR_LOG, sizeof FHIR_LOG, "%s/fhir/posts.log", SRV);
	snprintf(FHIR_FAULTS, sizeof FHIR_FAULTS, "%s/fhir/faults", SRV);
	snprintf(FHIR_TOKEN, sizeof FHIR_TOKEN, "%s/fhir/token", SRV);
	snprintf(HL7_LOG, sizeof HL7_LOG, "%s/hl7/mllp.log", SRV);
	snprintf(HL7_ALL, sizeof HL7_ALL, "%s/hl7/mllp-all.log", SRV);
	snprintf(HL7_FAULTS, sizeof HL7_FAULTS, "%s/hl7/faults", SRV);
	snprintf(path, sizeof path, "%s/fhir/ready", SRV);
	if (!(f = fopen(path, "r")) || fscanf(f, "%d %d", &fhir_port, &rogue_port) != 2) { if (f) fclose(f); return -1; }
	fclose(f);
	snprintf(path, sizeof path, "%s/hl7/ready", SRV);
	if (!(f = fopen(path, "r")) || fscanf(f, "%d %d", &hl7_port, &hl7_tls_port) != 2) { if (f) fclose(f); return -1; }
	fclose(f);
	return 0;
}

static size_t into_buf(char *p, size_t size, size_t n, void *ctx)
{
	buf_addn(ctx, p, size * n);
	return size * n;
}

/* How many QuestionnaireResponses the engine holds with identifier
 * urn:accord:test|<value> (its own search); -1 when it cannot tell. */
static int engine_count(const char *value)
{
	CURL *c = curl_easy_init();
	Buf url = {0}, body = {0};
	char *q = curl_easy_escape(c, value, 0);
	cJSON *j;
	int n = -1;
	buf_addf(&url, "https://127.0.0.1:%d/QuestionnaireResponse?_summary=count&identifier=urn%%3Aaccord%%3Atest%%7C%s",
		 fhir_port, q);
	curl_easy_setopt(c, CURLOPT_URL, url.s);
	curl_easy_setopt(c, CURLOPT_CAINFO, CA);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, into_buf);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	buf_add(&body, "");
	if (curl_easy_perform(c) == CURLE_OK && (j = cJSON_Parse(body.s))) {
		cJSON *t = cJSON_GetObjectItem(j, "total");
		if (cJSON_IsNumber(t)) n = t->valueint;
		cJSON_Delete(j);
	}
	curl_free(q);
	buf_free(&url);
	buf_free(&body);
	curl_easy_cleanup(c);
	return n;
}

static Store *fresh_db(const char *path)
{
	char wal[256], shm[256];
	Store *s;
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	remove(path); remove(wal); remove(shm);
	s = store_open(path);
	if (!s || !store_ok(s)) { fprintf(stderr, "store_open failed\n"); exit(1); }
	return s;
}

/* Identifier of visit i in this run: "<run>-<test>-v<NN>". */
static void vid(const char *test, int i, char *out, size_t n)
{
	snprintf(out, n, "%s-%s-v%02d", run_tag, test, i);
}

/* Completes visit i with a real transaction (one QuestionnaireResponse,
 * conditional create) and a real ORU^R01 (control id without dashes). */
static void add_visit(Store *s, const char *test, int i)
{
	char id[64], ctrl[64], code[16], fhir[1024], hl7[512];
	const char *kinds[] = {"fhir", "hl7"};
	const char *payloads[] = {fhir, hl7};
	size_t k, j = 0;
	vid(test, i, id, sizeof id);
	for (k = 0; id[k] && j < 20; k++) if (id[k] != '-') ctrl[j++] = id[k];
	ctrl[j] = 0;
	snprintf(code, sizeof code, "AAA-%02d", i);
	snprintf(fhir, sizeof fhir,
		 "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"identifier\":{\"system\":\"urn:accord:test\",\"value\":\"%s\"},"
		 "\"entry\":[{\"fullUrl\":\"urn:uuid:6f1c2b9e-3d4a-4c5b-8e7f-0000000000%02d\",\"resource\":{\"resourceType\":"
		 "\"QuestionnaireResponse\",\"identifier\":{\"system\":\"urn:accord:test\",\"value\":\"%s\"},\"status\":\"completed\","
		 "\"authored\":\"2026-01-01T12:00:00Z\"},\"request\":{\"method\":\"POST\",\"url\":\"QuestionnaireResponse\","
		 "\"ifNoneExist\":\"identifier=urn:accord:test|%s\"}}]}", id, i, id, id);
	snprintf(hl7, sizeof hl7, "MSH|^~\\&|ACCORD|K|||20260101000000+0000||ORU^R01^ORU_R01|%s|P|2.5.1\r"
		 "PID|1||%s^^^ACCORD^VN\rOBR|1||%s^ACCORD|PREVISIT^Pre-visit^L\r"
		 "OBX|1|NM|91147-9^PEG^LN||6|{score}|||||F|||20260101000000+0000\r", ctrl, id, id);
	CHECK(store_visit_begin(s, id, code, "en", 1000 + i) == 0);
	CHECK(store_visit_complete(s, id, 2000 + i, "summary", kinds, payloads, 2) == 0);
}

static SenderConfig fhir_config(char *url, int port)
{
	SenderConfig c;
	memset(&c, 0, sizeof c);
	snprintf(url, 64, "https://127.0.0.1:%d/fhir", port);
	c.fhir_base_url = url;
	c.fhir_ca_file = CA;
	c.connect_timeout_ms = 2000;
	c.timeout_ms = 5000;
	c.idle_poll_ms = 200;
	c.backoff.base_ms = 50;
	c.backoff.max_ms = 400;
	c.backoff.max_retry_after_ms = 5000;
	return c;
}

static SenderConfig hl7_config(int port, int tls)
{
	SenderConfig c;
	memset(&c, 0, sizeof c);
	c.hl7_host = "127.0.0.1";
	c.hl7_port = port;
	c.hl7_tls = tls;
	c.hl7_ca_file = CA;
	c.connect_timeout_ms = 2000;
	c.timeout_ms = 700;
	c.idle_poll_ms = 200;
	c.backoff.base_ms = 50;
	c.backoff.max_ms = 400;
	c.backoff.max_retry_after_ms = 1000;
	return c;
}

/* Waits (bounded) until cond() holds. */
static int wait_for(int (*cond)(void *), void *ctx, long ms)
{
	long long end = mono_ms() + ms;
	while (mono_ms() < end) {
		if (cond(ctx)) return 1;
		sleep_ms(50);
	}
	return cond(ctx);
}

typedef struct { Store *s; int sent, rejected, failed; } Want;

static int stats_reached(void *ctx)
{
	Want *w = ctx;
	OutboxStats st;
	return outbox_stats(w->s, &st) == 0 && st.sent >= w->sent && st.rejected >= w->rejected && st.failed >= w->failed;
}

/* The Bundle identifiers of the POSTs the engine answered 2xx, in order,
 * each once, as "a b c". */
static char *accepted_order(void)
{
	char *log = slurp(FHIR_LOG), *line, *save = NULL;
	Buf b = {0};
	buf_add(&b, "");
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char fault[32], status[16], ident[128];
		long long ms;
		int entries;
		if (sscanf(line, "%lld %31s %15s %d %127s", &ms, fault, status, &entries, ident) != 5 || status[0] != '2') continue;
		if (!strstr(b.s, ident)) buf_addf(&b, "%s%s", b.len ? " " : "", ident);
	}
	free(log);
	return buf_take(&b);
}

static void sender_delivers_every_visit_once_in_order_through_faults_and_a_restart(void)
{
	const char *db = DIR "/faults.db";
	char url[64], want[512] = "", id[64], *got, *posts, *p;
	int i;
	Store *s = fresh_db(db);
	SenderConfig c = fhir_config(url, dead_port());
	Sender *snd;
	OutboxStats st;
	Want w = {s, 6, 0, 0};
	double t503 = 0, after = 0;

	reset_servers();
	for (i = 1; i <= 3; i++) add_visit(s, "faults", i);
	/* Nothing listens there: connection refused, retried with backoff. */
	snd = sender_start(&c, db);
	CHECK(snd != NULL);
	sleep_ms(400);
	sender_stop(snd);
	CHECK(outbox_stats(s, &st) == 0 && st.failed == 1 && st.sent == 0);
	CHECK(strstr(st.last_error, "could not connect") != NULL);
	/* "close": the engine saves, then the reply is lost; the resend must not
	 * create a second copy (the engine's own ifNoneExist). */
	spit(FHIR_FAULTS, "drop\n500\n503 1\nclose\nslow 2\n401\n");
	c = fhir_config(url, fhir_port);
	snd = sender_start(&c, db);
	w.sent = 2;
	CHECK(wait_for(stats_reached, &w, 20000));
	/* Restart in the middle: a new sender on the same database. */
	sender_stop(snd);
	for (i = 4; i <= 6; i++) add_visit(s, "faults", i);
	snd = sender_start(&c, db);
	sender_kick(snd);
	w.sent = 6;
	CHECK(wait_for(stats_reached, &w, 20000));
	sender_stop(snd);

	for (i = 1; i <= 6; i++) {
		vid("faults", i, id, sizeof id);
		snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s", i > 1 ? " " : "", id);
		CHECK(engine_count(id) == 1);       /* exactly once on the engine */
	}
	got = accepted_order();
	CHECK(str_eq(got, want));     /* in order */
	if (!str_eq(got, want)) fprintf(stderr, "  accepted: %s\n  wanted:   %s\n", got, want);
	free(got);
	posts = slurp(FHIR_LOG);
	CHECK(strstr(posts, " drop ") && strstr(posts, " 500 500 ") && strstr(posts, " 503:1 503 ") &&
	      strstr(posts, " close close ") && strstr(posts, " slow:2 ") && strstr(posts, " 401 401 "));
	/* Retry-After: the next POST came at least ~1 s after the 503. */
	for (p = posts; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		double t = atof(p) / 1000.0;
		if (!strncmp(strchr(p, ' '), " 503:1 ", 7)) t503 = t;
		else if (t503 > 0 && after == 0) after = t;
	}
	CHECK(t503 > 0 && after - t503 >= 0.9);
	free(posts);
	CHECK(outbox_stats(s, &st) == 0 && st.sent == 6 && st.failed == 0 && st.pending == 6);  /* hl7 rows untouched */
	store_close(s);
}

static void sender_refuses_a_server_whose_certificate_it_does_not_trust(void)
{
	const char *db = DIR "/rogue.db";
	char url[64];
	Store *s = fresh_db(db);
	SenderConfig c = fhir_config(url, rogue_port);
	OutboxStats st;
	Sender *snd;
	Want w = {s, 0, 0, 1};
	reset_servers();
	add_visit(s, "rogue", 1);
	snd = sender_start(&c, db);
	CHECK(wait_for(stats_reached, &w, 5000));
	sender_stop(snd);
	CHECK(outbox_stats(s, &st) == 0 && st.failed == 1 && st.sent == 0);
	CHECK(strstr(st.last_error, "certificate") != NULL);
	CHECK(lines(FHIR_LOG) == 0);   /* nothing was sent */
	store_close(s);
}

static void sender_refuses_http_unless_allow_insecure_is_set(void)
{
	const char *db = DIR "/http.db";
	char url[64];
	Store *s = fresh_db(db);
	SenderConfig c = fhir_config(url, fhir_port);
	OutboxStats st;
	Sender *snd;
	Want w = {s, 0, 0, 1};
	add_visit(s, "http", 1);
	snprintf(url, 64, "http://127.0.0.1:%d/fhir", dead_port());
	snd = sender_start(&c, db);
	CHECK(wait_for(stats_reached, &w, 5000));
	sender_stop(snd);
	CHECK(outbox_stats(s, &st) == 0 && strstr(st.last_error, "not https: nothing was sent") != NULL);
	/* allowed on purpose: it tries (and finds nobody there) */
	c.allow_insecure = 1;
	w.failed = 1;
	snd = sender_start(&c, db);
	sleep_ms(300);
	sender_stop(snd);
	CHECK(outbox_stats(s, &st) == 0 && strstr(st.last_error, "could not connect") != NULL);
	store_close(s);
}

static void sender_says_401_is_a_credentials_problem_and_uses_the_bearer_token(void)
{
	const char *db = DIR "/auth.db";
	char url[64], id[64];
	Store *s = fresh_db(db);
	SenderConfig c = fhir_config(url, fhir_port);
	OutboxStats st;
	Sender *snd;
	Want w = {s, 0, 0, 1};
	reset_servers();
	spit(FHIR_TOKEN, "s3cret\n");
	add_visit(s, "auth", 1);
	c.fhir_bearer_token = "wrong";
	snd = sender_start(&c, db);
	CHECK(wait_for(stats_reached, &w, 5000));
	sender_stop(snd);
	CHECK(outbox_stats(s, &st) == 0 && strstr(st.last_error, "credentials (401)") && st.rejected == 0);
	c.fhir_bearer_token = "s3cret";
	w.sent = 1; w.failed = 0;
	snd = sender_start(&c, db);
	CHECK(wait_for(stats_reached, &w, 5000));
	sender_stop(snd);
	remove(FHIR_TOKEN);
	vid("auth", 1, id, sizeof id);
	CHECK(engine_count(id) == 1);
	store_close(s);
}

static void sender_stops_promptly_during_a_slow_request(void)
{
	const char *db = DIR "/slow.db";
	char url[64];
	Store *s = fresh_db(db);
	SenderConfig c = fhir_config(url, fhir_port);
	OutboxStats st;
	Sender *snd;
	long long t, end;
	reset_servers();
	spit(FHIR_FAULTS, "slow 8\n");
	add_visit(s, "slow", 1);
	c.timeout_ms = 20000;
	snd = sender_start(&c, db);
	for (end = mono_ms() + 5000; mono_ms() < end && lines(FHIR_FAULTS) > 0; ) sleep_ms(50);
	sleep_ms(300);
	t = mono_ms();
	sender_stop(snd);
	t = mono_ms() - t;
	CHECK(t < 7000);   /* stop aborts the transfer: it does not wait for the 8 s answer (speed: make bench) */
	/* An aborted transfer is not a failed attempt: the row stays due. */
	CHECK(outbox_stats(s, &st) == 0 && st.pending == 2 && st.failed == 0);   /* fhir + hl7 */
	store_close(s);
}

static void a_refused_message_is_set_aside_with_the_engines_reason_and_later_visits_flow(void)
{
	const char *db = DIR "/refused.db";
	char url[64], id[64];
	Store *s = fresh_db(db);
	SenderConfig c = fhir_config(url, fhir_port);
	OutboxStats st;
	Sender *snd;
	Want w = {s, 2, 1, 0};
	int i;
	reset_servers();
	/* The engine itself refuses visit 1: its Bundle loses its type on the way. */
	spit(FHIR_FAULTS, "invalid\n");
	for (i = 1; i <= 3; i++) add_visit(s, "refused", i);
	snd = sender_start(&c, db);
	CHECK(wait_for(stats_reached, &w, 15000));
	CHECK(outbox_stats(s, &st) == 0 && st.rejected == 1 && st.sent == 2);
	CHECK(strstr(st.rejected_reason, "type") != NULL);   /* the engine's words about Bundle.type */
	if (!strstr(st.rejected_reason, "type")) fprintf(stderr, "  reason: %s\n", st.rejected_reason);
	vid("refused", 1, id, sizeof id);
	CHECK(engine_count(id) == 0);
	vid("refused", 3, id, sizeof id);
	CHECK(engine_count(id) == 1);
	/* IT fixed it: staff send it again, and it goes. */
	CHECK(outbox_retry_rejected(s) == 1);
	sender_kick(snd);
	w.sent = 3; w.rejected = 0;
	CHECK(wait_for(stats_reached, &w, 15000));
	sender_stop(snd);
	vid("refused", 1, id, sizeof id);
	CHECK(engine_count(id) == 1);
	CHECK(outbox_stats(s, &st) == 0 && st.rejected == 0 && st.sent == 3);
	store_close(s);
}

static void a_sender_that_cannot_record_an_attempt_sends_nothing_more_until_it_can(void)
{
	const char *db = DIR "/norecord.db";
	char url[64], id[64];
	Store *s = fresh_db(db);
	SenderConfig c = fhir_config(url, fhir_port);
	Sender *snd;
	Want w = {s, 3, 0, 0};
	int i, posts;
	reset_servers();
	for (i = 1; i <= 3; i++) add_visit(s, "norecord", i);
	/* Every write to the outbox fails, as on a read-only or full disk. */
	CHECK(sqlite3_exec(store_db(s), "CREATE TRIGGER no_write BEFORE UPDATE ON outbox BEGIN"
			   " SELECT RAISE(ABORT, 'disk I/O error'); END", NULL, NULL, NULL) == SQLITE_OK);
	snd = sender_start(&c, db);
	sleep_ms(3000);
	posts = lines(FHIR_LOG);
	CHECK(posts == 1);            /* one attempt, then it waits: no flood */
	if (posts != 1) fprintf(stderr, "  %d POSTs while the database refused writes\n", posts);
	CHECK(sqlite3_exec(store_db(s), "DROP TRIGGER no_write", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(wait_for(stats_reached, &w, 15000));
	sender_stop(snd);
	for (i = 1; i <= 3; i++) {
		vid("norecord", i, id, sizeof id);
		CHECK(engine_count(id) == 1);
	}
	store_close(s);
}

static void mllp_sender_sets_aside_a_negative_ack_retries_no_ack_and_keeps_order(void)
{
	const char *db = DIR "/mllp.db";
	Store *s = fresh_db(db);
	SenderConfig c = hl7_config(hl7_port, 0);
	OutboxStats st;
	Sender *snd;
	Want w = {s, 2, 2, 0};
	char *got, *all, want[256], id[64];
	int i;
	reset_servers();
	/* visit 1: no ACK (retried), then AE; visit 2: AR; visits 3-4: AA */
	spit(HL7_FAULTS, "noack\nAE\nAR\n");
	for (i = 1; i <= 4; i++) add_visit(s, "mllp", i);
	snd = sender_start(&c, db);
	CHECK(wait_for(stats_reached, &w, 20000));
	CHECK(outbox_stats(s, &st) == 0 && st.rejected == 2 && st.sent == 2);
	CHECK(strstr(st.rejected_reason, "fault injection") != NULL && str_eq(st.rejected_kind, "hl7"));
	got = slurp(HL7_LOG);
	snprintf(want, sizeof want, "%smllpv03\n%smllpv04\n", run_tag, run_tag);
	for (i = 0; want[i]; i++) if (want[i] == '-') memmove(want + i, want + i + 1, strlen(want + i));
	CHECK(str_eq(got, want));
	if (!str_eq(got, want)) fprintf(stderr, "  accepted:\n%s  wanted:\n%s", got, want);
	free(got);
	all = slurp(HL7_ALL);
	CHECK(strstr(all, " noack - ") && strstr(all, " AE AE ") && strstr(all, " AR AR "));
	free(all);
	/* staff retry: both go now, in order */
	CHECK(outbox_retry_rejected(s) == 2);
	sender_kick(snd);
	w.sent = 4; w.rejected = 0;
	CHECK(wait_for(stats_reached, &w, 15000));
	sender_stop(snd);
	CHECK(lines(HL7_LOG) == 4);
	vid("mllp", 1, id, sizeof id);
	store_close(s);
}

static void mllp_over_tls_delivers_and_checks_the_engines_certificate(void)
{
	const char *db = DIR "/mllps.db";
	Store *s = fresh_db(db);
	SenderConfig c = hl7_config(hl7_tls_port, 1);
	OutboxStats st;
	Sender *snd;
	Want w = {s, 1, 0, 0};
	reset_servers();
	add_visit(s, "mllps", 1);
	/* Without the CA: not trusted, nothing sent. */
	c.hl7_ca_file = DIR "/no-such-ca.pem";
	snd = sender_start(&c, db);
	w.sent = 0; w.failed = 1;
	CHECK(wait_for(stats_reached, &w, 5000));
	sender_stop(snd);
	CHECK(outbox_stats(s, &st) == 0 && st.sent == 0 && (strstr(st.last_error, "CA file") || strstr(st.last_error, "certificate")));
	CHECK(lines(HL7_ALL) == 0);
	c.hl7_ca_file = CA;
	snd = sender_start(&c, db);
	w.sent = 1; w.failed = 0;
	CHECK(wait_for(stats_reached, &w, 10000));
	sender_stop(snd);
	CHECK(lines(HL7_LOG) == 1);
	store_close(s);
}

static void sender_test_connection_reports_each_destination_off_the_calling_thread(void)
{
	char url[64], msg[512];
	SenderConfig c = fhir_config(url, fhir_port);
	ConnTest *t;
	long long end;
	int rc;
	c.hl7_host = "127.0.0.1";
	c.hl7_port = hl7_tls_port;
	c.hl7_tls = 1;
	c.hl7_ca_file = CA;
	CHECK(sender_test_connection(&c, msg, sizeof msg) == 0);
	CHECK(strstr(msg, "FHIR server answered (200)") && strstr(msg, "accepts secure connections"));
	/* The same on a worker: the caller gets control back at once. */
	c.fhir_base_url = "https://127.0.0.1:1/";
	end = mono_ms();
	t = sender_test_start(&c);
	CHECK(mono_ms() - end < 1000);
	for (end = mono_ms() + 15000; (rc = sender_test_result(t, msg, sizeof msg)) == 1 && mono_ms() < end; ) sleep_ms(50);
	CHECK(rc == -1 && strstr(msg, "FHIR:") && strstr(msg, "accepts secure connections"));
	sender_test_free(t);
	/* A test still running is aborted by free. */
	t = sender_test_start(&c);
	sender_test_free(t);
	memset(&c, 0, sizeof c);
	CHECK(sender_test_connection(&c, msg, sizeof msg) == -1 && strstr(msg, "No destination"));
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	mkdir("build", 0755); mkdir("build/test-out", 0755); mkdir(DIR, 0755);
	snprintf(run_tag, sizeof run_tag, "n%ld", (long)getpid());
	if (start_servers() != 0) {
		printf("not ok - test_servers_start (tests/lib/servers.sh; see %s/servers/*.log)\n", DIR);
		return 1;
	}
	RUN(sender_delivers_every_visit_once_in_order_through_faults_and_a_restart);
	RUN(sender_refuses_a_server_whose_certificate_it_does_not_trust);
	RUN(sender_refuses_http_unless_allow_insecure_is_set);
	RUN(sender_says_401_is_a_credentials_problem_and_uses_the_bearer_token);
	RUN(sender_stops_promptly_during_a_slow_request);
	RUN(a_refused_message_is_set_aside_with_the_engines_reason_and_later_visits_flow);
	RUN(a_sender_that_cannot_record_an_attempt_sends_nothing_more_until_it_can);
	RUN(mllp_sender_sets_aside_a_negative_ack_retries_no_ack_and_keeps_order);
	RUN(mllp_over_tls_delivers_and_checks_the_engines_certificate);
	RUN(sender_test_connection_reports_each_destination_off_the_calling_thread);
	reset_servers();
	if (!getenv("ACCORD_TEST_SERVERS")) {
		char cmd[700];
		snprintf(cmd, sizeof cmd, "sh tests/lib/servers.sh stop %s", SRV);
		if (system(cmd) != 0) fprintf(stderr, "  could not stop the servers\n");
	}
	curl_global_cleanup();
	return 0;
}
