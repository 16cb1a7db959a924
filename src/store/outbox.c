/* store/outbox.c - see outbox.h. Prepared statements on the connection the
 * caller owns (the sender thread has its own Store), through store_int.h so
 * every failure leaves its message in store_errmsg(). */
#include "store/outbox.h"
#include "store/store_int.h"
#include "core/util.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

OutboxBackoff outbox_backoff_default(void)
{
	OutboxBackoff b = {5000, 15 * 60 * 1000, 60 * 60 * 1000};
	return b;
}

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

int outbox_next(Store *s, const char *kind, long long now_ms, OutboxRow *row, long long *due_ms)
{
	sqlite3_stmt *st = NULL;
	int rc;
	memset(row, 0, sizeof *row);
	if (!(st = store_prep(s, "SELECT id, visit_uuid, kind, payload, attempts, created, next_try FROM outbox"
			      " WHERE kind=? AND state IN ('pending','failed') ORDER BY urgent DESC, id LIMIT 1", "reading the outbox")))
		return STORE_ERR;
	store_bind_text(st, 1, kind);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_finalize(st); return OUTBOX_EMPTY; }
	if (rc != SQLITE_ROW) { rc = store_fail(s, "reading the outbox"); sqlite3_finalize(st); return rc; }
	if (sqlite3_column_int64(st, 6) > now_ms) {
		if (due_ms) *due_ms = sqlite3_column_int64(st, 6);
		sqlite3_finalize(st);
		return OUTBOX_WAIT;
	}
	row->id = sqlite3_column_int64(st, 0);
	row->visit_uuid = col_text(st, 1);
	row->kind = col_text(st, 2);
	row->payload = col_text(st, 3);
	row->attempts = sqlite3_column_int(st, 4);
	row->created = sqlite3_column_int64(st, 5);
	sqlite3_finalize(st);
	return STORE_OK;
}

void outbox_row_free(OutboxRow *row)
{
	free(row->visit_uuid);
	free(row->kind);
	free(row->payload);
	memset(row, 0, sizeof *row);
}

static int run(Store *s, const char *sql, long long a, long long b, const char *what)
{
	sqlite3_stmt *st = store_prep(s, sql, what);
	if (!st) return STORE_ERR;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	return store_step_done(s, st, what);
}

int outbox_mark_sent(Store *s, long long id, long long now_ms)
{
	int rc;
	/* one transaction: a row is never sent without its visit's hand-off time */
	if ((rc = store_exec(s, "BEGIN IMMEDIATE", "recording a delivery"))) return rc;
	if ((rc = run(s, "UPDATE outbox SET state='sent', sent_at=?2, last_error=NULL WHERE id=?1",
		      id, now_ms / 1000, "recording a delivery")) ||
	    (rc = run(s, "UPDATE visit SET handed_off=?2 WHERE handed_off IS NULL AND uuid="
			 "(SELECT visit_uuid FROM outbox WHERE id=?1) AND NOT EXISTS (SELECT 1 FROM outbox o"
			 " WHERE o.visit_uuid=visit.uuid AND o.state<>'sent')", id, now_ms / 1000, "recording a delivery")) ||
	    (rc = store_exec(s, "COMMIT", "recording a delivery"))) {
		store_rollback(s);
		return rc;
	}
	return 0;
}

int outbox_mark_rejected(Store *s, long long id, long long now_ms, const char *reason)
{
	sqlite3_stmt *st = store_prep(s, "UPDATE outbox SET state='rejected', attempts=attempts+1, next_try=?2,"
				      " last_error=?3, sent_at=NULL WHERE id=?1", "setting a refused message aside");
	int rc;
	if (!st) return STORE_ERR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_ms);
	store_bind_text(st, 3, reason && *reason ? reason : "refused by the server");
	if ((rc = store_step_done(s, st, "setting a refused message aside"))) return rc;
	if (sqlite3_changes(store_db(s)) != 1)
		return store_failf(s, STORE_NOTFOUND, "setting a refused message aside: outbox row %lld not found", id);
	return STORE_OK;
}

int outbox_retry_rejected(Store *s)
{
	int rc = store_exec(s, "UPDATE outbox SET state='pending', attempts=0, next_try=0 WHERE state='rejected'",
			    "sending refused messages again");
	return rc ? rc : sqlite3_changes(store_db(s));
}

long long outbox_backoff_ms(const OutboxBackoff *b, int attempts, long long retry_after_ms, unsigned *seed)
{
	long long d = b->base_ms;
	int i;
	if (retry_after_ms > 0) return retry_after_ms < b->max_retry_after_ms ? retry_after_ms : b->max_retry_after_ms;
	for (i = 1; i < attempts && d < b->max_ms; i++) d *= 2;
	if (d > b->max_ms) d = b->max_ms;
	/* Jitter so many kiosks coming back together do not all retry at once. */
	return d / 2 + (long long)((double)(d - d / 2) * ((double)rand_r(seed) / RAND_MAX));
}

int outbox_mark_failed(Store *s, long long id, long long now_ms, const char *error,
		       long long retry_after_ms, const OutboxBackoff *b)
{
	sqlite3_stmt *st = NULL;
	unsigned seed = (unsigned)(now_ms ^ (id * 2654435761LL));
	int attempts = 0, rc;
	long long delay;
	if (!(st = store_prep(s, "SELECT attempts FROM outbox WHERE id=?", "recording a failed attempt"))) return STORE_ERR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) attempts = sqlite3_column_int(st, 0);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? store_failf(s, STORE_NOTFOUND, "recording a failed attempt: no such outbox row")
				  : store_fail(s, "recording a failed attempt");
	sqlite3_finalize(st);
	if (rc) return rc;
	delay = outbox_backoff_ms(b, attempts + 1, retry_after_ms, &seed);
	if (!(st = store_prep(s, "UPDATE outbox SET state='failed', attempts=attempts+1, next_try=?2, last_error=?3,"
			      " sent_at=NULL WHERE id=?1", "recording a failed attempt")))
		return STORE_ERR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_ms + delay);
	store_bind_text(st, 3, error ? error : "");
	return store_step_done(s, st, "recording a failed attempt");
}

/* Copies text column i into out (truncated on a UTF-8 boundary). */
static void copy_col(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t len = t ? strlen((const char *)t) : 0;
	if (len >= n) {
		len = n - 1;
		while (len > 0 && (t[len] & 0xC0) == 0x80) len--;
	}
	if (t) memcpy(out, t, len);
	out[len] = 0;
}

int outbox_stats(Store *s, OutboxStats *o)
{
	sqlite3_stmt *st = NULL;
	int rc;
	memset(o, 0, sizeof *o);
	if (!(st = store_prep(s, "SELECT (SELECT count(*) FROM outbox WHERE state='pending'),"
			      " (SELECT count(*) FROM outbox WHERE state='failed'),"
			      " (SELECT count(*) FROM outbox WHERE state='sent'),"
			      " (SELECT min(created) FROM outbox WHERE state IN ('pending','failed')),"
			      " (SELECT count(*) FROM outbox WHERE state='rejected')", "counting the outbox")))
		return STORE_ERR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->pending = sqlite3_column_int(st, 0);
		o->failed = sqlite3_column_int(st, 1);
		o->sent = sqlite3_column_int(st, 2);
		o->oldest_unsent = sqlite3_column_int64(st, 3);
		o->rejected = sqlite3_column_int(st, 4);
	}
	rc = rc == SQLITE_ROW ? 0 : store_fail(s, "counting the outbox");
	sqlite3_finalize(st);
	if (rc) return rc;
	/* The failing row with the most attempts: what staff should read. */
	if (!(st = store_prep(s, "SELECT last_error, next_try FROM outbox WHERE state='failed' AND last_error IS NOT NULL"
			      " ORDER BY attempts DESC, next_try DESC LIMIT 1", "counting the outbox")))
		return STORE_ERR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		copy_col(st, 0, o->last_error, sizeof o->last_error);
		o->next_try = sqlite3_column_int64(st, 1) / 1000;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(s, "counting the outbox");
	sqlite3_finalize(st);
	if (rc) return rc;
	/* The latest refusal: the server's own reason. */
	if (!(st = store_prep(s, "SELECT last_error, kind FROM outbox WHERE state='rejected'"
			      " ORDER BY next_try DESC, id DESC LIMIT 1", "counting the outbox")))
		return STORE_ERR;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		copy_col(st, 0, o->rejected_reason, sizeof o->rejected_reason);
		copy_col(st, 1, o->rejected_kind, sizeof o->rejected_kind);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(s, "counting the outbox");
	sqlite3_finalize(st);
	return rc;
}
