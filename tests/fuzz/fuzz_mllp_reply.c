/* tests/fuzz/fuzz_mllp_reply.c - libFuzzer target for what an HL7 v2
 * interface engine answers over MLLP: the fuzz bytes are the whole reply
 * (framing and ACK) to mllp_send over loopback. Only an AA naming our
 * control id may count as delivered. */
#include "net/mllp.h"
#include "fuzz.h"
#include "fuzz_server.h"

static FuzzServer server;

static int mllp_request_done(const char *req, size_t len)
{
	return len >= 2 && req[len - 2] == 0x1c && req[len - 1] == 0x0d;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	server.request_done = mllp_request_done;
	if (fuzz_server_listen(&server) != 0) abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char msg[] = "MSH|^~\\&|ACCORD|CLINIC|EHR|CLINIC|20261201120000||ORU^R01|CTRL42|P|2.5.1\r";
	HttpResult res;
	MllpConfig cfg = { "127.0.0.1", server.port, 2000 };
	fuzz_server_start(&server, data, size);
	mllp_send(&cfg, msg, NULL, &res);
	fuzz_server_join(&server);
	if (!res.message[0]) abort();
	if (res.outcome == HTTP_SENT && !memmem(data, size, "CTRL42", 6)) abort();   /* delivered only when acknowledged */
	return 0;
}
