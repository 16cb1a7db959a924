/* export/fhir.h - FHIR R4 JSON for a completed visit: one
 * QuestionnaireResponse per form (nested items mirroring the form, enabled
 * items only), one Observation per valid score (LOINC code from the scoring
 * table), the agreement explainer's QuestionnaireResponse and, in
 * ID_PATIENT mode, a Patient. What the outbox sends: fhir_transactions(),
 * one small transaction per form (its QuestionnaireResponse and scores, at
 * most FHIR_MAX_ENTRIES entries, which real engines accept; Medplum refuses
 * more than 8 with conditional entries). Every entry is a conditional
 * create without an id (POST + ifNoneExist on an identifier derived from
 * the visit uuid), so resending never duplicates anything on the server;
 * fullUrls are unique (bdl-7). Built as cJSON trees, printed once; no cJSON
 * type crosses this header. */
#ifndef EXPORT_FHIR_H
#define EXPORT_FHIR_H
#include <stddef.h>
#include "core/record.h"

/* Identifier systems Accord uses (documented in docs/integration.md). */
#define FHIR_SYS_KIOSK     "urn:accord:kiosk:"              /* + kiosk name: system of the visit uuid
								(whole Bundle, Patient, ID_CODE subject) */
#define FHIR_SYS_TX        "urn:accord:id:transaction"      /* <uuid>.<n>: the n-th transaction */
#define FHIR_SYS_QR        "urn:accord:id:questionnaire-response"   /* <uuid>.<form> */
#define FHIR_SYS_OBS       "urn:accord:id:observation"      /* <uuid>.<score id> */
#define FHIR_SYS_STAFF_REF "urn:accord:id:staff-ref"        /* default for ID_STAFF */
#define FHIR_SYS_SCORE     "urn:accord:score"               /* score without a LOINC code */
#define FHIR_SYS_ALERT     "urn:accord:id:alert"            /* <uuid>.<safety rule id> (Communication, Bundle) */

typedef struct FhirOptions {
	const char *record_system;   /* identifier system of the staff ref (clinic MRN or
					appointment numbers); NULL: FHIR_SYS_STAFF_REF */
	int pretty;                  /* 1: indented JSON (docs), 0: compact (network) */
} FhirOptions;

/* Most entries in one transaction (Medplum's engine refuses more than 8
 * when any entry is conditional). */
#define FHIR_MAX_ENTRIES 8

/* The transactions the outbox sends for r, in order: Bundles of at most
 * FHIR_MAX_ENTRIES entries (Patient first in ID_PATIENT mode), filled form
 * by form, each form's QuestionnaireResponse with its score Observations in
 * the same Bundle when they fit (more scores than fit go on in the next
 * Bundle, referring to the QuestionnaireResponse by identifier), the
 * agreement's QuestionnaireResponse last. Returns the count (0 for an empty
 * record); *out receives the JSON texts; free with fhir_free_all(). */
int fhir_transactions(const VisitRecord *r, const FhirOptions *opt, char ***out);
void fhir_free_all(char **list, int n);

/* The whole visit as one transaction Bundle (docs, `export-fhir`, the QR
 * FHIR payload). Valid FHIR, but larger than some engines take in one
 * transaction: the network sends fhir_transactions(). opt may be NULL.
 * Returns JSON text; caller frees with free(). */
char *fhir_bundle(const VisitRecord *r, const FhirOptions *opt);

/* The QuestionnaireResponse of r->forms[form] alone (the optional
 * QR-payload-as-FHIR mode), subject as in the Bundle but never a Patient
 * reference (a lone resource cannot carry one). NULL when form is out of
 * range; else JSON text the caller frees with free(). */
char *fhir_questionnaire_response(const VisitRecord *r, int form, const FhirOptions *opt);

/* The urgent alert of safety rule `rule` (index into r->safety) raised at
 * unix time at: a transaction Bundle with a Communication (status
 * completed, category alert, priority from the rule, payload alert_text())
 * about a snapshot QuestionnaireResponse of the form holding the answer
 * (status as r; identifier "<visit uuid>.<form>.alert-<rule id>", so the
 * visit's own response is still created later). Both are conditional
 * creates on FHIR_SYS_ALERT / FHIR_SYS_QR identifiers. NULL when rule is out
 * of range or its form is not in r; else JSON text the caller frees. */
char *fhir_alert_bundle(const VisitRecord *r, int rule, long long at, const FhirOptions *opt);

/* Stable identifier value of the i-th form's QuestionnaireResponse and of a
 * score's Observation: "<visit uuid>.<form id or rule id>". Writes at most
 * n bytes to out. Exposed for tests and server-side look-ups. */
void fhir_qr_identifier(const VisitRecord *r, int form, char *out, size_t n);
void fhir_obs_identifier(const VisitRecord *r, const char *rule_id, char *out, size_t n);
/* Identifier system of the visit uuid: "urn:accord:kiosk:<kiosk name>",
 * the name limited to [A-Za-z0-9.-] ("unnamed" when empty). */
void fhir_visit_system(const VisitRecord *r, char *out, size_t n);
#endif
