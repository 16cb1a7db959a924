/* ui/screen_intro.c - what the visit is for, how long it takes and that
 * every question can be skipped. */
#include "ui/ui_int.h"

static void build_intro(Ui *ui)
{
	lay_para(ui, S(ui, "intro.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "intro.body"), F_BODY, 0);
	ui_finish_layout(ui);
	chrome_build(ui, 1, S(ui, "nav.begin"), 1, 0);
}

const Screen screen_intro = { "intro", build_intro, NULL, NULL, NULL };
