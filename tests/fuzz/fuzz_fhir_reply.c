/* tests/fuzz/fuzz_fhir_reply.c - libFuzzer target for what a FHIR server
 * answers: the fuzz bytes are the whole HTTP response (status line,
 * headers such as Retry-After, body) to http_post_fhir over loopback. Any
 * answer gives sent / retry with a message and a sane retry delay. */
#include "net/http.h"
#include "fuzz.h"
#include "fuzz_server.h"

static FuzzServer server;

static int http_request_done(const char *req, size_t len)
{
	const char *end = len ? memmem(req, len, "\r\n\r\n", 4) : NULL, *cl;
	if (!end) return 0;
	cl = memmem(req, (size_t)(end - req), "Content-Length: ", 16);
	return (size_t)(end + 4 - req) + (cl ? (size_t)atol(cl + 16) : 0) <= len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	http_global_init();
	server.request_done = http_request_done;
	if (fuzz_server_listen(&server) != 0) abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char url[64];
	HttpResult res;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/fhir", server.port);
	HttpConfig cfg = { url, NULL, "token", NULL, NULL, 2000, 3000 };
	fuzz_server_start(&server, data, size);
	http_post_fhir(&cfg, "{\"resourceType\":\"Bundle\"}", NULL, &res);
	fuzz_server_join(&server);
	if (!res.message[0] || !memchr(res.message, 0, sizeof res.message)) abort();
	if (res.retry_after_ms < 0) abort();
	if (res.outcome == HTTP_SENT && (res.status < 200 || res.status > 299)) abort();
	return 0;
}
