/* tests/unit/visit_test.c - the visit state machine and idle logic (core/
 * only, no SDL), on the shipped PEG form and agreement pack. */
#include "test.h"
#include "content/agreement.h"
#include "content/questionnaire.h"
#include "core/visit.h"
#include "core/util.h"
#include <stdlib.h>
#include <string.h>

typedef struct Log { int begins, answers, marks, completes, wipes, wiped_completed; } Log;

static void h_begin(void *c, Visit *v) { ((Log *)c)->begins++; visit_set_ids(v, "uuid-1", "ABC-234"); }
static size_t answer_bytes;   /* the hook reads every value it gets (ASan sees a stale one) */
static void h_answer(void *c, const Visit *v, const char *f, const char *l, const QValue *x, int n)
{
	(void)v; (void)f; (void)l;
	for (int i = 0; i < n; i++) answer_bytes += x[i].s ? strlen(x[i].s) : 0;
	((Log *)c)->answers++;
}
static void h_mark(void *c, const Visit *v, int i) { (void)v; (void)i; ((Log *)c)->marks++; }
static void h_complete(void *c, const Visit *v) { (void)v; ((Log *)c)->completes++; }
static void h_wipe(void *c, const Visit *v, int done) { (void)v; ((Log *)c)->wipes++; ((Log *)c)->wiped_completed = done; }

static Questionnaire *peg;
static Agreement *ag;
static Log lg;

static Visit *make_plan(AgreementMode am, int plan, const unsigned *form_plans)
{
	static const Questionnaire *forms[1];
	static const Agreement *ags[1];
	forms[0] = peg;
	ags[0] = ag;
	VisitContent c = { forms, 1, NULL, 0, ags, 1, "en", form_plans, NULL, 0 };
	VisitConfig cfg = { 90000, 30000, 120000, am, ID_CODE, "k1", plan, NULL };
	VisitHooks h = { &lg, h_begin, h_answer, h_mark, h_complete, h_wipe, NULL };
	memset(&lg, 0, sizeof lg);
	return visit_new(&c, &cfg, h);
}

static Visit *make(AgreementMode am) { return make_plan(am, PLAN_FIRST, NULL); }

static void answer_int(Visit *v, int i)
{
	const QItem *it = visit_item(v, NULL);
	for (int k = 0; it && k < it->n_options; k++)
		if (it->options[k].has_ordinal && (int)it->options[k].ordinal == i) visit_answer(v, &it->options[k].value, 1);
}

static void visit_goes_from_attract_to_handoff_and_wipes_on_finish(void)
{
	Visit *v = make(AG_OFF);
	visit_input(v, 0);
	CHECK(visit_screen(v) == VS_ATTRACT);
	visit_start(v);
	CHECK(lg.begins == 1 && visit_screen(v) == VS_LANGUAGE);
	visit_choose_language(v, "es");
	CHECK(visit_screen(v) == VS_INTRO && strcmp(visit_lang(v), "es") == 0);
	visit_next(v);
	CHECK(visit_screen(v) == VS_QUESTION);
	CHECK(visit_page_count(v) == 3);
	answer_int(v, 7); visit_next(v);
	answer_int(v, 5); visit_next(v);
	answer_int(v, 6); visit_next(v);
	CHECK(visit_screen(v) == VS_REVIEW);
	CHECK(lg.answers == 3 && answers_count(visit_answers(v)) == 3);
	visit_done(v);
	CHECK(visit_screen(v) == VS_HANDOFF && lg.completes == 1);
	visit_back(v);
	CHECK(visit_screen(v) == VS_HANDOFF);          /* a completed visit is not reopened */
	visit_finish(v);
	CHECK(visit_screen(v) == VS_ATTRACT && lg.wipes == 1 && lg.wiped_completed == 1);
	CHECK(answers_count(visit_answers(v)) == 0);
	CHECK(strcmp(visit_lang(v), "en") == 0);       /* the next patient starts clean */
	visit_free(v);
}

static void plan_question_after_language_decides_agreement_and_forms(void)
{
	static const unsigned peg_in_first_only[1] = { 1u << PLAN_FIRST };
	Visit *v = make_plan(AG_OPTIONAL, PLAN_ASK, peg_in_first_only);
	visit_input(v, 0);
	visit_start(v);
	visit_choose_language(v, "en");
	CHECK(visit_screen(v) == VS_PLAN);
	visit_back(v);
	CHECK(visit_screen(v) == VS_LANGUAGE);
	visit_next(v);
	visit_choose_plan(v, PLAN_FOLLOWUP);
	CHECK(visit_screen(v) == VS_INTRO && visit_plan(v) == PLAN_FOLLOWUP);
	visit_next(v);
	CHECK(visit_screen(v) == VS_AGREE_SHORT);   /* the agreement in short */
	visit_next(v);
	CHECK(visit_screen(v) == VS_REVIEW);        /* PEG is not in the follow-up plan */
	CHECK(visit_plan_seconds(v, PLAN_FIRST) > visit_plan_seconds(v, PLAN_FOLLOWUP));
	CHECK(visit_plan_seconds(v, PLAN_FOLLOWUP) > visit_plan_seconds(v, PLAN_QUICK));
	visit_start_over(v);
	/* staff set quick for the next patient: not asked, no agreement */
	visit_set_next_plan(v, PLAN_QUICK);
	visit_start(v);
	visit_choose_language(v, "en");
	CHECK(visit_screen(v) == VS_INTRO && visit_plan(v) == PLAN_QUICK);
	visit_next(v);
	CHECK(visit_screen(v) == VS_REVIEW);
	CHECK(visit_next_plan(v) == PLAN_ASK);      /* for that one patient only */
	visit_free(v);
}

/* A form about a last visit (no PLAN_NEW bit) is not asked of a patient who
 * said it is their first visit, nor of one staff set so; the clinic's default
 * plan for everyone does not know who is new, and asks it. */
static void a_new_patient_is_not_asked_about_a_last_visit(void)
{
	static const unsigned last_visit_form[1] = { 1u << PLAN_FIRST | 1u << PLAN_FOLLOWUP };
	Visit *v = make_plan(AG_OFF, PLAN_ASK, last_visit_form);
	visit_input(v, 0);
	visit_start(v);
	visit_choose_language(v, "en");
	int before = visit_plan_seconds(v, PLAN_FIRST);
	visit_choose_plan(v, PLAN_FIRST);
	CHECK(visit_screen(v) == VS_INTRO);
	CHECK(visit_plan_seconds(v, PLAN_FIRST) < before);   /* the estimate counts only what is asked */
	visit_next(v);
	CHECK(visit_screen(v) == VS_REVIEW && visit_page_count(v) == 0);
	visit_start_over(v);
	visit_start(v);                                       /* a returning patient: asked */
	visit_choose_language(v, "en");
	visit_choose_plan(v, PLAN_FOLLOWUP);
	visit_next(v);
	CHECK(visit_screen(v) == VS_QUESTION && visit_page_count(v) == 3);
	visit_start_over(v);
	visit_set_next_plan(v, PLAN_FIRST);                   /* staff: a new patient */
	visit_start(v);
	visit_choose_language(v, "en");
	visit_next(v);
	CHECK(visit_screen(v) == VS_REVIEW);
	visit_free(v);
	v = make_plan(AG_OFF, PLAN_FIRST, last_visit_form);   /* the clinic's plan for everyone */
	visit_input(v, 0);
	visit_start(v);
	visit_choose_language(v, "en");
	visit_next(v);
	CHECK(visit_screen(v) == VS_QUESTION && visit_page_count(v) == 3);
	visit_free(v);
}

static void a_declined_item_is_recorded_and_the_instrument_not_complete(void)
{
	Visit *v = make(AG_OFF);
	int n;
	const Questionnaire *q;
	visit_input(v, 0);
	visit_start(v);
	visit_choose_language(v, "en");
	visit_next(v);
	const QItem *it = visit_item(v, &q);
	visit_decline(v);
	const QValue *vals = visit_get_answer(v, q, it, &n);
	CHECK(visit_is_declined(vals, n));
	answer_int(v, 4);   /* an answer takes the decline back */
	vals = visit_get_answer(v, q, it, &n);
	CHECK(n == 1 && !visit_is_declined(vals, n));
	visit_free(v);
}

static void progress_total_never_grows_and_counts_only_questions(void)
{
	Visit *v = make(AG_OFF);
	int k, total, k0 = 0, total0 = -1;
	visit_input(v, 0);
	visit_start(v);
	visit_choose_language(v, "en");
	visit_next(v);
	for (int i = 0; i < 3 && visit_screen(v) == VS_QUESTION; i++) {
		visit_progress(v, &k, &total);
		CHECK(total == 3 && (total0 < 0 || total == total0) && k == k0 + 1);
		k0 = k; total0 = total;
		answer_int(v, 5);
		visit_next(v);
	}
	CHECK(k0 == 3);
	visit_free(v);
}

static void idle_warns_then_wipes_and_input_cancels_the_warning(void)
{
	Visit *v = make(AG_OFF);
	visit_input(v, 1000);
	visit_start(v);
	visit_choose_language(v, "en");
	visit_next(v);
	answer_int(v, 4);
	CHECK(visit_tick(v, 1000 + 89999) == VT_NONE);
	CHECK(visit_tick(v, 1000 + 90000) == VT_WARN && visit_warning(v));
	CHECK(visit_warning_left(v, 1000 + 90000) == 30);
	visit_input(v, 1000 + 100000);                 /* "I'm still here" */
	CHECK(!visit_warning(v));
	CHECK(visit_tick(v, 1000 + 100000 + 119999) == VT_WARN);
	CHECK(visit_tick(v, 1000 + 100000 + 120000) == VT_WIPE);
	CHECK(visit_screen(v) == VS_ATTRACT && lg.wipes == 1 && lg.wiped_completed == 0);
	CHECK(answers_count(visit_answers(v)) == 0);
	CHECK(visit_next_deadline(v) == -1);           /* attract: nothing to wake for */
	visit_free(v);
}

static void handoff_times_out_to_attract_as_completed(void)
{
	Visit *v = make(AG_OFF);
	visit_input(v, 0);
	visit_start(v);
	visit_next(v); visit_next(v);
	for (int i = 0; i < 3; i++) { answer_int(v, 1); visit_next(v); }
	visit_done(v);
	CHECK(visit_screen(v) == VS_HANDOFF);
	CHECK(visit_tick(v, 119000) == VT_NONE);
	CHECK(visit_tick(v, 200000) == VT_WIPE && lg.wiped_completed == 1);
	visit_free(v);
}

static void start_over_on_handoff_keeps_the_completed_visit(void)
{
	Visit *v = make(AG_OFF);
	visit_input(v, 0);
	visit_start(v);
	visit_next(v); visit_next(v);
	for (int i = 0; i < 3; i++) { answer_int(v, 2); visit_next(v); }
	visit_done(v);
	visit_start_over(v);
	CHECK(lg.wipes == 1 && lg.wiped_completed == 1);
	visit_free(v);
}

static void review_change_returns_to_review(void)
{
	const Questionnaire *q;
	Visit *v = make(AG_OFF);
	visit_input(v, 0);
	visit_start(v); visit_next(v); visit_next(v);
	for (int i = 0; i < 3; i++) { answer_int(v, 3); visit_next(v); }
	CHECK(visit_screen(v) == VS_REVIEW);
	const QItem *it = visit_page_item(v, 1, &q);
	visit_goto(v, q, it);
	CHECK(visit_screen(v) == VS_QUESTION && visit_editing(v) && visit_item(v, NULL) == it);
	answer_int(v, 9);
	visit_next(v);
	CHECK(visit_screen(v) == VS_REVIEW);
	int n;
	const QValue *a = visit_get_answer(v, q, it, &n);
	double d = -1;
	CHECK(n == 1 && qvalue_number(it, &a[0], &d) == 0 && d == 9);
	visit_free(v);
}

static void agreement_marks_questions_and_reading_time_reach_the_record(void)
{
	VisitRecord r;
	Visit *v = make(AG_OPTIONAL);
	visit_input(v, 0);
	visit_start(v); visit_next(v); visit_next(v);
	CHECK(visit_screen(v) == VS_AGREE_INTRO);
	visit_next(v);
	CHECK(visit_screen(v) == VS_AGREE_OVERVIEW);
	visit_read_all(v);
	CHECK(visit_screen(v) == VS_CLAUSE && visit_clause_index(v) == 0);
	visit_input(v, 12000);                         /* 12 s reading clause 0 */
	visit_mark_clause(v, 0, 0);
	visit_next(v);
	visit_mark_clause(v, 1, 1);
	visit_set_clause_question(v, 1, "Can I call after hours?");
	visit_set_clause_question(v, 2, "What does this mean?");   /* a question marks it too */
	CHECK(visit_clause_mark(v, 2) == 1);
	CHECK(lg.marks == 4);
	visit_record(v, &r, 1700000000);
	int discuss = 0, secs0 = -1;
	for (int i = 0; i < r.n_marks; i++) {
		discuss += r.marks[i].discuss;
		if (i == 0) secs0 = r.marks[i].seconds;
	}
	CHECK(discuss == 2);
	CHECK(secs0 == 12);
	CHECK(r.agreement_seconds >= 12);
	visit_free(v);
}

/* The agreement in layers (issue 11): "Read it with me" opens the overview;
 * a clause opened from it comes back to it (by Next and by Back), a mark
 * set there can be undone (and its typed question goes with it), Next goes
 * to the questions and Back from the first question returns to it. */
static void agreement_overview_opens_a_clause_and_comes_back(void)
{
	Visit *v = make(AG_OPTIONAL);
	visit_input(v, 0);
	visit_start(v); visit_next(v); visit_next(v);
	visit_next(v);
	CHECK(visit_screen(v) == VS_AGREE_OVERVIEW);
	visit_goto_clause(v, 1);
	CHECK(visit_screen(v) == VS_CLAUSE && visit_clause_index(v) == 1);
	visit_next(v);
	CHECK(visit_screen(v) == VS_AGREE_OVERVIEW);
	visit_goto_clause(v, 2);
	visit_back(v);
	CHECK(visit_screen(v) == VS_AGREE_OVERVIEW);
	visit_mark_clause(v, 2, 1);
	visit_set_clause_question(v, 2, "Why?");
	visit_mark_clause(v, 2, -1);
	CHECK(visit_clause_mark(v, 2) == -1 && visit_clause_question(v, 2) == NULL);
	visit_mark_clause(v, 0, 1);
	visit_next(v);
	CHECK(visit_screen(v) == VS_QUESTION);
	visit_back(v);
	CHECK(visit_screen(v) == VS_AGREE_OVERVIEW && visit_clause_mark(v, 0) == 1);
	visit_back(v);
	CHECK(visit_screen(v) == VS_AGREE_INTRO);
	visit_free(v);
}

static void required_agreement_cannot_be_skipped(void)
{
	Visit *v = make(AG_REQUIRED);
	visit_input(v, 0);
	visit_start(v); visit_next(v); visit_next(v);
	visit_skip_agreement(v);
	CHECK(visit_screen(v) == VS_AGREE_INTRO);
	visit_free(v);
	v = make(AG_OPTIONAL);
	visit_start(v); visit_next(v); visit_next(v);
	visit_skip_agreement(v);
	CHECK(visit_screen(v) == VS_QUESTION);
	visit_free(v);
}

/* A multi-select toggle hands the current answers back to answers_set; it
 * once freed them before copying (found by ASan in tests/check_qr_pages.sh). */
static void answers_set_accepts_its_own_values_back(void)
{
	Answers *a = answers_new();
	QValue v[2] = { { 0 }, { 0 } };
	v[0].kind = QV_CODING; v[0].s = "nausea"; v[0].system = "urn:x";
	v[1].kind = QV_STRING; v[1].s = "something else";
	answers_set(a, "f", "q", v, 2);
	int n;
	const QValue *cur = answers_get(a, "f", "q", &n);
	QValue again[3] = { cur[0], cur[1], { 0 } };
	again[2].kind = QV_CODING; again[2].s = "itching";
	answers_set(a, "f", "q", again, 3);
	cur = answers_get(a, "f", "q", &n);
	CHECK(n == 3 && str_eq(cur[0].s, "nausea") && str_eq(cur[1].s, "something else") && str_eq(cur[2].s, "itching"));
	answers_free(a);
}

/* The same aliasing through the visit: the answer hook must get live values. */
static void answering_with_the_current_answer_gives_the_hook_live_values(void)
{
	const Questionnaire *q;
	Visit *v = make(AG_OFF);
	visit_input(v, 0);
	visit_start(v); visit_next(v); visit_next(v);
	answer_int(v, 4);
	const QItem *it = visit_item(v, &q);
	int n;
	const QValue *cur = visit_get_answer(v, q, it, &n);
	size_t before = answer_bytes;
	visit_answer(v, cur, n);
	CHECK(answer_bytes > before);
	cur = visit_get_answer(v, q, it, &n);
	double d = -1;
	CHECK(n == 1 && qvalue_number(it, &cur[0], &d) == 0 && d == 4);
	visit_free(v);
}

int main(void)
{
	char *rep = NULL, err[256];
	if (questionnaire_load("assets/questionnaires/peg.json", &peg, &rep) != 0 ||
	    agreement_load("assets/agreement/en.json", &ag, err, sizeof err) != 0) {
		printf("not ok - shipped content loads\n");
		return 1;
	}
	free(rep);
	RUN(visit_goes_from_attract_to_handoff_and_wipes_on_finish);
	RUN(plan_question_after_language_decides_agreement_and_forms);
	RUN(a_new_patient_is_not_asked_about_a_last_visit);
	RUN(a_declined_item_is_recorded_and_the_instrument_not_complete);
	RUN(progress_total_never_grows_and_counts_only_questions);
	RUN(idle_warns_then_wipes_and_input_cancels_the_warning);
	RUN(handoff_times_out_to_attract_as_completed);
	RUN(start_over_on_handoff_keeps_the_completed_visit);
	RUN(review_change_returns_to_review);
	RUN(agreement_marks_questions_and_reading_time_reach_the_record);
	RUN(required_agreement_cannot_be_skipped);
	RUN(agreement_overview_opens_a_clause_and_comes_back);
	RUN(answers_set_accepts_its_own_values_back);
	RUN(answering_with_the_current_answer_gives_the_hook_live_values);
	questionnaire_free(peg);
	agreement_free(ag);
	return 0;
}
