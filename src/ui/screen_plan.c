/* ui/screen_plan.c - one plain question after the language: "Is this your
 * first visit with us?" Yes: the first-visit plan (the agreement and every
 * form but those about a last visit: plan_first_skip_forms); No: the
 * follow-up plan; "I only have a few minutes": quick. Staff
 * or the clinic's config can set the plan instead, and then this screen is
 * not shown. */
#include "ui/ui_int.h"

static void build(Ui *ui)
{
	static const char *const keys[PLAN_COUNT] = { "plan.first", "plan.follow_up", "plan.quick" };
	lay_para(ui, S(ui, "plan.title"), F_TITLE, WF_BOLD);
	for (int p = 0; p < PLAN_COUNT; p++) lay_button(ui, S(ui, keys[p]), NULL, WF_CENTER, A_PLAN, p);
	ui_finish_layout(ui);
	chrome_build(ui, 1, NULL, 0, 0);
}

static void act(Ui *ui, const Widget *w)
{
	if (w->action == A_PLAN) visit_choose_plan(ui->v, w->arg);
}

const Screen screen_plan = { "plan", build, act, NULL, NULL };
