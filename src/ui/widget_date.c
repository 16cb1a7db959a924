/* ui/widget_date.c - the date picker: day, month and year, each with big
 * minus and plus buttons (A_DATE widgets; the arg says which field and
 * which way). Birth dates (decade set) have the day and plus/minus ten
 * years; other dates ask only month and year ("YYYY-MM", a FHIR partial
 * date), which is what a patient can remember. The screen owns the value
 * and steps it with date_step. */
#include "ui/ui_int.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
	return d[(m - 1) % 12];
}

void date_build(Ui *ui, const char *value, int decade)
{
	int y = 0, m = 0, d = 0, got = value ? sscanf(value, "%d-%d-%d", &y, &m, &d) : 0;
	int f0 = decade ? 0 : 1, nf = 3 - f0;   /* birth dates: day, month, year; other dates: month and year */
	const char *names[3] = { "date.day", "date.month", "date.year" };
	char val[3][48];
	if (got >= 2) {
		snprintf(val[0], sizeof val[0], "%d", d);
		char key[32];
		snprintf(key, sizeof key, "month.%d", m);
		snprintf(val[1], sizeof val[1], "%s", S(ui, key));
		snprintf(val[2], sizeof val[2], "%d", y);
	} else {
		for (int i = 0; i < 3; i++) snprintf(val[i], sizeof val[i], "\xE2\x80\x94");
	}
	int gap = ui_px(ui, ui->th.gap_pt), bw = ui_px(ui, ui->th.target_pt) + gap;
	int th = ui_px(ui, ui->th.target_pt), lh = text_line_h(ui, F_BODY);
	int glyph = text_width(ui, F_BUTTON, 1, "\xE2\x88\x92") + 2 * ui_px(ui, 10);
	if (bw < glyph) bw = glyph;
	if (th < text_line_h(ui, F_BUTTON) + 2 * ui_px(ui, 10)) th = text_line_h(ui, F_BUTTON) + 2 * ui_px(ui, 10);
	int valw = text_width(ui, F_BODY, 1, "September") + gap;
	/* side by side when they fit, else one field per row */
	int cols = ui->content.w >= nf * (2 * bw + valw) + (nf - 1) * gap;
	int colw = cols ? (ui->content.w - (nf - 1) * gap) / nf : ui->content.w, top = ui->cursor_y;
	for (int c = f0; c < 3; c++) {
		/* columns: label over [-] value [+]; rows: the same, one field per row */
		int x = ui->content.x + (cols ? (c - f0) * (colw + gap) : 0);
		int ry = cols ? top : top + (c - f0) * (lh + gap / 2 + th + gap);
		Rect label = { x, ry, colw, lh };
		ui_add(ui, label, (cols ? WF_CENTER : 0) | WF_SCROLL | WF_MUTED, F_BODY, S(ui, names[c]));
		int bx = x, by = ry + lh + gap / 2, span = colw;
		Rect dn = { bx, by, bw, th };
		Rect vr = { bx + bw + gap / 2, by + (th - lh) / 2, span - 2 * bw - gap, lh };
		Rect up = { bx + span - bw, by, bw, th };
		char nm[64];
		Widget *w = ui_add(ui, dn, WF_BUTTON | WF_CENTER | WF_SCROLL, F_BUTTON, "\xE2\x88\x92");
		snprintf(nm, sizeof nm, "%s %s", S(ui, names[c]), S(ui, "date.down"));
		w->name = xstrdup(nm); w->action = A_DATE; w->arg = c * 2;
		ui_add(ui, vr, WF_CENTER | WF_SCROLL | WF_BOLD, F_BODY, val[c]);
		w = ui_add(ui, up, WF_BUTTON | WF_CENTER | WF_SCROLL, F_BUTTON, "+");
		snprintf(nm, sizeof nm, "%s %s", S(ui, names[c]), S(ui, "date.up"));
		w->name = xstrdup(nm); w->action = A_DATE; w->arg = c * 2 + 1;
	}
	ui->cursor_y = cols ? top + lh + gap / 2 + th + gap : top + nf * (lh + gap / 2 + th + gap);
	if (decade) {
		const char *labels[2] = { S(ui, "date.year_minus10"), S(ui, "date.year_plus10") };
		int first = ui->nw;
		lay_buttons_grid(ui, 2, labels, NULL, A_DATE, 2, 2);
		ui->w[first].arg = 6;
		ui->w[first + 1].arg = 7;
	}
}

void date_step(char *out, size_t n, const char *value, int arg, const char *base)
{
	int y = 1970, m = 1, d = 1, got = value ? sscanf(value, "%d-%d-%d", &y, &m, &d) : 0;
	int month_only = got == 2 || (!value && strlen(base) == 7);
	if (got < 2) {
		if (sscanf(base, "%d-%d-%d", &y, &m, &d) != 3) { y = 1970; m = 1; d = 1; }
	} else {
		switch (arg) {
		case 0: d--; break; case 1: d++; break;
		case 2: m--; break; case 3: m++; break;
		case 4: y--; break; case 5: y++; break;
		case 6: y -= 10; break; case 7: y += 10; break;
		}
	}
	if (m < 1) m = 12;
	if (m > 12) m = 1;
	if (y < 1900) y = 1900;
	if (y > 2100) y = 2100;
	if (d < 1) d = days_in(y, m);
	if (d > days_in(y, m)) d = arg == 1 ? 1 : days_in(y, m);
	if (month_only) snprintf(out, n, "%04d-%02d", y, m);   /* a FHIR partial date */
	else snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

void date_today(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	snprintf(out, n, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
