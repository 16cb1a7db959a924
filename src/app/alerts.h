/* app/alerts.h - safety answers in the running kiosk: the alert queued the
 * moment a safety answer is given (core/visit.c raises it once a visit),
 * the visit closed as partial instead of wiped, the same at start-up for a
 * visit cut off by a crash, and the staff sign and acknowledgement. */
#ifndef APP_ALERTS_H
#define APP_ALERTS_H
#include "app/app.h"

/* Safety rule `rule` was met in visit v: records it and queues its urgent
 * FHIR Communication Bundle and HL7 ORU (as configured) in one transaction,
 * then wakes the sender. A failure is logged and told to staff. */
void alerts_raise(App *a, const Visit *v, int rule);
/* The visit (with a safety answer) ends unfinished: closed as partial with
 * its summary and messages. 0 or <0 (staff told). */
int alerts_close_partial(App *a, const Visit *v);
/* Start-up: each visit left unfinished by a crash that holds a safety
 * answer is alerted (if it was not yet) and closed as partial. */
void alerts_recover(App *a);
/* Visits with an alert staff have not acknowledged (0 when none or unknown). */
int alerts_waiting(App *a);
#endif
