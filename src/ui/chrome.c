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
	/* the text size, changeable on every screen: each tap a size larger, then back */
	static const char *const sizes[3] = { "textsize.normal", "textsize.large", "textsize.xl" };
	char nm[160];
	Rect ts = { lg.x - gap - m.size_w, pad, m.size_w, bh };
	w = ui_add(ui, ts, WF_BUTTON | WF_CENTER | WF_CHROME, F_SMALL, "Aa");
	snprintf(nm, sizeof nm, "%s: %s", S(ui, "textsize.button"), S(ui, sizes[ui->text_size % 3]));
	w->name = xstrdup(nm);
	w->action = A_TEXTSIZE;
	w->arg = (ui->text_size + 1) % 3;
	Rect help;
	if (m.help_below) help = (Rect){ pad, pad + bh + gap / 2, W - 2 * pad, m.help_h };
	else help = (Rect){ so.x + so.w + gap, pad + (bh - m.help_h) / 2, ts.x - gap - (so.x + so.w + gap), m.help_h };
	ui_add(ui, help, WF_CENTER | WF_CHROME, F_SMALL, S(ui, "nav.help"));
}

int chrome_free_width(Ui *ui)
{
	const ChromeMetrics m = ui->cm;
	if (m.footer_rows != 1) return 0;
	return ui->cfg.w - 2 * m.pad - m.back_w - m.read_w - m.next_w - 4 * m.gap;
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
		x += 2 * (sw + gap);
	}
	if (ui->footer_note[0]) {   /* "Question 5 of 12" between the buttons, when it has the room */
		int tw = text_width(ui, F_SMALL, 0, ui->footer_note), right = W - pad - nw - gap;
		if (right - x >= tw) {
			Rect note = { x + (right - x - tw) / 2, fy + (fh - text_line_h(ui, F_SMALL)) / 2, tw, text_line_h(ui, F_SMALL) };
			ui_add(ui, note, WF_MUTED | WF_CHROME, F_SMALL, ui->footer_note);
		}
	}
	if (next) {
		Rect n = { W - pad - nw, fy, nw, fh };
		if (m.footer_rows == 2) n = (Rect){ pad, fy + fh + gap, W - 2 * pad, fh };
		w = ui_add(ui, n, WF_BUTTON | WF_CENTER | WF_PRIMARY | WF_CHROME | (next_ok ? 0 : WF_DISABLED | WF_MUTED), font, next);
		w->action = next_action ? next_action : A_NEXT;
	}
}
