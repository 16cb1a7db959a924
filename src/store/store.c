/* store/store.c - the SQLite database: open + migrate, per-answer autosave,
 * completion with its outbox rows in one transaction, secure deletion.
 * Messages in errmsg never contain patient data. */
#include "store/store_int.h"
#include "core/answers.h"
#include "core/util.h"
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Store {
	sqlite3 *db;
	int ok;
	char err[256];
	char notice[512];
};

/* Each entry moves the schema from version i to i+1. Never edit a shipped step. */
static const char *migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE visit(uuid TEXT PRIMARY KEY, code TEXT NOT NULL, lang TEXT,"
	" started INTEGER NOT NULL, completed INTEGER, summary TEXT, handed_off INTEGER,"
	" staff_done INTEGER, first_name TEXT, last_name TEXT, birth_date TEXT, staff_ref TEXT);"
	"CREATE TABLE answer(visit_uuid TEXT NOT NULL, form TEXT NOT NULL, link_id TEXT NOT NULL,"
	" idx INTEGER NOT NULL, kind INTEGER NOT NULL, num REAL, text TEXT, system TEXT, display TEXT,"
	" PRIMARY KEY(visit_uuid, form, link_id, idx));"
	"CREATE TABLE mark(visit_uuid TEXT NOT NULL, clause_id TEXT NOT NULL, discuss INTEGER,"
	" question TEXT, seconds INTEGER, PRIMARY KEY(visit_uuid, clause_id));"
	"CREATE TABLE outbox(id INTEGER PRIMARY KEY AUTOINCREMENT, visit_uuid TEXT NOT NULL,"
	" kind TEXT NOT NULL, payload TEXT NOT NULL, created INTEGER NOT NULL,"
	" attempts INTEGER NOT NULL DEFAULT 0, next_try INTEGER NOT NULL DEFAULT 0,"
	" state TEXT NOT NULL DEFAULT 'pending', last_error TEXT, sent_at INTEGER);"
	"CREATE INDEX outbox_due ON outbox(state, kind, id);"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
	" action TEXT NOT NULL, visit_code TEXT);",
	/* 1 -> 2: safety answers. An alert row per rule met in a visit (raised
	 * at once, its messages queued urgent); a visit with one is closed as
	 * partial instead of deleted; staff acknowledge it. */
	"CREATE TABLE alert(visit_uuid TEXT NOT NULL REFERENCES visit(uuid) ON DELETE CASCADE,"
	" rule_id TEXT NOT NULL, raised INTEGER NOT NULL, PRIMARY KEY(visit_uuid, rule_id));"
	"ALTER TABLE visit ADD COLUMN partial INTEGER;"
	"ALTER TABLE visit ADD COLUMN safety_ack INTEGER;"
	"ALTER TABLE outbox ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;"
	"DROP INDEX outbox_due;"
	"CREATE INDEX outbox_due ON outbox(state, kind, urgent, id);",
	/* 2 -> 3: small device state that must survive a restart (PIN lockout);
	 * outbox rows by visit (retention and wipes deleted them by full scans:
	 * 500 visits took seconds and held the write lock throughout).
	 * IF NOT EXISTS: the store branch shipped this as its own 1 -> 2 before
	 * the safety step above was numbered 2 (see migrate()). */
	"CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS outbox_visit ON outbox(visit_uuid);",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int store_fail(Store *s, const char *what)
{
	int rc = s->db ? sqlite3_errcode(s->db) : SQLITE_NOMEM;
	switch (rc) {
	case SQLITE_BUSY: case SQLITE_LOCKED:
		snprintf(s->err, sizeof s->err, "%s: the database is locked by another program", what);
		return STORE_BUSY;
	case SQLITE_READONLY: case SQLITE_CANTOPEN: case SQLITE_PERM:
		snprintf(s->err, sizeof s->err, "%s: the database cannot be written (%s; read-only file system or permissions?)",
			 what, sqlite3_errstr(rc));
		return STORE_ERR;
	default:
		snprintf(s->err, sizeof s->err, "%s: %s", what, sqlite3_errstr(rc));
	}
	if (rc == SQLITE_FULL) return STORE_FULL;
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return STORE_CORRUPT;
	return STORE_ERR;
}

int store_failf(Store *s, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return rc;
}

int store_exec(Store *s, const char *sql, const char *what)
{
	if (!s->db) return store_failf(s, STORE_ERR, "%s: the database is not open", what);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return store_fail(s, what);
	return 0;
}

void store_rollback(Store *s)
{
	if (s->db && !sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_user_version(Store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* 1 if the schema has a table of that name. */
static int has_table(Store *s, const char *name)
{
	sqlite3_stmt *st = NULL;
	int yes = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

static int migrate(Store *s)
{
	int v = store_user_version(s), rc;
	if (v < 0) return store_fail(s, "reading the schema version");
	if (v > N_MIGRATIONS)
		return store_failf(s, STORE_ERR, "database schema %d is newer than this app (%d)", v, N_MIGRATIONS);
	if (v == 2 && !has_table(s, "alert")) {
		/* version 2 from the store branch, whose 1 -> 2 step is today's
		 * 2 -> 3 (it ran before the safety step was numbered 2): add the
		 * safety step now; 2 -> 3 below finds its tables already there */
		if ((rc = store_exec(s, "BEGIN IMMEDIATE", "starting a migration"))) return rc;
		if ((rc = store_exec(s, migrations[1], "migrating the schema")) ||
		    (rc = store_exec(s, "COMMIT", "committing a migration"))) {
			store_rollback(s);
			return rc;
		}
	}
	for (; v < N_MIGRATIONS; v++) {
		char pragma[64];
		if ((rc = store_exec(s, "BEGIN IMMEDIATE", "starting a migration"))) return rc;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
		if ((rc = store_exec(s, migrations[v], "migrating the schema")) ||
		    (rc = store_exec(s, pragma, "setting the schema version")) ||
		    (rc = store_exec(s, "COMMIT", "committing a migration"))) {
			store_rollback(s);
			return rc;
		}
	}
	return 0;
}

/* One-row pragma whose text answer must be want ("ok", "wal"). */
static int pragma_is(Store *s, const char *sql, const char *want, const char *what, int mismatch_rc)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return store_fail(s, what);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return store_fail(s, what);
	}
	rc = str_eq((const char *)sqlite3_column_text(st, 0), want) ? 0
	     : store_failf(s, mismatch_rc, "%s: the answer was \"%.80s\"", what, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* Applies the SQLCipher key made from key_file: its bytes hashed with
 * BLAKE2b-256 give a raw 256-bit key (so any secret works: the Pi's OTP
 * private key, a random key file), passed as x'..' so SQLCipher skips its
 * passphrase derivation. Every copy is wiped; nothing is logged. */
static int apply_key(Store *s, const char *key_file)
{
	static const unsigned char ctx[16] = "accord-db-key-v1";
	unsigned char buf[4096], key[32];
	char spec[70];
	FILE *f = fopen(key_file, "rb");
	size_t n;
	int rc;
	if (!f) return store_failf(s, STORE_KEY, "the database key file %s cannot be read", key_file);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	if (n < 16) {
		sodium_memzero(buf, sizeof buf);
		return store_failf(s, STORE_KEY, "the database key file %s is too short (16 bytes at least)", key_file);
	}
	crypto_generichash(key, sizeof key, buf, n, ctx, sizeof ctx);
	spec[0] = 'x';
	spec[1] = '\'';
	sodium_bin2hex(spec + 2, 65, key, sizeof key);
	spec[66] = '\'';
	spec[67] = 0;
	rc = sqlite3_key(s->db, spec, 67);
	sodium_memzero(buf, sizeof buf);
	sodium_memzero(key, sizeof key);
	sodium_memzero(spec, sizeof spec);
	return rc == SQLITE_OK ? 0 : store_fail(s, "applying the database key");
}

/* 1 if the file starts with SQLite's plain header (not encrypted). */
static int plain_header(const char *path)
{
	char head[16] = "";
	FILE *f = fopen(path, "rb");
	if (!f) return 0;
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	return n == sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

/* Opens and prepares one connection. Every failure keeps the file as it is;
 * only STORE_CORRUPT (a plain database file that cannot be read, or a
 * failed integrity check) lets the caller set the file aside. A file that
 * is not readable as a database and has no plain header is encrypted with
 * another key (or not ours at all): STORE_KEY, never set aside. */
static int setup(Store *s, const char *path, const StoreOpts *o)
{
	int rc, keyed = o->key_file && *o->key_file;
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
		return store_fail(s, "opening the database");
	sqlite3_busy_timeout(s->db, o->busy_ms > 0 ? o->busy_ms : 5000);
	if (keyed && (rc = apply_key(s, o->key_file))) return rc;
	if ((rc = store_exec(s, "SELECT count(*) FROM sqlite_master", "reading the database")) == STORE_CORRUPT &&
	    sqlite3_errcode(s->db) == SQLITE_NOTADB && (keyed || !plain_header(path))) {
		if (keyed && plain_header(path))
			return store_failf(s, STORE_KEY, "reading the database: it is not encrypted (made before a key was set);"
				     " it is left as it is: hand off its visits, then move it away to start an encrypted one");
		return store_failf(s, STORE_KEY, "reading the database: it cannot be read with %s (encrypted with another"
			     " key, or not a database); it is left as it is", keyed ? "this kiosk's key" : "no key");
	}
	if (rc) return rc;
	if ((rc = pragma_is(s, "PRAGMA journal_mode=WAL", "wal", "setting WAL mode", STORE_ERR))) return rc;
	if ((rc = store_exec(s, "PRAGMA secure_delete=ON; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON",
			     "setting pragmas"))) return rc;
	/* Fault injection for tests: a database that cannot grow behaves like a
	 * full disk (SQLITE_FULL) without filling a real one. */
	const char *maxp = getenv("ACCORD_FAULT_DB_MAX_PAGES");
	if (maxp && *maxp) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA max_page_count=%d", atoi(maxp));
		sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	}
	if (o->check && (rc = pragma_is(s, "PRAGMA quick_check", "ok", "checking the database", STORE_CORRUPT))) return rc;
	return migrate(s);
}

static void set_aside(const char *path, Store *s)
{
	char dst[4096];
	const char *sfx[] = { "", "-wal", "-shm" };
	long long t = (long long)time(NULL);
	for (int i = 0; i < 3; i++) {
		char src[4096];
		snprintf(src, sizeof src, "%s%s", path, sfx[i]);
		snprintf(dst, sizeof dst, "%s.corrupt-%lld%s", path, t, sfx[i]);
		rename(src, dst);
	}
	snprintf(s->notice, sizeof s->notice,
		 "The database failed its integrity check and was set aside (%s.corrupt-%lld); a new one was started.", path, t);
}

Store *store_open_opts(const char *path, const StoreOpts *o)
{
	Store *s = xcalloc(1, sizeof *s);
	int rc = setup(s, path, o);
	if (rc == STORE_CORRUPT && o->recover) {
		sqlite3_close(s->db);
		s->db = NULL;
		set_aside(path, s);
		rc = setup(s, path, o);
	}
	s->ok = rc == 0;
	return s;
}

Store *store_open(const char *path)
{
	StoreOpts o = { 0 };
	return store_open_opts(path, &o);
}

Store *store_open_key(const char *path, const char *key_file)
{
	StoreOpts o = { 0 };
	o.key_file = key_file;
	return store_open_opts(path, &o);
}

int store_ok(const Store *s) { return s && s->ok; }
const char *store_errmsg(const Store *s) { return s->err[0] ? s->err : "no error"; }
const char *store_notice(const Store *s) { return s->notice[0] ? s->notice : NULL; }
sqlite3 *store_db(Store *s) { return s->db; }

void store_close(Store *s)
{
	if (!s) return;
	sqlite3_close(s->db);
	free(s);
}

sqlite3_stmt *store_prep(Store *s, const char *sql, const char *what)
{
	sqlite3_stmt *st = NULL;
	if (!s->ok) {
		store_failf(s, STORE_ERR, "%s: the database is not open", what);
		return NULL;
	}
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, what);
		return NULL;
	}
	return st;
}

int store_step_done(Store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_fail(s, what);
	sqlite3_finalize(st);
	return rc;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *t)
{
	if (t) sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT);
	else sqlite3_bind_null(st, i);
}

int store_scrub_wal(Store *s)
{
	if (!s->ok) return store_failf(s, STORE_ERR, "overwriting the log: the database is not open");
	/* PASSIVE first: the bulk of the copying never blocks the other
	 * connection's writers; TRUNCATE then has little left to do */
	sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	if (sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "overwriting the log after a deletion");
	return 0;
}

#define prep(s, sql) store_prep(s, sql, "preparing a statement")
#define step_done store_step_done
#define bind_text store_bind_text
#define exec store_exec

/* The text of column 0 of every row of st (finalized here) into *out
 * (malloc'd, each and the array freed by the caller). Returns the count. */
static int column_strings(sqlite3_stmt *st, char ***out)
{
	int n = 0;
	*out = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		*out = xrealloc(*out, sizeof **out * (size_t)(n + 1));
		(*out)[n++] = xstrdup(t ? (const char *)t : "");
	}
	sqlite3_finalize(st);
	return n;
}

/* Inserts the outbox rows (urgent ones go before everything else of their
 * kind); inside the caller's transaction. */
static int queue(Store *s, const char *uuid, long long created, int urgent,
		 const char *const *kinds, const char *const *payloads, int n_out)
{
	int rc;
	for (int i = 0; i < n_out; i++) {
		sqlite3_stmt *st = prep(s, "INSERT INTO outbox(visit_uuid, kind, payload, created, next_try, urgent)"
					   " VALUES(?,?,?,?,0,?)");
		if (!st) return STORE_ERR;
		bind_text(st, 1, uuid);
		bind_text(st, 2, kinds[i]);
		bind_text(st, 3, payloads[i]);
		sqlite3_bind_int64(st, 4, created);
		sqlite3_bind_int(st, 5, urgent);
		if ((rc = step_done(s, st, "queueing a message to send"))) return rc;
	}
	return 0;
}

int store_visit_begin(Store *s, const char *uuid, const char *code, const char *lang, long long started)
{
	sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO visit(uuid, code, lang, started) VALUES(?,?,?,?)");
	if (!st) return STORE_ERR;
	bind_text(st, 1, uuid);
	bind_text(st, 2, code);
	bind_text(st, 3, lang);
	sqlite3_bind_int64(st, 4, started);
	return step_done(s, st, "saving a new visit");
}

int store_code_taken(Store *s, const char *code)
{
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM visit WHERE code = ? LIMIT 1", "checking a visit code");
	int rc;
	if (!st) return STORE_ERR;
	bind_text(st, 1, code);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_fail(s, "checking a visit code");
	sqlite3_finalize(st);
	return rc;
}

int store_answer_put(Store *s, const char *uuid, const char *form, const char *link_id, const QValue *vals, int n)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if ((rc = exec(s, "SAVEPOINT ans", "saving an answer"))) return rc;
	st = prep(s, "DELETE FROM answer WHERE visit_uuid=? AND form=? AND link_id=?");
	if (!st) { rc = STORE_ERR; goto fail; }
	bind_text(st, 1, uuid);
	bind_text(st, 2, form);
	bind_text(st, 3, link_id);
	if ((rc = step_done(s, st, "saving an answer"))) goto fail;
	for (int i = 0; i < n; i++) {
		const QValue *v = &vals[i];
		double num = v->kind == QV_BOOL ? v->b : v->kind == QV_INT ? (double)v->i : v->d;
		st = prep(s, "INSERT INTO answer(visit_uuid, form, link_id, idx, kind, num, text, system, display)"
			     " VALUES(?,?,?,?,?,?,?,?,?)");
		if (!st) { rc = STORE_ERR; goto fail; }
		bind_text(st, 1, uuid);
		bind_text(st, 2, form);
		bind_text(st, 3, link_id);
		sqlite3_bind_int(st, 4, i);
		sqlite3_bind_int(st, 5, (int)v->kind);
		if (v->kind == QV_INT) sqlite3_bind_int64(st, 6, v->i);
		else sqlite3_bind_double(st, 6, num);
		bind_text(st, 7, v->s);
		bind_text(st, 8, v->system);
		bind_text(st, 9, v->display);
		if ((rc = step_done(s, st, "saving an answer"))) goto fail;
	}
	if ((rc = exec(s, "RELEASE ans", "saving an answer"))) goto fail;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK TO ans; RELEASE ans", NULL, NULL, NULL);
	return rc ? rc : STORE_ERR;
}

int store_mark_put(Store *s, const char *uuid, const char *clause_id, int discuss, const char *question, int seconds)
{
	sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO mark(visit_uuid, clause_id, discuss, question, seconds)"
				   " VALUES(?,?,?,?,?)");
	if (!st) return STORE_ERR;
	bind_text(st, 1, uuid);
	bind_text(st, 2, clause_id);
	sqlite3_bind_int(st, 3, discuss);
	bind_text(st, 4, question);
	sqlite3_bind_int(st, 5, seconds);
	return step_done(s, st, "saving an agreement mark");
}

int store_identity_put(Store *s, const char *uuid, const char *first, const char *last, const char *dob, const char *staff_ref)
{
	sqlite3_stmt *st = prep(s, "UPDATE visit SET first_name=?, last_name=?, birth_date=?, staff_ref=? WHERE uuid=?");
	if (!st) return STORE_ERR;
	bind_text(st, 1, first);
	bind_text(st, 2, last);
	bind_text(st, 3, dob);
	bind_text(st, 4, staff_ref);
	bind_text(st, 5, uuid);
	return step_done(s, st, "saving identifiers");
}

int store_visit_delete(Store *s, const char *uuid)
{
	static const char *sql[] = {
		"DELETE FROM answer WHERE visit_uuid=?",
		"DELETE FROM mark WHERE visit_uuid=?",
		"DELETE FROM outbox WHERE visit_uuid=?",
		"DELETE FROM visit WHERE uuid=?",
	};
	int rc;
	if ((rc = exec(s, "BEGIN IMMEDIATE", "deleting a visit"))) return rc;
	for (int i = 0; i < 4; i++) {
		sqlite3_stmt *st = prep(s, sql[i]);
		if (!st) { rc = STORE_ERR; goto fail; }
		bind_text(st, 1, uuid);
		if ((rc = step_done(s, st, "deleting a visit"))) goto fail;
	}
	if ((rc = exec(s, "COMMIT", "deleting a visit"))) goto fail;
	/* secure_delete zeroed the rows in the pages; the older copies of those
	 * pages in the WAL go now, within the wipe, not at some later checkpoint */
	return store_scrub_wal(s);
fail:
	store_rollback(s);
	return rc;
}

int store_answer_count(Store *s, const char *uuid)
{
	sqlite3_stmt *st = prep(s, "SELECT count(*) FROM answer WHERE visit_uuid=?");
	int n = -1;
	if (!st) return -1;
	bind_text(st, 1, uuid);
	if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Closes the visit (completed, or partial) with its outbox rows in one transaction. */
static int close_visit(Store *s, const char *uuid, long long completed, int partial, const char *summary,
		       const char *const *kinds, const char *const *payloads, int n_out)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = exec(s, "BEGIN IMMEDIATE", "completing a visit"))) return rc;
	st = prep(s, "UPDATE visit SET completed=?, summary=?, partial=? WHERE uuid=? AND completed IS NULL");
	if (!st) { rc = STORE_ERR; goto fail; }
	sqlite3_bind_int64(st, 1, completed);
	bind_text(st, 2, summary);
	if (partial) sqlite3_bind_int(st, 3, 1);
	else sqlite3_bind_null(st, 3);
	bind_text(st, 4, uuid);
	if ((rc = step_done(s, st, "completing a visit"))) goto fail;
	if (sqlite3_changes(s->db) != 1) {
		rc = store_failf(s, STORE_NOTFOUND, "completing a visit: the visit is not in the database or already complete");
		goto fail;
	}
	if ((rc = queue(s, uuid, completed, 0, kinds, payloads, n_out))) goto fail;
	/* the audit row commits with the closing: a crash leaves both or neither */
	st = prep(s, partial ? "INSERT INTO audit(at, action, visit_code) SELECT ?, 'visit-partial-kept', code FROM visit WHERE uuid=?"
			     : "INSERT INTO audit(at, action, visit_code) SELECT ?, 'visit-complete', code FROM visit WHERE uuid=?");
	if (!st) { rc = STORE_ERR; goto fail; }
	sqlite3_bind_int64(st, 1, completed);
	bind_text(st, 2, uuid);
	if ((rc = step_done(s, st, "auditing a closed visit"))) goto fail;
	if ((rc = exec(s, "COMMIT", "completing a visit"))) goto fail;
	return 0;
fail:
	store_rollback(s);
	return rc;
}

int store_visit_finished(Store *s, const char *uuid, long long now)
{
	sqlite3_stmt *st = prep(s, "UPDATE visit SET handed_off = ? WHERE uuid = ? AND completed IS NOT NULL"
				   " AND handed_off IS NULL AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.visit_uuid = visit.uuid)");
	if (!st) return STORE_ERR;
	sqlite3_bind_int64(st, 1, now);
	bind_text(st, 2, uuid);
	return step_done(s, st, "recording a visit handed off by QR code");
}

int store_kv_get(Store *s, const char *key, long long *value)
{
	sqlite3_stmt *st = prep(s, "SELECT value FROM kv WHERE key = ?");
	int rc;
	if (!st) return STORE_ERR;
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) *value = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? STORE_NOTFOUND : store_fail(s, "reading device state");
	sqlite3_finalize(st);
	return rc;
}

int store_kv_put(Store *s, const char *key, long long value)
{
	sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO kv(key, value) VALUES(?, ?)");
	if (!st) return STORE_ERR;
	bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, value);
	return step_done(s, st, "saving device state");
}

int store_visit_complete(Store *s, const char *uuid, long long completed, const char *summary,
			 const char *const *kinds, const char *const *payloads, int n_out)
{
	return close_visit(s, uuid, completed, 0, summary, kinds, payloads, n_out);
}

int store_visit_close_partial(Store *s, const char *uuid, long long closed, const char *summary,
			      const char *const *kinds, const char *const *payloads, int n_out)
{
	return close_visit(s, uuid, closed, 1, summary, kinds, payloads, n_out);
}

int store_alert_raise(Store *s, const char *uuid, const char *rule_id, long long at,
		      const char *const *kinds, const char *const *payloads, int n_out)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = exec(s, "BEGIN IMMEDIATE", "raising a safety alert"))) return rc;
	st = prep(s, "INSERT OR IGNORE INTO alert(visit_uuid, rule_id, raised) VALUES(?,?,?)");
	if (!st) { rc = STORE_ERR; goto fail; }
	bind_text(st, 1, uuid);
	bind_text(st, 2, rule_id);
	sqlite3_bind_int64(st, 3, at);
	if ((rc = step_done(s, st, "raising a safety alert"))) goto fail;
	if (sqlite3_changes(s->db) == 1) {   /* audited once a rule, with the alert (never the rule: patient data) */
		st = prep(s, "INSERT INTO audit(at, action, visit_code) SELECT ?, 'safety-alert', code FROM visit WHERE uuid=?");
		if (!st) { rc = STORE_ERR; goto fail; }
		sqlite3_bind_int64(st, 1, at);
		bind_text(st, 2, uuid);
		if ((rc = step_done(s, st, "auditing a safety alert"))) goto fail;
	}
	if ((rc = queue(s, uuid, at, 1, kinds, payloads, n_out))) goto fail;
	if ((rc = exec(s, "COMMIT", "raising a safety alert"))) goto fail;
	return 0;
fail:
	store_rollback(s);
	return rc;
}

int store_alert_rules(Store *s, const char *uuid, char ***ids)
{
	sqlite3_stmt *st = prep(s, "SELECT rule_id FROM alert WHERE visit_uuid=? ORDER BY raised, rowid");
	*ids = NULL;
	if (!st) return STORE_ERR;
	bind_text(st, 1, uuid);
	return column_strings(st, ids);
}

int store_alert_waiting(Store *s)
{
	sqlite3_stmt *st = prep(s, "SELECT count(DISTINCT a.visit_uuid) FROM alert a JOIN visit v ON v.uuid=a.visit_uuid"
				   " WHERE v.safety_ack IS NULL");
	int n;
	if (!st) return STORE_ERR;
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : store_fail(s, "counting safety alerts");
	sqlite3_finalize(st);
	return n;
}

int store_alert_ack(Store *s, const char *code, long long now)
{
	sqlite3_stmt *st = prep(s, "UPDATE visit SET safety_ack=? WHERE code=? AND safety_ack IS NULL"
				   " AND EXISTS (SELECT 1 FROM alert a WHERE a.visit_uuid=visit.uuid)");
	int rc;
	if (!st) return STORE_ERR;
	sqlite3_bind_int64(st, 1, now);
	bind_text(st, 2, code);
	if ((rc = step_done(s, st, "acknowledging a safety alert"))) return rc;
	return sqlite3_changes(s->db) ? 0 : store_failf(s, STORE_NOTFOUND, "acknowledging a safety alert: no alert waiting for that code");
}

int store_visit_info(Store *s, const char *uuid, char code[16], char lang[16], long long *started)
{
	sqlite3_stmt *st = prep(s, "SELECT code, lang, started FROM visit WHERE uuid=?");
	int rc;
	if (!st) return STORE_ERR;
	bind_text(st, 1, uuid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) rc = store_failf(s, STORE_NOTFOUND, "reading a visit: not in the database");
	else if (rc != SQLITE_ROW) rc = store_fail(s, "reading a visit");
	else {
		const unsigned char *c = sqlite3_column_text(st, 0), *l = sqlite3_column_text(st, 1);
		snprintf(code, 16, "%s", c ? (const char *)c : "");
		snprintf(lang, 16, "%s", l ? (const char *)l : "en");
		*started = sqlite3_column_int64(st, 2);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

int store_visit_answers(Store *s, const char *uuid, Answers *a)
{
	sqlite3_stmt *st = prep(s, "SELECT form, link_id, kind, num, text, system, display FROM answer"
				   " WHERE visit_uuid=? ORDER BY form, link_id, idx");
	QValue vals[64];
	char *form = NULL, *link = NULL;
	int n = 0, count = 0;
	if (!st) return STORE_ERR;
	bind_text(st, 1, uuid);
	for (;;) {
		int row = sqlite3_step(st) == SQLITE_ROW;
		const char *f = row ? (const char *)sqlite3_column_text(st, 0) : NULL;
		const char *l = row ? (const char *)sqlite3_column_text(st, 1) : NULL;
		if (form && (!row || !str_eq(f, form) || !str_eq(l, link))) {   /* one item's values are complete */
			answers_set(a, form, link, vals, n);
			for (int i = 0; i < n; i++) qvalue_free(&vals[i]);
			free(form); free(link);
			form = link = NULL;
			n = 0;
			count++;
		}
		if (!row) break;
		if (!form) { form = xstrdup(f ? f : ""); link = xstrdup(l ? l : ""); }
		if (n < (int)(sizeof vals / sizeof vals[0])) {
			QValue *v = &vals[n++];
			const unsigned char *t = sqlite3_column_text(st, 4), *sy = sqlite3_column_text(st, 5);
			const unsigned char *d = sqlite3_column_text(st, 6);
			memset(v, 0, sizeof *v);
			v->kind = (QValueKind)sqlite3_column_int(st, 2);
			if (v->kind == QV_INT) v->i = sqlite3_column_int64(st, 3);
			else if (v->kind == QV_BOOL) v->b = sqlite3_column_int(st, 3) != 0;
			else v->d = sqlite3_column_double(st, 3);
			v->s = t ? xstrdup((const char *)t) : NULL;
			v->system = sy ? xstrdup((const char *)sy) : NULL;
			v->display = d ? xstrdup((const char *)d) : NULL;
		}
	}
	sqlite3_finalize(st);
	return count;
}

int store_recent_visits(Store *s, RecentVisit *out, int max)
{
	/* visits with a safety alert staff have not acknowledged come first */
	sqlite3_stmt *st = prep(s, "SELECT code, completed, handed_off,"
				   " (SELECT count(*) FROM outbox o WHERE o.visit_uuid = v.uuid AND o.state != 'sent'),"
				   " (SELECT count(*) FROM outbox o WHERE o.visit_uuid = v.uuid),"
				   " EXISTS (SELECT 1 FROM alert a WHERE a.visit_uuid = v.uuid) AS safety, partial, safety_ack"
				   " FROM visit v WHERE completed IS NOT NULL"
				   " ORDER BY (safety AND safety_ack IS NULL) DESC, completed DESC, rowid DESC LIMIT ?");
	int n = 0;
	if (!st) return STORE_ERR;
	sqlite3_bind_int(st, 1, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *c = sqlite3_column_text(st, 0);
		snprintf(out[n].code, sizeof out[n].code, "%s", c ? (const char *)c : "");
		out[n].completed = sqlite3_column_int64(st, 1);
		out[n].handed_off = sqlite3_column_type(st, 2) != SQLITE_NULL;
		out[n].unsent = sqlite3_column_int(st, 3);
		out[n].queued = sqlite3_column_int(st, 4);
		out[n].safety = sqlite3_column_int(st, 5);
		out[n].partial = sqlite3_column_int(st, 6);
		out[n].acked = sqlite3_column_type(st, 7) != SQLITE_NULL;
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

char *store_visit_summary(Store *s, const char *code)
{
	sqlite3_stmt *st = prep(s, "SELECT summary FROM visit WHERE code = ? AND completed IS NOT NULL"
				   " ORDER BY completed DESC LIMIT 1");
	char *out = NULL;
	if (!st) return NULL;
	bind_text(st, 1, code);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

int store_visit_mark_done(Store *s, const char *code, long long now)
{
	sqlite3_stmt *st = prep(s, "UPDATE visit SET staff_done = ?, handed_off = coalesce(handed_off, ?)"
				   " WHERE code = ? AND completed IS NOT NULL");
	if (!st) return STORE_ERR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, now);
	bind_text(st, 3, code);
	int rc = step_done(s, st, "marking a visit handed off");
	if (rc) return rc;
	return sqlite3_changes(s->db) ? 0 : store_failf(s, STORE_NOTFOUND, "no completed visit has that code");
}

int store_close_unfinished(Store *s)
{
	/* a visit with a safety alert is not deleted: the app closes it as partial first */
	sqlite3_stmt *st = prep(s, "SELECT uuid FROM visit v WHERE completed IS NULL"
				   " AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.visit_uuid = v.uuid)");
	char **ids = NULL;
	int n, rc = 0;
	if (!st) return STORE_ERR;
	n = column_strings(st, &ids);
	for (int i = 0; i < n; i++) {
		int r = store_visit_delete(s, ids[i]);
		if (r) rc = r;
		free(ids[i]);
	}
	free(ids);
	return rc ? rc : n;
}

int store_unfinished(Store *s, char ***uuids)
{
	sqlite3_stmt *st = prep(s, "SELECT uuid FROM visit WHERE completed IS NULL ORDER BY started, rowid");
	*uuids = NULL;
	return st ? column_strings(st, uuids) : STORE_ERR;
}
