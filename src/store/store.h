/* store/store.h - the SQLite database: schema and migrations, per-answer
 * autosave of the visit in progress, completed visits, and secure deletion.
 * One Store per connection (the sender thread opens its own). WAL mode,
 * secure_delete on, PRAGMA user_version holds the schema version.
 * Errors: functions return 0 or a negative StoreErr; store_errmsg() says why
 * (never patient data). */
#ifndef STORE_STORE_H
#define STORE_STORE_H
#include "core/answers.h"

typedef struct Store Store;
struct sqlite3;

enum { STORE_OK = 0, STORE_ERR = -1, STORE_FULL = -2, STORE_CORRUPT = -3, STORE_NOTFOUND = -4, STORE_BUSY = -5,
       STORE_KEY = -6 /* the file cannot be read with this key (or without one): never set aside */ };

#define STORE_SCHEMA_VERSION 3

typedef struct StoreOpts {
	int busy_ms;          /* how long to wait for another connection's lock; 0: 5000 */
	int check;            /* 1: PRAGMA quick_check at open (the UI's connection at start-up) */
	int recover;          /* 1: a corrupt file is set aside and a fresh one started */
	const char *key_file; /* NULL/"": a plain database; else the file whose bytes (hashed,
			       * BLAKE2b-256) are the SQLCipher key; the key is never kept or logged */
} StoreOpts;

/* Opens (creating and migrating) the database at path. Returns NULL only on
 * allocation failure; check store_ok(). Only a file that is not a database
 * (starting with SQLite's header) or fails its integrity check is corrupt
 * (a file without the header is encrypted with another key, or not ours:
 * STORE_KEY, left alone): with o->recover it is moved aside
 * to path.corrupt-<time> and a fresh database is made (store_notice says
 * so). A lock held too long, a full disk, a read-only file system leave the
 * file untouched: store_ok() is 0 and store_errmsg() says why; open again
 * later to retry. */
Store *store_open_opts(const char *path, const StoreOpts *o);
/* store_open_opts with every option 0 (no check, never sets anything aside). */
Store *store_open(const char *path);
/* The same with the database key (the sender's and other workers' connections). */
Store *store_open_key(const char *path, const char *key_file);
int store_ok(const Store *s);                 /* 1 if usable */
const char *store_errmsg(const Store *s);     /* last error, never patient data */
const char *store_notice(const Store *s);     /* staff notice from open (e.g. recovered corrupt file) or NULL */
void store_close(Store *s);
struct sqlite3 *store_db(Store *s);           /* for the other store/ modules only */
int store_user_version(Store *s);

/* Visit in progress. */
int store_visit_begin(Store *s, const char *uuid, const char *code, const char *lang, long long started);
/* 1 when a stored visit (any state, so within retention) has this code,
 * 0 when none, or a negative StoreErr. New codes are drawn until unused. */
int store_code_taken(Store *s, const char *code);
int store_answer_put(Store *s, const char *uuid, const char *form, const char *link_id, const QValue *vals, int n);
int store_mark_put(Store *s, const char *uuid, const char *clause_id, int discuss, const char *question, int seconds);
int store_identity_put(Store *s, const char *uuid, const char *first, const char *last, const char *dob, const char *staff_ref);
/* Deletes the visit and everything of it (answers, marks), securely: the
 * rows are zeroed (secure_delete) and the WAL is checkpointed and truncated,
 * so no file holds the deleted text when this returns 0. */
int store_visit_delete(Store *s, const char *uuid);
/* Deletes every visit that was never completed (a crash or power cut in
 * the middle of one): at start-up nothing of it may reach the next
 * patient, so it is closed unseen. A visit with a safety alert is left for
 * store_visit_close_partial (the app closes those first). Returns how many
 * were deleted, or <0. */
int store_close_unfinished(Store *s);
/* Overwrites the write-ahead log: checkpoint everything into the main file
 * (where secure_delete has already zeroed deleted rows) and truncate the
 * WAL to zero bytes, so deleted text survives in no file. 0 or a StoreErr
 * (STORE_BUSY: another connection kept it from finishing; try again). */
int store_scrub_wal(Store *s);
/* The uuids of unfinished visits, oldest first (*uuids malloc'd, each and
 * the array freed by the caller). Returns count or <0. */
int store_unfinished(Store *s, char ***uuids);
/* A stored visit's code, language and start (unix s); 0 or STORE_NOTFOUND. */
int store_visit_info(Store *s, const char *uuid, char code[16], char lang[16], long long *started);
/* Adds the stored answers of a visit to a (answers_set per item). Returns
 * the number of items or <0. */
int store_visit_answers(Store *s, const char *uuid, Answers *a);
/* Number of answers stored for a visit (tests, staff health). */
int store_answer_count(Store *s, const char *uuid);
/* Completes the visit in ONE transaction: status, summary text, the outbox
 * rows (kind "fhir" / "hl7", payload) and the "visit-complete" audit row, so
 * a crash leaves all of them or none. STORE_NOTFOUND if the visit is not
 * there or already complete. */
int store_visit_complete(Store *s, const char *uuid, long long completed, const char *summary,
			 const char *const *kinds, const char *const *payloads, int n_out);
/* The patient finished a completed visit (its code and QR were shown).
 * A visit with nothing to send (no network target: QR only) counts as
 * handed off now, so the short retention applies. Others are unchanged. */
int store_visit_finished(Store *s, const char *uuid, long long now);

/* Small integer device state kept across restarts (PIN lockout).
 * store_kv_get returns STORE_NOTFOUND when the key was never set. */
int store_kv_get(Store *s, const char *key, long long *value);
int store_kv_put(Store *s, const char *key, long long value);

/* Closes an unfinished visit that had a safety answer as partial: kept,
 * with its summary and outbox rows, in ONE transaction (like completion). */
int store_visit_close_partial(Store *s, const char *uuid, long long closed, const char *summary,
			      const char *const *kinds, const char *const *payloads, int n_out);

/* Safety alerts. Records that rule_id was met in the visit and queues its
 * alert messages as urgent outbox rows (sent before anything else of their
 * kind) in ONE transaction. A rule is recorded once a visit. */
int store_alert_raise(Store *s, const char *uuid, const char *rule_id, long long at,
		      const char *const *kinds, const char *const *payloads, int n_out);
/* Rule ids alerted in a visit, in order (*ids malloc'd, each and the array
 * freed by the caller). Returns count or <0. */
int store_alert_rules(Store *s, const char *uuid, char ***ids);
/* Visits with a safety alert staff have not acknowledged (the attract
 * screen's sign). Count or <0. */
int store_alert_waiting(Store *s);
/* Staff acknowledge the alert of the visit with this code: 0, or STORE_NOTFOUND. */
int store_alert_ack(Store *s, const char *code, long long now);

/* Staff mode: the most recent closed visits, newest first, after those with
 * a safety alert not yet acknowledged. */
typedef struct RecentVisit {
	char code[16];
	long long completed;      /* unix seconds */
	int unsent;               /* outbox rows not yet delivered */
	int handed_off;           /* sent and acknowledged, marked done by staff, or its QR shown (QR only) */
	int queued;               /* outbox rows it had (0: a QR-only visit) */
	int safety;               /* a safety answer was given (an alert was raised) */
	int partial;              /* closed unfinished */
	int acked;                /* staff acknowledged the alert */
} RecentVisit;
int store_recent_visits(Store *s, RecentVisit *out, int max);   /* count or <0 */
/* Summary text of a completed visit by its code (malloc'd; caller frees) or NULL. */
char *store_visit_summary(Store *s, const char *code);
/* Staff marks a QR-only visit as handed off (starts the retention clock). */
int store_visit_mark_done(Store *s, const char *code, long long now);
#endif
