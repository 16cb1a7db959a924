/* core/visit.h - the visit state machine: attract -> language -> intro ->
 * [identify] -> [agreement] -> questions -> review -> handoff -> wipe.
 * Pure C: time comes in as milliseconds from the caller (a real or a
 * virtual clock); effects go out through VisitHooks (the app wires them to
 * the store). The ui reads this state and calls these functions; it holds no
 * patient data itself. */
#ifndef CORE_VISIT_H
#define CORE_VISIT_H
#include "core/record.h"
#include "core/safety.h"

typedef enum {
	VS_ATTRACT, VS_LANGUAGE, VS_INTRO, VS_IDENTIFY,
	VS_AGREE_INTRO, VS_CLAUSE, VS_AGREE_SUMMARY,
	VS_QUESTION, VS_REVIEW, VS_HANDOFF,
	VS_PLAN,                  /* "Is this your first visit with us?" (after the language) */
	VS_AGREE_SHORT,           /* follow-up visits: "Our agreement, in short" */
	VS_AGREE_OVERVIEW         /* first visits: every clause in one sentence; tap one to read it all */
} VisitScreen;

/* Visit plans: how much a visit asks. first: the agreement and every form;
 * follow-up: the agreement in short and the follow-up forms; quick: the
 * quick forms only (pain now, PEG, safety). */
typedef enum { PLAN_FIRST, PLAN_FOLLOWUP, PLAN_QUICK, PLAN_COUNT } VisitPlan;
#define PLAN_ASK (-1)             /* the patient is asked after the language */
/* A form_plans bit beside the plans': the form is asked of a patient known
 * to be new (who said "this is my first visit", or whom staff set so).
 * Forms about a last visit lack it; the clinic's default plan for everyone
 * does not know who is new and asks them. */
#define PLAN_NEW PLAN_COUNT

typedef enum { AG_OFF, AG_OPTIONAL, AG_REQUIRED } AgreementMode;

typedef struct VisitConfig {
	long long idle_warn_ms;   /* no input this long: "Are you still there?" */
	long long idle_wipe_ms;   /* then this long more: wipe */
	long long handoff_ms;     /* handoff screen times out to a wipe */
	AgreementMode agreement;
	IdentifyMode identify;
	const char *kiosk;        /* borrowed */
	int plan;                 /* PLAN_ASK, or the clinic's plan for every visit */
	const char *agreement_reviewed;   /* borrowed: the pack version returning patients last saw; NULL or "" none */
} VisitConfig;

/* What the visit asks; all borrowed, must outlive the Visit. */
typedef struct VisitContent {
	const Questionnaire *const *forms; int n_forms;
	const ScoreRule *rules; int n_rules;
	const Agreement *const *agreements; int n_agreements;   /* one per language */
	const char *clinic_lang;  /* language of the clinician summary */
	const unsigned *form_plans;   /* per form: bit (1 << plan) when that plan asks it, (1 << PLAN_NEW) see above; NULL: all forms */
	const SafetyRule *safety; int n_safety;   /* safety answers (safety.json) */
} VisitContent;

typedef struct Visit Visit;

/* How a visit ends (the wipe hook's "completed" argument). A visit in which
 * a safety answer was given is never discarded: it is closed as partial,
 * kept, summarised and sent. */
enum { VISIT_DISCARD = 0, VISIT_COMPLETED = 1, VISIT_PARTIAL = 2 };

/* Effects, each optional. ctx is passed back. */
typedef struct VisitHooks {
	void *ctx;
	void (*begin)(void *ctx, Visit *v);              /* a visit starts: app sets uuid/code */
	void (*answer)(void *ctx, const Visit *v, const char *form, const char *link_id,
		       const QValue *vals, int n);        /* an answer changed (n=0: cleared) */
	void (*mark)(void *ctx, const Visit *v, int clause);   /* a clause mark/question changed */
	void (*complete)(void *ctx, const Visit *v);     /* "Done": the visit is complete */
	void (*wipe)(void *ctx, const Visit *v, int completed);   /* about to forget everything; VISIT_* */
	void (*safety)(void *ctx, const Visit *v, int rule);      /* safety rule index met: alert now (once a visit) */
} VisitHooks;

typedef enum { VT_NONE, VT_WARN, VT_WIPE } VisitTick;

Visit *visit_new(const VisitContent *c, const VisitConfig *cfg, VisitHooks hooks);  /* visit_free */
void visit_free(Visit *v);

VisitScreen visit_screen(const Visit *v);
const char *visit_lang(const Visit *v);       /* "en" before a choice */
const char *visit_code(const Visit *v);
const char *visit_uuid(const Visit *v);
void visit_set_ids(Visit *v, const char *uuid, const char *code);  /* from the begin hook */
long long visit_started(const Visit *v);      /* ms on the caller's clock */

/* Time and idle. Every patient input calls visit_input first. */
void visit_input(Visit *v, long long now_ms);
VisitTick visit_tick(Visit *v, long long now_ms);        /* may warn or wipe */
int visit_warning(const Visit *v);                       /* warning shown? */
int visit_warning_left(const Visit *v, long long now_ms);  /* whole seconds to wipe */
long long visit_next_deadline(const Visit *v);           /* ms, or -1 when none */

/* Navigation. */
void visit_start(Visit *v);                    /* attract -> language */
void visit_choose_language(Visit *v, const char *lang);  /* any time; answers kept */
void visit_next(Visit *v);
void visit_back(Visit *v);
void visit_start_over(Visit *v);               /* wipe now, back to attract */
void visit_done(Visit *v);                     /* review -> handoff (complete hook) */
void visit_finish(Visit *v);                   /* handoff -> wipe -> attract */

/* Plans. */
int visit_plan(const Visit *v);                /* the visit's plan (PLAN_FIRST before a choice) */
void visit_choose_plan(Visit *v, int plan);    /* on VS_PLAN: then the intro */
void visit_set_next_plan(Visit *v, int plan);  /* staff, for the next patient (PLAN_ASK: ask) */
int visit_next_plan(const Visit *v);           /* what staff set, PLAN_ASK when nothing */
void visit_agreement_full(Visit *v);           /* "See it all": from the short agreement to the whole */
/* Seconds the plan's visit takes a slow reader: its questions' and options'
 * words (and the agreement's, in the first plan) at 100 words a minute plus
 * 2 s a tap. */
int visit_plan_seconds(const Visit *v, int plan);

/* Identify (ID_PATIENT / ID_STAFF). */
void visit_set_identity(Visit *v, const char *first, const char *last, const char *dob);
void visit_set_staff_ref(Visit *v, const char *ref);   /* staff mode, before the visit */
const char *visit_identity(const Visit *v, int which); /* 0 first, 1 last, 2 dob, 3 staff ref */

/* Questions: the pages are the enabled question and display items, in order. */
int visit_page_count(const Visit *v);
int visit_page_index(const Visit *v);
const QItem *visit_item(const Visit *v, const Questionnaire **form);
/* Item of page i (0..count-1) and its form; NULL when out of range. */
const QItem *visit_page_item(const Visit *v, int i, const Questionnaire **form);
void visit_answer(Visit *v, const QValue *vals, int n);   /* current item */
/* "I'd rather not answer": the current item is recorded as asked and
 * declined (FHIR data-absent-reason "asked-declined"), never scored. */
void visit_decline(Visit *v);
int visit_is_declined(const QValue *vals, int n);
/* Progress over the questions: *k (1-based) among the questions shown so
 * far and *total, all the questions this visit may ask. Notices are not
 * counted; the total never grows during a visit. *k is 0 on a notice. */
void visit_progress(const Visit *v, int *k, int *total);
const QValue *visit_get_answer(const Visit *v, const Questionnaire *form, const QItem *it, int *n);
void visit_goto(Visit *v, const Questionnaire *form, const QItem *it);  /* from review: edit */
int visit_editing(const Visit *v);             /* came from review; next returns there */

/* Agreement. */
const Agreement *visit_agreement(const Visit *v);         /* in the visit's language, or NULL (never another's) */
/* 1 when the agreement is on but there is no pack in the visit's language
 * (refused at start-up): the agreement step only says so. */
int visit_agreement_unavailable(const Visit *v);
int visit_clause_index(const Visit *v);
void visit_goto_clause(Visit *v, int idx);     /* from the overview or the summary, and back there */
void visit_read_all(Visit *v);
/* 1 when the clause's meaning changed after the version the clinic marks as
 * last reviewed (config agreement_reviewed; versions compare as text, so
 * ISO dates): the follow-up's short agreement shows it in full. */
int visit_clause_changed(const Visit *v, int idx);                 /* from the overview: every clause in turn, then the summary */
void visit_mark_clause(Visit *v, int idx, int discuss);   /* 0: OK, 1: talk about this, -1: neither (clears its question) */
void visit_set_clause_question(Visit *v, int idx, const char *text);
int visit_clause_mark(const Visit *v, int idx);           /* -1 none, 0 ok, 1 discuss */
const char *visit_clause_question(const Visit *v, int idx);
int visit_clause_seconds(const Visit *v, int idx);          /* time spent reading it so far */
void visit_skip_agreement(Visit *v);

/* Safety: rule i (of VisitContent.safety) was met during this visit (its
 * alert was raised; changing the answer later does not take it back). */
int visit_safety_raised(const Visit *v, int rule);
int visit_safety_any(const Visit *v);          /* any rule raised: the visit is kept */

const Answers *visit_answers(const Visit *v);
/* A snapshot for export. marks points into storage owned by v, valid until
 * the next visit_* call that changes the visit. */
void visit_record(const Visit *v, VisitRecord *out, long long now_unix);
#endif
