/* export/hl7.h - HL7 v2.5.1 ORU^R01 text for a completed visit (for clinics
 * whose interface engine takes v2 over MLLP rather than FHIR), and the
 * parser of the ACK the engine answers with. Segments end in '\r'; field
 * text is escaped (\F\ \S\ \T\ \R\ \E\). PID-3 carries the visit uuid
 * under this kiosk (never a repeating code), PV1-19 the short code. One OBX
 * per valid score, then one per answered enabled item (repeating answers as
 * '~' repetitions; an item that is itself a score, like pain now, only as
 * the score), then the agreement parts to discuss and typed questions.
 * Question and answer words are in the visit's language. */
#ifndef EXPORT_HL7_H
#define EXPORT_HL7_H
#include <stddef.h>
#include "core/record.h"
#include "core/util.h"

typedef struct Hl7Options {
	const char *sending_app;         /* MSH-3; NULL: "ACCORD" */
	const char *sending_facility;    /* MSH-4; NULL: the kiosk name */
	const char *receiving_app;       /* MSH-5; NULL: empty */
	const char *receiving_facility;  /* MSH-6; NULL: empty */
	const char *record_authority;    /* PID-3.4 assigning authority of the staff ref; NULL: "ACCORD" */
	const char *record_type;         /* PID-3.5 identifier type of the staff ref; NULL: "MR" */
} Hl7Options;

/* The ORU^R01 message for r (opt may be NULL). MSH-10 (control id) is
 * derived from the visit uuid, so a resend carries the same id. Returns
 * the message text (segments '\r'-terminated, no MLLP framing); caller
 * frees with free(). */
char *hl7_oru(const VisitRecord *r, const Hl7Options *opt);

/* OBX-8 abnormal flag of an item's answers v[0..n): "AA" (critically
 * abnormal) when one is a safety answer of priority stat, "A" for any other
 * safety answer, else "" - so an interface engine can route it. */
const char *hl7_safety_flag(const VisitRecord *r, const char *form, const char *link_id, const QValue *v, int n);

/* The ORU^R01 of the urgent alert of safety rule `rule` (index into
 * r->safety) raised at unix time at: the visit's MSH (MSH-10 from
 * alert_control_id) and PID, OBR-4 ACCORD-ALERT, TQ1 priority (S stat, A
 * urgent), one OBX with the item and the safety answer, OBX-8 "AA" (stat) or
 * "A", and an NTE with alert_text(). NULL when rule is out of range or its
 * form or item is not in r; else text the caller frees with free(). */
char *hl7_alert_oru(const VisitRecord *r, int rule, long long at, const Hl7Options *opt);

/* Control id hl7_oru puts in MSH-10 for r (at most 20 characters). */
void hl7_control_id(const VisitRecord *r, char out[21]);

/* Appends s to b with HL7 escapes for the standard delimiters |^~\&;
 * line breaks become \.br\ when text is 1, else a space. */
void hl7_escape(Buf *b, const char *s, int text);

enum { HL7_ACK_AA = 0, HL7_ACK_AE = 1, HL7_ACK_AR = 2, HL7_ACK_BAD = -1 };

/* Parses an ACK (MSH + MSA; MLLP framing already removed; '\r' or '\n'
 * segment ends). Returns HL7_ACK_AA (or CA), HL7_ACK_AE (or CE), HL7_ACK_AR
 * (or CR), or HL7_ACK_BAD when there is no MSA. ctrl (may be NULL) receives
 * MSA-2, the acknowledged control id; text (may be NULL) the ERR-8 user
 * message when there is one, else MSA-3. */
int hl7_ack_parse(const char *msg, size_t len, char *ctrl, size_t ctrl_n, char *text, size_t text_n);
#endif
