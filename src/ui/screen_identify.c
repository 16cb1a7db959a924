/* ui/screen_identify.c - with identify = patient: first name, last name
 * (the on-screen keyboard opens when a field is tapped) and date of birth
 * (the date picker, with ten-year steps). */
#include "ui/ui_int.h"
#include <stdlib.h>

#define NAME_MAX_CHARS 60
enum { FIELD_NONE, FIELD_FIRST, FIELD_LAST };

static void build(Ui *ui)
{
	int osk = ui->typing && (ui->field == FIELD_FIRST || ui->field == FIELD_LAST);
	if (osk) ui->content.h -= osk_height(ui);
	lay_para(ui, S(ui, "identify.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "identify.first"), F_BODY, 0);
	Widget *w = lay_field(ui, visit_identity(ui->v, 0), S(ui, "question.type_here"), A_FIELD, FIELD_FIRST);
	if (ui->field == FIELD_FIRST) w->flags |= WF_SELECTED;
	lay_para(ui, S(ui, "identify.last"), F_BODY, 0);
	w = lay_field(ui, visit_identity(ui->v, 1), S(ui, "question.type_here"), A_FIELD, FIELD_LAST);
	if (ui->field == FIELD_LAST) w->flags |= WF_SELECTED;
	lay_para(ui, S(ui, "identify.dob"), F_BODY, 0);
	date_build(ui, visit_identity(ui->v, 2), 1);
	ui_finish_layout(ui);
	if (osk) osk_build(ui);
	int ok = visit_identity(ui->v, 0) && visit_identity(ui->v, 1) && visit_identity(ui->v, 2);
	chrome_build(ui, 1, S(ui, "nav.next"), ok, A_NEXT);
}

/* The three parts are set together; keep the two not being changed. */
static void set_identity(Ui *ui, const char *first, const char *last, const char *dob)
{
	char *f = xstrdup(first), *l = xstrdup(last), *d = xstrdup(dob);
	visit_set_identity(ui->v, f, l, d);
	free(f); free(l); free(d);
}

static void act(Ui *ui, const Widget *w)
{
	if (w->action == A_FIELD) {
		ui->typing = 1;
		ui->osk_hidden = 0;
		ui->field = w->arg;
	} else if (w->action == A_DATE) {
		char buf[48];
		date_step(buf, sizeof buf, visit_identity(ui->v, 2), w->arg, "1970-01-01");
		set_identity(ui, visit_identity(ui->v, 0), visit_identity(ui->v, 1), buf);
	}
}

/* Typed text goes to the field last tapped (the first name before any). */
static void edit(Ui *ui, const char *utf8)
{
	int which = ui->field == FIELD_LAST ? 1 : 0;
	char *s = field_edit(visit_identity(ui->v, which), utf8, NAME_MAX_CHARS);
	if (which) set_identity(ui, visit_identity(ui->v, 0), s, visit_identity(ui->v, 2));
	else set_identity(ui, s, visit_identity(ui->v, 1), visit_identity(ui->v, 2));
	free(s);
}

const Screen screen_identify = { "identify", build, act, NULL, edit };
