/* net/mllp.c - see mllp.h. The connection is libcurl's (CURLOPT_CONNECT_ONLY:
 * a plain TCP connection, or TLS with the same certificate checks as the
 * FHIR side), the bytes go through curl_easy_send/recv, and the wait is
 * poll() in short slices so a stop request is noticed within ~100 ms. */
#include "net/mllp.h"
#include "export/hl7.h"
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline; 1 ready, 0 timeout, -1 stopped/error. */
static int wait_fd(curl_socket_t fd, short events, long long deadline, const atomic_int *stop)
{
	for (;;) {
		struct pollfd p = {fd, events, 0};
		long long left = deadline - now_ms();
		int rc;
		if (stop && atomic_load(stop)) return -1;
		if (left <= 0) return 0;
		rc = poll(&p, 1, left > 100 ? 100 : (int)left);
		if (rc > 0) return 1;
		if (rc < 0 && errno != EINTR) return -1;
	}
}

static void say(HttpResult *res, HttpOutcome o, const char *msg)
{
	res->outcome = o;
	snprintf(res->message, sizeof res->message, "%s", msg);
}

/* Plain words for a failed connection. */
static const char *connect_words(CURLcode rc, int tls)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST: return "the interface engine's name could not be found (check hl7_host)";
	case CURLE_OPERATION_TIMEDOUT: return "the interface engine did not answer in time";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "the interface engine's certificate is not trusted, so nothing was sent (check hl7_ca_file)";
	case CURLE_SSL_CONNECT_ERROR:
		return "the secure connection to the interface engine failed (is it speaking TLS? check hl7_tls)";
	case CURLE_SSL_CERTPROBLEM: return "our client certificate could not be used (check hl7_client_cert)";
	case CURLE_SSL_CACERT_BADFILE: return "the CA file could not be read (check hl7_ca_file)";
	default:
		return tls ? "could not open a secure connection to the interface engine (is it running and reachable?)"
			   : "could not connect to the interface engine (is it running and reachable?)";
	}
}

/* A connected handle (TCP, or TLS verified), or NULL with res filled. */
static CURL *open_conn(const MllpConfig *cfg, long timeout, const atomic_int *stop, HttpResult *res)
{
	CURL *c = curl_easy_init();
	CURLU *u = curl_url();
	char port[16], *url = NULL;
	CURLcode rc;
	if (!c || !u) {
		curl_easy_cleanup(c);
		curl_url_cleanup(u);
		say(res, HTTP_RETRY, "the network library could not start");
		return NULL;
	}
	/* The address through curl's URL helpers (an IPv6 host needs brackets). */
	snprintf(port, sizeof port, "%d", cfg->port);
	if (curl_url_set(u, CURLUPART_SCHEME, cfg->tls ? "https" : "http", 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_HOST, cfg->host, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_PORT, port, 0) != CURLUE_OK || curl_url_get(u, CURLUPART_URL, &url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		curl_easy_cleanup(c);
		say(res, HTTP_RETRY, "hl7_host is not a valid host name or address");
		return NULL;
	}
	curl_url_cleanup(u);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout);
	http_abort_on(c, stop);
	if (cfg->tls) http_tls(c, cfg->ca_file, cfg->client_cert, cfg->client_key);
	rc = curl_easy_perform(c);
	curl_free(url);
	if (rc != CURLE_OK) {
		if (rc == CURLE_ABORTED_BY_CALLBACK || (stop && atomic_load(stop)))
			say(res, HTTP_ABORTED, "stopped before the interface engine answered");
		else
			say(res, HTTP_RETRY, connect_words(rc, cfg->tls));
		curl_easy_cleanup(c);
		return NULL;
	}
	return c;
}

int mllp_probe(const MllpConfig *cfg, const atomic_int *stop, HttpResult *res)
{
	CURL *c;
	memset(res, 0, sizeof *res);
	if (!cfg->host || !*cfg->host || cfg->port <= 0) { say(res, HTTP_RETRY, "no hl7_host/hl7_port is configured"); return -1; }
	c = open_conn(cfg, cfg->timeout_ms > 0 ? cfg->timeout_ms : 10000, stop, res);
	if (!c) return -1;
	curl_easy_cleanup(c);
	say(res, HTTP_SENT, cfg->tls ? "the interface engine accepts secure connections" : "the interface engine accepts connections");
	return 0;
}

void mllp_send(const MllpConfig *cfg, const char *msg, const atomic_int *stop, HttpResult *res)
{
	long timeout = cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000;
	long long deadline;
	char ack[4096], ctrl[64], want[64] = "";
	size_t len = strlen(msg), off = 0, got = 0;
	const char *p, *end;
	curl_socket_t fd = CURL_SOCKET_BAD;
	CURL *c;
	int i, code;

	memset(res, 0, sizeof *res);
	if (!cfg->host || !*cfg->host || cfg->port <= 0) { say(res, HTTP_RETRY, "no hl7_host/hl7_port is configured"); return; }
	/* Our control id: MSH-10. */
	for (p = msg, i = 0; *p && *p != '\r' && i < 9; p++) if (*p == '|') i++;
	for (i = 0; *p && *p != '|' && *p != '\r' && i < (int)sizeof want - 1; p++) want[i++] = *p;
	want[i] = 0;

	c = open_conn(cfg, timeout, stop, res);
	if (!c) return;
	curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, &fd);
	deadline = now_ms() + timeout;
	/* Frame: <VT> msg <FS><CR>. */
	while (off < len + 3) {
		const char *buf;
		size_t n, w = 0;
		CURLcode rc;
		static const char frame_end[2] = {0x1c, 0x0d}, vt = 0x0b;
		if (off == 0) { buf = &vt; n = 1; }
		else if (off <= len) { buf = msg + off - 1; n = len - (off - 1); }
		else { buf = frame_end + (off - len - 1); n = 2 - (off - len - 1); }
		rc = curl_easy_send(c, buf, n, &w);
		if (rc == CURLE_AGAIN) {
			if (wait_fd(fd, POLLOUT, deadline, stop) != 1) goto fail_send;
			continue;
		}
		if (rc != CURLE_OK) goto fail_send;
		off += w;
	}
	/* Read until <FS>, or the deadline. */
	for (;;) {
		size_t r = 0;
		CURLcode rc = curl_easy_recv(c, ack + got, sizeof ack - 1 - got, &r);
		if (rc == CURLE_AGAIN) {
			int w = wait_fd(fd, POLLIN, deadline, stop);
			if (w == 1) continue;
			curl_easy_cleanup(c);
			if (stop && atomic_load(stop)) say(res, HTTP_ABORTED, "stopped before the interface engine answered");
			else say(res, HTTP_RETRY, "the interface engine did not acknowledge in time");
			return;
		}
		if (rc != CURLE_OK || r == 0) {
			curl_easy_cleanup(c);
			say(res, HTTP_RETRY, "the interface engine closed the connection without an acknowledgement");
			return;
		}
		got += r;
		ack[got] = 0;
		if (memchr(ack, 0x1c, got) || got >= sizeof ack - 1) break;
	}
	curl_easy_cleanup(c);
	p = memchr(ack, 0x0b, got);
	p = p ? p + 1 : ack;
	end = memchr(p, 0x1c, got - (size_t)(p - ack));   /* the frame's end is not text */
	code = hl7_ack_parse(p, (size_t)((end ? end : ack + got) - p), ctrl, sizeof ctrl, res->reason, sizeof res->reason);
	if (code == HL7_ACK_AA && (!want[0] || strcmp(ctrl, want) == 0)) {
		res->reason[0] = 0;
		say(res, HTTP_SENT, "acknowledged (AA)");
		return;
	}
	if (code == HL7_ACK_AA) {
		res->reason[0] = 0;
		say(res, HTTP_RETRY, "the interface engine acknowledged another message");
	} else if (code == HL7_ACK_AE || code == HL7_ACK_AR) {
		/* A negative ACK is the engine's answer about this message: the same
		 * bytes will get the same answer, so it is set aside for staff. */
		say(res, HTTP_REJECTED, code == HL7_ACK_AE ? "the interface engine reported an error in the message (AE)"
							     : "the interface engine rejected the message (AR)");
		if (!res->reason[0]) snprintf(res->reason, sizeof res->reason, "%s", res->message);
	} else {
		res->reason[0] = 0;
		say(res, HTTP_RETRY, "the interface engine's answer was not an acknowledgement");
	}
	return;
fail_send:
	curl_easy_cleanup(c);
	if (stop && atomic_load(stop)) say(res, HTTP_ABORTED, "stopped while sending");
	else say(res, HTTP_RETRY, "the connection to the interface engine was dropped while sending");
}
