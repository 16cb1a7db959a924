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

enum { STORE_OK = 0, STORE_ERR = -1, STORE_FULL = -2, STORE_CORRUPT = -3, STORE_NOTFOUND = -4 };

#define STORE_SCHEMA_VERSION 2

/* Opens (creating and migrating) the database at path. Returns NULL only on
 * allocation failure; check store_ok(). A corrupt file is moved aside to
 * path.corrupt-<time> and a fresh database is made (reported in errmsg). */
Store *store_open(const char *path);
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
/* Deletes the visit and everything of it (answers, marks), securely. */
int store_visit_delete(Store *s, const char *uuid);
/* Deletes every visit that was never completed (a crash or power cut in
 * the middle of one): at start-up nothing of it may reach the next
 * patient, so it is closed unseen. A visit with a safety alert is left for
 * store_visit_close_partial (the app closes those first). Returns how many
 * were deleted, or <0. */
int store_close_unfinished(Store *s);
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
/* Completes the visit in ONE transaction: status, summary text, and the
 * outbox rows (kind "fhir" / "hl7", payload) so nothing is lost between. */
int store_visit_complete(Store *s, const char *uuid, long long completed, const char *summary,
			 const char *const *kinds, const char *const *payloads, int n_out);

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
	int handed_off;           /* sent and acknowledged, or marked done by staff */
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
