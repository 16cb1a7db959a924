/* ui/screen_staff.c - staff mode: reached only by a 3-second press on the
 * top-left corner of the attract screen, then a PIN. Shows device and outbox
 * state, recent visits (re-show a QR), next patient's record number, test
 * connection, restart and shutdown. The app does the work (UiHost); every
 * action is audited there. */
#include "ui/ui_int.h"
#include <string.h>

enum { ST_OFF, ST_PIN, ST_MENU, ST_VISITS, ST_MESSAGE, ST_QR, ST_REF, ST_PLAN };

/* Opens the PIN pad (the corner gesture, ui.c). */
void staff_open(Ui *ui)
{
	ui->staff = ST_PIN;
	ui->staff_input = ui->now;
	memset(ui->edit, 0, sizeof ui->edit);
}

/* A menu button; its action word (a string literal) rides in ptr. */
static void staff_btn(Ui *ui, const char *text, const char *action)
{
	Widget *w = lay_button(ui, text, NULL, 0, A_STAFF_ACTION, 0);
	w->ptr = action;
}

static void build(Ui *ui)
{
	char *status;
	switch (ui->staff) {
	case ST_PIN: {
		lay_para(ui, S(ui, "staff.pin_title"), F_TITLE, WF_BOLD);
		char dots[40] = "";
		for (size_t i = 0; i < strlen(ui->edit) && i < 16; i++) strcat(dots, "*");
		lay_field(ui, dots, S(ui, "staff.pin_placeholder"), A_NONE, 0);
		if (ui->staff_msg) lay_para(ui, ui->staff_msg, F_BODY, WF_ALERT | WF_BOLD);
		const char *digits[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "OK", "\xE2\x8C\xAB" };
		int first = ui->nw;
		lay_buttons_grid(ui, 12, digits, NULL, A_STAFF_PIN, 3, 6);
		ui->w[first + 11].name = xstrdup(S(ui, "osk.backspace"));
		ui_finish_layout(ui);
		chrome_build(ui, 0, S(ui, "staff.exit"), 1, A_STAFF_EXIT);
		return;
	}
	case ST_VISITS: case ST_MESSAGE: case ST_REF:
		lay_para(ui, ui->staff_msg ? ui->staff_msg : "", ui->staff == ST_VISITS ? F_SMALL : F_BODY, 0);
		if (ui->staff != ST_MESSAGE) {
			if (ui->staff == ST_VISITS) lay_para(ui, S(ui, "staff.code_prompt"), F_BODY, 0);
			lay_field(ui, ui->edit, ui->staff == ST_REF ? S(ui, "staff.ref_placeholder") : "", A_NONE, 0);
			const char *keys[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "\xE2\x8C\xAB" };
			int first = ui->nw;
			lay_buttons_grid(ui, 12, keys, NULL, A_STAFF_PIN, 3, 6);
			ui->w[first + 11].name = xstrdup(S(ui, "osk.backspace"));
			ui->w[first + 10].arg = 100;
		}
		if (ui->staff == ST_REF) staff_btn(ui, S(ui, "staff.ref_save"), "ref");
		if (ui->staff == ST_VISITS) {
			staff_btn(ui, S(ui, "staff.show_qr"), "qr");
			staff_btn(ui, S(ui, "staff.mark_done"), "done");
			staff_btn(ui, S(ui, "staff.ack"), "ack");
		}
		ui_finish_layout(ui);
		chrome_build(ui, 0, S(ui, "staff.menu"), 1, A_STAFF_VISIT);
		return;
	case ST_PLAN:   /* the plan for the next patient (instead of asking them) */
		lay_para(ui, S(ui, "staff.plan"), F_TITLE, WF_BOLD);
		staff_btn(ui, S(ui, "staff.plan_ask"), "plan:ask");
		staff_btn(ui, S(ui, "staff.plan_first"), "plan:first");
		staff_btn(ui, S(ui, "staff.plan_follow_up"), "plan:follow-up");
		staff_btn(ui, S(ui, "staff.plan_quick"), "plan:quick");
		ui_finish_layout(ui);
		chrome_build(ui, 0, S(ui, "staff.menu"), 1, A_STAFF_VISIT);
		return;
	case ST_QR: {
		Rect qr = qr_rect(ui);
		lay_para(ui, ui->staff_msg ? ui->staff_msg : "", F_SMALL, 0);
		qr_view(ui, ui->staff_msg, qr);
		chrome_build(ui, 0, S(ui, "staff.menu"), 1, A_STAFF_VISIT);
		return;
	}
	default: break;
	}
	/* the menu */
	lay_para(ui, S(ui, "staff.title"), F_TITLE, WF_BOLD);
	if (ui->host.notice && ui->host.notice(ui->host.ctx)) lay_para(ui, ui->host.notice(ui->host.ctx), F_BODY, WF_ALERT | WF_BOLD);
	status = ui->host.staff_status ? ui->host.staff_status(ui->host.ctx) : NULL;
	if (status) lay_para(ui, status, F_SMALL, 0);
	free(status);
	staff_btn(ui, S(ui, "staff.visits"), "visits");
	staff_btn(ui, S(ui, "staff.next_ref"), "nextref");
	staff_btn(ui, S(ui, "staff.plan"), "planmenu");
	staff_btn(ui, S(ui, "staff.test"), "test");
	staff_btn(ui, S(ui, "staff.retry_rejected"), "retry-rejected");
	staff_btn(ui, S(ui, "staff.restart"), "restart");
	staff_btn(ui, S(ui, "staff.shutdown"), "shutdown");
	ui_finish_layout(ui);
	chrome_build(ui, 0, S(ui, "staff.exit"), 1, A_STAFF_EXIT);
}

static void set_msg(Ui *ui, char *m)
{
	free(ui->staff_msg);
	ui->staff_msg = m;
}

/* The host's answer to a PIN: 1 open, 2 still checking, 0 wrong, -1 locked. */
static void pin_answer(Ui *ui, int ok, int wait)
{
	char m[160];
	ui->pin_checking = ok == 2;
	ui->dirty = 1;
	if (ok == 1) { ui->staff = ST_MENU; set_msg(ui, NULL); return; }
	if (ok == 2) snprintf(m, sizeof m, "%s", S(ui, "staff.checking"));
	else if (ok < 0) snprintf(m, sizeof m, S(ui, "staff.locked"), wait);
	else snprintf(m, sizeof m, "%s", S(ui, "staff.wrong_pin"));
	set_msg(ui, xstrdup(m));
}

void staff_poll(Ui *ui)
{
	int wait = 0, ok;
	if (!ui->pin_checking || !ui->host.staff_pin) return;
	ok = ui->host.staff_pin(ui->host.ctx, NULL, &wait);
	if (ui->staff != ST_PIN) ui->pin_checking = ok == 2;   /* left the PIN screen: the answer opens nothing */
	else if (ok != 2) pin_answer(ui, ok, wait);
}

static void act(Ui *ui, const Widget *w)
{
	ui->dirty = 1;
	if (qr_act(ui, w)) return;
	switch (w->action) {
	case A_STAFF_EXIT:
		ui->staff = ST_OFF;
		set_msg(ui, NULL);
		memset(ui->edit, 0, sizeof ui->edit);
		break;
	case A_STAFF_VISIT:
		ui->staff = ST_MENU;
		set_msg(ui, NULL);
		memset(ui->edit, 0, sizeof ui->edit);
		break;
	case A_STAFF_PIN: {
		size_t n = strlen(ui->edit);
		if (w->arg == 11) { if (n) ui->edit[n - 1] = 0; break; }
		if (ui->pin_checking) break;   /* one check at a time */
		if (w->arg == 10 && ui->staff == ST_PIN) {
			int wait = 0, ok = ui->host.staff_pin ? ui->host.staff_pin(ui->host.ctx, ui->edit, &wait) : 0;
			memset(ui->edit, 0, sizeof ui->edit);
			pin_answer(ui, ok, wait);
			break;
		}
		if (n + 1 < 17) { ui->edit[n] = w->arg == 100 ? '-' : w->text[0]; ui->edit[n + 1] = 0; }
		break;
	}
	case A_STAFF_ACTION: {
		const char *a = w->ptr ? (const char *)w->ptr : "";
		char buf[600];
		if (!strcmp(a, "visits")) {
			ui->staff = ST_VISITS;
			set_msg(ui, ui->host.staff_action ? ui->host.staff_action(ui->host.ctx, "visits") : NULL);
		} else if (!strcmp(a, "planmenu")) {
			ui->staff = ST_PLAN;
		} else if (!strncmp(a, "plan:", 5)) {
			set_msg(ui, ui->host.staff_action ? ui->host.staff_action(ui->host.ctx, a) : NULL);
			ui->staff = ST_MESSAGE;
		} else if (!strcmp(a, "nextref")) {
			ui->staff = ST_REF;
			set_msg(ui, xstrdup(S(ui, "staff.ref_title")));
		} else if (!strcmp(a, "ref") || !strcmp(a, "done") || !strcmp(a, "ack")) {
			snprintf(buf, sizeof buf, "%s:%s", a, ui->edit);
			set_msg(ui, ui->host.staff_action ? ui->host.staff_action(ui->host.ctx, buf) : NULL);
			memset(ui->edit, 0, sizeof ui->edit);
			ui->staff = ST_MESSAGE;
		} else if (!strcmp(a, "qr")) {
			char *s = ui->host.staff_visit_summary ? ui->host.staff_visit_summary(ui->host.ctx, ui->edit) : NULL;
			if (s) { set_msg(ui, s); ui->staff = ST_QR; ui->qr_page = 0; }
			else { set_msg(ui, xstrdup(S(ui, "staff.no_visit"))); ui->staff = ST_MESSAGE; }
		} else {
			set_msg(ui, ui->host.staff_action ? ui->host.staff_action(ui->host.ctx, a) : NULL);
			ui->staff = ST_MESSAGE;
		}
		break;
	}
	default: break;
	}
}

/* A hardware keyboard types into the PIN or code field. */
static void edit(Ui *ui, const char *utf8)
{
	if (ui->staff != ST_PIN && ui->staff != ST_VISITS && ui->staff != ST_REF) return;
	char *s = field_edit(ui->edit, utf8, 16);
	snprintf(ui->edit, sizeof ui->edit, "%s", s);
	free(s);
}

const Screen screen_staff = { "staff", build, act, NULL, edit };
