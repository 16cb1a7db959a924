/* tests/unit/net_test.c - the outbox sender against test-only servers on
 * 127.0.0.1 (tests/servers/: an HTTPS FHIR endpoint with its own test CA
 * made by openssl into build/test-out/net, and an MLLP listener), with
 * injected faults. Servers are started and stopped here by pid; every wait
 * is bounded. Backoff is shortened so the whole file runs in ~20 s. */
#include "test.h"
#include "core/util.h"
#include "net/sender.h"
#include "store/outbox.h"
#include "store/store.h"
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DIR "build/test-out/net"
#define CERTS DIR "/certs"

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

static int free_port(void)
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

/* Starts a server script; waits (bounded) for its ready file. */
static pid_t start_server(const char *dir, char *const argv[])
{
	char ready[256];
	long long end = mono_ms() + 10000;
	pid_t pid;
	snprintf(ready, sizeof ready, "%s/ready", dir);
	remove(ready);
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	while (mono_ms() < end) {
		if (access(ready, F_OK) == 0) return pid;
		sleep_ms(20);
	}
	fprintf(stderr, "  server did not start\n");
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	return -1;
}

static void stop_server(pid_t pid)
{
	if (pid <= 0) return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static pid_t fhir_server(const char *dir, int port, const char *cert, const char *token)
{
	char p[16], c[128], k[128];
	char *argv[] = {"python3", "tests/servers/fhir_server.py", "--dir", (char *)dir, "--port", p,
			"--cert", c, "--key", k, "--lifetime", "90", token ? "--token" : NULL, (char *)token, NULL};
	mkdir(dir, 0755);
	snprintf(p, sizeof p, "%d", port);
	snprintf(c, sizeof c, CERTS "/%s.pem", cert);
	snprintf(k, sizeof k, CERTS "/%s.key", cert);
	return start_server(dir, argv);
}

static pid_t mllp_server(const char *dir, int port)
{
	char p[16];
	char *argv[] = {"python3", "tests/servers/mllp_server.py", "--dir", (char *)dir, "--port", p,
			"--lifetime", "90", NULL};
	mkdir(dir, 0755);
	snprintf(p, sizeof p, "%d", port);
	return start_server(dir, argv);
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

/* Completes visit "v<NN>" with a small transaction Bundle and an ORU. */
static void add_visit(Store *s, int i)
{
	char uuid[16], code[16], fhir[256], hl7[256];
	const char *kinds[] = {"fhir", "hl7"};
	const char *payloads[] = {fhir, hl7};
	snprintf(uuid, sizeof uuid, "v%02d", i);
	snprintf(code, sizeof code, "AAA-%02d", i);
	snprintf(fhir, sizeof fhir, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\","
		 "\"identifier\":{\"system\":\"urn:accord:id:visit\",\"value\":\"%s\"},\"entry\":[]}", uuid);
	snprintf(hl7, sizeof hl7, "MSH|^~\\&|ACCORD|K|||20260101000000+0000||ORU^R01^ORU_R01|%s|P|2.5.1\r"
		 "PID|1||%s^^^ACCORD^VN\rOBR|1||%s^ACCORD\r", uuid, code, uuid);
	CHECK(store_visit_begin(s, uuid, code, "en", 1000 + i) == 0);
	CHECK(store_visit_complete(s, uuid, 2000 + i, "summary", kinds, payloads, 2) == 0);
}

static SenderConfig config(char *url, int port)
{
	SenderConfig c;
	memset(&c, 0, sizeof c);
	snprintf(url, 64, "https://127.0.0.1:%d/fhir", port);
	c.fhir_base_url = url;
	c.fhir_ca_file = CERTS "/ca.pem";
	c.connect_timeout_ms = 1000;
	c.timeout_ms = 1000;
	c.idle_poll_ms = 200;
	c.backoff.base_ms = 50;
	c.backoff.max_ms = 400;
	c.backoff.max_retry_after_ms = 5000;
	return c;
}

/* Waits (bounded) until file has n lines. */
static int wait_lines(const char *path, int n, long ms)
{
	long long end = mono_ms() + ms;
	while (mono_ms() < end) {
		if (lines(path) >= n) return 1;
		sleep_ms(50);
	}
	return lines(path) >= n;
}

static void sender_delivers_every_visit_once_in_order_through_faults_and_a_restart(void)
{
	const char *dir = DIR "/faults";
	const char *db = DIR "/faults.db";
	char url[64], want[256] = "", *got, *posts, *p;
	int port = free_port(), i;
	Store *s = fresh_db(db);
	SenderConfig c = config(url, port);
	Sender *snd;
	pid_t srv;
	OutboxStats st;
	double t503 = 0, after = 0;

	mkdir(dir, 0755);
	remove(DIR "/faults/created.log"); remove(DIR "/faults/posts.log");
	for (i = 1; i <= 3; i++) add_visit(s, i);
	/* Nothing listens yet: connection refused, retried with backoff. */
	snd = sender_start(&c, db);
	CHECK(snd != NULL);
	sleep_ms(400);
	CHECK(outbox_stats(s, &st) == 0 && st.failed == 1 && st.sent == 0);
	CHECK(strstr(st.last_error, "could not connect") != NULL);
	spit(DIR "/faults/faults", "drop\n500\n503 1\nslow 2\n401\n");
	srv = fhir_server(dir, port, "server", NULL);
	CHECK(srv > 0);
	CHECK(wait_lines(DIR "/faults/created.log", 2, 15000));
	/* Restart in the middle: a new sender on the same database. */
	sender_stop(snd);
	for (i = 4; i <= 6; i++) add_visit(s, i);
	snd = sender_start(&c, db);
	sender_kick(snd);
	CHECK(wait_lines(DIR "/faults/created.log", 6, 20000));
	/* The server creates before it answers: wait for the last "sent". */
	for (i = 0; i < 100 && (outbox_stats(s, &st) != 0 || st.sent < 6); i++) sleep_ms(50);
	sender_stop(snd);
	stop_server(srv);

	for (i = 1; i <= 6; i++) snprintf(want + strlen(want), sizeof want - strlen(want), "v%02d\n", i);
	got = slurp(DIR "/faults/created.log");
	CHECK(str_eq(got, want));     /* each once, in order */
	if (!str_eq(got, want)) fprintf(stderr, "  created:\n%s", got);
	free(got);
	posts = slurp(DIR "/faults/posts.log");
	CHECK(strstr(posts, " drop") && strstr(posts, " 500") && strstr(posts, " 503 1") &&
	      strstr(posts, " slow 2") && strstr(posts, " 401"));
	/* Retry-After: the next POST came at least ~1 s after the 503. */
	for (p = posts; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		double t = atof(p);
		if (strncmp(strchr(p, ' ') + 1, "v", 1) == 0 && strstr(p, " 503 1\n") == strchr(strchr(p, ' ') + 1, ' ')) t503 = t;
		else if (t503 > 0 && after == 0) after = t;
	}
	CHECK(t503 > 0 && after - t503 >= 0.9);
	free(posts);
	CHECK(outbox_stats(s, &st) == 0 && st.sent == 6 && st.failed == 0 && st.pending == 6);  /* hl7 rows untouched */
	if (st.sent != 6) fprintf(stderr, "  sent %d failed %d pending %d\n", st.sent, st.failed, st.pending);
	store_close(s);
}

static void sender_refuses_a_server_whose_certificate_it_does_not_trust(void)
{
	const char *dir = DIR "/rogue";
	const char *db = DIR "/rogue.db";
	char url[64];
	int port = free_port();
	Store *s = fresh_db(db);
	SenderConfig c = config(url, port);
	OutboxStats st;
	Sender *snd;
	pid_t srv;
	long long end;
	mkdir(dir, 0755);
	remove(DIR "/rogue/posts.log");
	add_visit(s, 1);
	srv = fhir_server(dir, port, "rogue", NULL);
	snd = sender_start(&c, db);
	end = mono_ms() + 5000;
	do {
		sleep_ms(100);
		outbox_stats(s, &st);
	} while (st.failed == 0 && mono_ms() < end);
	sender_stop(snd);
	stop_server(srv);
	CHECK(st.failed == 1 && st.sent == 0);
	CHECK(strstr(st.last_error, "certificate") != NULL);
	CHECK(lines(DIR "/rogue/posts.log") == 0);   /* nothing was sent */
	store_close(s);
}

static void sender_says_401_in_plain_words_and_uses_the_bearer_token(void)
{
	const char *dir = DIR "/auth";
	const char *db = DIR "/auth.db";
	char url[64];
	int port = free_port();
	Store *s = fresh_db(db);
	SenderConfig c = config(url, port);
	OutboxStats st;
	Sender *snd;
	pid_t srv;
	long long end;
	mkdir(dir, 0755);
	remove(DIR "/auth/created.log");
	add_visit(s, 1);
	srv = fhir_server(dir, port, "server", "s3cret");
	c.fhir_bearer_token = "wrong";
	snd = sender_start(&c, db);
	end = mono_ms() + 5000;
	do {
		sleep_ms(100);
		outbox_stats(s, &st);
	} while (st.failed == 0 && mono_ms() < end);
	sender_stop(snd);
	CHECK(str_eq(st.last_error, "the server refused our credentials (401)"));
	c.fhir_bearer_token = "s3cret";
	snd = sender_start(&c, db);
	CHECK(wait_lines(DIR "/auth/created.log", 1, 5000));
	sender_stop(snd);
	stop_server(srv);
	store_close(s);
}

static void sender_stops_promptly_during_a_slow_request(void)
{
	const char *dir = DIR "/slow";
	const char *db = DIR "/slow.db";
	char url[64];
	int port = free_port();
	Store *s = fresh_db(db);
	SenderConfig c = config(url, port);
	OutboxStats st;
	Sender *snd;
	pid_t srv;
	long long t;
	mkdir(dir, 0755);
	remove(DIR "/slow/posts.log");
	spit(DIR "/slow/faults", "slow 8\n");
	add_visit(s, 1);
	srv = fhir_server(dir, port, "server", NULL);
	c.timeout_ms = 20000;
	snd = sender_start(&c, db);
	CHECK(wait_lines(DIR "/slow/posts.log", 1, 5000));
	t = mono_ms();
	sender_stop(snd);
	t = mono_ms() - t;
	CHECK(t < 7000);   /* stop aborts the transfer: it does not wait for the 8 s answer (speed: make bench) */
	/* An aborted transfer is not a failed attempt: the row stays due. */
	CHECK(outbox_stats(s, &st) == 0 && st.pending == 2 && st.failed == 0);   /* fhir + hl7 */
	stop_server(srv);
	store_close(s);
}

static void mllp_sender_retries_after_a_nak_or_no_ack_and_delivers_in_order(void)
{
	const char *dir = DIR "/mllp";
	const char *db = DIR "/mllp.db";
	int port = free_port(), i;
	Store *s = fresh_db(db);
	SenderConfig c;
	Sender *snd;
	pid_t srv;
	char *got, *all;
	mkdir(dir, 0755);
	remove(DIR "/mllp/mllp.log"); remove(DIR "/mllp/mllp-all.log");
	spit(DIR "/mllp/faults", "AE\nnoack\nAR\n");
	for (i = 1; i <= 3; i++) add_visit(s, i);
	srv = mllp_server(dir, port);
	memset(&c, 0, sizeof c);
	c.hl7_host = "127.0.0.1";
	c.hl7_port = port;
	c.connect_timeout_ms = 1000;
	c.timeout_ms = 700;
	c.idle_poll_ms = 200;
	c.backoff.base_ms = 50;
	c.backoff.max_ms = 400;
	c.backoff.max_retry_after_ms = 1000;
	snd = sender_start(&c, db);
	CHECK(wait_lines(DIR "/mllp/mllp.log", 3, 15000));
	sender_stop(snd);
	stop_server(srv);
	got = slurp(DIR "/mllp/mllp.log");
	CHECK(str_eq(got, "v01\nv02\nv03\n"));
	all = slurp(DIR "/mllp/mllp-all.log");
	CHECK(strstr(all, "v01 AE 3\n") && strstr(all, "v01 noack") && strstr(all, "v01 AR"));
	free(got);
	free(all);
	store_close(s);
}

static void sender_test_connection_reports_each_destination(void)
{
	const char *dir = DIR "/probe";
	char url[64], msg[512];
	int port = free_port(), mport = free_port();
	SenderConfig c = config(url, port);
	pid_t srv = fhir_server(dir, port, "server", NULL), msrv = mllp_server(DIR "/probe-mllp", mport);
	c.hl7_host = "127.0.0.1";
	c.hl7_port = mport;
	CHECK(sender_test_connection(&c, msg, sizeof msg) == 0);
	CHECK(strstr(msg, "FHIR server answered (200)") && strstr(msg, "HL7 interface engine accepts"));
	stop_server(msrv);
	stop_server(srv);
	CHECK(sender_test_connection(&c, msg, sizeof msg) == -1);
	memset(&c, 0, sizeof c);
	CHECK(sender_test_connection(&c, msg, sizeof msg) == -1 && strstr(msg, "No destination"));
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	mkdir("build", 0755); mkdir("build/test-out", 0755); mkdir(DIR, 0755);
	if (system("sh tests/servers/make_certs.sh " CERTS) != 0) {
		printf("not ok - test_certificates_made_with_openssl\n");
		return 1;
	}
	RUN(sender_delivers_every_visit_once_in_order_through_faults_and_a_restart);
	RUN(sender_refuses_a_server_whose_certificate_it_does_not_trust);
	RUN(sender_says_401_in_plain_words_and_uses_the_bearer_token);
	RUN(sender_stops_promptly_during_a_slow_request);
	RUN(mllp_sender_retries_after_a_nak_or_no_ack_and_delivers_in_order);
	RUN(sender_test_connection_reports_each_destination);
	return 0;
}
