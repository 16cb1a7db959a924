/* net/mllp.h - HL7 v2 over MLLP, client side only: connect, send
 * <VT> message <FS><CR>, wait for the ACK with a timeout. An AA (or CA)
 * that acknowledges our control id means delivered; AE, AR, a wrong id, no
 * ACK or a dropped connection mean retry. Nothing listens on the kiosk. */
#ifndef NET_MLLP_H
#define NET_MLLP_H
#include <stdatomic.h>
#include "net/http.h"

typedef struct MllpConfig {
	const char *host;     /* hl7_host */
	int port;             /* hl7_port */
	long timeout_ms;      /* connect, and then the wait for the ACK */
} MllpConfig;

/* Sends msg (segments '\r'-terminated, unframed). Fills *res (outcome,
 * plain-words message; status is 0). stop (may be NULL) aborts the wait. */
void mllp_send(const MllpConfig *cfg, const char *msg, const atomic_int *stop, HttpResult *res);
#endif
