/* tests/unit/qmodel_test.c - the core questionnaire model without JSON:
 * texts, value comparison, lookups, answers and enableWhen (every operator,
 * all/any, answers nested in groups, hidden parents hide children). */
#include "core/answers.h"
#include "core/util.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>

#define FORM "urn:test:form"

static QValue vint(long long i) { QValue v = { .kind = QV_INT, .i = i }; return v; }
static QValue vdec(double d) { QValue v = { .kind = QV_DEC, .d = d }; return v; }
static QValue vbool(int b) { QValue v = { .kind = QV_BOOL, .b = b }; return v; }
static QValue vstr(const char *s) { QValue v = { .kind = QV_STRING, .s = (char *)s }; return v; }
static QValue vdate(const char *s) { QValue v = { .kind = QV_DATE, .s = (char *)s }; return v; }
static QValue vcode(const char *sys, const char *c)
{
	QValue v = { .kind = QV_CODING, .s = (char *)c, .system = (char *)sys };
	return v;
}

/* Form: group g { q (type t), child c }, top-level d with enableWhen on q. */
static Questionnaire *form_with(QType t, QOp op, QValue ans, int any)
{
	Questionnaire *q = xcalloc(1, sizeof *q);
	QItem *g, *d;
	q->url = xstrdup(FORM);
	q->n_items = 2;
	q->items = xcalloc(2, sizeof(QItem));
	g = &q->items[0];
	g->link_id = xstrdup("g");
	g->type = QT_GROUP;
	g->n_children = 2;
	g->children = xcalloc(2, sizeof(QItem));
	g->children[0].link_id = xstrdup("q");
	g->children[0].type = t;
	g->children[0].parent = g;
	g->children[1].link_id = xstrdup("other");
	g->children[1].type = QT_INTEGER;
	g->children[1].parent = g;
	d = &q->items[1];
	d->link_id = xstrdup("d");
	d->type = QT_STRING;
	d->n_enable_when = 1;
	d->enable_when = xcalloc(1, sizeof(QEnableWhen));
	d->enable_when[0].question = xstrdup("q");
	d->enable_when[0].op = op;
	d->enable_when[0].answer = qvalue_copy(&ans);
	d->enable_any = any;
	return q;
}

/* Is d shown when q holds vals[0..n)? */
static int shown(QType t, QOp op, QValue ans, const QValue *vals, int n)
{
	Questionnaire *q = form_with(t, op, ans, 0);
	Answers *a = answers_new();
	int r;
	answers_set(a, FORM, "q", vals, n);
	r = qm_enabled(q, qm_find(q, "d"), a);
	answers_free(a);
	questionnaire_free(q);
	return r;
}

static void qtext_falls_back_to_the_form_language(void)
{
	QText t = { 0 };
	qtext_set(&t, "de", "Schmerz");
	qtext_set(&t, "en", "Pain");
	CHECK(strcmp(qtext_get(&t, "en"), "Pain") == 0);
	CHECK(strcmp(qtext_get(&t, "en-US"), "Pain") == 0);
	CHECK(strcmp(qtext_get(&t, "fr"), "Schmerz") == 0);
	qtext_set(&t, "en", "Pain!");
	CHECK(t.n == 2 && strcmp(qtext_get(&t, "en"), "Pain!") == 0);
	qtext_free(&t);
	CHECK(strcmp(qtext_get(&t, "en"), "") == 0);
}

static void qvalue_cmp_orders_numbers_dates_and_strings(void)
{
	QValue a = vint(3), b = vdec(3.5), c = vdate("2024-01-02"), d = vdate("2023-12-31");
	QValue x = vcode("http://loinc.org", "LA1"), y = vcode(NULL, "LA1"), z = vcode("s", "LA2");
	QValue s = vstr("b"), t = vstr("a");
	CHECK(qvalue_cmp(&a, &b) < 0);
	CHECK(qvalue_cmp(&b, &a) > 0);
	CHECK(qvalue_cmp(&c, &d) > 0);
	CHECK(qvalue_cmp(&s, &t) > 0);
	CHECK(qvalue_cmp(&x, &y) == 0);
	CHECK(qvalue_cmp(&x, &z) == 2);
	CHECK(qvalue_cmp(&a, &s) == 2);
}

static void enablewhen_equal_on_every_value_kind(void)
{
	QValue b = vbool(1), i = vint(4), d = vdec(2.5), dt = vdate("2020-05-01");
	QValue s = vstr("yes"), c = vcode("sys", "Y");
	QValue nb = vbool(0), ni = vint(5), nc = vcode("sys", "N");
	CHECK(shown(QT_BOOLEAN, QOP_EQ, b, &b, 1));
	CHECK(!shown(QT_BOOLEAN, QOP_EQ, b, &nb, 1));
	CHECK(shown(QT_INTEGER, QOP_EQ, i, &i, 1));
	CHECK(!shown(QT_INTEGER, QOP_EQ, i, &ni, 1));
	CHECK(shown(QT_DECIMAL, QOP_EQ, d, &d, 1));
	CHECK(shown(QT_DATE, QOP_EQ, dt, &dt, 1));
	CHECK(shown(QT_STRING, QOP_EQ, s, &s, 1));
	CHECK(shown(QT_CHOICE, QOP_EQ, c, &c, 1));
	CHECK(!shown(QT_CHOICE, QOP_EQ, c, &nc, 1));
	CHECK(!shown(QT_CHOICE, QOP_EQ, c, NULL, 0));
}

static void enablewhen_not_equal_holds_when_no_answer_matches(void)
{
	QValue c = vcode("sys", "Y"), nc = vcode("sys", "N");
	QValue both[2] = { vcode("sys", "N"), vcode("sys", "Y") };
	CHECK(shown(QT_CHOICE, QOP_NE, c, &nc, 1));
	CHECK(!shown(QT_CHOICE, QOP_NE, c, &c, 1));
	CHECK(!shown(QT_CHOICE, QOP_NE, c, both, 2));
	CHECK(shown(QT_CHOICE, QOP_NE, c, NULL, 0));   /* R4: no answer equals */
}

static void enablewhen_orderings_on_integers_decimals_and_dates(void)
{
	QValue five = vint(5), four = vint(4), six = vint(6), dec = vdec(5.0);
	QValue d1 = vdate("2020-01-01"), d2 = vdate("2021-01-01");
	CHECK(shown(QT_INTEGER, QOP_GT, five, &six, 1));
	CHECK(!shown(QT_INTEGER, QOP_GT, five, &five, 1));
	CHECK(shown(QT_INTEGER, QOP_GE, five, &five, 1));
	CHECK(!shown(QT_INTEGER, QOP_GE, five, &four, 1));
	CHECK(shown(QT_INTEGER, QOP_LT, five, &four, 1));
	CHECK(!shown(QT_INTEGER, QOP_LT, five, &five, 1));
	CHECK(shown(QT_INTEGER, QOP_LE, five, &five, 1));
	CHECK(!shown(QT_INTEGER, QOP_LE, five, &six, 1));
	CHECK(shown(QT_DECIMAL, QOP_GE, five, &dec, 1));   /* 5.0 >= 5 */
	CHECK(shown(QT_DATE, QOP_GT, d1, &d2, 1));
	CHECK(!shown(QT_DATE, QOP_LT, d1, &d2, 1));
	CHECK(!shown(QT_INTEGER, QOP_GT, five, NULL, 0));
}

static void enablewhen_exists_true_and_false(void)
{
	QValue t = vbool(1), f = vbool(0), s = vstr("x");
	CHECK(shown(QT_STRING, QOP_EXISTS, t, &s, 1));
	CHECK(!shown(QT_STRING, QOP_EXISTS, t, NULL, 0));
	CHECK(shown(QT_STRING, QOP_EXISTS, f, NULL, 0));
	CHECK(!shown(QT_STRING, QOP_EXISTS, f, &s, 1));
}

/* d depends on q (= 1) and other (> 3); enableBehavior all vs any. */
static int two_conditions(int any, long long qv, long long ov)
{
	Questionnaire *q = form_with(QT_INTEGER, QOP_EQ, vint(1), any);
	QItem *d = &q->items[1];
	Answers *a = answers_new();
	QValue v1 = vint(qv), v2 = vint(ov), three = vint(3);
	int r;
	d->enable_when = xrealloc(d->enable_when, 2 * sizeof(QEnableWhen));
	d->enable_when[1].question = xstrdup("other");
	d->enable_when[1].op = QOP_GT;
	d->enable_when[1].answer = qvalue_copy(&three);
	d->n_enable_when = 2;
	answers_set(a, FORM, "q", &v1, 1);
	answers_set(a, FORM, "other", &v2, 1);
	r = qm_enabled(q, d, a);
	answers_free(a);
	questionnaire_free(q);
	return r;
}

static void enablebehavior_all_needs_every_condition(void)
{
	CHECK(two_conditions(0, 1, 4));
	CHECK(!two_conditions(0, 1, 2));
	CHECK(!two_conditions(0, 0, 4));
}

static void enablebehavior_any_needs_one_condition(void)
{
	CHECK(two_conditions(1, 1, 2));
	CHECK(two_conditions(1, 0, 4));
	CHECK(!two_conditions(1, 0, 2));
}

static void enablewhen_any_with_nested_group_answer(void)
{
	/* the question q sits inside group g; d is top level */
	Questionnaire *q = form_with(QT_BOOLEAN, QOP_EQ, vbool(1), 1);
	Answers *a = answers_new();
	QValue yes = vbool(1);
	CHECK(!qm_enabled(q, qm_find(q, "d"), a));
	answers_set(a, FORM, "q", &yes, 1);
	CHECK(qm_enabled(q, qm_find(q, "d"), a));
	answers_free(a);
	questionnaire_free(q);
}

static void hidden_parent_hides_child(void)
{
	/* group g gets an enableWhen on the top-level d (d itself unconditional);
	 * the children of g follow it */
	Questionnaire *q = form_with(QT_BOOLEAN, QOP_EQ, vbool(1), 0);
	QItem *g = &q->items[0], *d = &q->items[1];
	Answers *a = answers_new();
	QValue x = vstr("x");
	free(d->enable_when[0].question);
	qvalue_free(&d->enable_when[0].answer);
	free(d->enable_when);
	d->enable_when = NULL;
	d->n_enable_when = 0;
	g->n_enable_when = 1;
	g->enable_when = xcalloc(1, sizeof(QEnableWhen));
	g->enable_when[0].question = xstrdup("d");
	g->enable_when[0].op = QOP_EXISTS;
	g->enable_when[0].answer = vbool(1);
	CHECK(!qm_enabled(q, qm_find(q, "other"), a));
	CHECK(!qm_enabled(q, qm_find(q, "q"), a));
	answers_set(a, FORM, "d", &x, 1);
	CHECK(qm_enabled(q, qm_find(q, "other"), a));
	answers_free(a);
	questionnaire_free(q);
}

static void answer_of_hidden_question_does_not_count(void)
{
	/* d depends on q; e depends on d existing; d is answered but hidden */
	Questionnaire *q = form_with(QT_BOOLEAN, QOP_EQ, vbool(1), 0);
	Answers *a = answers_new();
	QValue x = vstr("x"), no = vbool(0), yes = vbool(1);
	QItem *e;
	q->items = xrealloc(q->items, 3 * sizeof(QItem));
	q->n_items = 3;
	q->items[0].children[0].parent = q->items[0].children[1].parent = &q->items[0];
	e = &q->items[2];
	memset(e, 0, sizeof *e);
	e->link_id = xstrdup("e");
	e->type = QT_STRING;
	e->n_enable_when = 1;
	e->enable_when = xcalloc(1, sizeof(QEnableWhen));
	e->enable_when[0].question = xstrdup("d");
	e->enable_when[0].op = QOP_EXISTS;
	e->enable_when[0].answer = vbool(1);
	answers_set(a, FORM, "d", &x, 1);
	answers_set(a, FORM, "q", &no, 1);
	CHECK(!qm_enabled(q, e, a));
	answers_set(a, FORM, "q", &yes, 1);
	CHECK(qm_enabled(q, e, a));
	answers_free(a);
	questionnaire_free(q);
}

static void answers_set_replaces_and_removes(void)
{
	Answers *a = answers_new();
	QValue v[2] = { vstr("one"), vstr("two") };
	const QValue *got;
	int n;
	answers_set(a, FORM, "x", v, 2);
	answers_set(a, "other", "x", v, 1);
	got = answers_get(a, FORM, "x", &n);
	CHECK(n == 2 && got && strcmp(got[1].s, "two") == 0);
	CHECK(got[1].s != v[1].s);   /* a copy */
	answers_set(a, FORM, "x", &v[1], 1);
	got = answers_get(a, FORM, "x", &n);
	CHECK(n == 1 && strcmp(got[0].s, "two") == 0);
	CHECK(answers_count(a) == 2);
	answers_set(a, FORM, "x", NULL, 0);
	CHECK(answers_get(a, FORM, "x", &n) == NULL && n == 0);
	CHECK(answers_count(a) == 1);
	answers_clear(a);
	CHECK(answers_count(a) == 0);
	answers_free(a);
}

static void find_walk_and_count_reach_nested_items(void)
{
	Questionnaire *q = form_with(QT_STRING, QOP_EXISTS, vbool(1), 0);
	CHECK(qm_count_items(q) == 4);
	CHECK(qm_find(q, "other") && qm_find(q, "other")->parent == &q->items[0]);
	CHECK(qm_find(q, "nope") == NULL);
	CHECK(strcmp(qm_form_key(q), FORM) == 0);
	CHECK(qitem_is_question(qm_find(q, "q")) && !qitem_is_question(&q->items[0]));
	questionnaire_free(q);
}

static void scale_is_integer_zero_to_ten(void)
{
	QItem it = { 0 };
	it.type = QT_INTEGER;
	CHECK(!qitem_is_scale(&it));
	it.has_min = it.has_max = 1;
	it.min_value = 0;
	it.max_value = 10;
	CHECK(qitem_is_scale(&it));
	it.max_value = 5;
	CHECK(!qitem_is_scale(&it));
}

int main(void)
{
	RUN(qtext_falls_back_to_the_form_language);
	RUN(qvalue_cmp_orders_numbers_dates_and_strings);
	RUN(enablewhen_equal_on_every_value_kind);
	RUN(enablewhen_not_equal_holds_when_no_answer_matches);
	RUN(enablewhen_orderings_on_integers_decimals_and_dates);
	RUN(enablewhen_exists_true_and_false);
	RUN(enablebehavior_all_needs_every_condition);
	RUN(enablebehavior_any_needs_one_condition);
	RUN(enablewhen_any_with_nested_group_answer);
	RUN(hidden_parent_hides_child);
	RUN(answer_of_hidden_question_does_not_count);
	RUN(answers_set_replaces_and_removes);
	RUN(find_walk_and_count_reach_nested_items);
	RUN(scale_is_integer_zero_to_ten);
	return 0;
}
