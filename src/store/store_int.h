/* store/store_int.h - private to store/: the one error convention every
 * store module follows (SQLite's: a negative StoreErr returned, the message
 * kept on the handle for store_errmsg()). outbox.c, audit.c and retention.c
 * prepare and step through these helpers so store_errmsg() is always the
 * message of the last failure, whichever module had it. */
#ifndef STORE_STORE_INT_H
#define STORE_STORE_INT_H
#include "store/store.h"
#include <sqlite3.h>

/* Records "what: <sqlite reason>" on s and maps the SQLite code to a
 * StoreErr (STORE_FULL, STORE_BUSY, STORE_CORRUPT, STORE_ERR). */
int store_fail(Store *s, const char *what);
/* Records a message of our own (no SQLite reason) and returns rc. */
int store_failf(Store *s, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Runs SQL without results; 0 or store_fail(s, what). */
int store_exec(Store *s, const char *sql, const char *what);
/* Prepares sql; NULL (message recorded) when the store is not open or the
 * statement cannot be prepared. Finalize with sqlite3_finalize. */
sqlite3_stmt *store_prep(Store *s, const char *sql, const char *what);
/* Steps st expecting SQLITE_DONE, finalizes it; 0 or a StoreErr. */
int store_step_done(Store *s, sqlite3_stmt *st, const char *what);
/* Binds text, or NULL when t is NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *t);
/* Rolls back the open transaction keeping the first failure's message. */
void store_rollback(Store *s);
#endif
