/* content/questionnaire.c - the FHIR R4 Questionnaire loader: checks the
 * raw bytes (size, UTF-8, nesting), parses with cJSON, rejects duplicate
 * keys, converts the supported subset into the core/qmodel.h model, then
 * checks the form as a whole (unique linkIds, enableWhen targets, cycles).
 * Everything outside the subset is reported: a warning naming file, JSON
 * path and linkId when the form stays usable, an error when it does not.
 * No cJSON type leaves this file. See docs/questionnaires.md. */
#include "content/questionnaire.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXT_TRANSLATION "http://hl7.org/fhir/StructureDefinition/translation"
#define EXT_ORDINAL     "http://hl7.org/fhir/StructureDefinition/ordinalValue"
#define EXT_WEIGHT      "http://hl7.org/fhir/StructureDefinition/itemWeight"
#define EXT_MIN         "http://hl7.org/fhir/StructureDefinition/minValue"
#define EXT_MAX         "http://hl7.org/fhir/StructureDefinition/maxValue"
#define EXT_HIDDEN      "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
#define EXT_OPENLABEL   "http://hl7.org/fhir/StructureDefinition/questionnaire-openLabel"
#define EXT_EXCLUSIVE   "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
#define EXT_ITEMCONTROL "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
#define EXT_DISPLAYCAT  "http://hl7.org/fhir/StructureDefinition/questionnaire-displayCategory"
#define EXT_AREA        "urn:accord:body-map-area"
#define SDC             "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-"

/* One load in progress. */
typedef struct Ctx {
	const char *name;      /* file name for messages */
	const char *lang;      /* the form's own language */
	const cJSON *root;     /* for contained ValueSets */
	Buf warn; int n_warn;
	Buf err; int n_err;
	int n_items;           /* items seen so far (QL_MAX_ITEMS) */
	char **seen_ext; int n_seen_ext;   /* ignored extensions already reported */
} Ctx;

static void report(Buf *b, int *n, const char *name, const char *path, const char *link_id,
		   const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	buf_addf(b, "%s: %s", name, *path ? path : "(top)");
	if (link_id) buf_addf(b, " (linkId \"%.80s\")", link_id);
	buf_addf(b, ": %s\n", msg);
	(*n)++;
}

/* An error: the form is unusable. Always returns QL_EINVALID. */
static int err(Ctx *c, const char *path, const char *link_id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int err(Ctx *c, const char *path, const char *link_id, const char *fmt, ...)
{
	va_list ap;
	if (c->n_err >= QL_MAX_ERRORS) { c->n_err++; return QL_EINVALID; }
	va_start(ap, fmt);
	report(&c->err, &c->n_err, c->name, path, link_id, fmt, ap);
	va_end(ap);
	return QL_EINVALID;
}

/* A warning: reported, and the form stays usable. */
static void warn(Ctx *c, const char *path, const char *link_id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void warn(Ctx *c, const char *path, const char *link_id, const char *fmt, ...)
{
	va_list ap;
	if (c->n_warn >= 200) { c->n_warn++; return; }
	va_start(ap, fmt);
	report(&c->warn, &c->n_warn, c->name, path, link_id, fmt, ap);
	va_end(ap);
}

/* dst = base.key (or key), cut to n - 1 bytes as snprintf would. Every
 * member of every item gets its path, so this is a hot loop of a load
 * (snprintf here was a sixth of the instructions of loading the forms). */
static size_t put(char *dst, size_t n, size_t at, const char *s)
{
	size_t len = strlen(s);
	if (at + 1 >= n) return at;
	if (len > n - 1 - at) len = n - 1 - at;
	memcpy(dst + at, s, len);
	dst[at + len] = 0;
	return at + len;
}

static void sub(char *dst, size_t n, const char *base, const char *key)
{
	size_t at;
	if (n == 0) return;
	dst[0] = 0;
	at = put(dst, n, 0, base);
	if (*base) at = put(dst, n, at, ".");
	put(dst, n, at, key);
}

static void subi(char *dst, size_t n, const char *base, const char *key, int i)
{
	char num[16];
	snprintf(num, sizeof num, "[%d]", i);
	sub(dst, n, base, key);
	put(dst, n, strlen(dst), num);
}

/* dst = a followed by b, cut to n - 1 bytes. */
static void cat2(char *dst, size_t n, const char *a, const char *b)
{
	if (n == 0) return;
	dst[0] = 0;
	put(dst, n, put(dst, n, 0, a), b);
}

/* Raw bytes ------------------------------------------------------------- */

static size_t utf8_bad_offset(const char *s, size_t n)
{
	size_t i = 0;
	if (utf8_valid(s, n)) return n;   /* the usual case, in one pass; the walk below only finds where */
	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		size_t k = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		if (i + k > n || !utf8_valid(s + i, k)) return i;
		i += k;
	}
	return n;
}

/* Deepest JSON nesting of s[0..n) outside strings; stops past limit and
 * gives the byte offset where it got too deep. */
static int json_depth(const char *s, size_t n, int limit, size_t *at)
{
	int d = 0, max = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (in_str) {
			if (ch == '\\') i++;
			else if (ch == '"') in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '{' || ch == '[') {
			if (++d > max) max = d;
			if (d > limit) { *at = i; return d; }
		} else if (ch == '}' || ch == ']') {
			d--;
		}
	}
	return max;
}

/* Checks every object for duplicate member names (FHIR forbids them). */
static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Where dup_keys is in the tree: formatted into a path only for an error
 * (formatting every node's path cost more than the whole rest of a load). */
typedef struct PathSeg {
	const struct PathSeg *up;
	const char *key;      /* member name, or NULL for an array element */
	int index;
} PathSeg;

static size_t seg_path(const PathSeg *s, char *out, size_t cap)
{
	size_t len;
	if (!s) { out[0] = 0; return 0; }
	len = seg_path(s->up, out, cap);
	if (len >= cap) return len;
	if (s->key) snprintf(out + len, cap - len, "%s%.100s", len ? "." : "", s->key);
	else snprintf(out + len, cap - len, "[%d]", s->index);
	return strlen(out);
}

/* 1 if two members of one object share a name (small objects: pairwise,
 * larger ones sorted); *dup gets the name. */
static int has_dup(const cJSON *j, int n, const char **dup)
{
	const cJSON *a, *b;
	int found = 0;
	if (n <= 12) {
		for (a = j->child; a && !found; a = a->next)
			for (b = a->next; b && !found; b = b->next)
				if (strcmp(a->string ? a->string : "", b->string ? b->string : "") == 0) {
					*dup = a->string ? a->string : "";
					found = 1;
				}
		return found;
	}
	const char **names = xmalloc((size_t)n * sizeof(char *));
	int k = 0;
	for (a = j->child; a; a = a->next) names[k++] = a->string ? a->string : "";
	qsort(names, (size_t)n, sizeof(char *), cmp_names);
	for (int i = 1; i < n && !found; i++)
		if (strcmp(names[i - 1], names[i]) == 0) { *dup = names[i]; found = 1; }
	free(names);
	return found;
}

static int dup_keys(Ctx *c, const cJSON *j, int depth, const PathSeg *at)
{
	int n = 0, k = 0, bad = 0;
	const cJSON *ch;
	const char *dup = NULL;
	if (depth > QL_MAX_JSON_DEPTH) return 0;
	for (ch = j->child; ch; ch = ch->next) n++;
	if (cJSON_IsObject(j) && n > 1 && has_dup(j, n, &dup)) {
		char path[4096];
		const cJSON *lid = cJSON_GetObjectItemCaseSensitive(j, "linkId");
		seg_path(at, path, sizeof path);
		err(c, path, cJSON_IsString(lid) ? lid->valuestring : NULL,
		    "member \"%.80s\" appears twice in one JSON object (FHIR forbids duplicate keys)", dup);
		return 1;
	}
	for (ch = j->child; ch && !bad; ch = ch->next, k++) {
		PathSeg seg = { at, cJSON_IsObject(j) ? (ch->string ? ch->string : "") : NULL, k };
		bad |= dup_keys(c, ch, depth + 1, &seg);
	}
	return bad;
}

/* Primitive members ------------------------------------------------------ */

/* A string the model keeps: checked against QL_MAX_STRING. */
static int str_ok(Ctx *c, const cJSON *v, const char *path, const char *lid)
{
	if (strlen(v->valuestring) > QL_MAX_STRING)
		return err(c, path, lid, "string of %zu bytes is longer than the %u byte limit",
			   strlen(v->valuestring), QL_MAX_STRING);
	return 0;
}

/* Optional string member key of obj into *out (NULL when absent). */
static int get_str(Ctx *c, const cJSON *obj, const char *key, const char *base,
		   const char *lid, char **out)
{
	char path[512];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = NULL;
	if (!v || cJSON_IsNull(v)) return 0;
	sub(path, sizeof path, base, key);
	if (!cJSON_IsString(v)) return err(c, path, lid, "not a string");
	if (str_ok(c, v, path, lid)) return QL_EINVALID;
	*out = xstrdup(v->valuestring);
	return 0;
}

/* Optional boolean: real forms sometimes write "true": accepted with a warning. */
static int get_bool(Ctx *c, const cJSON *obj, const char *key, const char *base,
		    const char *lid, int *out)
{
	char path[512];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v || cJSON_IsNull(v)) return 0;
	sub(path, sizeof path, base, key);
	if (cJSON_IsBool(v)) { *out = cJSON_IsTrue(v); return 0; }
	if (cJSON_IsString(v) && (!strcmp(v->valuestring, "true") || !strcmp(v->valuestring, "false"))) {
		*out = v->valuestring[0] == 't';
		warn(c, path, lid, "boolean written as the string \"%s\": read as %s (form still usable)",
		     v->valuestring, v->valuestring);
		return 0;
	}
	return err(c, path, lid, "not a boolean");
}

/* A FHIR integer (32-bit signed); strings of digits accepted with a warning. */
static int read_int(Ctx *c, const cJSON *v, const char *path, const char *lid, long long *out)
{
	double d;
	if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
	} else if (cJSON_IsString(v) && v->valuestring[0]) {
		char *end;
		d = strtod(v->valuestring, &end);
		if (*end) {
			warn(c, path, lid, "\"%.40s\" is not an integer: this value is ignored "
			     "(form still usable)", v->valuestring);
			return 1;
		}
		warn(c, path, lid, "integer written as a string: read as a number (form still usable)");
	} else {
		return err(c, path, lid, "not an integer");
	}
	if (!(d >= -2147483648.0 && d <= 2147483647.0))
		return err(c, path, lid, "integer %.0f is outside FHIR's 32-bit range", d);
	if (d != floor(d)) return err(c, path, lid, "not an integer");
	*out = (long long)d;
	return 0;
}

static int read_dec(Ctx *c, const cJSON *v, const char *path, const char *lid, double *out)
{
	if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) { *out = v->valuedouble; return 0; }
	if (cJSON_IsString(v) && v->valuestring[0]) {
		char *end;
		double d = strtod(v->valuestring, &end);
		if (!*end && isfinite(d)) {
			warn(c, path, lid, "decimal written as a string: read as a number (form still usable)");
			*out = d;
			return 0;
		}
		warn(c, path, lid, "\"%.40s\" is not a decimal: this value is ignored "
		     "(form still usable)", v->valuestring);
		return 1;
	}
	return err(c, path, lid, "not a decimal");
}

static int date_ok(const char *s)
{
	size_t n = strlen(s);
	if (n != 4 && n != 7 && n != 10) return 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
		else if (s[i] < '0' || s[i] > '9') return 0;
	}
	return 1;
}

/* Extensions -------------------------------------------------------------- */

/* Reports an extension Accord does not use, once per URL per form. */
static void ext_ignored(Ctx *c, const char *url, const char *path, const char *lid)
{
	for (int i = 0; i < c->n_seen_ext; i++)
		if (!strcmp(c->seen_ext[i], url)) return;
	c->seen_ext = xrealloc(c->seen_ext, (size_t)(c->n_seen_ext + 1) * sizeof(char *));
	c->seen_ext[c->n_seen_ext++] = xstrdup(url);
	if (!strncmp(url, SDC, strlen(SDC)) || strstr(url, "variable") || strstr(url, "Expression"))
		warn(c, path, lid, "extension %.200s needs FHIRPath, which Accord does not evaluate: "
		     "ignored here and wherever else it appears (form still usable)", url);
	else
		warn(c, path, lid, "extension %.200s is not supported: ignored here and wherever else "
		     "it appears (form still usable)", url);
}

/* modifierExtension: FHIR says a reader that does not understand one must not
 * use the resource. Accord understands none. */
static int check_modifier(Ctx *c, const cJSON *obj, const char *base, const char *lid)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "modifierExtension");
	const cJSON *e;
	int i = 0;
	char path[512];
	if (!m) return 0;
	cJSON_ArrayForEach(e, m) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "url");
		subi(path, sizeof path, base, "modifierExtension", i++);
		return err(c, path, lid, "modifierExtension %.200s is not understood: FHIR forbids "
			   "using the form (unusable)", cJSON_IsString(u) ? u->valuestring : "(no url)");
	}
	return 0;
}

/* Adds the translation extensions of a primitive's "_x" element to t. */
static int translations(Ctx *c, const cJSON *under, const char *base, const char *lid, QText *t)
{
	const cJSON *exts, *e;
	char path[512];
	int i = 0;
	if (!under) return 0;
	if (!cJSON_IsObject(under)) return err(c, base, lid, "not an object");
	if (check_modifier(c, under, base, lid)) return QL_EINVALID;
	exts = cJSON_GetObjectItemCaseSensitive(under, "extension");
	cJSON_ArrayForEach(e, exts) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "url"), *s;
		const char *lang = NULL, *content = NULL;
		subi(path, sizeof path, base, "extension", i++);
		if (!cJSON_IsString(u)) return err(c, path, lid, "extension without a url");
		if (strcmp(u->valuestring, EXT_TRANSLATION) != 0) {
			ext_ignored(c, u->valuestring, path, lid);
			continue;
		}
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(e, "extension")) {
			const cJSON *su = cJSON_GetObjectItemCaseSensitive(s, "url");
			const cJSON *vc = cJSON_GetObjectItemCaseSensitive(s, "valueCode");
			const cJSON *vs = cJSON_GetObjectItemCaseSensitive(s, "valueString");
			if (!cJSON_IsString(su)) continue;
			if (!strcmp(su->valuestring, "lang") && cJSON_IsString(vc)) lang = vc->valuestring;
			if (!strcmp(su->valuestring, "content") && cJSON_IsString(vs)) {
				if (str_ok(c, vs, path, lid)) return QL_EINVALID;
				content = vs->valuestring;
			}
		}
		if (!lang || !content) {
			warn(c, path, lid, "translation without lang or content: ignored (form still usable)");
			continue;
		}
		if (t->n >= QM_MAX_LANGS) {
			warn(c, path, lid, "more than %d languages: translation %.20s ignored (form still usable)",
			     QM_MAX_LANGS, lang);
			continue;
		}
		qtext_set(t, lang, content);
	}
	return 0;
}

/* Reads obj.key (the form's language) and obj._key (translations) into t. */
static int get_text(Ctx *c, const cJSON *obj, const char *key, const char *base,
		    const char *lid, QText *t)
{
	char path[512], ukey[64];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (v && !cJSON_IsNull(v)) {
		sub(path, sizeof path, base, key);
		if (!cJSON_IsString(v)) return err(c, path, lid, "not a string");
		if (str_ok(c, v, path, lid)) return QL_EINVALID;
		qtext_set(t, c->lang, v->valuestring);
	}
	cat2(ukey, sizeof ukey, "_", key);
	sub(path, sizeof path, base, ukey);
	return translations(c, cJSON_GetObjectItemCaseSensitive(obj, ukey), path, lid, t);
}

/* Values ----------------------------------------------------------------- */

/* Reads prefix[x] (valueBoolean, answerCoding, ...) of obj into *v.
 * Returns 0 (v->kind QV_NONE when absent), 1 when the type is not supported
 * (already warned), or QL_EINVALID. */
static int get_value(Ctx *c, const cJSON *obj, const char *prefix, const char *base,
		     const char *lid, QValue *v, QText *label)
{
	static const char *const types[] = {
		"Boolean", "Integer", "Decimal", "Date", "String", "Coding",
		"DateTime", "Time", "Uri", "Quantity", "Reference", "Attachment"
	};
	char key[64], path[512];
	const cJSON *j = NULL;
	int t = -1;
	memset(v, 0, sizeof *v);
	size_t plen = strlen(prefix);
	const cJSON *x;
	cJSON_ArrayForEach(x, obj) {   /* one pass over the members, not a lookup per type */
		if (!x->string || strncmp(x->string, prefix, plen) != 0) continue;
		for (int i = 0; i < (int)(sizeof types / sizeof types[0]); i++) {
			if (strcmp(x->string + plen, types[i]) != 0) continue;
			if (j) return err(c, base, lid, "more than one %s[x]", prefix);
			j = x;
			t = i;
			break;
		}
	}
	if (!j) return 0;
	cat2(key, sizeof key, prefix, types[t]);
	sub(path, sizeof path, base, key);
	switch (t) {
	case 0:
		v->kind = QV_BOOL;
		return get_bool(c, obj, key, base, lid, &v->b);
	case 1:
		v->kind = QV_INT;
		return read_int(c, j, path, lid, &v->i);
	case 2:
		v->kind = QV_DEC;
		return read_dec(c, j, path, lid, &v->d);
	case 3:
		if (!cJSON_IsString(j) || !date_ok(j->valuestring))
			return err(c, path, lid, "not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
		v->kind = QV_DATE;
		v->s = xstrdup(j->valuestring);
		return 0;
	case 4: case 6: case 7: case 8:
		if (!cJSON_IsString(j)) return err(c, path, lid, "not a string");
		if (str_ok(c, j, path, lid)) return QL_EINVALID;
		v->kind = QV_STRING;
		v->s = xstrdup(j->valuestring);
		if (label) {
			char up[80];
			qtext_set(label, c->lang, j->valuestring);
			cat2(up, sizeof up, "_", key);
			sub(path, sizeof path, base, up);
			return translations(c, cJSON_GetObjectItemCaseSensitive(obj, up), path, lid, label);
		}
		return 0;
	case 5: {
		int r;
		if (!cJSON_IsObject(j)) return err(c, path, lid, "not a Coding");
		v->kind = QV_CODING;
		if ((r = get_str(c, j, "code", path, lid, &v->s)) ||
		    (r = get_str(c, j, "system", path, lid, &v->system)) ||
		    (r = get_str(c, j, "display", path, lid, &v->display)))
			return r;
		if (!v->s && !v->display)
			return err(c, path, lid, "Coding has neither code nor display");
		if (label) {
			char up[600];
			qtext_set(label, c->lang, v->display ? v->display : v->s);
			sub(up, sizeof up, path, "_display");
			return translations(c, cJSON_GetObjectItemCaseSensitive(j, "_display"), up, lid, label);
		}
		return 0;
	}
	default:
		warn(c, path, lid, "%s values are not supported: this value is ignored (form still usable)",
		     key);
		return 1;
	}
}

/* Extensions of an answerOption or of its valueCoding. */
/* urn:accord:body-map-area valueString "front|back x y w h" on a 100 x 200
 * figure box (see QArea); one per view. */
static int body_area(Ctx *c, const cJSON *e, const char *path, const char *lid, QOption *o)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "valueString");
	char view[8];
	QArea a = {0};
	int used = 0;
	if (!cJSON_IsString(v) ||
	    sscanf(v->valuestring, "%7s %lf %lf %lf %lf %n", view, &a.x, &a.y, &a.w, &a.h, &used) != 5 ||
	    v->valuestring[used] || (strcmp(view, "front") && strcmp(view, "back")))
		return err(c, path, lid, "body-map-area needs valueString \"front|back x y w h\"");
	if (a.x < 0 || a.y < 0 || a.w <= 0 || a.h <= 0 || a.x + a.w > 100 || a.y + a.h > 200)
		return err(c, path, lid, "body-map-area outside the 100 x 200 figure box");
	a.back = !strcmp(view, "back");
	if (o->n_areas == QM_MAX_AREAS) {
		warn(c, path, lid, "more than %d body-map areas: ignored (form still usable)", QM_MAX_AREAS);
		return 0;
	}
	o->areas[o->n_areas++] = a;
	return 0;
}

static int option_exts(Ctx *c, const cJSON *obj, const char *base, const char *lid, QOption *o)
{
	const cJSON *e;
	char path[512];
	int i = 0;
	if (!obj) return 0;
	if (check_modifier(c, obj, base, lid)) return QL_EINVALID;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(obj, "extension")) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "url");
		subi(path, sizeof path, base, "extension", i++);
		if (!cJSON_IsString(u)) return err(c, path, lid, "extension without a url");
		if (!strcmp(u->valuestring, EXT_ORDINAL) || !strcmp(u->valuestring, EXT_WEIGHT)) {
			QValue v;
			int r = get_value(c, e, "value", path, lid, &v, NULL);
			if (r < 0) return r;
			if (r > 0) { qvalue_free(&v); continue; }
			if (v.kind == QV_DEC) o->ordinal = v.d;
			else if (v.kind == QV_INT) o->ordinal = (double)v.i;
			else { qvalue_free(&v); return err(c, path, lid, "ordinalValue needs valueDecimal"); }
			o->has_ordinal = 1;
		} else if (!strcmp(u->valuestring, EXT_EXCLUSIVE)) {
			if (get_bool(c, e, "valueBoolean", path, lid, &o->exclusive)) return QL_EINVALID;
		} else if (!strcmp(u->valuestring, EXT_AREA)) {
			if (body_area(c, e, path, lid, o)) return QL_EINVALID;
		} else {
			ext_ignored(c, u->valuestring, path, lid);
		}
	}
	return 0;
}

/* answerValueSet "#id": the concepts of a contained ValueSet (expansion, or
 * compose.include[].concept[]). Returns the number of options added, -1 if
 * the value set is not in the file. */

/* One concept of a contained ValueSet as an answer option: returns 1 when
 * it is usable (a code of sane length), and fills o when o is not NULL. */
static int vs_concept(const Ctx *c, QOption *o, const cJSON *code, const cJSON *sys, const cJSON *disp)
{
	if (!cJSON_IsString(code) || strlen(code->valuestring) > QL_MAX_STRING) return 0;
	if (o) {
		o->value.kind = QV_CODING;
		o->value.s = xstrdup(code->valuestring);
		o->value.system = cJSON_IsString(sys) ? xstrdup(sys->valuestring) : NULL;
		o->value.display = cJSON_IsString(disp) && strlen(disp->valuestring) <= QL_MAX_STRING
			? xstrdup(disp->valuestring) : NULL;
		qtext_set(&o->label, c->lang, o->value.display ? o->value.display : o->value.s);
	}
	return 1;
}

static int contained_options(Ctx *c, const char *ref, QItem *it)
{
	const cJSON *r, *vs = NULL;
	int n = 0;
	if (ref[0] != '#') return -1;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(c->root, "contained")) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
		const cJSON *rt = cJSON_GetObjectItemCaseSensitive(r, "resourceType");
		if (cJSON_IsString(id) && cJSON_IsString(rt) && !strcmp(id->valuestring, ref + 1) &&
		    !strcmp(rt->valuestring, "ValueSet"))
			vs = r;
	}
	if (!vs) return -1;
	for (int pass = 0; pass < 2; pass++) {
		const cJSON *inc, *con;
		const cJSON *exp = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(vs, "expansion"), "contains");
		const cJSON *includes = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(vs, "compose"), "include");
		int k = 0;
		/* pass 0 counts, pass 1 fills */
		if (exp) {
			cJSON_ArrayForEach(con, exp) {
				const cJSON *code = cJSON_GetObjectItemCaseSensitive(con, "code");
				const cJSON *sys = cJSON_GetObjectItemCaseSensitive(con, "system");
				const cJSON *disp = cJSON_GetObjectItemCaseSensitive(con, "display");
				k += vs_concept(c, pass ? &it->options[k] : NULL, code, sys, disp);
			}
		} else {
			cJSON_ArrayForEach(inc, includes) {
				const cJSON *sys = cJSON_GetObjectItemCaseSensitive(inc, "system");
				cJSON_ArrayForEach(con, cJSON_GetObjectItemCaseSensitive(inc, "concept")) {
					const cJSON *code = cJSON_GetObjectItemCaseSensitive(con, "code");
					const cJSON *disp = cJSON_GetObjectItemCaseSensitive(con, "display");
					k += vs_concept(c, pass ? &it->options[k] : NULL, code, sys, disp);
				}
			}
		}
		if (!pass) {
			n = k;
			if (n == 0) return -1;
			it->options = xcalloc((size_t)n, sizeof(QOption));
		}
	}
	it->n_options = n;
	return n;
}

/* Items ------------------------------------------------------------------ */

typedef enum { KEEP, SKIP } Fate;

static int load_items(Ctx *c, const cJSON *arr, const char *base, int depth,
		      QItem **out, int *n_out);

static int parse_type(Ctx *c, const char *t, const char *path, const char *lid,
		      int required, QType *type, Fate *fate)
{
	static const struct { const char *name; QType t; } known[] = {
		{ "group", QT_GROUP }, { "display", QT_DISPLAY }, { "boolean", QT_BOOLEAN },
		{ "decimal", QT_DECIMAL }, { "integer", QT_INTEGER }, { "date", QT_DATE },
		{ "string", QT_STRING }, { "text", QT_TEXT }, { "choice", QT_CHOICE },
		{ "open-choice", QT_OPEN_CHOICE },
	};
	*fate = KEEP;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!strcmp(t, known[i].name)) { *type = known[i].t; return 0; }
	if (!strcmp(t, "time") || !strcmp(t, "dateTime") || !strcmp(t, "url")) {
		*type = QT_STRING;
		warn(c, path, lid, "item type %s is asked as free text (form still usable)", t);
		return 0;
	}
	if (!strcmp(t, "attachment") || !strcmp(t, "reference") || !strcmp(t, "quantity")) {
		if (required)
			return err(c, path, lid, "required item of unsupported type %s: form unusable", t);
		*fate = SKIP;
		warn(c, path, lid, "item type %s is not supported: item left out (it is not required; "
		     "form still usable)", t);
		return 0;
	}
	return err(c, path, lid, "unknown item type %.40s at linkId %.80s", t, lid);
}

static int item_exts(Ctx *c, const cJSON *j, const char *base, const char *lid, QItem *it)
{
	const cJSON *e;
	char path[512];
	int i = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "extension")) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "url");
		const char *url;
		subi(path, sizeof path, base, "extension", i++);
		if (!cJSON_IsString(u)) return err(c, path, lid, "extension without a url");
		url = u->valuestring;
		if (!strcmp(url, EXT_MIN) || !strcmp(url, EXT_MAX)) {
			QValue v;
			int is_min = !strcmp(url, EXT_MIN), r = get_value(c, e, "value", path, lid, &v, NULL);
			double d;
			if (r < 0) return r;
			if (r > 0) { qvalue_free(&v); continue; }
			if (v.kind == QV_INT) d = (double)v.i;
			else if (v.kind == QV_DEC) d = v.d;
			else {
				warn(c, path, lid, "%s of this kind is not checked (form still usable)",
				     is_min ? "minValue" : "maxValue");
				qvalue_free(&v);
				continue;
			}
			if (is_min) { it->has_min = 1; it->min_value = d; }
			else { it->has_max = 1; it->max_value = d; }
		} else if (!strcmp(url, "urn:accord:anchor-low") || !strcmp(url, "urn:accord:anchor-high")) {
			QText *t = !strcmp(url, "urn:accord:anchor-low") ? &it->anchor_low : &it->anchor_high;
			if (get_text(c, e, "valueString", path, lid, t)) return QL_EINVALID;
		} else if (!strcmp(url, EXT_OPENLABEL)) {
			if (get_text(c, e, "valueString", path, lid, &it->open_label)) return QL_EINVALID;
		} else if (!strcmp(url, EXT_ITEMCONTROL)) {
			const cJSON *cc = cJSON_GetObjectItemCaseSensitive(e, "valueCodeableConcept");
			const cJSON *cod = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cc, "coding"), 0);
			const cJSON *code = cJSON_GetObjectItemCaseSensitive(cod, "code");
			if (!cJSON_IsString(code) || !code->valuestring[0])
				return err(c, path, lid, "itemControl needs valueCodeableConcept.coding[0].code");
			free(it->control);
			it->control = xstrdup(code->valuestring);
		} else if (!strcmp(url, EXT_DISPLAYCAT)) {
			const cJSON *cc = cJSON_GetObjectItemCaseSensitive(e, "valueCodeableConcept");
			const cJSON *cod = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cc, "coding"), 0);
			const cJSON *code = cJSON_GetObjectItemCaseSensitive(cod, "code");
			/* only "instructions" changes what is shown; any other (or none) is ignored */
			it->instructions = cJSON_IsString(code) && !strcmp(code->valuestring, "instructions");
		} else if (!strcmp(url, "urn:accord:worst-of")) {
			free(it->worst_of);
			if (get_str(c, e, "valueString", path, lid, &it->worst_of)) return QL_EINVALID;
		} else if (!strcmp(url, "urn:accord:alert")) {
			if (get_bool(c, e, "valueBoolean", path, lid, &it->alert)) return QL_EINVALID;
		} else if (!strcmp(url, "urn:accord:summary")) {
			const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "valueCode");
			int m = cJSON_IsString(code) ? qsummary_parse(code->valuestring) : -1;
			if (m < 0)
				return err(c, path, lid, "urn:accord:summary needs a valueCode: answer, score, goal, "
					   "goal-rating, side-effect, medicine, discuss or omit");
			it->summary = (QSummary)m;
		} else if (!strcmp(url, "urn:accord:summary-label")) {
			if (get_text(c, e, "valueString", path, lid, &it->summary_label)) return QL_EINVALID;
		} else if (!strcmp(url, EXT_HIDDEN)) {
			if (get_bool(c, e, "valueBoolean", path, lid, &it->hidden)) return QL_EINVALID;
		} else if (!strcmp(url, SDC "calculatedExpression")) {
			it->read_only = 1;
			warn(c, path, lid, "calculatedExpression is not evaluated: the item is shown read-only "
			     "and left empty (form still usable)");
		} else if (!strcmp(url, SDC "enableWhenExpression")) {
			warn(c, path, lid, "enableWhenExpression is not evaluated: the item is always shown "
			     "(form still usable)");
		} else {
			ext_ignored(c, url, path, lid);
		}
	}
	return 0;
}

static int parse_op(const char *s, QOp *op)
{
	static const char *const ops[] = { "exists", "=", "!=", ">", "<", ">=", "<=" };
	for (int i = 0; i < 7; i++)
		if (!strcmp(s, ops[i])) { *op = (QOp)i; return 0; }
	return -1;
}

static int load_enable_when(Ctx *c, const cJSON *j, const char *base, const char *lid, QItem *it)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "enableWhen"), *e;
	const cJSON *beh = cJSON_GetObjectItemCaseSensitive(j, "enableBehavior");
	char path[512];
	int n = cJSON_GetArraySize(arr), i = 0;
	if (!arr) return 0;
	if (!cJSON_IsArray(arr)) return err(c, base, lid, "enableWhen is not an array");
	it->enable_when = xcalloc((size_t)n, sizeof(QEnableWhen));
	cJSON_ArrayForEach(e, arr) {
		QEnableWhen *w = &it->enable_when[it->n_enable_when];
		const cJSON *op = cJSON_GetObjectItemCaseSensitive(e, "operator");
		int r;
		subi(path, sizeof path, base, "enableWhen", i++);
		it->n_enable_when++;
		if (get_str(c, e, "question", path, lid, &w->question)) return QL_EINVALID;
		if (!w->question) return err(c, path, lid, "enableWhen without question");
		if (!cJSON_IsString(op) || parse_op(op->valuestring, &w->op))
			return err(c, path, lid, "enableWhen operator missing or unknown");
		r = get_value(c, e, "answer", path, lid, &w->answer, NULL);
		if (r < 0) return r;
		if (r == 1) {
			/* reported by get_value; a value no answer equals */
			qvalue_free(&w->answer);
			w->answer.kind = QV_NONE;
			warn(c, path, lid, "this condition compares with a value Accord cannot read: no "
			     "answer equals it (form still usable)");
			continue;
		}
		if (w->answer.kind == QV_NONE) return err(c, path, lid, "enableWhen without answer[x]");
		if (w->op == QOP_EXISTS && w->answer.kind != QV_BOOL)
			return err(c, path, lid, "operator exists needs answerBoolean");
		if ((w->answer.kind == QV_BOOL || w->answer.kind == QV_CODING) &&
		    w->op != QOP_EXISTS && w->op != QOP_EQ && w->op != QOP_NE)
			return err(c, path, lid, "operator %s does not apply to this answer type", op->valuestring);
	}
	if (beh && !cJSON_IsNull(beh)) {
		sub(path, sizeof path, base, "enableBehavior");
		if (cJSON_IsString(beh) && !strcmp(beh->valuestring, "any")) it->enable_any = 1;
		else if (!cJSON_IsString(beh) || strcmp(beh->valuestring, "all"))
			return err(c, path, lid, "enableBehavior must be all or any");
	} else if (n > 1) {
		warn(c, base, lid, "several enableWhen without enableBehavior: all must hold "
		     "(form still usable)");
	}
	return 0;
}

static int load_options(Ctx *c, const cJSON *j, const char *base, const char *lid, QItem *it)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "answerOption"), *o;
	const cJSON *vs = cJSON_GetObjectItemCaseSensitive(j, "answerValueSet");
	char path[512];
	int i = 0;
	if (arr) {
		if (!cJSON_IsArray(arr)) return err(c, base, lid, "answerOption is not an array");
		it->options = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(QOption));
		cJSON_ArrayForEach(o, arr) {
			QOption *op = &it->options[it->n_options];
			int r;
			subi(path, sizeof path, base, "answerOption", i++);
			r = get_value(c, o, "value", path, lid, &op->value, &op->label);
			if (r < 0) { it->n_options++; return r; }
			if (r == 1 || op->value.kind == QV_NONE) {
				qvalue_free(&op->value);
				qtext_free(&op->label);
				if (r == 0) return err(c, path, lid, "answerOption without value[x]");
				continue;
			}
			it->n_options++;
			if (get_bool(c, o, "initialSelected", path, lid, &op->initial_selected) ||
			    option_exts(c, o, path, lid, op))
				return QL_EINVALID;
			if (op->value.kind == QV_CODING) {
				char cp[600];
				sub(cp, sizeof cp, path, "valueCoding");
				if (option_exts(c, cJSON_GetObjectItemCaseSensitive(o, "valueCoding"), cp, lid, op))
					return QL_EINVALID;
			}
		}
	} else if (cJSON_IsString(vs)) {
		sub(path, sizeof path, base, "answerValueSet");
		if (str_ok(c, vs, path, lid)) return QL_EINVALID;
		if (contained_options(c, vs->valuestring, it) < 0 &&
		    (it->type == QT_CHOICE || it->type == QT_OPEN_CHOICE)) {
			warn(c, path, lid, "answer list %.200s is not in the file (Accord does not fetch value "
			     "sets): asked as free text; list the answers in answerOption to offer choices "
			     "(form still usable)", vs->valuestring);
			it->type = QT_STRING;
		}
	}
	if (it->type == QT_OPEN_CHOICE && it->n_options == 0 && !vs) {
		it->type = QT_STRING;   /* open-choice without options is plain free text */
	} else if (it->type == QT_CHOICE && it->n_options == 0 && !vs) {
		warn(c, base, lid, "choice item without answerOption or answerValueSet: asked as free "
		     "text (form still usable)");
		it->type = QT_STRING;
	}
	return 0;
}

static int load_initial(Ctx *c, const cJSON *j, const char *base, const char *lid, QItem *it)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, "initial"), *e;
	char path[512];
	int i = 0;
	if (!arr) return 0;
	if (!cJSON_IsArray(arr)) return err(c, base, lid, "initial is not an array");
	it->initial = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(QValue));
	cJSON_ArrayForEach(e, arr) {
		QValue *v = &it->initial[it->n_initial];
		int r;
		subi(path, sizeof path, base, "initial", i++);
		r = get_value(c, e, "value", path, lid, v, NULL);
		if (r < 0) { it->n_initial++; return r; }
		if (r == 1 || v->kind == QV_NONE) { qvalue_free(v); continue; }
		it->n_initial++;
	}
	return 0;
}

static int load_codes(Ctx *c, const cJSON *arr, const char *base, const char *lid,
		      QCode **codes, int *n)
{
	const cJSON *e;
	char path[512];
	int i = 0;
	if (!arr) return 0;
	if (!cJSON_IsArray(arr)) return err(c, base, lid, "code is not an array");
	*codes = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(QCode));
	cJSON_ArrayForEach(e, arr) {
		QCode *q = &(*codes)[(*n)++];
		subi(path, sizeof path, base, "code", i++);
		if (get_str(c, e, "system", path, lid, &q->system) ||
		    get_str(c, e, "code", path, lid, &q->code) ||
		    get_str(c, e, "display", path, lid, &q->display))
			return QL_EINVALID;
	}
	return 0;
}

static const char *const item_keys[] = {
	"linkId", "type", "text", "_text", "prefix", "_prefix", "code", "required", "repeats",
	"readOnly", "maxLength", "answerOption", "answerValueSet", "initial", "enableWhen",
	"enableBehavior", "item", "extension", "modifierExtension", "id", "definition",
	"_linkId", "_type", "_required", "_repeats", "_readOnly", "_maxLength", "_answerValueSet",
	"_definition", "_enableBehavior", NULL
};

/* Loads one item j at path into *it; *fate says whether to keep it. */
static int load_item(Ctx *c, const cJSON *j, const char *path, int depth, QItem *it, Fate *fate)
{
	const cJSON *lid_j = cJSON_GetObjectItemCaseSensitive(j, "linkId");
	const cJSON *type_j = cJSON_GetObjectItemCaseSensitive(j, "type");
	const cJSON *ml = cJSON_GetObjectItemCaseSensitive(j, "maxLength");
	const cJSON *m;
	const char *lid;
	char sp[512];
	int r;

	*fate = KEEP;
	if (!cJSON_IsObject(j)) return err(c, path, NULL, "item is not an object");
	if (!cJSON_IsString(lid_j) || !lid_j->valuestring[0])
		return err(c, path, NULL, "item without linkId");
	sub(sp, sizeof sp, path, "linkId");
	if (str_ok(c, lid_j, sp, NULL)) return QL_EINVALID;
	it->link_id = xstrdup(lid_j->valuestring);
	lid = it->link_id;
	if (check_modifier(c, j, path, lid)) return QL_EINVALID;
	if (get_bool(c, j, "required", path, lid, &it->required)) return QL_EINVALID;
	if (!cJSON_IsString(type_j)) return err(c, path, lid, "item without type");
	sub(sp, sizeof sp, path, "type");
	if (parse_type(c, type_j->valuestring, sp, lid, it->required, &it->type, fate))
		return QL_EINVALID;
	if (*fate == SKIP) return 0;

	for (m = j->child; m; m = m->next) {
		int known = 0;
		for (int k = 0; item_keys[k]; k++) if (!strcmp(m->string, item_keys[k])) known = 1;
		if (!known) {
			sub(sp, sizeof sp, path, m->string);
			warn(c, sp, lid, "element %.60s is not supported: ignored (form still usable)", m->string);
		}
	}
	if (get_text(c, j, "text", path, lid, &it->text) ||
	    get_str(c, j, "prefix", path, lid, &it->prefix) ||
	    get_bool(c, j, "repeats", path, lid, &it->repeats) ||
	    get_bool(c, j, "readOnly", path, lid, &it->read_only))
		return QL_EINVALID;
	if (it->repeats && it->type == QT_GROUP) {
		sub(sp, sizeof sp, path, "repeats");
		warn(c, sp, lid, "repeating groups are not supported: the group is asked once "
		     "(form still usable)");
		it->repeats = 0;
	}
	if (ml && !cJSON_IsNull(ml)) {
		long long v;
		sub(sp, sizeof sp, path, "maxLength");
		r = read_int(c, ml, sp, lid, &v);
		if (r < 0) return r;
		if (r > 0) v = 0;
		if (v < 0) return err(c, sp, lid, "maxLength %lld is negative", v);
		it->max_length = (int)v;
	}
	if ((r = load_codes(c, cJSON_GetObjectItemCaseSensitive(j, "code"), path, lid,
			    &it->codes, &it->n_codes)) ||
	    (r = item_exts(c, j, path, lid, it)) ||
	    (r = load_options(c, j, path, lid, it)) ||
	    (r = load_initial(c, j, path, lid, it)) ||
	    (r = load_enable_when(c, j, path, lid, it)))
		return r;
	{
		QText prefix = { 0 };
		char up[600];
		sub(up, sizeof up, path, "_prefix");
		r = translations(c, cJSON_GetObjectItemCaseSensitive(j, "_prefix"), up, lid, &prefix);
		if (prefix.n) warn(c, up, lid, "translated prefixes are not supported: the form's own "
				   "prefix is shown in every language (form still usable)");
		qtext_free(&prefix);
		if (r) return r;
	}
	return load_items(c, cJSON_GetObjectItemCaseSensitive(j, "item"), path, depth + 1,
			  &it->children, &it->n_children);
}

static int load_items(Ctx *c, const cJSON *arr, const char *base, int depth,
		      QItem **out, int *n_out)
{
	const cJSON *j;
	char path[512];
	int n, i = 0, rc = 0;
	*out = NULL;
	*n_out = 0;
	if (!arr) return 0;
	if (!cJSON_IsArray(arr)) return err(c, base, NULL, "item is not an array");
	n = cJSON_GetArraySize(arr);
	if (n == 0) return 0;
	if (depth >= QL_MAX_DEPTH) {
		sub(path, sizeof path, base, "item");
		return err(c, path, NULL, "items nested deeper than %d levels", QL_MAX_DEPTH);
	}
	if (c->n_items + n > QL_MAX_ITEMS)
		return err(c, base, NULL, "more than %d items", QL_MAX_ITEMS);
	c->n_items += n;
	*out = xcalloc((size_t)n, sizeof(QItem));
	cJSON_ArrayForEach(j, arr) {
		QItem *it = &(*out)[*n_out];
		Fate fate;
		int r;
		subi(path, sizeof path, base, "item", i++);
		r = load_item(c, j, path, depth, it, &fate);
		(*n_out)++;
		if (r) { rc = r; continue; }   /* go on: report every broken item */
		if (fate == SKIP) { qitem_free(it); (*n_out)--; }
	}
	return rc;
}

/* Whole-form checks -------------------------------------------------------- */

typedef struct Node { const char *id; const QItem *it; const char *path; int color; } Node;
typedef struct Graph { Node *v; int n; } Graph;

static int cmp_node(const void *a, const void *b)
{
	return strcmp(((const Node *)a)->id, ((const Node *)b)->id);
}

static Node *node(Graph *g, const char *id)
{
	Node key = { id, NULL, NULL, 0 };
	return bsearch(&key, g->v, (size_t)g->n, sizeof(Node), cmp_node);
}

/* Paths are rebuilt from the tree (items may have been left out). */
static void collect(Graph *g, QItem *items, int n, QItem *parent, const char *base, Buf *paths,
		    size_t *offs)
{
	for (int i = 0; i < n; i++) {
		char p[512];
		subi(p, sizeof p, base, "item", i);
		items[i].parent = parent;
		g->v[g->n].id = items[i].link_id;
		g->v[g->n].it = &items[i];
		offs[g->n] = paths->len;
		buf_add(paths, p);
		buf_addc(paths, 0);
		g->n++;
		collect(g, items[i].children, items[i].n_children, &items[i], p, paths, offs);
	}
}

/* Depth-first search for a cycle through enableWhen and parent edges. */
static int dfs(Ctx *c, Graph *g, Node *x, const char **stack, int depth)
{
	const QItem *it = x->it;
	if (x->color == 2) return 0;
	stack[depth] = x->id;
	if (x->color == 1) {
		Buf b = { 0 };
		int start = 0;
		for (int i = 0; i < depth; i++) if (!strcmp(stack[i], x->id)) start = i;
		for (int i = start; i <= depth; i++) buf_addf(&b, "%s\"%.60s\"", i > start ? " -> " : "", stack[i]);
		err(c, x->path, x->id, "enableWhen cycle: %s (an item cannot depend on itself, "
		    "also not through its groups)", b.s);
		buf_free(&b);
		return 1;
	}
	x->color = 1;
	if (it->parent && dfs(c, g, node(g, it->parent->link_id), stack, depth + 1)) return 1;
	for (int i = 0; i < it->n_enable_when; i++) {
		Node *y = node(g, it->enable_when[i].question);
		if (y && dfs(c, g, y, stack, depth + 1)) return 1;
	}
	x->color = 2;
	return 0;
}

static int check_form(Ctx *c, Questionnaire *q)
{
	int total = qm_count_items(q), bad = 0, questions = 0;
	Graph g = { xcalloc((size_t)total + 1, sizeof(Node)), 0 };
	size_t *offs = xcalloc((size_t)total + 1, sizeof(size_t));
	Buf paths = { 0 };
	const char **stack = xcalloc((size_t)total + 2, sizeof(char *));

	collect(&g, q->items, q->n_items, NULL, "", &paths, offs);
	for (int i = 0; i < g.n; i++) g.v[i].path = paths.s + offs[i];
	qsort(g.v, (size_t)g.n, sizeof(Node), cmp_node);
	for (int i = 1; i < g.n; i++) {
		if (!strcmp(g.v[i - 1].id, g.v[i].id)) {
			bad = err(c, g.v[i].path, g.v[i].id, "linkId also used at %s: linkIds must be unique "
				  "(FHIR que-2)", g.v[i - 1].path);
		}
	}
	for (int i = 0; i < g.n; i++) {
		const QItem *it = g.v[i].it;
		if (qitem_is_question(it)) questions++;
		for (int k = 0; k < it->n_enable_when; k++) {
			const char *qid = it->enable_when[k].question;
			Node *y = node(&g, qid);
			if (!y)
				bad = err(c, g.v[i].path, it->link_id, "enableWhen[%d].question \"%.80s\" is not "
					  "an item of this form (or was left out as unsupported)", k, qid);
			else if (!qitem_is_question(y->it))
				bad = err(c, g.v[i].path, it->link_id, "enableWhen[%d].question \"%.80s\" is a %s, "
					  "which has no answer", k, qid, qtype_name(y->it->type));
		}
	}
	if (!bad)
		for (int i = 0; i < g.n && !bad; i++) bad = dfs(c, &g, &g.v[i], stack, 0);
	if (!bad && questions == 0)
		bad = err(c, "item", NULL, "no question Accord can ask is left in the form");
	free(stack);
	buf_free(&paths);
	free(offs);
	free(g.v);
	return bad ? QL_EINVALID : 0;
}

/* Top level --------------------------------------------------------------- */

static const char *const top_known[] = {
	"resourceType", "id", "url", "version", "name", "title", "_title", "status", "language",
	"code", "item", "extension", "modifierExtension", "contained",
	/* metadata with no effect on asking the questions */
	"meta", "text", "identifier", "date", "publisher", "description", "purpose", "copyright",
	"_copyright", "_description", "_purpose", "_publisher", "_name", "_status", "_date",
	"_version", "_url", "_language", "contact", "jurisdiction", "useContext", "subjectType",
	"experimental", "approvalDate", "lastReviewDate", "effectivePeriod", "derivedFrom",
	"implicitRules", NULL
};

static int load_top(Ctx *c, const cJSON *root, Questionnaire *q)
{
	const cJSON *rt = cJSON_GetObjectItemCaseSensitive(root, "resourceType");
	const cJSON *lang = cJSON_GetObjectItemCaseSensitive(root, "language"), *m, *e;
	char path[64];
	int r, i = 0;

	if (!cJSON_IsObject(root)) return err(c, "", NULL, "not a JSON object");
	if (!cJSON_IsString(rt)) return err(c, "resourceType", NULL, "missing (expected Questionnaire)");
	if (strcmp(rt->valuestring, "Questionnaire") != 0)
		return err(c, "resourceType", NULL, "expected resourceType Questionnaire, got %.60s",
			   rt->valuestring);
	if (check_modifier(c, root, "", NULL)) return QL_EINVALID;
	c->lang = cJSON_IsString(lang) && lang->valuestring[0] && strlen(lang->valuestring) < 36
		? lang->valuestring : "en";
	for (m = root->child; m; m = m->next) {
		int known = 0;
		for (int k = 0; top_known[k]; k++) if (!strcmp(m->string, top_known[k])) known = 1;
		if (!known)
			warn(c, m->string, NULL, "element %.60s is not supported: ignored (form still usable)",
			     m->string);
	}
	q->translation_validated = 1;
	if ((r = get_str(c, root, "id", "", NULL, &q->id)) ||
	    (r = get_str(c, root, "url", "", NULL, &q->url)) ||
	    (r = get_str(c, root, "version", "", NULL, &q->version)) ||
	    (r = get_str(c, root, "name", "", NULL, &q->name)) ||
	    (r = get_str(c, root, "status", "", NULL, &q->status)) ||
	    (r = get_text(c, root, "title", "", NULL, &q->title)) ||
	    (r = load_codes(c, cJSON_GetObjectItemCaseSensitive(root, "code"), "", NULL,
			    &q->codes, &q->n_codes)))
		return r;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "extension")) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "url");
		snprintf(path, sizeof path, "extension[%d]", i++);
		if (!cJSON_IsString(u)) return err(c, path, NULL, "extension without a url");
		if (!strcmp(u->valuestring, "urn:accord:translation-validated")) {
			if (get_bool(c, e, "valueBoolean", path, NULL, &q->translation_validated))
				return QL_EINVALID;
		} else {
			ext_ignored(c, u->valuestring, path, NULL);
		}
	}
	if (q->status && !strcmp(q->status, "retired"))
		warn(c, "status", NULL, "the form is retired (form still usable)");
	if (!cJSON_GetObjectItemCaseSensitive(root, "item"))
		return err(c, "item", NULL, "the form has no items");
	return load_items(c, cJSON_GetObjectItemCaseSensitive(root, "item"), "", 0, &q->items, &q->n_items);
}

static char *finish_report(Ctx *c, int rc)
{
	Buf *b = rc ? &c->err : &c->warn;
	int n = rc ? c->n_err : c->n_warn, cap = rc ? QL_MAX_ERRORS : 200;
	if (n > cap) buf_addf(b, "%s: (and %d more)\n", c->name, n - cap);
	return b->len ? buf_take(b) : NULL;
}

int questionnaire_load_mem(const char *json, size_t len, const char *name,
			   Questionnaire **out, char **rep)
{
	Ctx c = { 0 };
	const char *start = json;
	Questionnaire *q = NULL;
	cJSON *root = NULL;
	const char *end = NULL;
	size_t at = 0, bad;
	int rc = 0;

	c.name = name ? name : "(memory)";
	c.lang = "en";
	*out = NULL;
	if (rep) *rep = NULL;
	if (len > QL_MAX_BYTES) {
		err(&c, "", NULL, "file of %zu bytes is over the %u byte limit", len, QL_MAX_BYTES);
		rc = QL_ETOOBIG;
		goto done;
	}
	if (len >= 3 && !memcmp(json, "\xEF\xBB\xBF", 3)) { json += 3; len -= 3; }   /* BOM */
	bad = utf8_bad_offset(json, len);
	if (bad < len) {
		err(&c, "", NULL, "invalid UTF-8 at byte %zu", bad + (size_t)(json - start));
		rc = QL_EUTF8;
		goto done;
	}
	if (json_depth(json, len, QL_MAX_JSON_DEPTH, &at) > QL_MAX_JSON_DEPTH) {
		err(&c, "", NULL, "JSON nested deeper than %d levels at byte %zu (items may nest at most "
		    "%d levels)", QL_MAX_JSON_DEPTH, at, QL_MAX_DEPTH);
		rc = QL_EJSON;
		goto done;
	}
	root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	if (!root) {
		size_t off = (end && end >= json && end <= json + len ? (size_t)(end - json) : len) +
			     (size_t)(json - start);
		err(&c, "", NULL, "malformed JSON at byte %zu", off);
		rc = QL_EJSON;
		goto done;
	}
	c.root = root;
	if (dup_keys(&c, root, 0, NULL)) { rc = QL_EJSON; goto done; }
	q = xcalloc(1, sizeof *q);
	q->source = xstrdup(c.name);
	rc = load_top(&c, root, q);
	if (!rc) rc = check_form(&c, q);
	if (rc) rc = QL_EINVALID;
done:
	cJSON_Delete(root);
	for (int i = 0; i < c.n_seen_ext; i++) free(c.seen_ext[i]);
	free(c.seen_ext);
	if (rc) {
		questionnaire_free(q);
		q = NULL;
	}
	if (rep) *rep = finish_report(&c, rc);
	buf_free(&c.warn);
	buf_free(&c.err);
	*out = q;
	return rc;
}

int questionnaire_load(const char *path, Questionnaire **out, char **rep)
{
	FILE *f;
	char *data;
	size_t n = 0;
	long size;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int rc;

	*out = NULL;
	if (rep) *rep = NULL;
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		if (f) fclose(f);
		if (rep) {
			Buf b = { 0 };
			buf_addf(&b, "%s: cannot read the file\n", name);
			*rep = buf_take(&b);
		}
		return QL_EIO;
	}
	if ((unsigned long)size > QL_MAX_BYTES) {
		fclose(f);
		if (rep) {
			Buf b = { 0 };
			buf_addf(&b, "%s: (top): file of %ld bytes is over the %u byte limit\n", name, size,
				 QL_MAX_BYTES);
			*rep = buf_take(&b);
		}
		return QL_ETOOBIG;
	}
	data = xmalloc((size_t)size + 1);
	n = fread(data, 1, (size_t)size, f);
	fclose(f);
	rc = questionnaire_load_mem(data, n, name, out, rep);
	free(data);
	return rc;
}

int questionnaire_report_lines(const char *r)
{
	int n = 0;
	for (; r && *r; r++) if (*r == '\n') n++;
	return n;
}
