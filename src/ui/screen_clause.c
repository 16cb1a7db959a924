/* ui/screen_clause.c - one part of the agreement: its plain words, the
 * clinic's own wording on request, why it matters, the questions people
 * ask; "OK, I understand" and "I want to talk about this" stay in view
 * above the footer; a typed question for the care team. */
#include "ui/ui_int.h"
#include <string.h>

#define QUESTION_MAX 200   /* characters of a typed question */
#define FIELD_QUESTION 1   /* ui->field: the question field was opened */

void clause_original_words(Ui *ui, const Agreement *ag, const char *text, const char *lead)
{
	if (ag->original_note) lay_para(ui, ag->original_note, F_SMALL, WF_BOLD | WF_MUTED);
	if (lead) lay_para(ui, lead, F_BODY, WF_MUTED);
	lay_para(ui, text, F_BODY, WF_MUTED);
}

static void build_clause(Ui *ui)
{
	const AgSection *sec;
	int idx = visit_clause_index(ui->v), mark = visit_clause_mark(ui->v, idx);
	const AgClause *cl = agreement_clause(visit_agreement(ui->v), idx, &sec);
	char prog[160];
	if (!cl) return;
	/* room for the fixed choice bar (or the keyboard while typing): side by
	 * side when each word fits half the width, else one above the other */
	int gap0 = ui_px(ui, ui->th.gap_pt), ip0 = 2 * ui_px(ui, 10), mark0 = text_line_h(ui, F_BUTTON) + ui_px(ui, 10);
	int half = (ui->content.w - gap0) / 2, target0 = ui_px(ui, ui->th.target_pt);
	int widest = text_widest_word(ui, F_BUTTON, 1, S(ui, "agreement.discuss"));
	int w2 = text_widest_word(ui, F_BUTTON, 1, S(ui, "agreement.ok"));
	int stacked = (w2 > widest ? w2 : widest) > half - ip0 - mark0;
	int bw0 = stacked ? ui->content.w : half;
	int h_ok = widget_height_for(ui, S(ui, "agreement.ok"), F_BUTTON, bw0 - ip0 - mark0, WF_BUTTON) + ip0;
	int h_ta = widget_height_for(ui, S(ui, "agreement.discuss"), F_BUTTON, bw0 - ip0 - mark0, WF_BUTTON) + ip0;
	if (h_ok < target0) h_ok = target0;
	if (h_ta < target0) h_ta = target0;
	if (!stacked) h_ok = h_ta = h_ok > h_ta ? h_ok : h_ta;
	int bar_h = (stacked ? h_ok + gap0 + h_ta : h_ok) + gap0;
	if (ui->typing) ui->content.h -= osk_height(ui);
	else ui->content.h -= bar_h;
	snprintf(prog, sizeof prog, S(ui, "agreement.progress"), idx + 1, agreement_clause_count(visit_agreement(ui->v)));
	Buf head = { 0 };
	buf_add(&head, sec->title);
	buf_add(&head, " \xC2\xB7 ");
	buf_add(&head, prog);
	lay_para(ui, head.s, F_SMALL, WF_MUTED);
	buf_free(&head);
	int first = cl == &sec->clauses[0];   /* the section's lead-in goes with its first clause */
	if (first && sec->intro) lay_para(ui, sec->intro, F_BODY, 0);
	lay_para(ui, cl->title, F_TITLE, WF_BOLD);
	lay_para(ui, cl->plain, F_BODY, 0);
	lay_button(ui, S(ui, ui->show_original ? "agreement.hide_original" : "agreement.show_original"), NULL, 0, A_SHOW_ORIGINAL, 0);
	if (ui->show_original)
		clause_original_words(ui, visit_agreement(ui->v), cl->original, first ? sec->original : NULL);
	lay_para(ui, S(ui, "agreement.why"), F_BODY, WF_BOLD);
	lay_para(ui, cl->why, F_BODY, 0);
	if (cl->n_faq) lay_para(ui, S(ui, "agreement.questions"), F_BODY, WF_BOLD);
	for (int i = 0; i < cl->n_faq; i++) {
		lay_button(ui, cl->faq[i].q, NULL, ui->faq_open == i + 1 ? WF_SELECTED : 0, A_FAQ, i + 1);
		if (ui->faq_open == i + 1) lay_para(ui, cl->faq[i].a, F_BODY, 0);
	}
	if (mark == 1) {
		const char *q = visit_clause_question(ui->v, idx);
		lay_para(ui, S(ui, "agreement.ask_label"), F_BODY, 0);
		Widget *f = lay_field(ui, q, S(ui, "agreement.ask_placeholder"), A_ASK, idx);
		if (ui->typing) field_counter(ui, f, utf8_chars(q), QUESTION_MAX);
	}
	ui_finish_layout(ui);
	if (ui->typing) {
		osk_build(ui);
	} else {
		/* the two choices stay in view above the footer while the text scrolls */
		Rect ok = { ui->content.x, ui->content.y + ui->content.h + gap0 / 2, bw0, h_ok };
		Rect ta = { ui->content.x + bw0 + gap0, ok.y, bw0, h_ta };
		if (stacked) ta = (Rect){ ui->content.x, ok.y + h_ok + gap0, bw0, h_ta };
		Widget *w = ui_add(ui, ok, WF_BUTTON | WF_RADIO | (mark == 0 ? WF_SELECTED : 0), F_BUTTON, S(ui, "agreement.ok"));
		w->action = A_UNDERSTAND; w->arg = idx;
		w = ui_add(ui, ta, WF_BUTTON | WF_RADIO | (mark == 1 ? WF_SELECTED : 0), F_BUTTON, S(ui, "agreement.discuss"));
		w->action = A_DISCUSS; w->arg = idx;
	}
	chrome_build(ui, 1, S(ui, "nav.next"), 1, 0);
}

static void act(Ui *ui, const Widget *w)
{
	Visit *v = ui->v;
	switch (w->action) {
	case A_SHOW_ORIGINAL: ui->show_original = !ui->show_original; break;
	case A_FAQ: ui->faq_open = ui->faq_open == w->arg ? 0 : w->arg; break;
	case A_UNDERSTAND:
		visit_mark_clause(v, w->arg, 0);
		visit_next(v);
		break;
	case A_DISCUSS:
		visit_mark_clause(v, w->arg, 1);
		ui->scroll = 1 << 20;   /* show the question field below (clamped) */
		break;
	case A_ASK: ui->typing = 1; ui->osk_hidden = 0; ui->field = FIELD_QUESTION; break;
	default: break;
	}
}

/* Typed text goes to the question of this clause, once its field is open. */
static void edit(Ui *ui, const char *utf8)
{
	int idx = visit_clause_index(ui->v);
	if (ui->field != FIELD_QUESTION) return;
	char *s = field_edit(visit_clause_question(ui->v, idx), utf8, QUESTION_MAX);
	visit_set_clause_question(ui->v, idx, s);
	free(s);
}

const Screen screen_clause = { "clause", build_clause, act, NULL, edit };
