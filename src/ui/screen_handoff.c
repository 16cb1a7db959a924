/* ui/screen_handoff.c - the handoff screen and the QR view. The waiting
 * room is not a billboard: in patient mode the screen shows the visit code,
 * and the code for the scanner only when someone taps "Show the square
 * code"; it hides again after qr_show_ms without a touch. Shown, the code
 * takes the panel's full height at a module size measured to survive a
 * phone photo. Pages are split and encoded once per text (the snapshot made
 * at Done), not on every frame. Staff re-show uses the same QR view. */
#include "ui/ui_int.h"
#include "export/qr.h"
#include <string.h>

/* Smallest QR module on screen, in pixels, and the light margin around the
 * code, in half modules. Measured with tests/check_qr_scan.sh: a screenshot
 * scaled to 50 %, blurred (sigma 1.5), turned 5 degrees and saved as JPEG
 * quality 40, read by zbarimg and zxing-cpp: 7 px modules fail zbarimg, 8 px
 * decode with both (a 1.5-module margin inside the panel's edge included). */
#define QR_MODULE_PX 8
#define QR_MARGIN_HALVES 3

/* The pages of one text, encoded once. */
struct QrCache {
	char *text;               /* what the pages were made from */
	int max_version;
	QrPages pages;
	unsigned char **mods;     /* modules of each page (width[k] squared) */
	int *width;
};

static void cache_free(QrCache *c)
{
	if (!c) return;
	for (int k = 0; k < c->pages.n; k++) free(c->mods[k]);
	free(c->mods);
	free(c->width);
	qr_pages_free(&c->pages);
	free(c->text);
	free(c);
}

void handoff_forget(Ui *ui)
{
	cache_free(ui->qrc);
	ui->qrc = NULL;
	ui->qr_shown = 0;
}

/* Largest QR version whose modules are still QR_MODULE_PX on a side-pixel
 * square with its margin, never above qr_max_version. */
static int qr_version_for(const Ui *ui, int side)
{
	int v = ui->cfg.qr_max_version;
	while (v > 1 && side * 2 / (2 * (17 + 4 * v) + 2 * QR_MARGIN_HALVES) < QR_MODULE_PX) v--;
	return v;
}

static const QrCache *cache_get(Ui *ui, const char *text, int max_version)
{
	QrCache *c = ui->qrc;
	if (c && c->max_version == max_version && str_eq(c->text, text)) return c;
	cache_free(c);
	c = ui->qrc = xcalloc(1, sizeof *c);
	c->text = xstrdup(text);
	c->max_version = max_version;
	if (qr_split(text, max_version, &c->pages) != 0) return c;
	c->mods = xcalloc((size_t)c->pages.n + 1, sizeof *c->mods);
	c->width = xcalloc((size_t)c->pages.n + 1, sizeof *c->width);
	for (int k = 0; k < c->pages.n; k++)
		qr_encode(c->pages.page[k], max_version, &c->mods[k], &c->width[k], NULL);
	return c;
}

/* The page label and Previous/Next buttons into the content; returns the
 * pages (NULL: nothing to show). */
static const QrCache *qr_pages_content(Ui *ui, const char *text, int side)
{
	const QrCache *c;
	ui->qr_npages = 0;
	if (!text) return NULL;
	c = cache_get(ui, text, qr_version_for(ui, side));
	ui->qr_npages = c->pages.n;
	if (ui->qr_page >= c->pages.n) ui->qr_page = c->pages.n ? c->pages.n - 1 : 0;
	if (c->pages.n > 1) {
		char lbl[64];
		snprintf(lbl, sizeof lbl, S(ui, "handoff.page"), ui->qr_page + 1, c->pages.n);
		lay_para(ui, lbl, F_BODY, WF_BOLD);
		const char *labels[2] = { S(ui, "handoff.prev"), S(ui, "handoff.next") };
		int flags[2] = { ui->qr_page > 0 ? 0 : WF_DISABLED | WF_MUTED, ui->qr_page + 1 < c->pages.n ? 0 : WF_DISABLED | WF_MUTED };
		int first = ui->nw;
		lay_buttons_grid(ui, 2, labels, flags, A_QR_PREV, 1, 2);
		ui->w[first + 1].action = A_QR_NEXT;
	}
	return c;
}

/* The code of the current page (added after ui_finish_layout: it does not scroll). */
static void qr_page_draw(Ui *ui, const QrCache *c, Rect qr)
{
	if (c && c->pages.n && c->mods[ui->qr_page])
		lay_qr(ui, qr, c->mods[ui->qr_page], c->width[ui->qr_page], S(ui, "handoff.qr_name"));
}

/* Where the code goes beside other content: the right half in landscape
 * (as tall as the content area), the lower part in portrait. Narrows the
 * content area beside it. */
Rect screens_qr_rect(Ui *ui)
{
	int portrait = ui->cfg.h > ui->cfg.w, pad = ui_px(ui, ui->th.pad_pt);
	int side = portrait ? ui->content.h * 55 / 100 : ui->content.h;
	Rect qr;
	if (portrait && side > ui->cfg.w - 2 * pad) side = ui->cfg.w - 2 * pad;
	if (side > ui->cfg.w / 2 && !portrait) side = ui->cfg.w / 2;
	if (portrait) {
		qr = (Rect){ (ui->cfg.w - side) / 2, ui->content.y + ui->content.h - side, side, side };
		ui->content.h = qr.y - ui->content.y - pad;   /* the text above leaves room for the code */
	} else {
		qr = (Rect){ ui->cfg.w - pad - side, ui->content.y, side, side };
		ui->content.w = qr.x - pad - ui->content.x;
	}
	return qr;
}

/* Shows text as QR pages beside content already laid out by the caller. */
void screens_qr(Ui *ui, const char *text, Rect qr)
{
	const QrCache *c = qr_pages_content(ui, text, qr.w);
	ui_finish_layout(ui);
	qr_page_draw(ui, c, qr);
}

/* The scan view: the code as large as the panel allows (full height in
 * landscape, full width in portrait), the visit code, paging, Hide and
 * Finish beside it. No header or footer: their room goes to the code. */
static void build_scan_view(Ui *ui, const char *text)
{
	int W = ui->cfg.w, H = ui->cfg.h, pad = ui_px(ui, ui->th.pad_pt), portrait = H > W;
	/* the text beside the code keeps at least 40 % and the visit code's width */
	int beside = text_width(ui, F_HUGE, 1, visit_code(ui->v)) + 2 * pad;
	int side = portrait ? H * 6 / 10 : W - (beside > W * 4 / 10 ? beside : W * 4 / 10);
	if (side > (portrait ? W : H)) side = portrait ? W : H;
	Rect qr = portrait ? (Rect){ (W - side) / 2, H - side, side, side } : (Rect){ W - side, (H - side) / 2, side, side };
	const QrCache *c;
	ui->content = portrait ? (Rect){ pad, pad, W - 2 * pad, qr.y - 2 * pad } : (Rect){ pad, pad, qr.x - 2 * pad, H - 2 * pad };
	ui->cursor_y = ui->content.y;
	lay_para(ui, S(ui, "handoff.code_label"), F_BODY, 0);
	lay_para(ui, visit_code(ui->v), F_HUGE, WF_BOLD);
	c = qr_pages_content(ui, text, side);
	lay_button(ui, S(ui, "handoff.hide_qr"), NULL, WF_CENTER, A_QR_HIDE, 0);
	lay_button(ui, S(ui, "handoff.finish"), NULL, WF_CENTER | WF_PRIMARY | WF_CHROME, A_FINISH, 0);
	ui_finish_layout(ui);
	qr_page_draw(ui, c, qr);
}

void screens_build_handoff(Ui *ui)
{
	char *text = ui->host.summary ? ui->host.summary(ui->host.ctx, ui->v) : NULL;
	if (ui->qr_shown) {
		build_scan_view(ui, text);
		free(text);
		return;
	}
	lay_para(ui, S(ui, "handoff.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "handoff.code_label"), F_BODY, 0);
	lay_para(ui, visit_code(ui->v), F_HUGE, WF_BOLD);
	lay_para(ui, S(ui, "handoff.show"), F_BODY, 0);
	if (text) lay_button(ui, S(ui, "handoff.show_qr"), NULL, WF_CENTER, A_QR_SHOW, 0);
	ui_finish_layout(ui);
	free(text);
	screens_chrome(ui, 0, S(ui, "handoff.finish"), 1, A_FINISH);
}

void screens_act_handoff(Ui *ui, const Widget *w)
{
	ui->qr_input = ui->now;   /* someone is there: the code stays */
	switch (w->action) {
	case A_QR_SHOW: ui->qr_shown = 1; ui->qr_page = 0; break;
	case A_QR_HIDE: ui->qr_shown = 0; break;
	case A_QR_PREV: if (ui->qr_page > 0) ui->qr_page--; break;
	case A_QR_NEXT: ui->qr_page++; break;
	default: break;
	}
}

long long handoff_deadline(const Ui *ui)
{
	return ui->qr_shown && !ui->staff ? ui->qr_input + ui->cfg.qr_show_ms : -1;
}

void handoff_tick(Ui *ui, long long now)
{
	if (ui->qr_shown && !ui->staff && now >= ui->qr_input + ui->cfg.qr_show_ms) {
		ui->qr_shown = 0;
		ui->qr_page = 0;
		ui->dirty = 1;
	}
}

char *ui_qr_info(Ui *ui)
{
	const QrCache *c = ui->qrc;
	Buf b = { 0 };
	buf_add(&b, "");
	for (int k = 0; c && ui->qr_npages && k < c->pages.n; k++) {
		int v = c->width[k] ? (c->width[k] - 17) / 4 : 0;
		buf_addf(&b, "page %d/%d: %zu bytes, version %d, %d modules\n", k + 1, c->pages.n, strlen(c->pages.page[k]), v, c->width[k]);
	}
	return buf_take(&b);
}
