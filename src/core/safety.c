/* core/safety.c - see safety.h. */
#include "core/safety.h"
#include "core/util.h"
#include <stdlib.h>

int safety_matches(const SafetyRule *r, const char *form, const char *link_id, const QValue *vals, int n)
{
	if (!str_eq(r->form, form) || !str_eq(r->item, link_id)) return 0;
	for (int i = 0; i < n; i++)
		if (qvalue_cmp(&vals[i], &r->answer) == 0) return 1;
	return 0;
}

int safety_met(const SafetyRule *r, const Questionnaire *const *forms, int n_forms,
	       const Answers *a, int *form_index)
{
	for (int f = 0; f < n_forms; f++) {
		const QItem *it;
		const QValue *v;
		int n;
		if (!str_eq(qm_form_key(forms[f]), r->form)) continue;
		it = qm_find(forms[f], r->item);
		if (!it || !qm_enabled(forms[f], it, a)) continue;
		v = answers_get(a, r->form, r->item, &n);
		if (safety_matches(r, r->form, r->item, v, n)) {
			if (form_index) *form_index = f;
			return 1;
		}
	}
	return 0;
}

const SafetyRule *safety_rule_for(const SafetyRule *rules, int n, const char *form,
				  const char *link_id, const QValue *v)
{
	for (int i = 0; i < n; i++)
		if (safety_matches(&rules[i], form, link_id, v, 1)) return &rules[i];
	return NULL;
}

void safety_rule_free(SafetyRule *r)
{
	if (!r) return;
	free(r->id);
	free(r->form);
	free(r->item);
	qvalue_free(&r->answer);
	free(r->label);
	free(r->action);
	free(r->priority);
}
