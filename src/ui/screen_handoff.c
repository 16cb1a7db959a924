/* ui/screen_handoff.c - the last screen: thank you, what happens next and
 * the visit code in big digits; Finish starts over. The waiting room is
 * not a billboard: the code for the scanner (ui/widget_qr.c) shows only
 * when someone taps "Show the square code", at the panel's full height,
 * and hides again after qr_show_ms without a touch (and on wipe). */
#include "ui/ui_int.h"

/* The scan view: the code as large as the panel allows (full height in
 * landscape, full width in portrait), the visit code, paging, Hide and
 * Finish beside it. No header or footer: their room goes to the code. */
static void build_scan_view(Ui *ui, const char *text)
{
	int W = ui->cfg.w, H = ui->cfg.h, pad = ui_px(ui, ui->th.pad_pt), portrait = H > W;
	/* the text beside the code keeps at least 40 % and the visit code's width */
	int beside = text_width(ui, F_HUGE, 1, visit_code(ui->v)) + 2 * pad;
	int side = portrait ? H * 6 / 10 : W - (beside > W * 4 / 10 ? beside : W * 4 / 10);
	if (side > (portrait ? W : H)) side = portrait ? W : H;
	Rect qr = portrait ? (Rect){ (W - side) / 2, H - side, side, side } : (Rect){ W - side, (H - side) / 2, side, side };
	ui->content = portrait ? (Rect){ pad, pad, W - 2 * pad, qr.y - 2 * pad } : (Rect){ pad, pad, qr.x - 2 * pad, H - 2 * pad };
	ui->cursor_y = ui->content.y;
	lay_para(ui, S(ui, "handoff.code_label"), F_BODY, 0);
	lay_para(ui, visit_code(ui->v), F_HUGE, WF_BOLD);
	qr_controls(ui, text, qr);   /* "Code 1 of 3" and its buttons stay in view */
	lay_button(ui, S(ui, "handoff.hide_qr"), NULL, WF_CENTER, A_QR_HIDE, 0);
	lay_button(ui, S(ui, "handoff.finish"), NULL, WF_CENTER | WF_PRIMARY | WF_CHROME, A_FINISH, 0);
	ui_finish_layout(ui);
	qr_draw(ui, text, qr);
}

static void build_handoff(Ui *ui)
{
	char *text = ui->host.summary ? ui->host.summary(ui->host.ctx, ui->v) : NULL;
	if (ui->qr_shown && text) {
		build_scan_view(ui, text);
		free(text);
		return;
	}
	lay_para(ui, S(ui, "handoff.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "handoff.next_steps"), F_BODY, WF_BOLD);   /* what happens next */
	lay_para(ui, S(ui, "handoff.code_label"), F_BODY, 0);
	lay_para(ui, visit_code(ui->v), F_HUGE, WF_BOLD);
	lay_para(ui, S(ui, "handoff.show"), F_BODY, 0);
	if (text) lay_button(ui, S(ui, "handoff.show_qr"), NULL, WF_CENTER, A_QR_SHOW, 0);
	ui_finish_layout(ui);
	free(text);
	chrome_build(ui, 0, S(ui, "handoff.finish"), 1, A_FINISH);
}

static void act(Ui *ui, const Widget *w)
{
	ui->qr_input = ui->now;   /* someone is there: a shown code stays */
	if (qr_act(ui, w)) return;
	switch (w->action) {
	case A_QR_SHOW: ui->qr_shown = 1; ui->qr_page = 0; break;
	case A_QR_HIDE: ui->qr_shown = 0; break;
	case A_FINISH: visit_finish(ui->v); break;
	default: break;
	}
}

long long handoff_deadline(const Ui *ui)
{
	return ui->qr_shown && !ui->staff ? ui->qr_input + ui->cfg.qr_show_ms : -1;
}

void handoff_tick(Ui *ui, long long now)
{
	if (ui->qr_shown && !ui->staff && now >= ui->qr_input + ui->cfg.qr_show_ms) {
		ui->qr_shown = 0;
		ui->qr_page = 0;
		ui->dirty = 1;
	}
}

void handoff_forget(Ui *ui)
{
	qr_forget(ui);
	ui->qr_shown = 0;
}

const Screen screen_handoff = { "handoff", build_handoff, act, NULL, NULL };
