/* ui/screen_intro.c - what the visit is for, how long it takes and that
 * every question can be skipped. */
#include "ui/ui_int.h"

static void build_intro(Ui *ui)
{
	lay_para(ui, S(ui, "intro.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "intro.body"), F_BODY, 0);
	char est[160];   /* computed from the plan's real content, never typed by hand */
	int min = (visit_plan_seconds(ui->v, visit_plan(ui->v)) + 59) / 60;
	snprintf(est, sizeof est, S(ui, "intro.minutes"), min < 1 ? 1 : min);
	lay_para(ui, est, F_BODY, WF_BOLD);
	ui_finish_layout(ui);
	chrome_build(ui, 1, S(ui, "nav.begin"), 1, 0);
}

const Screen screen_intro = { "intro", build_intro, NULL, NULL, NULL };
