/* core/record.h - a completed (or in-progress) visit as plain data: what
 * export/ turns into the clinician summary, QR pages, FHIR Bundle and HL7
 * message. Borrowed pointers: the record does not own what it points to
 * unless a field says so. Built by visit_record() from a live Visit, or by
 * store/ from the database when a stored visit is re-shown or sent. */
#ifndef CORE_RECORD_H
#define CORE_RECORD_H
#include "core/answers.h"
#include "core/score.h"
#include "core/agreement.h"
#include "core/safety.h"

typedef struct ClauseMark {
	const char *clause_id;
	const char *title;        /* clause title in the clinic's language if known */
	int discuss;              /* 1: "I want to talk about this" */
	const char *question;     /* typed question, may be NULL */
	int seconds;              /* time spent reading this clause */
} ClauseMark;

typedef enum { ID_CODE, ID_PATIENT, ID_STAFF } IdentifyMode;

typedef struct VisitRecord {
	const char *uuid;         /* stable visit identifier (FHIR identifier, idempotency) */
	const char *code;         /* short visit code shown to the patient, e.g. "K7M-42" */
	const char *kiosk;        /* kiosk name from config */
	const char *lang;         /* the patient's language */
	long long started;        /* unix seconds */
	long long completed;      /* unix seconds, 0 when not completed */
	IdentifyMode id_mode;
	const char *first_name, *last_name, *birth_date;   /* ID_PATIENT; birth_date YYYY-MM-DD */
	const char *staff_ref;    /* ID_STAFF: appointment or record number */
	const Questionnaire *const *forms; int n_forms;    /* forms asked, in order */
	const ScoreRule *rules; int n_rules;
	const Answers *answers;   /* answers of enabled items only are exported */
	const Agreement *agreement;   /* the clinic-language pack (titles), may be NULL */
	const ClauseMark *marks; int n_marks;   /* every clause the patient saw */
	int agreement_seconds;    /* total time in the explainer */
	int agreement_skipped;
	const SafetyRule *safety; int n_safety;   /* the safety table, may be empty */
	const unsigned char *raised;   /* per safety rule: alert raised in this visit (may be NULL:
					  then a rule counts as raised when the answers meet it) */
	int partial;              /* closed unfinished (walked away, Start over, crash) with a safety answer */
	long long closed;         /* unix seconds the partial visit was closed, 0 when not */
} VisitRecord;
#endif
