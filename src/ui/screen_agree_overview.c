/* ui/screen_agree_overview.c - first visits: the agreement in layers. Every
 * clause in one plain sentence under its section ("What we promise you",
 * then "What we ask of you"), each with its own "I want to talk about this";
 * tapping a clause opens all of it (screen_clause) and comes back here.
 * "Read each part in full" walks every clause in turn. Nothing of the
 * agreement is hidden behind a tap: each clause's sentence is always shown. */
#include "ui/ui_int.h"

/* One clause: its title and sentence as a button that opens it, and beside
 * it (below it on a narrow panel) the patient's own "talk about this".
 * Back from that clause, the row is scrolled into view again. */
void agree_clause_row(Ui *ui, int idx, const AgClause *cl)
{
	if (ui->reveal == idx + 1) {
		ui->scroll = ui->cursor_y - ui->content.y - ui_px(ui, ui->th.gap_pt);
		ui->reveal = 0;
	}
	int gap = ui_px(ui, ui->th.gap_pt), pad = 2 * ui_px(ui, 10), target = ui_px(ui, ui->th.target_pt);
	int mark = visit_clause_mark(ui->v, idx);
	const char *talk = S(ui, "agreement.discuss");
	int marker = text_line_h(ui, F_BUTTON) + pad / 2;   /* the check box's width */
	int tw = ui->content.w * 34 / 100;
	int side = ui->content.w >= ui_px(ui, 560) && text_widest_word(ui, F_BUTTON, 1, talk) <= tw - pad - marker;
	int cw = side ? ui->content.w - gap - tw : ui->content.w;
	int indent = side ? 0 : ui->content.w / 8;   /* stacked: the toggle sits under its clause, indented */
	if (!side) tw = ui->content.w - indent;
	int ch = widget_height_for(ui, cl->title, F_BODY, cw - pad, WF_BUTTON) + pad;
	if (cl->summary) ch += widget_height_for(ui, cl->summary, F_BODY, cw - pad, 0);
	int th = widget_height_for(ui, talk, F_BUTTON, tw - pad - marker, WF_BUTTON) + pad;
	if (ch < target) ch = target;
	if (th < target) th = target;
	if (side) ch = th = ch > th ? ch : th;
	Rect rc = { ui->content.x, ui->cursor_y, cw, ch };
	Widget *w = ui_add(ui, rc, WF_BUTTON | WF_SCROLL, F_BODY, cl->title);
	w->sub = xstrdup(cl->summary);
	w->action = A_CLAUSE_EDIT;
	w->arg = idx;
	Rect rt = side ? (Rect){ rc.x + cw + gap, rc.y, tw, th } : (Rect){ rc.x + indent, rc.y + ch + ui_px(ui, 10), tw, th };
	w = ui_add(ui, rt, WF_BUTTON | WF_SCROLL | WF_CHECK | (mark == 1 ? WF_SELECTED : 0), F_BUTTON, talk);
	w->action = A_DISCUSS;
	w->arg = idx;
	ui->cursor_y = rt.y + rt.h + (side ? gap : 2 * gap);
	const char *q = visit_clause_question(ui->v, idx);
	if (q) {
		Buf b = { 0 };
		buf_add(&b, "\xE2\x80\x9C"); buf_add(&b, q); buf_add(&b, "\xE2\x80\x9D");
		lay_para(ui, b.s, F_BODY, WF_MUTED);
		buf_free(&b);
	}
}

static void build(Ui *ui)
{
	const Agreement *ag = visit_agreement(ui->v);
	int idx = 0;
	lay_para(ui, S(ui, "agreement.overview_title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "agreement.overview_hint"), F_BODY, 0);
	lay_button(ui, S(ui, "agreement.read_all"), NULL, WF_CENTER, A_SEE_ALL, 0);
	for (int s = 0; ag && s < ag->n_sections; s++) {
		const AgSection *sec = &ag->sections[s];
		lay_para(ui, sec->title, F_TITLE, WF_BOLD);
		for (int i = 0; i < sec->n_clauses; i++) agree_clause_row(ui, idx++, &sec->clauses[i]);
	}
	ui_finish_layout(ui);
	chrome_build(ui, 1, S(ui, "nav.next"), 1, A_NEXT);
}

/* A tap on a clause row: 1 when it was one. */
int agree_clause_row_act(Ui *ui, const Widget *w)
{
	switch (w->action) {
	case A_CLAUSE_EDIT: visit_goto_clause(ui->v, w->arg); return 1;
	case A_DISCUSS: visit_mark_clause(ui->v, w->arg, visit_clause_mark(ui->v, w->arg) == 1 ? -1 : 1); return 1;
	default: return 0;
	}
}

static void act(Ui *ui, const Widget *w)
{
	if (!agree_clause_row_act(ui, w) && w->action == A_SEE_ALL) visit_read_all(ui->v);
}

const Screen screen_agree_overview = { "agreement-overview", build, act, NULL, NULL };
