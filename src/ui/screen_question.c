/* ui/screen_question.c - one question per screen, with a touch-first
 * widget for each FHIR item type: 0-10 scales as eleven big buttons with
 * anchor words, single and multiple choice as big rows, yes/no, a number
 * pad with range checks, a day/month/year picker, free text with the
 * on-screen keyboard; plus the identify screen. Every change is committed to
 * the visit at once (and so autosaved); the UI keeps only the edit buffer. */
#include "ui/ui_int.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Keys are exactly the minimum target (48 px = 9 mm on the 7" panel) with
 * 2 mm between them: the keyboard must leave room for the field above. */
#define KEY_PT 48
#define KEY_GAP_PT 11

enum { FIELD_ANSWER = 0, FIELD_FIRST = 1, FIELD_LAST = 2, FIELD_CLAUSE = 100 };

static const QItem *current(Ui *ui, const Questionnaire **q)
{
	return visit_item(ui->v, q);
}

static const char *lang(Ui *ui) { return visit_lang(ui->v); }

char *screens_answer_text(Ui *ui, const Questionnaire *q, const QItem *it)
{
	int n;
	const QValue *vals = visit_get_answer(ui->v, q, it, &n);
	Buf b = { 0 };
	if (!n) return NULL;
	for (int i = 0; i < n; i++) {
		const QValue *x = &vals[i];
		const QOption *o = qitem_option(it, x);
		if (i) buf_add(&b, ", ");
		if (o && o->label.n) buf_add(&b, qtext_get(&o->label, lang(ui)));
		else if (x->kind == QV_BOOL) buf_add(&b, S(ui, x->b ? "answer.yes" : "answer.no"));
		else if (x->kind == QV_INT) buf_addf(&b, "%lld", x->i);
		else if (x->kind == QV_DEC) buf_addf(&b, "%g", x->d);
		else if (x->kind == QV_CODING) buf_add(&b, x->display ? x->display : x->s);
		else if (x->s) buf_add(&b, x->s);
	}
	return buf_take(&b);
}

/* Context for a question: the nearest display item before it in its group
 * (e.g. the PHQ-2 stem), else the group's own text. */
static const char *lead_text(Ui *ui, const Questionnaire *q, const QItem *it)
{
	const QItem *p = it->parent;
	const QItem *sib = p ? p->children : q->items;
	int n = p ? p->n_children : q->n_items;
	for (int i = 0; i < n; i++) {
		if (&sib[i] == it) {
			for (int j = i - 1; j >= 0; j--) {
				if (sib[j].type == QT_DISPLAY && !sib[j].alert && qm_enabled(q, &sib[j], visit_answers(ui->v)))
					return qtext_get(&sib[j].text, lang(ui));
			}
			break;
		}
	}
	if (p && p->text.n) return qtext_get(&p->text, lang(ui));
	return NULL;
}

/* ---- on-screen keyboard ---- */

static const char *osk_rows[3][4] = {
	{ "q w e r t y u i o p", "a s d f g h j k l \xC3\xB1 '", "z x c v b n m , . ? -", NULL },
	{ "1 2 3 4 5 6 7 8 9 0", "@ # $ % & * ( ) / : ;", "\" ! + = _ , . ? -", NULL },
	{ "\xC3\xA1 \xC3\xA9 \xC3\xAD \xC3\xB3 \xC3\xBA \xC3\xBC \xC3\xB1",      /* a e i o u u n, accented */
	  "\xC2\xBF \xC2\xA1 \xC3\xA0 \xC3\xA8 \xC3\xA7 \xC3\xB4",
	  "\xC3\xA2 \xC3\xAA \xC3\xAE \xC3\xAF \xC3\xB6 \xC5\x93", NULL },
};

/* Keys of the current keyboard page, in reading order (tokens of the rows). */
static int osk_keys_rows(Ui *ui, char keys[48][8], int rowof[48]);
static int osk_keys(Ui *ui, char keys[48][8])
{
	int rowof[48];
	return osk_keys_rows(ui, keys, rowof);
}

/* The keys and, for each, the row of the printed layout it belongs to. */
static int osk_keys_rows(Ui *ui, char keys[48][8], int rowof[48])
{
	int page = ui->shift == 1 ? 0 : ui->shift, n = 0;
	for (int r = 0; r < 3 && osk_rows[page][r]; r++) {
		const char *p = osk_rows[page][r];
		while (*p && n < 47) {
			size_t k = strcspn(p, " ");
			if (k >= 8) k = 7;
			memcpy(keys[n], p, k);
			keys[n][k] = 0;
			rowof[n] = r;
			if (ui->shift == 1) {   /* capitals: ASCII and the Spanish lower-case letters */
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

/* As many columns as fit at the minimum target size and the widest key,
 * at most 11. */
static int osk_cols_for(Ui *ui, int font)
{
	char keys[48][8];
	int gap = ui_px(ui, KEY_GAP_PT), target = ui_px(ui, KEY_PT), pad = ui_px(ui, ui->th.pad_pt), ip = 2 * ui_px(ui, 10);
	int n = osk_keys(ui, keys), widest = text_width(ui, F_SMALL, 1, "\xE2\x8C\xAB");
	for (int i = 0; i < n; i++) {
		int w = text_width(ui, font, 1, keys[i]);
		if (w > widest) widest = w;
	}
	int cols = (ui->cfg.w - 2 * pad + gap) / (target + gap);
	if (cols > 11) cols = 11;
	while (cols > 4 && (ui->cfg.w - 2 * pad - (cols - 1) * gap) / cols - ip < widest) cols--;
	return cols;
}

/* Key letters in the button font, or the small one when big letters would
 * cost columns (and so rows the screen does not have). */
static int osk_font(Ui *ui)
{
	return osk_cols_for(ui, F_BUTTON) >= osk_cols_for(ui, F_SMALL) ? F_BUTTON : F_SMALL;
}

static int osk_cols(Ui *ui)
{
	return osk_cols_for(ui, osk_font(ui));
}

/* The word keys (ABC, 123, accents, Space) share one row when their words
 * fit a quarter of the width, else Space gets a row of its own. */
static int osk_space_row(Ui *ui)
{
	int gap = ui_px(ui, KEY_GAP_PT), pad = ui_px(ui, ui->th.pad_pt), ip = 2 * ui_px(ui, 10);
	int qw = (ui->cfg.w - 2 * pad - 4 * gap) / 5;
	int w = text_widest_word(ui, F_SMALL, 1, S(ui, "osk.space")), d = text_widest_word(ui, F_SMALL, 1, S(ui, "osk.done"));
	return (w > d ? w : d) > qw - ip;
}

/* Where key i goes: with 11 columns the printed rows are kept (QWERTY as
 * people know it, Delete at the end of the top row); on narrow panels the
 * keys flow into as many rows as they need. Returns the number of rows. */
static int osk_place(Ui *ui, int i, int *row, int *col)
{
	char keys[48][8];
	int rowof[48], n = osk_keys_rows(ui, keys, rowof), cols = osk_cols(ui);
	if (cols >= 11) {
		int r = i < n ? rowof[i] : 0, c = 0;
		for (int j = 0; j < i && j < n; j++) if (rowof[j] == r) c++;
		if (i >= n) c = 10;
		if (row) *row = r;
		if (col) *col = c;
		return rowof[n - 1] + 1;
	}
	if (row) *row = i / cols;
	if (col) *col = i % cols;
	return (n + 1 + cols - 1) / cols;
}

int osk_height(Ui *ui)
{
	int kh = ui_px(ui, KEY_PT), gap = ui_px(ui, KEY_GAP_PT);
	int rows = osk_place(ui, 0, NULL, NULL) + 1 + osk_space_row(ui);
	return rows * (kh + gap) + gap;
}

/* The length counter shown under the field being typed into. */
void osk_counter(Ui *ui, Widget *field, int cur, int max)
{
	char counter[48];
	if (max > 0) snprintf(counter, sizeof counter, "%d / %d", cur, max);
	else snprintf(counter, sizeof counter, "%d", cur);
	free(field->sub);
	field->sub = xstrdup(counter);
	int pad = ui_px(ui, 10), tw = field->r.w - 2 * pad;
	int h = widget_height_for(ui, field->text, F_BUTTON, tw, WF_BUTTON) + widget_height_for(ui, counter, F_SMALL, tw, 0) + 2 * pad;
	if (h > field->r.h) { ui->cursor_y += h - field->r.h; field->r.h = h; }
}

static void key(Ui *ui, Rect r, const char *text, const char *name, int arg, int flags)
{
	Widget *w = ui_add(ui, r, WF_BUTTON | WF_CENTER | WF_KEY | flags, F_BUTTON, text);
	w->action = A_KEY;
	w->arg = arg;
	if (name) w->name = xstrdup(name);
}

/* Keyboard across the bottom of the content area; ui->shift picks the
 * page: 0 letters, 1 capitals, 2 numbers and signs, 3 accents. Keys flow
 * into as many columns as fit at the minimum target size. */
void osk_build(Ui *ui, int max_len, int cur_len, int numeric)
{
	char keys[48][8];
	int kh = ui_px(ui, KEY_PT), gap = ui_px(ui, KEY_GAP_PT), pad = ui_px(ui, ui->th.pad_pt);
	int top = ui->cfg.h - osk_height(ui);   /* the keyboard replaces the footer while it shows */
	int n = osk_keys(ui, keys), cols = osk_cols(ui);
	int W = ui->cfg.w - 2 * pad, kw = (W - (cols - 1) * gap) / cols;
	(void)numeric; (void)max_len; (void)cur_len;
	Rect bg = { 0, top, ui->cfg.w, osk_height(ui) };
	ui_add(ui, bg, WF_BOX | WF_CHROME, F_SMALL, "");
	int first_key = ui->nw;
	int rows = osk_place(ui, 0, NULL, NULL);
	for (int i = 0; i <= n; i++) {
		int row, col;
		osk_place(ui, i, &row, &col);
		Rect r = { pad + col * (kw + gap), top + gap + row * (kh + gap), kw, kh };
		if (i == n) key(ui, r, "\xE2\x8C\xAB", S(ui, "osk.backspace"), 1, 0);
		else { key(ui, r, keys[i], NULL, 0, 0); ui->w[ui->nw - 1].font = osk_font(ui); }
	}
	int y = top + gap + rows * (kh + gap), own = osk_space_row(ui);
	/* ABC, 123, accents, Space, Done: Space and Done on their own row when the words need it */
	int qw = own ? (W - 2 * gap) / 3 : (W - 4 * gap) / 5;
	key(ui, (Rect){ pad, y, qw, kh }, ui->shift == 1 ? "abc" : "ABC", S(ui, "osk.shift"), 2, ui->shift == 1 ? WF_SELECTED : 0);
	key(ui, (Rect){ pad + (qw + gap), y, qw, kh }, "123", S(ui, "osk.numbers"), 3, ui->shift == 2 ? WF_SELECTED : 0);
	key(ui, (Rect){ pad + 2 * (qw + gap), y, qw, kh }, "\xC3\xA1\xC3\xB1", S(ui, "osk.accents"), 4, ui->shift == 3 ? WF_SELECTED : 0);
	if (own) {
		int hw = (W - gap) / 2;
		key(ui, (Rect){ pad, y + kh + gap, hw, kh }, S(ui, "osk.space"), S(ui, "osk.space"), 5, 0);
		key(ui, (Rect){ pad + hw + gap, y + kh + gap, hw, kh }, S(ui, "osk.done"), S(ui, "osk.done"), 6, WF_PRIMARY | WF_CHROME);
	} else {
		key(ui, (Rect){ pad + 3 * (qw + gap), y, qw, kh }, S(ui, "osk.space"), S(ui, "osk.space"), 5, 0);
		key(ui, (Rect){ pad + 4 * (qw + gap), y, qw, kh }, S(ui, "osk.done"), S(ui, "osk.done"), 6, WF_PRIMARY | WF_CHROME);
	}
	for (int i = first_key; i < ui->nw; i++) {   /* the smaller font when a key's word is wide */
		Widget *k = &ui->w[i];
		if (text_width(ui, F_BUTTON, 1, k->text) > k->r.w - 2 * ui_px(ui, 10)) k->font = F_SMALL;
	}
}

/* ---- the field being typed into ---- */

static int field_max(Ui *ui)
{
	const QItem *it = current(ui, NULL);
	if (ui->staff) return 16;
	if (ui->field == FIELD_CLAUSE) return 200;
	if (visit_screen(ui->v) == VS_IDENTIFY) return 60;
	return it && it->max_length > 0 ? it->max_length : 500;
}

/* The current text of the focused field (borrowed or ui->edit). */
static const char *field_get(Ui *ui)
{
	const Questionnaire *q;
	const QItem *it;
	int n;
	if (ui->staff || ui->field == 3) return ui->edit;
	if (ui->field == FIELD_CLAUSE) {
		const char *s = visit_clause_question(ui->v, visit_clause_index(ui->v));
		return s ? s : "";
	}
	if (visit_screen(ui->v) == VS_IDENTIFY) {
		const char *s = visit_identity(ui->v, ui->field == FIELD_LAST ? 1 : 0);
		return s ? s : "";
	}
	if (!(it = current(ui, &q))) return "";
	if (it->type == QT_INTEGER || it->type == QT_DECIMAL) return ui->edit;
	const QValue *v = visit_get_answer(ui->v, q, it, &n);
	for (int i = 0; i < n; i++)
		if (v[i].kind == QV_STRING && v[i].s) return v[i].s;
	return "";
}

static void commit_number(Ui *ui, const QItem *it)
{
	char *end;
	QValue v = { 0 };
	if (!ui->edit[0]) { visit_answer(ui->v, NULL, 0); return; }
	if (it->type == QT_INTEGER) {
		long long x = strtoll(ui->edit, &end, 10);
		if (*end || (it->has_min && x < it->min_value) || (it->has_max && x > it->max_value) ||
		    x > 2147483647LL || x < -2147483647LL) return;   /* the range hint shows; nothing saved */
		v.kind = QV_INT;
		v.i = x;
	} else {
		double x = strtod(ui->edit, &end);
		if (*end || end == ui->edit || (it->has_min && x < it->min_value) || (it->has_max && x > it->max_value)) return;
		v.kind = QV_DEC;
		v.d = x;
	}
	visit_answer(ui->v, &v, 1);
}

static void field_set(Ui *ui, const char *s)
{
	const Questionnaire *q;
	const QItem *it;
	if (ui->staff || ui->field == 3) { snprintf(ui->edit, sizeof ui->edit, "%s", s); return; }
	if (ui->field == FIELD_CLAUSE) { visit_set_clause_question(ui->v, visit_clause_index(ui->v), s); return; }
	if (visit_screen(ui->v) == VS_IDENTIFY) {
		const char *f = visit_identity(ui->v, 0), *l = visit_identity(ui->v, 1), *d = visit_identity(ui->v, 2);
		char *keep_f = xstrdup(f), *keep_l = xstrdup(l), *keep_d = xstrdup(d);
		if (ui->field == FIELD_LAST) visit_set_identity(ui->v, keep_f, s, keep_d);
		else visit_set_identity(ui->v, s, keep_l, keep_d);
		free(keep_f); free(keep_l); free(keep_d);
		return;
	}
	if (!(it = current(ui, &q))) return;
	if (it->type == QT_INTEGER || it->type == QT_DECIMAL) {
		snprintf(ui->edit, sizeof ui->edit, "%s", s);
		commit_number(ui, it);
		return;
	}
	/* A multi-select open-choice keeps the ticked options beside the typed
	 * "other" answer: only the string value is replaced (or removed). */
	int n = 0, m = 0;
	const QValue *cur = it->type == QT_OPEN_CHOICE && it->repeats ? visit_get_answer(ui->v, q, it, &n) : NULL;
	QValue *next = xcalloc((size_t)n + 1, sizeof *next);
	for (int i = 0; i < n; i++)
		if (cur[i].kind != QV_STRING) next[m++] = cur[i];   /* shallow: visit_answer copies */
	if (*s) {
		next[m].kind = QV_STRING;
		next[m++].s = (char *)s;
	}
	visit_answer(ui->v, m ? next : NULL, m);
	free(next);
}

static size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++) if (((unsigned char)*s & 0xC0) != 0x80) n++;
	return n;
}

/* Typed text (hardware keyboard or the on-screen one) into the field. */
void screens_text(Ui *ui, const char *utf8)
{
	const char *cur = field_get(ui);
	Buf b = { 0 };
	if (!utf8_valid(utf8, strlen(utf8))) return;
	if (visit_screen(ui->v) == VS_CLAUSE && ui->field != FIELD_CLAUSE && !ui->staff) return;
	buf_add(&b, cur);
	for (const char *p = utf8; *p;) {
		const char *e = p + 1;
		while (*e && ((unsigned char)*e & 0xC0) == 0x80) e++;
		if ((int)utf8_len(b.s ? b.s : "") >= field_max(ui)) break;
		if ((unsigned char)*p >= 0x20) buf_addn(&b, p, (size_t)(e - p));
		p = e;
	}
	field_set(ui, b.s ? b.s : "");
	buf_free(&b);
}

static void backspace(Ui *ui)
{
	char *s = xstrdup(field_get(ui));
	size_t n = strlen(s);
	if (n) {
		n--;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
		s[n] = 0;
		field_set(ui, s);
	}
	free(s);
}

/* ---- date picker ---- */

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
	return d[(m - 1) % 12];
}

static void date_build(Ui *ui, const char *value, int decade)
{
	int y = 0, m = 0, d = 0;
	const char *names[3] = { "date.day", "date.month", "date.year" };
	char val[3][48];
	if (value && sscanf(value, "%d-%d-%d", &y, &m, &d) == 3) {
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
	/* three columns (day, month, year) when they fit, else three rows */
	int cols = ui->content.w >= 3 * (2 * bw + valw) + 2 * gap;
	int colw = cols ? (ui->content.w - 2 * gap) / 3 : ui->content.w, top = ui->cursor_y;
	for (int c = 0; c < 3; c++) {
		/* columns: label over [-] value [+]; rows: the same, one field per row */
		int x = ui->content.x + (cols ? c * (colw + gap) : 0);
		int ry = cols ? top : top + c * (lh + gap / 2 + th + gap);
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
	ui->cursor_y = cols ? top + lh + gap / 2 + th + gap : top + 3 * (lh + gap / 2 + th + gap);
	if (decade) {
		const char *labels[2] = { S(ui, "date.year_minus10"), S(ui, "date.year_plus10") };
		int first = ui->nw;
		lay_buttons_grid(ui, 2, labels, NULL, A_DATE, 2, 2);
		ui->w[first].arg = 6;
		ui->w[first + 1].arg = 7;
	}
}

/* Steps a date "YYYY-MM-DD" by the button arg; unset starts from base. */
static void date_step(char *out, size_t n, const char *value, int arg, const char *base)
{
	int y, m, d;
	if (!value || sscanf(value, "%d-%d-%d", &y, &m, &d) != 3) {
		sscanf(base, "%d-%d-%d", &y, &m, &d);
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
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

static void today(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	snprintf(out, n, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- the question screen ---- */

static int is_selected(const QValue *vals, int n, const QOption *o)
{
	for (int i = 0; i < n; i++)
		if (qvalue_cmp(&vals[i], &o->value) == 0) return 1;
	return 0;
}

static void build_scale(Ui *ui, const QItem *it, const QValue *vals, int n)
{
	const char *labels[11];
	char num[11][12];
	int flags[11];
	long long cur = -1;
	double d;
	if (n && qvalue_number(it, &vals[0], &d) == 0) cur = (long long)d;
	for (int i = 0; i < 11; i++) {
		snprintf(num[i], sizeof num[i], "%d", i);
		labels[i] = num[i];
		flags[i] = cur == i ? WF_SELECTED : 0;
	}
	int first = ui->nw;
	lay_buttons_grid(ui, 11, labels, flags, A_SCALE, 4, 11);
	/* anchor words under 0 and under 10 */
	const char *lo = it->anchor_low.n ? qtext_get(&it->anchor_low, lang(ui)) : NULL;
	const char *hi = it->anchor_high.n ? qtext_get(&it->anchor_high, lang(ui)) : NULL;
	if (lo || hi) {
		int half = (ui->content.w - ui_px(ui, ui->th.gap_pt)) / 2;
		char a[256], b[256];
		snprintf(a, sizeof a, "0 = %s", lo ? lo : "");
		snprintf(b, sizeof b, "10 = %s", hi ? hi : "");
		int h1 = widget_height_for(ui, a, F_SMALL, half, WF_BOLD), h2 = widget_height_for(ui, b, F_SMALL, half, WF_BOLD);
		int h = h1 > h2 ? h1 : h2;
		Rect ra = { ui->content.x, ui->cursor_y - ui_px(ui, 4), half, h };
		Rect rb = { ui->content.x + ui->content.w - half, ra.y, half, h };
		ui_add(ui, ra, WF_SCROLL | WF_BOLD, F_SMALL, a);
		ui_add(ui, rb, WF_SCROLL | WF_BOLD, F_SMALL, b);
		ui->cursor_y += h + ui_px(ui, ui->th.gap_pt);
		/* spoken names carry the anchors: "0, No pain" */
		char nm[300];
		snprintf(nm, sizeof nm, "0, %s", lo ? lo : "");
		ui->w[first].name = xstrdup(nm);
		snprintf(nm, sizeof nm, "10, %s", hi ? hi : "");
		ui->w[first + 10].name = xstrdup(nm);
	}
}

/* Text questions open the keyboard at once (until the patient closes it
 * with Done); open-choice opens it when "Something else" is tapped. */
static int needs_keyboard(Ui *ui, const QItem *it)
{
	if (!it) return 0;
	if (it->type == QT_STRING || it->type == QT_TEXT) return !ui->osk_hidden;
	return it->type == QT_OPEN_CHOICE && ui->typing;
}

void screens_build_question(Ui *ui)
{
	const Questionnaire *q;
	const QItem *it = current(ui, &q);
	int n = 0, osk;
	const QValue *vals;
	char prog[96];
	if (!it) return;
	vals = visit_get_answer(ui->v, q, it, &n);
	osk = needs_keyboard(ui, it);
	if (osk) { ui->content.h += footer_rect(ui).h - osk_height(ui); ui->typing = 1; }
	snprintf(prog, sizeof prog, S(ui, "question.progress"), visit_page_index(ui->v) + 1, visit_page_count(ui->v));
	lay_para(ui, prog, F_SMALL, WF_MUTED);
	if (it->type == QT_DISPLAY) {
		lay_para(ui, qtext_get(&it->text, lang(ui)), F_TITLE, it->alert ? WF_ALERT | WF_BOLD : 0);
	} else {
		const char *lead = lead_text(ui, q, it);
		if (lead) lay_para(ui, lead, F_BODY, WF_MUTED);
		Buf t = { 0 };
		if (it->prefix) { buf_add(&t, it->prefix); buf_add(&t, " "); }
		buf_add(&t, qtext_get(&it->text, lang(ui)));
		lay_para(ui, t.s, F_TITLE, 0);
		buf_free(&t);
	}
	switch (it->type) {
	case QT_CHOICE: case QT_OPEN_CHOICE:
		if (qitem_is_scale(it)) { build_scale(ui, it, vals, n); break; }
		if (bodymap_build(ui, q, it, vals, n, it->repeats ? A_TOGGLE : A_CHOOSE) == 0) break;
		for (int i = 0; i < it->n_options; i++) {
			const QOption *o = &it->options[i];
			const char *label = o->label.n ? qtext_get(&o->label, lang(ui)) : o->value.display ? o->value.display : o->value.s;
			int sel = is_selected(vals, n, o);
			lay_button(ui, label ? label : "?", NULL, (it->repeats ? WF_CHECK : WF_RADIO) | (sel ? WF_SELECTED : 0),
				   it->repeats ? A_TOGGLE : A_CHOOSE, i);
		}
		if (it->type == QT_OPEN_CHOICE) {
			const char *other = NULL;
			for (int i = 0; i < n; i++) if (vals[i].kind == QV_STRING) other = vals[i].s;
			lay_para(ui, it->open_label.n ? qtext_get(&it->open_label, lang(ui)) : S(ui, "question.other"), F_BODY, 0);
			Widget *f = lay_field(ui, other, S(ui, "question.type_here"), A_FIELD, FIELD_ANSWER);
			if (ui->typing) osk_counter(ui, f, other ? (int)utf8_len(other) : 0, field_max(ui));
		}
		break;
	case QT_BOOLEAN: {
		const char *labels[2] = { S(ui, "answer.yes"), S(ui, "answer.no") };
		int flags[2] = { n && vals[0].kind == QV_BOOL && vals[0].b ? WF_SELECTED : 0,
				 n && vals[0].kind == QV_BOOL && !vals[0].b ? WF_SELECTED : 0 };
		lay_buttons_grid(ui, 2, labels, flags, A_BOOL, 2, 2);
		break;
	}
	case QT_INTEGER: case QT_DECIMAL: {
		char shown[600] = "";
		if (ui->edit[0]) snprintf(shown, sizeof shown, "%s", ui->edit);
		else if (n && vals[0].kind == QV_INT) snprintf(shown, sizeof shown, "%lld", vals[0].i);
		else if (n && vals[0].kind == QV_DEC) snprintf(shown, sizeof shown, "%g", vals[0].d);
		if (qitem_is_scale(it)) { build_scale(ui, it, vals, n); break; }
		if (bodymap_build(ui, q, it, vals, n, it->repeats ? A_TOGGLE : A_CHOOSE) == 0) break;
		lay_field(ui, shown, S(ui, "question.number_here"), A_NONE, 0);
		if (it->has_min && it->has_max) {
			char hint[128];
			snprintf(hint, sizeof hint, S(ui, "question.range"), (long long)it->min_value, (long long)it->max_value);
			lay_para(ui, hint, F_BODY, ui->edit[0] && !n ? WF_ALERT | WF_BOLD : WF_MUTED);
		}
		const char *digits[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "0",
					   it->type == QT_DECIMAL ? "." : "", "\xE2\x8C\xAB" };
		int count = it->type == QT_DECIMAL ? 12 : 12, first = ui->nw;
		lay_buttons_grid(ui, count, digits, NULL, A_KEY, 3, 6);
		ui->w[first + 11].name = xstrdup(S(ui, "osk.backspace"));
		ui->w[first + 11].arg = 1;
		if (it->type != QT_DECIMAL) ui->w[first + 10].flags = WF_KEY;   /* no decimal point: an empty cell */
		for (int i = 0; i < count; i++) ui->w[first + i].flags |= WF_KEY;
		break;
	}
	case QT_DATE: {
		const char *d = n && vals[0].kind == QV_DATE ? vals[0].s : NULL;
		date_build(ui, d, 0);
		break;
	}
	case QT_STRING: case QT_TEXT: {
		Widget *f = lay_field(ui, field_get(ui), S(ui, "question.type_here"), A_FIELD, FIELD_ANSWER);
		if (osk) osk_counter(ui, f, (int)utf8_len(field_get(ui)), field_max(ui));
		break;
	}
	default: break;
	}
	ui_finish_layout(ui);
	if (osk) {
		const char *cur = field_get(ui);
		osk_build(ui, field_max(ui), (int)utf8_len(cur), 0);
	}
	int answered = n > 0 || it->type == QT_DISPLAY;
	const char *next = answered || it->required ? S(ui, "nav.next") : S(ui, "nav.skip");
	screens_chrome(ui, 1, next, answered || !it->required, A_NEXT);
}

void screens_build_identify(Ui *ui)
{
	int osk = ui->typing && (ui->field == FIELD_FIRST || ui->field == FIELD_LAST);
	if (osk) ui->content.h += footer_rect(ui).h - osk_height(ui);
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
	if (osk) osk_build(ui, field_max(ui), (int)utf8_len(field_get(ui)), 0);
	int ok = visit_identity(ui->v, 0) && visit_identity(ui->v, 1) && visit_identity(ui->v, 2);
	screens_chrome(ui, 1, S(ui, "nav.next"), ok, A_NEXT);
}

/* ---- actions ---- */

static void set_option(Ui *ui, const QItem *it, int i)
{
	QValue v = it->options[i].value;
	visit_answer(ui->v, &v, 1);
}

static void toggle_option(Ui *ui, const Questionnaire *q, const QItem *it, int idx)
{
	int n;
	const QValue *cur = visit_get_answer(ui->v, q, it, &n);
	QValue *next = xcalloc((size_t)(n + 1), sizeof *next);
	int m = 0, had = 0;
	for (int i = 0; i < n; i++) {
		if (qvalue_cmp(&cur[i], &it->options[idx].value) == 0) { had = 1; continue; }
		next[m++] = cur[i];    /* shallow: visit_answer copies */
	}
	if (!had) next[m++] = it->options[idx].value;
	visit_answer(ui->v, next, m);
	free(next);
}

void screens_act_question(Ui *ui, const Widget *w)
{
	const Questionnaire *q = NULL;
	const QItem *it = current(ui, &q);
	switch (w->action) {
	case A_SCALE:
		if (!it) break;
		if ((it->type == QT_CHOICE || it->type == QT_OPEN_CHOICE) && w->arg < it->n_options) {
			for (int i = 0; i < it->n_options; i++) {
				double d;
				if (qvalue_number(it, &it->options[i].value, &d) == 0 && (int)d == w->arg) { set_option(ui, it, i); break; }
			}
		} else {
			QValue v = { 0 };
			v.kind = QV_INT;
			v.i = w->arg;
			visit_answer(ui->v, &v, 1);
		}
		break;
	case A_CHOOSE: if (it) { ui->typing = 0; set_option(ui, it, w->arg); } break;
	case A_TOGGLE: if (it) toggle_option(ui, q, it, w->arg); break;
	case A_BOOL: {
		QValue v = { 0 };
		v.kind = QV_BOOL;
		v.b = w->arg == 0;
		visit_answer(ui->v, &v, 1);
		break;
	}
	case A_FIELD: ui->typing = 1; ui->osk_hidden = 0; ui->field = w->arg; break;
	case A_KEY:
		if (w->arg == 1) backspace(ui);
		else if (w->arg == 2) ui->shift = ui->shift == 1 ? 0 : 1;
		else if (w->arg == 3) ui->shift = ui->shift == 2 ? 0 : 2;
		else if (w->arg == 4) ui->shift = ui->shift == 3 ? 0 : 3;
		else if (w->arg == 5) screens_text(ui, " ");
		else if (w->arg == 6) { ui->typing = 0; ui->osk_hidden = 1; }   /* Done: close the keyboard */
		else {
			if (it && (it->type == QT_INTEGER || it->type == QT_DECIMAL) && !ui->edit[0]) {
				int n;
				visit_get_answer(ui->v, q, it, &n);
				if (n) visit_answer(ui->v, NULL, 0);   /* typing replaces the old number */
			}
			screens_text(ui, w->text);
			if (ui->shift == 1) ui->shift = 0;
		}
		break;
	case A_DATE: {
		char buf[48], base[48];
		if (visit_screen(ui->v) == VS_IDENTIFY) {
			snprintf(base, sizeof base, "1970-01-01");
			date_step(buf, sizeof buf, visit_identity(ui->v, 2), w->arg, base);
			char *f = xstrdup(visit_identity(ui->v, 0)), *l = xstrdup(visit_identity(ui->v, 1));
			visit_set_identity(ui->v, f, l, buf);
			free(f); free(l);
		} else if (it) {
			int n;
			const QValue *v = visit_get_answer(ui->v, q, it, &n);
			today(base, sizeof base);
			date_step(buf, sizeof buf, n && v[0].kind == QV_DATE ? v[0].s : NULL, w->arg, base);
			QValue nv = { 0 };
			nv.kind = QV_DATE;
			nv.s = buf;
			visit_answer(ui->v, &nv, 1);
		}
		break;
	}
	case A_REVIEW_EDIT: {
		const Questionnaire *fq;
		const QItem *pit = visit_page_item(ui->v, w->arg, &fq);
		if (pit) visit_goto(ui->v, fq, pit);
		break;
	}
	default: break;
	}
}

int screens_key(Ui *ui, const char *name)
{
	if (!strcmp(name, "Backspace")) { backspace(ui); return 0; }
	if (!strcmp(name, "Space")) { screens_text(ui, " "); return 0; }
	if (!strcmp(name, "Return")) { visit_next(ui->v); return 0; }
	if (!strcmp(name, "Escape")) { visit_back(ui->v); return 0; }
	if (!strcmp(name, "Up")) { ui->scroll -= ui->content.h / 2; return 0; }
	if (!strcmp(name, "Down")) { ui->scroll += ui->content.h / 2; return 0; }
	return -1;
}
