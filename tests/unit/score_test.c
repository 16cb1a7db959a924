/* tests/unit/score_test.c - instrument scoring worked by hand: PEG (mean of
 * three 0-10 items, all three needed), PHQ-2 and GAD-2 (sum of two items
 * scored 0-3 by ordinalValue, positive at 3, both needed). */
#include "core/score.h"
#include "core/util.h"
#include "test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A form of n choice items (linkIds ids[]) with options A0..A3 of ordinals 0..3,
 * or of integer items when choice is 0. */
static Questionnaire *form(const char *url, const char *const *ids, int n, int choice)
{
	Questionnaire *q = xcalloc(1, sizeof *q);
	q->url = xstrdup(url);
	q->items = xcalloc((size_t)n, sizeof(QItem));
	q->n_items = n;
	for (int i = 0; i < n; i++) {
		QItem *it = &q->items[i];
		it->link_id = xstrdup(ids[i]);
		it->type = choice ? QT_CHOICE : QT_INTEGER;
		if (!choice) continue;
		it->options = xcalloc(4, sizeof(QOption));
		it->n_options = 4;
		for (int k = 0; k < 4; k++) {
			char code[16];
			snprintf(code, sizeof code, "A%d", k);
			it->options[k].value.kind = QV_CODING;
			it->options[k].value.s = xstrdup(code);
			it->options[k].ordinal = k;
			it->options[k].has_ordinal = 1;
		}
	}
	return q;
}

static ScoreRule rule(const char *url, const char *const *ids, int n, ScoreMethod m, int min)
{
	ScoreRule r = { 0 };
	r.id = xstrdup("t");
	r.form = xstrdup(url);
	r.items = xcalloc((size_t)n, sizeof(char *));
	for (int i = 0; i < n; i++) r.items[i] = xstrdup(ids[i]);
	r.n_items = n;
	r.method = m;
	r.min_answered = min;
	return r;
}

static void set_int(Answers *a, const char *form_url, const char *id, long long v)
{
	QValue x = { .kind = QV_INT, .i = v };
	answers_set(a, form_url, id, &x, 1);
}

static void set_code(Answers *a, const char *form_url, const char *id, const char *code)
{
	QValue x = { .kind = QV_CODING, .s = (char *)code };
	answers_set(a, form_url, id, &x, 1);
}

static const char *const peg_ids[] = { "peg1", "peg2", "peg3" };
static const char *const two_ids[] = { "q1", "q2" };

static void peg_is_the_mean_of_three_items(void)
{
	Questionnaire *q = form("urn:peg", peg_ids, 3, 0);
	ScoreRule r = rule("urn:peg", peg_ids, 3, SCORE_MEAN, 3);
	Answers *a = answers_new();
	ScoreResult s;
	set_int(a, "urn:peg", "peg1", 7);
	set_int(a, "urn:peg", "peg2", 5);
	set_int(a, "urn:peg", "peg3", 6);
	s = score_compute(&r, q, a);
	CHECK(s.valid && s.n_answered == 3);
	CHECK(fabs(s.value - 6.0) < 1e-9);     /* (7+5+6)/3 */
	set_int(a, "urn:peg", "peg3", 4);
	s = score_compute(&r, q, a);
	CHECK(fabs(s.value - 16.0 / 3.0) < 1e-9);
	CHECK(!s.positive);
	score_rule_free(&r);
	answers_free(a);
	questionnaire_free(q);
}

static void peg_missing_one_item_gives_no_score(void)
{
	Questionnaire *q = form("urn:peg", peg_ids, 3, 0);
	ScoreRule r = rule("urn:peg", peg_ids, 3, SCORE_MEAN, 3);
	Answers *a = answers_new();
	ScoreResult s;
	set_int(a, "urn:peg", "peg1", 7);
	set_int(a, "urn:peg", "peg3", 6);
	s = score_compute(&r, q, a);
	CHECK(!s.valid && s.n_answered == 2);
	score_rule_free(&r);
	answers_free(a);
	questionnaire_free(q);
}

/* Sum screen with cut-off 3 on the two-item form at url. */
static ScoreResult two_item_screen(const char *url, const char *c1, const char *c2)
{
	Questionnaire *q = form(url, two_ids, 2, 1);
	ScoreRule r = rule(url, two_ids, 2, SCORE_SUM, 2);
	Answers *a = answers_new();
	ScoreResult s;
	r.has_positive = 1;
	r.positive_at = 3;
	if (c1) set_code(a, url, "q1", c1);
	if (c2) set_code(a, url, "q2", c2);
	s = score_compute(&r, q, a);
	score_rule_free(&r);
	answers_free(a);
	questionnaire_free(q);
	return s;
}

static void phq2_sum_of_three_is_positive(void)
{
	ScoreResult s = two_item_screen("urn:phq2", "A1", "A2");
	CHECK(s.valid && s.value == 3 && s.positive);
	s = two_item_screen("urn:phq2", "A3", "A3");
	CHECK(s.valid && s.value == 6 && s.positive);
}

static void phq2_sum_of_two_is_negative(void)
{
	ScoreResult s = two_item_screen("urn:phq2", "A1", "A1");
	CHECK(s.valid && s.value == 2 && !s.positive);
	s = two_item_screen("urn:phq2", "A0", "A0");
	CHECK(s.valid && s.value == 0 && !s.positive);
}

static void gad2_missing_item_gives_no_score(void)
{
	ScoreResult s = two_item_screen("urn:gad2", "A3", NULL);
	CHECK(!s.valid && !s.positive && s.n_answered == 1);
	s = two_item_screen("urn:gad2", "A2", "A1");
	CHECK(s.valid && s.value == 3 && s.positive);
}

static void answers_of_another_form_do_not_count(void)
{
	Questionnaire *q = form("urn:phq2", two_ids, 2, 1);
	ScoreRule r = rule("urn:phq2", two_ids, 2, SCORE_SUM, 2);
	Answers *a = answers_new();
	set_code(a, "urn:gad2", "q1", "A3");
	set_code(a, "urn:gad2", "q2", "A3");
	CHECK(!score_compute(&r, q, a).valid);
	score_rule_free(&r);
	answers_free(a);
	questionnaire_free(q);
}

int main(void)
{
	RUN(peg_is_the_mean_of_three_items);
	RUN(peg_missing_one_item_gives_no_score);
	RUN(phq2_sum_of_three_is_positive);
	RUN(phq2_sum_of_two_is_negative);
	RUN(gad2_missing_item_gives_no_score);
	RUN(answers_of_another_form_do_not_count);
	return 0;
}
