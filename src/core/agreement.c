/* core/agreement.c - walking and freeing the agreement pack model.
 * Pure C, libc only; the loader that fills the model is content/agreement.c.
 * See core/agreement.h and docs/agreement-format.md. */
#include "core/agreement.h"
#include <stdlib.h>

int agreement_clause_count(const Agreement *ag)
{
	int n = 0;
	if (!ag) return 0;
	for (int s = 0; s < ag->n_sections; s++)
		n += ag->sections[s].n_clauses;
	return n;
}

const AgClause *agreement_clause(const Agreement *ag, int i, const AgSection **section)
{
	if (section) *section = NULL;
	if (!ag || i < 0) return NULL;
	for (int s = 0; s < ag->n_sections; s++) {
		const AgSection *sec = &ag->sections[s];
		if (i < sec->n_clauses) {
			if (section) *section = sec;
			return &sec->clauses[i];
		}
		i -= sec->n_clauses;
	}
	return NULL;
}

static void clause_free(AgClause *c)
{
	for (int f = 0; f < c->n_faq; f++) {
		free(c->faq[f].topic);
		free(c->faq[f].q);
		free(c->faq[f].a);
	}
	free(c->faq);
	free(c->id);
	free(c->title);
	free(c->summary);
	free(c->changed);
	free(c->original);
	free(c->plain);
	free(c->why);
}

void agreement_free(Agreement *ag)
{
	if (!ag) return;
	for (int s = 0; s < ag->n_sections; s++) {
		AgSection *sec = &ag->sections[s];
		for (int c = 0; c < sec->n_clauses; c++)
			clause_free(&sec->clauses[c]);
		free(sec->clauses);
		free(sec->id);
		free(sec->title);
		free(sec->intro);
		free(sec->original);
	}
	free(ag->sections);
	for (int g = 0; g < ag->n_glossary; g++) {
		free(ag->glossary[g].term);
		free(ag->glossary[g].plain);
	}
	free(ag->glossary);
	free(ag->original_note);
	free(ag->preamble_original);
	free(ag->preamble_plain);
	free(ag->id);
	free(ag->version);
	free(ag->lang);
	free(ag->clinic);
	free(ag->title);
	free(ag->opening);
	free(ag->closing);
	free(ag);
}
