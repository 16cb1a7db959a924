/* store/outbox.c - see outbox.h. Plain prepared statements on the
 * connection the caller owns (the sender thread has its own Store). */
#include "store/outbox.h"
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
	if (sqlite3_prepare_v2(store_db(s),
		"SELECT id, visit_uuid, kind, payload, attempts, created, next_try FROM outbox"
		" WHERE kind=? AND state IN ('pending','failed') ORDER BY urgent DESC, id LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_finalize(st); return OUTBOX_EMPTY; }
	if (rc != SQLITE_ROW) { sqlite3_finalize(st); return rc == SQLITE_FULL ? STORE_FULL : STORE_ERR; }
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

static int run(Store *s, const char *sql, long long a, long long b, const char *text)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK) return STORE_ERR;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (text) sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_FULL) return STORE_FULL;
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERR;
}

int outbox_mark_sent(Store *s, long long id, long long now_ms)
{
	int rc = run(s, "UPDATE outbox SET state='sent', sent_at=?2, last_error=NULL WHERE id=?1",
		     id, now_ms / 1000, NULL);
	if (rc) return rc;
	return run(s, "UPDATE visit SET handed_off=?2 WHERE handed_off IS NULL AND uuid="
		      "(SELECT visit_uuid FROM outbox WHERE id=?1) AND NOT EXISTS (SELECT 1 FROM outbox o"
		      " WHERE o.visit_uuid=visit.uuid AND o.state<>'sent')", id, now_ms / 1000, NULL);
}

int outbox_mark_rejected(Store *s, long long id, long long now_ms, const char *reason)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(store_db(s),
		"UPDATE outbox SET state='rejected', attempts=attempts+1, next_try=?2, last_error=?3,"
		" sent_at=NULL WHERE id=?1", -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_ms);
	sqlite3_bind_text(st, 3, reason && *reason ? reason : "refused by the server", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_FULL) return STORE_FULL;
	if (rc != SQLITE_DONE) return STORE_ERR;
	return sqlite3_changes(store_db(s)) == 1 ? STORE_OK : STORE_NOTFOUND;
}

int outbox_retry_rejected(Store *s)
{
	int rc = sqlite3_exec(store_db(s), "UPDATE outbox SET state='pending', attempts=0, next_try=0"
			      " WHERE state='rejected'", NULL, NULL, NULL);
	if (rc == SQLITE_FULL) return STORE_FULL;
	return rc == SQLITE_OK ? sqlite3_changes(store_db(s)) : STORE_ERR;
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
	if (sqlite3_prepare_v2(store_db(s), "SELECT attempts FROM outbox WHERE id=?", -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) attempts = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) return STORE_NOTFOUND;
	delay = outbox_backoff_ms(b, attempts + 1, retry_after_ms, &seed);
	if (sqlite3_prepare_v2(store_db(s),
		"UPDATE outbox SET state='failed', attempts=attempts+1, next_try=?2, last_error=?3,"
		" sent_at=NULL WHERE id=?1", -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_ms + delay);
	sqlite3_bind_text(st, 3, error ? error : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_FULL) return STORE_FULL;
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERR;
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
	if (sqlite3_prepare_v2(store_db(s),
		"SELECT (SELECT count(*) FROM outbox WHERE state='pending'),"
		" (SELECT count(*) FROM outbox WHERE state='failed'),"
		" (SELECT count(*) FROM outbox WHERE state='sent'),"
		" (SELECT min(created) FROM outbox WHERE state IN ('pending','failed')),"
		" (SELECT count(*) FROM outbox WHERE state='rejected')", -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->pending = sqlite3_column_int(st, 0);
		o->failed = sqlite3_column_int(st, 1);
		o->sent = sqlite3_column_int(st, 2);
		o->oldest_unsent = sqlite3_column_int64(st, 3);
		o->rejected = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) return STORE_ERR;
	/* The failing row with the most attempts: what staff should read. */
	if (sqlite3_prepare_v2(store_db(s),
		"SELECT last_error, next_try FROM outbox WHERE state='failed' AND last_error IS NOT NULL"
		" ORDER BY attempts DESC, next_try DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		copy_col(st, 0, o->last_error, sizeof o->last_error);
		o->next_try = sqlite3_column_int64(st, 1) / 1000;
	}
	sqlite3_finalize(st);
	/* The latest refusal: the server's own reason. */
	if (sqlite3_prepare_v2(store_db(s),
		"SELECT last_error, kind FROM outbox WHERE state='rejected' ORDER BY next_try DESC, id DESC LIMIT 1",
		-1, &st, NULL) != SQLITE_OK)
		return STORE_ERR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		copy_col(st, 0, o->rejected_reason, sizeof o->rejected_reason);
		copy_col(st, 1, o->rejected_kind, sizeof o->rejected_kind);
	}
	sqlite3_finalize(st);
	return STORE_OK;
}
