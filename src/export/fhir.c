/* export/fhir.c - see fhir.h. Resource by resource: subject reference,
 * QuestionnaireResponse items (recursive over the form), score
 * Observations, then the Bundle with its conditional-create requests.
 * fullUrls are urn:uuid values derived from the visit uuid, so the same
 * visit always gives the same Bundle (golden files, retries). */
#include "export/fhir.h"
#include "export/alert.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOINC "http://loinc.org"
#define CAT_SYS "http://terminology.hl7.org/CodeSystem/observation-category"
#define INTERP_SYS "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
#define UCUM "http://unitsofmeasure.org"
#define COMM_CAT_SYS "http://terminology.hl7.org/CodeSystem/communication-category"

typedef struct Ctx {
	const VisitRecord *r;
	const FhirOptions *opt;
	char authored[32];
	char patient_url[48];     /* urn:uuid of the Patient entry, "" if none */
	char visit_sys[128];      /* urn:accord:kiosk:<kiosk> */
} Ctx;

/* A stable UUID-shaped urn from seed (two FNV-1a 64-bit hashes): the same
 * visit and part always give the same fullUrl. part names the resource
 * type and its identifier, so two entries never share one (bdl-7). */
static void stable_urn(const char *seed, const char *part, char out[48])
{
	uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
	const char *s;
	for (s = seed ? seed : ""; *s; s++) {
		h1 = (h1 ^ (unsigned char)*s) * 0x100000001b3ULL;
		h2 = (h2 ^ (unsigned char)*s) * 0x100000001b3ULL + 7;
	}
	for (s = part; *s; s++) { h1 = (h1 ^ (unsigned char)*s) * 0x100000001b3ULL; h2 = (h2 ^ (unsigned char)*s) * 0x100000001b3ULL + 7; }
	h1 = (h1 & ~0xF000ULL) | 0x5000ULL;                       /* version 5 nibble */
	h2 = (h2 & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; /* RFC 4122 variant */
	snprintf(out, 48, "urn:uuid:%08x-%04x-%04x-%04x-%012llx", (unsigned)(h1 >> 32),
		 (unsigned)((h1 >> 16) & 0xFFFF), (unsigned)(h1 & 0xFFFF), (unsigned)(h2 >> 48),
		 (unsigned long long)(h2 & 0xFFFFFFFFFFFFULL));
}

/* Short id of a form: the last ':' or '/' segment of its key, limited to
 * [A-Za-z0-9.-] (FHIR id characters) so it is safe in a search query. */
static void short_id(const char *key, char *out, size_t n)
{
	const char *p = key, *s;
	size_t i = 0;
	for (s = key; *s; s++) if (*s == ':' || *s == '/') p = s + 1;
	for (; *p && i + 1 < n; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
		out[i++] = ok ? c : '-';
	}
	out[i] = 0;
}

void fhir_visit_system(const VisitRecord *r, char *out, size_t n)
{
	char name[96];
	short_id(r->kiosk && *r->kiosk ? r->kiosk : "unnamed", name, sizeof name);
	snprintf(out, n, "%s%s", FHIR_SYS_KIOSK, name);
}

void fhir_qr_identifier(const VisitRecord *r, int form, char *out, size_t n)
{
	char id[96] = "";
	if (form >= 0 && form < r->n_forms) short_id(qm_form_key(r->forms[form]), id, sizeof id);
	snprintf(out, n, "%s.%s", r->uuid ? r->uuid : "", id);
}

void fhir_obs_identifier(const VisitRecord *r, const char *rule_id, char *out, size_t n)
{
	char id[96];
	short_id(rule_id ? rule_id : "", id, sizeof id);
	snprintf(out, n, "%s.%s", r->uuid ? r->uuid : "", id);
}

static void iso_time(long long t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	out[0] = 0;
	if (gmtime_r(&tt, &tm)) strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static cJSON *identifier(const char *system, const char *value)
{
	cJSON *id = cJSON_CreateObject();
	cJSON_AddStringToObject(id, "system", system);
	cJSON_AddStringToObject(id, "value", value ? value : "");
	return id;
}

static const char *staff_system(const Ctx *c)
{
	return c->opt && c->opt->record_system && *c->opt->record_system ? c->opt->record_system : FHIR_SYS_STAFF_REF;
}

/* subject: a Patient entry, or an identifier-based (logical) reference. */
static cJSON *subject(const Ctx *c)
{
	const VisitRecord *r = c->r;
	cJSON *ref = cJSON_CreateObject();
	if (c->patient_url[0]) {
		cJSON_AddStringToObject(ref, "reference", c->patient_url);
	} else if (r->id_mode == ID_STAFF && r->staff_ref && *r->staff_ref) {
		cJSON_AddStringToObject(ref, "type", "Patient");
		cJSON_AddItemToObject(ref, "identifier", identifier(staff_system(c), r->staff_ref));
	} else {
		/* Code mode: the visit itself, by its uuid under this kiosk's
		 * system (a 6-digit code repeats across visits and kiosks); the
		 * code the patient was shown stays readable in display. */
		char sys[128];
		Buf d = {0};
		fhir_visit_system(r, sys, sizeof sys);
		cJSON_AddStringToObject(ref, "type", "Patient");
		cJSON_AddItemToObject(ref, "identifier", identifier(sys, r->uuid));
		buf_addf(&d, "Visit %s", r->code ? r->code : "");
		cJSON_AddStringToObject(ref, "display", d.s);
		buf_free(&d);
	}
	return ref;
}

static cJSON *answer_value(const QItem *it, const QValue *v)
{
	cJSON *a = cJSON_CreateObject();
	cJSON *cod;
	const QOption *o;
	switch (v->kind) {
	case QV_BOOL: cJSON_AddBoolToObject(a, "valueBoolean", v->b); break;
	case QV_INT: cJSON_AddNumberToObject(a, "valueInteger", (double)v->i); break;
	case QV_DEC: cJSON_AddNumberToObject(a, "valueDecimal", v->d); break;
	case QV_DATE: cJSON_AddStringToObject(a, "valueDate", v->s ? v->s : ""); break;
	case QV_STRING: cJSON_AddStringToObject(a, "valueString", v->s ? v->s : ""); break;
	case QV_CODING:
		/* Our own display from the form, never a terminology default. */
		o = qitem_option(it, v);
		cod = cJSON_AddObjectToObject(a, "valueCoding");
		if (v->system) cJSON_AddStringToObject(cod, "system", v->system);
		cJSON_AddStringToObject(cod, "code", v->s ? v->s : "");
		if (o && o->value.display) cJSON_AddStringToObject(cod, "display", o->value.display);
		else if (v->display) cJSON_AddStringToObject(cod, "display", v->display);
		break;
	case QV_NONE:
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

static cJSON *items(const Ctx *c, const Questionnaire *q, const QItem *list, int n);

/* One QuestionnaireResponse.item for it, or NULL when it has nothing. */
static cJSON *item(const Ctx *c, const Questionnaire *q, const QItem *it)
{
	const VisitRecord *r = c->r;
	const char *text = it->text.n ? qtext_get(&it->text, r->lang) : NULL;
	cJSON *out, *kids = NULL, *ans = NULL;
	const QValue *v;
	int n = 0, i;

	if (it->type == QT_DISPLAY || !qm_enabled(q, it, r->answers)) return NULL;
	if (it->n_children) kids = items(c, q, it->children, it->n_children);
	if (qitem_is_question(it)) {
		v = answers_get(r->answers, qm_form_key(q), it->link_id, &n);
		for (i = 0; i < n; i++) {
			cJSON *a = answer_value(it, &v[i]);
			if (!a) continue;
			if (!ans) ans = cJSON_CreateArray();
			cJSON_AddItemToArray(ans, a);
		}
		/* Children of a question nest under its (first) answer. */
		if (kids && ans) { cJSON_AddItemToObject(cJSON_GetArrayItem(ans, 0), "item", kids); kids = NULL; }
		if (!ans) { cJSON_Delete(kids); return NULL; }
	} else if (!kids) {
		return NULL;
	}
	out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "linkId", it->link_id);
	if (text && *text) cJSON_AddStringToObject(out, "text", text);
	if (ans) cJSON_AddItemToObject(out, "answer", ans);
	if (kids) cJSON_AddItemToObject(out, "item", kids);
	return out;
}

static cJSON *items(const Ctx *c, const Questionnaire *q, const QItem *list, int n)
{
	cJSON *arr = NULL;
	int i;
	for (i = 0; i < n; i++) {
		cJSON *x = item(c, q, &list[i]);
		if (!x) continue;
		if (!arr) arr = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, x);
	}
	return arr;
}

static cJSON *questionnaire_response(const Ctx *c, int form)
{
	const VisitRecord *r = c->r;
	const Questionnaire *q = r->forms[form];
	cJSON *qr = cJSON_CreateObject(), *its;
	char idv[160];
	Buf canon = {0};

	fhir_qr_identifier(r, form, idv, sizeof idv);
	cJSON_AddStringToObject(qr, "resourceType", "QuestionnaireResponse");
	if (r->lang && *r->lang) cJSON_AddStringToObject(qr, "language", r->lang);
	cJSON_AddItemToObject(qr, "identifier", identifier(FHIR_SYS_QR, idv));
	buf_add(&canon, qm_form_key(q));
	if (q->version && *q->version) buf_addf(&canon, "|%s", q->version);
	cJSON_AddStringToObject(qr, "questionnaire", canon.s);
	buf_free(&canon);
	cJSON_AddStringToObject(qr, "status", r->completed ? "completed" : r->partial ? "stopped" : "in-progress");
	cJSON_AddItemToObject(qr, "subject", subject(c));
	cJSON_AddStringToObject(qr, "authored", c->authored);
	its = items(c, q, q->items, q->n_items);
	if (its) cJSON_AddItemToObject(qr, "item", its);
	return qr;
}

/* An item with one answer: {linkId, text, answer: [{<kind>: value}]};
 * takes ownership of value. */
static cJSON *answered(const char *link_id, const char *text, const char *kind, cJSON *value)
{
	cJSON *it = cJSON_CreateObject(), *ans = cJSON_CreateObject();
	cJSON_AddStringToObject(it, "linkId", link_id);
	cJSON_AddStringToObject(it, "text", text);
	cJSON_AddItemToObject(ans, kind, value);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(it, "answer"), ans);
	return it;
}

/* The agreement explainer as a QuestionnaireResponse of its own
 * (questionnaire urn:accord:agreement:<pack id>|<version>): one item per
 * clause the patient saw, with "discuss" (boolean), the typed question and
 * the seconds spent reading; plus whether the explainer was skipped. NULL
 * when the patient saw no clause and did not skip. */
static cJSON *agreement_response(const Ctx *c)
{
	const VisitRecord *r = c->r;
	const Agreement *ag = r->agreement;
	cJSON *qr, *its;
	char idv[160];
	Buf canon = {0};
	if (!ag || (!r->n_marks && !r->agreement_skipped)) return NULL;
	snprintf(idv, sizeof idv, "%s.agreement", r->uuid ? r->uuid : "");
	qr = cJSON_CreateObject();
	cJSON_AddStringToObject(qr, "resourceType", "QuestionnaireResponse");
	cJSON_AddItemToObject(qr, "identifier", identifier(FHIR_SYS_QR, idv));
	buf_addf(&canon, "urn:accord:agreement:%s", ag->id ? ag->id : "pack");
	if (ag->version && *ag->version) buf_addf(&canon, "|%s", ag->version);
	cJSON_AddStringToObject(qr, "questionnaire", canon.s);
	buf_free(&canon);
	cJSON_AddStringToObject(qr, "status", r->completed ? "completed" : r->partial ? "stopped" : "in-progress");
	cJSON_AddItemToObject(qr, "subject", subject(c));
	cJSON_AddStringToObject(qr, "authored", c->authored);
	its = cJSON_AddArrayToObject(qr, "item");
	if (r->agreement_skipped)
		cJSON_AddItemToArray(its, answered("skipped", "Agreement explainer skipped", "valueBoolean", cJSON_CreateBool(1)));
	for (int i = 0; i < r->n_marks; i++) {
		const ClauseMark *m = &r->marks[i];
		cJSON *cl = cJSON_CreateObject(), *sub;
		cJSON_AddStringToObject(cl, "linkId", m->clause_id);
		if (m->title) cJSON_AddStringToObject(cl, "text", m->title);
		sub = cJSON_AddArrayToObject(cl, "item");
		cJSON_AddItemToArray(sub, answered("discuss", "Wants to talk about this", "valueBoolean", cJSON_CreateBool(m->discuss)));
		if (m->question && *m->question)
			cJSON_AddItemToArray(sub, answered("question", "Question for the care team", "valueString",
							   cJSON_CreateString(m->question)));
		cJSON_AddItemToArray(sub, answered("seconds", "Seconds spent reading", "valueInteger", cJSON_CreateNumber(m->seconds)));
		cJSON_AddItemToArray(its, cl);
	}
	if (!cJSON_GetArraySize(its)) { cJSON_Delete(qr); return NULL; }
	return qr;
}

static double round_to(double v, int decimals)
{
	double f = pow(10.0, decimals);
	return floor(v * f + 0.5) / f;
}

static const Questionnaire *form_of(const VisitRecord *r, const char *key, int *index)
{
	int i;
	for (i = 0; i < r->n_forms; i++)
		if (str_eq(qm_form_key(r->forms[i]), key)) { *index = i; return r->forms[i]; }
	return NULL;
}

/* qr_url: the urn:uuid of the QuestionnaireResponse in the same
 * transaction, or NULL to point at it by identifier (qr_ident). */
static cJSON *observation(const Ctx *c, const ScoreRule *ru, const ScoreResult *res, const char *qr_url,
			  const char *qr_ident)
{
	const VisitRecord *r = c->r;
	cJSON *o = cJSON_CreateObject(), *arr, *cc, *cod, *x;
	char idv[160];

	fhir_obs_identifier(r, ru->id, idv, sizeof idv);
	cJSON_AddStringToObject(o, "resourceType", "Observation");
	arr = cJSON_AddArrayToObject(o, "identifier");
	cJSON_AddItemToArray(arr, identifier(FHIR_SYS_OBS, idv));
	cJSON_AddStringToObject(o, "status", "final");
	arr = cJSON_AddArrayToObject(o, "category");
	cc = cJSON_CreateObject();
	cJSON_AddItemToArray(arr, cc);
	x = cJSON_AddArrayToObject(cc, "coding");
	cod = cJSON_CreateObject();
	cJSON_AddItemToArray(x, cod);
	cJSON_AddStringToObject(cod, "system", CAT_SYS);
	cJSON_AddStringToObject(cod, "code", "survey");
	cJSON_AddStringToObject(cod, "display", "Survey");

	cc = cJSON_AddObjectToObject(o, "code");
	x = cJSON_AddArrayToObject(cc, "coding");
	cod = cJSON_CreateObject();
	cJSON_AddItemToArray(x, cod);
	if (ru->loinc && *ru->loinc) {
		cJSON_AddStringToObject(cod, "system", LOINC);
		cJSON_AddStringToObject(cod, "code", ru->loinc);
		if (ru->loinc_display) cJSON_AddStringToObject(cod, "display", ru->loinc_display);
	} else if (ru->local_code.code && *ru->local_code.code) {
		/* the scoring table's local code (GAD-2: urn:accord:code#gad2-total) */
		cJSON_AddStringToObject(cod, "system", ru->local_code.system ? ru->local_code.system : FHIR_SYS_SCORE);
		cJSON_AddStringToObject(cod, "code", ru->local_code.code);
		if (ru->local_code.display) cJSON_AddStringToObject(cod, "display", ru->local_code.display);
	} else {
		cJSON_AddStringToObject(cod, "system", FHIR_SYS_SCORE);
		cJSON_AddStringToObject(cod, "code", ru->id);
	}
	if (ru->label) cJSON_AddStringToObject(cc, "text", ru->label);
	cJSON_AddItemToObject(o, "subject", subject(c));
	cJSON_AddStringToObject(o, "effectiveDateTime", c->authored);
	/* A whole-number score is valueInteger; a mean (decimals) a Quantity. */
	if (ru->decimals > 0) {
		x = cJSON_AddObjectToObject(o, "valueQuantity");
		cJSON_AddNumberToObject(x, "value", round_to(res->value, ru->decimals));
		if (ru->unit && *ru->unit) {
			cJSON_AddStringToObject(x, "unit", ru->unit);
			cJSON_AddStringToObject(x, "system", UCUM);
			cJSON_AddStringToObject(x, "code", ru->unit);
		}
	} else {
		cJSON_AddNumberToObject(o, "valueInteger", floor(res->value + 0.5));
	}
	if (ru->has_positive) {
		arr = cJSON_AddArrayToObject(o, "interpretation");
		cc = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, cc);
		x = cJSON_AddArrayToObject(cc, "coding");
		cod = cJSON_CreateObject();
		cJSON_AddItemToArray(x, cod);
		cJSON_AddStringToObject(cod, "system", INTERP_SYS);
		cJSON_AddStringToObject(cod, "code", res->positive ? "POS" : "NEG");
		cJSON_AddStringToObject(cod, "display", res->positive ? "Positive" : "Negative");
	}
	arr = cJSON_AddArrayToObject(o, "derivedFrom");
	cc = cJSON_CreateObject();
	if (qr_url) {
		cJSON_AddStringToObject(cc, "reference", qr_url);
	} else {
		cJSON_AddStringToObject(cc, "type", "QuestionnaireResponse");
		cJSON_AddItemToObject(cc, "identifier", identifier(FHIR_SYS_QR, qr_ident));
	}
	cJSON_AddItemToArray(arr, cc);
	return o;
}

/* Observation.note: the score was answered in a translation that is not
 * validated (e.g. the Spanish PEG). */
static void unvalidated_note(cJSON *obs, const char *lang)
{
	char text[256];
	cJSON *note = cJSON_CreateObject();
	snprintf(text, sizeof text, SCORE_NOTE_UNVALIDATED, lang);
	cJSON_AddStringToObject(note, "text", text);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(obs, "note"), note);
}

static cJSON *patient(const Ctx *c)
{
	const VisitRecord *r = c->r;
	cJSON *p = cJSON_CreateObject(), *arr, *name, *given;
	cJSON_AddStringToObject(p, "resourceType", "Patient");
	arr = cJSON_AddArrayToObject(p, "identifier");
	cJSON_AddItemToArray(arr, identifier(c->visit_sys, r->uuid));
	if ((r->last_name && *r->last_name) || (r->first_name && *r->first_name)) {
		arr = cJSON_AddArrayToObject(p, "name");
		name = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, name);
		if (r->last_name && *r->last_name) cJSON_AddStringToObject(name, "family", r->last_name);
		if (r->first_name && *r->first_name) {
			given = cJSON_AddArrayToObject(name, "given");
			cJSON_AddItemToArray(given, cJSON_CreateString(r->first_name));
		}
	}
	if (r->birth_date && *r->birth_date) cJSON_AddStringToObject(p, "birthDate", r->birth_date);
	return p;
}

/* Appends a conditional create of res (takes ownership) to entries; its
 * fullUrl is derived from the visit, the type and the identifier, so it is
 * the same on every retry and unique in the Bundle. Writes it to url. */
static void add_entry(cJSON *entries, const VisitRecord *r, cJSON *res, const char *type,
		      const char *system, const char *value, char url[48])
{
	cJSON *e = cJSON_CreateObject(), *req;
	Buf q = {0}, seed = {0};
	buf_addf(&seed, "%s|%s|%s", type, system, value);
	stable_urn(r->uuid, seed.s, url);
	buf_free(&seed);
	cJSON_AddStringToObject(e, "fullUrl", url);
	cJSON_AddItemToObject(e, "resource", res);
	req = cJSON_AddObjectToObject(e, "request");
	cJSON_AddStringToObject(req, "method", "POST");
	cJSON_AddStringToObject(req, "url", type);
	/* Identifier values are [A-Za-z0-9.-] plus the visit uuid: nothing to
	 * escape in a search parameter. */
	buf_addf(&q, "identifier=%s|%s", system, value);
	cJSON_AddStringToObject(req, "ifNoneExist", q.s);
	buf_free(&q);
	cJSON_AddItemToArray(entries, e);
}

static char *print(cJSON *root, const FhirOptions *opt)
{
	char *s = opt && opt->pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
	char *out;
	cJSON_Delete(root);
	if (!s) { fputs("accord: out of memory\n", stderr); abort(); }
	out = xstrdup(s);
	cJSON_free(s);
	return out;
}

static void ctx_init(Ctx *c, const VisitRecord *r, const FhirOptions *opt)
{
	memset(c, 0, sizeof *c);
	c->r = r;
	c->opt = opt;
	iso_time(r->completed ? r->completed : r->started, c->authored);
	fhir_visit_system(r, c->visit_sys, sizeof c->visit_sys);
}

/* A transaction Bundle with its identifier (system|value) and, in patient
 * mode, the Patient entry first (sets c->patient_url). *entries receives
 * the entry array. */
static cJSON *transaction(Ctx *c, const char *system, const char *value, cJSON **entries)
{
	cJSON *b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "resourceType", "Bundle");
	cJSON_AddItemToObject(b, "identifier", identifier(system, value));
	cJSON_AddStringToObject(b, "type", "transaction");
	cJSON_AddStringToObject(b, "timestamp", c->authored);
	*entries = cJSON_AddArrayToObject(b, "entry");
	if (c->r->id_mode == ID_PATIENT)
		add_entry(*entries, c->r, patient(c), "Patient", c->visit_sys, c->r->uuid ? c->r->uuid : "", c->patient_url);
	return b;
}

char *fhir_bundle(const VisitRecord *r, const FhirOptions *opt)
{
	Ctx c;
	cJSON *b, *entries;
	char (*qr_urls)[48] = xcalloc((size_t)(r->n_forms ? r->n_forms : 1), 48);
	char idv[160], url[48];
	int i;

	ctx_init(&c, r, opt);
	b = transaction(&c, c.visit_sys, r->uuid ? r->uuid : "", &entries);
	for (i = 0; i < r->n_forms; i++) {
		fhir_qr_identifier(r, i, idv, sizeof idv);
		add_entry(entries, r, questionnaire_response(&c, i), "QuestionnaireResponse", FHIR_SYS_QR, idv, qr_urls[i]);
	}
	for (i = 0; i < r->n_rules; i++) {
		const ScoreRule *ru = &r->rules[i];
		int fi = -1;
		const Questionnaire *q = form_of(r, ru->form, &fi);
		ScoreResult res;
		if (!q) continue;
		res = score_compute(ru, q, r->answers);
		if (!res.valid) continue;
		fhir_obs_identifier(r, ru->id, idv, sizeof idv);
		cJSON *obs = observation(&c, ru, &res, qr_urls[fi], NULL);
		if (qm_unvalidated_translation(q, r->lang)) unvalidated_note(obs, r->lang);
		add_entry(entries, r, obs, "Observation", FHIR_SYS_OBS, idv, url);
	}
	cJSON *agq = agreement_response(&c);
	if (agq) {
		snprintf(idv, sizeof idv, "%s.agreement", r->uuid ? r->uuid : "");
		add_entry(entries, r, agq, "QuestionnaireResponse", FHIR_SYS_QR, idv, url);
	}
	free(qr_urls);
	return print(b, opt);
}

/* Appends the printed Bundle b to the list (*out, *n). */
static void push(char ***out, int *n, cJSON *b, const FhirOptions *opt)
{
	*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
	(*out)[(*n)++] = print(b, opt);
}

/* Builds the outbox's transactions: Bundles filled in order up to
 * FHIR_MAX_ENTRIES, a form's QuestionnaireResponse and scores together. */
typedef struct TxList {
	Ctx *c;
	const FhirOptions *opt;
	char **out;
	int n;
	cJSON *b, *entries;       /* the Bundle being filled, NULL if none */
} TxList;

static void tx_flush(TxList *t)
{
	if (!t->b) return;
	push(&t->out, &t->n, t->b, t->opt);
	t->b = t->entries = NULL;
}

/* Makes room for need more entries: a new Bundle when the current one
 * cannot take them (or there is none). Returns 1 when a new one began. */
static int tx_room(TxList *t, int need)
{
	char tid[160];
	if (t->b && cJSON_GetArraySize(t->entries) + need <= FHIR_MAX_ENTRIES) return 0;
	tx_flush(t);
	snprintf(tid, sizeof tid, "%s.%d", t->c->r->uuid ? t->c->r->uuid : "", t->n + 1);
	t->b = transaction(t->c, FHIR_SYS_TX, tid, &t->entries);
	return 1;
}

int fhir_transactions(const VisitRecord *r, const FhirOptions *opt, char ***out)
{
	Ctx c;
	TxList t;
	cJSON *agq;
	char idv[160], url[48], qr_url[48];
	ScoreResult *res = xcalloc((size_t)(r->n_rules ? r->n_rules : 1), sizeof *res);
	int i, k;

	ctx_init(&c, r, opt);
	memset(&t, 0, sizeof t);
	t.c = &c;
	t.opt = opt;
	for (i = 0; i < r->n_forms; i++) {
		const char *key = qm_form_key(r->forms[i]);
		int n_obs = 0;
		for (k = 0; k < r->n_rules; k++) {
			res[k].valid = 0;
			if (!str_eq(r->rules[k].form, key)) continue;
			res[k] = score_compute(&r->rules[k], r->forms[i], r->answers);
			n_obs += res[k].valid;
		}
		tx_room(&t, 1 + n_obs);
		fhir_qr_identifier(r, i, idv, sizeof idv);
		add_entry(t.entries, r, questionnaire_response(&c, i), "QuestionnaireResponse", FHIR_SYS_QR, idv, qr_url);
		for (k = 0; k < r->n_rules; k++) {
			char oid[160];
			cJSON *obs;
			if (!res[k].valid) continue;
			/* More scores than one Bundle holds: the next points at the
			 * QuestionnaireResponse by identifier (the one before made it). */
			if (tx_room(&t, 1)) qr_url[0] = 0;
			fhir_obs_identifier(r, r->rules[k].id, oid, sizeof oid);
			obs = observation(&c, &r->rules[k], &res[k], qr_url[0] ? qr_url : NULL, idv);
			if (qm_unvalidated_translation(r->forms[i], r->lang)) unvalidated_note(obs, r->lang);
			add_entry(t.entries, r, obs, "Observation", FHIR_SYS_OBS, oid, url);
		}
	}
	agq = agreement_response(&c);
	if (agq) {
		tx_room(&t, 1);
		snprintf(idv, sizeof idv, "%s.agreement", r->uuid ? r->uuid : "");
		add_entry(t.entries, r, agq, "QuestionnaireResponse", FHIR_SYS_QR, idv, url);
	}
	tx_flush(&t);
	free(res);
	*out = t.out;
	return t.n;
}

void fhir_free_all(char **list, int n)
{
	for (int i = 0; i < n; i++) free(list[i]);
	free(list);
}

char *fhir_questionnaire_response(const VisitRecord *r, int form, const FhirOptions *opt)
{
	Ctx c;
	if (form < 0 || form >= r->n_forms) return NULL;
	ctx_init(&c, r, opt);
	return print(questionnaire_response(&c, form), opt);
}

/* ---- safety alerts (export/alert.h has the words and ids) ---- */

static cJSON *communication(const Ctx *c, const SafetyRule *ru, const char *id, const char *qr_url)
{
	cJSON *m = cJSON_CreateObject(), *arr, *cc, *cod, *p;
	char *text = alert_text(c->r, (int)(ru - c->r->safety));
	cJSON_AddStringToObject(m, "resourceType", "Communication");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(m, "identifier"), identifier(FHIR_SYS_ALERT, id));
	cJSON_AddStringToObject(m, "status", "completed");
	cc = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(m, "category"), cc);
	cod = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(cc, "coding"), cod);
	cJSON_AddStringToObject(cod, "system", COMM_CAT_SYS);
	cJSON_AddStringToObject(cod, "code", "alert");
	cJSON_AddStringToObject(cod, "display", "Alert");
	cJSON_AddStringToObject(m, "priority", ru->priority);
	cJSON_AddItemToObject(m, "subject", subject(c));
	arr = cJSON_AddArrayToObject(m, "about");
	cc = cJSON_CreateObject();
	cJSON_AddStringToObject(cc, "reference", qr_url);
	cJSON_AddItemToArray(arr, cc);
	cJSON_AddStringToObject(m, "sent", c->authored);
	cc = cJSON_CreateObject();
	cJSON_AddStringToObject(cc, "text", ru->label);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(m, "reasonCode"), cc);
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "contentString", text);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(m, "payload"), p);
	free(text);
	return m;
}

char *fhir_alert_bundle(const VisitRecord *r, int rule, long long at, const FhirOptions *opt)
{
	Ctx c;
	const SafetyRule *ru;
	cJSON *b, *entries, *qr;
	char id[160], qrid[200], qr_url[48], comm_url[48];
	int f = -1;
	if (rule < 0 || rule >= r->n_safety) return NULL;
	ru = &r->safety[rule];
	if (!form_of(r, ru->form, &f)) return NULL;
	ctx_init(&c, r, opt);
	iso_time(at, c.authored);
	snprintf(id, sizeof id, "%s.%s", r->uuid ? r->uuid : "", ru->id);
	/* the snapshot's own identifier: the visit's transactions still create the whole response later */
	fhir_qr_identifier(r, f, qrid, sizeof qrid);
	snprintf(qrid + strlen(qrid), sizeof qrid - strlen(qrid), ".alert-%s", ru->id);
	b = transaction(&c, FHIR_SYS_ALERT, id, &entries);   /* the Patient first in patient mode */
	qr = questionnaire_response(&c, f);
	cJSON_ReplaceItemInObjectCaseSensitive(qr, "identifier", identifier(FHIR_SYS_QR, qrid));
	add_entry(entries, r, qr, "QuestionnaireResponse", FHIR_SYS_QR, qrid, qr_url);
	add_entry(entries, r, communication(&c, ru, id, qr_url), "Communication", FHIR_SYS_ALERT, id, comm_url);
	return print(b, opt);
}
