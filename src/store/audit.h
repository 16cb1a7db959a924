/* store/audit.h - the audit log: what happened when, to which visit code
 * (never patient data: no names, no answers). Staff mode lists the recent
 * entries; retention keeps its own deletions here. */
#ifndef STORE_AUDIT_H
#define STORE_AUDIT_H
#include "store/store.h"

typedef struct AuditEntry {
	long long at;         /* unix seconds */
	char action[48];      /* "visit-complete", "qr-shown", "sent-fhir", "retention-delete" ... */
	char visit_code[24];  /* "" when none */
} AuditEntry;

/* Appends an entry; visit_code may be NULL. Returns 0 or a StoreErr. */
int audit_add(Store *s, long long at, const char *action, const char *visit_code);
/* Up to max most recent entries, newest first, into out. Returns how many
 * (>= 0) or a StoreErr. */
int audit_recent(Store *s, AuditEntry *out, int max);
#endif
