/* ui/text.c - fonts (Debian's DejaVu Sans: wide Latin coverage, large
 * x-height), word wrapping, and a texture cache so a redraw never
 * re-rasterises text it drew before. */
#include "ui/ui_int.h"
#include <string.h>

static const char *regular_paths[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
};
static const char *bold_paths[] = {
	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
};

static TTF_Font *open_first(const char *dir, const char *const *paths, int n, const char *name, int px)
{
	TTF_Font *f = NULL;
	if (dir) {
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", dir, name);
		if ((f = TTF_OpenFont(p, px))) return f;
	}
	for (int i = 0; i < n && !f; i++) f = TTF_OpenFont(paths[i], px);
	return f;
}

int text_open_fonts(Ui *ui, char *err, size_t errlen)
{
	static const float factor[] = { 1.0f, 1.2f, 1.4f };
	text_close_fonts(ui);
	for (int r = 0; r < F_COUNT; r++) {
		int px = (int)(ui->th.pt[r] * ui->scale * factor[ui->text_size] + 0.5f);
		ui->font_px[r] = px;
		ui->font[r][0] = open_first(ui->cfg.font_dir, regular_paths, 2, "DejaVuSans.ttf", px);
		ui->font[r][1] = open_first(ui->cfg.font_dir, bold_paths, 2, "DejaVuSans-Bold.ttf", px);
		if (!ui->font[r][0] || !ui->font[r][1]) {
			snprintf(err, errlen, "cannot open the UI font (install fonts-dejavu-core): %s", TTF_GetError());
			return -1;
		}
	}
	text_cache_clear(ui);
	return 0;
}

void text_close_fonts(Ui *ui)
{
	for (int r = 0; r < F_COUNT; r++)
		for (int b = 0; b < 2; b++) {
			if (ui->font[r][b]) TTF_CloseFont(ui->font[r][b]);
			ui->font[r][b] = NULL;
		}
}

/* FNV-1a over the string and the style: the key of both caches. */
static unsigned text_hash(const char *s, int font, int bold, Color c)
{
	unsigned h = 2166136261u;
	for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
	h = (h ^ (unsigned)font) * 16777619u;
	h = (h ^ (unsigned)bold) * 16777619u;
	h = (h ^ ((unsigned)c.r << 16 | (unsigned)c.g << 8 | c.b)) * 16777619u;
	return h;
}

int text_width(Ui *ui, int font, int bold, const char *s)
{
	static const Color none = { 0, 0, 0, 0 };
	unsigned h;
	TextWidth *e;
	int w = 0, th = 0;
	if (!s || !*s) return 0;
	if (!ui->widths) ui->widths = xcalloc(TEXT_WIDTHS, sizeof *ui->widths);
	h = text_hash(s, font, bold, none);
	e = &ui->widths[h & (TEXT_WIDTHS - 1)];
	if (e->text && e->hash == h && e->font == font && e->bold == bold && strcmp(e->text, s) == 0) return e->w;
	TTF_SizeUTF8(ui->font[font][bold], s, &w, &th);
	free(e->text);
	e->text = xstrdup(s);
	e->hash = h;
	e->font = font;
	e->bold = bold;
	e->w = w;
	return w;
}

int text_line_h(Ui *ui, int font)
{
	return TTF_FontLineSkip(ui->font[font][0]);
}

void text_free_lines(char **lines, int n)
{
	for (int i = 0; i < n; i++) free(lines[i]);
	free(lines);
}

static void push_line(char ***lines, int *n, const char *s, size_t len)
{
	if (lines) {
		*lines = xrealloc(*lines, sizeof(char *) * (size_t)(*n + 1));
		(*lines)[*n] = xstrndup(s, len);
	}
	(*n)++;
}

/* Does line + " " + word fit in width? Decided from the remembered widths
 * of the line so far and of the word; only a sum within WRAP_SLACK pixels of
 * the edge (where kerning at the joint could tip it) measures the joined
 * string, so a paragraph costs one shaping per new word, not per prefix. */
#define WRAP_SLACK 4
static int fits(Ui *ui, int font, int bold, const Buf *line, int line_w, const char *word, size_t wlen,
		int word_w, int width, int *joined_w)
{
	int est = line_w + text_width(ui, font, bold, " ") + word_w;
	if (est <= width - WRAP_SLACK) { *joined_w = est; return 1; }
	if (est > width + WRAP_SLACK) return 0;
	Buf trial = { 0 };
	buf_add(&trial, line->s);
	buf_addc(&trial, ' ');
	buf_addn(&trial, word, wlen);
	*joined_w = text_width(ui, font, bold, trial.s);
	buf_free(&trial);
	return *joined_w <= width;
}

/* A word wider than the line, cut between UTF-8 characters: every full
 * piece is pushed, the last one is left in *line. */
static void cut_word(Ui *ui, int font, int bold, const char *p, const char *ws, int width, char ***lines, int *n, Buf *line)
{
	const char *q = p;
	Buf part = { 0 };
	while (q < ws) {
		const char *c = q + 1;
		while (c < ws && ((unsigned char)*c & 0xC0) == 0x80) c++;
		Buf t2 = { 0 };
		buf_add(&t2, part.s ? part.s : "");
		buf_addn(&t2, q, (size_t)(c - q));
		if (part.len && text_width(ui, font, bold, t2.s) > width) {
			push_line(lines, n, part.s, part.len);
			buf_free(&part);
			buf_addn(&part, q, (size_t)(c - q));
		} else {
			buf_free(&part);
			part = t2;
			t2.s = NULL;
		}
		buf_free(&t2);
		q = c;
	}
	buf_free(line);
	if (part.len) buf_add(line, part.s);
	buf_free(&part);
}

/* Greedy word wrap on spaces; hard breaks on '\n'; a word wider than the
 * line is broken between UTF-8 characters. */
int text_wrap(Ui *ui, int font, int bold, const char *s, int width, char ***lines)
{
	int n = 0;
	Buf line = { 0 }, word = { 0 };
	if (lines) *lines = NULL;
	if (!s) s = "";
	while (1) {
		const char *nl = strchr(s, '\n');
		size_t plen = nl ? (size_t)(nl - s) : strlen(s);
		const char *p = s, *end = s + plen;
		int line_w = 0;
		buf_free(&line);
		if (plen == 0) push_line(lines, &n, "", 0);
		while (p < end) {
			const char *ws = p;
			int word_w, joined_w;
			while (ws < end && *ws != ' ') ws++;
			buf_free(&word);
			buf_addn(&word, p, (size_t)(ws - p));
			word_w = text_width(ui, font, bold, word.s);
			if (line.len && fits(ui, font, bold, &line, line_w, p, (size_t)(ws - p), word_w, width, &joined_w)) {
				buf_addc(&line, ' ');
				buf_addn(&line, p, (size_t)(ws - p));
				line_w = joined_w;
			} else {
				if (line.len) push_line(lines, &n, line.s, line.len);
				buf_free(&line);
				if (word_w <= width) {
					buf_addn(&line, p, (size_t)(ws - p));
					line_w = word_w;
				} else {
					cut_word(ui, font, bold, p, ws, width, lines, &n, &line);
					line_w = text_width(ui, font, bold, line.s);
				}
			}
			p = ws;
			while (p < end && *p == ' ') p++;
		}
		if (line.len) push_line(lines, &n, line.s, line.len);
		buf_free(&line);
		if (!nl) break;
		s = nl + 1;
	}
	buf_free(&word);
	return n;
}

void text_cache_clear(Ui *ui)
{
	for (int i = 0; i < TEXT_CACHE; i++) {
		TextCacheEntry *e = &ui->cache[i];
		if (e->tex) SDL_DestroyTexture(e->tex);
		free(e->text);
		memset(e, 0, sizeof *e);
	}
	if (ui->widths) {
		for (int i = 0; i < TEXT_WIDTHS; i++) free(ui->widths[i].text);
		free(ui->widths);
		ui->widths = NULL;
	}
}

void text_draw(Ui *ui, int font, int bold, const char *s, int x, int y, Color c)
{
	TextCacheEntry *hit = NULL, *victim = &ui->cache[0];
	SDL_Rect dst;
	unsigned h;
	if (!s || !*s) return;
	h = text_hash(s, font, bold, c);
	for (int i = 0; i < TEXT_CACHE; i++) {
		TextCacheEntry *e = &ui->cache[i];
		if (e->hash == h && e->text && e->font == font && e->bold == bold && e->c.r == c.r && e->c.g == c.g &&
		    e->c.b == c.b && strcmp(e->text, s) == 0) { hit = e; break; }
		if (e->used < victim->used) victim = e;
	}
	if (!hit) {
		SDL_Color sc = { c.r, c.g, c.b, 255 };
		SDL_Surface *surf = TTF_RenderUTF8_Blended(ui->font[font][bold], s, sc);
		if (!surf) return;
		if (victim->tex) SDL_DestroyTexture(victim->tex);
		free(victim->text);
		victim->tex = SDL_CreateTextureFromSurface(ui->ren, surf);
		victim->w = surf->w;
		victim->h = surf->h;
		SDL_FreeSurface(surf);
		victim->text = xstrdup(s);
		victim->hash = h;
		victim->font = font;
		victim->bold = bold;
		victim->c = c;
		hit = victim;
	}
	hit->used = ++ui->cache_clock;
	dst.x = x; dst.y = y; dst.w = hit->w; dst.h = hit->h;
	SDL_RenderCopy(ui->ren, hit->tex, NULL, &dst);
}
