/* export/alert.c - see alert.h. The FHIR snapshot is the visit's own
 * QuestionnaireResponse (fhir_questionnaire_response) with an identifier of
 * its own, so the visit's Bundle later still creates the full one; the HL7
 * message reuses hl7_oru's MSH and PID with the alert's control id. */
#include "export/alert.h"
#include "export/fhir.h"
#include "export/hl7.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COMM_CAT_SYS "http://terminology.hl7.org/CodeSystem/communication-category"

static int form_index(const VisitRecord *r, const SafetyRule *ru)
{
	for (int i = 0; i < r->n_forms; i++)
		if (str_eq(qm_form_key(r->forms[i]), ru->form)) return i;
	return -1;
}

char *alert_text(const VisitRecord *r, int rule)
{
	const SafetyRule *ru = &r->safety[rule];
	Buf b = {0};
	buf_addf(&b, "Safety answer at kiosk %s, visit %s: %s.", r->kiosk ? r->kiosk : "", r->code ? r->code : "",
		 ru->label);
	if (ru->action) buf_addf(&b, " %s", ru->action);
	return buf_take(&b);
}

/* 64-bit FNV-1a of a and b: the stable part of ids and fullUrls. */
static uint64_t fnv(const char *a, const char *b, uint64_t h)
{
	for (const char *s = a ? a : ""; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h = (h ^ '.') * 0x100000001b3ULL;
	for (const char *s = b ? b : ""; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* urn:uuid (version 5 shape) from the visit uuid, rule id and a part name. */
static void urn(const VisitRecord *r, const SafetyRule *ru, const char *part, char out[48])
{
	char seed[160];
	uint64_t h1, h2;
	snprintf(seed, sizeof seed, "%s.%s", ru->id, part);
	h1 = fnv(r->uuid, seed, 0xcbf29ce484222325ULL);
	h2 = fnv(seed, r->uuid, 0x84222325cbf29ce4ULL);
	h1 = (h1 & ~0xF000ULL) | 0x5000ULL;
	h2 = (h2 & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
	snprintf(out, 48, "urn:uuid:%08x-%04x-%04x-%04x-%012llx", (unsigned)(h1 >> 32), (unsigned)((h1 >> 16) & 0xFFFF),
		 (unsigned)(h1 & 0xFFFF), (unsigned)(h2 >> 48), (unsigned long long)(h2 & 0xFFFFFFFFFFFFULL));
}

static void iso(long long t, char out[32])
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
	cJSON_AddStringToObject(id, "value", value);
	return id;
}

static void add_entry(cJSON *entries, const char *url, cJSON *res, const char *type, const char *system,
		      const char *value)
{
	cJSON *e = cJSON_CreateObject(), *req;
	Buf q = {0};
	cJSON_AddStringToObject(e, "fullUrl", url);
	cJSON_AddItemToObject(e, "resource", res);
	req = cJSON_AddObjectToObject(e, "request");
	cJSON_AddStringToObject(req, "method", "POST");
	cJSON_AddStringToObject(req, "url", type);
	buf_addf(&q, "identifier=%s|%s", system, value);   /* uuid, rule id: [A-Za-z0-9.-] */
	cJSON_AddStringToObject(req, "ifNoneExist", q.s);
	buf_free(&q);
	cJSON_AddItemToArray(entries, e);
}

static cJSON *communication(const VisitRecord *r, const SafetyRule *ru, const cJSON *subject,
			    const char *qr_url, const char *when)
{
	cJSON *c = cJSON_CreateObject(), *arr, *cc, *cod, *p;
	char idv[160], *text = alert_text(r, (int)(ru - r->safety));
	snprintf(idv, sizeof idv, "%s.%s", r->uuid ? r->uuid : "", ru->id);
	cJSON_AddStringToObject(c, "resourceType", "Communication");
	arr = cJSON_AddArrayToObject(c, "identifier");
	cJSON_AddItemToArray(arr, identifier(ALERT_SYS_ID, idv));
	cJSON_AddStringToObject(c, "status", "completed");
	arr = cJSON_AddArrayToObject(c, "category");
	cc = cJSON_CreateObject();
	cJSON_AddItemToArray(arr, cc);
	cod = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(cc, "coding"), cod);
	cJSON_AddStringToObject(cod, "system", COMM_CAT_SYS);
	cJSON_AddStringToObject(cod, "code", "alert");
	cJSON_AddStringToObject(cod, "display", "Alert");
	cJSON_AddStringToObject(c, "priority", ru->priority);
	if (subject) cJSON_AddItemToObject(c, "subject", cJSON_Duplicate(subject, 1));
	arr = cJSON_AddArrayToObject(c, "about");
	cc = cJSON_CreateObject();
	cJSON_AddStringToObject(cc, "reference", qr_url);
	cJSON_AddItemToArray(arr, cc);
	cJSON_AddStringToObject(c, "sent", when);
	arr = cJSON_AddArrayToObject(c, "reasonCode");
	cc = cJSON_CreateObject();
	cJSON_AddStringToObject(cc, "text", ru->label);
	cJSON_AddItemToArray(arr, cc);
	arr = cJSON_AddArrayToObject(c, "payload");
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "contentString", text);
	cJSON_AddItemToArray(arr, p);
	free(text);
	return c;
}

char *alert_fhir(const VisitRecord *r, int rule, long long at)
{
	const SafetyRule *ru;
	cJSON *b, *entries, *qr;
	char *qr_json, *s, *out, idv[200], qr_url[48], comm_url[48], when[32];
	int f;
	if (rule < 0 || rule >= r->n_safety) return NULL;
	ru = &r->safety[rule];
	if ((f = form_index(r, ru)) < 0 || !(qr_json = fhir_questionnaire_response(r, f, NULL))) return NULL;
	qr = cJSON_Parse(qr_json);
	free(qr_json);
	if (!qr) return NULL;
	/* the snapshot's own identifier: the visit's Bundle still creates the whole response later */
	fhir_qr_identifier(r, f, idv, sizeof idv);
	snprintf(idv + strlen(idv), sizeof idv - strlen(idv), ".alert-%s", ru->id);
	cJSON_ReplaceItemInObjectCaseSensitive(qr, "identifier", identifier(FHIR_SYS_QR, idv));
	iso(at, when);
	urn(r, ru, "QuestionnaireResponse", qr_url);
	urn(r, ru, "Communication", comm_url);

	b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "resourceType", "Bundle");
	{
		char bid[160];
		snprintf(bid, sizeof bid, "%s.%s", r->uuid ? r->uuid : "", ru->id);
		cJSON_AddItemToObject(b, "identifier", identifier(ALERT_SYS_ID, bid));
		cJSON_AddStringToObject(b, "type", "transaction");
		cJSON_AddStringToObject(b, "timestamp", when);
		entries = cJSON_AddArrayToObject(b, "entry");
		add_entry(entries, comm_url, communication(r, ru, cJSON_GetObjectItemCaseSensitive(qr, "subject"), qr_url, when),
			  "Communication", ALERT_SYS_ID, bid);
		add_entry(entries, qr_url, qr, "QuestionnaireResponse", FHIR_SYS_QR, idv);
	}
	s = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	if (!s) { fputs("accord: out of memory\n", stderr); abort(); }
	out = xstrdup(s);
	cJSON_free(s);
	return out;
}

void alert_control_id(const VisitRecord *r, int rule, char out[21])
{
	uint64_t h = fnv(r->uuid, rule >= 0 && rule < r->n_safety ? r->safety[rule].id : "", 0xcbf29ce484222325ULL);
	uint64_t g = fnv(r->safety && rule >= 0 && rule < r->n_safety ? r->safety[rule].id : "", r->uuid, 0x84222325cbf29ce4ULL);
	snprintf(out, 21, "A%016llx%03llx", (unsigned long long)h, (unsigned long long)(g & 0xFFF));
}

/* Appends segment seg[0..n) of the visit's ORU, with MSH-10 replaced by ctrl. */
static void copy_segment(Buf *b, const char *seg, size_t n, const char *ctrl)
{
	int field = 0;
	if (n < 3 || memcmp(seg, "MSH", 3) != 0) { buf_addn(b, seg, n); buf_addc(b, '\r'); return; }
	for (size_t i = 0; i < n; i++) {
		if (seg[i] == '|') {
			field++;
			buf_addc(b, '|');
			if (field == 9) {   /* seg after the 9th '|' is MSH-10 */
				buf_add(b, ctrl);
				while (i + 1 < n && seg[i + 1] != '|') i++;
			}
			continue;
		}
		buf_addc(b, seg[i]);
	}
	buf_addc(b, '\r');
}

static void obx_value(Buf *b, const QItem *it, const QValue *v)
{
	const QOption *o;
	if (v->kind == QV_BOOL) { buf_add(b, v->b ? "Y^Yes^HL70136" : "N^No^HL70136"); return; }
	o = qitem_option(it, v);
	hl7_escape(b, v->s, 0);
	buf_addc(b, '^');
	hl7_escape(b, o && o->value.display ? o->value.display : v->display, 0);
	buf_add(b, str_eq(v->system, "http://loinc.org") ? "^LN" : "^L");
}

char *alert_hl7(const VisitRecord *r, int rule, long long at)
{
	const SafetyRule *ru;
	const QItem *it;
	char ctrl[21], ts[24], *oru, *text;
	const char *p;
	Buf b = {0};
	struct tm tm;
	time_t tt = (time_t)at;
	int f, stat;
	if (rule < 0 || rule >= r->n_safety) return NULL;
	ru = &r->safety[rule];
	if ((f = form_index(r, ru)) < 0 || !(it = qm_find(r->forms[f], ru->item))) return NULL;
	stat = str_eq(ru->priority, "stat");
	alert_control_id(r, rule, ctrl);
	ts[0] = 0;
	if (gmtime_r(&tt, &tm)) strftime(ts, sizeof ts, "%Y%m%d%H%M%S+0000", &tm);

	oru = hl7_oru(r, NULL);
	for (p = oru; *p;) {   /* MSH and PID of the visit's own message */
		size_t n = strcspn(p, "\r");
		if (n >= 3 && (!memcmp(p, "MSH", 3) || !memcmp(p, "PID", 3))) copy_segment(&b, p, n, ctrl);
		p += n + (p[n] ? 1 : 0);
	}
	free(oru);

	buf_add(&b, "OBR|1||");
	hl7_escape(&b, r->uuid, 0);
	buf_addc(&b, '.');
	hl7_escape(&b, ru->id, 0);
	buf_addf(&b, "^ACCORD|ACCORD-ALERT^Accord safety answer alert^L|||%s", ts);
	for (int i = 7; i < 25; i++) buf_addc(&b, '|');
	buf_add(&b, "F\r");
	buf_addf(&b, "TQ1|1||||||||%s\r", stat ? "S^Stat^HL70485" : "A^ASAP^HL70485");
	buf_add(&b, "OBX|1|CWE|");
	hl7_escape(&b, it->link_id, 0);
	buf_addc(&b, '^');
	hl7_escape(&b, it->text.n ? qtext_get(&it->text, "en") : "", 0);
	buf_add(&b, "^L||");
	obx_value(&b, it, &ru->answer);
	buf_addf(&b, "|||%s|||F|||%s\r", stat ? "AA" : "A", ts);
	text = alert_text(r, rule);
	buf_add(&b, "NTE|1|L|");
	hl7_escape(&b, text, 1);
	buf_add(&b, "\r");
	free(text);
	return buf_take(&b);
}
