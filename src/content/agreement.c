/* content/agreement.c - the agreement pack loader: reads a JSON pack with
 * cJSON, validates it (format, required strings, unique ids, UTF-8, size)
 * and converts it into the core/agreement.h model, so no cJSON type leaves
 * this file. Every error names the file and the JSON path of the problem. */
#include "content/agreement.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One load in progress: where messages go. */
typedef struct Ctx {
	const char *name;   /* file name for messages */
	char *err;          /* caller's buffer, may be NULL */
	size_t errlen;
} Ctx;

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen) return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Reports "name: path: what" and returns AG_ESCHEMA. */
static int schema_err(Ctx *c, const char *path, const char *what)
{
	set_err(c->err, c->errlen, "%s: %s: %s", c->name, path, what);
	return AG_ESCHEMA;
}

/* 1-based line and column of byte offset off in s. */
static void line_col(const char *s, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') { (*line)++; *col = 1; }
		else if (((unsigned char)s[i] & 0xC0) != 0x80) (*col)++;
	}
}

/* Byte offset of the first invalid UTF-8 sequence in s[0..n). */
static size_t utf8_bad_offset(const char *s, size_t n)
{
	size_t lo = 0;
	/* utf8_valid is all-or-nothing: find the first bad prefix end by
	 * scanning sequence starts; packs are small, so this stays cheap. */
	while (lo < n) {
		size_t k = 1;
		unsigned char b = (unsigned char)s[lo];
		if (b >= 0xF0) k = 4;
		else if (b >= 0xE0) k = 3;
		else if (b >= 0xC0) k = 2;
		if (lo + k > n || !utf8_valid(s + lo, k)) return lo;
		lo += k;
	}
	return n;
}

/* Copies the string member key of obj into *out. Missing, non-string or
 * blank values are errors when required; when optional they leave *out NULL. */
static int get_str(Ctx *c, const cJSON *obj, const char *key, const char *base,
		   int required, char **out)
{
	char path[256];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *p;

	*out = NULL;
	snprintf(path, sizeof path, "%s%s%s", base, *base ? "." : "", key);
	if (!v || cJSON_IsNull(v)) return required ? schema_err(c, path, "missing") : AG_OK;
	if (!cJSON_IsString(v) || !v->valuestring) return schema_err(c, path, "not a string");
	if (!utf8_valid(v->valuestring, strlen(v->valuestring)))
		return schema_err(c, path, "invalid UTF-8");
	for (p = v->valuestring; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
		;
	if (!*p) return required ? schema_err(c, path, "empty") : AG_OK;
	*out = xstrdup(v->valuestring);
	return AG_OK;
}

/* The array member key of obj, required and non-empty unless optional. */
static int get_array(Ctx *c, const cJSON *obj, const char *key, const char *base,
		     int required, const cJSON **out)
{
	char path[256];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	snprintf(path, sizeof path, "%s%s%s", base, *base ? "." : "", key);
	if (!v || cJSON_IsNull(v)) return required ? schema_err(c, path, "missing") : AG_OK;
	if (!cJSON_IsArray(v)) return schema_err(c, path, "not an array");
	if (required && cJSON_GetArraySize(v) == 0) return schema_err(c, path, "empty");
	*out = v;
	return AG_OK;
}

static int load_faq(Ctx *c, const cJSON *j, const char *path, AgFaq *f)
{
	int rc;
	if (!cJSON_IsObject(j)) return schema_err(c, path, "not an object");
	if ((rc = get_str(c, j, "topic", path, 1, &f->topic))) return rc;
	if ((rc = get_str(c, j, "q", path, 1, &f->q))) return rc;
	return get_str(c, j, "a", path, 1, &f->a);
}

static int load_clause(Ctx *c, const cJSON *j, const char *path, AgClause *cl)
{
	const cJSON *faq, *it;
	char sub[160];   /* path + ".faq[N]" */
	int rc, i = 0;

	if (!cJSON_IsObject(j)) return schema_err(c, path, "not an object");
	if ((rc = get_str(c, j, "id", path, 1, &cl->id))) return rc;
	if ((rc = get_str(c, j, "title", path, 1, &cl->title))) return rc;
	if ((rc = get_str(c, j, "summary", path, 0, &cl->summary))) return rc;
	if ((rc = get_str(c, j, "changed", path, 0, &cl->changed))) return rc;
	if ((rc = get_str(c, j, "original", path, 1, &cl->original))) return rc;
	if ((rc = get_str(c, j, "plain", path, 1, &cl->plain))) return rc;
	if ((rc = get_str(c, j, "why", path, 1, &cl->why))) return rc;
	if ((rc = get_array(c, j, "faq", path, 0, &faq))) return rc;
	if (!faq || cJSON_GetArraySize(faq) == 0) return AG_OK;
	cl->faq = xcalloc((size_t)cJSON_GetArraySize(faq), sizeof *cl->faq);
	cJSON_ArrayForEach(it, faq) {
		snprintf(sub, sizeof sub, "%s.faq[%d]", path, i);
		cl->n_faq = i + 1;   /* count it now so a partial entry is freed */
		if ((rc = load_faq(c, it, sub, &cl->faq[i]))) return rc;
		i++;
	}
	return AG_OK;
}

static int load_section(Ctx *c, const cJSON *j, const char *path, AgSection *s)
{
	const cJSON *arr, *it;
	char sub[96];    /* path + ".clauses[N]" */
	int rc, i = 0;

	if (!cJSON_IsObject(j)) return schema_err(c, path, "not an object");
	if ((rc = get_str(c, j, "id", path, 1, &s->id))) return rc;
	if ((rc = get_str(c, j, "title", path, 1, &s->title))) return rc;
	if ((rc = get_str(c, j, "intro", path, 0, &s->intro))) return rc;
	if ((rc = get_str(c, j, "original", path, 0, &s->original))) return rc;
	if (s->original && !s->intro) return schema_err(c, path, "original lead-in without a plain intro");
	if ((rc = get_array(c, j, "clauses", path, 1, &arr))) return rc;
	s->clauses = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *s->clauses);
	cJSON_ArrayForEach(it, arr) {
		snprintf(sub, sizeof sub, "%s.clauses[%d]", path, i);
		s->n_clauses = i + 1;
		if ((rc = load_clause(c, it, sub, &s->clauses[i]))) return rc;
		i++;
	}
	return AG_OK;
}

/* The optional preamble: the clinic's opening words and ours, both required. */
static int load_preamble(Ctx *c, const cJSON *root, Agreement *ag)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(root, "preamble");
	int rc;

	if (!j || cJSON_IsNull(j)) return AG_OK;
	if (!cJSON_IsObject(j)) return schema_err(c, "preamble", "not an object");
	if ((rc = get_str(c, j, "original", "preamble", 1, &ag->preamble_original))) return rc;
	return get_str(c, j, "plain", "preamble", 1, &ag->preamble_plain);
}

/* glossary[i]: term and plain are required; forms is a non-empty array of
 * strings (the words that count as a use of the term; tests read them). */
static int load_term(Ctx *c, const cJSON *j, const char *path, AgTerm *t)
{
	const cJSON *forms, *f;
	char sub[64];
	int rc;

	if (!cJSON_IsObject(j)) return schema_err(c, path, "not an object");
	if ((rc = get_str(c, j, "term", path, 1, &t->term))) return rc;
	if ((rc = get_str(c, j, "plain", path, 1, &t->plain))) return rc;
	if ((rc = get_array(c, j, "forms", path, 1, &forms))) return rc;
	cJSON_ArrayForEach(f, forms)
		if (!cJSON_IsString(f) || !f->valuestring || !f->valuestring[0]) {
			snprintf(sub, sizeof sub, "%s.forms", path);
			return schema_err(c, sub, "not a list of words");
		}
	return AG_OK;
}

static int load_glossary(Ctx *c, const cJSON *root, Agreement *ag)
{
	const cJSON *arr, *it;
	char sub[32];    /* "glossary[N]" */
	int rc, i = 0;

	if ((rc = get_array(c, root, "glossary", "", 0, &arr)) || !arr) return rc;
	if (cJSON_GetArraySize(arr) == 0) return AG_OK;
	ag->glossary = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *ag->glossary);
	cJSON_ArrayForEach(it, arr) {
		snprintf(sub, sizeof sub, "glossary[%d]", i);
		ag->n_glossary = i + 1;
		if ((rc = load_term(c, it, sub, &ag->glossary[i]))) return rc;
		for (int k = 0; k < i; k++)
			if (str_eq(ag->glossary[k].term, ag->glossary[i].term)) {
				snprintf(sub, sizeof sub, "glossary[%d].term", i);
				return schema_err(c, sub, "duplicate term");
			}
		i++;
	}
	return AG_OK;
}

/* Section ids, clause ids (pack-wide) and faq topics (pack-wide) are unique. */
static int check_unique(Ctx *c, const Agreement *ag)
{
	char path[200];
	for (int s = 0; s < ag->n_sections; s++) {
		const AgSection *sec = &ag->sections[s];
		for (int t = 0; t < s; t++)
			if (str_eq(sec->id, ag->sections[t].id)) {
				snprintf(path, sizeof path, "sections[%d].id", s);
				return schema_err(c, path, "duplicate section id");
			}
		for (int k = 0; k < sec->n_clauses; k++) {
			const AgClause *cl = &sec->clauses[k];
			int n = agreement_clause_count(ag);
			for (int i = 0; i < n; i++) {
				const AgClause *o = agreement_clause(ag, i, NULL);
				if (o == cl) break;
				if (str_eq(o->id, cl->id)) {
					snprintf(path, sizeof path, "sections[%d].clauses[%d].id", s, k);
					return schema_err(c, path, "duplicate clause id");
				}
			}
			for (int f = 0; f < cl->n_faq; f++)
				for (int i = 0; i < n; i++) {
					const AgClause *o = agreement_clause(ag, i, NULL);
					int last = o == cl ? f : o->n_faq;
					int dup = 0;
					for (int g = 0; g < last; g++)
						if (str_eq(o->faq[g].topic, cl->faq[f].topic)) dup = 1;
					if (dup) {
						snprintf(path, sizeof path,
							 "sections[%d].clauses[%d].faq[%d].topic", s, k, f);
						return schema_err(c, path, "duplicate faq topic");
					}
					if (o == cl) break;
				}
		}
	}
	return AG_OK;
}

static int load_root(Ctx *c, const cJSON *root, Agreement *ag)
{
	const cJSON *arr, *it;
	char *format = NULL;
	char sub[32];    /* "sections[N]" */
	int rc, i = 0;

	if (!cJSON_IsObject(root)) return schema_err(c, "$", "not an object");
	if ((rc = get_str(c, root, "format", "", 1, &format))) return rc;
	if (strcmp(format, AGREEMENT_FORMAT) != 0) {
		free(format);
		return schema_err(c, "format", "not \"" AGREEMENT_FORMAT "\"");
	}
	free(format);
	if ((rc = get_str(c, root, "id", "", 1, &ag->id))) return rc;
	if ((rc = get_str(c, root, "version", "", 1, &ag->version))) return rc;
	if ((rc = get_str(c, root, "language", "", 1, &ag->lang))) return rc;
	if ((rc = get_str(c, root, "clinic", "", 1, &ag->clinic))) return rc;
	if ((rc = get_str(c, root, "title", "", 1, &ag->title))) return rc;
	if ((rc = get_str(c, root, "opening", "", 1, &ag->opening))) return rc;
	if ((rc = get_str(c, root, "closing", "", 1, &ag->closing))) return rc;
	if ((rc = get_str(c, root, "original_note", "", 0, &ag->original_note))) return rc;
	if ((rc = load_preamble(c, root, ag))) return rc;
	if ((rc = load_glossary(c, root, ag))) return rc;
	if ((rc = get_array(c, root, "sections", "", 1, &arr))) return rc;
	ag->sections = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *ag->sections);
	cJSON_ArrayForEach(it, arr) {
		snprintf(sub, sizeof sub, "sections[%d]", i);
		ag->n_sections = i + 1;
		if ((rc = load_section(c, it, sub, &ag->sections[i]))) return rc;
		i++;
	}
	return check_unique(c, ag);
}

int agreement_load_mem(const char *json, size_t len, const char *name,
		       Agreement **out, char *err, size_t errlen)
{
	Ctx c = { name ? name : "agreement", err, errlen };
	cJSON *root = NULL;
	Agreement *ag = NULL;
	const char *end = NULL;
	int rc, line, col;

	*out = NULL;
	if (err && errlen) err[0] = 0;
	if (!json) {
		json = "";
		len = 0;
	}
	if (len > AGREEMENT_MAX_BYTES) {
		set_err(err, errlen, "%s: larger than %u bytes", c.name, AGREEMENT_MAX_BYTES);
		rc = AG_ETOOBIG;
		goto fail;
	}
	if (!utf8_valid(json, len)) {
		line_col(json, utf8_bad_offset(json, len), &line, &col);
		set_err(err, errlen, "%s:%d:%d: invalid UTF-8", c.name, line, col);
		rc = AG_EUTF8;
		goto fail;
	}
	if (memchr(json, 0, len)) {
		line_col(json, (size_t)((const char *)memchr(json, 0, len) - json), &line, &col);
		set_err(err, errlen, "%s:%d:%d: NUL byte in file", c.name, line, col);
		rc = AG_EJSON;
		goto fail;
	}
	root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	if (!root) {
		size_t off = end && end >= json && end <= json + len ? (size_t)(end - json) : 0;
		line_col(json, off, &line, &col);
		set_err(err, errlen, "%s:%d:%d: malformed JSON", c.name, line, col);
		rc = AG_EJSON;
		goto fail;
	}
	ag = xcalloc(1, sizeof *ag);
	if ((rc = load_root(&c, root, ag))) goto fail;
	cJSON_Delete(root);
	*out = ag;
	return AG_OK;
fail:
	agreement_free(ag);
	cJSON_Delete(root);
	return rc;
}

int agreement_load(const char *path, Agreement **out, char *err, size_t errlen)
{
	size_t len = 0;
	char *text;
	int rc;
	*out = NULL;
	if (!(text = read_file(path, AGREEMENT_MAX_BYTES, &len))) {
		set_err(err, errlen, "%s: cannot open or read", path);
		return AG_EIO;
	}
	if (len > AGREEMENT_MAX_BYTES) {
		set_err(err, errlen, "%s: larger than %u bytes", path, AGREEMENT_MAX_BYTES);
		rc = AG_ETOOBIG;
	} else {
		rc = agreement_load_mem(text, len, path, out, err, errlen);
	}
	free(text);
	return rc;
}

/* Reports a pair mismatch at path and returns AG_EMISMATCH. */
static int pair_err(char *err, size_t errlen, const char *path, const char *what,
		    const char *a, const char *b)
{
	set_err(err, errlen, "%s: %s '%s' vs '%s'", path, what, a ? a : "", b ? b : "");
	return AG_EMISMATCH;
}

int agreement_check_pair(const Agreement *base, const Agreement *other,
			 char *err, size_t errlen)
{
	char path[200], na[16], nb[16];

	if (err && errlen) err[0] = 0;
	if (base->n_sections != other->n_sections) {
		snprintf(na, sizeof na, "%d", base->n_sections);
		snprintf(nb, sizeof nb, "%d", other->n_sections);
		return pair_err(err, errlen, "sections", "count", na, nb);
	}
	for (int s = 0; s < base->n_sections; s++) {
		const AgSection *a = &base->sections[s], *b = &other->sections[s];
		snprintf(path, sizeof path, "sections[%d]", s);
		if (!str_eq(a->id, b->id)) return pair_err(err, errlen, path, "id", a->id, b->id);
		if (a->n_clauses != b->n_clauses) {
			snprintf(na, sizeof na, "%d", a->n_clauses);
			snprintf(nb, sizeof nb, "%d", b->n_clauses);
			return pair_err(err, errlen, path, "clause count", na, nb);
		}
		for (int k = 0; k < a->n_clauses; k++) {
			const AgClause *ca = &a->clauses[k], *cb = &b->clauses[k];
			snprintf(path, sizeof path, "sections[%d].clauses[%d]", s, k);
			if (!str_eq(ca->id, cb->id))
				return pair_err(err, errlen, path, "id", ca->id, cb->id);
			if (ca->n_faq != cb->n_faq) {
				snprintf(na, sizeof na, "%d", ca->n_faq);
				snprintf(nb, sizeof nb, "%d", cb->n_faq);
				return pair_err(err, errlen, path, "faq count", na, nb);
			}
			for (int f = 0; f < ca->n_faq; f++)
				if (!str_eq(ca->faq[f].topic, cb->faq[f].topic)) {
					snprintf(path, sizeof path, "sections[%d].clauses[%d].faq[%d]", s, k, f);
					return pair_err(err, errlen, path, "topic",
							ca->faq[f].topic, cb->faq[f].topic);
				}
		}
	}
	return AG_OK;
}
