/* export/summary.c - see summary.h. One pass per form sorts the enabled,
 * answered items into sections (safety, goals, side effects, other); the
 * sections are then written in the clinician's reading order. Every line
 * goes through translit (ASCII) and wrap (SUMMARY_WIDTH). */
#include "export/summary.h"
#include "export/translit.h"
#include "core/util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Sum {
	const VisitRecord *r;
	const char *lang;
	SummaryLabel label;
	void *ctx;
	const Questionnaire *q;   /* form being walked */
	Buf safety, goals, side, other;
} Sum;

/* Built-in English for every key (the catalog overrides). */
static const struct { const char *key, *en; } builtin[] = {
	{"summary.visit", "Visit"}, {"summary.name", "Name"}, {"summary.dob", "DOB"},
	{"summary.ref", "Ref"}, {"summary.patient_lang", "Patient language"},
	{"summary.positive", "POSITIVE SCREEN"}, {"summary.negative", "neg"},
	{"summary.not_scored", "not scored"}, {"summary.answered", "answered"},
	{"summary.pain_now", "Pain now"}, {"summary.worst", "worst"}, {"summary.least", "least"},
	{"summary.safety", "!! SAFETY"}, {"summary.goals", "Goals"}, {"summary.hard", "hard"},
	{"summary.side_effects", "Side effects"}, {"summary.other", "Answers"},
	{"summary.discuss", "To discuss"}, {"summary.question", "Q"},
	{"summary.read_time", "Agreement read"}, {"summary.skipped", "Agreement skipped"},
	{"summary.yes", "Yes"}, {"summary.no", "No"},
	{"summary.not_validated", "translation not validated"},
	{"summary.abbr.peg-1", "P"}, {"summary.abbr.peg-2", "E"}, {"summary.abbr.peg-3", "G"},
	{"summary.item.vm-last-visit", "Last visit"},
	{"summary.item.vm-er", "ER/urgent care since last visit"},
	{"summary.item.vm-er-count", "ER/urgent care visits"},
	{"summary.item.vm-diff", "Took medicine differently"},
	{"summary.item.vm-diff-why", "Reasons"},
	{"summary.item.vm-changed", "Medicine changed elsewhere"},
	{"summary.item.vm-changed-what", "What changed"},
	{"summary.item.tx-tried", "Tried"},
	{"summary.item.tx-other-what", "Other tried"},
	{"summary.item.tx-physical-therapy-helped", "PT helped"},
	{"summary.item.tx-exercise-helped", "Exercise helped"},
	{"summary.item.tx-counseling-helped", "Counseling helped"},
	{"summary.item.tx-massage-helped", "Massage helped"},
	{"summary.item.tx-acupuncture-helped", "Acupuncture helped"},
	{"summary.item.tx-heat-ice-helped", "Heat/ice helped"},
	{"summary.item.tx-other-helped", "Other helped"},
	{"summary.item.pt-heard", "Feels heard"},
	{"summary.item.pt-plan-fit", "Plan fits goals"},
	{"summary.item.pt-talk", "Wants to talk about"},
	{"summary.item.pain-sites", "Pain sites"},
	{"summary.item.lv-before", "Seen by this team before"},
	{"summary.item.lv-listen", "Listened to (last visit)"},
	{"summary.item.lv-believe", "Believed (last visit)"},
	{"summary.item.lv-decide", "Decided together (last visit)"},
	{"summary.item.lv-respect", "Respected (last visit)"},
	{"summary.item.lv-judged", "Felt judged (last visit)"},
};

/* The compact pain line: "Pain now 5 worst 8 least 2". */
static const struct { const char *link_id, *key; } pain_line[] = {
	{"pain-now", "summary.pain_now"}, {"pain-worst", "summary.worst"}, {"pain-least", "summary.least"},
};
#define N_PAIN (int)(sizeof pain_line / sizeof pain_line[0])

/* Catalog text for key, else the built-in English, else NULL. */
static const char *lookup(const Sum *S, const char *key)
{
	const char *s = S->label ? S->label(S->ctx, key) : NULL;
	size_t i;
	if (s && *s) return s;
	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (strcmp(builtin[i].key, key) == 0) return builtin[i].en;
	return NULL;
}

static const char *L(const Sum *S, const char *key)
{
	const char *s = lookup(S, key);
	return s ? s : "";
}

static const char *item_label(const Sum *S, const char *prefix, const char *link_id)
{
	char key[160];
	snprintf(key, sizeof key, "summary.%s.%s", prefix, link_id);
	return lookup(S, key);
}

/* Appends UTF-8 line as ASCII lines of at most SUMMARY_WIDTH characters,
 * breaking at spaces; continuation lines are indented by two spaces. */
static void emit(Buf *out, const char *utf8, int wrap)
{
	char *a = translit_ascii(utf8);
	const char *p = a;
	int first = 1;
	while (*p == ' ' && !first) p++;
	for (;;) {
		int width = first ? SUMMARY_WIDTH : SUMMARY_WIDTH - 2;
		size_t n = strlen(p), cut;
		if (!first) buf_add(out, "  ");
		if (!wrap || (int)n <= width) {
			buf_add(out, p);
			buf_addc(out, '\n');
			break;
		}
		cut = (size_t)width;
		while (cut > 0 && p[cut] != ' ') cut--;
		if (cut == 0) cut = (size_t)width;
		while (cut > 0 && p[cut - 1] == ' ') cut--;
		if (cut == 0) cut = (size_t)width;
		buf_addn(out, p, cut);
		buf_addc(out, '\n');
		p += cut;
		while (*p == ' ') p++;
		if (!*p) break;
		first = 0;
	}
	free(a);
}

/* Label text without a trailing "(...)" explanation. */
static void add_short(Buf *b, const char *s)
{
	const char *paren = strstr(s, " (");
	if (paren && paren != s) buf_addn(b, s, (size_t)(paren - s));
	else buf_add(b, s);
}

static void add_value(const Sum *S, Buf *b, const QItem *it, const QValue *v)
{
	const QOption *o;
	switch (v->kind) {
	case QV_BOOL: buf_add(b, v->b ? L(S, "summary.yes") : L(S, "summary.no")); break;
	case QV_INT: buf_addf(b, "%lld", v->i); break;
	case QV_DEC: buf_addf(b, "%g", v->d); break;
	case QV_DATE: case QV_STRING:
		/* The patient's own line breaks would end the summary line. */
		for (const char *p = v->s ? v->s : ""; *p; p++)
			buf_addc(b, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
		break;
	case QV_CODING:
		o = qitem_option(it, v);
		if (o && o->label.n) add_short(b, qtext_get(&o->label, S->lang));
		else add_short(b, v->display ? v->display : v->s ? v->s : "");
		break;
	case QV_NONE: break;
	}
}

static void add_values(const Sum *S, Buf *b, const QItem *it, const QValue *v, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		if (i) buf_add(b, ", ");
		add_value(S, b, it, &v[i]);
	}
}

static int in_rule(const Sum *S, const char *form, const char *link_id)
{
	int i, j;
	for (i = 0; i < S->r->n_rules; i++) {
		const ScoreRule *ru = &S->r->rules[i];
		if (!str_eq(ru->form, form)) continue;
		for (j = 0; j < ru->n_items; j++)
			if (str_eq(ru->items[j], link_id)) return 1;
	}
	return 0;
}

static int is_pain_line(const char *link_id)
{
	int i;
	for (i = 0; i < N_PAIN; i++)
		if (str_eq(pain_line[i].link_id, link_id)) return 1;
	return 0;
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n >= m && strcmp(s + n - m, end) == 0;
}

/* Safety line "!! SAFETY: text"; the same text is written once. */
static void add_safety(Sum *S, const char *text)
{
	Buf line = {0};
	buf_addf(&line, "%s: %s", L(S, "summary.safety"), text);
	if (!S->safety.s || !strstr(S->safety.s, line.s)) {
		buf_add(&S->safety, line.s);
		buf_addc(&S->safety, '\n');
	}
	buf_free(&line);
}

/* Words for a display item marked alert: its catalog label, else the
 * answers that enabled it, else its own text. */
static void safety_display(Sum *S, const QItem *it)
{
	const char *form = qm_form_key(S->q);
	const char *lab = item_label(S, "alert", it->link_id);
	Buf b = {0};
	int i, n;
	if (lab) { add_safety(S, lab); return; }
	for (i = 0; i < it->n_enable_when; i++) {
		const QItem *src = qm_find(S->q, it->enable_when[i].question);
		const QValue *v;
		if (!src) continue;
		v = answers_get(S->r->answers, form, src->link_id, &n);
		if (it->enable_when[i].op == QOP_EQ && it->enable_when[i].answer.kind == QV_CODING) {
			int k;
			for (k = 0; k < n; k++)
				if (qvalue_cmp(&v[k], &it->enable_when[i].answer) == 0) {
					if (b.len) buf_add(&b, ", ");
					add_value(S, &b, src, &v[k]);
				}
		}
	}
	if (b.len) add_safety(S, b.s);
	else add_safety(S, qtext_get(&it->text, S->lang));
	buf_free(&b);
}

/* The item of S->q whose answer marks the worst of link_id's answers
 * (urn:accord:worst-of), or NULL. */
typedef struct WorstFind { const char *of; const QItem *found; } WorstFind;

static int find_worst(const QItem *it, void *vctx)
{
	WorstFind *w = vctx;
	if (it->worst_of && str_eq(it->worst_of, w->of) && !w->found) w->found = it;
	return 0;
}

/* Answers in words; a place list with a "worst" item reads
 * "Low back, Left knee (worst)" (the worst is added when not among them). */
static void add_places(const Sum *S, Buf *b, const QItem *it, const QValue *v, int n)
{
	WorstFind w = { it->link_id, NULL };
	const QValue *wv = NULL;
	int wn = 0, i, shown = 0;
	qm_walk(S->q, find_worst, &w);
	if (w.found && qm_enabled(S->q, w.found, S->r->answers))
		wv = answers_get(S->r->answers, qm_form_key(S->q), w.found->link_id, &wn);
	for (i = 0; i < n; i++) {
		if (i) buf_add(b, ", ");
		add_value(S, b, it, &v[i]);
		if (wn && qvalue_cmp(&v[i], &wv[0]) == 0) {
			buf_addf(b, " (%s)", L(S, "summary.worst"));
			shown = 1;
		}
	}
	if (wn && !shown) {
		buf_add(b, ", ");
		add_value(S, b, w.found, &wv[0]);
		buf_addf(b, " (%s)", L(S, "summary.worst"));
	}
}

static int visit_item(const QItem *it, void *vctx)
{
	Sum *S = vctx;
	const char *form = qm_form_key(S->q);
	const QValue *v;
	const char *lab;
	int n, i;
	Buf line = {0};

	if (!qm_enabled(S->q, it, S->r->answers)) return 0;
	if (it->type == QT_DISPLAY) {
		if (it->alert) safety_display(S, it);
		return 0;
	}
	if (!qitem_is_question(it)) return 0;
	v = answers_get(S->r->answers, form, it->link_id, &n);
	if (n == 0) return 0;

	for (i = 0; i < n; i++)
		if (v[i].kind == QV_CODING && str_eq(v[i].s, "slow-breathing")) {
			add_value(S, &line, it, &v[i]);
			add_safety(S, line.s);
			buf_free(&line);
		}
	if (it->alert && !(n == 1 && v[0].kind == QV_BOOL && !v[0].b)) {
		lab = item_label(S, "alert", it->link_id);
		buf_addf(&line, "%s: ", lab ? lab : qtext_get(&it->text, S->lang));
		add_values(S, &line, it, v, n);
		add_safety(S, line.s);
		buf_free(&line);
	}
	if (in_rule(S, form, it->link_id) || is_pain_line(it->link_id)) return 0;

	if (strncmp(it->link_id, "goal-", 5) == 0) {
		const QItem *hard;
		char hid[128];
		if (ends_with(it->link_id, "-hard")) return 0;
		buf_add(&S->goals, "- ");
		add_values(S, &S->goals, it, v, n);
		snprintf(hid, sizeof hid, "%s-hard", it->link_id);
		hard = qm_find(S->q, hid);
		if (hard && qm_enabled(S->q, hard, S->r->answers)) {
			int hn;
			const QValue *hv = answers_get(S->r->answers, form, hid, &hn);
			if (hn) {
				buf_addf(&S->goals, " (%s ", L(S, "summary.hard"));
				add_value(S, &S->goals, hard, &hv[0]);
				buf_add(&S->goals, "/10)");
			}
		}
		buf_addc(&S->goals, '\n');
		return 0;
	}
	if (strncmp(it->link_id, "se-", 3) == 0) {
		if (S->side.len) buf_add(&S->side, ", ");
		add_values(S, &S->side, it, v, n);
		return 0;
	}
	if (it->worst_of && qm_find(S->q, it->worst_of)) return 0;   /* written with the places it marks */
	lab = item_label(S, "item", it->link_id);
	buf_addf(&S->other, "%s: ", lab ? lab : qtext_get(&it->text, S->lang));
	add_places(S, &S->other, it, v, n);
	buf_addc(&S->other, '\n');
	return 0;
}

/* Emits each '\n'-separated line of b. */
static void emit_lines(Buf *out, const Buf *b)
{
	const char *p = b->s, *nl;
	if (!p) return;
	while (*p) {
		char *line;
		nl = strchr(p, '\n');
		if (!nl) nl = p + strlen(p);
		line = xstrndup(p, (size_t)(nl - p));
		emit(out, line, 1);
		free(line);
		p = *nl ? nl + 1 : nl;
	}
}

static const Questionnaire *form_of(const VisitRecord *r, const char *key)
{
	int i;
	for (i = 0; i < r->n_forms; i++)
		if (str_eq(qm_form_key(r->forms[i]), key)) return r->forms[i];
	return NULL;
}

static int pain_rule(const ScoreRule *ru)
{
	int j;
	for (j = 0; j < ru->n_items; j++)
		if (!is_pain_line(ru->items[j])) return 0;
	return ru->n_items > 0;
}

static void scores(Sum *S, Buf *out)
{
	const VisitRecord *r = S->r;
	Buf line = {0};
	int i, j, k;

	/* Pain line first. */
	for (i = 0; i < r->n_forms; i++) {
		const char *form = qm_form_key(r->forms[i]);
		for (j = 0; j < N_PAIN; j++) {
			const QItem *it = qm_find(r->forms[i], pain_line[j].link_id);
			const QValue *v;
			double d;
			int n;
			if (!it || !qm_enabled(r->forms[i], it, r->answers)) continue;
			v = answers_get(r->answers, form, it->link_id, &n);
			if (!n) continue;
			if (line.len) buf_addc(&line, ' ');
			buf_addf(&line, "%s ", L(S, pain_line[j].key));
			if (qvalue_number(it, &v[0], &d) == 0) buf_addf(&line, "%g", d);
			else add_value(S, &line, it, &v[0]);
		}
	}
	if (line.len) emit(out, line.s, 1);
	buf_free(&line);

	for (k = 0; k < r->n_rules; k++) {
		const ScoreRule *ru = &r->rules[k];
		const Questionnaire *q = form_of(r, ru->form);
		ScoreResult res;
		if (!q || pain_rule(ru)) continue;
		res = score_compute(ru, q, r->answers);
		if (!res.valid) {
			if (res.n_answered > 0) {
				buf_addf(&line, "%s %s (%d/%d %s)", ru->label, L(S, "summary.not_scored"),
					 res.n_answered, ru->n_items, L(S, "summary.answered"));
				emit(out, line.s, 1);
				buf_free(&line);
			}
			continue;
		}
		buf_addf(&line, "%s %.*f", ru->label ? ru->label : ru->id, ru->decimals, res.value);
		if (ru->decimals > 0) buf_addf(&line, " (%.0f)", floor(res.value + 0.5));
		/* Item values, when each has an abbreviation: [P7 E6 G6]. */
		for (j = 0; j < ru->n_items; j++)
			if (!item_label(S, "abbr", ru->items[j])) break;
		if (j == ru->n_items && ru->n_items > 0) {
			buf_add(&line, " [");
			for (j = 0; j < ru->n_items; j++) {
				const QItem *it = qm_find(q, ru->items[j]);
				const QValue *v;
				double d;
				int n;
				if (j) buf_addc(&line, ' ');
				buf_add(&line, item_label(S, "abbr", ru->items[j]));
				v = it ? answers_get(r->answers, ru->form, it->link_id, &n) : NULL;
				if (v && n && qvalue_number(it, &v[0], &d) == 0) buf_addf(&line, "%g", d);
				else buf_addc(&line, '-');
			}
			buf_addc(&line, ']');
		}
		if (ru->has_positive)
			buf_addf(&line, " %s", res.positive ? L(S, "summary.positive") : L(S, "summary.negative"));
		if (qm_unvalidated_translation(q, r->lang))   /* e.g. the Spanish PEG */
			buf_addf(&line, " (%s %s)", r->lang, L(S, "summary.not_validated"));
		emit(out, line.s, 1);
		buf_free(&line);
	}
}

static const char *clause_title(const VisitRecord *r, const ClauseMark *m)
{
	int i, n;
	if (m->title && *m->title) return m->title;
	n = r->agreement ? agreement_clause_count(r->agreement) : 0;
	for (i = 0; i < n; i++) {
		const AgClause *c = agreement_clause(r->agreement, i, NULL);
		if (c && str_eq(c->id, m->clause_id) && c->title) return c->title;
	}
	return m->clause_id ? m->clause_id : "?";
}

char *summary_build(const VisitRecord *r, const char *lang, SummaryLabel label, void *ctx)
{
	Sum S = {0};
	Buf out = {0}, line = {0};
	char when[32] = "";
	time_t t = (time_t)(r->completed ? r->completed : r->started);
	struct tm tm;
	int i, any;

	S.r = r;
	S.lang = lang ? lang : r->lang;
	S.label = label;
	S.ctx = ctx;
	if (localtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);

	/* Line 1 is never wrapped: scanners and staff look for it. */
	buf_addf(&line, "ACCORD %s %s %s %s", when, r->kiosk ? r->kiosk : "", L(&S, "summary.visit"),
		 r->code ? r->code : "");
	emit(&out, line.s, 0);
	buf_free(&line);

	if (r->id_mode == ID_PATIENT && ((r->last_name && *r->last_name) || (r->first_name && *r->first_name))) {
		buf_addf(&line, "%s: %s, %s", L(&S, "summary.name"), r->last_name ? r->last_name : "",
			 r->first_name ? r->first_name : "");
		emit(&out, line.s, 1);
		buf_free(&line);
	}
	if (r->id_mode == ID_PATIENT && r->birth_date && *r->birth_date) {
		buf_addf(&line, "%s %s", L(&S, "summary.dob"), r->birth_date);
		emit(&out, line.s, 1);
		buf_free(&line);
	}
	if (r->staff_ref && *r->staff_ref) {
		buf_addf(&line, "%s: %s", L(&S, "summary.ref"), r->staff_ref);
		emit(&out, line.s, 1);
		buf_free(&line);
	}
	if (r->lang && S.lang && !str_eq(r->lang, S.lang)) {
		buf_addf(&line, "%s: %s", L(&S, "summary.patient_lang"), r->lang);
		emit(&out, line.s, 1);
		buf_free(&line);
	}

	scores(&S, &out);

	for (i = 0; i < r->n_forms; i++) {
		S.q = r->forms[i];
		qm_walk(S.q, visit_item, &S);
	}
	emit_lines(&out, &S.safety);
	if (S.goals.len) {
		buf_addf(&line, "%s:", L(&S, "summary.goals"));
		emit(&out, line.s, 1);
		buf_free(&line);
		emit_lines(&out, &S.goals);
	}
	if (S.side.len) {
		buf_addf(&line, "%s: %s", L(&S, "summary.side_effects"), S.side.s);
		emit(&out, line.s, 1);
		buf_free(&line);
	}
	emit_lines(&out, &S.other);

	any = 0;
	for (i = 0; i < r->n_marks; i++) {
		const ClauseMark *m = &r->marks[i];
		int has_q = m->question && *m->question;
		if (!m->discuss && !has_q) continue;
		if (!any++) {
			buf_addf(&line, "%s:", L(&S, "summary.discuss"));
			emit(&out, line.s, 1);
			buf_free(&line);
		}
		buf_addf(&line, "- %s", clause_title(r, m));
		emit(&out, line.s, 1);
		buf_free(&line);
		if (has_q) {
			buf_addf(&line, "  %s: \"%s\"", L(&S, "summary.question"), m->question);
			emit(&out, line.s, 1);
			buf_free(&line);
		}
	}
	if (r->agreement_skipped) {
		emit(&out, L(&S, "summary.skipped"), 1);
	} else if (r->agreement_seconds > 0 || r->n_marks > 0) {
		buf_addf(&line, "%s %dm %02ds", L(&S, "summary.read_time"), r->agreement_seconds / 60,
			 r->agreement_seconds % 60);
		emit(&out, line.s, 1);
		buf_free(&line);
	}
	buf_free(&S.safety);
	buf_free(&S.goals);
	buf_free(&S.side);
	buf_free(&S.other);
	return buf_take(&out);
}
