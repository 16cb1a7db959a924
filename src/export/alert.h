/* export/alert.h - the words and ids of the urgent alert a safety answer
 * sends at once, while the visit is still going on (or after the patient
 * walked away). The messages themselves are built beside the visit's own:
 * fhir_alert_bundle (export/fhir.h: a Communication about a snapshot
 * QuestionnaireResponse) and hl7_alert_oru (export/hl7.h: OBX-8 AA). Both
 * carry ids derived from the visit uuid and the rule id, so a resend never
 * duplicates and never collides with the visit's own messages. What is sent
 * is described in docs/integration.md "Safety alerts". */
#ifndef EXPORT_ALERT_H
#define EXPORT_ALERT_H
#include "core/record.h"

/* The alert's plain words (English, for staff and the message payload):
 * "Safety answer at kiosk K, visit 472-913: <rule label>. <action>".
 * Caller frees with free(). */
char *alert_text(const VisitRecord *r, int rule);

/* MSH-10 of hl7_alert_oru: "A" + 19 hex digits derived from the visit uuid
 * and the rule id (never equal to the visit's own control id). */
void alert_control_id(const VisitRecord *r, int rule, char out[21]);
#endif
