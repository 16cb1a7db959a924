/* ui/chrome.c - the frame around every screen: the header (Start over,
 * "Need help?", the other language) and the footer (Back, Read aloud, the
 * scroll buttons, Next). Sizes come from chrome_metrics (widgets.c); what
 * a tap on them does is handled once, in screens.c. */
#include "ui/ui_int.h"
#include <string.h>

static void header(Ui *ui)
{
	const ChromeMetrics m = ui->cm;
	Rect h = header_rect(ui);
	Widget *w;
	int pad = m.pad, gap = m.gap, bw = m.bw, bh = m.row_h, W = ui->cfg.w;
	ui_add(ui, h, WF_BOX | WF_CHROME, F_SMALL, "");
	Rect so = { pad, pad, bw, bh };
	w = ui_add(ui, so, WF_BUTTON | WF_CENTER | WF_CHROME, F_SMALL, S(ui, "nav.start_over"));
	w->action = A_START_OVER;
	const char *other = NULL;
	for (int i = 0; i < ui->cfg.n_langs; i++)
		if (!str_eq(ui->cfg.langs[i], visit_lang(ui->v))) { other = ui->cfg.langs[i]; break; }
	Rect lg = { W - pad - bw, pad, bw, bh };
	if (other && visit_screen(ui->v) != VS_LANGUAGE) {   /* that screen is the choice itself */
		char key[32];
		snprintf(key, sizeof key, "lang.%s", other);
		w = ui_add(ui, lg, WF_BUTTON | WF_CENTER | WF_CHROME, F_SMALL, ui->host.str(ui->host.ctx, other, key));
		w->action = A_LANG_TOGGLE;
	}
	Rect help;
	if (m.help_below) help = (Rect){ pad, pad + bh + gap / 2, W - 2 * pad, m.help_h };
	else help = (Rect){ so.x + so.w + gap, pad + (bh - m.help_h) / 2, lg.x - gap - (so.x + so.w + gap), m.help_h };
	ui_add(ui, help, WF_CENTER | WF_CHROME, F_SMALL, S(ui, "nav.help"));
}

void chrome_build(Ui *ui, int back, const char *next, int next_ok, int next_action)
{
	const ChromeMetrics m = ui->cm;
	Rect ft = footer_rect(ui);
	Widget *w;
	int pad = m.pad, gap = m.gap, W = ui->cfg.w;
	/* patients only: staff screens have no Start over or language; the
	 * handoff screen gives its room to the QR code */
	if (!ui->staff && header_rect(ui).h > 0) header(ui);
	/* the keyboard takes the footer's place while it shows */
	if (ui->typing) return;
	ui_add(ui, ft, WF_BOX | WF_CHROME, F_SMALL, "");
	int font = m.font, fy = ft.y + pad, fh = m.cell_h, x = pad, nw = m.next_w;
	if (back) {
		Rect b = { x, fy, m.back_w, fh };
		w = ui_add(ui, b, WF_BUTTON | WF_CENTER | WF_CHROME, font, S(ui, "nav.back"));
		w->action = A_BACK;
	}
	x += m.back_w + gap;
	Rect sp = { x, fy, m.read_w, fh };
	w = ui_add(ui, sp, WF_BUTTON | WF_CENTER | WF_CHROME, F_SMALL, S(ui, "nav.read_aloud"));
	w->action = A_SPEAK;
	x += sp.w + gap;
	if (ui->max_scroll > 0) {
		int sw = m.scroll_w;
		Rect up = { x, fy, sw, fh }, dn = { x + sw + gap, fy, sw, fh };
		w = ui_add(ui, up, WF_BUTTON | WF_CENTER | WF_CHROME | (ui->scroll > 0 ? 0 : WF_DISABLED | WF_MUTED), F_BUTTON, "\xE2\x96\xB2");
		w->name = xstrdup(S(ui, "nav.scroll_up"));
		w->action = A_SCROLL_UP;
		w = ui_add(ui, dn, WF_BUTTON | WF_CENTER | WF_CHROME | (ui->scroll < ui->max_scroll ? 0 : WF_DISABLED | WF_MUTED),
		           F_BUTTON, "\xE2\x96\xBC");
		w->name = xstrdup(S(ui, "nav.scroll_down"));
		w->action = A_SCROLL_DOWN;
	}
	if (next) {
		Rect n = { W - pad - nw, fy, nw, fh };
		if (m.footer_rows == 2) n = (Rect){ pad, fy + fh + gap, W - 2 * pad, fh };
		w = ui_add(ui, n, WF_BUTTON | WF_CENTER | WF_PRIMARY | WF_CHROME | (next_ok ? 0 : WF_DISABLED | WF_MUTED), font, next);
		w->action = next_action ? next_action : A_NEXT;
	}
}
