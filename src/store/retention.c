/* store/retention.c - see retention.h. Selects the visits due, then deletes
 * each with its answers, marks and outbox rows inside one transaction. */
#include "store/retention.h"
#include "store/audit.h"
#include "core/util.h"
#include <sqlite3.h>
#include <stdlib.h>

#define DAY 86400LL

/* A visit still waiting for delivery: an unsent outbox row, or neither
 * sent nor handed off. */
#define UNSENT "(EXISTS (SELECT 1 FROM outbox o WHERE o.visit_uuid=v.uuid AND o.state<>'sent') OR v.handed_off IS NULL)"

static const char *const due_sql =
	"SELECT uuid, code, CASE"
	" WHEN completed IS NULL THEN 2"
	" WHEN " UNSENT " THEN 1 ELSE 0 END AS why FROM visit v WHERE"
	" (completed IS NULL AND started <= ?1)"
	" OR (completed IS NOT NULL AND " UNSENT " AND completed <= ?2)"
	" OR (completed IS NOT NULL AND NOT " UNSENT " AND handed_off <= ?1)";

static int exec1(sqlite3 *db, const char *sql, const char *uuid)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return STORE_ERR;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_FULL) return STORE_FULL;
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERR;
}

int retention_purge(Store *s, long long now, int retention_days, int unsent_max_days, RetentionResult *res)
{
	static const char *const del[] = {
		"DELETE FROM answer WHERE visit_uuid=?", "DELETE FROM mark WHERE visit_uuid=?",
		"DELETE FROM outbox WHERE visit_uuid=?", "DELETE FROM visit WHERE uuid=?",
	};
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st = NULL;
	RetentionResult r = {0, 0, 0};
	int rc = STORE_OK, i;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) return STORE_ERR;
	if (sqlite3_prepare_v2(db, due_sql, -1, &st, NULL) != SQLITE_OK) { rc = STORE_ERR; goto fail; }
	sqlite3_bind_int64(st, 1, now - (long long)retention_days * DAY);
	sqlite3_bind_int64(st, 2, now - (long long)unsent_max_days * DAY);
	for (;;) {
		int step = sqlite3_step(st);
		char *uuid, *code;
		if (step == SQLITE_DONE) break;
		if (step != SQLITE_ROW) { rc = STORE_ERR; goto fail; }
		uuid = xstrdup((const char *)sqlite3_column_text(st, 0));
		code = xstrdup((const char *)sqlite3_column_text(st, 1));
		switch (sqlite3_column_int(st, 2)) {
		case 0: r.handed_off++; break;
		case 1: r.unsent++; break;
		default: r.abandoned++; break;
		}
		for (i = 0; i < 4 && rc == STORE_OK; i++) rc = exec1(db, del[i], uuid);
		if (rc == STORE_OK)
			rc = audit_add(s, now, sqlite3_column_int(st, 2) == 1 ? "retention-delete-unsent" : "retention-delete", code);
		free(uuid);
		free(code);
		if (rc) goto fail;
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) { st = NULL; rc = STORE_ERR; goto fail; }
	if (res) *res = r;
	return STORE_OK;
fail:
	sqlite3_finalize(st);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int retention_unsent_warning(Store *s, long long now, int unsent_max_days, long long *oldest)
{
	sqlite3_stmt *st = NULL;
	int n = 0;
	if (oldest) *oldest = 0;
	if (sqlite3_prepare_v2(store_db(s),
		"SELECT count(*), min(completed) FROM visit v WHERE completed IS NOT NULL AND " UNSENT
		" AND completed <= ?", -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	sqlite3_bind_int64(st, 1, now + DAY - (long long)unsent_max_days * DAY);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		if (oldest) *oldest = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return n;
}
