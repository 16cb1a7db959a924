/* store/retention.c - see retention.h. Selects a batch of the visits due,
 * then deletes each with its answers, marks and outbox rows inside one
 * short transaction, so other connections wait milliseconds, not seconds. */
#include "store/retention.h"
#include "store/audit.h"
#include "store/store_int.h"
#include "core/util.h"
#include <sqlite3.h>
#include <stdlib.h>

#define DAY 86400LL

/* A visit still waiting for delivery: an unsent outbox row, or neither
 * sent nor handed off. */
#define UNSENT "(EXISTS (SELECT 1 FROM outbox o WHERE o.visit_uuid=v.uuid AND o.state<>'sent') OR v.handed_off IS NULL)"

/* A visit with a safety answer (an alert raised) is kept until it is closed,
 * everything of it sent or handed off, and staff acknowledged the alert:
 * neither the unsent limit nor the abandoned rule deletes it unseen. */
#define SAFETY_KEPT "(EXISTS (SELECT 1 FROM alert a WHERE a.visit_uuid=v.uuid)" \
	" AND (v.completed IS NULL OR v.safety_ack IS NULL OR " UNSENT "))"

static const char *const due_sql =
	"SELECT uuid, code, CASE"
	" WHEN completed IS NULL THEN 2"
	" WHEN " UNSENT " THEN 1 ELSE 0 END AS why FROM visit v WHERE"
	" ((completed IS NULL AND started <= ?1)"
	" OR (completed IS NOT NULL AND " UNSENT " AND completed <= ?2)"
	" OR (completed IS NOT NULL AND NOT " UNSENT " AND handed_off <= ?1))"
	" AND NOT " SAFETY_KEPT
	" ORDER BY started LIMIT ?3";

static int exec1(Store *s, const char *sql, const char *uuid)
{
	sqlite3_stmt *st = store_prep(s, sql, "deleting an expired visit");
	if (!st) return STORE_ERR;
	store_bind_text(st, 1, uuid);
	return store_step_done(s, st, "deleting an expired visit");
}

int retention_purge_batch(Store *s, long long now, int retention_days, int unsent_max_days, int max_visits,
			  RetentionResult *res)
{
	static const char *const del[] = {
		"DELETE FROM answer WHERE visit_uuid=?", "DELETE FROM mark WHERE visit_uuid=?",
		"DELETE FROM outbox WHERE visit_uuid=?", "DELETE FROM alert WHERE visit_uuid=?",
		"DELETE FROM visit WHERE uuid=?",
	};
	sqlite3_stmt *st = NULL;
	int rc, i, n = 0;
	if ((rc = store_exec(s, "BEGIN IMMEDIATE", "starting the retention purge"))) return rc;
	if (!(st = store_prep(s, due_sql, "finding expired visits"))) { rc = STORE_ERR; goto fail; }
	sqlite3_bind_int64(st, 1, now - (long long)retention_days * DAY);
	sqlite3_bind_int64(st, 2, now - (long long)unsent_max_days * DAY);
	sqlite3_bind_int(st, 3, max_visits > 0 ? max_visits : -1);
	for (;;) {
		int step = sqlite3_step(st), why;
		char *uuid, *code;
		if (step == SQLITE_DONE) break;
		if (step != SQLITE_ROW) { rc = store_fail(s, "finding expired visits"); goto fail; }
		uuid = xstrdup((const char *)sqlite3_column_text(st, 0));
		code = xstrdup((const char *)sqlite3_column_text(st, 1));
		why = sqlite3_column_int(st, 2);
		if (res) {
			if (why == 0) res->handed_off++;
			else if (why == 1) res->unsent++;
			else res->abandoned++;
		}
		for (i = 0; i < (int)(sizeof del / sizeof del[0]) && rc == STORE_OK; i++) rc = exec1(s, del[i], uuid);
		if (rc == STORE_OK)
			rc = audit_add(s, now, why == 1 ? "retention-delete-unsent" : "retention-delete", code);
		free(uuid);
		free(code);
		if (rc) goto fail;
		n++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = store_exec(s, "COMMIT", "finishing the retention purge"))) goto fail;
	return n;
fail:
	sqlite3_finalize(st);
	store_rollback(s);
	return rc;
}

int retention_purge(Store *s, long long now, int retention_days, int unsent_max_days, RetentionResult *res)
{
	RetentionResult r = {0, 0, 0};
	int n, total = 0;
	do {
		n = retention_purge_batch(s, now, retention_days, unsent_max_days, RETENTION_BATCH, &r);
		if (n > 0) total += n;
	} while (n == RETENTION_BATCH);
	if (res) *res = r;   /* the batches that committed, also when a later one failed */
	if (n < 0) return n;
	return total ? store_scrub_wal(s) : 0;
}

int retention_unsent_warning(Store *s, long long now, int unsent_max_days, long long *oldest)
{
	sqlite3_stmt *st = store_prep(s, "SELECT count(*), min(completed) FROM visit v WHERE completed IS NOT NULL AND " UNSENT
				      " AND completed <= ? AND NOT " SAFETY_KEPT, "counting visits about to expire");
	int n = 0;
	if (oldest) *oldest = 0;
	if (!st) return STORE_ERR;
	sqlite3_bind_int64(st, 1, now + DAY - (long long)unsent_max_days * DAY);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		if (oldest) *oldest = sqlite3_column_int64(st, 1);
	} else {
		n = store_fail(s, "counting visits about to expire");
	}
	sqlite3_finalize(st);
	return n;
}
