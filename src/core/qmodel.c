/* core/qmodel.c - the questionnaire model: texts in several languages,
 * answer values and their comparison (for enableWhen), lookups and walks,
 * and freeing. Pure C, libc only; content/questionnaire.c builds the model
 * from FHIR JSON. See core/qmodel.h. */
#include "core/qmodel.h"
#include "core/util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *qtext_get(const QText *t, const char *lang)
{
	if (!t || t->n == 0) return "";
	if (lang) {
		size_t n = strlen(lang);
		for (int i = 0; i < t->n; i++)
			if (str_eq(t->lang[i], lang)) return t->str[i];
		/* "en" matches "en-US" and the other way round */
		for (int i = 0; i < t->n; i++) {
			const char *l = t->lang[i];
			size_t m = l ? strlen(l) : 0;
			if (!l) continue;
			if ((m > n && strncmp(l, lang, n) == 0 && l[n] == '-') ||
			    (n > m && strncmp(l, lang, m) == 0 && lang[m] == '-'))
				return t->str[i];
		}
	}
	return t->str[0] ? t->str[0] : "";
}

void qtext_set(QText *t, const char *lang, const char *str)
{
	if (!lang) lang = "";
	for (int i = 0; i < t->n; i++) {
		if (str_eq(t->lang[i], lang)) {
			free(t->str[i]);
			t->str[i] = xstrdup(str ? str : "");
			return;
		}
	}
	if (t->n >= QM_MAX_LANGS) return;    /* the loader warns before this */
	t->lang[t->n] = xstrdup(lang);
	t->str[t->n] = xstrdup(str ? str : "");
	t->n++;
}

void qtext_free(QText *t)
{
	if (!t) return;
	for (int i = 0; i < t->n; i++) {
		free(t->lang[i]);
		free(t->str[i]);
	}
	memset(t, 0, sizeof *t);
}

void qvalue_free(QValue *v)
{
	if (!v) return;
	free(v->s);
	free(v->system);
	free(v->display);
	memset(v, 0, sizeof *v);
}

QValue qvalue_copy(const QValue *v)
{
	QValue c = *v;
	c.s = xstrdup(v->s);
	c.system = xstrdup(v->system);
	c.display = xstrdup(v->display);
	return c;
}

static int sign(double d)
{
	return d < 0 ? -1 : d > 0 ? 1 : 0;
}

static int str_sign(const char *a, const char *b)
{
	return sign((double)strcmp(a ? a : "", b ? b : ""));
}

/* Codings are equal on code (and system when both have one); codings
 * without a code (real forms have display-only options) compare on display. */
static int coding_eq(const QValue *a, const QValue *b)
{
	if (a->s && b->s) {
		if (strcmp(a->s, b->s) != 0) return 0;
		return !a->system || !b->system || strcmp(a->system, b->system) == 0;
	}
	if (!a->s && !b->s && a->display && b->display)
		return strcmp(a->display, b->display) == 0;
	return 0;
}

int qvalue_cmp(const QValue *a, const QValue *b)
{
	int an = a->kind == QV_INT || a->kind == QV_DEC;
	int bn = b->kind == QV_INT || b->kind == QV_DEC;
	if (an && bn) {
		if (a->kind == QV_INT && b->kind == QV_INT)
			return a->i < b->i ? -1 : a->i > b->i;
		double x = a->kind == QV_INT ? (double)a->i : a->d;
		double y = b->kind == QV_INT ? (double)b->i : b->d;
		if (isnan(x) || isnan(y)) return 2;
		return sign(x - y);
	}
	if (a->kind != b->kind) return 2;
	switch (a->kind) {
	case QV_NONE: return 0;
	case QV_BOOL: return (!!a->b) - (!!b->b);
	case QV_DATE: /* ISO dates order as strings */
	case QV_STRING: return str_sign(a->s, b->s);
	case QV_CODING: return coding_eq(a, b) ? 0 : 2;
	default: return 2;
	}
}

const QOption *qitem_option(const QItem *it, const QValue *v)
{
	if (!it || !v) return NULL;
	for (int i = 0; i < it->n_options; i++)
		if (qvalue_cmp(&it->options[i].value, v) == 0) return &it->options[i];
	return NULL;
}

int qvalue_number(const QItem *it, const QValue *v, double *out)
{
	const QOption *o = qitem_option(it, v);
	if (o && o->has_ordinal) { *out = o->ordinal; return 0; }
	if (v->kind == QV_INT) { *out = (double)v->i; return 0; }
	if (v->kind == QV_DEC) { *out = v->d; return 0; }
	return -1;
}

/* Same primary language subtag: "en" and "en-US" match. */
static int same_language(const char *a, const char *b)
{
	size_t n = strcspn(a, "-_"), m = strcspn(b, "-_");
	return n == m && strncasecmp(a, b, n) == 0;
}

int qm_unvalidated_translation(const Questionnaire *q, const char *lang)
{
	if (!q || !lang || !*lang || q->translation_validated || q->title.n == 0 || !q->title.lang[0])
		return 0;
	return !same_language(q->title.lang[0], lang);
}

const char *qm_form_key(const Questionnaire *q)
{
	if (!q) return "";
	if (q->url) return q->url;
	if (q->id) return q->id;
	return q->source ? q->source : "";
}

const char *qtype_name(QType t)
{
	static const char *const names[] = {
		"group", "display", "boolean", "decimal", "integer", "date",
		"string", "text", "choice", "open-choice"
	};
	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

const char *qop_name(QOp op)
{
	static const char *const names[] = { "exists", "=", "!=", ">", "<", ">=", "<=" };
	return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

static int walk_items(const QItem *items, int n, int (*fn)(const QItem *, void *), void *ctx)
{
	for (int i = 0; i < n; i++) {
		int r = fn(&items[i], ctx);
		if (r) return r;
		r = walk_items(items[i].children, items[i].n_children, fn, ctx);
		if (r) return r;
	}
	return 0;
}

int qm_walk(const Questionnaire *q, int (*fn)(const QItem *, void *), void *ctx)
{
	return q ? walk_items(q->items, q->n_items, fn, ctx) : 0;
}

typedef struct FindCtx { const char *id; const QItem *found; } FindCtx;

static int find_fn(const QItem *it, void *ctx)
{
	FindCtx *f = ctx;
	if (str_eq(it->link_id, f->id)) { f->found = it; return 1; }
	return 0;
}

const QItem *qm_find(const Questionnaire *q, const char *link_id)
{
	FindCtx f = { link_id, NULL };
	if (!link_id) return NULL;
	qm_walk(q, find_fn, &f);
	return f.found;
}

static int count_fn(const QItem *it, void *ctx)
{
	(void)it;
	(*(int *)ctx)++;
	return 0;
}

int qm_count_items(const Questionnaire *q)
{
	int n = 0;
	qm_walk(q, count_fn, &n);
	return n;
}

int qm_count_words(const char *s)
{
	int n = 0, in = 0;
	for (; s && *s; s++) {
		int sp = *s == ' ' || *s == '\n' || *s == '\t';
		if (!sp && !in) n++;
		in = !sp;
	}
	return n;
}

typedef struct Cost { const char *lang; int words, taps; } Cost;

static int cost_fn(const QItem *it, void *ctx)
{
	Cost *c = ctx;
	if (it->hidden || it->type == QT_GROUP || (it->type == QT_DISPLAY && !it->alert)) return 0;
	c->words += qm_count_words(qtext_get(&it->text, c->lang));
	if (!qitem_is_scale(it))
		for (int i = 0; i < it->n_options; i++) c->words += qm_count_words(qtext_get(&it->options[i].label, c->lang));
	c->taps += it->type == QT_DISPLAY ? 1 : 2;   /* an answer and Next */
	return 0;
}

void qm_cost(const Questionnaire *q, const char *lang, int *words, int *taps)
{
	Cost c = { lang, 0, 0 };
	qm_walk(q, cost_fn, &c);
	*words += c.words;
	*taps += c.taps;
}

int qm_cost_seconds(int words, int taps) { return words * 60 / 100 + 2 * taps; }

int qitem_is_scale(const QItem *it)
{
	if (!it) return 0;
	if (it->type == QT_INTEGER && it->n_options == 0)
		return it->has_min && it->has_max && it->min_value == 0 && it->max_value == 10;
	if ((it->type == QT_CHOICE || it->type == QT_INTEGER) && it->n_options == 11) {
		for (int k = 0; k < 11; k++) {
			const QOption *o = &it->options[k];
			double v;
			if (o->has_ordinal) v = o->ordinal;
			else if (o->value.kind == QV_INT) v = (double)o->value.i;
			else return 0;
			if (v != k) return 0;
		}
		return 1;
	}
	return 0;
}

int qitem_is_question(const QItem *it)
{
	return it && it->type != QT_GROUP && it->type != QT_DISPLAY;
}

static void qcode_free(QCode *c)
{
	free(c->system);
	free(c->code);
	free(c->display);
}

void qitem_free(QItem *it)
{
	if (!it) return;
	free(it->link_id);
	qtext_free(&it->text);
	free(it->prefix);
	for (int i = 0; i < it->n_options; i++) {
		qvalue_free(&it->options[i].value);
		qtext_free(&it->options[i].label);
	}
	free(it->options);
	for (int i = 0; i < it->n_initial; i++) qvalue_free(&it->initial[i]);
	free(it->initial);
	for (int i = 0; i < it->n_enable_when; i++) {
		free(it->enable_when[i].question);
		qvalue_free(&it->enable_when[i].answer);
	}
	free(it->enable_when);
	for (int i = 0; i < it->n_codes; i++) qcode_free(&it->codes[i]);
	free(it->codes);
	for (int i = 0; i < it->n_children; i++) qitem_free(&it->children[i]);
	free(it->children);
	qtext_free(&it->anchor_low);
	qtext_free(&it->anchor_high);
	qtext_free(&it->open_label);
	free(it->control);
	free(it->worst_of);
	qtext_free(&it->summary_label);
	memset(it, 0, sizeof *it);
}

void questionnaire_free(Questionnaire *q)
{
	if (!q) return;
	free(q->id);
	free(q->url);
	free(q->version);
	free(q->name);
	free(q->status);
	free(q->source);
	qtext_free(&q->title);
	for (int i = 0; i < q->n_codes; i++) qcode_free(&q->codes[i]);
	free(q->codes);
	for (int i = 0; i < q->n_items; i++) qitem_free(&q->items[i]);
	free(q->items);
	free(q);
}

int qsummary_parse(const char *code)
{
	static const char *const names[] = {
		[QSUM_NONE] = "answer", [QSUM_SCORE] = "score", [QSUM_GOAL] = "goal",
		[QSUM_GOAL_RATING] = "goal-rating", [QSUM_SIDE_EFFECT] = "side-effect",
		[QSUM_MEDICINE] = "medicine", [QSUM_DISCUSS] = "discuss", [QSUM_OMIT] = "omit",
	};
	for (int i = 0; code && i < (int)(sizeof names / sizeof names[0]); i++)
		if (!strcmp(names[i], code)) return i;
	return -1;
}
