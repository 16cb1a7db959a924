/* net/mllp.h - HL7 v2 over MLLP, client side only: connect (plain TCP, or
 * TLS verified like the FHIR side when hl7_tls is on), send
 * <VT> message <FS><CR>, wait for the ACK with a timeout. An AA (or CA)
 * that acknowledges our control id means delivered; AE or AR (CE, CR) mean
 * the engine refused this message (REJECTED, with its text as the reason);
 * a wrong id, no ACK or a dropped connection mean retry. Nothing listens on
 * the kiosk. */
#ifndef NET_MLLP_H
#define NET_MLLP_H
#include <stdatomic.h>
#include "net/http.h"

typedef struct MllpConfig {
	const char *host;     /* hl7_host */
	int port;             /* hl7_port */
	long timeout_ms;      /* connect, and then the wait for the ACK */
	int tls;              /* hl7_tls: 1 = MLLP inside TLS */
	const char *ca_file;  /* hl7_ca_file; NULL: the system's trust store */
	const char *client_cert, *client_key;   /* PEM, optional */
} MllpConfig;

/* Sends msg (segments '\r'-terminated, unframed). Fills *res (outcome,
 * plain-words message, reason on REJECTED; status is 0). stop (may be
 * NULL) aborts the wait. */
void mllp_send(const MllpConfig *cfg, const char *msg, const atomic_int *stop, HttpResult *res);

/* Connects (and completes TLS) without sending anything: the staff
 * connection test. Returns 0 when the engine accepted the connection. */
int mllp_probe(const MllpConfig *cfg, const atomic_int *stop, HttpResult *res);
#endif
