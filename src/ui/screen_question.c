/* ui/screen_question.c - one question per screen, with a touch-first
 * widget for each FHIR item type: 0-10 scales as eleven big buttons with
 * anchor words, single and multiple choice as big rows, yes/no, a number
 * pad with range checks, the date picker, free text with the on-screen
 * keyboard. Every change is committed to the visit at once (and so
 * autosaved); the UI keeps only the number being typed. */
#include "ui/ui_int.h"
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 500   /* characters of a free-text answer without maxLength */

static const QItem *current(Ui *ui, const Questionnaire **q)
{
	return visit_item(ui->v, q);
}

static const char *lang(Ui *ui) { return visit_lang(ui->v); }

char *question_answer_text(Ui *ui, const Questionnaire *q, const QItem *it)
{
	int n;
	const QValue *vals = visit_get_answer(ui->v, q, it, &n);
	Buf b = { 0 };
	if (!n) return NULL;
	if (visit_is_declined(vals, n)) return xstrdup(S(ui, "review.declined"));
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
 * (e.g. the PHQ-2 stem, over each of its items; a display marked as
 * instructions only over the first question after it), else the group's
 * own text. */
static const char *lead_text(Ui *ui, const Questionnaire *q, const QItem *it)
{
	const QItem *p = it->parent;
	const QItem *sib = p ? p->children : q->items;
	int n = p ? p->n_children : q->n_items;
	for (int i = 0; i < n; i++) {
		if (&sib[i] == it) {
			int asked = 0;   /* questions shown between that display and this one */
			for (int j = i - 1; j >= 0; j--) {
				if (sib[j].type == QT_DISPLAY && !sib[j].alert && qm_enabled(q, &sib[j], visit_answers(ui->v))) {
					if (sib[j].instructions && asked) break;
					return qtext_get(&sib[j].text, lang(ui));
				}
				if (sib[j].type != QT_DISPLAY && !sib[j].hidden && qm_enabled(q, &sib[j], visit_answers(ui->v))) asked = 1;
			}
			break;
		}
	}
	if (p && p->text.n) return qtext_get(&p->text, lang(ui));
	return NULL;
}

static int field_max(Ui *ui)
{
	const QItem *it = current(ui, NULL);
	return it && it->max_length > 0 ? it->max_length : TEXT_MAX;
}

/* The text answer of the current item ("" when none). */
static const char *text_answer(Ui *ui)
{
	const Questionnaire *q;
	const QItem *it = current(ui, &q);
	int n;
	if (!it) return "";
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

/* A validated instrument carries its code (LOINC) on the form itself
 * (PEG, PHQ-2); its options stay in view even at the largest text size. */
static int validated(const Questionnaire *q)
{
	return q->n_codes > 0;
}

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
		/* the buttons' spoken names carry the anchors: "" here, so Read aloud says them once */
		ui_add(ui, ra, WF_SCROLL | WF_BOLD, F_SMALL, a)->name = xstrdup("");
		ui_add(ui, rb, WF_SCROLL | WF_BOLD, F_SMALL, b)->name = xstrdup("");
		ui->cursor_y += h + ui_px(ui, ui->th.gap_pt);
		/* spoken names carry the anchors: "0, No pain" */
		char nm[300];
		snprintf(nm, sizeof nm, "0, %s", lo ? lo : "");
		ui->w[first].name = xstrdup(nm);
		snprintf(nm, sizeof nm, "10, %s", hi ? hi : "");
		ui->w[first + 10].name = xstrdup(nm);
	}
}

/* The keyboard opens when the patient taps the field (never by itself,
 * so the question and its words are seen first); Done closes it. */
static int needs_keyboard(Ui *ui, const QItem *it)
{
	if (!it) return 0;
	if (it->type == QT_STRING || it->type == QT_TEXT) return ui->typing;
	return it->type == QT_OPEN_CHOICE && ui->typing;
}

static void build(Ui *ui)
{
	const Questionnaire *q;
	const QItem *it = current(ui, &q);
	int n = 0, osk;
	const QValue *vals;
	char prog[96];
	if (!it) return;
	vals = visit_get_answer(ui->v, q, it, &n);
	osk = needs_keyboard(ui, it);
	if (osk) ui->content.h -= osk_height(ui);
	int k, total, declined = visit_is_declined(vals, n), body_map = 0;
	visit_progress(ui->v, &k, &total);
	if (k > 0) {   /* notices are not counted; the total never grows */
		snprintf(prog, sizeof prog, S(ui, "question.progress"), k, total);
		/* in the footer when it has the room (the question gets the line), else on top */
		if (!ui->typing && text_width(ui, F_SMALL, 0, prog) + 2 * ui->cm.gap <= chrome_free_width(ui)) {
			snprintf(ui->footer_note, sizeof ui->footer_note, "%s", prog);
		} else {   /* a fixed line over the content: it never scrolls away, not even while typing */
			int lh = text_line_h(ui, F_SMALL), g = ui_px(ui, 6);
			Rect pr = { ui->content.x, ui->content.y, ui->content.w, lh };
			ui_add(ui, pr, WF_MUTED, F_SMALL, prog);
			ui->content.y += lh + g;
			ui->content.h -= lh + g;
			ui->cursor_y = ui->content.y;
		}
	}
	if (it->type == QT_DISPLAY) {
		lay_para(ui, qtext_get(&it->text, lang(ui)), F_TITLE, it->alert ? WF_ALERT | WF_BOLD : 0);
	} else {
		const char *lead = lead_text(ui, q, it);
		if (lead) lay_para(ui, lead, ui->compact ? F_SMALL : F_BODY, WF_MUTED);
		Buf t = { 0 };
		if (it->prefix) { buf_add(&t, it->prefix); buf_add(&t, " "); }
		buf_add(&t, qtext_get(&it->text, lang(ui)));
		lay_para(ui, t.s, ui->compact >= 3 ? F_SMALL : ui->compact ? F_BODY : F_TITLE, ui->compact ? WF_BOLD : 0);
		buf_free(&t);
	}
	switch (it->type) {
	case QT_CHOICE: case QT_OPEN_CHOICE:
		if (qitem_is_scale(it)) { build_scale(ui, it, vals, n); break; }
		if (bodymap_build(ui, q, it, vals, n, it->repeats ? A_TOGGLE : A_CHOOSE) == 0) { body_map = 1; break; }
		{
			const char **labels = xcalloc((size_t)it->n_options + 2, sizeof *labels);
			int *flags = xcalloc((size_t)it->n_options + 2, sizeof *flags);
			for (int i = 0; i < it->n_options; i++) {
				const QOption *o = &it->options[i];
				const char *label = o->label.n ? qtext_get(&o->label, lang(ui)) : o->value.display ? o->value.display : o->value.s;
				labels[i] = label ? label : "?";
				flags[i] = (it->repeats ? WF_CHECK : WF_RADIO) | (is_selected(vals, n, o) ? WF_SELECTED : 0);
			}
			labels[it->n_options] = S(ui, "answer.decline");   /* last, like the others: all in view together */
			flags[it->n_options] = WF_RADIO | (declined ? WF_SELECTED : 0);
			int first = lay_options(ui, it->n_options + 1, labels, flags, it->repeats ? A_TOGGLE : A_CHOOSE);
			ui->w[first + it->n_options].action = A_DECLINE;
			free(labels);
			free(flags);
		}
		if (it->type == QT_OPEN_CHOICE) {
			const char *other = NULL;
			for (int i = 0; i < n; i++) if (vals[i].kind == QV_STRING) other = vals[i].s;
			lay_para(ui, it->open_label.n ? qtext_get(&it->open_label, lang(ui)) : S(ui, "question.other"), F_BODY, 0);
			Widget *f = lay_field(ui, other, S(ui, "question.type_here"), A_FIELD, 0);
			if (ui->typing) field_counter(ui, f, utf8_chars(other), field_max(ui));
		}
		break;
	case QT_BOOLEAN: {
		const char *labels[3] = { S(ui, "answer.yes"), S(ui, "answer.no"), S(ui, "answer.decline") };
		int flags[3] = { n && vals[0].kind == QV_BOOL && vals[0].b ? WF_SELECTED : 0,
				 n && vals[0].kind == QV_BOOL && !vals[0].b ? WF_SELECTED : 0, declined ? WF_SELECTED : 0 };
		int first = lay_options(ui, 3, labels, flags, A_BOOL);
		ui->w[first + 2].action = A_DECLINE;
		break;
	}
	case QT_INTEGER: case QT_DECIMAL: {
		char shown[600] = "";
		if (ui->edit[0]) snprintf(shown, sizeof shown, "%s", ui->edit);
		else if (n && vals[0].kind == QV_INT) snprintf(shown, sizeof shown, "%lld", vals[0].i);
		else if (n && vals[0].kind == QV_DEC) snprintf(shown, sizeof shown, "%g", vals[0].d);
		if (qitem_is_scale(it)) { build_scale(ui, it, vals, n); break; }
		if (bodymap_build(ui, q, it, vals, n, it->repeats ? A_TOGGLE : A_CHOOSE) == 0) { body_map = 1; break; }
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
		Widget *f = lay_field(ui, text_answer(ui), S(ui, "question.type_here"), A_FIELD, 0);
		if (osk) field_counter(ui, f, utf8_chars(text_answer(ui)), field_max(ui));
		break;
	}
	default: break;
	}
	/* "I'd rather not answer" on every question (choices and yes/no have it among their options) */
	if (it->type != QT_DISPLAY && it->type != QT_CHOICE && it->type != QT_OPEN_CHOICE && it->type != QT_BOOLEAN && !ui->typing)
		lay_button(ui, S(ui, "answer.decline"), NULL, WF_RADIO | (declined ? WF_SELECTED : 0), A_DECLINE, 0);
	else if ((it->type == QT_CHOICE || it->type == QT_OPEN_CHOICE) && qitem_is_scale(it) && !ui->typing)
		lay_button(ui, S(ui, "answer.decline"), NULL, WF_RADIO | (declined ? WF_SELECTED : 0), A_DECLINE, 0);
	int bottom = 0;
	for (int i = 0; i < ui->nw; i++) {
		int a = ui->w[i].action;
		if ((ui->w[i].flags & WF_BUTTON) && (a == A_CHOOSE || a == A_TOGGLE || a == A_SCALE || a == A_BOOL || a == A_DECLINE)) {
			ui->w[i].flags |= WF_ANSWER;
			if (ui->w[i].r.y + ui->w[i].r.h > bottom) bottom = ui->w[i].r.y + ui->w[i].r.h;
		} else if ((ui->w[i].flags & WF_SCROLL) && (a == A_FIELD || a == A_KEY) && ui->w[i].r.y + ui->w[i].r.h > bottom) {
			bottom = ui->w[i].r.y + ui->w[i].r.h;   /* a write-in field and a number pad are answers too */
		}
	}
	if (bottom > ui->content.y + ui->content.h && ui->compact < 3 && !ui->typing && !body_map) {
		/* not all answers in view: again, more compact (smaller question
		 * words, then smaller option words and tighter rows) */
		ui->compact++;
		ui_begin_frame(ui);
		build(ui);
		return;
	}
	/* every answer in view at the default text size, and for validated
	 * instruments at A+ too; the patient's own keyboard excepted. (At A+
	 * the 8-option side-effects list in Spanish, and at A++ PHQ-2 in
	 * Spanish, still need a scroll on landscape panels: not yet met.) */
	ui->answers_must_fit = !ui->typing && !body_map && (ui->text_size == 0 || (ui->text_size == 1 && validated(q)));
	ui_finish_layout(ui);
	if (osk) osk_build(ui);
	int answered = n > 0 || it->type == QT_DISPLAY;
	const char *next = answered || it->required ? S(ui, "nav.next") : S(ui, "nav.skip");
	chrome_build(ui, 1, next, answered || !it->required, A_NEXT);
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
		if (visit_is_declined(&cur[i], 1)) continue;   /* choosing an answer takes back the decline */
		next[m++] = cur[i];    /* shallow: visit_answer copies */
	}
	if (!had) next[m++] = it->options[idx].value;
	visit_answer(ui->v, next, m);
	free(next);
}

static void act(Ui *ui, const Widget *w)
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
	case A_FIELD: ui->typing = 1; ui->osk_hidden = 0; break;
	case A_DECLINE: ui->typing = 0; memset(ui->edit, 0, sizeof ui->edit); visit_decline(ui->v); break;
	case A_DATE: {
		char buf[48], base[48];
		if (it) {
			int n;
			const QValue *v = visit_get_answer(ui->v, q, it, &n);
			date_today(base, sizeof base);
			base[7] = 0;   /* month and year */
			date_step(buf, sizeof buf, n && v[0].kind == QV_DATE ? v[0].s : NULL, w->arg, base);
			QValue nv = { 0 };
			nv.kind = QV_DATE;
			nv.s = buf;
			visit_answer(ui->v, &nv, 1);
		}
		break;
	}
	default: break;
	}
}


/* Typed text: digits into the number being typed (a new number replaces
 * the old answer), anything else into the text answer. */
static void edit(Ui *ui, const char *utf8)
{
	const Questionnaire *q;
	const QItem *it = current(ui, &q);
	if (!it) return;
	if (it->type == QT_INTEGER || it->type == QT_DECIMAL) {
		int n;
		visit_get_answer(ui->v, q, it, &n);
		if (utf8 && !ui->edit[0] && n) visit_answer(ui->v, NULL, 0);
		char *s = field_edit(ui->edit, utf8, 20);
		snprintf(ui->edit, sizeof ui->edit, "%s", s);
		free(s);
		commit_number(ui, it);
		return;
	}
	if (it->type != QT_STRING && it->type != QT_TEXT && !(it->type == QT_OPEN_CHOICE && ui->typing)) return;
	char *s = field_edit(text_answer(ui), utf8, field_max(ui));
	/* A multi-select open-choice keeps the ticked options beside the typed
	 * "other" answer: only the string value is replaced (or removed). */
	int n = 0, m = 0;
	const QValue *cur = it->type == QT_OPEN_CHOICE && it->repeats ? visit_get_answer(ui->v, q, it, &n) : NULL;
	QValue *next = xcalloc((size_t)n + 1, sizeof *next);
	for (int i = 0; i < n; i++)
		if (cur[i].kind != QV_STRING && !visit_is_declined(&cur[i], 1)) next[m++] = cur[i];   /* shallow: visit_answer copies */
	if (*s) {
		next[m].kind = QV_STRING;
		next[m++].s = s;
	}
	visit_answer(ui->v, m ? next : NULL, m);
	free(next);
	free(s);
}

const Screen screen_question = { "question", build, act, NULL, edit };
