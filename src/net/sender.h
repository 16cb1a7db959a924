/* net/sender.h - the outbox sender: one background thread with its own
 * Store connection that delivers outbox rows in order per kind (FHIR over
 * HTTPS, HL7 v2 over MLLP) and records each outcome in the outbox.
 * Why a thread: libcurl and the MLLP socket block; on a thread they can
 * never stall the UI loop, and SQLite (WAL, one connection per thread)
 * keeps the two sides apart without sharing handles. The UI thread only
 * calls sender_kick() after a completion (cheap: a condition signal).
 * A message a server refuses for good is set aside ('rejected') and the
 * next one goes. When an attempt's outcome cannot be written to the
 * database (disk full, read-only), nothing more is sent until it can: a
 * kiosk that cannot remember what it sent must not send it again and
 * again. */
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
	int allow_insecure;            /* 1: http:// FHIR URLs are allowed (test networks) */
	const char *hl7_host;          /* NULL/"": HL7 rows are left alone */
	int hl7_port;
	int hl7_tls;                   /* 1: MLLP inside TLS */
	const char *hl7_ca_file;       /* NULL/"": the system's trust store */
	const char *hl7_client_cert;
	const char *hl7_client_key;
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
 * (HTTPS GET <base>/metadata; an MLLP connect, with TLS when hl7_tls).
 * Writes plain words to msg. Returns 0 when every configured destination
 * answered, else -1. Blocks up to the timeouts (about 40 s): never call it
 * on the UI thread; use sender_test_start there. */
int sender_test_connection(const SenderConfig *cfg, char *msg, size_t n);

/* The same test on a worker thread of its own, so the UI loop (and its
 * watchdog ping) never waits for the network. cfg is copied. */
typedef struct ConnTest ConnTest;
ConnTest *sender_test_start(const SenderConfig *cfg);
/* 1 while running; when done 0 (all answered) or -1, with the words in msg. */
int sender_test_result(ConnTest *t, char *msg, size_t n);
/* Aborts a test still running, joins and frees t (NULL is fine). */
void sender_test_free(ConnTest *t);
#endif
