/* ui/guide.c - the audio-guided mode, for patients who cannot see the
 * screen. Started on the attract screen by a 2-second press anywhere (not the
 * staff corner) or by Enter/Space/Tab on a USB keypad or keyboard. Then:
 *   - explore by touch: a finger down or dragging speaks the item under it;
 *   - a double tap anywhere activates the last item spoken;
 *   - keys: Tab/Right/Down next item, Left/Up previous, Enter/Space activate,
 *     Escape back, F1 (or h) help and repeat.
 * Every widget is spoken with its name, value and state ("7, selected").
 * What is said goes to the host's speech and to a log the tests read. */
#include "ui/ui_int.h"
#include <string.h>

#define DOUBLE_TAP_MS 400

/* Items a blind patient moves through: every widget with words, except the
 * visual-only ones (boxes, the QR code, the "More below" cue). */
static int speakable(const Widget *w)
{
	if (w->flags & (WF_BOX | WF_QR)) return 0;
	if (!(w->flags & WF_BUTTON) && (w->flags & WF_CHROME)) return 0;   /* cue, counter */
	return (w->text && *w->text) || (w->name && *w->name);
}

static void say(Ui *ui, const char *text)
{
	if (!text || !*text) return;
	if (ui->said.len) buf_addc(&ui->said, '\n');
	buf_add(&ui->said, text);
	if (ui->host.speak) ui->host.speak(ui->host.ctx, visit_lang(ui->v), text);
}

/* "Name, value, state": what a widget is, in words. Caller frees. */
static char *describe(Ui *ui, const Widget *w)
{
	Buf b = { 0 };
	buf_add(&b, w->name && *w->name ? w->name : w->text);
	if (w->sub && *w->sub) { buf_add(&b, ", "); buf_add(&b, w->sub); }
	if (w->flags & WF_FIELD) { buf_add(&b, ", "); buf_add(&b, S(ui, "guide.field")); }
	if (w->flags & WF_BUTTON) {
		if (w->flags & WF_SELECTED) { buf_add(&b, ", "); buf_add(&b, S(ui, "guide.selected")); }
		else if (w->flags & (WF_RADIO | WF_CHECK)) { buf_add(&b, ", "); buf_add(&b, S(ui, "guide.not_selected")); }
		if (w->flags & WF_DISABLED) { buf_add(&b, ", "); buf_add(&b, S(ui, "guide.unavailable")); }
		else if (!(w->flags & (WF_SELECTED | WF_RADIO | WF_CHECK))) { buf_add(&b, ", "); buf_add(&b, S(ui, "guide.button")); }
	}
	return buf_take(&b);
}

static void focus(Ui *ui, int i)
{
	char *d;
	if (i < 0 || i >= ui->nw) return;
	ui->focus = i;
	d = describe(ui, &ui->w[i]);
	say(ui, d);
	free(d);
	ui->dirty = 1;   /* the focus ring is drawn */
}

/* The footer's primary button (Next, Done, Finish), -1 if none. */
static int primary(const Ui *ui)
{
	for (int i = 0; i < ui->nw; i++)
		if ((ui->w[i].flags & WF_PRIMARY) && (ui->w[i].flags & WF_BUTTON) && !(ui->w[i].flags & WF_DISABLED)) return i;
	return -1;
}

/* The screen's words up to its first button: the title and the question. */
static void announce(Ui *ui)
{
	Buf b = { 0 };
	int first = -1;
	for (int i = 0; i < ui->nw; i++) {
		const Widget *w = &ui->w[i];
		if (!speakable(w) || (w->flags & WF_CHROME)) continue;
		if (w->flags & WF_BUTTON) { first = i; break; }
		if (b.len) buf_add(&b, ". ");
		buf_add(&b, w->text);
	}
	if (b.len) say(ui, b.s);
	buf_free(&b);
	ui->focus = -1;
	if (first < 0) first = primary(ui);   /* no choices here: start on Next, never on Start over */
	if (first >= 0) focus(ui, first);
}

void guide_start(Ui *ui)
{
	ui->guide = 1;
	ui->focus = -1;
	say(ui, S(ui, "guide.start"));
	visit_start(ui->v);
	ui->announce = 1;
	ui->dirty = 1;
}

void guide_stop(Ui *ui)
{
	ui->guide = 0;
	ui->focus = -1;
	buf_free(&ui->said);
}

/* Called after a frame is built: a new screen is announced. */
void guide_after_build(Ui *ui)
{
	if (!ui->guide) return;
	if (ui->announce) {
		ui->announce = 0;
		announce(ui);
	}
	if (ui->focus >= ui->nw) ui->focus = -1;
}

static int at(Ui *ui, int x, int y)
{
	for (int i = ui->nw - 1; i >= 0; i--) {
		const Widget *w = &ui->w[i];
		if (!speakable(w)) continue;
		if (x >= w->r.x && y >= w->r.y && x < w->r.x + w->r.w && y < w->r.y + w->r.h) return i;
	}
	return -1;
}

static void activate(Ui *ui)
{
	VisitScreen before = visit_screen(ui->v);
	int page = visit_page_index(ui->v), clause = visit_clause_index(ui->v);
	if (ui->focus < 0 || ui->focus >= ui->nw) { say(ui, S(ui, "guide.nothing")); return; }
	Widget w = ui->w[ui->focus];
	if (!(w.flags & WF_BUTTON) || (w.flags & WF_DISABLED)) {
		focus(ui, ui->focus);   /* a text: read it again */
		return;
	}
	w.text = xstrdup(w.text); w.sub = xstrdup(w.sub); w.name = xstrdup(w.name); w.qr = NULL;
	int idx = ui->focus;
	screens_act(ui, &w);
	free(w.text); free(w.sub); free(w.name);
	if (visit_screen(ui->v) != before || visit_page_index(ui->v) != page || visit_clause_index(ui->v) != clause) {
		ui->announce = 1;   /* the new screen speaks when it is built */
		return;
	}
	/* same screen: say the new state of what was chosen; after a single
	 * answer the focus moves on to Next, so a blind patient needs no search */
	ui->dirty = 1;
	screens_build(ui);
	if (idx < ui->nw) focus(ui, idx);
	if ((w.action == A_SCALE || w.action == A_CHOOSE || w.action == A_BOOL || w.action == A_UNDERSTAND ||
	     w.action == A_DISCUSS) && primary(ui) >= 0)
		focus(ui, primary(ui));
}

/* Pointer in guide mode: down or drag explores, a second tap soon after the
 * first activates what was spoken before it. */
void guide_pointer(Ui *ui, int x, int y, int down)
{
	if (down) {
		if (ui->now - ui->guide_last_up < DOUBLE_TAP_MS) {
			ui->focus = ui->guide_prev_focus;
			ui->guide_last_up = -DOUBLE_TAP_MS;
			ui->guide_double = 1;
			activate(ui);
			return;
		}
		ui->guide_prev_focus = ui->focus;
		ui->guide_double = 0;
		int i = at(ui, x, y);
		if (i >= 0 && i != ui->focus) focus(ui, i);
		return;
	}
	if (ui->guide_double) { ui->guide_double = 0; return; }
	ui->guide_last_up = ui->now;
}

void guide_move(Ui *ui, int x, int y)
{
	int i = at(ui, x, y);
	if (i >= 0 && i != ui->focus) focus(ui, i);
}

static void step(Ui *ui, int dir)
{
	int n = ui->nw, i = ui->focus;
	for (int k = 0; k < n; k++) {
		i = i < 0 ? (dir > 0 ? 0 : n - 1) : (i + dir + n) % n;
		if (speakable(&ui->w[i])) { focus(ui, i); return; }
	}
}

int guide_key(Ui *ui, const char *name)
{
	if (!strcmp(name, "Tab") || !strcmp(name, "Right") || !strcmp(name, "Down")) step(ui, 1);
	else if (!strcmp(name, "Left") || !strcmp(name, "Up")) step(ui, -1);
	else if (!strcmp(name, "Return") || !strcmp(name, "Space")) activate(ui);
	else if (!strcmp(name, "Escape")) { visit_back(ui->v); ui->announce = 1; }
	else if (!strcmp(name, "F1") || !strcmp(name, "h")) {
		say(ui, S(ui, "guide.help"));
		if (ui->focus >= 0) focus(ui, ui->focus);
	} else return -1;
	ui->dirty = 1;
	return 0;
}

char *ui_spoken(Ui *ui)
{
	return xstrdup(ui->said.s ? ui->said.s : "");
}

int ui_guide_active(const Ui *ui) { return ui->guide; }
