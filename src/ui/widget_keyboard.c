/* ui/widget_keyboard.c - the on-screen keyboard: QWERTY letters (with ñ),
 * capitals, a page of digits and signs, a page of accents; Delete, Space
 * and Done. It opens when the patient taps a field and sits just above the
 * footer (Back, Read aloud, Next stay); the field above stays in view. It only reports which
 * key was tapped (osk_act); the screen owns the field. */
#include "ui/ui_int.h"
#include <string.h>

/* Keys are exactly the minimum target (48 px = 9 mm on the 7" panel) with
 * 2 mm between them: the keyboard must leave room for the field above. */
#define KEY_PT 48
#define KEY_GAP_PT 11
#define MAX_KEYS 48

enum { PAGE_LETTERS, PAGE_CAPITALS, PAGE_NUMBERS, PAGE_ACCENTS, N_PAGES };
enum { K_CHAR, K_DELETE, K_SHIFT, K_NUMBERS, K_ACCENTS, K_SPACE, K_DONE };

/* The printed rows of each page (space-separated keys); capitals are the
 * letters page shifted. */
static const char *const rows[N_PAGES][3] = {
	[PAGE_LETTERS] = { "q w e r t y u i o p", "a s d f g h j k l \xC3\xB1 '", "z x c v b n m , . ? -" },
	[PAGE_CAPITALS] = { "q w e r t y u i o p", "a s d f g h j k l \xC3\xB1 '", "z x c v b n m , . ? -" },
	[PAGE_NUMBERS] = { "1 2 3 4 5 6 7 8 9 0", "@ # $ % & * ( ) / : ;", "\" ! + = _ , . ? -" },
	[PAGE_ACCENTS] = { "\xC3\xA1 \xC3\xA9 \xC3\xAD \xC3\xB3 \xC3\xBA \xC3\xBC \xC3\xB1",      /* a e i o u u n, accented */
			   "\xC2\xBF \xC2\xA1 \xC3\xA0 \xC3\xA8 \xC3\xA7 \xC3\xB4",
			   "\xC3\xA2 \xC3\xAA \xC3\xAE \xC3\xAF \xC3\xB6 \xC5\x93" },
};

static int page_of(const Ui *ui)
{
	return ui->shift >= 0 && ui->shift < N_PAGES ? ui->shift : PAGE_LETTERS;
}

/* The keys of the current page in reading order and, for each, its printed row. */
static int page_keys(const Ui *ui, char keys[MAX_KEYS][8], int rowof[MAX_KEYS])
{
	int page = page_of(ui), n = 0;
	for (int r = 0; r < 3; r++) {
		const char *p = rows[page][r];
		while (*p && n < MAX_KEYS - 1) {
			size_t k = strcspn(p, " ");
			if (k >= 8) k = 7;
			memcpy(keys[n], p, k);
			keys[n][k] = 0;
			rowof[n] = r;
			if (page == PAGE_CAPITALS) {   /* ASCII and the Spanish lower-case letters */
				if (keys[n][0] >= 'a' && keys[n][0] <= 'z' && !keys[n][1]) keys[n][0] = (char)(keys[n][0] - 32);
				else if ((unsigned char)keys[n][0] == 0xC3 && (unsigned char)keys[n][1] >= 0xA0)
					keys[n][1] = (char)(keys[n][1] - 0x20);
			}
			n++;
			p += k;
			while (*p == ' ') p++;
		}
	}
	return n;
}

/* Widest printed row of the current page, plus Delete on the top row. */
static int widest_row(const Ui *ui)
{
	char keys[MAX_KEYS][8];
	int rowof[MAX_KEYS], count[3] = { 1, 0, 0 }, n = page_keys(ui, keys, rowof), m = 0;
	for (int i = 0; i < n; i++) count[rowof[i]]++;
	for (int r = 0; r < 3; r++) if (count[r] > m) m = count[r];
	return m;
}

/* As many columns as fit at the minimum target size and the widest key. */
static int cols_for(Ui *ui, int font)
{
	char keys[MAX_KEYS][8];
	int rowof[MAX_KEYS];
	int gap = ui_px(ui, KEY_GAP_PT), target = ui_px(ui, KEY_PT), pad = ui_px(ui, ui->th.pad_pt), ip = 2 * ui_px(ui, 10);
	int n = page_keys(ui, keys, rowof), widest = text_width(ui, F_SMALL, 1, "\xE2\x8C\xAB");
	for (int i = 0; i < n; i++) {
		int w = text_width(ui, font, 1, keys[i]);
		if (w > widest) widest = w;
	}
	int cols = (ui->cfg.w - 2 * pad + gap) / (target + gap), most = widest_row(ui);
	if (cols > most) cols = most;
	while (cols > 4 && (ui->cfg.w - 2 * pad - (cols - 1) * gap) / cols - ip < widest) cols--;
	return cols;
}

/* Key letters in the button font, or the small one when big letters would
 * cost columns (and so rows the screen does not have). */
static int key_font(Ui *ui)
{
	return cols_for(ui, F_BUTTON) >= cols_for(ui, F_SMALL) ? F_BUTTON : F_SMALL;
}

/* The word keys (ABC, 123, accents, Space, Done) share one row when their
 * words fit a fifth of the width, else Space and Done get a row of their own. */
static int space_row(Ui *ui)
{
	int gap = ui_px(ui, KEY_GAP_PT), pad = ui_px(ui, ui->th.pad_pt), ip = 2 * ui_px(ui, 10);
	int qw = (ui->cfg.w - 2 * pad - 4 * gap) / 5;
	int w = text_widest_word(ui, F_SMALL, 1, S(ui, "osk.space")), d = text_widest_word(ui, F_SMALL, 1, S(ui, "osk.done"));
	return (w > d ? w : d) > qw - ip;
}

/* Where key i goes. When every printed row fits, the rows are kept (QWERTY
 * as people know it, Delete at the end of the top row); on narrow panels
 * each printed row wraps onto as few, evenly filled lines as it needs, so
 * the letters stay in QWERTY order row by row. Returns the number of lines;
 * *widest gets the most keys on one line. */
static int place(Ui *ui, int i, int *row, int *col, int *widest)
{
	char keys[MAX_KEYS][8];
	int rowof[MAX_KEYS], n = page_keys(ui, keys, rowof), cols = cols_for(ui, key_font(ui));
	int line = 0;
	for (int r = 0; r < 3; r++) {
		int idx = 0, len = r == 0 ? 1 : 0;   /* Delete ends the top row */
		for (int j = 0; j < n; j++) if (rowof[j] == r) len++;
		int nlines = (len + cols - 1) / cols, per = (len + nlines - 1) / nlines;   /* balanced lines */
		if (widest && (r == 0 || per > *widest)) *widest = per;
		for (int j = 0; j <= n; j++) {
			int in_row = j < n ? rowof[j] == r : r == 0;   /* j == n: Delete */
			if (!in_row) continue;
			if (j == i) { if (row) *row = line + idx / per; if (col) *col = idx % per; }
			idx++;
		}
		line += nlines;
	}
	return line;
}

int osk_height(Ui *ui)
{
	int kh = ui_px(ui, KEY_PT), gap = ui_px(ui, KEY_GAP_PT);
	int lines = place(ui, -1, NULL, NULL, NULL) + 1 + space_row(ui);
	return lines * (kh + gap) + gap;
}

static void key(Ui *ui, Rect r, const char *text, const char *name, int arg, int flags)
{
	Widget *w = ui_add(ui, r, WF_BUTTON | WF_CENTER | WF_KEY | flags, F_BUTTON, text);
	w->action = A_KEY;
	w->arg = arg;
	if (name) w->name = xstrdup(name);
}

void osk_build(Ui *ui)
{
	char keys[MAX_KEYS][8];
	int rowof[MAX_KEYS];
	int kh = ui_px(ui, KEY_PT), gap = ui_px(ui, KEY_GAP_PT), pad = ui_px(ui, ui->th.pad_pt);
	int top = footer_rect(ui).y - osk_height(ui);   /* above the footer: Back and Read aloud stay */
	int n = page_keys(ui, keys, rowof), cols = 1, page = page_of(ui);
	place(ui, -1, NULL, NULL, &cols);   /* keys as wide as the longest line allows */
	int W = ui->cfg.w - 2 * pad, kw = (W - (cols - 1) * gap) / cols;
	Rect bg = { 0, top, ui->cfg.w, osk_height(ui) };
	ui_add(ui, bg, WF_BOX | WF_CHROME, F_SMALL, "");
	int first_key = ui->nw, lines = place(ui, -1, NULL, NULL, NULL);
	for (int i = 0; i <= n; i++) {
		int row = 0, col = 0;
		place(ui, i, &row, &col, NULL);
		Rect r = { pad + col * (kw + gap), top + gap + row * (kh + gap), kw, kh };
		if (i == n) key(ui, r, "\xE2\x8C\xAB", S(ui, "osk.backspace"), K_DELETE, 0);
		else { key(ui, r, keys[i], NULL, K_CHAR, 0); ui->w[ui->nw - 1].font = key_font(ui); }
	}
	int y = top + gap + lines * (kh + gap), own = space_row(ui);
	int qw = own ? (W - 2 * gap) / 3 : (W - 4 * gap) / 5;
	key(ui, (Rect){ pad, y, qw, kh }, page == PAGE_CAPITALS ? "abc" : "ABC", S(ui, "osk.shift"), K_SHIFT,
	    page == PAGE_CAPITALS ? WF_SELECTED : 0);
	key(ui, (Rect){ pad + (qw + gap), y, qw, kh }, "123", S(ui, "osk.numbers"), K_NUMBERS, page == PAGE_NUMBERS ? WF_SELECTED : 0);
	key(ui, (Rect){ pad + 2 * (qw + gap), y, qw, kh }, "\xC3\xA1\xC3\xB1", S(ui, "osk.accents"), K_ACCENTS,
	    page == PAGE_ACCENTS ? WF_SELECTED : 0);
	if (own) {
		int hw = (W - gap) / 2;
		key(ui, (Rect){ pad, y + kh + gap, hw, kh }, S(ui, "osk.space"), S(ui, "osk.space"), K_SPACE, 0);
		key(ui, (Rect){ pad + hw + gap, y + kh + gap, hw, kh }, S(ui, "osk.done"), S(ui, "osk.done"), K_DONE, WF_PRIMARY | WF_CHROME);
	} else {
		key(ui, (Rect){ pad + 3 * (qw + gap), y, qw, kh }, S(ui, "osk.space"), S(ui, "osk.space"), K_SPACE, 0);
		key(ui, (Rect){ pad + 4 * (qw + gap), y, qw, kh }, S(ui, "osk.done"), S(ui, "osk.done"), K_DONE, WF_PRIMARY | WF_CHROME);
	}
	for (int i = first_key; i < ui->nw; i++) {   /* the smaller font when a key's word is wide */
		Widget *k = &ui->w[i];
		if (text_width(ui, F_BUTTON, 1, k->text) > k->r.w - 2 * ui_px(ui, 10)) k->font = F_SMALL;
	}
}

int osk_act(Ui *ui, const Widget *w, const char **text)
{
	static const char space[] = " ";
	int page = page_of(ui);
	*text = NULL;
	switch (w->arg) {
	case K_DELETE: return OSK_DELETE;
	case K_SHIFT: ui->shift = page == PAGE_CAPITALS ? PAGE_LETTERS : PAGE_CAPITALS; return OSK_NONE;
	case K_NUMBERS: ui->shift = page == PAGE_NUMBERS ? PAGE_LETTERS : PAGE_NUMBERS; return OSK_NONE;
	case K_ACCENTS: ui->shift = page == PAGE_ACCENTS ? PAGE_LETTERS : PAGE_ACCENTS; return OSK_NONE;
	case K_SPACE: *text = space; return OSK_TEXT;
	case K_DONE: return OSK_DONE;
	default:
		*text = w->text;
		if (page == PAGE_CAPITALS) ui->shift = PAGE_LETTERS;   /* one capital, like a phone */
		return OSK_TEXT;
	}
}
