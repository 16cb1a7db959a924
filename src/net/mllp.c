/* net/mllp.c - see mllp.h. Non-blocking socket and poll() in short slices so
 * a stop request is noticed within ~100 ms. */
#include "net/mllp.h"
#include "export/hl7.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline; 1 ready, 0 timeout, -1 stopped/error. */
static int wait_fd(int fd, short events, long long deadline, const atomic_int *stop)
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

static int connect_to(const MllpConfig *cfg, long long deadline, const atomic_int *stop, HttpResult *res)
{
	struct addrinfo hints, *ai = NULL, *a;
	char port[16];
	int fd = -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%d", cfg->port);
	if (getaddrinfo(cfg->host, port, &hints, &ai) != 0) {
		say(res, HTTP_RETRY, "the interface engine's name could not be found (check hl7_host)");
		return -1;
	}
	for (a = ai; a; a = a->ai_next) {
		int err = 0;
		socklen_t len = sizeof err;
		fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
		if (errno == EINPROGRESS && wait_fd(fd, POLLOUT, deadline, stop) == 1 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0) say(res, stop && atomic_load(stop) ? HTTP_ABORTED : HTTP_RETRY,
			"could not connect to the interface engine (is it running and reachable?)");
	return fd;
}

void mllp_send(const MllpConfig *cfg, const char *msg, const atomic_int *stop, HttpResult *res)
{
	long timeout = cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000;
	long long deadline = now_ms() + timeout;
	char ack[4096], ctrl[64], want[64] = "", text[128];
	size_t len = strlen(msg), off = 0, got = 0;
	const char *p;
	int fd, i, code;

	memset(res, 0, sizeof *res);
	if (!cfg->host || !*cfg->host || cfg->port <= 0) { say(res, HTTP_RETRY, "no hl7_host/hl7_port is configured"); return; }
	/* Our control id: MSH-10. */
	for (p = msg, i = 0; *p && *p != '\r' && i < 9; p++) if (*p == '|') i++;
	for (i = 0; *p && *p != '|' && *p != '\r' && i < (int)sizeof want - 1; p++) want[i++] = *p;
	want[i] = 0;

	fd = connect_to(cfg, deadline, stop, res);
	if (fd < 0) return;
	deadline = now_ms() + timeout;
	/* Frame: <VT> msg <FS><CR>. */
	while (off < len + 3) {
		const char *buf;
		size_t n;
		ssize_t w;
		char frame_end[2] = {0x1c, 0x0d}, vt = 0x0b;
		if (off == 0) { buf = &vt; n = 1; }
		else if (off <= len) { buf = msg + off - 1; n = len - (off - 1); }
		else { buf = frame_end + (off - len - 1); n = 2 - (off - len - 1); }
		if (wait_fd(fd, POLLOUT, deadline, stop) != 1) goto fail_send;
		w = send(fd, buf, n, MSG_NOSIGNAL);
		if (w < 0 && errno != EAGAIN && errno != EINTR) goto fail_send;
		if (w > 0) off += (size_t)w;
	}
	/* Read until <FS><CR>, or the deadline. */
	for (;;) {
		ssize_t r;
		int w = wait_fd(fd, POLLIN, deadline, stop);
		if (w != 1) {
			close(fd);
			if (stop && atomic_load(stop)) say(res, HTTP_ABORTED, "stopped before the interface engine answered");
			else say(res, HTTP_RETRY, "the interface engine did not acknowledge in time");
			return;
		}
		r = recv(fd, ack + got, sizeof ack - 1 - got, 0);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
			close(fd);
			say(res, HTTP_RETRY, "the interface engine closed the connection without an acknowledgement");
			return;
		}
		if (r > 0) got += (size_t)r;
		ack[got] = 0;
		if (got >= 2 && memchr(ack, 0x1c, got)) break;
		if (got >= sizeof ack - 1) break;
	}
	close(fd);
	p = memchr(ack, 0x0b, got);
	p = p ? p + 1 : ack;
	code = hl7_ack_parse(p, got - (size_t)(p - ack), ctrl, sizeof ctrl, text, sizeof text);
	if (code == HL7_ACK_AA && (!want[0] || strcmp(ctrl, want) == 0)) { say(res, HTTP_SENT, "acknowledged (AA)"); return; }
	if (code == HL7_ACK_AA) say(res, HTTP_RETRY, "the interface engine acknowledged another message");
	else if (code == HL7_ACK_AE) say(res, HTTP_RETRY, "the interface engine reported an error (AE)");
	else if (code == HL7_ACK_AR) say(res, HTTP_RETRY, "the interface engine rejected the message (AR)");
	else say(res, HTTP_RETRY, "the interface engine's answer was not an acknowledgement");
	return;
fail_send:
	close(fd);
	if (stop && atomic_load(stop)) say(res, HTTP_ABORTED, "stopped while sending");
	else say(res, HTTP_RETRY, "the connection to the interface engine was dropped while sending");
}
