/* store/audit.c - see audit.h. Errors follow store_int.h: a StoreErr
 * returned, the message in store_errmsg(). */
#include "store/audit.h"
#include "store/store_int.h"
#include <stdio.h>
#include <string.h>

int audit_add(Store *s, long long at, const char *action, const char *visit_code)
{
	sqlite3_stmt *st = store_prep(s, "INSERT INTO audit(at, action, visit_code) VALUES(?,?,?)", "writing the audit log");
	if (!st) return STORE_ERR;
	sqlite3_bind_int64(st, 1, at);
	store_bind_text(st, 2, action);
	store_bind_text(st, 3, visit_code);
	return store_step_done(s, st, "writing the audit log");
}

int audit_recent(Store *s, AuditEntry *out, int max)
{
	sqlite3_stmt *st = store_prep(s, "SELECT at, action, visit_code FROM audit ORDER BY id DESC LIMIT ?", "reading the audit log");
	int n = 0, rc = SQLITE_DONE;
	if (!st) return STORE_ERR;
	sqlite3_bind_int(st, 1, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *a = sqlite3_column_text(st, 1), *c = sqlite3_column_text(st, 2);
		out[n].at = sqlite3_column_int64(st, 0);
		snprintf(out[n].action, sizeof out[n].action, "%s", a ? (const char *)a : "");
		snprintf(out[n].visit_code, sizeof out[n].visit_code, "%s", c ? (const char *)c : "");
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) n = store_fail(s, "reading the audit log");
	sqlite3_finalize(st);
	return n;
}
