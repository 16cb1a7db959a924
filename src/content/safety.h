/* content/safety.h - loads the safety table (assets/questionnaires/
 * safety.json, format "accord-safety/1") into core SafetyRules and checks
 * each rule against the loaded forms, so a clinic's own forms can mark their
 * own safety answers and a typo is found by `accord check`, not by a patient
 * whose answer reached no one. See docs/questionnaires.md. */
#ifndef CONTENT_SAFETY_H
#define CONTENT_SAFETY_H
#include <stddef.h>
#include "core/safety.h"

#define SAFETY_FORMAT "accord-safety/1"

/* Loads the table at path. Returns 0 and *rules (n of them; free with
 * safety_free), or a negative QL_E* error (content/questionnaire.h) with
 * *rules NULL and a message in err naming the file and JSON path, e.g.
 * "safety.json: rules[1].answerCoding: needs a code". err may be NULL. */
int safety_load(const char *path, SafetyRule **rules, int *n, char *err, size_t errlen);
/* As safety_load, from json[0..len); name is used in messages only. */
int safety_load_mem(const char *json, size_t len, const char *name,
		    SafetyRule **rules, int *n, char *err, size_t errlen);

/* Checks every rule against forms: its form is loaded, the item exists, and
 * the answer is one the item can take (an answerCoding whose code is one of
 * the item's options; answerBoolean on a boolean item). Returns the number
 * of rules with a problem and appends one line per problem to *report
 * (malloc'd, caller frees; left as is when nothing to say). */
int safety_check(const SafetyRule *rules, int n, const Questionnaire *const *forms,
		 int n_forms, char **report);

/* Frees rules[0..n) and the array. */
void safety_free(SafetyRule *rules, int n);
#endif
