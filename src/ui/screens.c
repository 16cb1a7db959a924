/* ui/screens.c - the screen table and the one place taps and keys are
 * dispatched: the shared chrome actions (Back, Next, scroll, Read aloud,
 * Start over, language, text size, keyboard keys) are handled here once,
 * for every screen, staff mode included; anything else goes to the current
 * screen's own act. Each screen lives in its own ui/screen_*.c. */
#include "ui/ui_int.h"
#include <string.h>

static const Screen *const table[] = {
	[VS_ATTRACT] = &screen_attract, [VS_LANGUAGE] = &screen_language, [VS_INTRO] = &screen_intro,
	[VS_IDENTIFY] = &screen_identify, [VS_AGREE_INTRO] = &screen_agree_intro,
	[VS_CLAUSE] = &screen_clause, [VS_AGREE_SUMMARY] = &screen_agree_summary,
	[VS_QUESTION] = &screen_question, [VS_REVIEW] = &screen_review, [VS_HANDOFF] = &screen_handoff,
	[VS_PLAN] = &screen_plan, [VS_AGREE_SHORT] = &screen_agree_short,
	[VS_AGREE_OVERVIEW] = &screen_agree_overview,
};

/* Staff mode over everything, then the idle warning, then the visit's screen. */
const Screen *screens_current(Ui *ui)
{
	if (ui->staff) return &screen_staff;
	if (visit_warning(ui->v)) return &screen_idle;
	if (ui->confirm) return &screen_confirm;
	return table[visit_screen(ui->v)];
}

void screens_build(Ui *ui)
{
	ui->compact = 0;
	ui_begin_frame(ui);
	ui->qr_npages = 0;
	screens_current(ui)->build(ui);
}

static void scroll_by(Ui *ui, int dy)
{
	ui->scroll += dy;
	if (ui->scroll > ui->max_scroll) ui->scroll = ui->max_scroll;
	if (ui->scroll < 0) ui->scroll = 0;
}

void screens_text(Ui *ui, const char *utf8)
{
	const Screen *s = screens_current(ui);
	if (s->edit) s->edit(ui, utf8);
	ui->dirty = 1;
}

void screens_act(Ui *ui, const Widget *w)
{
	Visit *v = ui->v;
	const Screen *s = screens_current(ui);
	ui->dirty = 1;
	switch (w->action) {
	case A_BACK: visit_back(v); return;
	case A_NEXT: if (!ui->staff) { visit_next(v); return; } break;
	case A_START_OVER: ui->confirm = 1; return;   /* asked first (screen_confirm.c) */
	case A_SPEAK: {
		char *t = ui_speech_text(ui);
		ui->read_aloud_used = 1;
		if (ui->host.speak) ui->host.speak(ui->host.ctx, ui->staff ? "en" : visit_lang(v), t);
		free(t);
		return;
	}
	case A_SCROLL_UP: scroll_by(ui, -ui->content.h * 2 / 3); return;
	case A_SCROLL_DOWN: scroll_by(ui, ui->content.h * 2 / 3); return;
	case A_LANG_TOGGLE:
		for (int i = 0; i < ui->cfg.n_langs; i++)
			if (!str_eq(ui->cfg.langs[i], visit_lang(v))) { visit_choose_language(v, ui->cfg.langs[i]); break; }
		return;
	case A_TEXTSIZE: {
		char err[256];
		ui->text_size = w->arg;
		text_open_fonts(ui, err, sizeof err);
		return;
	}
	case A_KEY: {   /* the on-screen keyboard and number pads: the screen's field gets the text */
		const char *t = NULL;
		int k = osk_act(ui, w, &t);
		if (k == OSK_TEXT && s->edit) s->edit(ui, t);
		else if (k == OSK_DELETE && s->edit) s->edit(ui, NULL);
		else if (k == OSK_DONE) { ui->typing = 0; ui->osk_hidden = 1; }
		return;
	}
	default: break;
	}
	if (s->act) s->act(ui, w);
}

int screens_key(Ui *ui, const char *name)
{
	const Screen *s = screens_current(ui);
	if (s->key && s->key(ui, name) == 0) return 0;
	if (!strcmp(name, "Backspace")) { if (s->edit) s->edit(ui, NULL); return 0; }
	if (!strcmp(name, "Space")) { if (s->edit) s->edit(ui, " "); return 0; }
	if (!strcmp(name, "Up")) { scroll_by(ui, -ui->content.h / 2); return 0; }
	if (!strcmp(name, "Down")) { scroll_by(ui, ui->content.h / 2); return 0; }
	if (ui->staff) return -1;
	if (!strcmp(name, "Return")) { visit_next(ui->v); return 0; }
	if (!strcmp(name, "Escape")) { visit_back(ui->v); return 0; }
	return -1;
}

/* What Read aloud reads: every text of the screen that is not chrome, in
 * reading order, including what is scrolled out of view. */
char *ui_speech_text(Ui *ui)
{
	Buf b = { 0 };
	for (int i = 0; i < ui->nw; i++) {
		const Widget *w = &ui->w[i];
		if (w->flags & (WF_CHROME | WF_KEY)) continue;
		const char *t = w->name && !(w->flags & WF_QR) ? w->name : w->text;
		if (!t || !*t) continue;
		if (b.len) buf_add(&b, "\n");
		buf_add(&b, t);
		if (w->sub) { buf_add(&b, ". "); buf_add(&b, w->sub); }
	}
	return buf_take(&b);
}
