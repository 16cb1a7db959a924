/* ui/widget_qr.c - QR codes on screen: the clinician summary split into
 * as many codes as it needs (export/qr.c), one shown at a time with
 * "Code 1 of 3" and Previous/Next, drawn crisp at whole pixels per module
 * beside the text in landscape, under it in portrait. */
#include "ui/ui_int.h"
#include "export/qr.h"
#include <string.h>

/* Smallest size of one QR module on screen, in pixels. Measured with
 * tests/check_qr_pages.sh (a screenshot scaled to 50 %, blurred and saved
 * as a JPEG at quality 40, like a phone photo of the panel): 5 px modules
 * fail to decode, 6 px decode in 24 of 25 runs, so 7 px for a margin. The
 * largest QR version per page is what the QR area allows at that size,
 * never above qr_max_version. */
#define QR_MIN_MODULE_PX 7

static int qr_version_for(const Ui *ui, int side)
{
	int v = ui->cfg.qr_max_version;
	while (v > 1 && side / (17 + 4 * v + 8) < QR_MIN_MODULE_PX) v--;
	return v;
}

/* The page label and Previous/Next buttons into the content, the code of
 * the current page into qr (added after ui_finish_layout: it does not
 * scroll). Returns the number of pages (0: nothing to show). */
static int qr_pages_content(Ui *ui, const char *text, int side, QrPages *pages)
{
	memset(pages, 0, sizeof *pages);
	ui->qr_npages = 0;
	if (!text || qr_split(text, qr_version_for(ui, side), pages) != 0) return 0;
	ui->qr_npages = pages->n;
	if (ui->qr_page >= pages->n) ui->qr_page = pages->n ? pages->n - 1 : 0;
	if (pages->n > 1) {
		char lbl[64];
		snprintf(lbl, sizeof lbl, S(ui, "handoff.page"), ui->qr_page + 1, pages->n);
		lay_para(ui, lbl, F_BODY, WF_BOLD);
		const char *labels[2] = { S(ui, "handoff.prev"), S(ui, "handoff.next") };
		int flags[2] = { ui->qr_page > 0 ? 0 : WF_DISABLED | WF_MUTED, ui->qr_page + 1 < pages->n ? 0 : WF_DISABLED | WF_MUTED };
		int first = ui->nw;
		lay_buttons_grid(ui, 2, labels, flags, A_QR_PREV, 1, 2);
		ui->w[first + 1].action = A_QR_NEXT;
	}
	return pages->n;
}

static void qr_pages_draw(Ui *ui, QrPages *pages, Rect qr)
{
	unsigned char *mods = NULL;
	int width = 0;
	if (pages->n && qr_encode(pages->page[ui->qr_page], qr_version_for(ui, qr.w), &mods, &width, NULL) == 0) {
		lay_qr(ui, qr, mods, width, S(ui, "handoff.qr_name"));
		free(mods);
	}
	qr_pages_free(pages);
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

void qr_controls(Ui *ui, const char *text, Rect qr)
{
	QrPages pages;
	qr_pages_content(ui, text, qr.w, &pages);
	qr_pages_free(&pages);
}

void qr_draw(Ui *ui, const char *text, Rect qr)
{
	QrPages pages;
	memset(&pages, 0, sizeof pages);
	if (text && qr_split(text, qr_version_for(ui, qr.w), &pages) == 0) qr_pages_draw(ui, &pages, qr);
	else qr_pages_free(&pages);
}

/* Shows text as QR pages beside content already laid out by the caller. */
void qr_view(Ui *ui, const char *text, Rect qr)
{
	QrPages pages;
	qr_pages_content(ui, text, qr.w, &pages);
	ui_finish_layout(ui);
	qr_pages_draw(ui, &pages, qr);
}

/* Previous/Next code: 1 when w was one of them. */
int qr_act(Ui *ui, const Widget *w)
{
	if (w->action == A_QR_PREV) { if (ui->qr_page > 0) ui->qr_page--; return 1; }
	if (w->action == A_QR_NEXT) { if (ui->qr_page + 1 < ui->qr_npages) ui->qr_page++; return 1; }
	return 0;
}
