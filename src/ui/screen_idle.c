/* ui/screen_idle.c - "Are you still there?": the idle warning over any
 * screen, with the seconds left in large type, spoken when it appears;
 * any tap, or "I'm still here", keeps the visit where it was. */
#include "ui/ui_int.h"

static void build_warning(Ui *ui)
{
	char msg[256];
	Rect all = { 0, 0, ui->cfg.w, ui->cfg.h };
	ui->content = (Rect){ ui_px(ui, 32), ui_px(ui, 32), ui->cfg.w - 2 * ui_px(ui, 32), ui->cfg.h - 2 * ui_px(ui, 32) };
	ui->cursor_y = ui->content.y;
	ui_add(ui, all, WF_BOX, F_SMALL, "");
	lay_para(ui, S(ui, "idle.title"), F_HUGE, WF_BOLD | WF_CENTER);
	int left = visit_warning_left(ui->v, ui->now);
	char num[16];
	snprintf(num, sizeof num, "%d", left);   /* the countdown in large type */
	Rect nr = { ui->content.x, ui->cursor_y, ui->content.w, text_line_h(ui, F_HUGE) };
	Widget *cw = ui_add(ui, nr, WF_SCROLL | WF_CENTER | WF_BOLD, F_HUGE, num);
	snprintf(msg, sizeof msg, "%d %s", left, S(ui, "idle.seconds"));
	cw->name = xstrdup(msg);
	ui->cursor_y += nr.h;
	snprintf(msg, sizeof msg, S(ui, "idle.body"), left);
	lay_para(ui, msg, F_BODY, WF_CENTER);
	Widget *w = lay_button(ui, S(ui, "idle.still_here"), NULL, WF_PRIMARY | WF_CENTER, A_STILL_HERE, 0);
	int extra = ui_px(ui, 40);
	w->r.h += extra;
	w->font = F_TITLE;
	ui->cursor_y += extra;
	/* calm and centred: the few words sit in the middle of the screen */
	int used = ui->cursor_y - ui->content.y, shift = (ui->content.h - used) / 2;
	for (int i = 1; shift > 0 && i < ui->nw; i++) ui->w[i].r.y += shift;
	ui_finish_layout(ui);
}

const Screen screen_idle = { "idle", build_warning, NULL, NULL, NULL };
