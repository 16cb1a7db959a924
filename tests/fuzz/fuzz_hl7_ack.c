/* tests/fuzz/fuzz_hl7_ack.c - libFuzzer target for the HL7 v2 ACK parser:
 * any bytes give AA/AE/AR or "bad", with control id and text terminated
 * inside their buffers. */
#include "export/hl7.h"
#include "fuzz.h"
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char ctrl[8], text[16];
	memset(ctrl, 'x', sizeof ctrl);
	memset(text, 'x', sizeof text);
	int rc = hl7_ack_parse((const char *)data, size, ctrl, sizeof ctrl, text, sizeof text);
	if (rc != HL7_ACK_AA && rc != HL7_ACK_AE && rc != HL7_ACK_AR && rc != HL7_ACK_BAD) abort();
	if (!memchr(ctrl, 0, sizeof ctrl) || !memchr(text, 0, sizeof text)) abort();
	return 0;
}
