/* ui/screen_agree_intro.c - the agreement's first screen: its title, that
 * it is not a test, the clinic's opening words; "Read it with me" and,
 * when the clinic allows, "Skip for now". With no pack in the visit's
 * language it only says so (ask the front desk) and goes on. */
#include "ui/ui_int.h"

static void build_agree_intro(Ui *ui)
{
	const Agreement *ag = visit_agreement(ui->v);
	if (!ag) {   /* no pack in this language: never another language's words */
		lay_para(ui, S(ui, "agreement.unavailable"), F_BODY, WF_BOLD);
		lay_button(ui, S(ui, "nav.continue"), NULL, WF_PRIMARY | WF_CENTER, A_NEXT, 0);
		ui_finish_layout(ui);
		chrome_build(ui, 1, NULL, 0, 0);
		return;
	}
	lay_para(ui, ag->title, F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "agreement.not_a_test"), F_BODY, WF_BOLD);
	lay_para(ui, ag->opening, F_BODY, 0);
	lay_button(ui, S(ui, "agreement.read"), NULL, WF_PRIMARY | WF_CENTER, A_NEXT, 0);
	if (ui->cfg.agreement_optional)
		lay_button(ui, S(ui, "agreement.skip"), NULL, WF_CENTER, A_SKIP_AGREEMENT, 0);
	/* the clinic's opening words (mutual respect, each side's part) follow
	 * the button, so "Read it with me" stays in view on a small panel */
	if (ag->preamble_plain) {
		lay_para(ui, ag->preamble_plain, F_BODY, 0);
		lay_button(ui, S(ui, ui->show_original ? "agreement.hide_original" : "agreement.show_original"), NULL, 0, A_SHOW_ORIGINAL, 0);
		if (ui->show_original) clause_original_words(ui, ag, ag->preamble_original, NULL);
	}
	ui_finish_layout(ui);
	chrome_build(ui, 1, NULL, 0, 0);
}

static void act(Ui *ui, const Widget *w)
{
	if (w->action == A_SKIP_AGREEMENT) visit_skip_agreement(ui->v);
	else if (w->action == A_SHOW_ORIGINAL) ui->show_original = !ui->show_original;
}

const Screen screen_agree_intro = { "agreement-intro", build_agree_intro, act, NULL, NULL };
