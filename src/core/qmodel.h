/* core/qmodel.h - the questionnaire model: the FHIR R4 Questionnaire item
 * subset Accord runs, as plain C values (no cJSON, no SDL). content/ builds
 * it from JSON; core/ evaluates enableWhen and scoring on it; ui/ draws it.
 * A Questionnaire owns every string and array reachable from it. */
#ifndef CORE_QMODEL_H
#define CORE_QMODEL_H

#define QM_MAX_LANGS 8

typedef enum {
	QT_GROUP, QT_DISPLAY, QT_BOOLEAN, QT_DECIMAL, QT_INTEGER, QT_DATE,
	QT_STRING, QT_TEXT, QT_CHOICE, QT_OPEN_CHOICE
} QType;

typedef enum { QV_NONE, QV_BOOL, QV_INT, QV_DEC, QV_DATE, QV_STRING, QV_CODING } QValueKind;

/* One answer value (or an answerOption / enableWhen / initial value).
 * Strings are owned by whoever owns the QValue (a Questionnaire or Answers). */
typedef struct QValue {
	QValueKind kind;
	int b;            /* QV_BOOL */
	long long i;      /* QV_INT */
	double d;         /* QV_DEC */
	char *s;          /* QV_STRING text, QV_DATE "YYYY-MM-DD", QV_CODING code */
	char *system;     /* QV_CODING system (may be NULL) */
	char *display;    /* QV_CODING display (may be NULL) */
} QValue;

/* A text in several languages; lang[0] is the form's own language. */
typedef struct QText {
	int n;
	char *lang[QM_MAX_LANGS];
	char *str[QM_MAX_LANGS];
} QText;

/* urn:accord:body-map-area: where an answer sits on a body outline, as a
 * rectangle on a 100 x 200 figure box; front view: the patient faces the
 * viewer (their right on the left), back view: their left on the left. */
typedef struct QArea {
	int back;             /* 0 front view, 1 back view */
	double x, y, w, h;    /* 0 <= x, x + w <= 100; 0 <= y, y + h <= 200 */
} QArea;
#define QM_MAX_AREAS 2    /* one per view */

typedef struct QOption {
	QValue value;
	QText label;          /* display text (translated); falls back to value */
	double ordinal;       /* SDC ordinalValue / itemWeight */
	int has_ordinal;
	int initial_selected;
	int exclusive;        /* questionnaire-optionExclusive: clears the others */
	QArea areas[QM_MAX_AREAS]; int n_areas;   /* body map places (urn:accord:body-map-area) */
} QOption;

typedef enum { QOP_EXISTS, QOP_EQ, QOP_NE, QOP_GT, QOP_LT, QOP_GE, QOP_LE } QOp;

typedef struct QEnableWhen {
	char *question;       /* linkId of the item it depends on */
	QOp op;
	QValue answer;        /* for QOP_EXISTS: QV_BOOL */
} QEnableWhen;

typedef struct QCode { char *system, *code, *display; } QCode;

/* What an item is for the clinician summary (urn:accord:summary): the
 * summary builds its sections from these marks, never from linkIds. */
typedef enum {
	QSUM_NONE,          /* an ordinary answer: the "other answers" section */
	QSUM_SCORE,         /* a number shown on the score lines (pain now ...) */
	QSUM_GOAL,          /* the patient's goal in their words */
	QSUM_GOAL_RATING,   /* how hard the goal before it is now (0-10) */
	QSUM_SIDE_EFFECT,   /* side effects: the values are listed together */
	QSUM_MEDICINE,      /* how medicines were taken or changed */
	QSUM_DISCUSS,       /* what the patient wants to talk about */
	QSUM_OMIT           /* not in the summary (still in FHIR and HL7) */
} QSummary;

typedef struct QItem QItem;
struct QItem {
	char *link_id;
	QType type;
	QText text;
	char *prefix;
	int required, repeats, read_only;
	int max_length;                 /* 0 = none */
	int has_min, has_max;
	double min_value, max_value;    /* minValue / maxValue extensions */
	QOption *options; int n_options;
	QValue *initial; int n_initial;
	QEnableWhen *enable_when; int n_enable_when;
	int enable_any;                 /* enableBehavior any (default all) */
	QCode *codes; int n_codes;
	QItem *children; int n_children;
	QItem *parent;                  /* NULL at top level */
	int alert;                      /* safety item: a yes tells staff now */
	QText anchor_low, anchor_high;  /* urn:accord:anchor-low/-high: 0-10 scale words */
	QText open_label;               /* questionnaire-openLabel: "Other" for open-choice */
	int hidden;                     /* questionnaire-hidden: never shown (qm_enabled 0) */
	char *control;                  /* questionnaire-itemControl code ("body-map"), NULL if none */
	int instructions;               /* display with questionnaire-displayCategory "instructions": shown
					 * over the first question after it only (a stem without it, like
					 * PHQ-2's, is shown over every question that follows) */
	char *worst_of;                 /* urn:accord:worst-of: linkId of the repeats item whose
					   answers this single choice marks as the worst (body map) */
	QSummary summary;               /* urn:accord:summary: its section in the summary */
	QText summary_label;            /* urn:accord:summary-label: short clinician label */
};

/* The mark for a urn:accord:summary code ("goal" ...); -1 when unknown. */
int qsummary_parse(const char *code);

typedef struct Questionnaire {
	char *id, *url, *version, *name, *status;
	char *source;                   /* file it came from (for messages) */
	QText title;
	QCode *codes; int n_codes;
	QItem *items; int n_items;
	int translation_validated;      /* 0 when a translation is not validated */
} Questionnaire;

/* Text in lang, falling back to the form's own language; never NULL. */
const char *qtext_get(const QText *t, const char *lang);
/* Adds (or replaces) the text for lang; copies both strings. */
void qtext_set(QText *t, const char *lang, const char *str);
void qtext_free(QText *t);

void qvalue_free(QValue *v);
QValue qvalue_copy(const QValue *v);
/* Compares a and b for enableWhen; returns <0, 0, >0, or 2 when not comparable. */
int qvalue_cmp(const QValue *a, const QValue *b);
/* Numeric value for scoring: ordinal of a matching option, else int/dec. */
int qvalue_number(const QItem *it, const QValue *v, double *out);

/* The key answers of this form are stored under: url, else id, else
 * source, else "" (never NULL). */
const char *qm_form_key(const Questionnaire *q);
/* 1 when a patient answering in lang read a translation the form marks as not
 * validated (urn:accord:translation-validated false, e.g. the Spanish PEG), so
 * its scores may not compare with the original's; 0 in the form's own
 * language (its title's first language) or when lang is NULL. */
int qm_unvalidated_translation(const Questionnaire *q, const char *lang);
/* Option of it whose value equals v (qvalue_cmp == 0); NULL if none. */
const QOption *qitem_option(const QItem *it, const QValue *v);
/* Canonical FHIR names: "group", "choice", ...; "exists", "=", ... */
const char *qtype_name(QType t);
const char *qop_name(QOp op);

/* Finds an item anywhere in the form by linkId; NULL if none. */
const QItem *qm_find(const Questionnaire *q, const char *link_id);
/* Depth-first walk: calls fn for each item; stops when fn returns non-zero. */
int qm_walk(const Questionnaire *q, int (*fn)(const QItem *, void *), void *ctx);
int qm_count_items(const Questionnaire *q);
/* What a form costs a patient (make effort's model): the words of each
 * shown item and its options in lang (the 0-10 digits are not words), and
 * its taps (an answer and Next; Next on a notice). Adds to *words, *taps.
 * qm_cost_seconds: at 100 words a minute plus 2 s a tap. */
void qm_cost(const Questionnaire *q, const char *lang, int *words, int *taps);
int qm_cost_seconds(int words, int taps);
int qm_count_words(const char *s);   /* runs of non-blanks */
/* True for a 0..10 scale (11 options with ordinals 0..10, or integer 0..10). */
int qitem_is_scale(const QItem *it);
/* True for items that take an answer (not group or display). */
int qitem_is_question(const QItem *it);

void qitem_free(QItem *it);
/* Frees q and everything it owns (q comes from questionnaire_load). */
void questionnaire_free(Questionnaire *q);
#endif
