/* tests/unit/export_test.c - export/ against the real built-in forms
 * (assets/questionnaires), scoring table and agreement pack: summary
 * content and shape, QR pages that decode back (zbarimg, also from a
 * degraded JPEG), FHIR Bundle structure and stability, HL7 segments and
 * escaping, ACK parsing. Also keeps docs/examples/ current: the fixed visit
 * below is exported and compared; UPDATE_EXAMPLES=1 rewrites the files.
 * Writes the FHIR JSON it makes to build/test-out/fhir/ for
 * tests/check_fhir_schema.sh. Run from the repo root. */
#include "test.h"
#include "content/agreement.h"
#include "content/questionnaire.h"
#include "content/safety.h"
#include "content/scoring.h"
#include "core/util.h"
#include "export/fhir.h"
#include "export/hl7.h"
#include "export/qr.h"
#include "export/summary.h"
#include "content/strings.h"
#include "export/translit.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define OUT "build/test-out/export"

static Questionnaire **forms;
static int n_forms;
static ScoreRule *rules;
static int n_rules;
static SafetyRule *safety_rules;   /* the shipped safety table: the fixed visit carries its flags */
static int n_safety;
static Agreement *agreement;
static Answers *answers;
static ClauseMark marks[3];

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	Buf b = {0};
	char tmp[4096];
	size_t n;
	if (!f) return NULL;
	buf_add(&b, "");
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_addn(&b, tmp, n);
	fclose(f);
	return buf_take(&b);
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	if (!f) { perror(path); return; }
	fputs(s, f);
	fclose(f);
}

/* The scoring table, read as the content loader would (test-side copy). */
/* The shipped scoring table, through the real loader (local codes included). */
static void load_rules(void)
{
	char err[256];
	if (scoring_load("assets/questionnaires/scoring.json", &rules, &n_rules, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
}

/* The built-in forms in assets/questionnaires/order.json order. */
static int load_forms(void)
{
	char *s = slurp("assets/questionnaires/order.json"), path[256], *report = NULL;
	cJSON *root = s ? cJSON_Parse(s) : NULL, *f;
	free(s);
	if (!root) { fprintf(stderr, "cannot read order.json\n"); return -1; }
	forms = xcalloc((size_t)cJSON_GetArraySize(cJSON_GetObjectItem(root, "forms")) + 1, sizeof *forms);
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(root, "forms")) {
		snprintf(path, sizeof path, "assets/questionnaires/%s", f->valuestring);
		if (questionnaire_load(path, &forms[n_forms], &report) != 0) {
			fprintf(stderr, "%s: %s\n", path, report ? report : "?");
			free(report);
			cJSON_Delete(root);
			return -1;
		}
		free(report);
		report = NULL;
		n_forms++;
	}
	cJSON_Delete(root);
	return 0;
}

static const Questionnaire *form(const char *url)
{
	int i;
	for (i = 0; i < n_forms; i++)
		if (str_eq(forms[i]->url, url)) return forms[i];
	fprintf(stderr, "no form %s\n", url);
	exit(1);
}

#define F(x) "urn:accord:questionnaire:" x

/* Answers the option of link_id whose code is code (or, code NULL, whose
 * ordinal is ord). */
static void pick(const char *url, const char *link_id, const char *code, int ord)
{
	const Questionnaire *q = form(url);
	const QItem *it = qm_find(q, link_id);
	int i;
	if (!it) { fprintf(stderr, "no item %s\n", link_id); exit(1); }
	for (i = 0; i < it->n_options; i++) {
		const QOption *o = &it->options[i];
		if (code ? str_eq(o->value.s, code) : (o->has_ordinal && (int)o->ordinal == ord)) {
			answers_set(answers, url, link_id, &o->value, 1);
			return;
		}
	}
	fprintf(stderr, "no option %s in %s\n", code ? code : "(ordinal)", link_id);
	exit(1);
}

static void pick2(const char *url, const char *link_id, const char *c1, const char *c2)
{
	const QItem *it = qm_find(form(url), link_id);
	QValue v[2];
	int i, k = 0;
	for (i = 0; i < it->n_options && k < 2; i++)
		if (str_eq(it->options[i].value.s, c1) || str_eq(it->options[i].value.s, c2)) v[k++] = it->options[i].value;
	answers_set(answers, url, link_id, v, k);
}

static void put(const char *url, const char *link_id, QValue v)
{
	answers_set(answers, url, link_id, &v, 1);
}

static QValue S(const char *s) { QValue v = {0}; v.kind = QV_STRING; v.s = (char *)s; return v; }
static QValue I(long long i) { QValue v = {0}; v.kind = QV_INT; v.i = i; return v; }
static QValue B(int b) { QValue v = {0}; v.kind = QV_BOOL; v.b = b; return v; }
static QValue D(const char *s) { QValue v = {0}; v.kind = QV_DATE; v.s = (char *)s; return v; }

/* The fixed scripted visit behind docs/examples/. */
static void fixed_visit(VisitRecord *r)
{
	answers_clear(answers);
	pick(F("pain-now"), "pain-now", NULL, 5);
	pick(F("pain-now"), "pain-worst", NULL, 8);
	pick(F("pain-now"), "pain-least", NULL, 2);
	pick2(F("pain-map"), "pain-sites", "37822005", "82169009");   /* low back, left knee */
	pick(F("pain-map"), "pain-site-worst", "82169009", 0);
	pick(F("peg"), "peg-1", NULL, 7);
	pick(F("peg"), "peg-2", NULL, 6);
	pick(F("peg"), "peg-3", NULL, 6);
	pick2(F("side-effects"), "se-which", "constipation", "slow-breathing");
	put(F("visits-meds"), "vm-last-visit", D("2026-10-02"));
	put(F("visits-meds"), "vm-er", B(1));
	put(F("visits-meds"), "vm-er-count", I(1));
	put(F("visits-meds"), "vm-diff", B(0));
	put(F("visits-meds"), "vm-diff-why", S("should not appear: vm-diff is no"));
	put(F("visits-meds"), "vm-changed", B(1));
	put(F("visits-meds"), "vm-changed-what", S("Gabapentin 300 mg -> 600 mg | at night & \"when needed\"\nfrom Dr. Núñez"));
	pick(F("treatments"), "tx-tried", "physical-therapy", 0);
	pick(F("treatments"), "tx-physical-therapy-helped", "a-little", 0);
	put(F("goals"), "goal-1", S("Walk my dog to the park and back"));
	put(F("goals"), "goal-1-hard", I(7));
	put(F("goals"), "goal-2", S("Cook dinner for my grandchildren on Sundays"));
	put(F("goals"), "goal-2-hard", I(5));
	pick(F("phq2"), "phq2-1", NULL, 2);
	pick(F("phq2"), "phq2-2", NULL, 2);
	pick(F("gad2"), "gad2-1", NULL, 1);
	pick(F("gad2"), "gad2-2", NULL, 0);
	put(F("last-visit"), "lv-before", B(1));
	pick(F("last-visit"), "lv-listen", "somewhat", 0);
	pick(F("last-visit"), "lv-judged", "a-little", 0);
	pick(F("partnership"), "pt-heard", "somewhat", 0);
	put(F("partnership"), "pt-talk", S("¿Puedo bajar la dosis? Me duele más por la mañana."));

	memset(marks, 0, sizeof marks);
	marks[0].clause_id = "listen"; marks[0].discuss = 0; marks[0].seconds = 20;
	marks[1].clause_id = "refills"; marks[1].discuss = 1; marks[1].seconds = 45;
	marks[1].question = "What if the pharmacy is out of stock?";
	marks[2].clause_id = "stopping"; marks[2].discuss = 1; marks[2].seconds = 61;

	memset(r, 0, sizeof *r);
	r->uuid = "6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f";
	r->code = "472-913";
	r->kiosk = "Lobby-1";
	r->lang = "en";
	r->started = 1793955600;      /* 2026-11-06 09:00:00 UTC */
	r->completed = 1793956512;    /* 09:15:12 */
	r->id_mode = ID_CODE;
	r->forms = (const Questionnaire *const *)forms;
	r->n_forms = n_forms;
	r->rules = rules;
	r->n_rules = n_rules;
	r->safety = safety_rules;
	r->n_safety = n_safety;
	r->answers = answers;
	r->agreement = agreement;
	r->marks = marks;
	r->n_marks = 3;
	r->agreement_seconds = 252;
}

static int has(const char *hay, const char *needle)
{
	int ok = hay && strstr(hay, needle) != NULL;
	if (!ok) fprintf(stderr, "  missing: %s\n", needle);
	return ok;
}

static void summary_shows_safety_first_then_scores_discussion_goals_and_answers(void)
{
	VisitRecord r;
	char *s, *peg, *safety, *discuss, *goals;
	fixed_visit(&r);
	s = summary_build(&r, "en", NULL, NULL);
	CHECK(strncmp(s, "ACCORD 2026-11-06 09:15 +00:00 Lobby-1 VISIT 472-913\n", 53) == 0);
	CHECK(has(s, "\n!! SAFETY: Slow or troubled breathing\n"));   /* from safety.json, once */
	CHECK(!strstr(s, "!! SAFETY: Trouble breathing"));
	CHECK(has(s, "\nPain now 5; worst 8; least 2\n"));
	CHECK(has(s, "\nPEG 6.3 (6) [P7 E6 G6]\n"));
	CHECK(has(s, "\nPHQ-2 4 POSITIVE SCREEN\n"));
	CHECK(has(s, "\nGAD-2 1 NEG\n"));
	CHECK(has(s, "\nTO DISCUSS: Refills through our clinic - \"What if the pharmacy is out of stock?\"; "
		     "When the medicine may be stopped; Wants to talk about: ¿Puedo bajar la dosis? Me duele más por la mañana.\n"));
	CHECK(has(s, "\nGOALS: Walk my dog to the park and back (hard 7/10); Cook dinner for my grandchildren on Sundays (hard 5/10)\n"));
	CHECK(has(s, "\nSIDE EFFECTS: Trouble breathing or very slow breathing, Constipation\n"));   /* safety answers are listed first */
	CHECK(has(s, "\nMEDICINES: Took medicine differently: No; Changed by another prescriber: Yes; "
		     "What changed: Gabapentin 300 mg -> 600 mg | at night & \"when needed\" from Dr. Núñez\n"));
	CHECK(has(s, "ER/urgent care visits: 1"));
	CHECK(has(s, "\nAGREEMENT READ 4m 12s\n"));
	CHECK(!strstr(s, "We listen"));
	/* partnership measures about the last visit, in words */
	CHECK(has(s, "Listened to (last visit): Somewhat"));
	CHECK(has(s, "Felt judged (last visit): A little"));
	CHECK(!strstr(s, "Believed (last visit)"));   /* unanswered: not shown */
	/* safety first, then scores, then what the patient wants to discuss */
	safety = strstr(s, "!! SAFETY"); peg = strstr(s, "PEG"); discuss = strstr(s, "TO DISCUSS"); goals = strstr(s, "GOALS:");
	CHECK(safety && peg && discuss && goals && safety < peg && peg < discuss && discuss < goals);
	/* Disabled item (vm-diff is no) never shows. */
	CHECK(!strstr(s, "should not appear"));
	free(s);
}

static void summary_keeps_utf8_and_writes_one_line_per_section(void)
{
	VisitRecord r;
	char *s;
	int lines = 0;
	fixed_visit(&r);
	r.id_mode = ID_PATIENT;
	r.first_name = "José"; r.last_name = "Muñoz-Ibáñez"; r.birth_date = "1961-02-03";
	s = summary_build(&r, "en", NULL, NULL);
	CHECK(utf8_valid(s, strlen(s)));
	CHECK(has(s, "\nName: Muñoz-Ibáñez, José\nDOB 1961-02-03\n"));
	for (const char *p = s; *p; p++) lines += *p == '\n';
	CHECK(lines == 14);   /* header, name, DOB, safety, pain, PEG, PHQ-2, GAD-2, discuss, goals, side effects, medicines, answers, agreement */
	free(s);
}

/* A clinic's own form, not built in: its marks give it the same sections. */
static void summary_sections_come_from_the_content_marks_of_any_form(void)
{
	const char *path = OUT "/clinic-form.json";
	Questionnaire *q = NULL;
	const Questionnaire *one[1];
	Answers *a = answers_new();
	VisitRecord r;
	char *report = NULL, *s;
	QValue v = {0};
	spit(path, "{\"resourceType\": \"Questionnaire\", \"status\": \"active\", \"url\": \"urn:clinic:form\", \"item\": ["
		   "{\"linkId\": \"q1\", \"type\": \"string\", \"text\": \"What would you like to be able to do?\", "
		   " \"extension\": [{\"url\": \"urn:accord:summary\", \"valueCode\": \"goal\"}]},"
		   "{\"linkId\": \"q2\", \"type\": \"integer\", \"text\": \"How hard is it?\", "
		   " \"extension\": [{\"url\": \"urn:accord:summary\", \"valueCode\": \"goal-rating\"},"
		   "  {\"url\": \"http://hl7.org/fhir/StructureDefinition/maxValue\", \"valueInteger\": 10}]},"
		   "{\"linkId\": \"q3\", \"type\": \"string\", \"text\": \"Any side effects?\", "
		   " \"extension\": [{\"url\": \"urn:accord:summary\", \"valueCode\": \"side-effect\"}]},"
		   "{\"linkId\": \"q4\", \"type\": \"string\", \"text\": \"Which pain medicine do you take?\", "
		   " \"extension\": [{\"url\": \"urn:accord:summary\", \"valueCode\": \"medicine\"},"
		   "  {\"url\": \"urn:accord:summary-label\", \"valueString\": \"Takes\"}]},"
		   "{\"linkId\": \"q5\", \"type\": \"integer\", \"text\": \"Back pain today, 0-10\", "
		   " \"extension\": [{\"url\": \"urn:accord:summary\", \"valueCode\": \"score\"},"
		   "  {\"url\": \"urn:accord:summary-label\", \"valueString\": \"Back pain\"}]},"
		   "{\"linkId\": \"q6\", \"type\": \"boolean\", \"text\": \"Do you feel unsafe at home?\", "
		   " \"extension\": [{\"url\": \"urn:accord:alert\", \"valueBoolean\": true}]},"
		   "{\"linkId\": \"q7\", \"type\": \"string\", \"text\": \"Pharmacy\", "
		   " \"extension\": [{\"url\": \"urn:accord:summary\", \"valueCode\": \"omit\"}]},"
		   "{\"linkId\": \"q8\", \"type\": \"string\", \"text\": \"Anything else?\"}]}");
	CHECK(questionnaire_load(path, &q, &report) == 0);
	free(report);
	if (!q) { answers_free(a); return; }
	v.kind = QV_STRING; v.s = "Garden"; answers_set(a, "urn:clinic:form", "q1", &v, 1);
	v.kind = QV_INT; v.i = 6; answers_set(a, "urn:clinic:form", "q2", &v, 1);
	v.kind = QV_STRING; v.s = "Dry mouth"; answers_set(a, "urn:clinic:form", "q3", &v, 1);
	v.s = "Tramadol"; answers_set(a, "urn:clinic:form", "q4", &v, 1);
	v.kind = QV_INT; v.i = 4; answers_set(a, "urn:clinic:form", "q5", &v, 1);
	v.kind = QV_BOOL; v.b = 1; answers_set(a, "urn:clinic:form", "q6", &v, 1);
	v.kind = QV_STRING; v.s = "Main St"; answers_set(a, "urn:clinic:form", "q7", &v, 1);
	v.s = "No"; answers_set(a, "urn:clinic:form", "q8", &v, 1);
	one[0] = q;
	memset(&r, 0, sizeof r);
	r.code = "111-222"; r.kiosk = "k"; r.lang = "en"; r.completed = 1793956512;
	r.forms = one; r.n_forms = 1; r.answers = a;
	s = summary_build(&r, "en", NULL, NULL);
	CHECK(str_eq(s, "ACCORD 2026-11-06 09:15 +00:00 k VISIT 111-222\n"
		       "!! SAFETY: Do you feel unsafe at home?: Yes\n"
		       "Back pain 4\n"
		       "GOALS: Garden (hard 6/10)\n"
		       "SIDE EFFECTS: Dry mouth\n"
		       "MEDICINES: Takes: Tramadol\n"
		       "ANSWERS: Anything else?: No\n"));
	if (s) fprintf(stderr, "%s", s);
	free(s);
	questionnaire_free(q);
	answers_free(a);
}

static void summary_mark_must_be_a_known_section(void)
{
	const char *path = OUT "/bad-mark.json";
	Questionnaire *q = NULL;
	char *report = NULL;
	spit(path, "{\"resourceType\": \"Questionnaire\", \"status\": \"active\", \"item\": [{\"linkId\": \"q1\", "
		   "\"type\": \"string\", \"text\": \"x\", \"extension\": [{\"url\": \"urn:accord:summary\", \"valueCode\": \"goals\"}]}]}");
	CHECK(questionnaire_load(path, &q, &report) != 0);
	CHECK(report && strstr(report, "urn:accord:summary needs a valueCode") && strstr(report, "q1"));
	free(report);
	questionnaire_free(q);
}

static const char *spanish(void *ctx, const char *key)
{
	(void)ctx;
	if (!strcmp(key, "summary.goals")) return "Metas";
	if (!strcmp(key, "summary.positive")) return "TAMIZAJE POSITIVO";
	return NULL;
}

static void summary_takes_words_from_the_catalog_with_english_fallback(void)
{
	VisitRecord r;
	char *s;
	fixed_visit(&r);
	s = summary_build(&r, "es", spanish, NULL);
	CHECK(has(s, "\nMetas: "));
	CHECK(has(s, "PHQ-2 4 TAMIZAJE POSITIVO"));
	CHECK(has(s, "GAD-2 1 NEG"));
	CHECK(has(s, "Estre"));          /* option label in the clinic's language */
	free(s);
}

static const char *shipped_es(void *ctx, const char *key)
{
	return strings_has(ctx, "es", key) ? strings_get(ctx, "es", key) : NULL;
}

/* A Spanish clinic (clinic_language = es) reads Spanish headings: every
 * summary word comes from the shipped catalog, none falls back to English. */
static void summary_in_spanish_takes_every_heading_from_the_shipped_catalog(void)
{
	const char *langs[2] = { "en", "es" };
	char err[256];
	Strings *cat = strings_load("assets/strings", langs, 2, err, sizeof err);
	VisitRecord r;
	char *s;
	CHECK(cat != NULL);
	if (!cat) return;
	fixed_visit(&r);
	s = summary_build(&r, "es", shipped_es, cat);
	CHECK(has(s, " VISITA "));
	CHECK(has(s, "\nMETAS: "));
	CHECK(has(s, "PHQ-2 4 TAMIZAJE POSITIVO"));
	CHECK(!has(s, "VISIT ") && !has(s, "GOALS") && !has(s, "SIDE EFFECTS") && !has(s, "TO DISCUSS") &&
	      !has(s, "AGREEMENT") && !has(s, "ANSWERS") && !has(s, "MEDICINES") && !has(s, "SAFETY"));
	free(s);
	strings_free(cat);
}

static void summary_shows_staff_ref_and_partial_scores(void)
{
	VisitRecord r;
	char *s;
	fixed_visit(&r);
	answers_set(answers, F("peg"), "peg-3", NULL, 0);
	r.id_mode = ID_STAFF;
	r.staff_ref = "MRN 00123";
	s = summary_build(&r, "en", NULL, NULL);
	CHECK(has(s, "Ref: MRN 00123\n"));
	CHECK(has(s, "PEG not scored (2/3 answered)"));
	free(s);
}

static void translit_marks_every_replaced_letter(void)
{
	char *s = translit_marked("¡Señor Müller! ¿Qué tal? “ok” – 5°… \xff ☺\nZoë");
	CHECK(str_eq(s, "{!}Se{n~}or M{u\"}ller! {?}Qu{e'} tal? \"ok\" - 5{deg}... {?} {U+263A}\nZo{e\"}"));
	free(s);
}

static void qr_pages_are_full_split_at_words_and_rejoin_exactly(void)
{
	Buf b = {0};
	QrPages p;
	char *joined;
	int i, v, w;
	unsigned char *m;
	for (i = 0; i < 60; i++) buf_addf(&b, "Line %02d of a long summary, 40 chars.\n", i);
	CHECK(qr_split(b.s, 10, &p) == QR_OK);
	CHECK(p.n > 1);
	for (i = 0; i < p.n; i++) {
		char hdr[32];
		snprintf(hdr, sizeof hdr, "%d/%d ", i + 1, p.n);
		CHECK(strncmp(p.page[i], hdr, strlen(hdr)) == 0);
		CHECK(qr_encode(p.page[i], 10, &m, &w, &v) == QR_OK);
		CHECK(v <= 10 && w == 17 + 4 * v);
		free(m);
		/* Each page ends after a whole word; every page but the last is full:
		 * the next word would not have fitted. */
		CHECK(strchr(" \n", p.page[i][strlen(p.page[i]) - 1]) != NULL);
		if (i + 1 < p.n) {
			const char *next = strchr(p.page[i + 1], ' ') + 1, *sp = strpbrk(next, " \n");
			Buf more = {0};
			buf_add(&more, p.page[i]);
			buf_addn(&more, next, (size_t)(sp - next + 1));
			CHECK(qr_encode(more.s, 10, &m, &w, &v) == QR_ERR_TOO_LONG);
			free(m);
			buf_free(&more);
		}
	}
	joined = qr_join(&p);
	CHECK(str_eq(joined, b.s));
	free(joined);
	qr_pages_free(&p);
	/* Short text: one page, no header. */
	CHECK(qr_split("PEG 6.3\n", QR_DEFAULT_MAX_VERSION, &p) == QR_OK);
	CHECK(p.n == 1 && str_eq(p.page[0], "PEG 6.3\n"));
	qr_pages_free(&p);
	CHECK(qr_encode(b.s, 3, &m, &w, &v) == QR_ERR_TOO_LONG && m == NULL);
	CHECK(qr_split("x", 41, &p) == QR_ERR_ARG);
	buf_free(&b);
}

static void qr_pages_split_a_line_longer_than_a_page(void)
{
	Buf b = {0};
	QrPages p;
	char *joined;
	int i;
	for (i = 0; i < 300; i++) buf_addc(&b, (char)('a' + i % 26));
	buf_add(&b, "\nend\n");
	CHECK(qr_split(b.s, 4, &p) == QR_OK);
	CHECK(p.n >= 4);
	joined = qr_join(&p);
	CHECK(str_eq(joined, b.s));
	free(joined);
	qr_pages_free(&p);
	buf_free(&b);
}

/* Writes page as a PGM at integer scale with a 4-module quiet zone. */
static void write_pgm(const char *path, const unsigned char *m, int w, int scale)
{
	FILE *f = fopen(path, "wb");
	int size = (w + 8) * scale, x, y;
	fprintf(f, "P5\n%d %d\n255\n", size, size);
	for (y = 0; y < size; y++)
		for (x = 0; x < size; x++) {
			int mx = x / scale - 4, my = y / scale - 4;
			int dark = mx >= 0 && my >= 0 && mx < w && my < w && m[my * w + mx];
			fputc(dark ? 0 : 255, f);
		}
	fclose(f);
}

static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	Buf b = {0};
	char tmp[1024];
	size_t n;
	if (!p) return NULL;
	buf_add(&b, "");
	while ((n = fread(tmp, 1, sizeof tmp, p)) > 0) buf_addn(&b, tmp, n);
	pclose(p);
	return buf_take(&b);
}

/* zbarimg --raw adds one '\n' after each symbol's data. */
static int decodes_to(const char *img, const char *text)
{
	char cmd[512], *got;
	size_t n;
	int ok;
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q -Sdisable -Sqrcode.enable '%s' 2>/dev/null", img);
	got = run(cmd);
	n = got ? strlen(got) : 0;
	if (n && got[n - 1] == '\n') got[--n] = 0;
	ok = got && str_eq(got, text);
	if (!ok) fprintf(stderr, "  %s decoded %zu bytes, want %zu\n", img, n, strlen(text));
	free(got);
	return ok;
}

/* qr_split sizes pages by arithmetic (the bit length of the segments the
 * encoder will write), not by trial encodes: every page of random texts
 * (digits, capitals, lower case, accents, line breaks) must then encode at
 * the version asked, and the pages join back to the text. */
static void qr_split_pages_always_encode_within_the_version(void)
{
	static const char *const bits[] = { "0123456789", "ABC DEF:", "hello there ", "\xC3\xA9\xC3\xB1o ", "\n", "PEG 6.0 " };
	unsigned seed = 12345;
	int bad = 0;
	for (int t = 0; t < 120; t++) {
		Buf b = { 0 };
		buf_add(&b, "");
		int parts = 5 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 120;
		for (int k = 0; k < parts; k++) {
			seed = seed * 1103515245u + 12345u;
			buf_add(&b, bits[(seed >> 16) % 6]);
		}
		int v = 3 + t % 13;
		QrPages p;
		if (qr_split(b.s, v, &p) != QR_OK) { bad++; buf_free(&b); continue; }
		for (int i = 0; i < p.n; i++) {
			unsigned char *m = NULL;
			int w, ver = 0;
			if (qr_encode(p.page[i], v, &m, &w, &ver) != QR_OK || ver > v) {
				if (!bad) fprintf(stderr, "  page %d of %d at version %d does not encode: %s\n", i + 1, p.n, v, p.page[i]);
				bad++;
			}
			free(m);
		}
		char *j = qr_join(&p);
		if (!str_eq(j, b.s)) bad++;
		free(j);
		qr_pages_free(&p);
		buf_free(&b);
	}
	CHECK(bad == 0);
}

static void qr_pages_of_the_summary_decode_back_with_zbarimg_also_degraded(void)
{
	VisitRecord r;
	QrPages p;
	char *s, *joined;
	int i, v, w;
	unsigned char *m;
	FILE *sizes;
	if (system("command -v zbarimg >/dev/null && command -v convert >/dev/null") != 0) {
		fprintf(stderr, "  zbarimg/convert missing (make deps)\n");
		CHECK(0);
		return;
	}
	fixed_visit(&r);
	s = summary_build(&r, "en", NULL, NULL);
	sizes = fopen(OUT "/qr-sizes.txt", "w");
	fprintf(sizes, "summary bytes %zu\n", strlen(s));
	for (v = 6; v <= 15; v += 3) {
		CHECK(qr_split(s, v, &p) == QR_OK);
		fprintf(sizes, "max version %d: %d page(s)\n", v, p.n);
		for (i = 0; i < p.n; i++) {
			char pgm[128], png[128], jpg[128], cmd[1024];
			int ver;
			CHECK(qr_encode(p.page[i], v, &m, &w, &ver) == QR_OK);
			fprintf(sizes, "  page %d: %zu bytes, version %d, %d modules\n", i + 1, strlen(p.page[i]), ver, w);
			snprintf(pgm, sizeof pgm, OUT "/qr-v%d-p%d.pgm", v, i + 1);
			snprintf(png, sizeof png, OUT "/qr-v%d-p%d.png", v, i + 1);
			snprintf(jpg, sizeof jpg, OUT "/qr-v%d-p%d-degraded.jpg", v, i + 1);
			write_pgm(pgm, m, w, 8);
			free(m);
			snprintf(cmd, sizeof cmd, "convert '%s' '%s' && convert '%s' -resize 50%% -blur 0x1 -quality 40 '%s'",
				 pgm, png, png, jpg);
			CHECK(system(cmd) == 0);
			CHECK(decodes_to(png, p.page[i]));
			CHECK(decodes_to(jpg, p.page[i]));
		}
		joined = qr_join(&p);
		CHECK(str_eq(joined, s));
		free(joined);
		qr_pages_free(&p);
	}
	fclose(sizes);
	free(s);
}

static cJSON *parse(const char *s)
{
	cJSON *j = cJSON_Parse(s);
	CHECK(j != NULL);
	return j;
}

static int count_type(cJSON *bundle, const char *type)
{
	cJSON *e;
	int n = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(bundle, "entry")) {
		cJSON *res = cJSON_GetObjectItem(e, "resource");
		if (str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(res, "resourceType")), type)) n++;
	}
	return n;
}

static cJSON *find_obs(cJSON *bundle, const char *code)
{
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(bundle, "entry")) {
		cJSON *res = cJSON_GetObjectItem(e, "resource");
		cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(res, "code"), "coding"), 0);
		if (c && str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(c, "code")), code)) return res;
	}
	return NULL;
}

static void fhir_bundle_is_a_transaction_of_conditional_creates(void)
{
	VisitRecord r;
	char *s, *s2;
	cJSON *b, *e, *o, *x;
	fixed_visit(&r);
	s = fhir_bundle(&r, NULL);
	s2 = fhir_bundle(&r, NULL);
	CHECK(str_eq(s, s2));           /* same visit, same bytes: retries are identical */
	spit("build/test-out/fhir/bundle-code.json", s);
	b = parse(s);
	CHECK(str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(b, "type")), "transaction"));
	CHECK(str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(b, "identifier"), "value")), r.uuid));
	/* one per form, plus the agreement explainer's marks and questions */
	CHECK(count_type(b, "QuestionnaireResponse") == n_forms + (r.n_marks > 0));
	CHECK(count_type(b, "Observation") == 4);    /* pain now, PEG, PHQ-2, GAD-2 */
	CHECK(strstr(s, "urn:accord:agreement:") != NULL || r.n_marks == 0);
	CHECK(count_type(b, "Patient") == 0);
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(b, "entry")) {
		cJSON *req = cJSON_GetObjectItem(e, "request");
		CHECK(str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(req, "method")), "POST"));
		CHECK(strncmp(cJSON_GetStringValue(cJSON_GetObjectItem(req, "ifNoneExist")), "identifier=urn:accord:", 22) == 0);
		CHECK(strncmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "fullUrl")), "urn:uuid:", 9) == 0);
	}
	o = find_obs(b, "91147-9");
	CHECK(o && cJSON_GetObjectItem(cJSON_GetObjectItem(o, "valueQuantity"), "value")->valuedouble == 6.3);
	o = find_obs(b, "55758-7");
	CHECK(o && cJSON_GetObjectItem(o, "valueInteger")->valueint == 4);
	x = o ? cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "interpretation"), 0), "coding"), 0) : NULL;
	CHECK(x && str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(x, "code")), "POS"));
	o = find_obs(b, "72514-3");
	CHECK(o && cJSON_GetObjectItem(o, "valueInteger")->valueint == 5);
	CHECK(find_obs(b, "gad2-total") != NULL);
	CHECK(find_obs(b, "gad2") == NULL);
	CHECK(strstr(s, "\"valueDate\":\"2026-10-02\"") && strstr(s, "\"valueBoolean\":true"));
	CHECK(strstr(s, "\"questionnaire\":\"urn:accord:questionnaire:peg|1.0.0\""));
	CHECK(!strstr(s, "should not appear"));
	/* code mode: the subject is the visit, by uuid under this kiosk's system */
	CHECK(strstr(s, "\"identifier\":{\"system\":\"urn:accord:kiosk:Lobby-1\",\"value\":\"6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f\"}"));
	CHECK(strstr(s, "\"display\":\"Visit 472-913\""));
	cJSON_Delete(b);
	free(s);
	free(s2);
}

static void fhir_bundle_carries_a_patient_or_the_staff_ref(void)
{
	int peg;
	VisitRecord r;
	FhirOptions opt = {"urn:oid:1.2.3.4", 0};
	char *s;
	cJSON *b;
	fixed_visit(&r);
	r.id_mode = ID_PATIENT;
	r.first_name = "Ana"; r.last_name = "Núñez"; r.birth_date = "1970-01-02";
	s = fhir_bundle(&r, NULL);
	spit("build/test-out/fhir/bundle-patient.json", s);
	b = parse(s);
	CHECK(count_type(b, "Patient") == 1);
	CHECK(strstr(s, "\"family\":\"Núñez\"") && strstr(s, "\"birthDate\":\"1970-01-02\""));
	cJSON_Delete(b);
	free(s);
	fixed_visit(&r);
	r.id_mode = ID_STAFF;
	r.staff_ref = "A-1001";
	s = fhir_bundle(&r, &opt);
	spit("build/test-out/fhir/bundle-staff.json", s);
	CHECK(strstr(s, "{\"system\":\"urn:oid:1.2.3.4\",\"value\":\"A-1001\"}") != NULL);
	free(s);
	for (peg = 0; peg < n_forms && !str_eq(forms[peg]->url, F("peg")); peg++)
		;
	s = fhir_questionnaire_response(&r, peg, NULL);
	spit("build/test-out/fhir/qr-peg.json", s);
	CHECK(s && strstr(s, "\"resourceType\":\"QuestionnaireResponse\"") && strstr(s, "peg-1"));
	free(s);
	CHECK(fhir_questionnaire_response(&r, 99, NULL) == NULL);
}

/* The outbox's transactions: small enough for real engines, every fullUrl
 * unique (bdl-7), no ids on creates, every resource of the visit once. The
 * files go to build/test-out/fhir/tx-*.json for tests/check_fhir_engine.sh,
 * which sends them to Medplum's engine. */
static void fhir_transactions_are_small_unique_and_cover_the_whole_visit(void)
{
	static const char *modes[] = {"code", "patient", "staff"};
	VisitRecord r;
	char **tx, *whole, path[128];
	int n, i, m, total, patients;
	for (m = 0; m < 3; m++) {
		cJSON *wb;
		fixed_visit(&r);
		if (m == 1) { r.id_mode = ID_PATIENT; r.first_name = "Ana"; r.last_name = "Núñez"; r.birth_date = "1970-01-02"; }
		if (m == 2) { r.id_mode = ID_STAFF; r.staff_ref = "A-1001"; }
		n = fhir_transactions(&r, NULL, &tx);
		whole = fhir_bundle(&r, NULL);
		wb = parse(whole);
		CHECK(n >= 2);
		total = patients = 0;
		for (i = 0; i < n; i++) {
			cJSON *b = parse(tx[i]), *e, *f;
			int k = 0;
			snprintf(path, sizeof path, "build/test-out/fhir/tx-%s-%d.json", modes[m], i + 1);
			spit(path, tx[i]);
			CHECK(str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(b, "type")), "transaction"));
			CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(b, "entry")) <= FHIR_MAX_ENTRIES);
			cJSON_ArrayForEach(e, cJSON_GetObjectItem(b, "entry")) {
				const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(e, "fullUrl"));
				int same = 0;
				k++;
				cJSON_ArrayForEach(f, cJSON_GetObjectItem(b, "entry"))
					same += str_eq(url, cJSON_GetStringValue(cJSON_GetObjectItem(f, "fullUrl")));
				CHECK(same == 1);                                  /* bdl-7 */
				CHECK(!cJSON_GetObjectItem(cJSON_GetObjectItem(e, "resource"), "id"));   /* creates carry no id */
				if (str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "resource"), "resourceType")), "Patient"))
					patients++;
			}
			total += k;
			cJSON_Delete(b);
		}
		/* the same resources as the whole-visit Bundle; a Patient in each
		 * transaction in patient mode (conditional: created once) */
		CHECK(total - patients == cJSON_GetArraySize(cJSON_GetObjectItem(wb, "entry")) - (m == 1));
		CHECK(patients == (m == 1 ? n : 0));
		fhir_free_all(tx, n);
		cJSON_Delete(wb);
		free(whole);
	}
	/* a lone form is one transaction; nothing at all is none */
	fixed_visit(&r);
	r.n_forms = 1; r.n_marks = 0; r.agreement = NULL;
	n = fhir_transactions(&r, NULL, &tx);
	CHECK(n == 1);
	fhir_free_all(tx, n);
	r.n_forms = 0; r.n_rules = 0;
	n = fhir_transactions(&r, NULL, &tx);
	CHECK(n == 0 && tx == NULL);
}

static int segment_fields(const char *seg)
{
	int n = 0;
	for (; *seg && *seg != '\r'; seg++) if (*seg == '|') n++;
	return n;
}

static void hl7_oru_segments_are_well_formed_and_escaped(void)
{
	VisitRecord r;
	char *m, *p;
	int obx = 0, ok = 1;
	fixed_visit(&r);
	r.id_mode = ID_STAFF;
	r.staff_ref = "R|1^2";
	m = hl7_oru(&r, NULL);
	p = "MSH|^~\\&|ACCORD|Lobby-1|||20261106091512+0000||ORU^R01^ORU_R01|6f1c2b9e3d4a4c5b8e7f|P|2.5.1|";
	CHECK(strncmp(m, p, strlen(p)) == 0);
	CHECK(m[strlen(m) - 1] == '\r' && !strchr(m, '\n'));
	for (p = m; *p; ) {
		char *end = strchr(p, '\r');
		if (!end) { ok = 0; break; }
		if (!(strncmp(p, "MSH|", 4) == 0 || strncmp(p, "PID|", 4) == 0 || strncmp(p, "PV1|", 4) == 0 ||
		      strncmp(p, "OBR|", 4) == 0 || strncmp(p, "OBX|", 4) == 0)) ok = 0;
		if (strncmp(p, "OBX|", 4) == 0) {
			obx++;
			if (segment_fields(p) != 14) { ok = 0; fprintf(stderr, "  OBX fields %d: %.*s\n", segment_fields(p), (int)(end - p), p); }
		}
		if (strncmp(p, "OBR|", 4) == 0 && segment_fields(p) != 25) ok = 0;
		p = end + 1;
	}
	CHECK(ok);
	CHECK(obx > 10);
	/* PID-3: the record number, then the visit uuid under this kiosk (a
	 * short code repeats across visits); the code for people in PV1-19 */
	CHECK(strstr(m, "\rPID|1||R\\F\\1\\S\\2^^^ACCORD^MR~6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f^^^ACCORD&urn:accord:kiosk:Lobby-1&URI^VN||"));
	CHECK(strstr(m, "\rPV1|1|O|||||||||||||||||472-913^^^ACCORD&urn:accord:kiosk:Lobby-1&URI^VN\r"));
	/* pain now once (its score row), the agreement parts to discuss and the typed question */
	CHECK(strstr(m, "72514-3") && !strstr(strstr(m, "72514-3") + 1, "72514-3"));
	CHECK(strstr(m, "|ST|agreement-discuss^Agreement part to discuss^L|refills|"));
	CHECK(strstr(m, "|ST|agreement-discuss^Agreement part to discuss^L|stopping|"));
	CHECK(!strstr(m, "agreement-discuss^Agreement part to discuss^L|listen|"));
	CHECK(strstr(m, "|TX|agreement-question^Question for the care team^L|refills|What if the pharmacy is out of stock?|"));
	CHECK(strstr(m, "|NM|91147-9^PEG 3 item pain scale mean score^LN||6.3|{score}|||||F|||"));
	CHECK(strstr(m, "|NM|55758-7^PHQ-2 total score^LN||4|{score}||POS|||F|||"));
	CHECK(strstr(m, "Gabapentin 300 mg -> 600 mg \\F\\ at night \\T\\ \"when needed\"\\.br\\from Dr. N"));
	CHECK(!strstr(m, "should not appear"));
	free(m);
}

/* One language per message: a Spanish visit's questions and answers are
 * all in Spanish, whatever the codes' own displays say. */
static void hl7_oru_speaks_the_visits_language_only(void)
{
	VisitRecord r;
	char *m;
	fixed_visit(&r);
	r.lang = "es";
	m = hl7_oru(&r, NULL);
	CHECK(strstr(m, "¿Qué número describe mejor su dolor, en promedio, durante la última semana?"));
	CHECK(!strstr(m, "What number best describes your pain"));
	CHECK(strstr(m, "constipation^Estreñimiento (le cuesta ir al baño)^"));
	CHECK(!strstr(m, "Constipation (hard"));
	free(m);
}

static void hl7_ack_parse_reads_accept_error_and_reject(void)
{
	char ctrl[32], text[64];
	const char *aa = "MSH|^~\\&|ENGINE|X|ACCORD|Lobby-1|20261105||ACK^R01|9|P|2.5.1\rMSA|AA|6f1c2b9e3d4a4c5b8e7f\r";
	const char *ae = "MSH|^~\\&|E||||||ACK|1|P|2.5.1\nMSA|AE|abc|bad OBX\n";
	const char *ar = "MSH|^~\\&|E||||||ACK|1|P|2.5.1\rMSA|AR|abc\rERR||||E||||no such patient\r";
	CHECK(hl7_ack_parse(aa, strlen(aa), ctrl, sizeof ctrl, text, sizeof text) == HL7_ACK_AA);
	CHECK(str_eq(ctrl, "6f1c2b9e3d4a4c5b8e7f"));
	CHECK(hl7_ack_parse(ae, strlen(ae), ctrl, sizeof ctrl, text, sizeof text) == HL7_ACK_AE);
	CHECK(str_eq(text, "bad OBX"));
	CHECK(hl7_ack_parse(ar, strlen(ar), NULL, 0, text, sizeof text) == HL7_ACK_AR);
	CHECK(str_eq(text, "no such patient"));
	CHECK(hl7_ack_parse("garbage", 7, NULL, 0, NULL, 0) == HL7_ACK_BAD);
}

/* A score answered in a translation the form marks as not validated (the
 * Spanish PEG) says so in the summary, the FHIR Observation and HL7 (NTE);
 * validated ones (PHQ-2, GAD-2) and English visits carry no such note. */
static void spanish_peg_score_says_its_translation_is_not_validated_everywhere(void)
{
	VisitRecord r;
	char *sum, *s, *m, *nte;
	cJSON *b, *o;
	fixed_visit(&r);
	r.lang = "es";
	sum = summary_build(&r, "en", NULL, NULL);
	s = fhir_bundle(&r, NULL);
	m = hl7_oru(&r, NULL);
	spit("build/test-out/fhir/bundle-es.json", s);
	spit(OUT "/summary-es.txt", sum);
	spit(OUT "/oru-es.hl7", m);
	for (char *w = sum; (w = strstr(w, "\n  ")) != NULL;)   /* undo the 40-column wrap */
		memmove(w, w + 2, strlen(w + 2) + 1), *w = ' ';
	CHECK(has(sum, "PEG 6.3 (6) [P7 E6 G6] (es translation not validated)\n"));
	CHECK(!strstr(strstr(sum, "not validated") + 1, "not validated"));   /* on the PEG line only */
	b = parse(s);
	o = find_obs(b, "91147-9");
	CHECK(o && has(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "note"), 0), "text")),
		       "(es) that is not a validated translation"));
	o = find_obs(b, "55758-7");
	CHECK(o && !cJSON_GetObjectItem(o, "note"));
	nte = strstr(m, "\rNTE|1|L|Answered in a translation (es) that is not a validated translation");
	CHECK(nte != NULL);
	CHECK(nte && strstr(m, "|NM|91147-9^") < nte && !strstr(nte + 2, "NTE|"));   /* after the PEG OBX, once */
	cJSON_Delete(b);
	free(sum); free(s); free(m);
	fixed_visit(&r);
	sum = summary_build(&r, "en", NULL, NULL);
	s = fhir_bundle(&r, NULL);
	m = hl7_oru(&r, NULL);
	CHECK(!strstr(sum, "not validated") && !strstr(s, "not a validated") && !strstr(m, "NTE|"));
	free(sum); free(s); free(m);
}

/* The body map's places go out coded (SNOMED CT body structures) in the
 * QuestionnaireResponse and HL7, and in words in the summary with the worst
 * one marked; every region of the map has a code and a place on the picture. */
static void body_map_places_are_coded_and_listed_in_words(void)
{
	VisitRecord r;
	char *sum, *s, *m;
	const Questionnaire *q = form(F("pain-map"));
	const QItem *sites = q ? qm_find(q, "pain-sites") : NULL, *worst = q ? qm_find(q, "pain-site-worst") : NULL;
	CHECK(sites && worst && sites->repeats && str_eq(sites->control, "body-map"));
	CHECK(worst && str_eq(worst->worst_of, "pain-sites") && !worst->repeats);
	for (int i = 0; sites && i < sites->n_options; i++) {
		const QOption *o = &sites->options[i];
		CHECK(str_eq(o->value.system, "http://snomed.info/sct") && o->value.s && strlen(o->value.s) >= 6);
		CHECK(o->n_areas >= 1);   /* on the picture: reachable by tap */
	}
	fixed_visit(&r);
	sum = summary_build(&r, "en", NULL, NULL);
	s = fhir_bundle(&r, NULL);
	m = hl7_oru(&r, NULL);
	CHECK(has(sum, "Pain sites: Low back, Left knee (worst)"));
	CHECK(has(s, "\"system\":\"http://snomed.info/sct\",\"code\":\"37822005\",\"display\":\"Low back\""));
	CHECK(has(s, "\"linkId\":\"pain-site-worst\""));
	CHECK(has(m, "|pain-map|37822005^Low back^SCT~82169009^Left knee^SCT|"));
	free(sum); free(s); free(m);
	/* the worst place is listed even when it is not among the places */
	pick(F("pain-map"), "pain-site-worst", "69536005", 0);
	sum = summary_build(&r, "en", NULL, NULL);
	CHECK(has(sum, "Pain sites: Low back, Left knee, Head (worst)"));
	free(sum);
}

/* The GAD-2 total goes out with the local code docs/questionnaires-builtin.md
 * names (there is no LOINC total), the same in FHIR and HL7. */
static void gad2_total_code_matches_the_docs(void)
{
	VisitRecord r;
	char *doc = slurp("docs/questionnaires-builtin.md"), *s, *m, want[96];
	cJSON *b, *o, *c;
	fixed_visit(&r);
	s = fhir_bundle(&r, NULL);
	m = hl7_oru(&r, NULL);
	b = parse(s);
	o = find_obs(b, "gad2-total");
	c = o ? cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "code"), "coding"), 0) : NULL;
	CHECK(c != NULL);
	if (c) {
		snprintf(want, sizeof want, "`%s#%s`", cJSON_GetStringValue(cJSON_GetObjectItem(c, "system")),
			 cJSON_GetStringValue(cJSON_GetObjectItem(c, "code")));
		CHECK(doc && strstr(doc, want));
		if (!doc || !strstr(doc, want)) fprintf(stderr, "  docs/questionnaires-builtin.md lacks %s\n", want);
	}
	CHECK(strstr(m, "|NM|gad2-total^GAD-2 total score^L||1|{score}||NEG|"));
	cJSON_Delete(b);
	free(doc); free(s); free(m);
}

/* docs/examples/ match what the code makes for the fixed visit. */
static void docs_examples_match_the_fixed_visit(void)
{
	VisitRecord r;
	FhirOptions pretty = {NULL, 1};
	char *bundle, *oru, *sum, *old, *p;
	int update = getenv("UPDATE_EXAMPLES") && *getenv("UPDATE_EXAMPLES") == '1';
	fixed_visit(&r);
	bundle = fhir_bundle(&r, &pretty);
	oru = hl7_oru(&r, NULL);
	for (p = oru; *p; p++) if (*p == '\r') *p = '\n';   /* the file shows one segment a line */
	sum = summary_build(&r, "en", NULL, NULL);
	if (update) {
		spit("docs/examples/visit-bundle.json", bundle);
		spit("docs/examples/visit-oru.hl7", oru);
		spit("docs/examples/visit-summary.txt", sum);
	}
	old = slurp("docs/examples/visit-bundle.json");
	CHECK(str_eq(old, bundle));
	free(old);
	old = slurp("docs/examples/visit-oru.hl7");
	CHECK(str_eq(old, oru));
	free(old);
	old = slurp("docs/examples/visit-summary.txt");
	CHECK(str_eq(old, sum));
	if (!str_eq(old, sum)) fprintf(stderr, "  docs/examples differ: run UPDATE_EXAMPLES=1 on purpose\n");
	free(old);
	free(bundle);
	free(oru);
	free(sum);
}

int main(void)
{
	char err[256];
	int i;
	setenv("TZ", "UTC", 1);
	tzset();
	mkdir("build", 0755); mkdir("build/test-out", 0755); mkdir(OUT, 0755); mkdir("build/test-out/fhir", 0755);
	if (load_forms() != 0) return 1;
	if (agreement_load("assets/agreement/en.json", &agreement, err, sizeof err) != 0) {
		fprintf(stderr, "agreement: %s\n", err);
		return 1;
	}
	load_rules();
	if (safety_load("assets/questionnaires/safety.json", &safety_rules, &n_safety, err, sizeof err) != 0) {
		fprintf(stderr, "safety: %s\n", err);
		return 1;
	}
	answers = answers_new();

	RUN(summary_shows_safety_first_then_scores_discussion_goals_and_answers);
	RUN(summary_keeps_utf8_and_writes_one_line_per_section);
	RUN(summary_sections_come_from_the_content_marks_of_any_form);
	RUN(summary_mark_must_be_a_known_section);
	RUN(summary_takes_words_from_the_catalog_with_english_fallback);
	RUN(summary_in_spanish_takes_every_heading_from_the_shipped_catalog);
	RUN(summary_shows_staff_ref_and_partial_scores);
	RUN(translit_marks_every_replaced_letter);
	RUN(qr_pages_are_full_split_at_words_and_rejoin_exactly);
	RUN(qr_pages_split_a_line_longer_than_a_page);
	RUN(qr_split_pages_always_encode_within_the_version);
	RUN(qr_pages_of_the_summary_decode_back_with_zbarimg_also_degraded);
	RUN(fhir_bundle_is_a_transaction_of_conditional_creates);
	RUN(fhir_bundle_carries_a_patient_or_the_staff_ref);
	RUN(fhir_transactions_are_small_unique_and_cover_the_whole_visit);
	RUN(hl7_oru_segments_are_well_formed_and_escaped);
	RUN(hl7_oru_speaks_the_visits_language_only);
	RUN(hl7_ack_parse_reads_accept_error_and_reject);
	RUN(spanish_peg_score_says_its_translation_is_not_validated_everywhere);
	RUN(gad2_total_code_matches_the_docs);
	RUN(body_map_places_are_coded_and_listed_in_words);
	RUN(docs_examples_match_the_fixed_visit);

	answers_free(answers);
	for (i = 0; i < n_forms; i++) questionnaire_free(forms[i]);
	free(forms);
	safety_free(safety_rules, n_safety);
	scoring_free(rules, n_rules);
	agreement_free(agreement);
	return 0;
}
