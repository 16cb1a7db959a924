/* ui/screen_handoff.c - the last screen: thank you, the visit code in big
 * digits and the QR code(s) for the care team; Finish starts over. */
#include "ui/ui_int.h"

static void build_handoff(Ui *ui)
{
	char *text = ui->host.summary ? ui->host.summary(ui->host.ctx, ui->v) : NULL;
	Rect qr = qr_rect(ui);
	lay_para(ui, S(ui, "handoff.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "handoff.next_steps"), F_BODY, WF_BOLD);   /* what happens next */
	lay_para(ui, S(ui, "handoff.code_label"), F_BODY, 0);
	lay_para(ui, visit_code(ui->v), F_HUGE, WF_BOLD);
	qr_controls(ui, text, qr);   /* "Code 1 of 3" and its buttons stay in view */
	lay_para(ui, S(ui, "handoff.show"), F_BODY, 0);
	ui_finish_layout(ui);
	qr_draw(ui, text, qr);
	free(text);
	chrome_build(ui, 0, S(ui, "handoff.finish"), 1, A_FINISH);
}

static void act(Ui *ui, const Widget *w)
{
	if (qr_act(ui, w)) return;
	if (w->action == A_FINISH) visit_finish(ui->v);
}

const Screen screen_handoff = { "handoff", build_handoff, act, NULL, NULL };
