/* core/answers.c - the answers of one visit (a small array keyed by form
 * and linkId, in the order first answered) and enableWhen evaluation on
 * them. Pure C, libc only. See core/answers.h. */
#include "core/answers.h"
#include "core/util.h"
#include <stdlib.h>
#include <string.h>

typedef struct Entry {
	char *form, *link_id;
	QValue *vals; int n;
} Entry;

struct Answers {
	Entry *e; int n, cap;
};

Answers *answers_new(void)
{
	return xcalloc(1, sizeof(Answers));
}

static void entry_free(Entry *e)
{
	free(e->form);
	free(e->link_id);
	for (int i = 0; i < e->n; i++) qvalue_free(&e->vals[i]);
	free(e->vals);
}

void answers_clear(Answers *a)
{
	if (!a) return;
	for (int i = 0; i < a->n; i++) entry_free(&a->e[i]);
	a->n = 0;
}

void answers_free(Answers *a)
{
	if (!a) return;
	answers_clear(a);
	free(a->e);
	free(a);
}

static int find(const Answers *a, const char *form, const char *link_id)
{
	for (int i = 0; i < a->n; i++)
		if (str_eq(a->e[i].form, form) && str_eq(a->e[i].link_id, link_id)) return i;
	return -1;
}

void answers_set(Answers *a, const char *form, const char *link_id, const QValue *vals, int n)
{
	int k = find(a, form ? form : "", link_id);
	Entry *e;
	if (n <= 0) {
		if (k < 0) return;
		entry_free(&a->e[k]);
		memmove(&a->e[k], &a->e[k + 1], (size_t)(a->n - k - 1) * sizeof(Entry));
		a->n--;
		return;
	}
	if (k < 0) {
		if (a->n == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 16;
			a->e = xrealloc(a->e, (size_t)a->cap * sizeof(Entry));
		}
		k = a->n++;
		e = &a->e[k];
		e->form = xstrdup(form ? form : "");
		e->link_id = xstrdup(link_id);
		e->vals = NULL;
		e->n = 0;
	} else {
		e = &a->e[k];
	}
	/* copy first, then free the old values: vals may point into them
	 * (a multi-select toggle passes the current answers back in) */
	QValue *copy = xmalloc((size_t)n * sizeof(QValue));
	for (int i = 0; i < n; i++) copy[i] = qvalue_copy(&vals[i]);
	for (int i = 0; i < e->n && e->vals; i++) qvalue_free(&e->vals[i]);
	free(e->vals);
	e->vals = copy;
	e->n = n;
}

const QValue *answers_get(const Answers *a, const char *form, const char *link_id, int *n)
{
	int k = a ? find(a, form ? form : "", link_id) : -1;
	if (k < 0) { if (n) *n = 0; return NULL; }
	if (n) *n = a->e[k].n;
	return a->e[k].vals;
}

int answers_count(const Answers *a)
{
	return a ? a->n : 0;
}

void answers_entry(const Answers *a, int i, const char **form, const char **link_id,
		   const QValue **vals, int *n)
{
	const Entry *e = &a->e[i];
	if (form) *form = e->form;
	if (link_id) *link_id = e->link_id;
	if (vals) *vals = e->vals;
	if (n) *n = e->n;
}

/* enableWhen ------------------------------------------------------------ */

/* Deeper than this is a cycle the loader should have refused: not shown. */
#define MAX_CHAIN 256

static int enabled(const Questionnaire *q, const QItem *it, const Answers *a, int depth);

/* One condition (FHIR R4 semantics): exists compares presence; "=" and the
 * orderings hold when some answer satisfies them; "!=" holds when no answer
 * equals the value (so also when unanswered). Answers of a hidden question
 * do not count. */
static int condition(const Questionnaire *q, const QEnableWhen *ew, const Answers *a, int depth)
{
	const QItem *src = qm_find(q, ew->question);
	const QValue *vals = NULL;
	int n = 0;
	if (src && enabled(q, src, a, depth + 1))
		vals = answers_get(a, qm_form_key(q), ew->question, &n);
	if (ew->op == QOP_EXISTS) return ew->answer.b ? n > 0 : n == 0;
	if (ew->op == QOP_NE) {
		for (int i = 0; i < n; i++)
			if (qvalue_cmp(&vals[i], &ew->answer) == 0) return 0;
		return 1;
	}
	for (int i = 0; i < n; i++) {
		int c = qvalue_cmp(&vals[i], &ew->answer);
		if (c == 2) continue;
		switch (ew->op) {
		case QOP_EQ: if (c == 0) return 1; break;
		case QOP_GT: if (c > 0) return 1; break;
		case QOP_LT: if (c < 0) return 1; break;
		case QOP_GE: if (c >= 0) return 1; break;
		case QOP_LE: if (c <= 0) return 1; break;
		default: break;
		}
	}
	return 0;
}

static int enabled(const Questionnaire *q, const QItem *it, const Answers *a, int depth)
{
	if (!it || it->hidden || depth > MAX_CHAIN) return 0;
	if (it->parent && !enabled(q, it->parent, a, depth + 1)) return 0;
	if (it->n_enable_when == 0) return 1;
	for (int i = 0; i < it->n_enable_when; i++) {
		int c = condition(q, &it->enable_when[i], a, depth);
		if (it->enable_any && c) return 1;
		if (!it->enable_any && !c) return 0;
	}
	return !it->enable_any;
}

int qm_enabled(const Questionnaire *q, const QItem *it, const Answers *a)
{
	return enabled(q, it, a, 0);
}
