/* app/janitor.h - the retention purge off the UI thread: one worker with
 * its own Store connection deletes expired visits in small batches
 * (retention_purge: RETENTION_BATCH visits per transaction, then the WAL is
 * overwritten), and counts the visits about to expire unsent.
 * Thread contract: janitor_kick/janitor_report/janitor_stop are called from
 * the UI thread; they only take a mutex for a few instructions. The UI
 * thread decides when (its clock, virtual in headless tests); the worker
 * does the slow part, so a purge of hundreds of visits never freezes the
 * screen or the watchdog ping. */
#ifndef APP_JANITOR_H
#define APP_JANITOR_H
#include "store/retention.h"

typedef struct Janitor Janitor;

typedef struct JanitorReport {
	RetentionResult deleted;   /* visits deleted by the last run */
	int expiring;              /* unsent visits deleted within a day (staff warning) */
	int failed;                /* the run stopped on a database error */
	char err[256];             /* its message (never patient data) */
} JanitorReport;

/* Starts the worker (it opens db_path itself, with the key made from
 * key_file when not empty). NULL if it cannot start. */
Janitor *janitor_start(const char *db_path, const char *key_file, int retention_days, int unsent_max_days);
/* Asks for a purge of what is due at now_unix. Returns at once; a kick
 * while a run is going is kept for after it. */
void janitor_kick(Janitor *j, long long now_unix);
/* 1 and *r filled when a run finished since the last call, else 0. */
int janitor_report(Janitor *j, JanitorReport *r);
/* 1 while a run is asked for or going (tests wait on it). */
int janitor_busy(Janitor *j);
/* Finishes the batch in progress, stops, joins and frees j (NULL is fine). */
void janitor_stop(Janitor *j);
#endif
