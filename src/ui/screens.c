/* ui/screens.c - the patient screens as data + a few widgets: a table of
 * builders, one per visit screen, sharing the chrome (header with "Start
 * over", help and language; footer with Back, Read aloud, scroll and Next)
 * and one action dispatcher. Words come from the string catalog and the
 * content packs, never from code. */
#include "ui/ui_int.h"
#include "export/qr.h"
#include <string.h>

/* Per-screen footer: what Back and Next say and do. */
typedef struct Footer { int back; const char *next; int next_ok; int next_action; } Footer;

static void chrome(Ui *ui, Footer f)
{
	const ChromeMetrics m = ui->cm;
	Rect h = header_rect(ui), ft = footer_rect(ui);
	Widget *w;
	int pad = m.pad, gap = m.gap, bw = m.bw, bh = m.row_h, W = ui->cfg.w;
	/* header (patients only: staff screens have no Start over or language;
	 * the handoff screen gives its room to the QR code) */
	if (!ui->staff && h.h > 0) {
		ui_add(ui, h, WF_BOX | WF_CHROME, F_SMALL, "");
		Rect so = { pad, pad, bw, bh };
		w = ui_add(ui, so, WF_BUTTON | WF_CENTER | WF_CHROME, F_SMALL, S(ui, "nav.start_over"));
		w->action = A_START_OVER;
		const char *other = NULL;
		for (int i = 0; i < ui->cfg.n_langs; i++)
			if (!str_eq(ui->cfg.langs[i], visit_lang(ui->v))) { other = ui->cfg.langs[i]; break; }
		Rect lg = { W - pad - bw, pad, bw, bh };
		if (other && visit_screen(ui->v) != VS_LANGUAGE) {   /* that screen is the choice itself */
			char key[32];
			snprintf(key, sizeof key, "lang.%s", other);
			w = ui_add(ui, lg, WF_BUTTON | WF_CENTER | WF_CHROME, F_SMALL, ui->host.str(ui->host.ctx, other, key));
			w->action = A_LANG_TOGGLE;
		}
		Rect help;
		if (m.help_below) help = (Rect){ pad, pad + bh + gap / 2, W - 2 * pad, m.help_h };
		else help = (Rect){ so.x + so.w + gap, pad + (bh - m.help_h) / 2, lg.x - gap - (so.x + so.w + gap), m.help_h };
		ui_add(ui, help, WF_CENTER | WF_CHROME, F_SMALL, S(ui, "nav.help"));
	}
	/* footer: Back, Read aloud, scroll up/down, Next (Next on a row of its
	 * own when needed); the keyboard takes its place while it shows */
	if (ui->typing) return;
	ui_add(ui, ft, WF_BOX | WF_CHROME, F_SMALL, "");
	int font = m.font, fy = ft.y + pad, fh = m.cell_h, x = pad, nw = m.next_w;
	if (f.back) {
		Rect b = { x, fy, m.back_w, fh };
		w = ui_add(ui, b, WF_BUTTON | WF_CENTER | WF_CHROME, font, S(ui, "nav.back"));
		w->action = A_BACK;
	}
	x += m.back_w + gap;
	Rect sp = { x, fy, m.read_w, fh };
	w = ui_add(ui, sp, WF_BUTTON | WF_CENTER | WF_CHROME, F_SMALL, S(ui, "nav.read_aloud"));
	w->action = A_SPEAK;
	x += sp.w + gap;
	if (ui->max_scroll > 0) {
		int sw = m.scroll_w;
		Rect up = { x, fy, sw, fh }, dn = { x + sw + gap, fy, sw, fh };
		w = ui_add(ui, up, WF_BUTTON | WF_CENTER | WF_CHROME | (ui->scroll > 0 ? 0 : WF_DISABLED | WF_MUTED), F_BUTTON, "\xE2\x96\xB2");
		w->name = xstrdup(S(ui, "nav.scroll_up"));
		w->action = A_SCROLL_UP;
		w = ui_add(ui, dn, WF_BUTTON | WF_CENTER | WF_CHROME | (ui->scroll < ui->max_scroll ? 0 : WF_DISABLED | WF_MUTED),
		           F_BUTTON, "\xE2\x96\xBC");
		w->name = xstrdup(S(ui, "nav.scroll_down"));
		w->action = A_SCROLL_DOWN;
		if (ui->scroll < ui->max_scroll) {   /* a visible cue that there is more */
			int ch = text_line_h(ui, F_SMALL);
			Rect cue = { ui->content.x, ui->content.y + ui->content.h - ch, ui->content.w, ch };
			ui_add(ui, cue, WF_BOX | WF_CHROME, F_SMALL, "");
			ui_add(ui, cue, WF_CENTER | WF_CHROME | WF_BOLD, F_SMALL, S(ui, "nav.more_below"));
		}
	}
	if (f.next) {
		Rect n = { W - pad - nw, fy, nw, fh };
		if (m.footer_rows == 2) n = (Rect){ pad, fy + fh + gap, W - 2 * pad, fh };
		w = ui_add(ui, n, WF_BUTTON | WF_CENTER | WF_PRIMARY | WF_CHROME | (f.next_ok ? 0 : WF_DISABLED | WF_MUTED), font, f.next);
		w->action = f.next_action ? f.next_action : A_NEXT;
	}
}

void screens_chrome(Ui *ui, int back, const char *next, int next_ok, int action)
{
	chrome(ui, (Footer){ back, next, next_ok, action });
}

/* ---- screens ---- */

static void build_attract(Ui *ui)
{
	int W = ui->cfg.w, H = ui->cfg.h, pad = ui_px(ui, 24);
	Widget *w;
	int th = widget_height_for(ui, ui->cfg.clinic_name, F_HUGE, W - 2 * pad, WF_BOLD);
	Rect t = { pad, pad * 2, W - 2 * pad, th };
	ui_add(ui, t, WF_CENTER | WF_BOLD, F_HUGE, ui->cfg.clinic_name);
	Rect b = { pad * 2, t.y + t.h + pad, W - 4 * pad, H - (t.y + t.h + pad) - 3 * pad - text_line_h(ui, F_BODY) };
	w = ui_add(ui, b, WF_BUTTON | WF_PRIMARY | WF_CENTER, F_HUGE, ui->host.str(ui->host.ctx, "en", "attract.touch"));
	Buf sub = { 0 };
	for (int i = 0; i < ui->cfg.n_langs; i++)
		if (!str_eq(ui->cfg.langs[i], "en")) {
			if (sub.len) buf_add(&sub, " \xC2\xB7 ");
			buf_add(&sub, ui->host.str(ui->host.ctx, ui->cfg.langs[i], "attract.touch"));
		}
	w->sub = buf_take(&sub);
	w->action = A_START;
	Buf langs = { 0 };
	for (int i = 0; i < ui->cfg.n_langs; i++) {
		char key[32];
		snprintf(key, sizeof key, "lang.%s", ui->cfg.langs[i]);
		if (i) buf_add(&langs, "  \xC2\xB7  ");
		buf_add(&langs, ui->host.str(ui->host.ctx, ui->cfg.langs[i], key));
	}
	Rect l = { pad, H - pad - text_line_h(ui, F_BODY), W - 2 * pad, text_line_h(ui, F_BODY) };
	ui_add(ui, l, WF_CENTER | WF_MUTED, F_BODY, langs.s);
	buf_free(&langs);
}

static void build_language(Ui *ui)
{
	lay_para(ui, S(ui, "language.title"), F_TITLE, WF_BOLD);
	for (int i = 0; i < ui->cfg.n_langs; i++) {
		char key[32];
		snprintf(key, sizeof key, "lang.%s", ui->cfg.langs[i]);
		lay_button(ui, ui->host.str(ui->host.ctx, ui->cfg.langs[i], key), NULL,
			   WF_CENTER | (str_eq(ui->cfg.langs[i], visit_lang(ui->v)) ? WF_SELECTED : 0), A_LANG, i);
	}
	lay_para(ui, S(ui, "language.text_size"), F_BODY, WF_BOLD);
	const char *labels[3] = { "A", "A+", "A++" };
	const char *names[3] = { "textsize.normal", "textsize.large", "textsize.xl" };
	int flags[3];
	for (int i = 0; i < 3; i++) flags[i] = ui->text_size == i ? WF_SELECTED : 0;
	int first = ui->nw;
	lay_buttons_grid(ui, 3, labels, flags, A_TEXTSIZE, 3, 3);
	for (int i = 0; i < 3; i++) ui->w[first + i].name = xstrdup(S(ui, names[i]));
	ui_finish_layout(ui);
	chrome(ui, (Footer){ 0, NULL, 0, 0 });
}

static void build_intro(Ui *ui)
{
	lay_para(ui, S(ui, "intro.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "intro.body"), F_BODY, 0);
	ui_finish_layout(ui);
	chrome(ui, (Footer){ 1, S(ui, "nav.begin"), 1, 0 });
}

/* The clinic's own words, under the pack's label (e.g. that a Spanish pack's
 * wording is the clinic's translation); lead, when set, is the section's
 * lead-in shown before the first clause's wording. */
static void original_words(Ui *ui, const Agreement *ag, const char *text, const char *lead)
{
	if (ag->original_note) lay_para(ui, ag->original_note, F_SMALL, WF_BOLD | WF_MUTED);
	if (lead) lay_para(ui, lead, F_BODY, WF_MUTED);
	lay_para(ui, text, F_BODY, WF_MUTED);
}

static void build_agree_intro(Ui *ui)
{
	const Agreement *ag = visit_agreement(ui->v);
	if (!ag) {   /* no pack in this language: never another language's words */
		lay_para(ui, S(ui, "agreement.unavailable"), F_BODY, WF_BOLD);
		lay_button(ui, S(ui, "nav.continue"), NULL, WF_PRIMARY | WF_CENTER, A_NEXT, 0);
		ui_finish_layout(ui);
		chrome(ui, (Footer){ 1, NULL, 0, 0 });
		return;
	}
	lay_para(ui, ag->title, F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "agreement.not_a_test"), F_BODY, WF_BOLD);
	lay_para(ui, ag->opening, F_BODY, 0);
	lay_button(ui, S(ui, "agreement.read"), NULL, WF_PRIMARY | WF_CENTER, A_NEXT, 0);
	if (ui->cfg.agreement_optional)
		lay_button(ui, S(ui, "agreement.skip"), NULL, WF_CENTER, A_SKIP_AGREEMENT, 0);
	/* the clinic's opening words (mutual respect, each side's part) follow
	 * the button, so "Read it with me" stays in view on a small panel */
	if (ag->preamble_plain) {
		lay_para(ui, ag->preamble_plain, F_BODY, 0);
		lay_button(ui, S(ui, ui->show_original ? "agreement.hide_original" : "agreement.show_original"), NULL, 0, A_SHOW_ORIGINAL, 0);
		if (ui->show_original) original_words(ui, ag, ag->preamble_original, NULL);
	}
	ui_finish_layout(ui);
	chrome(ui, (Footer){ 1, NULL, 0, 0 });
}

static void build_clause(Ui *ui)
{
	const AgSection *sec;
	int idx = visit_clause_index(ui->v), mark = visit_clause_mark(ui->v, idx);
	const AgClause *cl = agreement_clause(visit_agreement(ui->v), idx, &sec);
	char prog[160];
	if (!cl) return;
	/* room for the fixed choice bar (or the keyboard while typing): side by
	 * side when each word fits half the width, else one above the other */
	int gap0 = ui_px(ui, ui->th.gap_pt), ip0 = 2 * ui_px(ui, 10), mark0 = text_line_h(ui, F_BUTTON) + ui_px(ui, 10);
	int half = (ui->content.w - gap0) / 2, target0 = ui_px(ui, ui->th.target_pt);
	int widest = text_widest_word(ui, F_BUTTON, 1, S(ui, "agreement.discuss"));
	int w2 = text_widest_word(ui, F_BUTTON, 1, S(ui, "agreement.ok"));
	int stacked = (w2 > widest ? w2 : widest) > half - ip0 - mark0;
	int bw0 = stacked ? ui->content.w : half;
	int h_ok = widget_height_for(ui, S(ui, "agreement.ok"), F_BUTTON, bw0 - ip0 - mark0, WF_BUTTON) + ip0;
	int h_ta = widget_height_for(ui, S(ui, "agreement.discuss"), F_BUTTON, bw0 - ip0 - mark0, WF_BUTTON) + ip0;
	if (h_ok < target0) h_ok = target0;
	if (h_ta < target0) h_ta = target0;
	if (!stacked) h_ok = h_ta = h_ok > h_ta ? h_ok : h_ta;
	int bar_h = (stacked ? h_ok + gap0 + h_ta : h_ok) + gap0;
	if (ui->typing) ui->content.h += footer_rect(ui).h - osk_height(ui);
	else ui->content.h -= bar_h;
	snprintf(prog, sizeof prog, S(ui, "agreement.progress"), idx + 1, agreement_clause_count(visit_agreement(ui->v)));
	Buf head = { 0 };
	buf_add(&head, sec->title);
	buf_add(&head, " \xC2\xB7 ");
	buf_add(&head, prog);
	lay_para(ui, head.s, F_SMALL, WF_MUTED);
	buf_free(&head);
	int first = cl == &sec->clauses[0];   /* the section's lead-in goes with its first clause */
	if (first && sec->intro) lay_para(ui, sec->intro, F_BODY, 0);
	lay_para(ui, cl->title, F_TITLE, WF_BOLD);
	lay_para(ui, cl->plain, F_BODY, 0);
	lay_button(ui, S(ui, ui->show_original ? "agreement.hide_original" : "agreement.show_original"), NULL, 0, A_SHOW_ORIGINAL, 0);
	if (ui->show_original)
		original_words(ui, visit_agreement(ui->v), cl->original, first ? sec->original : NULL);
	lay_para(ui, S(ui, "agreement.why"), F_BODY, WF_BOLD);
	lay_para(ui, cl->why, F_BODY, 0);
	if (cl->n_faq) lay_para(ui, S(ui, "agreement.questions"), F_BODY, WF_BOLD);
	for (int i = 0; i < cl->n_faq; i++) {
		lay_button(ui, cl->faq[i].q, NULL, ui->faq_open == i + 1 ? WF_SELECTED : 0, A_FAQ, i + 1);
		if (ui->faq_open == i + 1) lay_para(ui, cl->faq[i].a, F_BODY, 0);
	}
	if (mark == 1) {
		const char *q = visit_clause_question(ui->v, idx);
		lay_para(ui, S(ui, "agreement.ask_label"), F_BODY, 0);
		Widget *f = lay_field(ui, q, S(ui, "agreement.ask_placeholder"), A_ASK, idx);
		if (ui->typing) osk_counter(ui, f, q ? (int)strlen(q) : 0, 200);
	}
	ui_finish_layout(ui);
	if (ui->typing) {
		const char *q = visit_clause_question(ui->v, idx);
		osk_build(ui, 200, q ? (int)strlen(q) : 0, 0);
	} else {
		/* the two choices stay in view above the footer while the text scrolls */
		Rect ok = { ui->content.x, ui->content.y + ui->content.h + gap0 / 2, bw0, h_ok };
		Rect ta = { ui->content.x + bw0 + gap0, ok.y, bw0, h_ta };
		if (stacked) ta = (Rect){ ui->content.x, ok.y + h_ok + gap0, bw0, h_ta };
		Widget *w = ui_add(ui, ok, WF_BUTTON | WF_RADIO | (mark == 0 ? WF_SELECTED : 0), F_BUTTON, S(ui, "agreement.ok"));
		w->action = A_UNDERSTAND; w->arg = idx;
		w = ui_add(ui, ta, WF_BUTTON | WF_RADIO | (mark == 1 ? WF_SELECTED : 0), F_BUTTON, S(ui, "agreement.discuss"));
		w->action = A_DISCUSS; w->arg = idx;
	}
	chrome(ui, (Footer){ 1, S(ui, "nav.next"), 1, 0 });
}

static void build_agree_summary(Ui *ui)
{
	const Agreement *ag = visit_agreement(ui->v);
	int n = agreement_clause_count(ag), any = 0;
	lay_para(ui, S(ui, "agreement.summary_title"), F_TITLE, WF_BOLD);
	for (int i = 0; i < n; i++) {
		const AgClause *cl = agreement_clause(ag, i, NULL);
		if (visit_clause_mark(ui->v, i) != 1) continue;
		const char *q = visit_clause_question(ui->v, i);
		Buf sub = { 0 };
		if (q) { buf_add(&sub, "\xE2\x80\x9C"); buf_add(&sub, q); buf_add(&sub, "\xE2\x80\x9D  "); }
		buf_add(&sub, S(ui, "review.change"));
		lay_button(ui, cl->title, sub.s, 0, A_CLAUSE_EDIT, i);
		buf_free(&sub);
		any = 1;
	}
	lay_para(ui, S(ui, any ? "agreement.summary_some" : "agreement.summary_none"), F_BODY, 0);
	ui_finish_layout(ui);
	chrome(ui, (Footer){ 1, S(ui, "nav.continue"), 1, 0 });
}


static void build_review(Ui *ui)
{
	lay_para(ui, S(ui, "review.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "review.help"), F_BODY, WF_MUTED);
	/* every page of the visit, answered or not */
	int n = visit_page_count(ui->v);
	for (int i = 0; i < n; i++) {
		const Questionnaire *q;
		const QItem *it = NULL;
		it = visit_page_item(ui->v, i, &q);
		if (!it || it->type == QT_DISPLAY) continue;
		char *ans = screens_answer_text(ui, q, it);
		Buf sub = { 0 };
		buf_add(&sub, ans ? ans : S(ui, "review.not_answered"));
		buf_add(&sub, " \xE2\x80\x94 ");
		buf_add(&sub, S(ui, "review.change"));
		Widget *w = lay_button(ui, qtext_get(&it->text, visit_lang(ui->v)), sub.s, 0, A_REVIEW_EDIT, i);
		w->ptr = it;
		free(ans);
		buf_free(&sub);
	}
	ui_finish_layout(ui);
	chrome(ui, (Footer){ 1, S(ui, "review.done"), 1, A_DONE });
}

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
	QrPages pages;
	qr_pages_content(ui, text, qr.w, &pages);
	ui_finish_layout(ui);
	qr_pages_draw(ui, &pages, qr);
}

static void build_handoff(Ui *ui)
{
	char *text = ui->host.summary ? ui->host.summary(ui->host.ctx, ui->v) : NULL;
	Rect qr = screens_qr_rect(ui);
	lay_para(ui, S(ui, "handoff.title"), F_TITLE, WF_BOLD);
	lay_para(ui, S(ui, "handoff.code_label"), F_BODY, 0);
	lay_para(ui, visit_code(ui->v), F_HUGE, WF_BOLD);
	lay_para(ui, S(ui, "handoff.show"), F_BODY, 0);
	screens_qr(ui, text, qr);
	free(text);
	chrome(ui, (Footer){ 0, S(ui, "handoff.finish"), 1, A_FINISH });
}

static void build_warning(Ui *ui)
{
	char msg[256];
	Rect all = { 0, 0, ui->cfg.w, ui->cfg.h };
	ui->content = (Rect){ ui_px(ui, 32), ui_px(ui, 32), ui->cfg.w - 2 * ui_px(ui, 32), ui->cfg.h - 2 * ui_px(ui, 32) };
	ui->cursor_y = ui->content.y;
	ui_add(ui, all, WF_BOX, F_SMALL, "");
	lay_para(ui, S(ui, "idle.title"), F_HUGE, WF_BOLD | WF_CENTER);
	snprintf(msg, sizeof msg, S(ui, "idle.body"), visit_warning_left(ui->v, ui->now));
	lay_para(ui, msg, F_BODY, WF_CENTER);
	Widget *w = lay_button(ui, S(ui, "idle.still_here"), NULL, WF_PRIMARY | WF_CENTER, A_STILL_HERE, 0);
	int extra = ui_px(ui, 40);
	w->r.h += extra;
	w->font = F_TITLE;
	ui->cursor_y += extra;
	/* calm and centred: the few words sit in the middle of the screen */
	int used = ui->cursor_y - ui->content.y, shift = (ui->content.h - used) / 2;
	for (int i = 1; shift > 0 && i < ui->nw; i++) ui->w[i].r.y += shift;
	ui_finish_layout(ui);
}


typedef void (*Builder)(Ui *);
static const Builder builders[] = {
	[VS_ATTRACT] = build_attract, [VS_LANGUAGE] = build_language, [VS_INTRO] = build_intro,
	[VS_IDENTIFY] = screens_build_identify, [VS_AGREE_INTRO] = build_agree_intro,
	[VS_CLAUSE] = build_clause, [VS_AGREE_SUMMARY] = build_agree_summary,
	[VS_QUESTION] = screens_build_question, [VS_REVIEW] = build_review, [VS_HANDOFF] = build_handoff,
};

void screens_build(Ui *ui)
{
	ui_begin_frame(ui);
	ui->qr_npages = 0;
	if (ui->staff) screens_build_staff(ui);
	else if (visit_warning(ui->v)) build_warning(ui);
	else builders[visit_screen(ui->v)](ui);
}

/* ---- actions ---- */


void screens_act(Ui *ui, const Widget *w)
{
	Visit *v = ui->v;
	ui->dirty = 1;
	if (ui->staff) { screens_act_staff(ui, w); return; }
	switch (w->action) {
	case A_START: visit_start(v); break;
	case A_LANG: visit_choose_language(v, ui->cfg.langs[w->arg]); break;
	case A_LANG_TOGGLE:
		for (int i = 0; i < ui->cfg.n_langs; i++)
			if (!str_eq(ui->cfg.langs[i], visit_lang(v))) { visit_choose_language(v, ui->cfg.langs[i]); break; }
		break;
	case A_TEXTSIZE: {
		char err[256];
		ui->text_size = w->arg;
		text_open_fonts(ui, err, sizeof err);
		break;
	}
	case A_NEXT: visit_next(v); break;
	case A_BACK: visit_back(v); break;
	case A_START_OVER: visit_start_over(v); break;
	case A_SPEAK: {
		char *t = ui_speech_text(ui);
		ui->read_aloud_used = 1;
		if (ui->host.speak) ui->host.speak(ui->host.ctx, visit_lang(v), t);
		free(t);
		break;
	}
	case A_STILL_HERE: break;   /* the tap itself reset the idle timer */
	case A_SCROLL_UP: ui->scroll -= ui->content.h * 2 / 3; break;
	case A_SCROLL_DOWN: ui->scroll += ui->content.h * 2 / 3; break;
	case A_SKIP_AGREEMENT: visit_skip_agreement(v); break;
	case A_SHOW_ORIGINAL: ui->show_original = !ui->show_original; break;
	case A_FAQ: ui->faq_open = ui->faq_open == w->arg ? 0 : w->arg; break;
	case A_UNDERSTAND:
		visit_mark_clause(v, w->arg, 0);
		visit_next(v);
		break;
	case A_DISCUSS:
		visit_mark_clause(v, w->arg, 1);
		ui->scroll = 1 << 20;   /* show the question field below (clamped) */
		break;
	case A_ASK: ui->typing = 1; ui->field = 100; break;
	case A_CLAUSE_EDIT: visit_goto_clause(v, w->arg); break;
	case A_DONE: visit_done(v); break;
	case A_FINISH: visit_finish(v); break;
	case A_QR_PREV: if (ui->qr_page > 0) ui->qr_page--; break;
	case A_QR_NEXT: ui->qr_page++; break;
	default: screens_act_question(ui, w); break;
	}
}

/* The spoken text of the screen: every visible text that is not chrome. */
char *ui_speech_text(Ui *ui)
{
	Buf b = { 0 };
	for (int i = 0; i < ui->nw; i++) {
		const Widget *w = &ui->w[i];
		if (w->flags & (WF_CHROME | WF_KEY)) continue;
		if (w->flags & WF_SCROLL && (w->r.y + w->r.h <= ui->content.y || w->r.y >= ui->content.y + ui->content.h)) continue;
		const char *t = w->name && !(w->flags & WF_QR) ? w->name : w->text;
		if (!t || !*t) continue;
		if (b.len) buf_add(&b, "\n");
		buf_add(&b, t);
		if (w->sub) { buf_add(&b, ". "); buf_add(&b, w->sub); }
	}
	return buf_take(&b);
}
