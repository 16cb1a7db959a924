/* ui/screen_language.c - the first choice of a visit: the language (each
 * named in its own words) and the text size. */
#include "ui/ui_int.h"
#include <stdio.h>

static void build_language(Ui *ui)
{
	Buf title = { 0 };   /* in every language offered: "Choose your language · Elija su idioma" */
	for (int i = 0; i < ui->cfg.n_langs; i++) {
		if (i) buf_add(&title, " \xC2\xB7 ");
		buf_add(&title, ui->host.str(ui->host.ctx, ui->cfg.langs[i], "language.title"));
	}
	lay_para(ui, title.s, F_TITLE, WF_BOLD);
	buf_free(&title);
	for (int i = 0; i < ui->cfg.n_langs; i++) {
		char key[32];
		snprintf(key, sizeof key, "lang.%s", ui->cfg.langs[i]);
		lay_button(ui, ui->host.str(ui->host.ctx, ui->cfg.langs[i], key), NULL,
			   WF_CENTER | (str_eq(ui->cfg.langs[i], visit_lang(ui->v)) ? WF_SELECTED : 0), A_LANG, i);
	}
	lay_para(ui, S(ui, "language.text_size"), F_BODY, WF_BOLD);
	const char *labels[3] = { S(ui, "textsize.normal"), S(ui, "textsize.large"), S(ui, "textsize.xl") };   /* in words */
	int flags[3];
	for (int i = 0; i < 3; i++) flags[i] = ui->text_size == i ? WF_SELECTED : 0;
	lay_buttons_grid(ui, 3, labels, flags, A_TEXTSIZE, 1, 3);
	ui_finish_layout(ui);
	chrome_build(ui, 0, NULL, 0, 0);
}

static void act(Ui *ui, const Widget *w)
{
	if (w->action == A_LANG) visit_choose_language(ui->v, ui->cfg.langs[w->arg]);
}

const Screen screen_language = { "language", build_language, act, NULL, NULL };
