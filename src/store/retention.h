/* store/retention.h - the retention purge: completed visits are deleted
 * (securely: the lead's connection has secure_delete on) retention_days
 * after they were handed off; visits never handed off (the outbox could not
 * deliver them) are deleted unsent_max_days after completion, and staff are
 * warned a day before. Abandoned visits never completed go after
 * retention_days from their start. Answers, marks and outbox rows of a
 * deleted visit go with it; each deletion is audited by visit code.
 * A visit with a safety alert is never deleted before it is closed, sent
 * (or handed off) and its alert acknowledged by staff. */
#ifndef STORE_RETENTION_H
#define STORE_RETENTION_H
#include "store/store.h"

typedef struct RetentionResult {
	int handed_off;       /* visits deleted after the retention period */
	int unsent;           /* visits deleted unsent after unsent_max_days */
	int abandoned;        /* never-completed visits deleted */
} RetentionResult;

/* Visits deleted per transaction by retention_purge. */
#define RETENTION_BATCH 20

/* Deletes up to max_visits (<= 0: all) of the visits due at now (unix s),
 * oldest first, in one transaction; adds them to *res (may be NULL).
 * Returns how many were deleted (fewer than max_visits: nothing more is
 * due) or a StoreErr. The WAL still holds the deleted pages: finish a purge
 * with retention_purge or store_scrub_wal. */
int retention_purge_batch(Store *s, long long now, int retention_days, int unsent_max_days, int max_visits,
			  RetentionResult *res);
/* Deletes everything due at now in batches of RETENTION_BATCH, then
 * overwrites the WAL so nothing deleted survives in any file. res (may be
 * NULL) counts the batches that committed, also when a later one failed.
 * Returns 0 or a StoreErr (STORE_BUSY: call again later). Slow with many
 * visits due: call it from a worker thread with its own connection, never
 * from the UI thread. */
int retention_purge(Store *s, long long now, int retention_days, int unsent_max_days, RetentionResult *res);
/* Visits that will be deleted unsent within the next day: staff warning.
 * Returns the count (>= 0) or a StoreErr; *oldest (may be NULL) gets the
 * completion time (unix s) of the oldest such visit. */
int retention_unsent_warning(Store *s, long long now, int unsent_max_days, long long *oldest);
#endif
