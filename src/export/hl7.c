/* export/hl7.c - see hl7.h. MSH, PID, OBR, then OBX for scores and answers;
 * every piece of patient or content text goes through hl7_escape. */
#include "export/hl7.h"
#include "export/alert.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void hl7_escape(Buf *b, const char *s, int text)
{
	if (!s) return;
	for (; *s; s++) {
		switch (*s) {
		case '|': buf_add(b, "\\F\\"); break;
		case '^': buf_add(b, "\\S\\"); break;
		case '&': buf_add(b, "\\T\\"); break;
		case '~': buf_add(b, "\\R\\"); break;
		case '\\': buf_add(b, "\\E\\"); break;
		case '\r':
			if (s[1] == '\n') s++;
			/* fall through */
		case '\n': buf_add(b, text ? "\\.br\\" : " "); break;
		default:
			if ((unsigned char)*s < 0x20) buf_addc(b, ' ');
			else buf_addc(b, *s);
		}
	}
}

void hl7_control_id(const VisitRecord *r, char out[21])
{
	const char *s = r->uuid ? r->uuid : "";
	int i = 0;
	for (; *s && i < 20; s++)
		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) out[i++] = *s;
	out[i] = 0;
}

static void ts(long long t, char out[16])
{
	time_t tt = (time_t)t;
	struct tm tm;
	out[0] = 0;
	/* UTC with an explicit offset, so the receiver never guesses. */
	if (gmtime_r(&tt, &tm)) strftime(out, 16, "%Y%m%d%H%M%S", &tm);
}

/* HD of this kiosk: ACCORD&urn:accord:kiosk:<name>&URI (name limited to
 * [A-Za-z0-9.-], as in the FHIR identifier system). */
static void kiosk_hd(Buf *b, const VisitRecord *r)
{
	const char *k = r->kiosk && *r->kiosk ? r->kiosk : "unnamed";
	buf_add(b, "ACCORD&urn:accord:kiosk:");
	for (; *k; k++) {
		char c = *k;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
		buf_addc(b, ok ? c : '-');
	}
	buf_add(b, "&URI");
}

static const Questionnaire *form_of(const VisitRecord *r, const char *key)
{
	int i;
	for (i = 0; i < r->n_forms; i++)
		if (str_eq(qm_form_key(r->forms[i]), key)) return r->forms[i];
	return NULL;
}

static const char *coding_system(const char *system)
{
	if (str_eq(system, "http://loinc.org")) return "LN";
	if (str_eq(system, "http://snomed.info/sct")) return "SCT";   /* body map places */
	return "L";
}

typedef struct Oru {
	const VisitRecord *r;
	const Questionnaire *q;
	Buf *b;
	int seq;
	char when[24];
	char form_id[64];
} Oru;

/* OBX-2 value type of an item's answers. */
static const char *value_type(const QItem *it, const QValue *v)
{
	switch (v->kind) {
	case QV_INT: case QV_DEC: return "NM";
	case QV_DATE: return "DT";
	case QV_CODING: case QV_BOOL: return "CWE";
	case QV_STRING: return it->type == QT_TEXT ? "TX" : "ST";
	default: return "ST";
	}
}

static void obx_value(Buf *b, const QItem *it, const QValue *v, const char *lang)
{
	const QOption *o;
	char date[16];
	size_t i, j;
	switch (v->kind) {
	case QV_BOOL: buf_add(b, v->b ? "Y^Yes^HL70136" : "N^No^HL70136"); break;
	case QV_INT: buf_addf(b, "%lld", v->i); break;
	case QV_DEC: buf_addf(b, "%g", v->d); break;
	case QV_DATE:
		for (i = j = 0; v->s && v->s[i] && j < sizeof date - 1; i++)
			if (v->s[i] != '-') date[j++] = v->s[i];
		date[j] = 0;
		buf_add(b, date);
		break;
	case QV_STRING: hl7_escape(b, v->s, it->type == QT_TEXT); break;
	case QV_CODING:
		o = qitem_option(it, v);
		hl7_escape(b, v->s, 0);
		buf_addc(b, '^');
		hl7_escape(b, o && o->label.n ? qtext_get(&o->label, lang) : o && o->value.display ? o->value.display : v->display, 0);
		buf_addc(b, '^');
		buf_add(b, coding_system(v->system));
		break;
	case QV_NONE: break;
	}
}

/* OBX-3 of an item: its first code, else the linkId as a local code. */
static void obx_ident(Buf *b, const QItem *it, const char *lang)
{
	if (it->n_codes && it->codes[0].code) {
		/* the code's words in the visit's language (the question as asked),
		 * so one message never mixes languages */
		hl7_escape(b, it->codes[0].code, 0);
		buf_addc(b, '^');
		hl7_escape(b, it->text.n ? qtext_get(&it->text, lang) : it->codes[0].display, 0);
		buf_addc(b, '^');
		buf_add(b, coding_system(it->codes[0].system));
	} else {
		hl7_escape(b, it->link_id, 0);
		buf_addc(b, '^');
		hl7_escape(b, it->text.n ? qtext_get(&it->text, lang) : "", 0);
		buf_add(b, "^L");
	}
}

const char *hl7_safety_flag(const VisitRecord *r, const char *form, const char *link_id, const QValue *v, int n)
{
	const char *flag = "";
	for (int i = 0; i < n; i++) {
		const SafetyRule *ru = safety_rule_for(r->safety, r->n_safety, form, link_id, &v[i]);
		if (ru && str_eq(ru->priority, "stat")) return "AA";
		if (ru) flag = "A";
	}
	return flag;
}

/* 1 when a score of this form is exactly this one item (pain now): its
 * score row already carries the answer, so it is not sent twice. */
static int is_score_itself(const Oru *o, const QItem *it)
{
	for (int i = 0; i < o->r->n_rules; i++) {
		const ScoreRule *ru = &o->r->rules[i];
		if (ru->n_items == 1 && str_eq(ru->items[0], it->link_id) && str_eq(ru->form, qm_form_key(o->q)) &&
		    score_compute(ru, o->q, o->r->answers).valid)
			return 1;
	}
	return 0;
}

static int answer_obx(const QItem *it, void *vctx)
{
	Oru *o = vctx;
	const QValue *v;
	int n, i;
	if (!qitem_is_question(it) || !qm_enabled(o->q, it, o->r->answers) || is_score_itself(o, it)) return 0;
	v = answers_get(o->r->answers, qm_form_key(o->q), it->link_id, &n);
	if (!n) return 0;
	buf_addf(o->b, "OBX|%d|%s|", ++o->seq, value_type(it, &v[0]));
	obx_ident(o->b, it, o->r->lang);
	buf_addc(o->b, '|');
	hl7_escape(o->b, o->form_id, 0);
	buf_addc(o->b, '|');
	for (i = 0; i < n; i++) {
		if (i) buf_addc(o->b, '~');
		obx_value(o->b, it, &v[i], o->r->lang);
	}
	buf_addf(o->b, "|||%s|||F|||%s\r", hl7_safety_flag(o->r, qm_form_key(o->q), it->link_id, v, n), o->when);
	return 0;
}

/* MSH, PID and PV1 of a message about visit r: control id ctrl, time when. */
static void header(Buf *b, const VisitRecord *r, const Hl7Options *opt, const char *when, const char *ctrl)
{
	const char *auth = opt && opt->record_authority && *opt->record_authority ? opt->record_authority : "ACCORD";
	int i;
	buf_add(b, "MSH|^~\\&|");
	hl7_escape(b, opt && opt->sending_app && *opt->sending_app ? opt->sending_app : "ACCORD", 0);
	buf_addc(b, '|');
	hl7_escape(b, opt && opt->sending_facility ? opt->sending_facility : r->kiosk, 0);
	buf_addc(b, '|');
	hl7_escape(b, opt ? opt->receiving_app : NULL, 0);
	buf_addc(b, '|');
	hl7_escape(b, opt ? opt->receiving_facility : NULL, 0);
	buf_addf(b, "|%s||ORU^R01^ORU_R01|%s|P|2.5.1||||||UNICODE UTF-8\r", when, ctrl);

	/* PID-3: the staff ref (MR) when known, and always the visit uuid (VN). */
	buf_add(b, "PID|1||");
	if (r->staff_ref && *r->staff_ref) {
		hl7_escape(b, r->staff_ref, 0);
		buf_add(b, "^^^");
		hl7_escape(b, auth, 0);
		buf_addc(b, '^');
		hl7_escape(b, opt && opt->record_type && *opt->record_type ? opt->record_type : "MR", 0);
		buf_addc(b, '~');
	}
	/* The visit uuid (random: never shared by two visits), assigning
	 * authority ACCORD with this kiosk's URI; the short code the patient
	 * saw repeats across kiosks and time, so it goes in PV1-19 only. */
	hl7_escape(b, r->uuid, 0);
	buf_add(b, "^^^");
	kiosk_hd(b, r);
	buf_add(b, "^VN||");
	if (r->id_mode == ID_PATIENT) {
		hl7_escape(b, r->last_name, 0);
		buf_addc(b, '^');
		hl7_escape(b, r->first_name, 0);
	}
	buf_add(b, "||");
	if (r->id_mode == ID_PATIENT && r->birth_date) {
		for (i = 0; r->birth_date[i]; i++)
			if (r->birth_date[i] >= '0' && r->birth_date[i] <= '9') buf_addc(b, r->birth_date[i]);
	}
	buf_add(b, "\r");
	/* PV1-19 visit number: the short code, for people at the front desk. */
	buf_add(b, "PV1|1|O");
	for (i = 3; i <= 19; i++) buf_addc(b, '|');
	hl7_escape(b, r->code, 0);
	buf_add(b, "^^^");
	kiosk_hd(b, r);
	buf_add(b, "^VN\r");
}

/* The agreement: each part the patient wants to talk about (OBX-4 the
 * clause id, the value its title) and each typed question (TX), and
 * whether the explainer was skipped. Local codes, the patient's words
 * as typed. */
static void agreement_obx(Oru *o)
{
	const VisitRecord *r = o->r;
	if (r->agreement_skipped)
		buf_addf(o->b, "OBX|%d|CWE|agreement-skipped^Agreement explainer skipped^L||Y^Yes^HL70136||||||F|||%s\r",
			 ++o->seq, o->when);
	for (int i = 0; i < r->n_marks; i++) {
		const ClauseMark *m = &r->marks[i];
		const char *title = m->title && *m->title ? m->title : NULL;
		int k, n = r->agreement ? agreement_clause_count(r->agreement) : 0;
		for (k = 0; !title && k < n; k++) {
			const AgClause *c = agreement_clause(r->agreement, k, NULL);
			if (c && str_eq(c->id, m->clause_id) && c->title) title = c->title;
		}
		if (m->discuss) {
			buf_addf(o->b, "OBX|%d|ST|agreement-discuss^Agreement part to discuss^L|", ++o->seq);
			hl7_escape(o->b, m->clause_id, 0);
			buf_addc(o->b, '|');
			hl7_escape(o->b, title ? title : m->clause_id, 0);
			buf_addf(o->b, "||||||F|||%s\r", o->when);
		}
		if (m->question && *m->question) {
			buf_addf(o->b, "OBX|%d|TX|agreement-question^Question for the care team^L|", ++o->seq);
			hl7_escape(o->b, m->clause_id, 0);
			buf_addc(o->b, '|');
			hl7_escape(o->b, m->question, 1);
			buf_addf(o->b, "||||||F|||%s\r", o->when);
		}
	}
}

char *hl7_oru(const VisitRecord *r, const Hl7Options *opt)
{
	Buf b = {0};
	Oru o = {r, NULL, &b, 0, "", ""};
	char ctrl[21], when[16];
	int i;

	ts(r->completed ? r->completed : r->started, when);
	snprintf(o.when, sizeof o.when, "%s+0000", when);
	hl7_control_id(r, ctrl);
	header(&b, r, opt, o.when, ctrl);

	buf_add(&b, "OBR|1||");
	hl7_escape(&b, r->uuid, 0);
	buf_addf(&b, "^ACCORD|ACCORD-PREVISIT^Accord pre-visit questionnaires^L|||%s", o.when);
	for (i = 7; i < 25; i++) buf_addc(&b, '|');   /* OBR-25 result status */
	buf_add(&b, "F\r");

	for (i = 0; i < r->n_rules; i++) {
		const ScoreRule *ru = &r->rules[i];
		const Questionnaire *q = form_of(r, ru->form);
		ScoreResult res;
		if (!q) continue;
		res = score_compute(ru, q, r->answers);
		if (!res.valid) continue;
		buf_addf(&b, "OBX|%d|NM|", ++o.seq);
		if (ru->loinc && *ru->loinc) {
			hl7_escape(&b, ru->loinc, 0);
			buf_addc(&b, '^');
			hl7_escape(&b, ru->loinc_display ? ru->loinc_display : ru->label, 0);
			buf_add(&b, "^LN");
		} else {
			/* local code from the scoring table (GAD-2: gad2-total), else the rule id */
			int local = ru->local_code.code && *ru->local_code.code;
			hl7_escape(&b, local ? ru->local_code.code : ru->id, 0);
			buf_addc(&b, '^');
			hl7_escape(&b, local && ru->local_code.display ? ru->local_code.display : ru->label, 0);
			buf_add(&b, "^L");
		}
		buf_add(&b, "||");
		buf_addf(&b, "%.*f|", ru->decimals, ru->decimals > 0 ? res.value : floor(res.value + 0.5));
		hl7_escape(&b, ru->unit, 0);
		buf_addf(&b, "||%s|||F|||%s\r", ru->has_positive ? (res.positive ? "POS" : "NEG") : "", o.when);
		if (qm_unvalidated_translation(q, r->lang)) {   /* NTE|1|L|note, after its OBX */
			char note[256];
			snprintf(note, sizeof note, SCORE_NOTE_UNVALIDATED, r->lang);
			buf_add(&b, "NTE|1|L|");
			hl7_escape(&b, note, 0);
			buf_addc(&b, '\r');
		}
	}
	for (i = 0; i < r->n_forms; i++) {
		const char *key = qm_form_key(r->forms[i]), *p = key, *s;
		for (s = key; *s; s++) if (*s == ':' || *s == '/') p = s + 1;
		snprintf(o.form_id, sizeof o.form_id, "%s", p);
		o.q = r->forms[i];
		qm_walk(o.q, answer_obx, &o);
	}
	agreement_obx(&o);
	return buf_take(&b);
}

char *hl7_alert_oru(const VisitRecord *r, int rule, long long at, const Hl7Options *opt)
{
	const SafetyRule *ru;
	const Questionnaire *q;
	const QItem *it;
	Buf b = {0};
	char ctrl[21], when[24], *text;
	int stat;
	if (rule < 0 || rule >= r->n_safety) return NULL;
	ru = &r->safety[rule];
	if (!(q = form_of(r, ru->form)) || !(it = qm_find(q, ru->item))) return NULL;
	stat = str_eq(ru->priority, "stat");
	ts(at, when);
	strcat(when, "+0000");
	alert_control_id(r, rule, ctrl);
	header(&b, r, opt, when, ctrl);
	buf_add(&b, "OBR|1||");
	hl7_escape(&b, r->uuid, 0);
	buf_addc(&b, '.');
	hl7_escape(&b, ru->id, 0);
	buf_addf(&b, "^ACCORD|ACCORD-ALERT^Accord safety answer alert^L|||%s", when);
	for (int i = 7; i < 25; i++) buf_addc(&b, '|');   /* OBR-25 result status */
	buf_add(&b, "F\r");
	buf_addf(&b, "TQ1|1||||||||%s\r", stat ? "S^Stat^HL70485" : "A^ASAP^HL70485");
	buf_addf(&b, "OBX|1|%s|", value_type(it, &ru->answer));
	obx_ident(&b, it, "en");
	buf_add(&b, "||");
	obx_value(&b, it, &ru->answer, "en");
	buf_addf(&b, "|||%s|||F|||%s\r", stat ? "AA" : "A", when);
	text = alert_text(r, rule);
	buf_add(&b, "NTE|1|L|");
	hl7_escape(&b, text, 1);
	buf_add(&b, "\r");
	free(text);
	return buf_take(&b);
}

/* Field f (0-based after the segment name) of segment seg[0..n), copied. */
static void field(const char *seg, size_t n, int f, char *out, size_t on)
{
	size_t i = 0, k = 0;
	int cur = -1;
	if (!out || !on) return;
	out[0] = 0;
	for (i = 0; i < n; i++) {
		if (seg[i] == '|') { cur++; continue; }
		if (cur == f && k + 1 < on) out[k++] = seg[i];
	}
	out[k] = 0;
}

int hl7_ack_parse(const char *msg, size_t len, char *ctrl, size_t ctrl_n, char *text, size_t text_n)
{
	size_t i = 0;
	int result = HL7_ACK_BAD;
	char code[8], err[256] = "";
	if (ctrl && ctrl_n) ctrl[0] = 0;
	if (text && text_n) text[0] = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && msg[j] != '\r' && msg[j] != '\n') j++;
		if (j - i >= 3 && memcmp(msg + i, "MSA", 3) == 0) {
			field(msg + i, j - i, 0, code, sizeof code);
			field(msg + i, j - i, 1, ctrl, ctrl_n);
			field(msg + i, j - i, 2, text, text_n);
			if (!strcmp(code, "AA") || !strcmp(code, "CA")) result = HL7_ACK_AA;
			else if (!strcmp(code, "AE") || !strcmp(code, "CE")) result = HL7_ACK_AE;
			else if (!strcmp(code, "AR") || !strcmp(code, "CR")) result = HL7_ACK_AR;
		} else if (j - i >= 3 && memcmp(msg + i, "ERR", 3) == 0 && text && text_n && !err[0]) {
			field(msg + i, j - i, 7, err, sizeof err);   /* ERR-8 user message: the most specific words */
		}
		i = j + 1;
	}
	if (err[0] && text && text_n) snprintf(text, text_n, "%s", err);
	return result;
}
