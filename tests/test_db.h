/* tests/test_db.h - one helper the store tests share: the first column of
 * the first row of a query, as an integer (-1 if it fails). */
#ifndef TEST_DB_H
#define TEST_DB_H
#include <sqlite3.h>

static long long db_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
	if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}
#endif
