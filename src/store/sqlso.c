/* store/sqlso.c - SQLCipher, loaded on first use.
 *
 * libsqlcipher and the libcrypto it links cost about 5 ms of dynamic
 * loading on the main thread at every start (make bench: exec to first
 * frame), before the window can open. The database is first opened on the
 * start-up loader thread, while the main thread starts SDL's video (app.c),
 * so loading the library there takes it off the path to the first frame.
 * This file defines the SQLite functions Accord calls and forwards them to
 * the library, dlopen()ed at the first call; the callers include
 * <sqlite3.h> and call SQLite as usual. If the library cannot be loaded,
 * sqlite3_open_v2 fails with SQLITE_CANTOPEN and the store reports that
 * (the kiosk serves and tells staff, as for any database it cannot open).
 * The package still depends on libsqlcipher0 (mk/deb.mk); net/curlso.c does
 * the same for libcurl.
 */
#include <sqlite3.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

static struct {
	int (*open_v2)(const char *, sqlite3 **, int, const char *);
	int (*close)(sqlite3 *);
	int (*key)(sqlite3 *, const void *, int);
	int (*exec)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **);
	int (*busy_timeout)(sqlite3 *, int);
	int (*changes)(sqlite3 *);
	int (*errcode)(sqlite3 *);
	const char *(*errstr)(int);
	int (*get_autocommit)(sqlite3 *);
	int (*wal_checkpoint_v2)(sqlite3 *, const char *, int, int *, int *);
	int (*prepare_v2)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
	int (*step)(sqlite3_stmt *);
	int (*finalize)(sqlite3_stmt *);
	int (*bind_int)(sqlite3_stmt *, int, int);
	int (*bind_int64)(sqlite3_stmt *, int, sqlite3_int64);
	int (*bind_double)(sqlite3_stmt *, int, double);
	int (*bind_null)(sqlite3_stmt *, int);
	int (*bind_text)(sqlite3_stmt *, int, const char *, int, void (*)(void *));
	int (*column_type)(sqlite3_stmt *, int);
	int (*column_int)(sqlite3_stmt *, int);
	sqlite3_int64 (*column_int64)(sqlite3_stmt *, int);
	double (*column_double)(sqlite3_stmt *, int);
	const unsigned char *(*column_text)(sqlite3_stmt *, int);
} lib;
static int loaded;   /* 1: every entry point above is set */
static pthread_once_t once = PTHREAD_ONCE_INIT;

#define FIND(field, name) (*(void **)&lib.field = dlsym(h, name)) != NULL

static void load(void)
{
	void *h = dlopen("libsqlcipher.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!h) return;
	loaded = FIND(open_v2, "sqlite3_open_v2") && FIND(close, "sqlite3_close") && FIND(key, "sqlite3_key") &&
		 FIND(exec, "sqlite3_exec") && FIND(busy_timeout, "sqlite3_busy_timeout") &&
		 FIND(changes, "sqlite3_changes") && FIND(errcode, "sqlite3_errcode") && FIND(errstr, "sqlite3_errstr") &&
		 FIND(get_autocommit, "sqlite3_get_autocommit") && FIND(wal_checkpoint_v2, "sqlite3_wal_checkpoint_v2") &&
		 FIND(prepare_v2, "sqlite3_prepare_v2") && FIND(step, "sqlite3_step") && FIND(finalize, "sqlite3_finalize") &&
		 FIND(bind_int, "sqlite3_bind_int") && FIND(bind_int64, "sqlite3_bind_int64") &&
		 FIND(bind_double, "sqlite3_bind_double") && FIND(bind_null, "sqlite3_bind_null") &&
		 FIND(bind_text, "sqlite3_bind_text") && FIND(column_type, "sqlite3_column_type") &&
		 FIND(column_int, "sqlite3_column_int") && FIND(column_int64, "sqlite3_column_int64") &&
		 FIND(column_double, "sqlite3_column_double") && FIND(column_text, "sqlite3_column_text");
	if (!loaded) dlclose(h);   /* not the SQLCipher Accord was built for: behave as if absent */
}

/* Opening is the first call of every connection: it loads the library. */
int sqlite3_open_v2(const char *name, sqlite3 **db, int flags, const char *vfs)
{
	pthread_once(&once, load);
	if (!loaded) {
		if (db) *db = NULL;
		return SQLITE_CANTOPEN;
	}
	return lib.open_v2(name, db, flags, vfs);
}

const char *sqlite3_errstr(int rc)
{
	pthread_once(&once, load);
	return loaded ? lib.errstr(rc) : "the database library (libsqlcipher) could not be loaded";
}

/* Everything else takes a connection or statement, which only a loaded
 * library can have made; without one there is nothing to do. */
int sqlite3_close(sqlite3 *db) { return db && loaded ? lib.close(db) : SQLITE_OK; }
int sqlite3_key(sqlite3 *db, const void *k, int n) { return db && loaded ? lib.key(db, k, n) : SQLITE_MISUSE; }
int sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg, char **err)
{
	return db && loaded ? lib.exec(db, sql, cb, arg, err) : SQLITE_MISUSE;
}
int sqlite3_busy_timeout(sqlite3 *db, int ms) { return db && loaded ? lib.busy_timeout(db, ms) : SQLITE_MISUSE; }
int sqlite3_changes(sqlite3 *db) { return db && loaded ? lib.changes(db) : 0; }
int sqlite3_errcode(sqlite3 *db) { return db && loaded ? lib.errcode(db) : SQLITE_CANTOPEN; }
int sqlite3_get_autocommit(sqlite3 *db) { return db && loaded ? lib.get_autocommit(db) : 1; }
int sqlite3_wal_checkpoint_v2(sqlite3 *db, const char *name, int mode, int *log, int *ckpt)
{
	return db && loaded ? lib.wal_checkpoint_v2(db, name, mode, log, ckpt) : SQLITE_MISUSE;
}
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st, const char **tail)
{
	if (st) *st = NULL;
	return db && loaded ? lib.prepare_v2(db, sql, n, st, tail) : SQLITE_MISUSE;
}
int sqlite3_step(sqlite3_stmt *st) { return st && loaded ? lib.step(st) : SQLITE_MISUSE; }
int sqlite3_finalize(sqlite3_stmt *st) { return st && loaded ? lib.finalize(st) : SQLITE_OK; }
int sqlite3_bind_int(sqlite3_stmt *st, int i, int v) { return st && loaded ? lib.bind_int(st, i, v) : SQLITE_MISUSE; }
int sqlite3_bind_int64(sqlite3_stmt *st, int i, sqlite3_int64 v)
{
	return st && loaded ? lib.bind_int64(st, i, v) : SQLITE_MISUSE;
}
int sqlite3_bind_double(sqlite3_stmt *st, int i, double v) { return st && loaded ? lib.bind_double(st, i, v) : SQLITE_MISUSE; }
int sqlite3_bind_null(sqlite3_stmt *st, int i) { return st && loaded ? lib.bind_null(st, i) : SQLITE_MISUSE; }
int sqlite3_bind_text(sqlite3_stmt *st, int i, const char *s, int n, void (*del)(void *))
{
	return st && loaded ? lib.bind_text(st, i, s, n, del) : SQLITE_MISUSE;
}
int sqlite3_column_type(sqlite3_stmt *st, int i) { return st && loaded ? lib.column_type(st, i) : SQLITE_NULL; }
int sqlite3_column_int(sqlite3_stmt *st, int i) { return st && loaded ? lib.column_int(st, i) : 0; }
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *st, int i) { return st && loaded ? lib.column_int64(st, i) : 0; }
double sqlite3_column_double(sqlite3_stmt *st, int i) { return st && loaded ? lib.column_double(st, i) : 0.0; }
const unsigned char *sqlite3_column_text(sqlite3_stmt *st, int i) { return st && loaded ? lib.column_text(st, i) : NULL; }
