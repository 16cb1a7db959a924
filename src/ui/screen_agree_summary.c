/* ui/screen_agree_summary.c - after the agreement: the parts the patient
 * wants to talk about, with their typed questions; tap one to change it. */
#include "ui/ui_int.h"

static void build_agree_summary(Ui *ui)
{
	const Agreement *ag = visit_agreement(ui->v);
	int n = agreement_clause_count(ag), any = 0;
	lay_para(ui, S(ui, "agreement.summary_title"), F_TITLE, WF_BOLD);
	for (int i = 0; i < n; i++) {
		const AgClause *cl = agreement_clause(ag, i, NULL);
		if (visit_clause_mark(ui->v, i) != 1) continue;
		const char *q = visit_clause_question(ui->v, i);
		Buf sub = { 0 };
		if (q) { buf_add(&sub, "\xE2\x80\x9C"); buf_add(&sub, q); buf_add(&sub, "\xE2\x80\x9D  "); }
		buf_add(&sub, S(ui, "review.change"));
		lay_button(ui, cl->title, sub.s, 0, A_CLAUSE_EDIT, i);
		buf_free(&sub);
		any = 1;
	}
	lay_para(ui, S(ui, any ? "agreement.summary_some" : "agreement.summary_none"), F_BODY, 0);
	ui_finish_layout(ui);
	chrome_build(ui, 1, S(ui, "nav.continue"), 1, 0);
}

static void act(Ui *ui, const Widget *w)
{
	if (w->action == A_CLAUSE_EDIT) visit_goto_clause(ui->v, w->arg);
}

const Screen screen_agree_summary = { "agreement-summary", build_agree_summary, act, NULL, NULL };
