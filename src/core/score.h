/* core/score.h - instrument scoring from a small table of rules (loaded by
 * content/ from assets/questionnaires/scoring.json), never scattered in code.
 * A rule sums or averages the numeric values (ordinalValue, or the integer)
 * of listed items; min_answered carries the instrument's missing-item rule. */
#ifndef CORE_SCORE_H
#define CORE_SCORE_H
#include "core/answers.h"

typedef enum { SCORE_SUM, SCORE_MEAN } ScoreMethod;

typedef struct ScoreRule {
	char *id;             /* "peg", "phq2" ... */
	char *label;          /* clinician label, e.g. "PEG" */
	char *form;           /* Questionnaire.url the items belong to */
	char **items; int n_items;   /* linkIds */
	ScoreMethod method;
	int min_answered;     /* fewer answered items: no score (instrument rule) */
	int decimals;         /* digits shown after the point */
	int has_positive;     /* a screen with a cut-off */
	double positive_at;   /* value >= this is a positive screen */
	char *loinc;          /* LOINC code of the score, may be NULL */
	char *loinc_display;
	char *unit;           /* UCUM-ish unit for Observation, may be NULL */
	QCode local_code;     /* code to send when there is no LOINC (members may be NULL) */
} ScoreRule;

typedef struct ScoreResult {
	int valid;            /* enough items answered */
	double value;
	int positive;         /* has_positive && value >= positive_at */
	int n_answered;
} ScoreResult;

/* The clinician's note on a score answered in a translation that is not
 * validated (qm_unvalidated_translation); %s is the patient's language code.
 * FHIR puts it in Observation.note, HL7 in an NTE after the score's OBX. */
#define SCORE_NOTE_UNVALIDATED "Answered in a translation (%s) that is not a validated translation " \
	"of this instrument; the score may not compare with the original."

ScoreResult score_compute(const ScoreRule *r, const Questionnaire *q, const Answers *a);
void score_rule_free(ScoreRule *r);   /* frees the members, not r itself */
#endif
