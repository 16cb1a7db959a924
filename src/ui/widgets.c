/* ui/widgets.c - the frame's widget list: layout helpers that place
 * widgets top to bottom in the content area (wrapping text, growing buttons
 * to fit), scrolling when content is taller than the screen, the layout
 * report (overflow, small targets), and drawing. Screens only call lay_*. */
#include "ui/ui_int.h"
#include <string.h>

int text_widest_word(Ui *ui, int font, int bold, const char *s)
{
	char word[256];
	int widest = 0;
	while (s && *s) {
		size_t n = strcspn(s, " \n");
		if (n && n < sizeof word) {
			memcpy(word, s, n);
			word[n] = 0;
			int w = text_width(ui, font, bold, word);
			if (w > widest) widest = w;
		}
		s += n;
		while (*s == ' ' || *s == '\n') s++;
	}
	return widest;
}

/* Header and footer geometry, grown to the text size and the language:
 * header buttons at least as wide as their longest word, the help line
 * beside them or, when there is no room, on a row of its own; footer cells
 * sized to their words, on two rows when one does not fit the panel. */
void chrome_metrics(Ui *ui, ChromeMetrics *m)
{
	static const char *nexts[] = { "nav.next", "nav.skip", "nav.continue", "nav.begin", "review.done", "handoff.finish" };
	int pad = ui_px(ui, ui->th.pad_pt / 2), ip = 2 * ui_px(ui, 10), gap = ui_px(ui, ui->th.gap_pt);
	int W = ui->cfg.w, target = ui_px(ui, ui->th.target_pt);
	memset(m, 0, sizeof *m);
	m->pad = pad;
	m->gap = gap;
	m->bw = W * 24 / 100;
	for (int i = 0; i < ui->cfg.n_langs; i++) {
		char key[32];
		snprintf(key, sizeof key, "lang.%s", ui->cfg.langs[i]);
		int w = text_widest_word(ui, F_SMALL, 1, ui->host.str(ui->host.ctx, ui->cfg.langs[i], key)) + ip;
		if (w > m->bw) m->bw = w;
	}
	int so = text_widest_word(ui, F_SMALL, 1, S(ui, "nav.start_over")) + ip;
	if (so > m->bw) m->bw = so;
	m->size_w = text_width(ui, F_SMALL, 1, "Aa") + ip;   /* the text size button, beside the language */
	if (m->size_w < target) m->size_w = target;
	int helpw = W - 2 * m->bw - m->size_w - 3 * gap - 2 * pad;
	m->row_h = target;
	{
		int hs = widget_height_for(ui, S(ui, "nav.start_over"), F_SMALL, m->bw - ip, WF_BUTTON) + ip;
		if (hs > m->row_h) m->row_h = hs;
		for (int i = 0; i < ui->cfg.n_langs; i++) {
			char key[32];
			snprintf(key, sizeof key, "lang.%s", ui->cfg.langs[i]);
			int hl = widget_height_for(ui, ui->host.str(ui->host.ctx, ui->cfg.langs[i], key), F_SMALL, m->bw - ip, WF_BUTTON) + ip;
			if (hl > m->row_h) m->row_h = hl;
		}
	}
	if (helpw < W / 4 || text_widest_word(ui, F_SMALL, 0, S(ui, "nav.help")) > helpw) {
		m->help_below = 1;
		m->help_h = widget_height_for(ui, S(ui, "nav.help"), F_SMALL, W - 2 * pad, 0);
		m->header_h = m->row_h + m->help_h + gap / 2 + 2 * pad;
	} else {
		int hh = widget_height_for(ui, S(ui, "nav.help"), F_SMALL, helpw, 0);
		m->help_h = hh;
		if (hh > m->row_h) m->row_h = hh;
		m->header_h = m->row_h + 2 * pad;
	}
	if (m->header_h < ui_px(ui, ui->th.header_pt)) m->header_h = ui_px(ui, ui->th.header_pt);
	/* footer: Back, Read aloud, two scroll buttons, Next */
	for (m->font = F_BUTTON;; m->font = F_SMALL) {
		int next = 0;
		for (size_t i = 0; i < sizeof nexts / sizeof nexts[0]; i++) {
			int w = text_width(ui, m->font, 1, S(ui, nexts[i])) + ip;
			if (w > next) next = w;
		}
		m->back_w = text_width(ui, m->font, 1, S(ui, "nav.back")) + ip;
		m->read_w = text_width(ui, F_SMALL, 1, S(ui, "nav.read_aloud")) + ip;   /* one line if it fits */
		if (m->back_w < target) m->back_w = target;
		if (m->read_w < target) m->read_w = target;
		m->next_w = next < 2 * target ? 2 * target : next;
		m->scroll_w = target;
		int total = 2 * pad + m->back_w + m->read_w + 2 * m->scroll_w + m->next_w + 4 * gap;
		if (total > W) {   /* let "Read aloud" wrap to two lines before anything else */
			int rw = text_widest_word(ui, F_SMALL, 1, S(ui, "nav.read_aloud")) + ip;
			int half = text_width(ui, F_SMALL, 1, S(ui, "nav.read_aloud")) * 6 / 10 + ip;
			if (half > rw) rw = half;
			if (rw < target) rw = target;
			total -= m->read_w - rw;
			m->read_w = rw;
		}
		if (total <= W) { m->footer_rows = 1; break; }
		if (m->font == F_SMALL) { m->footer_rows = 2; break; }
	}
	int cell = text_line_h(ui, m->font) + ip;
	int rh = widget_height_for(ui, S(ui, "nav.read_aloud"), F_SMALL, m->read_w - ip, WF_BUTTON) + ip;
	if (cell < rh) cell = rh;
	if (cell < target) cell = target;
	m->cell_h = cell;
	m->footer_h = m->footer_rows * cell + (m->footer_rows - 1) * gap + 2 * pad;
	if (m->footer_h < ui_px(ui, ui->th.footer_pt)) m->footer_h = ui_px(ui, ui->th.footer_pt);
}

/* Header and footer of the frame being built (measured once per frame in
 * ui_begin_frame: chrome_metrics measures text). */
Rect header_rect(Ui *ui)
{
	Rect r = { 0, 0, ui->cfg.w, ui->cm.header_h };
	return r;
}

Rect footer_rect(Ui *ui)
{
	Rect r = { 0, ui->cfg.h - ui->cm.footer_h, ui->cfg.w, ui->cm.footer_h };
	return r;
}

void ui_clear_widgets(Ui *ui)
{
	for (int i = 0; i < ui->nw; i++) {
		free(ui->w[i].text); free(ui->w[i].sub); free(ui->w[i].name); free(ui->w[i].qr);
	}
	ui->nw = 0;
}

void ui_begin_frame(Ui *ui)
{
	ui_clear_widgets(ui);
	ui->overflow[0] = 0;
	ui->answers_must_fit = 0;
	ui->footer_note[0] = 0;
	/* the attract screen has no header or footer: measuring them there cost
	 * a third of the kiosk's first frame (make bench) */
	VisitScreen s = ui->v ? visit_screen(ui->v) : VS_ATTRACT;   /* no visit yet: start-up's attract screen */
	if (!ui->staff && s == VS_ATTRACT) memset(&ui->cm, 0, sizeof ui->cm);
	else chrome_metrics(ui, &ui->cm);
	/* staff screens have no patient header; the handoff screen gives the
	 * header's room to the QR code (the visit is complete, Finish starts
	 * over, and a bigger code scans from further away) */
	if (ui->staff || s == VS_HANDOFF) ui->cm.header_h = 0;
	/* while the keyboard shows, the header's room goes to the question:
	 * Back, Read aloud and Next stay in the footer under the keys */
	if (ui->typing) ui->cm.header_h = 0;
	ui->content.x = ui_px(ui, ui->th.pad_pt);
	ui->content.w = ui->cfg.w - 2 * ui->content.x;
	ui->content.y = header_rect(ui).h + ui_px(ui, ui->th.pad_pt) / 2;
	ui->content.h = footer_rect(ui).y - ui->content.y - ui_px(ui, ui->th.pad_pt) / 2;
	ui->cursor_y = ui->content.y;
}

Widget *ui_add(Ui *ui, Rect r, int flags, int font, const char *text)
{
	Widget *w;
	if (ui->nw >= UI_MAX_W) {
		snprintf(ui->overflow, sizeof ui->overflow, "too many widgets on one screen\n");
		return &ui->w[UI_MAX_W - 1];
	}
	w = &ui->w[ui->nw++];
	memset(w, 0, sizeof *w);
	w->r = r;
	w->flags = flags;
	w->font = font;
	w->text = xstrdup(text ? text : "");
	return w;
}

const char *S(Ui *ui, const char *key)
{
	return ui->host.str(ui->host.ctx, visit_lang(ui->v), key);
}

/* Padding inside a button: smaller on the most compact question screens. */
static int inner_pad(Ui *ui) { return ui_px(ui, ui->compact >= 2 ? 6 : 10); }

/* The second line's font: small, but large under a huge title (the
 * attract screen's other languages are read from across the room), and
 * body size under a body-size title (the agreement overview's sentences
 * are what the patient reads, not a hint). */
static int sub_font(const Widget *w) { return w->font == F_HUGE ? F_TITLE : w->font == F_BODY ? F_BODY : F_SMALL; }

static int marker_w(Ui *ui, int flags)
{
	return (flags & (WF_RADIO | WF_CHECK)) ? text_line_h(ui, ui->compact >= 2 ? F_SMALL : F_BUTTON) + inner_pad(ui) : 0;
}

int widget_height_for(Ui *ui, const char *text, int font, int width, int flags)
{
	int bold = (flags & (WF_BOLD | WF_BUTTON)) != 0;
	int n = text_wrap(ui, font, bold, text, width, NULL);
	return n * text_line_h(ui, font);
}

int lay_para(Ui *ui, const char *text, int font, int flags)
{
	Rect r = { ui->content.x, ui->cursor_y, ui->content.w, 0 };
	if (!text || !*text) return 0;
	r.h = widget_height_for(ui, text, font, r.w, flags);
	ui_add(ui, r, flags | WF_SCROLL, font, text);
	ui->cursor_y += r.h + ui_px(ui, ui->compact ? 6 : ui->th.gap_pt);
	return r.h;
}

void lay_space(Ui *ui, int pt) { ui->cursor_y += ui_px(ui, pt); }

Widget *lay_button(Ui *ui, const char *text, const char *sub, int flags, int action, int arg)
{
	int pad = inner_pad(ui), tw = ui->content.w - 2 * pad - marker_w(ui, flags);
	int h = widget_height_for(ui, text, F_BUTTON, tw, WF_BUTTON) + 2 * pad;
	Widget *w;
	if (sub && *sub) h += widget_height_for(ui, sub, F_SMALL, tw, 0);
	if (h < ui_px(ui, ui->th.target_pt)) h = ui_px(ui, ui->th.target_pt);
	Rect r = { ui->content.x, ui->cursor_y, ui->content.w, h };
	w = ui_add(ui, r, flags | WF_BUTTON | WF_SCROLL, F_BUTTON, text);
	w->sub = xstrdup(sub && *sub ? sub : NULL);
	w->action = action;
	w->arg = arg;
	ui->cursor_y += h + ui_px(ui, ui->th.gap_pt);
	return w;
}

/* n buttons in a grid of equal cells: as many columns as fit at the
 * minimum target size, between min_cols and max_cols. */
void lay_buttons_grid(Ui *ui, int n, const char *const *labels, const int *flags, int action, int min_cols, int max_cols)
{
	int gap = ui_px(ui, ui->th.gap_pt), target = ui_px(ui, ui->th.target_pt);
	int cols = (ui->content.w + gap) / (target + gap);
	if (cols > max_cols) cols = max_cols;
	if (cols < min_cols) cols = min_cols;
	if (cols > n) cols = n;
	if (cols < 1) cols = 1;
	int widest = 0;
	for (int i = 0; i < n; i++) {   /* no word may be split across lines */
		int tw = text_widest_word(ui, F_BUTTON, 1, labels[i]);
		if (tw > widest) widest = tw;
	}
	while (cols > min_cols && cols > 1 && (ui->content.w - (cols - 1) * gap) / cols < widest + 2 * inner_pad(ui)) cols--;
	int rows = (n + cols - 1) / cols, cw = (ui->content.w - (cols - 1) * gap) / cols;
	int h = target;
	for (int i = 0; i < n; i++) {
		int th = widget_height_for(ui, labels[i], F_BUTTON, cw - 2 * inner_pad(ui), WF_BUTTON) + 2 * inner_pad(ui);
		if (th > h) h = th;
	}
	for (int i = 0; i < n; i++) {
		Rect r = { ui->content.x + (i % cols) * (cw + gap), ui->cursor_y + (i / cols) * (h + gap), cw, h };
		Widget *w = ui_add(ui, r, WF_BUTTON | WF_SCROLL | WF_CENTER | (flags ? flags[i] : 0), F_BUTTON, labels[i]);
		w->action = action;
		w->arg = i;
	}
	ui->cursor_y += rows * (h + gap);
}

void lay_qr(Ui *ui, Rect r, const unsigned char *mods, int width, const char *name)
{
	Widget *w = ui_add(ui, r, WF_QR, F_SMALL, "");
	w->qr = xmalloc((size_t)width * (size_t)width);
	memcpy(w->qr, mods, (size_t)width * (size_t)width);
	w->qrw = width;
	w->name = xstrdup(name);
}

static void report(Ui *ui, const char *fmt, const char *what)
{
	size_t n = strlen(ui->overflow);
	if (n + 200 < sizeof ui->overflow)
		snprintf(ui->overflow + n, sizeof ui->overflow - n, fmt, what);
}

/* Scrolling and the layout report. Widgets that do not scroll (header,
 * footer, overlays) are added after this. */
void ui_finish_layout(Ui *ui)
{
	ui->content_h = ui->cursor_y - ui->content.y - ui_px(ui, ui->th.gap_pt);
	ui->max_scroll = ui->content_h > ui->content.h ? ui->content_h - ui->content.h : 0;
	if (ui->typing) {   /* keep the field being typed into in view */
		for (int i = 0; i < ui->nw; i++) {
			Widget *w = &ui->w[i];
			int bottom = w->r.y + w->r.h - ui->content.y;
			if ((w->flags & WF_FIELD) && (w->flags & WF_SCROLL) && bottom - ui->scroll > ui->content.h)
				ui->scroll = bottom - ui->content.h;
		}
	}
	if (ui->scroll > ui->max_scroll) ui->scroll = ui->max_scroll;
	if (ui->scroll < 0) ui->scroll = 0;
	for (int i = 0; i < ui->nw; i++) {
		Widget *w = &ui->w[i];
		if (!(w->flags & WF_SCROLL)) continue;
		w->r.y -= ui->scroll;
		if (w->r.w > ui->content.w + 1 || w->r.x < 0 || w->r.x + w->r.w > ui->cfg.w)
			report(ui, "too wide: %s\n", w->text);
	}
}

/* 1 when one word of s is wider than width (it would be cut mid-word). */
static int word_too_wide(Ui *ui, const char *s, int font, int bold, int width)
{
	return text_widest_word(ui, font, bold, s) > width;
}

/* Checks every widget: text fits its box, targets are big enough and apart. */
static void check_widgets(Ui *ui)
{
	int target = ui_px(ui, ui->th.target_pt);   /* the 48 px / 9 mm rule */
	int min_gap = ui_px(ui, 10);   /* 2 mm on the 7" panel (5.2 px/mm) */
	if (ui->content.h < ui_px(ui, ui->th.target_pt) + text_line_h(ui, F_BODY))
		{
		report(ui, "content area too small: %s\n", "the screen has no room left for its content"); }
	for (int i = 0; i < ui->nw; i++) {
		Widget *w = &ui->w[i];
		if (w->flags & WF_QR) continue;
		if ((w->flags & WF_ANSWER) && ui->answers_must_fit) {   /* every answer in view, nothing over it */
			if (w->r.y < ui->content.y || w->r.y + w->r.h > ui->content.y + ui->content.h)
				report(ui, "answer option out of view: %s\n", w->text);
			for (int j = 0; j < ui->nw; j++) {
				const Rect o = ui->w[j].r;
				if (ui->w[j].flags & WF_SCROLL || j == i) continue;
				if (o.x < w->r.x + w->r.w && w->r.x < o.x + o.w && o.y < w->r.y + w->r.h && w->r.y < o.y + o.h) {
					report(ui, "answer option covered: %s\n", w->text);
					break;
				}
			}
		}
		if (ui->typing && (w->flags & WF_FIELD) && (w->r.y < ui->content.y || w->r.y + w->r.h > ui->content.y + ui->content.h))
			report(ui, "field being typed into is out of view: %s\n", w->text);
		if (!(w->flags & WF_SCROLL) && (w->r.y < 0 || w->r.y + w->r.h > ui->cfg.h || w->r.x + w->r.w > ui->cfg.w))
			report(ui, "off screen: %s\n", w->text);
		if (w->flags & WF_BUTTON) {
			if (w->r.w < target || w->r.h < target) report(ui, "small target: %s\n", w->name ? w->name : w->text);
			int tw = w->r.w - 2 * inner_pad(ui) - marker_w(ui, w->flags);
			int need = widget_height_for(ui, w->text, w->font, tw, WF_BUTTON);
			if (w->sub) need += widget_height_for(ui, w->sub, sub_font(w), tw, 0);
			if (need > w->r.h) report(ui, "text clipped: %s\n", w->text);
			if (word_too_wide(ui, w->text, w->font, 1, tw)) report(ui, "word split: %s\n", w->text);
			for (int j = i + 1; j < ui->nw; j++) {
				Widget *o = &ui->w[j];
				if (!(o->flags & WF_BUTTON)) continue;
				if ((w->flags & WF_SCROLL) != (o->flags & WF_SCROLL)) continue;
				/* the space between two targets: at least 2 mm (10 px at scale 1) */
				int dx = o->r.x >= w->r.x + w->r.w ? o->r.x - (w->r.x + w->r.w)
				       : w->r.x >= o->r.x + o->r.w ? w->r.x - (o->r.x + o->r.w) : -1;
				int dy = o->r.y >= w->r.y + w->r.h ? o->r.y - (w->r.y + w->r.h)
				       : w->r.y >= o->r.y + o->r.h ? w->r.y - (o->r.y + o->r.h) : -1;
				int apart = dx > dy ? dx : dy;
				if (apart < 0) report(ui, "overlapping targets: %s\n", w->text);
				else if (apart < min_gap) report(ui, "targets closer than 2 mm: %s\n", w->text);
			}
		} else {
			int need = widget_height_for(ui, w->text, w->font, w->r.w, w->flags);
			if (need > w->r.h + 1) report(ui, "text clipped: %s\n", w->text);
			if (word_too_wide(ui, w->text, w->font, (w->flags & WF_BOLD) != 0, w->r.w)) report(ui, "word split: %s\n", w->text);
		}
	}
}

static void fill(Ui *ui, Rect r, Color c)
{
	SDL_Rect s = { r.x, r.y, r.w, r.h };
	SDL_SetRenderDrawColor(ui->ren, c.r, c.g, c.b, 255);
	SDL_RenderFillRect(ui->ren, &s);
}

static void border(Ui *ui, Rect r, Color c, int t)
{
	Rect e[4] = { { r.x, r.y, r.w, t }, { r.x, r.y + r.h - t, r.w, t },
		      { r.x, r.y, t, r.h }, { r.x + r.w - t, r.y, t, r.h } };
	for (int i = 0; i < 4; i++) fill(ui, e[i], c);
}

static void draw_lines(Ui *ui, const char *s, int font, int bold, Rect r, int center, int valign, Color c)
{
	char **lines;
	int n = text_wrap(ui, font, bold, s, r.w, &lines), lh = text_line_h(ui, font);
	int y = valign ? r.y + (r.h - n * lh) / 2 : r.y;
	for (int i = 0; i < n; i++) {
		int x = r.x;
		if (center) x += (r.w - text_width(ui, font, bold, lines[i])) / 2;
		text_draw(ui, font, bold, lines[i], x, y + i * lh, c);
	}
	text_free_lines(lines, n);
}

static void draw_qr(Ui *ui, const Widget *w)
{
	/* integer pixels per module, with at least 1.5 modules of light around
	 * the code (the whole rect is light; screen_handoff.c sizes the rect) */
	int m = (w->r.w < w->r.h ? w->r.w : w->r.h) * 2 / (2 * w->qrw + 3);
	if (m < 1) m = 1;
	int x0 = w->r.x + (w->r.w - w->qrw * m) / 2, y0 = w->r.y + (w->r.h - w->qrw * m) / 2;
	fill(ui, w->r, ui->th.qr_light);
	for (int y = 0; y < w->qrw; y++)
		for (int x = 0; x < w->qrw; x++)
			if (w->qr[y * w->qrw + x]) {
				Rect r = { x0 + x * m, y0 + y * m, m, m };
				fill(ui, r, ui->th.qr_dark);
			}
}

static void draw_widget(Ui *ui, int i)
{
	const Widget *w = &ui->w[i];
	const Theme *t = &ui->th;
	Color bg = t->btn, fg = t->btn_fg;
	int pad = inner_pad(ui), pressed = ui->pressed == i;
	if (w->flags & WF_QR) { draw_qr(ui, w); return; }
	if (w->flags & WF_BOX) { fill(ui, w->r, (w->flags & WF_ALERT) ? t->alert : t->bar); return; }
	if (!(w->flags & WF_BUTTON)) {
		Color c = (w->flags & WF_MUTED) ? t->muted : t->fg;
		if (w->flags & WF_ALERT) {
			Rect b = { w->r.x - pad / 2, w->r.y - pad / 2, w->r.w + pad, w->r.h + pad };
			fill(ui, b, t->alert);
			c = t->alert_fg;
		}
		draw_lines(ui, w->text, w->font, (w->flags & WF_BOLD) != 0, w->r, (w->flags & WF_CENTER) != 0, 0, c);
		return;
	}
	if (w->flags & WF_PRIMARY) { bg = t->primary; fg = t->primary_fg; }
	if (w->flags & WF_SELECTED) { bg = t->selected; fg = t->selected_fg; }
	if (w->flags & WF_ALERT) { bg = t->alert; fg = t->alert_fg; }
	if (w->flags & WF_DISABLED) { bg = t->btn; fg = t->muted; }   /* not yet available: plain, greyed words */
	if (pressed) { bg = t->pressed; fg = ui->high_contrast ? t->fg : t->btn_fg; }
	Rect r = w->r;
	if (pressed) { r.x += 2; r.y += 2; }      /* pressed: darker and pushed in */
	fill(ui, r, bg);
	border(ui, r, (w->flags & WF_FIELD) ? t->focus : t->btn_border, ui_px(ui, (w->flags & WF_FIELD) ? 3 : 2));
	if ((w->flags & WF_SELECTED) && !pressed) {   /* not colour alone: a frame inside a chosen button */
		Rect in2 = { r.x + ui_px(ui, 5), r.y + ui_px(ui, 5), r.w - 2 * ui_px(ui, 5), r.h - 2 * ui_px(ui, 5) };
		border(ui, in2, fg, ui_px(ui, 3));
	}
	Rect in = { r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad };
	if (w->flags & (WF_RADIO | WF_CHECK)) {
		const char *mark = (w->flags & WF_RADIO) ? ((w->flags & WF_SELECTED) ? "\xE2\x97\x89" : "\xE2\x97\x8B")
							 : ((w->flags & WF_SELECTED) ? "\xE2\x98\x91" : "\xE2\x98\x90");
		int mw = marker_w(ui, w->flags);
		Rect mr = { in.x, in.y, mw, in.h };
		draw_lines(ui, mark, w->font, 0, mr, 0, 1, fg);
		in.x += mw; in.w -= mw;
	}
	if (w->sub) {
		int h1 = widget_height_for(ui, w->text, w->font, in.w, WF_BUTTON);
		int h2 = widget_height_for(ui, w->sub, sub_font(w), in.w, 0);
		Rect a = { in.x, in.y + (in.h - h1 - h2) / 2, in.w, h1 };
		Rect b = { in.x, a.y + h1, in.w, h2 };
		draw_lines(ui, w->text, w->font, 1, a, (w->flags & WF_CENTER) != 0, 0, fg);
		draw_lines(ui, w->sub, sub_font(w), 0, b, (w->flags & WF_CENTER) != 0, 0, fg);
	} else {
		Color c = (w->flags & WF_MUTED) ? t->muted : fg;
		draw_lines(ui, w->text, w->font, !(w->flags & WF_FIELD), in, (w->flags & WF_CENTER) != 0, 1, c);
	}
}

void ui_draw(Ui *ui)
{
	SDL_Rect clip = { ui->content.x - ui_px(ui, 4), ui->content.y, ui->content.w + ui_px(ui, 8), ui->content.h };
	check_widgets(ui);
	SDL_SetRenderDrawColor(ui->ren, ui->th.bg.r, ui->th.bg.g, ui->th.bg.b, 255);
	SDL_RenderClear(ui->ren);
	for (int i = 0; i < ui->nw; i++) {
		int scroll = (ui->w[i].flags & WF_SCROLL) != 0;
		if (scroll) SDL_RenderSetClipRect(ui->ren, &clip);
		draw_widget(ui, i);
		if (ui->guide && ui->focus == i) {   /* the audio guide's focus, for sighted helpers */
			Rect f = ui->w[i].r;
			border(ui, (Rect){ f.x - 3, f.y - 3, f.w + 6, f.h + 6 }, ui->th.focus, ui_px(ui, 4));
		}
		if (scroll) SDL_RenderSetClipRect(ui->ren, NULL);
	}
}

/* Height of one option of a choice grid at cell width cw. */
static int option_font(const Ui *ui) { return ui->compact >= 2 ? F_SMALL : F_BUTTON; }

static int option_h(Ui *ui, const char *label, int cw, int flags)
{
	int pad = inner_pad(ui), h = widget_height_for(ui, label, option_font(ui), cw - 2 * pad - marker_w(ui, flags), WF_BUTTON) + 2 * pad;
	return h < ui_px(ui, ui->th.target_pt) ? ui_px(ui, ui->th.target_pt) : h;
}

/* Total height of n options in cols columns (rows as tall as their
 * tallest cell), or -1 when a word would not fit a cell. */
static int options_height(Ui *ui, int n, const char *const *labels, const int *flags, int cols, int gap, int *row_h)
{
	int cw = (ui->content.w - (cols - 1) * gap) / cols, total = 0, rows = (n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {
		int h = 0;
		for (int c = 0; c < cols && r * cols + c < n; c++) {
			int i = r * cols + c, f = flags ? flags[i] : 0;
			if (text_widest_word(ui, option_font(ui), 1, labels[i]) > cw - 2 * inner_pad(ui) - marker_w(ui, f)) return -1;
			int hi = option_h(ui, labels[i], cw, f);
			if (hi > h) h = hi;
		}
		if (row_h) row_h[r] = h;
		total += h + (r ? gap : 0);
	}
	return total;
}

/* The answer options of a question, all in view when they can be: one
 * column when they fit under the question, else two or three (reading
 * order across, then down), else the most compact that fits, with the
 * smallest gap allowed (2 mm). Returns the first widget's index. */
int lay_options(Ui *ui, int n, const char *const *labels, const int *flags, int action)
{
	int avail = ui->content.y + ui->content.h - ui->cursor_y, gap = ui_px(ui, ui->th.gap_pt), min_gap = ui_px(ui, 10);
	int best_cols = 1, best_h = -1, best_gap = gap;
	int row_h[64];
	if (n > 64) n = 64;
	for (int g = 0; g < 2 && best_h != -2; g++) {
		int gg = g ? min_gap : gap;
		for (int cols = 1; cols <= 3 && cols <= n; cols++) {
			int h = options_height(ui, n, labels, flags, cols, gg, NULL);
			if (h < 0) continue;
			if (h <= avail) { best_cols = cols; best_gap = gg; best_h = -2; break; }
			if (best_h < 0 || h < best_h) { best_h = h; best_cols = cols; best_gap = gg; }
		}
	}
	options_height(ui, n, labels, flags, best_cols, best_gap, row_h);
	int cw = (ui->content.w - (best_cols - 1) * best_gap) / best_cols, first = ui->nw, y = ui->cursor_y;
	for (int i = 0; i < n; i++) {
		int r = i / best_cols, c = i % best_cols;
		if (c == 0 && r > 0) y += row_h[r - 1] + best_gap;
		Rect rc = { ui->content.x + c * (cw + best_gap), y, cw, row_h[r] };
		Widget *w = ui_add(ui, rc, WF_BUTTON | WF_SCROLL | (flags ? flags[i] : 0), option_font(ui), labels[i]);
		w->action = action;
		w->arg = i;
	}
	ui->cursor_y = y + row_h[(n - 1) / best_cols] + (ui->compact ? min_gap : gap);
	return first;
}
