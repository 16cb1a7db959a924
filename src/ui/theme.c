/* ui/theme.c - the two themes (calm default, high contrast), sizes in points
 * scaled from the screen, and the WCAG contrast ratio used by tests. */
#include "ui/ui_int.h"
#include <math.h>

static Color rgb(unsigned hex)
{
	Color c = { (Uint8)(hex >> 16), (Uint8)(hex >> 8), (Uint8)hex, 255 };
	return c;
}

void theme_init(Theme *t, int high_contrast)
{
	if (high_contrast) {
		t->bg = rgb(0x000000); t->fg = rgb(0xFFFFFF); t->muted = rgb(0xE6E6E6);
		t->bar = rgb(0x000000); t->bar_fg = rgb(0xFFFFFF);
		t->btn = rgb(0x000000); t->btn_fg = rgb(0xFFFFFF); t->btn_border = rgb(0xFFFFFF);
		t->primary = rgb(0xFFE14D); t->primary_fg = rgb(0x000000);
		t->selected = rgb(0xFFFFFF); t->selected_fg = rgb(0x000000);
		t->pressed = rgb(0x474747); t->alert = rgb(0xFFE14D); t->alert_fg = rgb(0x000000);
		t->focus = rgb(0xFFE14D);
	} else {
		t->bg = rgb(0xFAF8F3); t->fg = rgb(0x1B1B1B); t->muted = rgb(0x45464A);
		t->bar = rgb(0xE9E4D8); t->bar_fg = rgb(0x1B1B1B);
		t->btn = rgb(0xFFFFFF); t->btn_fg = rgb(0x1B1B1B); t->btn_border = rgb(0x3E5C66);
		t->primary = rgb(0x0B4F5C); t->primary_fg = rgb(0xFFFFFF);
		t->selected = rgb(0x173F78); t->selected_fg = rgb(0xFFFFFF);
		t->pressed = rgb(0xC9D6DA); t->alert = rgb(0x8A1C1C); t->alert_fg = rgb(0xFFFFFF);
		t->focus = rgb(0xB35C00);
	}
	t->qr_dark = rgb(0x000000);
	t->qr_light = rgb(0xFFFFFF);
	t->pt[F_SMALL] = 18; t->pt[F_BODY] = 24; t->pt[F_BUTTON] = 24;
	t->pt[F_TITLE] = 30; t->pt[F_HUGE] = 44;
	t->target_pt = 48;    /* 48 px = 9 mm on the 7" panel (800 px over 154 mm) at scale 1 */
	t->gap_pt = 12;       /* >= 2 mm */
	t->pad_pt = 16;
	t->header_pt = 64; t->footer_pt = 64;
}

int ui_px(const Ui *ui, int pt)
{
	return (int)lroundf((float)pt * ui->scale);
}

static double lin(Uint8 v)
{
	double c = v / 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2 contrast ratio between two colours, 1..21. */
double theme_contrast(Color a, Color b)
{
	double la = 0.2126 * lin(a.r) + 0.7152 * lin(a.g) + 0.0722 * lin(a.b);
	double lb = 0.2126 * lin(b.r) + 0.7152 * lin(b.g) + 0.0722 * lin(b.b);
	if (la < lb) { double t = la; la = lb; lb = t; }
	return (la + 0.05) / (lb + 0.05);
}
