/* ui/screen_review.c - every question of the visit with its answer (or
 * "Not answered"); tapping one opens it to change, Done completes the visit. */
#include "ui/ui_int.h"

static void build_review(Ui *ui)
{
	lay_para(ui, S(ui, "review.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "review.help"), F_BODY, WF_MUTED);
	/* every page of the visit, answered or not */
	int n = visit_page_count(ui->v);
	for (int i = 0; i < n; i++) {
		const Questionnaire *q;
		const QItem *it = NULL;
		it = visit_page_item(ui->v, i, &q);
		if (!it || it->type == QT_DISPLAY) continue;
		char *ans = question_answer_text(ui, q, it);
		Buf sub = { 0 };
		buf_add(&sub, ans ? ans : S(ui, "review.not_answered"));
		buf_add(&sub, " \xE2\x80\x94 ");
		buf_add(&sub, S(ui, "review.change"));
		Widget *w = lay_button(ui, qtext_get(&it->text, visit_lang(ui->v)), sub.s, 0, A_REVIEW_EDIT, i);
		w->ptr = it;
		free(ans);
		buf_free(&sub);
	}
	ui_finish_layout(ui);
	chrome_build(ui, 1, S(ui, "review.done"), 1, A_DONE);
}

static void act(Ui *ui, const Widget *w)
{
	const Questionnaire *q;
	const QItem *it;
	if (w->action == A_DONE) visit_done(ui->v);
	else if (w->action == A_REVIEW_EDIT && (it = visit_page_item(ui->v, w->arg, &q))) visit_goto(ui->v, q, it);
}

const Screen screen_review = { "review", build_review, act, NULL, NULL };
