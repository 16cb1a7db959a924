/* export/alert.h - the urgent messages a safety answer sends at once, while
 * the visit is still going on (or after the patient walked away): a FHIR R4
 * transaction Bundle holding a Communication (category alert, priority from
 * the safety rule, about a snapshot QuestionnaireResponse of the form with
 * the answer, which the same Bundle carries), and an HL7 v2.5.1 ORU^R01 with
 * one OBX whose abnormal flag is set (AA for stat, A for urgent), a TQ1
 * priority and an NTE in words. Both are conditional creates / own control
 * ids derived from the visit uuid and the rule id, so a resend never
 * duplicates and never collides with the visit's own messages. The wording
 * is in docs/integration.md. */
#ifndef EXPORT_ALERT_H
#define EXPORT_ALERT_H
#include "core/record.h"

#define ALERT_SYS_ID "urn:accord:id:alert"   /* Communication identifier: <visit uuid>.<rule id> */

/* The alert's plain words (English, for staff and the message payload):
 * "Safety answer at kiosk K, visit 472-913: <rule label>. <action>".
 * Caller frees with free(). */
char *alert_text(const VisitRecord *r, int rule);

/* The FHIR transaction Bundle for rule (index into r->safety) raised at
 * unix time at. NULL when rule is out of range or its form is not in r;
 * else JSON text the caller frees with free(). */
char *alert_fhir(const VisitRecord *r, int rule, long long at);

/* The HL7 ORU^R01 for the same alert ('\r' segments, no MLLP framing);
 * NULL as alert_fhir; caller frees with free(). */
char *alert_hl7(const VisitRecord *r, int rule, long long at);

/* MSH-10 of alert_hl7: "A" + 19 characters derived from uuid and rule id. */
void alert_control_id(const VisitRecord *r, int rule, char out[21]);
#endif
