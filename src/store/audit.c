/* store/audit.c - see audit.h. */
#include "store/audit.h"
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

int audit_add(Store *s, long long at, const char *action, const char *visit_code)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(store_db(s), "INSERT INTO audit(at, action, visit_code) VALUES(?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	sqlite3_bind_int64(st, 1, at);
	sqlite3_bind_text(st, 2, action, -1, SQLITE_TRANSIENT);
	if (visit_code) sqlite3_bind_text(st, 3, visit_code, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_FULL) return STORE_FULL;
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERR;
}

int audit_recent(Store *s, AuditEntry *out, int max)
{
	sqlite3_stmt *st = NULL;
	int n = 0, rc;
	if (sqlite3_prepare_v2(store_db(s), "SELECT at, action, visit_code FROM audit ORDER BY id DESC LIMIT ?",
			       -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	sqlite3_bind_int(st, 1, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *a = sqlite3_column_text(st, 1), *c = sqlite3_column_text(st, 2);
		out[n].at = sqlite3_column_int64(st, 0);
		snprintf(out[n].action, sizeof out[n].action, "%s", a ? (const char *)a : "");
		snprintf(out[n].visit_code, sizeof out[n].visit_code, "%s", c ? (const char *)c : "");
		n++;
	}
	sqlite3_finalize(st);
	return n;
}
