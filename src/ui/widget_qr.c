/* ui/widget_qr.c - QR codes on screen: the clinician summary split into
 * as many codes as it needs (export/qr.c), one shown at a time with
 * "Code 1 of 3" and Previous/Next, drawn crisp at whole pixels per module
 * beside the text in landscape, under it in portrait. The pages of a text
 * are split and encoded once (the handoff's snapshot made at Done), not on
 * every frame. */
#include "ui/ui_int.h"
#include "export/qr.h"
#include <string.h>

/* Smallest QR module on screen, in pixels, and the light margin around the
 * code, in half modules. Measured with tests/check_qr_scan.sh: a screenshot
 * scaled to 50 %, blurred (sigma 1.5), turned 5 degrees and saved as JPEG
 * quality 40, read by zbarimg and zxing-cpp: 7 px modules fail zbarimg, 8 px
 * decode with both (a 1.5-module margin inside the panel's edge included).
 * The largest QR version per page is what the area allows at that size,
 * never above qr_max_version. */
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

void qr_forget(Ui *ui)
{
	QrCache *c = ui->qrc;
	ui->qrc = NULL;
	if (!c) return;
	for (int k = 0; k < c->pages.n; k++) free(c->mods[k]);
	free(c->mods);
	free(c->width);
	qr_pages_free(&c->pages);
	free(c->text);
	free(c);
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
	qr_forget(ui);
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

/* Where the code goes: the right half in landscape (as tall as the content
 * area), the lower part in portrait. Narrows the content area beside it. */
Rect qr_rect(Ui *ui)
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

/* The page label and Previous/Next buttons at the layout cursor. */
void qr_controls(Ui *ui, const char *text, Rect qr)
{
	const QrCache *c;
	ui->qr_npages = 0;
	if (!text) return;
	c = cache_get(ui, text, qr_version_for(ui, qr.w));
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
}

/* The code of the current page (after ui_finish_layout: it does not scroll). */
void qr_draw(Ui *ui, const char *text, Rect qr)
{
	const QrCache *c;
	if (!text) return;
	c = cache_get(ui, text, qr_version_for(ui, qr.w));
	if (ui->qr_page < c->pages.n && c->mods[ui->qr_page])
		lay_qr(ui, qr, c->mods[ui->qr_page], c->width[ui->qr_page], S(ui, "handoff.qr_name"));
}

/* Shows text as QR pages beside content already laid out by the caller. */
void qr_view(Ui *ui, const char *text, Rect qr)
{
	qr_controls(ui, text, qr);
	ui_finish_layout(ui);
	qr_draw(ui, text, qr);
}

/* Previous/Next code: 1 when w was one of them. */
int qr_act(Ui *ui, const Widget *w)
{
	if (w->action == A_QR_PREV) { if (ui->qr_page > 0) ui->qr_page--; return 1; }
	if (w->action == A_QR_NEXT) { if (ui->qr_page + 1 < ui->qr_npages) ui->qr_page++; return 1; }
	return 0;
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
