/* core/score.c - computes one instrument score from a ScoreRule: the sum or
 * mean of the numeric values (option ordinalValue, else the integer or
 * decimal answer) of the rule's items, or no score when fewer than
 * min_answered items are answered. Pure C. See core/score.h. */
#include "core/score.h"
#include <stdlib.h>

ScoreResult score_compute(const ScoreRule *r, const Questionnaire *q, const Answers *a)
{
	ScoreResult res = { 0, 0.0, 0, 0 };
	double sum = 0.0;
	const char *form;
	if (!r) return res;
	form = r->form ? r->form : qm_form_key(q);
	for (int i = 0; i < r->n_items; i++) {
		const QItem *it = q ? qm_find(q, r->items[i]) : NULL;
		int n = 0;
		const QValue *v = answers_get(a, form, r->items[i], &n);
		double x;
		if (n < 1) continue;
		if (it && !qm_enabled(q, it, a)) continue;   /* hidden answers do not count */
		if (qvalue_number(it, &v[0], &x) != 0) continue;
		sum += x;
		res.n_answered++;
	}
	if (res.n_answered == 0 || res.n_answered < r->min_answered) return res;
	res.valid = 1;
	res.value = r->method == SCORE_MEAN ? sum / res.n_answered : sum;
	res.positive = r->has_positive && res.value >= r->positive_at;
	return res;
}

void score_rule_free(ScoreRule *r)
{
	if (!r) return;
	free(r->id);
	free(r->label);
	free(r->form);
	for (int i = 0; i < r->n_items; i++) free(r->items[i]);
	free(r->items);
	free(r->loinc);
	free(r->loinc_display);
	free(r->unit);
	free(r->local_code.system);
	free(r->local_code.code);
	free(r->local_code.display);
}
