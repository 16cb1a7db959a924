/* store/retention.h - the retention purge: completed visits are deleted
 * (securely: the lead's connection has secure_delete on) retention_days
 * after they were handed off; visits never handed off (the outbox could not
 * deliver them) are deleted unsent_max_days after completion, and staff are
 * warned a day before. Abandoned visits never completed go after
 * retention_days from their start. Answers, marks and outbox rows of a
 * deleted visit go with it; each deletion is audited by visit code. */
#ifndef STORE_RETENTION_H
#define STORE_RETENTION_H
#include "store/store.h"

typedef struct RetentionResult {
	int handed_off;       /* visits deleted after the retention period */
	int unsent;           /* visits deleted unsent after unsent_max_days */
	int abandoned;        /* never-completed visits deleted */
} RetentionResult;

/* Deletes what is due at now (unix s), in one transaction. res may be NULL.
 * Returns 0 or a StoreErr. */
int retention_purge(Store *s, long long now, int retention_days, int unsent_max_days, RetentionResult *res);
/* Visits that will be deleted unsent within the next day: staff warning.
 * Returns the count (>= 0) or a StoreErr; *oldest (may be NULL) gets the
 * completion time (unix s) of the oldest such visit. */
int retention_unsent_warning(Store *s, long long now, int unsent_max_days, long long *oldest);
#endif
