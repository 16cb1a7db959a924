/* ui/screen_agree_short.c - follow-up visits: "Our agreement, in short":
 * every clause's one-sentence summary under its section, with "See it all"
 * for the whole agreement and Next to the questions; below, each clause
 * whose meaning changed since the version the clinic marks as last
 * reviewed, as a row that opens it in full. */
#include "ui/ui_int.h"

static void build(Ui *ui)
{
	const Agreement *ag = visit_agreement(ui->v);
	lay_para(ui, S(ui, "agreement.short_title"), F_TITLE, WF_BOLD);
	for (int s = 0; ag && s < ag->n_sections; s++) {
		const AgSection *sec = &ag->sections[s];
		lay_para(ui, sec->title, F_BODY, WF_BOLD);
		for (int i = 0; i < sec->n_clauses; i++) {
			const AgClause *cl = &sec->clauses[i];
			lay_para(ui, cl->summary ? cl->summary : cl->title, F_BODY, 0);
		}
	}
	lay_button(ui, S(ui, "agreement.see_all"), NULL, WF_CENTER, A_SEE_ALL, 0);
	int n = agreement_clause_count(ag), any = 0;
	for (int i = 0; i < n; i++) {
		if (!visit_clause_changed(ui->v, i)) continue;
		if (!any++) {
			lay_para(ui, S(ui, "agreement.changed_title"), F_TITLE, WF_BOLD);
			lay_para(ui, S(ui, "agreement.changed_hint"), F_BODY, 0);
		}
		agree_clause_row(ui, i, agreement_clause(ag, i, NULL));
	}
	ui_finish_layout(ui);
	chrome_build(ui, 1, S(ui, "nav.next"), 1, A_NEXT);
}

static void act(Ui *ui, const Widget *w)
{
	if (!agree_clause_row_act(ui, w) && w->action == A_SEE_ALL) visit_agreement_full(ui->v);
}

const Screen screen_agree_short = { "agreement-short", build, act, NULL, NULL };
