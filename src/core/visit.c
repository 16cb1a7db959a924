/* core/visit.c - the visit state machine (see visit.h). */
#include "core/visit.h"
#include "core/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Page { int form; const QItem *item; } Page;

struct Visit {
	VisitContent c;
	VisitConfig cfg;
	VisitHooks h;
	VisitScreen screen;
	char lang[16];
	char uuid[64], code[32];
	long long now, last_input, started, entered;   /* ms, caller's clock */
	int warning;
	Answers *ans;
	Page *pages; int n_pages, cap_pages, page;
	int editing;                  /* question or clause opened from a review */
	char *id[4];                  /* first, last, dob, staff ref */
	char *staff_ref_next;         /* staff set it before the visit began */
	int n_clauses;                /* of the visit-language agreement */
	int clause;
	VisitScreen clause_from;      /* a clause opened from the overview or summary goes back there */
	int *mark;                    /* -1 none, 0 ok, 1 discuss */
	char **question;
	long long *ms_read;
	long long ms_overview;        /* on the overview or the short agreement: read too */
	int agreement_skipped;
	int plan, plan_next, plan_asked;   /* this visit's plan; staff's for the next (-1 none); asked on VS_PLAN */
	int new_patient;                   /* the patient or staff said: a first visit (PLAN_NEW) */
	ClauseMark *rec;              /* storage for visit_record */
	unsigned char *raised;        /* per safety rule: alert raised this visit */
	int any_raised;
};

Visit *visit_new(const VisitContent *c, const VisitConfig *cfg, VisitHooks hooks)
{
	Visit *v = xcalloc(1, sizeof *v);
	v->c = *c;
	v->cfg = *cfg;
	v->h = hooks;
	v->ans = answers_new();
	v->raised = xcalloc((size_t)(c->n_safety > 0 ? c->n_safety : 1), 1);
	strcpy(v->lang, "en");
	v->screen = VS_ATTRACT;
	v->plan_next = PLAN_ASK;
	return v;
}

static void forget(Visit *v)
{
	answers_clear(v->ans);
	for (int i = 0; i < 4; i++) { free(v->id[i]); v->id[i] = NULL; }
	for (int i = 0; i < v->n_clauses; i++) free(v->question[i]);
	free(v->question); free(v->mark); free(v->ms_read); free(v->rec);
	v->question = NULL; v->mark = NULL; v->ms_read = NULL; v->rec = NULL;
	v->n_clauses = v->clause = 0;
	v->n_pages = v->page = 0;
	v->editing = v->warning = v->agreement_skipped = 0;
	v->ms_overview = 0;
	memset(v->raised, 0, (size_t)(v->c.n_safety > 0 ? v->c.n_safety : 1));
	v->any_raised = 0;
	memset(v->uuid, 0, sizeof v->uuid);
	memset(v->code, 0, sizeof v->code);
	strcpy(v->lang, "en");
}

void visit_free(Visit *v)
{
	if (!v) return;
	forget(v);
	free(v->staff_ref_next);
	free(v->pages);
	free(v->raised);
	answers_free(v->ans);
	free(v);
}

VisitScreen visit_screen(const Visit *v) { return v->screen; }
const char *visit_lang(const Visit *v) { return v->lang; }
const char *visit_code(const Visit *v) { return v->code; }
const char *visit_uuid(const Visit *v) { return v->uuid; }
long long visit_started(const Visit *v) { return v->started; }
const Answers *visit_answers(const Visit *v) { return v->ans; }
int visit_warning(const Visit *v) { return v->warning; }
int visit_editing(const Visit *v) { return v->editing; }
int visit_page_count(const Visit *v) { return v->n_pages; }
int visit_page_index(const Visit *v) { return v->page; }
int visit_clause_index(const Visit *v) { return v->clause; }
int visit_safety_any(const Visit *v) { return v->any_raised; }

int visit_safety_raised(const Visit *v, int rule)
{
	return rule >= 0 && rule < v->c.n_safety && v->raised[rule];
}

void visit_set_ids(Visit *v, const char *uuid, const char *code)
{
	snprintf(v->uuid, sizeof v->uuid, "%s", uuid ? uuid : "");
	snprintf(v->code, sizeof v->code, "%s", code ? code : "");
}

const Agreement *visit_agreement(const Visit *v)
{
	for (int i = 0; i < v->c.n_agreements; i++)
		if (str_eq(v->c.agreements[i]->lang, v->lang)) return v->c.agreements[i];
	return NULL;   /* never another language's pack: a patient must not agree to words they cannot read */
}

int visit_agreement_unavailable(const Visit *v)
{
	return v->cfg.agreement != AG_OFF && v->plan != PLAN_QUICK && !visit_agreement(v);
}

/* Screen changes go through here so reading time per clause is counted. */
static void set_screen(Visit *v, VisitScreen s)
{
	if (v->screen == VS_CLAUSE && v->ms_read && v->clause < v->n_clauses)
		v->ms_read[v->clause] += v->now - v->entered;
	if (v->screen == VS_AGREE_OVERVIEW || v->screen == VS_AGREE_SHORT)
		v->ms_overview += v->now - v->entered;
	v->screen = s;
	v->entered = v->now;
}

/* ---- idle ---- */

void visit_input(Visit *v, long long now)
{
	v->now = now;
	v->last_input = now;
	v->warning = 0;
}

static void wipe(Visit *v, int completed)
{
	if (v->screen == VS_ATTRACT) return;
	if (!completed && v->any_raised) completed = VISIT_PARTIAL;   /* a safety answer is never wiped */
	set_screen(v, VS_ATTRACT);
	if (v->h.wipe) v->h.wipe(v->h.ctx, v, completed);
	forget(v);
}

VisitTick visit_tick(Visit *v, long long now)
{
	v->now = now;
	if (v->screen == VS_ATTRACT) return VT_NONE;
	if (v->screen == VS_HANDOFF) {
		if (now - v->entered >= v->cfg.handoff_ms) { wipe(v, 1); return VT_WIPE; }
		return VT_NONE;
	}
	if (now - v->last_input >= v->cfg.idle_warn_ms + v->cfg.idle_wipe_ms) {
		wipe(v, 0);
		return VT_WIPE;
	}
	if (!v->warning && now - v->last_input >= v->cfg.idle_warn_ms) {
		v->warning = 1;
		return VT_WARN;
	}
	return VT_NONE;
}

int visit_warning_left(const Visit *v, long long now)
{
	long long left = v->last_input + v->cfg.idle_warn_ms + v->cfg.idle_wipe_ms - now;
	return left <= 0 ? 0 : (int)((left + 999) / 1000);
}

long long visit_next_deadline(const Visit *v)
{
	if (v->screen == VS_ATTRACT) return -1;
	if (v->screen == VS_HANDOFF) return v->entered + v->cfg.handoff_ms;
	if (!v->warning) return v->last_input + v->cfg.idle_warn_ms;
	/* while warning, wake every second for the countdown */
	long long end = v->last_input + v->cfg.idle_warn_ms + v->cfg.idle_wipe_ms;
	long long next = v->now + 1000 - ((v->now - v->last_input) % 1000);
	return next < end ? next : end;
}

/* ---- pages ---- */

static void add_page(Visit *v, int form, const QItem *it)
{
	if (v->n_pages == v->cap_pages) {
		v->cap_pages = v->cap_pages ? v->cap_pages * 2 : 32;
		v->pages = xrealloc(v->pages, (size_t)v->cap_pages * sizeof *v->pages);
	}
	v->pages[v->n_pages].form = form;
	v->pages[v->n_pages].item = it;
	v->n_pages++;
}

/* Does the visit's plan ask this form? */
static int form_in_plan(const Visit *v, int form, int plan)
{
	if (!v->c.form_plans) return 1;
	if (plan == PLAN_FIRST && v->new_patient && !(v->c.form_plans[form] & (1u << PLAN_NEW))) return 0;
	return (v->c.form_plans[form] & (1u << plan)) != 0;
}

static void add_items(Visit *v, int form, const QItem *items, int n)
{
	const Questionnaire *q = v->c.forms[form];
	for (int i = 0; i < n; i++) {
		const QItem *it = &items[i];
		if (!qm_enabled(q, it, v->ans)) continue;
		if (it->type == QT_GROUP) add_items(v, form, it->children, it->n_children);
		else if ((qitem_is_question(it) && !it->read_only) || (it->type == QT_DISPLAY && it->alert))
			add_page(v, form, it);
	}
}

/* Rebuilds the page list after answers change; keeps the cursor on the
 * same item when it is still shown. */
static void rebuild(Visit *v)
{
	const QItem *cur = v->n_pages && v->page < v->n_pages ? v->pages[v->page].item : NULL;
	v->n_pages = 0;
	for (int f = 0; f < v->c.n_forms; f++)
		if (form_in_plan(v, f, v->plan)) add_items(v, f, v->c.forms[f]->items, v->c.forms[f]->n_items);
	if (cur)
		for (int i = 0; i < v->n_pages; i++)
			if (v->pages[i].item == cur) { v->page = i; return; }
	if (v->page >= v->n_pages) v->page = v->n_pages ? v->n_pages - 1 : 0;
}

const QItem *visit_item(const Visit *v, const Questionnaire **form)
{
	if (v->screen != VS_QUESTION || v->page >= v->n_pages) return NULL;
	if (form) *form = v->c.forms[v->pages[v->page].form];
	return v->pages[v->page].item;
}

const QItem *visit_page_item(const Visit *v, int i, const Questionnaire **form)
{
	if (i < 0 || i >= v->n_pages) return NULL;
	if (form) *form = v->c.forms[v->pages[i].form];
	return v->pages[i].item;
}

const QValue *visit_get_answer(const Visit *v, const Questionnaire *form, const QItem *it, int *n)
{
	return answers_get(v->ans, qm_form_key(form), it->link_id, n);
}

/* Raises each safety rule the answers meet now, once a visit: the alert
 * goes out at the answer, not at the end. */
static void raise_safety(Visit *v)
{
	for (int i = 0; i < v->c.n_safety; i++) {
		if (v->raised[i] || !safety_met(&v->c.safety[i], v->c.forms, v->c.n_forms, v->ans, NULL)) continue;
		v->raised[i] = 1;
		v->any_raised = 1;
		if (v->h.safety) v->h.safety(v->h.ctx, v, i);
	}
}

void visit_answer(Visit *v, const QValue *vals, int n)
{
	const Questionnaire *q;
	const QItem *it = visit_item(v, &q);
	if (!it) return;
	answers_set(v->ans, qm_form_key(q), it->link_id, vals, n);
	/* the hook gets the stored copy: vals may have pointed at the old answer */
	vals = answers_get(v->ans, qm_form_key(q), it->link_id, &n);
	if (v->h.answer) v->h.answer(v->h.ctx, v, qm_form_key(q), it->link_id, vals, n);
	rebuild(v);
	raise_safety(v);
}

#define DECLINED_SYSTEM "http://terminology.hl7.org/CodeSystem/data-absent-reason"
#define DECLINED_CODE "asked-declined"

void visit_decline(Visit *v)
{
	QValue d = { 0 };
	d.kind = QV_CODING;
	d.system = DECLINED_SYSTEM;
	d.s = DECLINED_CODE;
	d.display = "Asked But Declined";
	visit_answer(v, &d, 1);
}

int visit_is_declined(const QValue *vals, int n)
{
	return n == 1 && vals[0].kind == QV_CODING && str_eq(vals[0].system, DECLINED_SYSTEM) && str_eq(vals[0].s, DECLINED_CODE);
}

static int count_possible(const QItem *items, int n)
{
	int c = 0;
	for (int i = 0; i < n; i++) {
		const QItem *it = &items[i];
		if (it->hidden) continue;
		if (it->type == QT_GROUP) c += count_possible(it->children, it->n_children);
		else if (qitem_is_question(it) && !it->read_only) c++;
	}
	return c;
}

void visit_progress(const Visit *v, int *k, int *total)
{
	int t = 0, before = 0;
	for (int f = 0; f < v->c.n_forms; f++)
		if (form_in_plan(v, f, v->plan)) t += count_possible(v->c.forms[f]->items, v->c.forms[f]->n_items);
	for (int i = 0; i < v->page && i < v->n_pages; i++)
		if (v->pages[i].item->type != QT_DISPLAY) before++;
	*total = t;
	*k = v->page < v->n_pages && v->pages[v->page].item->type != QT_DISPLAY ? before + 1 : 0;
}

/* ---- agreement ---- */

static int agreement_on(const Visit *v)
{
	return v->cfg.agreement != AG_OFF && visit_agreement(v) && v->n_clauses > 0 && v->plan != PLAN_QUICK;
}

static void begin_agreement_state(Visit *v)
{
	/* before the language is chosen: every pack of a clinic has the same
	 * clauses (checked at load), so any one gives the count */
	const Agreement *ag = v->c.n_agreements ? v->c.agreements[0] : NULL;
	v->n_clauses = ag ? agreement_clause_count(ag) : 0;
	v->mark = xmalloc(sizeof(int) * (size_t)(v->n_clauses ? v->n_clauses : 1));
	v->question = xcalloc((size_t)(v->n_clauses ? v->n_clauses : 1), sizeof(char *));
	v->ms_read = xcalloc((size_t)(v->n_clauses ? v->n_clauses : 1), sizeof(long long));
	for (int i = 0; i < v->n_clauses; i++) v->mark[i] = -1;
}

static void notify_mark(Visit *v, int idx)
{
	if (v->h.mark) v->h.mark(v->h.ctx, v, idx);
}

void visit_mark_clause(Visit *v, int idx, int discuss)
{
	if (idx < 0 || idx >= v->n_clauses) return;
	v->mark[idx] = discuss < 0 ? -1 : discuss ? 1 : 0;
	if (discuss < 0) { free(v->question[idx]); v->question[idx] = NULL; }   /* no longer to talk about */
	notify_mark(v, idx);
}

void visit_set_clause_question(Visit *v, int idx, const char *text)
{
	if (idx < 0 || idx >= v->n_clauses) return;
	free(v->question[idx]);
	v->question[idx] = text && *text ? xstrdup(text) : NULL;
	if (v->question[idx] && v->mark[idx] != 1) v->mark[idx] = 1;  /* a question means: talk about it */
	notify_mark(v, idx);
}

int visit_clause_mark(const Visit *v, int idx)
{
	return idx >= 0 && idx < v->n_clauses ? v->mark[idx] : -1;
}

const char *visit_clause_question(const Visit *v, int idx)
{
	return idx >= 0 && idx < v->n_clauses ? v->question[idx] : NULL;
}

int visit_clause_seconds(const Visit *v, int idx)
{
	long long ms;
	if (idx < 0 || idx >= v->n_clauses) return 0;
	ms = v->ms_read[idx];
	if (v->screen == VS_CLAUSE && v->clause == idx) ms += v->now - v->entered;   /* still reading */
	return (int)(ms / 1000);
}

void visit_goto_clause(Visit *v, int idx)
{
	if (idx < 0 || idx >= v->n_clauses) return;
	v->editing = v->screen == VS_AGREE_SUMMARY || v->screen == VS_AGREE_OVERVIEW || v->screen == VS_AGREE_SHORT;
	v->clause_from = v->screen;
	v->clause = idx;
	set_screen(v, VS_CLAUSE);
}

int visit_clause_changed(const Visit *v, int idx)
{
	const AgClause *cl = agreement_clause(visit_agreement(v), idx, NULL);
	const char *seen = v->cfg.agreement_reviewed;
	return cl && cl->changed && seen && *seen && strcmp(cl->changed, seen) > 0;
}

void visit_read_all(Visit *v)
{
	if (v->screen != VS_AGREE_OVERVIEW || !v->n_clauses) return;
	v->editing = 0;
	v->clause = 0;
	set_screen(v, VS_CLAUSE);
}

/* ---- navigation ---- */

static void first_question(Visit *v)
{
	rebuild(v);
	v->page = 0;
	set_screen(v, v->n_pages ? VS_QUESTION : VS_REVIEW);
}

static void after_intro(Visit *v)
{
	if (agreement_on(v)) set_screen(v, v->plan == PLAN_FOLLOWUP ? VS_AGREE_SHORT : VS_AGREE_INTRO);
	/* no pack in this language: the intro screen says so (ask the front desk) */
	else if (visit_agreement_unavailable(v)) set_screen(v, VS_AGREE_INTRO);
	else first_question(v);
}

/* After the language: the plan question, unless staff or the clinic set it. */
static void after_language(Visit *v)
{
	set_screen(v, v->plan_asked ? VS_PLAN : VS_INTRO);
}

int visit_plan(const Visit *v) { return v->plan; }

void visit_agreement_full(Visit *v)
{
	if (v->screen == VS_AGREE_SHORT) set_screen(v, VS_AGREE_INTRO);
}
int visit_next_plan(const Visit *v) { return v->plan_next; }

void visit_choose_plan(Visit *v, int plan)
{
	if (plan < 0 || plan >= PLAN_COUNT) return;
	v->plan = plan;
	v->new_patient = plan == PLAN_FIRST;
	if (v->screen == VS_PLAN) set_screen(v, VS_INTRO);
}

void visit_set_next_plan(Visit *v, int plan)
{
	v->plan_next = plan >= 0 && plan < PLAN_COUNT ? plan : PLAN_ASK;
}

int visit_plan_seconds(const Visit *v, int plan)
{
	int words = 0, taps = 0;
	for (int f = 0; f < v->c.n_forms; f++)
		if (form_in_plan(v, f, plan)) qm_cost(v->c.forms[f], v->lang, &words, &taps);
	const Agreement *ag = visit_agreement(v);
	if (v->cfg.agreement != AG_OFF && ag && plan != PLAN_QUICK) {
		for (int i = 0; i < agreement_clause_count(ag); i++) {
			const AgClause *cl = agreement_clause(ag, i, NULL);
			words += qm_count_words(cl->summary ? cl->summary : cl->title);
		}
		for (int s = 0; s < ag->n_sections; s++) words += qm_count_words(ag->sections[s].title);
		taps += plan == PLAN_FIRST ? 2 : 1;   /* "Read it with me" and Next; or Next */
	}
	return qm_cost_seconds(words, taps);
}

void visit_skip_agreement(Visit *v)
{
	if (v->cfg.agreement == AG_REQUIRED) return;
	v->agreement_skipped = 1;
	first_question(v);
}

void visit_start(Visit *v)
{
	if (v->screen != VS_ATTRACT) return;
	forget(v);
	v->started = v->now;
	v->last_input = v->now;
	if (v->h.begin) v->h.begin(v->h.ctx, v);
	if (v->staff_ref_next) {
		v->id[3] = v->staff_ref_next;
		v->staff_ref_next = NULL;
	}
	begin_agreement_state(v);
	v->plan_asked = 0;
	v->new_patient = 0;
	if (v->plan_next != PLAN_ASK) {   /* staff set it for this patient */
		v->plan = v->plan_next;
		v->new_patient = v->plan == PLAN_FIRST;
	} else if (v->cfg.plan != PLAN_ASK) v->plan = v->cfg.plan;
	else { v->plan = PLAN_FIRST; v->plan_asked = 1; }
	v->plan_next = PLAN_ASK;
	set_screen(v, VS_LANGUAGE);
}

void visit_choose_language(Visit *v, const char *lang)
{
	snprintf(v->lang, sizeof v->lang, "%s", lang ? lang : "en");
	if (v->screen == VS_LANGUAGE) after_language(v);
}

void visit_next(Visit *v)
{
	switch (v->screen) {
	case VS_ATTRACT: visit_start(v); break;
	case VS_LANGUAGE: after_language(v); break;
	case VS_PLAN: set_screen(v, VS_INTRO); break;
	case VS_AGREE_SHORT: first_question(v); break;
	case VS_INTRO:
		if (v->cfg.identify == ID_PATIENT) set_screen(v, VS_IDENTIFY);
		else after_intro(v);
		break;
	case VS_IDENTIFY: after_intro(v); break;
	case VS_AGREE_INTRO:
		if (!agreement_on(v)) { first_question(v); break; }   /* "not available": on to the questions */
		set_screen(v, VS_AGREE_OVERVIEW);
		break;
	case VS_AGREE_OVERVIEW: first_question(v); break;
	case VS_CLAUSE:
		if (v->editing) {
			v->editing = 0;
			set_screen(v, v->clause_from);
		} else if (v->clause + 1 >= v->n_clauses) {
			set_screen(v, VS_AGREE_SUMMARY);
		} else {
			set_screen(v, VS_CLAUSE);   /* counts the time of the clause left */
			v->clause++;
		}
		break;
	case VS_AGREE_SUMMARY: first_question(v); break;
	case VS_QUESTION:
		if (v->editing || v->page + 1 >= v->n_pages) {
			v->editing = 0;
			set_screen(v, VS_REVIEW);
		} else {
			v->page++;
		}
		break;
	case VS_REVIEW: visit_done(v); break;
	case VS_HANDOFF: visit_finish(v); break;
	}
}

void visit_back(Visit *v)
{
	switch (v->screen) {
	case VS_ATTRACT: case VS_LANGUAGE: break;
	case VS_INTRO: set_screen(v, v->plan_asked ? VS_PLAN : VS_LANGUAGE); break;
	case VS_PLAN: set_screen(v, VS_LANGUAGE); break;
	case VS_AGREE_SHORT: set_screen(v, v->cfg.identify == ID_PATIENT ? VS_IDENTIFY : VS_INTRO); break;
	case VS_IDENTIFY: set_screen(v, VS_INTRO); break;
	case VS_AGREE_INTRO: set_screen(v, v->cfg.identify == ID_PATIENT ? VS_IDENTIFY : VS_INTRO); break;
	case VS_AGREE_OVERVIEW: set_screen(v, VS_AGREE_INTRO); break;
	case VS_CLAUSE:
		if (v->editing) { v->editing = 0; set_screen(v, v->clause_from); }
		else if (v->clause > 0) { set_screen(v, VS_CLAUSE); v->clause--; }
		else set_screen(v, VS_AGREE_OVERVIEW);
		break;
	case VS_AGREE_SUMMARY:
		v->clause = v->n_clauses - 1;
		set_screen(v, VS_CLAUSE);
		break;
	case VS_QUESTION:
		if (v->editing) { v->editing = 0; set_screen(v, VS_REVIEW); }
		else if (v->page > 0) v->page--;
		else if (agreement_on(v) && v->plan == PLAN_FOLLOWUP) set_screen(v, VS_AGREE_SHORT);
		else if (agreement_on(v) && !v->agreement_skipped) set_screen(v, VS_AGREE_OVERVIEW);
		else if (agreement_on(v) || visit_agreement_unavailable(v)) set_screen(v, VS_AGREE_INTRO);
		else set_screen(v, v->cfg.identify == ID_PATIENT ? VS_IDENTIFY : VS_INTRO);
		break;
	case VS_REVIEW:
		rebuild(v);
		if (v->n_pages) { v->page = v->n_pages - 1; set_screen(v, VS_QUESTION); }
		else if (agreement_on(v)) set_screen(v, v->plan == PLAN_FOLLOWUP ? VS_AGREE_SHORT : VS_AGREE_OVERVIEW);
		else set_screen(v, VS_INTRO);
		break;
	case VS_HANDOFF: break;   /* a completed visit is not reopened */
	}
}

void visit_goto(Visit *v, const Questionnaire *form, const QItem *it)
{
	rebuild(v);
	for (int i = 0; i < v->n_pages; i++) {
		if (v->pages[i].item == it && v->c.forms[v->pages[i].form] == form) {
			v->page = i;
			v->editing = v->screen == VS_REVIEW;
			set_screen(v, VS_QUESTION);
			return;
		}
	}
}

/* A completed visit is kept; so is one with a safety answer (as partial). */
void visit_start_over(Visit *v) { wipe(v, v->screen == VS_HANDOFF); }

void visit_done(Visit *v)
{
	if (v->screen != VS_REVIEW) return;
	set_screen(v, VS_HANDOFF);
	if (v->h.complete) v->h.complete(v->h.ctx, v);
}

void visit_finish(Visit *v)
{
	if (v->screen == VS_HANDOFF) wipe(v, 1);
}

/* ---- identity ---- */

static void set_id(Visit *v, int i, const char *s)
{
	free(v->id[i]);
	v->id[i] = s && *s ? xstrdup(s) : NULL;
}

void visit_set_identity(Visit *v, const char *first, const char *last, const char *dob)
{
	set_id(v, 0, first);
	set_id(v, 1, last);
	set_id(v, 2, dob);
}

void visit_set_staff_ref(Visit *v, const char *ref)
{
	if (v->screen == VS_ATTRACT) {
		free(v->staff_ref_next);
		v->staff_ref_next = ref && *ref ? xstrdup(ref) : NULL;
	} else {
		set_id(v, 3, ref);
	}
}

const char *visit_identity(const Visit *v, int which)
{
	if (which < 0 || which > 3) return NULL;
	if (which == 3 && v->screen == VS_ATTRACT) return v->staff_ref_next;
	return v->id[which];
}

/* ---- record ---- */

void visit_record(const Visit *cv, VisitRecord *r, long long now_unix)
{
	Visit *v = (Visit *)cv;   /* rec is scratch storage owned by v */
	const Agreement *ag = visit_agreement(v), *clinic = NULL;
	int n = 0, total_s = 0;

	memset(r, 0, sizeof *r);
	for (int i = 0; i < v->c.n_agreements; i++)
		if (str_eq(v->c.agreements[i]->lang, v->c.clinic_lang)) clinic = v->c.agreements[i];
	if (!clinic) clinic = ag;
	free(v->rec);
	v->rec = xcalloc((size_t)(v->n_clauses ? v->n_clauses : 1), sizeof *v->rec);
	for (int i = 0; i < v->n_clauses; i++) {
		const AgClause *cl = agreement_clause(ag, i, NULL);
		const AgClause *cc = clinic ? agreement_clause(clinic, i, NULL) : NULL;
		int secs = visit_clause_seconds(v, i);
		total_s += secs;
		if (v->mark[i] < 0 && !v->question[i] && secs == 0) continue;
		v->rec[n].clause_id = cl ? cl->id : "";
		v->rec[n].title = cc ? cc->title : cl ? cl->title : "";
		v->rec[n].discuss = v->mark[i] == 1;
		v->rec[n].question = v->question[i];
		v->rec[n].seconds = secs;
		n++;
	}
	r->uuid = v->uuid;
	r->code = v->code;
	r->kiosk = v->cfg.kiosk;
	r->lang = v->lang;
	r->completed = v->screen == VS_HANDOFF ? now_unix : 0;
	r->started = now_unix - (v->now - v->started) / 1000;
	r->id_mode = v->cfg.identify;
	r->first_name = v->id[0];
	r->last_name = v->id[1];
	r->birth_date = v->id[2];
	r->staff_ref = v->id[3];
	r->forms = v->c.forms;
	r->n_forms = v->c.n_forms;
	r->rules = v->c.rules;
	r->n_rules = v->c.n_rules;
	r->answers = v->ans;
	r->agreement = clinic;
	r->marks = v->rec;
	r->n_marks = n;
	long long ov = v->ms_overview;
	if (v->screen == VS_AGREE_OVERVIEW || v->screen == VS_AGREE_SHORT) ov += v->now - v->entered;
	r->agreement_seconds = total_s + (int)(ov / 1000);
	r->agreement_skipped = v->agreement_skipped;
	r->safety = v->c.safety;
	r->n_safety = v->c.n_safety;
	r->raised = v->raised;
}
