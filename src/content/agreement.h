/* content/agreement.h - loads and validates an agreement pack
 * (assets/agreement/<lang>.json, format "accord-agreement/1") into the
 * core/agreement.h model. See docs/agreement-format.md. */
#ifndef CONTENT_AGREEMENT_H
#define CONTENT_AGREEMENT_H
#include <stddef.h>
#include "core/agreement.h"

#define AGREEMENT_FORMAT "accord-agreement/1"
#define AGREEMENT_MAX_BYTES (2u * 1024u * 1024u)   /* larger packs are refused */

enum {
	AG_OK = 0,
	AG_EIO = -1,        /* cannot open or read the file */
	AG_ETOOBIG = -2,    /* over AGREEMENT_MAX_BYTES */
	AG_EUTF8 = -3,      /* not valid UTF-8 */
	AG_EJSON = -4,      /* malformed JSON */
	AG_ESCHEMA = -5,    /* valid JSON, but not a valid pack */
	AG_EMISMATCH = -6   /* two languages of one pack disagree */
};

/* Loads an agreement pack. Returns 0 and *out (free with agreement_free) or
 * a negative AG_E* error, *out NULL and a message in err (file and JSON path,
 * e.g. "assets/agreement/en.json: sections[1].clauses[2].plain: missing";
 * malformed JSON and bad UTF-8 give file:line:column). err may be NULL. */
int agreement_load(const char *path, Agreement **out, char *err, size_t errlen);

/* As agreement_load, from memory: json[0..len) need not be NUL-terminated;
 * name is used in messages only. */
int agreement_load_mem(const char *json, size_t len, const char *name,
		       Agreement **out, char *err, size_t errlen);

/* Cross-language check: both packs have the same sections, clauses and faq
 * topics, with the same ids in the same order. Returns 0, or AG_EMISMATCH
 * and a message naming the first difference (e.g. "sections[0].clauses[3]:
 * id 'listen' vs 'believe'"). */
int agreement_check_pair(const Agreement *base, const Agreement *other,
			 char *err, size_t errlen);
#endif
