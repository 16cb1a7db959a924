/* core/agreement.h - the partnership agreement pack model (one language),
 * loaded by content/agreement.c from assets/agreement/<lang>.json.
 * An Agreement owns all its strings. See docs/agreement-format.md. */
#ifndef CORE_AGREEMENT_H
#define CORE_AGREEMENT_H

typedef struct AgFaq {
	char *topic;          /* stable key across languages, e.g. "run-out-early" */
	char *q, *a;
} AgFaq;

typedef struct AgClause {
	char *id;             /* stable key across languages */
	char *title;          /* short heading */
	char *summary;        /* one short sentence for an overview; may be NULL */
	char *changed;        /* the pack version in which its meaning last changed; NULL: never since the first */
	char *original;       /* the clinic's own wording */
	char *plain;          /* plain-language explanation, 2-4 short sentences */
	char *why;            /* why this matters */
	AgFaq *faq; int n_faq;
} AgClause;

typedef struct AgSection {
	char *id;             /* "clinic", "patient", "shared" */
	char *title;
	char *intro;          /* our plain lead-in; may be NULL */
	char *original;       /* the clinic's own lead-in ("...the provider will:"); may be NULL */
	AgClause *clauses; int n_clauses;
} AgSection;

typedef struct AgTerm {
	char *term;           /* stable key across languages, e.g. "opioid" */
	char *plain;          /* the plain explanation, as it stands where the term is first used */
} AgTerm;

typedef struct Agreement {
	char *id, *version, *lang;
	char *clinic;         /* the clinic's name as the pack gives it */
	char *title, *opening, *closing;
	char *original_note;  /* label over the clinic's wording ("Traducción de la clínica..."); may be NULL */
	char *preamble_original, *preamble_plain;   /* the clinic's opening words and ours; both NULL or both set */
	AgSection *sections; int n_sections;
	AgTerm *glossary; int n_glossary;           /* words explained in the text; may be empty */
} Agreement;

int agreement_clause_count(const Agreement *ag);
/* i-th clause over all sections in order (0..count-1); NULL when out of range.
 * *section receives its section when non-NULL. */
const AgClause *agreement_clause(const Agreement *ag, int i, const AgSection **section);
void agreement_free(Agreement *ag);
#endif
