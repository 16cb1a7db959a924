/* ui/screen_confirm.c - "Erase your answers and start over?": Start over
 * asks first, over any patient screen. "No, keep my answers" returns to
 * the same place; "Yes" wipes the visit. The two choices are apart and
 * worded differently from every other button. */
#include "ui/ui_int.h"

static void build(Ui *ui)
{
	Rect all = { 0, 0, ui->cfg.w, ui->cfg.h };
	int m = ui_px(ui, 32);
	ui->content = (Rect){ m, m, ui->cfg.w - 2 * m, ui->cfg.h - 2 * m };
	ui->cursor_y = ui->content.y;
	ui_add(ui, all, WF_BOX, F_SMALL, "");
	lay_para(ui, S(ui, "confirm.title"), F_TITLE, WF_BOLD | WF_CENTER);
	lay_para(ui, S(ui, "confirm.body"), F_BODY, WF_CENTER);
	lay_button(ui, S(ui, "confirm.keep"), NULL, WF_PRIMARY | WF_CENTER, A_CANCEL, 0);
	lay_space(ui, 24);
	lay_button(ui, S(ui, "confirm.erase"), NULL, WF_CENTER, A_CONFIRM_START_OVER, 0);
	ui_finish_layout(ui);
}

static void act(Ui *ui, const Widget *w)
{
	if (w->action == A_CANCEL) ui->confirm = 0;
	else if (w->action == A_CONFIRM_START_OVER) { ui->confirm = 0; visit_start_over(ui->v); }
}

static int key(Ui *ui, const char *name)
{
	if (str_eq(name, "Escape")) { ui->confirm = 0; return 0; }
	return -1;
}

const Screen screen_confirm = { "confirm-start-over", build, act, key, NULL };
