/* content/scoring.h - loads the scoring table (assets/questionnaires/
 * scoring.json, format "accord-scoring/1") into core ScoreRules and checks
 * each rule against the loaded forms. See docs/questionnaires.md. */
#ifndef CONTENT_SCORING_H
#define CONTENT_SCORING_H
#include <stddef.h>
#include "core/score.h"

#define SCORING_FORMAT "accord-scoring/1"

/* Loads the scoring table at path. Returns 0 and *rules (n of them; free with
 * scoring_free), or a negative QL_E* error (content/questionnaire.h) with
 * *rules NULL and a message in err naming the file and JSON path, e.g.
 * "scoring.json: scores[1].method: must be sum or mean". err may be NULL. */
int scoring_load(const char *path, ScoreRule **rules, int *n, char *err, size_t errlen);
/* As scoring_load, from json[0..len); name is used in messages only. */
int scoring_load_mem(const char *json, size_t len, const char *name,
		     ScoreRule **rules, int *n, char *err, size_t errlen);

/* Checks every rule against forms: its form is loaded, each item exists, is
 * a question and gives a number (an integer/decimal item, or options that all
 * carry an ordinalValue), and min_answered fits. Returns the number of rules
 * with a problem (0: all fine) and appends one line per problem to *report
 * (malloc'd, caller frees; left as is when nothing to say). */
int scoring_check(const ScoreRule *rules, int n, const Questionnaire *const *forms,
		  int n_forms, char **report);

/* Frees rules[0..n) and the array. */
void scoring_free(ScoreRule *rules, int n);
#endif
