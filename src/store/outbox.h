/* store/outbox.h - the durable outbox: one row per message to send (kind
 * "fhir" or "hl7"), written with the visit's completion in one transaction
 * by store_visit_complete(). The sender takes rows strictly in order per
 * kind (a later visit never goes before an earlier one of the same kind),
 * except urgent rows (safety alerts, store_alert_raise), which go first,
 * marks them sent, or records a failed attempt with the next try after an
 * exponential backoff with jitter (or the server's Retry-After), or sets a
 * message the server refused for good aside as 'rejected' with the
 * server's reason, so it never blocks the ones after it. States: pending,
 * failed (retried), sent, rejected (kept until staff retry it).
 * Times: created/sent_at are unix seconds; next_try is unix milliseconds. */
#ifndef STORE_OUTBOX_H
#define STORE_OUTBOX_H
#include <stddef.h>
#include "store/store.h"

enum { OUTBOX_WAIT = 1, OUTBOX_EMPTY = 2 };

typedef struct OutboxRow {
	long long id;
	char *visit_uuid;     /* owned; free with outbox_row_free */
	char *kind;           /* "fhir", "hl7" */
	char *payload;        /* message text */
	int attempts;         /* failed attempts so far */
	long long created;    /* unix seconds */
} OutboxRow;

typedef struct OutboxBackoff {
	long long base_ms;    /* delay after the first failure (tests: tens of ms) */
	long long max_ms;     /* cap of the exponential growth */
	long long max_retry_after_ms;   /* a server's Retry-After is honoured up to this */
} OutboxBackoff;

/* Production defaults: 5 s base, 15 min cap, Retry-After up to 1 h. */
OutboxBackoff outbox_backoff_default(void);

/* The oldest unsent row of kind. Returns 0 with *row filled when it is due
 * at now_ms; OUTBOX_WAIT with *due_ms set when it is waiting for its next
 * try (nothing later of that kind is offered meanwhile); OUTBOX_EMPTY when
 * nothing is unsent; or a negative StoreErr. */
int outbox_next(Store *s, const char *kind, long long now_ms, OutboxRow *row, long long *due_ms);
void outbox_row_free(OutboxRow *row);

/* Row id was delivered. When it was the visit's last unsent row, the
 * visit's handed_off time is set (if not already) - retention counts from it. */
int outbox_mark_sent(Store *s, long long id, long long now_ms);
/* A failed attempt: attempts + 1, state 'failed' (still retried), the
 * plain-words error kept for staff, next try after
 *   retry_after_ms (> 0: the server's Retry-After, capped), else
 *   min(max, base * 2^(attempts-1)) scaled by a random factor in [0.5, 1]. */
int outbox_mark_failed(Store *s, long long id, long long now_ms, const char *error,
		       long long retry_after_ms, const OutboxBackoff *b);
/* The server refused row id for good (400, 403, 404, 409, 422, an AE/AR
 * ACK ...): state 'rejected', reason (the server's own words, kept in the
 * database for staff, never logged) in last_error; later rows go on. */
int outbox_mark_rejected(Store *s, long long id, long long now_ms, const char *reason);
/* Staff's "send refused messages again" (after IT fixed the setting):
 * every rejected row becomes pending. Returns how many, or a StoreErr. */
int outbox_retry_rejected(Store *s);
/* The delay outbox_mark_failed would use (jitter from *seed; tests). */
long long outbox_backoff_ms(const OutboxBackoff *b, int attempts, long long retry_after_ms, unsigned *seed);

typedef struct OutboxStats {
	int pending;          /* never tried yet */
	int failed;           /* tried, failing, will be retried */
	int sent;
	int rejected;         /* refused for good by a server, set aside */
	long long oldest_unsent;   /* created (unix s) of the oldest unsent row, 0 if none */
	long long next_try;        /* unix s of the next try of the failing row, 0 if none */
	char last_error[200];      /* plain words for staff, "" if none */
	char rejected_reason[300]; /* the latest refusal in the server's words, "" if none */
	char rejected_kind[8];     /* its kind: "fhir", "hl7" */
} OutboxStats;

/* Counts for the staff screen (all kinds together). */
int outbox_stats(Store *s, OutboxStats *st);
#endif
