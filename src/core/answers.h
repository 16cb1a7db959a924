/* core/answers.h - the answers of one visit, keyed by form URL and linkId.
 * Answers owns copies of every value it holds. Pure C, no I/O. */
#ifndef CORE_ANSWERS_H
#define CORE_ANSWERS_H
#include "core/qmodel.h"

typedef struct Answers Answers;

Answers *answers_new(void);                 /* free with answers_free */
void answers_free(Answers *a);
void answers_clear(Answers *a);             /* forget everything (wipe) */
/* Replaces the values of (form, link_id) with a copy of vals[0..n); n=0 removes. */
void answers_set(Answers *a, const char *form, const char *link_id, const QValue *vals, int n);
/* Values of (form, link_id) or NULL with *n = 0. Owned by a. */
const QValue *answers_get(const Answers *a, const char *form, const char *link_id, int *n);
int answers_count(const Answers *a);
/* i-th entry (0..count-1), for export and storage. */
void answers_entry(const Answers *a, int i, const char **form, const char **link_id, const QValue **vals, int *n);

/* enableWhen: is this item shown, given the answers (parents included)? */
int qm_enabled(const Questionnaire *q, const QItem *it, const Answers *a);
#endif
