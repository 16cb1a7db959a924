/* export/summary.c - see summary.h. The sections come from the content:
 * each item's urn:accord:summary mark (score, goal, goal-rating,
 * side-effect, medicine, discuss, omit) and urn:accord:alert say where its
 * answer goes, and urn:accord:summary-label gives its short label; the
 * scoring table gives the score lines. No linkId is known here, so a
 * clinic's own form gets the same sections. */
#include "export/summary.h"
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
	Buf safety;               /* "\n"-separated safety texts, each once */
	Buf scores, goals, side, meds, discuss, other;   /* "; "-joined entries */
	int goal_open;            /* the last goals entry may take a rating */
} Sum;

/* Built-in English for every key (the catalog overrides). Headings are
 * upper case: they stand out in a note and pack densely in a QR code. */
static const struct { const char *key, *en; } builtin[] = {
	{"summary.visit", "VISIT"}, {"summary.name", "Name"}, {"summary.dob", "DOB"},
	{"summary.ref", "Ref"}, {"summary.patient_lang", "Patient language"},
	{"summary.positive", "POSITIVE SCREEN"}, {"summary.negative", "NEG"},
	{"summary.not_scored", "not scored"}, {"summary.answered", "answered"},
	{"summary.safety", "!! SAFETY"}, {"summary.goals", "GOALS"}, {"summary.hard", "hard"},
	{"summary.safety_changed", "changed later; alert sent"},
	{"summary.partial", "PARTIAL: left before finishing"},
	{"summary.side_effects", "SIDE EFFECTS"}, {"summary.medicines", "MEDICINES"},
	{"summary.discuss", "TO DISCUSS"}, {"summary.other", "ANSWERS"},
	{"summary.read_time", "AGREEMENT READ"}, {"summary.skipped", "AGREEMENT SKIPPED"},
	{"summary.yes", "Yes"}, {"summary.no", "No"},
	{"summary.not_validated", "translation not validated"}, {"summary.worst", "worst"},
};

/* Catalog text for key, else the built-in English, else "". */
static const char *L(const Sum *S, const char *key)
{
	const char *s = S->label ? S->label(S->ctx, key) : NULL;
	size_t i;
	if (s && *s) return s;
	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (strcmp(builtin[i].key, key) == 0) return builtin[i].en;
	return "";
}

/* The item's short label from the content, else its full text. */
static const char *item_label(const Sum *S, const QItem *it)
{
	if (it->summary_label.n) return qtext_get(&it->summary_label, S->lang);
	return qtext_get(&it->text, S->lang);
}

/* Appends patient or content text: a line break or tab would end the
 * summary line (a scanner types it as Enter), so it becomes a space. */
static void add_text(Buf *b, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++)
		buf_addc(b, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
}

/* Label text without a trailing "(...)" explanation. */
static void add_short(Buf *b, const char *s)
{
	const char *paren = strstr(s, " (");
	if (paren && paren != s) {
		char *t = xstrndup(s, (size_t)(paren - s));
		add_text(b, t);
		free(t);
	} else {
		add_text(b, s);
	}
}

static void add_value(const Sum *S, Buf *b, const QItem *it, const QValue *v)
{
	const QOption *o;
	switch (v->kind) {
	case QV_BOOL: buf_add(b, v->b ? L(S, "summary.yes") : L(S, "summary.no")); break;
	case QV_INT: buf_addf(b, "%lld", v->i); break;
	case QV_DEC: buf_addf(b, "%g", v->d); break;
	case QV_DATE: case QV_STRING: add_text(b, v->s); break;
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
	for (int i = 0; i < n; i++) {
		if (i) buf_add(b, ", ");
		add_value(S, b, it, &v[i]);
	}
}

/* Starts a new "; "-joined entry in section b. */
static void entry(Buf *b)
{
	if (b->len) buf_add(b, "; ");
	else buf_add(b, "");
}

static int in_rule(const Sum *S, const char *form, const char *link_id)
{
	for (int i = 0; i < S->r->n_rules; i++) {
		const ScoreRule *ru = &S->r->rules[i];
		if (!str_eq(ru->form, form)) continue;
		for (int j = 0; j < ru->n_items; j++)
			if (str_eq(ru->items[j], link_id)) return 1;
	}
	return 0;
}

/* ---- safety first: the one place that decides what is urgent ---- */

static void add_safety(Sum *S, const char *text)
{
	Buf line = {0}, all = {0};
	buf_add(&line, "\n");
	add_text(&line, text);
	buf_addc(&line, '\n');
	buf_add(&all, "\n");
	buf_add(&all, S->safety.s ? S->safety.s : "");
	/* each text once (an alert display item often repeats its answer) */
	if (!strstr(all.s, line.s)) buf_add(&S->safety, line.s + 1);
	buf_free(&line);
	buf_free(&all);
}

/* Words for an alert display item the answers enabled: the answers that
 * enabled it (what the patient said), else its own text. An answer the
 * safety table names has its own line already (safety_rules). */
static void safety_display(Sum *S, const QItem *it)
{
	const char *form = qm_form_key(S->q);
	Buf b = {0};
	int n;
	for (int i = 0; i < it->n_enable_when; i++) {
		const QItem *src = qm_find(S->q, it->enable_when[i].question);
		const QValue *v;
		if (!src) continue;
		if (safety_rule_for(S->r->safety, S->r->n_safety, form, src->link_id, &it->enable_when[i].answer)) {
			buf_free(&b);
			return;
		}
		v = answers_get(S->r->answers, form, src->link_id, &n);
		if (it->enable_when[i].op != QOP_EQ) continue;
		for (int k = 0; k < n; k++)
			if (qvalue_cmp(&v[k], &it->enable_when[i].answer) == 0) {
				if (b.len) buf_add(&b, ", ");
				add_value(S, &b, src, &v[k]);
			}
	}
	add_safety(S, b.len ? b.s : qtext_get(&it->text, S->lang));
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

static int safety_item(const QItem *it, void *vctx)
{
	Sum *S = vctx;
	const QValue *v;
	Buf line = {0};
	int n;
	if (!it->alert || !qm_enabled(S->q, it, S->r->answers)) return 0;
	if (it->type == QT_DISPLAY) { safety_display(S, it); return 0; }
	if (!qitem_is_question(it)) return 0;
	v = answers_get(S->r->answers, qm_form_key(S->q), it->link_id, &n);
	if (n == 0 || (n == 1 && v[0].kind == QV_BOOL && !v[0].b)) return 0;
	buf_addf(&line, "%s: ", item_label(S, it));
	add_values(S, &line, it, v, n);
	add_safety(S, line.s);
	buf_free(&line);
	return 0;
}

/* One line per rule of the safety table raised in the visit (or met by
 * the answers when the record does not say): its catalog label
 * (summary.safety.<id>), else the table's words. An answer changed after
 * its alert went out is still listed, and says so. */
static void safety_rules(Sum *S)
{
	const VisitRecord *r = S->r;
	for (int i = 0; i < r->n_safety; i++) {
		const SafetyRule *ru = &r->safety[i];
		int met = safety_met(ru, r->forms, r->n_forms, r->answers, NULL);
		const char *lab;
		char key[160];
		Buf line = {0};
		if (!met && !(r->raised && r->raised[i])) continue;
		snprintf(key, sizeof key, "summary.safety.%s", ru->id);
		lab = S->label ? S->label(S->ctx, key) : NULL;
		buf_add(&line, lab && *lab ? lab : ru->label);
		if (!met) buf_addf(&line, " (%s)", L(S, "summary.safety_changed"));
		add_safety(S, line.s);
		buf_free(&line);
	}
}

/* Safety lines first ("!! SAFETY: ..."): the safety table's answers, then
 * the content's alert marks: an alert question answered other than "no", an
 * alert display item the answers enabled. */
static void safety_lines(Sum *S, Buf *out)
{
	const char *p, *nl;
	safety_rules(S);
	for (int i = 0; i < S->r->n_forms; i++) {
		S->q = S->r->forms[i];
		qm_walk(S->q, safety_item, S);
	}
	for (p = S->safety.s; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		buf_addf(out, "%s: %.*s\n", L(S, "summary.safety"), (int)(nl - p), p);
	}
}

/* ---- the other sections, by mark ---- */

static void goal_rating(Sum *S, const QItem *it, const QValue *v)
{
	if (!S->goal_open) return;   /* a rating without its goal says nothing */
	buf_addf(&S->goals, " (%s ", L(S, "summary.hard"));
	add_value(S, &S->goals, it, v);
	if (it->has_max) buf_addf(&S->goals, "/%g", it->max_value);
	buf_addc(&S->goals, ')');
	S->goal_open = 0;
}

/* "Label: values" into section b. */
static void labelled(Sum *S, Buf *b, const QItem *it, const QValue *v, int n)
{
	entry(b);
	add_text(b, item_label(S, it));
	buf_add(b, ": ");
	add_places(S, b, it, v, n);
}

static int section_item(const QItem *it, void *vctx)
{
	Sum *S = vctx;
	const char *form = qm_form_key(S->q);
	const QValue *v;
	int n;
	if (!qitem_is_question(it) || !qm_enabled(S->q, it, S->r->answers)) return 0;
	v = answers_get(S->r->answers, form, it->link_id, &n);
	if (n == 0 || (it->summary != QSUM_SCORE && in_rule(S, form, it->link_id))) return 0;
	if (it->worst_of && qm_find(S->q, it->worst_of)) return 0;   /* written with the places it marks */
	if (it->alert && !(n == 1 && v[0].kind == QV_BOOL && !v[0].b)) return 0;   /* on a safety line already */
	switch (it->summary) {
	case QSUM_OMIT: break;
	case QSUM_SCORE:
		entry(&S->scores);
		add_text(&S->scores, item_label(S, it));
		buf_addc(&S->scores, ' ');
		add_values(S, &S->scores, it, v, n);
		break;
	case QSUM_GOAL:
		entry(&S->goals);
		add_values(S, &S->goals, it, v, n);
		S->goal_open = 1;
		break;
	case QSUM_GOAL_RATING: goal_rating(S, it, &v[0]); break;
	case QSUM_SIDE_EFFECT:
		entry(&S->side);
		add_values(S, &S->side, it, v, n);
		break;
	case QSUM_MEDICINE: labelled(S, &S->meds, it, v, n); break;
	case QSUM_DISCUSS: labelled(S, &S->discuss, it, v, n); break;
	case QSUM_NONE: labelled(S, &S->other, it, v, n); break;
	}
	return 0;
}

static const Questionnaire *form_of(const VisitRecord *r, const char *key)
{
	for (int i = 0; i < r->n_forms; i++)
		if (str_eq(qm_form_key(r->forms[i]), key)) return r->forms[i];
	return NULL;
}

/* One line per score rule: "PEG 6.3 (6) [P7 E6 G6]", "PHQ-2 4 POSITIVE SCREEN". */
static void score_rules(Sum *S, Buf *out)
{
	const VisitRecord *r = S->r;
	for (int k = 0; k < r->n_rules; k++) {
		const ScoreRule *ru = &r->rules[k];
		const Questionnaire *q = form_of(r, ru->form);
		const char *name = ru->label ? ru->label : ru->id;
		ScoreResult res;
		int j, labelled_all = ru->n_items > 0, all_marked = ru->n_items > 0;
		if (!q) continue;
		/* a rule over score-marked items only is on the score line already */
		for (j = 0; j < ru->n_items; j++) {
			const QItem *it = qm_find(q, ru->items[j]);
			if (!it || it->summary != QSUM_SCORE) all_marked = 0;
		}
		if (all_marked) continue;
		res = score_compute(ru, q, r->answers);
		if (!res.valid) {
			if (res.n_answered > 0)
				buf_addf(out, "%s %s (%d/%d %s)\n", name, L(S, "summary.not_scored"), res.n_answered,
					 ru->n_items, L(S, "summary.answered"));
			continue;
		}
		buf_addf(out, "%s %.*f", name, ru->decimals, res.value);
		if (ru->decimals > 0) buf_addf(out, " (%.0f)", floor(res.value + 0.5));
		/* the item values, when the content gives each a short label */
		for (j = 0; j < ru->n_items; j++) {
			const QItem *it = qm_find(q, ru->items[j]);
			if (!it || !it->summary_label.n) labelled_all = 0;
		}
		if (labelled_all) {
			buf_add(out, " [");
			for (j = 0; j < ru->n_items; j++) {
				const QItem *it = qm_find(q, ru->items[j]);
				const QValue *v;
				double d;
				int n;
				if (j) buf_addc(out, ' ');
				add_text(out, qtext_get(&it->summary_label, S->lang));
				v = answers_get(r->answers, ru->form, it->link_id, &n);
				if (n && qvalue_number(it, &v[0], &d) == 0) buf_addf(out, "%g", d);
				else buf_addc(out, '-');
			}
			buf_addc(out, ']');
		}
		if (ru->has_positive)
			buf_addf(out, " %s", res.positive ? L(S, "summary.positive") : L(S, "summary.negative"));
		if (qm_unvalidated_translation(q, r->lang))   /* e.g. the Spanish PEG */
			buf_addf(out, " (%s %s)", r->lang, L(S, "summary.not_validated"));
		buf_addc(out, '\n');
	}
}

static const char *clause_title(const VisitRecord *r, const ClauseMark *m)
{
	int n = r->agreement ? agreement_clause_count(r->agreement) : 0;
	if (m->title && *m->title) return m->title;
	for (int i = 0; i < n; i++) {
		const AgClause *c = agreement_clause(r->agreement, i, NULL);
		if (c && str_eq(c->id, m->clause_id) && c->title) return c->title;
	}
	return m->clause_id ? m->clause_id : "?";
}

/* What the patient wants to talk about: agreement parts (with the typed
 * question), then the items marked discuss. */
static void discuss_line(Sum *S, Buf *out)
{
	Buf b = {0};
	buf_add(&b, "");
	for (int i = 0; i < S->r->n_marks; i++) {
		const ClauseMark *m = &S->r->marks[i];
		int has_q = m->question && *m->question;
		if (!m->discuss && !has_q) continue;
		entry(&b);
		add_text(&b, clause_title(S->r, m));
		if (has_q) {
			buf_add(&b, " - \"");
			add_text(&b, m->question);
			buf_addc(&b, '"');
		}
	}
	if (S->discuss.len) {
		entry(&b);
		buf_add(&b, S->discuss.s);
	}
	if (b.len) buf_addf(out, "%s: %s\n", L(S, "summary.discuss"), b.s);
	buf_free(&b);
}

static void section(const Sum *S, Buf *out, const char *key, const Buf *b)
{
	if (b->len) buf_addf(out, "%s: %s\n", L(S, key), b->s);
}

/* "2026-11-06 09:15 -05:00": local time with its offset from UTC. */
static void when(long long unix_s, char *out, size_t n)
{
	time_t t = (time_t)unix_s;
	struct tm tm;
	char z[8];
	out[0] = 0;
	if (!localtime_r(&t, &tm)) return;
	strftime(out, n, "%Y-%m-%d %H:%M ", &tm);
	strftime(z, sizeof z, "%z", &tm);   /* "-0500" */
	if (strlen(z) == 5) snprintf(out + strlen(out), n - strlen(out), "%.3s:%s", z, z + 3);
}

char *summary_build(const VisitRecord *r, const char *lang, SummaryLabel label, void *ctx)
{
	Sum S = {0};
	Buf out = {0};
	char at[40];

	S.r = r;
	S.lang = lang ? lang : r->lang;
	S.label = label;
	S.ctx = ctx;
	when(r->completed ? r->completed : r->started, at, sizeof at);

	buf_addf(&out, "ACCORD %s %s %s %s\n", at, r->kiosk ? r->kiosk : "", L(&S, "summary.visit"), r->code ? r->code : "");
	if (r->id_mode == ID_PATIENT && ((r->last_name && *r->last_name) || (r->first_name && *r->first_name))) {
		buf_addf(&out, "%s: ", L(&S, "summary.name"));
		add_text(&out, r->last_name);
		buf_add(&out, ", ");
		add_text(&out, r->first_name);
		buf_addc(&out, '\n');
	}
	if (r->id_mode == ID_PATIENT && r->birth_date && *r->birth_date)
		buf_addf(&out, "%s %s\n", L(&S, "summary.dob"), r->birth_date);
	if (r->staff_ref && *r->staff_ref) {
		buf_addf(&out, "%s: ", L(&S, "summary.ref"));
		add_text(&out, r->staff_ref);
		buf_addc(&out, '\n');
	}
	if (r->lang && S.lang && !str_eq(r->lang, S.lang))
		buf_addf(&out, "%s: %s\n", L(&S, "summary.patient_lang"), r->lang);

	if (r->partial) buf_addf(&out, "%s\n", L(&S, "summary.partial"));
	safety_lines(&S, &out);

	for (int i = 0; i < r->n_forms; i++) {
		S.q = r->forms[i];
		S.goal_open = 0;
		qm_walk(S.q, section_item, &S);
		if (S.scores.len) {   /* one score line per form: "Pain now 5; worst 8; least 2" */
			buf_add(&out, S.scores.s);
			buf_addc(&out, '\n');
			S.scores.len = 0;
			S.scores.s[0] = 0;
		}
	}
	score_rules(&S, &out);
	discuss_line(&S, &out);
	section(&S, &out, "summary.goals", &S.goals);
	section(&S, &out, "summary.side_effects", &S.side);
	section(&S, &out, "summary.medicines", &S.meds);
	section(&S, &out, "summary.other", &S.other);

	if (r->agreement_skipped)
		buf_addf(&out, "%s\n", L(&S, "summary.skipped"));
	else if (r->agreement_seconds > 0 || r->n_marks > 0)
		buf_addf(&out, "%s %dm %02ds\n", L(&S, "summary.read_time"), r->agreement_seconds / 60,
			 r->agreement_seconds % 60);

	buf_free(&S.safety);
	buf_free(&S.scores);
	buf_free(&S.goals);
	buf_free(&S.side);
	buf_free(&S.meds);
	buf_free(&S.discuss);
	buf_free(&S.other);
	return buf_take(&out);
}
