/* ui/widget_bodymap.c - the pain body map: "Tap where you hurt" on a front
 * and a back outline. Used for a choice item whose content asks for it
 * (questionnaire-itemControl urn:accord:item-control#body-map) when every
 * option carries its place on the figure (urn:accord:body-map-area); the
 * places come from the content, never from this file. Each place is a button
 * whose spoken name is the place's words, so the audio guide offers the
 * places as a list, taps by name work, and the layout report checks size and
 * spacing as for any target. The figure is drawn large enough for 9 mm
 * places (the theme's target size) and scrolls when the screen is short; a
 * screen too narrow for that gets the plain list. For a "worst" item
 * (urn:accord:worst-of) only the places already chosen can be tapped. */
#include "ui/ui_int.h"
#include <string.h>

#define FIG_W 100.0   /* the figure box of urn:accord:body-map-area */
#define FIG_H 200.0

static int wanted(const QItem *it)
{
	if (!it || it->type != QT_CHOICE || !it->control || strcmp(it->control, "body-map") != 0)
		return 0;
	for (int i = 0; i < it->n_options; i++)
		if (it->options[i].n_areas == 0) return 0;
	return it->n_options > 0;
}

static double smallest_side(const QItem *it)
{
	double m = FIG_H;
	for (int i = 0; i < it->n_options; i++)
		for (int k = 0; k < it->options[i].n_areas; k++) {
			const QArea *a = &it->options[i].areas[k];
			if (a->w < m) m = a->w;
			if (a->h < m) m = a->h;
		}
	return m;
}

/* on[i] = 1 when vals hold option i of it. */
static void mark(const QItem *it, const QValue *vals, int n, unsigned char *on)
{
	memset(on, 0, (size_t)it->n_options);
	for (int k = 0; k < n; k++) {
		const QOption *o = qitem_option(it, &vals[k]);
		if (o) on[o - it->options] = 1;
	}
}

static int has_view(const QOption *o, int back)
{
	for (int k = 0; k < o->n_areas; k++)
		if (o->areas[k].back == back) return 1;
	return 0;
}

/* One view (front or back) at (x, y), s pixels per figure unit. */
static void view(Ui *ui, const QItem *it, int back, int x, int y, double s, int inset,
		 const unsigned char *sel, const unsigned char *offer, int action)
{
	int lh = text_line_h(ui, F_BODY);
	Rect cap = { x, y, (int)(FIG_W * s), lh };
	ui_add(ui, cap, WF_SCROLL | WF_CENTER | WF_BOLD, F_BODY, S(ui, back ? "bodymap.back" : "bodymap.front"));
	for (int i = 0; i < it->n_options; i++) {
		const QOption *o = &it->options[i];
		const char *label = o->label.n ? qtext_get(&o->label, visit_lang(ui->v)) : o->value.display;
		for (int k = 0; k < o->n_areas; k++) {
			const QArea *a = &o->areas[k];
			if (a->back != back) continue;
			Rect r = { x + (int)(a->x * s), y + lh + (int)(a->y * s), (int)(a->w * s), (int)(a->h * s) };
			ui_add(ui, r, WF_BOX | WF_SCROLL, F_SMALL, "");   /* the outline */
			if (!offer[i]) continue;
			Rect t = { r.x + inset, r.y + inset, r.w - 2 * inset, r.h - 2 * inset };
			Widget *w = ui_add(ui, t, WF_BUTTON | WF_SCROLL | (sel[i] ? WF_SELECTED : 0), F_SMALL, "");
			Buf name = { 0 };
			buf_add(&name, label ? label : "?");
			if (back && has_view(o, 0)) {   /* "Left knee (back)": one name per target */
				buf_add(&name, " (");
				buf_add(&name, S(ui, "bodymap.back"));
				buf_add(&name, ")");
			}
			w->name = buf_take(&name);
			w->action = action;
			w->arg = i;
		}
	}
}

int bodymap_build(Ui *ui, const Questionnaire *q, const QItem *it, const QValue *vals, int n, int action)
{
	unsigned char sel[256], offer[256];
	int gap = ui_px(ui, ui->th.gap_pt), target = ui_px(ui, ui->th.target_pt);
	int inset = (ui_px(ui, 10) + 1) / 2;   /* two insets = the 2 mm between targets */
	int lh = text_line_h(ui, F_BODY), avail_h = ui->content.y + ui->content.h - ui->cursor_y;
	double s_min, s_fit, s;
	int side, W = ui->content.w;

	if (!wanted(it) || it->n_options > (int)sizeof sel) return -1;
	mark(it, vals, n, sel);
	s_min = (target + 2 * inset) / smallest_side(it);
	s_fit = (avail_h - lh) / FIG_H;
	side = (W - gap) / (2 * FIG_W) >= s_min;
	s = side ? (W - gap) / (2 * FIG_W) : W / FIG_W;
	if (s_fit < s) s = s_fit > s_min ? s_fit : s_min;   /* no bigger than the screen needs */
	if (s < s_min) return -1;

	if (n > 0) {   /* the places chosen, in words, above the figure */
		Buf b = { 0 };
		buf_add(&b, S(ui, "bodymap.chosen"));
		for (int i = 0, k = 0; i < it->n_options; i++) {
			const QOption *o = &it->options[i];
			if (!sel[i]) continue;
			buf_add(&b, k++ ? ", " : " ");
			buf_add(&b, o->label.n ? qtext_get(&o->label, visit_lang(ui->v)) : o->value.display);
		}
		lay_para(ui, b.s, F_BODY, WF_BOLD);
		buf_free(&b);
		avail_h = ui->content.y + ui->content.h - ui->cursor_y;
		s_fit = (avail_h - lh) / FIG_H;
		if (s_fit < s && s_fit < s_min && side) s = s_min;
	}
	memset(offer, 1, sizeof offer);
	if (it->worst_of) {   /* only the places chosen before can be the worst */
		const QItem *of = qm_find(q, it->worst_of);
		int m = 0;
		const QValue *ov = of ? visit_get_answer(ui->v, q, of, &m) : NULL;
		if (of && of->n_options == it->n_options && m > 0) mark(of, ov, m, offer);
	}
	int fw = (int)(FIG_W * s), fh = lh + (int)(FIG_H * s);
	if (side) {
		int x0 = ui->content.x + (W - 2 * fw - gap) / 2;
		view(ui, it, 0, x0, ui->cursor_y, s, inset, sel, offer, action);
		view(ui, it, 1, x0 + fw + gap, ui->cursor_y, s, inset, sel, offer, action);
		ui->cursor_y += fh + gap;
	} else {
		int x0 = ui->content.x + (W - fw) / 2;
		view(ui, it, 0, x0, ui->cursor_y, s, inset, sel, offer, action);
		ui->cursor_y += fh + gap;
		view(ui, it, 1, x0, ui->cursor_y, s, inset, sel, offer, action);
		ui->cursor_y += fh + gap;
	}
	return 0;
}
