/* ui/screen_attract.c - the screen between patients: the clinic's name and
 * one big "Touch to start" in every language offered. A 3-second press on
 * its top-left corner opens staff mode (screen_staff.c); 2 seconds
 * elsewhere, or a key, starts the audio guide (guide.c). A small red
 * square in that corner tells staff a safety alert waits (no words). */
#include "ui/ui_int.h"
#include <stdio.h>

static void build_attract(Ui *ui)
{
	int W = ui->cfg.w, H = ui->cfg.h, pad = ui_px(ui, 24);
	Widget *w;
	int th = widget_height_for(ui, ui->cfg.clinic_name, F_HUGE, W - 2 * pad, WF_BOLD);
	Rect t = { pad, pad * 2, W - 2 * pad, th };
	ui_add(ui, t, WF_CENTER | WF_BOLD, F_HUGE, ui->cfg.clinic_name);
	Rect b = { pad * 2, t.y + t.h + pad, W - 4 * pad, H - (t.y + t.h + pad) - 3 * pad - text_line_h(ui, F_BODY) };
	w = ui_add(ui, b, WF_BUTTON | WF_PRIMARY | WF_CENTER, F_HUGE, ui->host.str(ui->host.ctx, "en", "attract.touch"));
	Buf sub = { 0 };
	for (int i = 0; i < ui->cfg.n_langs; i++)
		if (!str_eq(ui->cfg.langs[i], "en")) {
			if (sub.len) buf_add(&sub, " \xC2\xB7 ");
			buf_add(&sub, ui->host.str(ui->host.ctx, ui->cfg.langs[i], "attract.touch"));
		}
	w->sub = buf_take(&sub);
	w->action = A_START;
	Buf langs = { 0 };
	for (int i = 0; i < ui->cfg.n_langs; i++) {
		char key[32];
		snprintf(key, sizeof key, "lang.%s", ui->cfg.langs[i]);
		if (i) buf_add(&langs, "  \xC2\xB7  ");
		buf_add(&langs, ui->host.str(ui->host.ctx, ui->cfg.langs[i], key));
	}
	Rect l = { pad, H - pad - text_line_h(ui, F_BODY), W - 2 * pad, text_line_h(ui, F_BODY) };
	ui_add(ui, l, WF_CENTER | WF_MUTED, F_BODY, langs.s);
	buf_free(&langs);
	/* A safety alert waits for staff: a small square in the staff corner, no
	 * words a patient could take as theirs (docs/accessibility.md). */
	if (ui->host.alerts_waiting && ui->host.alerts_waiting(ui->host.ctx) > 0) {
		Rect sign = { pad / 2, pad / 2, pad, pad };
		ui_add(ui, sign, WF_BOX | WF_ALERT, F_SMALL, "");
	}
}

static void act(Ui *ui, const Widget *w)
{
	if (w->action == A_START) visit_start(ui->v);
}

const Screen screen_attract = { "attract", build_attract, act, NULL, NULL };
