/* net/sender.h - the outbox sender: one background thread with its own
 * Store connection that delivers outbox rows in order per kind (FHIR over
 * HTTPS, HL7 v2 over MLLP) and records each outcome in the outbox.
 * Why a thread: libcurl and the MLLP socket block; on a thread they can
 * never stall the UI loop, and SQLite (WAL, one connection per thread)
 * keeps the two sides apart without sharing handles. The UI thread only
 * calls sender_kick() after a completion (cheap: a condition signal). */
#ifndef NET_SENDER_H
#define NET_SENDER_H
#include <stddef.h>
#include "store/outbox.h"

typedef struct SenderConfig {
	const char *fhir_base_url;     /* NULL/"": FHIR rows are left alone */
	const char *fhir_ca_file;
	const char *fhir_bearer_token;
	const char *fhir_client_cert;
	const char *fhir_client_key;
	const char *hl7_host;          /* NULL/"": HL7 rows are left alone */
	int hl7_port;
	const char *db_key_file;       /* NULL/"": plain database; else its key source (store_open_key) */
	long connect_timeout_ms;       /* 0: 10 s */
	long timeout_ms;               /* 0: 30 s (whole request, or the wait for an ACK) */
	long idle_poll_ms;             /* 0: 60 s; re-checks the outbox when idle */
	OutboxBackoff backoff;         /* zeroed: outbox_backoff_default() */
} SenderConfig;

typedef struct Sender Sender;

/* Copies cfg and starts the thread on its own connection to db_path.
 * Returns NULL if the thread cannot start. Stop with sender_stop(). */
Sender *sender_start(const SenderConfig *cfg, const char *db_path);
/* Wakes the sender now (after a visit completes). Never blocks for long. */
void sender_kick(Sender *s);
/* Stops promptly (an HTTP transfer or ACK wait in progress is aborted and
 * its row stays due, not counted as a failure), joins and frees s. */
void sender_stop(Sender *s);

/* Staff self-test: a harmless request to each configured destination
 * (HTTPS GET <base>/metadata; an MLLP connect). Writes plain words to msg.
 * Returns 0 when every configured destination answered, else -1. Blocks up
 * to the timeouts: call it from a worker, or accept the wait in staff mode. */
int sender_test_connection(const SenderConfig *cfg, char *msg, size_t n);
#endif
