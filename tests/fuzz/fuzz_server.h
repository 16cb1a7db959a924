/* tests/fuzz/fuzz_server.h - a one-shot loopback server for the reply
 * fuzzers: listens on 127.0.0.1 (an ephemeral port), and for each input
 * accepts one connection, reads the request up to its end marker, answers
 * with the fuzz bytes and closes. Runs on its own thread. */
#ifndef FUZZ_SERVER_H
#define FUZZ_SERVER_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct FuzzServer {
	int listen_fd, port;
	const uint8_t *reply; size_t reply_len;
	int (*request_done)(const char *req, size_t len);   /* 1 when the whole request is in */
	pthread_t thread;
} FuzzServer;

static int fuzz_server_listen(FuzzServer *s)
{
	struct sockaddr_in a = { 0 };
	socklen_t n = sizeof a;
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) return -1;
	if (bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->listen_fd, 4) != 0) return -1;
	if (getsockname(s->listen_fd, (struct sockaddr *)&a, &n) != 0) return -1;
	s->port = ntohs(a.sin_port);
	return 0;
}

static void *fuzz_server_once(void *arg)
{
	FuzzServer *s = arg;
	char req[65536];
	size_t got = 0;
	struct pollfd p = { .events = POLLIN };
	p.fd = s->listen_fd;
	if (poll(&p, 1, 3000) != 1) return NULL;
	int fd = accept(s->listen_fd, NULL, NULL);
	if (fd < 0) return NULL;
	p.fd = fd;
	while (got < sizeof req - 1 && !s->request_done(req, got) && poll(&p, 1, 2000) == 1) {
		ssize_t r = recv(fd, req + got, sizeof req - 1 - got, 0);
		if (r <= 0) break;
		got += (size_t)r;
	}
	for (size_t off = 0; off < s->reply_len;) {
		ssize_t w = send(fd, s->reply + off, s->reply_len - off, MSG_NOSIGNAL);
		if (w <= 0) break;
		off += (size_t)w;
	}
	shutdown(fd, SHUT_WR);
	while (poll(&p, 1, 200) == 1 && recv(fd, req, sizeof req, 0) > 0) {}
	close(fd);
	return NULL;
}

static void fuzz_server_start(FuzzServer *s, const uint8_t *data, size_t size)
{
	s->reply = data;
	s->reply_len = size;
	if (pthread_create(&s->thread, NULL, fuzz_server_once, s) != 0) abort();
}

static void fuzz_server_join(FuzzServer *s) { pthread_join(s->thread, NULL); }
#endif
