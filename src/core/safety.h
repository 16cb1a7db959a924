/* core/safety.h - safety answers as data: a small table of rules (loaded by
 * content/ from assets/questionnaires/safety.json), each naming one answer
 * of one item of one form ("se-which" = slow-breathing) that must reach a
 * person at once. core/ finds which rules the current answers meet; the
 * visit raises each one once (VisitHooks.safety), export/ writes the alert,
 * the summary's first lines and the HL7 abnormal flag from the same rules.
 * Pure C, no I/O. */
#ifndef CORE_SAFETY_H
#define CORE_SAFETY_H
#include "core/answers.h"

typedef struct SafetyRule {
	char *id;             /* "slow-breathing": stable, used in alert identifiers */
	char *form;           /* Questionnaire.url the item belongs to */
	char *item;           /* linkId */
	QValue answer;        /* the answer that is a safety answer (coding or boolean) */
	char *label;          /* clinician words in English, e.g. "Trouble breathing"; never NULL */
	char *action;         /* what the clinic does (documentation, alert text); may be NULL */
	char *priority;       /* FHIR request priority of the alert: "stat" (default) or "urgent"; never NULL */
} SafetyRule;

/* 1 if vals[0..n) (the answers of item link_id of form) meet rule r. */
int safety_matches(const SafetyRule *r, const char *form, const char *link_id, const QValue *vals, int n);

/* The rule r applies to an item of forms[] that is enabled and answered
 * with r's answer: returns 1 and, when non-NULL, *form_index. */
int safety_met(const SafetyRule *r, const Questionnaire *const *forms, int n_forms,
	       const Answers *a, int *form_index);

/* Rule of rules[0..n) that value v of item link_id of form meets, or NULL
 * (the HL7 abnormal flag on a single answer). */
const SafetyRule *safety_rule_for(const SafetyRule *rules, int n, const char *form,
				  const char *link_id, const QValue *v);

void safety_rule_free(SafetyRule *r);   /* frees the members, not r itself */
#endif
