/* tests/unit/safety_test.c - safety answers end to end below the UI: the
 * table loader and its checks against the shipped forms, the visit raising
 * an alert at the answer (once) and keeping the visit on Start over and the
 * idle wipe, the summary's safety line above the scores, the alert's FHIR
 * and HL7 messages, and the store keeping, ordering and acknowledging
 * alerted visits on a real SQLite file. Run from the repo root. Writes the
 * alert Bundle to build/test-out/fhir/ for tests/check_fhir_schema.sh. */
#include "test.h"
#include "content/check.h"
#include "content/questionnaire.h"
#include "content/safety.h"
#include "content/scoring.h"
#include "core/util.h"
#include "core/visit.h"
#include "export/alert.h"
#include "export/fhir.h"
#include "export/hl7.h"
#include "export/summary.h"
#include "store/outbox.h"
#include "store/retention.h"
#include "store/store.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static Questionnaire **forms;
static int n_forms;
static ScoreRule *rules;
static int n_rules;
static SafetyRule *safety;
static int n_safety;

static int rule_index(const char *id)
{
	for (int i = 0; i < n_safety; i++)
		if (!strcmp(safety[i].id, id)) return i;
	return -1;
}

static const Questionnaire *form(const char *key)
{
	for (int i = 0; i < n_forms; i++)
		if (!strcmp(qm_form_key(forms[i]), key)) return forms[i];
	return NULL;
}

static QValue coding(const char *system, const char *code)
{
	QValue v = { 0 };
	v.kind = QV_CODING;
	v.s = (char *)code;
	v.system = (char *)system;
	return v;
}

/* ---- the table ---- */

static void shipped_table_loads_and_names_breathing_sleepiness_and_overdose(void)
{
	char *rep = NULL;
	CHECK(n_safety == 3);
	CHECK(rule_index("slow-breathing") >= 0 && rule_index("sleepiness") >= 0 && rule_index("overdose") >= 0);
	CHECK(safety_check(safety, n_safety, (const Questionnaire *const *)forms, n_forms, &rep) == 0);
	CHECK(rep == NULL);
	CHECK(!strcmp(safety[rule_index("slow-breathing")].priority, "stat"));
	CHECK(!strcmp(safety[rule_index("overdose")].priority, "urgent"));
	free(rep);
}

static int load_err(const char *json, char *err, size_t n)
{
	SafetyRule *r = NULL;
	int k = 0, rc = safety_load_mem(json, strlen(json), "t.json", &r, &k, err, n);
	if (rc == 0) safety_free(r, k);
	return rc;
}

static void loader_refuses_bad_tables_with_the_json_path(void)
{
	char err[256];
	CHECK(load_err("{\"format\":\"accord-safety/1\",\"rules\":[]}", err, sizeof err) == 0);
	CHECK(load_err("{\"format\":\"accord-scoring/1\",\"rules\":[]}", err, sizeof err) < 0 && strstr(err, "format"));
	CHECK(load_err("{\"format\":\"accord-safety/1\",\"rules\":[{\"form\":\"f\",\"item\":\"i\",\"label\":\"l\",\"answerBoolean\":true}]}",
		       err, sizeof err) < 0 && strstr(err, "rules[0].id"));
	CHECK(load_err("{\"format\":\"accord-safety/1\",\"rules\":[{\"id\":\"a\",\"form\":\"f\",\"item\":\"i\",\"label\":\"l\"}]}",
		       err, sizeof err) < 0 && strstr(err, "exactly one of answerCoding"));
	CHECK(load_err("{\"format\":\"accord-safety/1\",\"rules\":[{\"id\":\"a\",\"form\":\"f\",\"item\":\"i\",\"label\":\"l\","
		       "\"answerCoding\":{\"system\":\"s\"}}]}", err, sizeof err) < 0 && strstr(err, "needs a code"));
	CHECK(load_err("{\"format\":\"accord-safety/1\",\"rules\":[{\"id\":\"a\",\"form\":\"f\",\"item\":\"i\",\"label\":\"l\","
		       "\"answerBoolean\":true,\"priority\":\"soon\"}]}", err, sizeof err) < 0 && strstr(err, "priority"));
	CHECK(load_err("{\"format\":\"accord-safety/1\",\"rules\":[{\"id\":\"a\",\"form\":\"f\",\"item\":\"i\",\"label\":\"l\","
		       "\"answerBoolean\":true},{\"id\":\"a\",\"form\":\"f\",\"item\":\"i\",\"label\":\"l\",\"answerBoolean\":true}]}",
		       err, sizeof err) < 0 && strstr(err, "used twice"));
	/* the id travels unescaped in identifiers and search queries */
	CHECK(load_err("{\"format\":\"accord-safety/1\",\"rules\":[{\"id\":\"slow breathing&x\",\"form\":\"f\",\"item\":\"i\",\"label\":\"l\","
		       "\"answerBoolean\":true}]}", err, sizeof err) < 0 && strstr(err, "rules[0].id: use only letters"));
	CHECK(load_err("{\"format\":", err, sizeof err) < 0 && strstr(err, "malformed JSON"));
}

static void check_names_an_unknown_linkid_code_or_form(void)
{
	const char *json =
		"{\"format\":\"accord-safety/1\",\"rules\":["
		"{\"id\":\"a\",\"form\":\"urn:accord:questionnaire:side-effects\",\"item\":\"se-whch\",\"label\":\"l\","
		" \"answerCoding\":{\"code\":\"slow-breathing\"}},"
		"{\"id\":\"b\",\"form\":\"urn:accord:questionnaire:side-effects\",\"item\":\"se-which\",\"label\":\"l\","
		" \"answerCoding\":{\"code\":\"slow-breath\"}},"
		"{\"id\":\"c\",\"form\":\"urn:accord:questionnaire:nope\",\"item\":\"x\",\"label\":\"l\",\"answerBoolean\":true},"
		"{\"id\":\"d\",\"form\":\"urn:accord:questionnaire:side-effects\",\"item\":\"se-which\",\"label\":\"l\","
		" \"answerBoolean\":true}]}";
	SafetyRule *r = NULL;
	char err[256], *rep = NULL;
	int k = 0;
	CHECK(safety_load_mem(json, strlen(json), "safety.json", &r, &k, err, sizeof err) == 0 && k == 4);
	CHECK(safety_check(r, k, (const Questionnaire *const *)forms, n_forms, &rep) == 4);
	CHECK(rep && strstr(rep, "rule \"a\": item \"se-whch\" is not in"));
	CHECK(rep && strstr(rep, "answer code \"slow-breath\" of item \"se-which\""));
	CHECK(rep && strstr(rep, "rule \"c\": form urn:accord:questionnaire:nope is not loaded"));
	CHECK(rep && strstr(rep, "answerBoolean needs a boolean item"));
	free(rep);
	safety_free(r, k);
}

static void accord_check_refuses_a_table_with_a_typo(void)
{
	const char *dir = "build/test-out/safety-check";
	char path[256], *out = NULL;
	size_t len = 0;
	FILE *f, *mem;
	const char *paths[1];
	int rc;
	mkdir("build/test-out", 0755);
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/side-effects.json", dir);
	{   /* the form beside the table, as a clinic's content directory would hold it */
		FILE *src = fopen("assets/questionnaires/side-effects.json", "rb"), *dst = fopen(path, "wb");
		char buf[4096];
		size_t n;
		while (src && dst && (n = fread(buf, 1, sizeof buf, src)) > 0) fwrite(buf, 1, n, dst);
		if (src) fclose(src);
		if (dst) fclose(dst);
	}
	snprintf(path, sizeof path, "%s/safety.json", dir);
	f = fopen(path, "w");
	fputs("{\"format\":\"accord-safety/1\",\"rules\":[{\"id\":\"x\",\"form\":\"urn:accord:questionnaire:side-effects\","
	      "\"item\":\"se-which\",\"label\":\"l\",\"answerCoding\":{\"code\":\"slowbreathing\"}}]}", f);
	fclose(f);
	paths[0] = path;
	mem = open_memstream(&out, &len);
	rc = content_check(paths, 1, mem);
	fclose(mem);
	CHECK(rc == 1);
	CHECK(out && strstr(out, "UNUSABLE") && strstr(out, "\"slowbreathing\""));
	free(out);
}

/* ---- the visit ---- */

typedef struct Log { int safety[8], n_safety, wipes, wiped_how; } Log;
static Log lg;
static void h_begin(void *c, Visit *v) { (void)c; visit_set_ids(v, "0b1e0e3a-4c1d-4f6e-9a2b-0c0ffee00001", "472-913"); }
static void h_wipe(void *c, const Visit *v, int how) { (void)v; ((Log *)c)->wipes++; ((Log *)c)->wiped_how = how; }
static void h_safety(void *c, const Visit *v, int rule)
{
	Log *l = c;
	(void)v;
	if (l->n_safety < 8) l->safety[l->n_safety++] = rule;
}

static Visit *make(void)
{
	VisitContent c = { (const Questionnaire *const *)forms, n_forms, rules, n_rules, NULL, 0, "en", NULL, safety, n_safety };
	VisitConfig cfg = { 90000, 30000, 120000, AG_OFF, ID_CODE, "lobby-1", PLAN_FIRST, NULL };
	VisitHooks h = { &lg, h_begin, NULL, NULL, NULL, h_wipe, h_safety };
	memset(&lg, 0, sizeof lg);
	return visit_new(&c, &cfg, h);
}

/* Starts a visit and moves to item link_id. */
static void go_to(Visit *v, const char *link_id)
{
	if (visit_screen(v) == VS_ATTRACT) {
		visit_input(v, 0);
		visit_start(v);
		visit_choose_language(v, "en");
		visit_next(v);
	}
	for (int i = 0; i < 200; i++) {
		const QItem *it = visit_item(v, NULL);
		if (it && !strcmp(it->link_id, link_id)) return;
		visit_next(v);
	}
}

static void breathing_answer_raises_its_alert_at_once_and_only_once(void)
{
	Visit *v = make();
	QValue nausea = coding("urn:accord:code:side-effect", "nausea");
	QValue both[2] = { coding("urn:accord:code:side-effect", "slow-breathing"), nausea };
	int br = rule_index("slow-breathing");
	go_to(v, "se-which");
	CHECK(visit_screen(v) == VS_QUESTION);
	visit_answer(v, &nausea, 1);
	CHECK(lg.n_safety == 0 && !visit_safety_any(v));
	visit_answer(v, both, 2);
	CHECK(lg.n_safety == 1 && lg.safety[0] == br);        /* at the answer, long before Done */
	CHECK(visit_safety_raised(v, br) && visit_safety_any(v));
	visit_answer(v, &nausea, 1);                            /* changed away: the alert stands */
	visit_answer(v, both, 2);                               /* and is not sent twice */
	CHECK(lg.n_safety == 1 && visit_safety_raised(v, br));
	visit_free(v);
}

static void start_over_with_a_safety_answer_keeps_the_visit_as_partial(void)
{
	Visit *v = make();
	QValue b = { 0 };
	go_to(v, "os-overdose");
	b.kind = QV_BOOL;
	b.b = 1;
	visit_answer(v, &b, 1);
	CHECK(lg.n_safety == 1 && lg.safety[0] == rule_index("overdose"));
	visit_start_over(v);
	CHECK(visit_screen(v) == VS_ATTRACT && lg.wipes == 1 && lg.wiped_how == VISIT_PARTIAL);
	CHECK(!visit_safety_any(v) && answers_count(visit_answers(v)) == 0);   /* the next patient starts clean */
	/* a visit without one is discarded as before */
	go_to(v, "os-overdose");
	b.b = 0;
	visit_answer(v, &b, 1);
	visit_start_over(v);
	CHECK(lg.wipes == 2 && lg.wiped_how == VISIT_DISCARD && lg.n_safety == 1);
	visit_free(v);
}

static void idle_wipe_with_a_safety_answer_keeps_the_visit_as_partial(void)
{
	Visit *v = make();
	QValue s = coding("urn:accord:code:side-effect", "sleepiness");
	go_to(v, "se-which");
	visit_answer(v, &s, 1);
	CHECK(lg.n_safety == 1 && lg.safety[0] == rule_index("sleepiness"));
	CHECK(visit_tick(v, 120000) == VT_WIPE);
	CHECK(lg.wiped_how == VISIT_PARTIAL && visit_screen(v) == VS_ATTRACT);
	visit_free(v);
}

/* ---- export ---- */

static void record_with_breathing(Answers *a, VisitRecord *r, unsigned char *raised)
{
	QValue br = coding("urn:accord:code:side-effect", "slow-breathing");
	const Questionnaire *peg = form("urn:accord:questionnaire:peg");
	for (int i = 0; i < 3; i++) {   /* PEG 7, 5, 6 */
		static const char *ids[] = { "peg-1", "peg-2", "peg-3" };
		const QItem *it = qm_find(peg, ids[i]);
		int want[] = { 7, 5, 6 };
		for (int k = 0; it && k < it->n_options; k++)
			if ((int)it->options[k].ordinal == want[i]) answers_set(a, qm_form_key(peg), ids[i], &it->options[k].value, 1);
	}
	answers_set(a, "urn:accord:questionnaire:side-effects", "se-which", &br, 1);
	memset(r, 0, sizeof *r);
	r->uuid = "0b1e0e3a-4c1d-4f6e-9a2b-0c0ffee00001";
	r->code = "472-913";
	r->kiosk = "lobby-1";
	r->lang = "en";
	r->started = 1767268800;
	r->forms = (const Questionnaire *const *)forms;
	r->n_forms = n_forms;
	r->rules = rules;
	r->n_rules = n_rules;
	r->answers = a;
	r->safety = safety;
	r->n_safety = n_safety;
	r->raised = raised;
}

/* s with its wrapped lines joined again ("\n  " -> " "), in place. */
static char *unwrap(char *s)
{
	char *w = s;
	for (char *p = s; *p; p++) {
		if (p[0] == '\n' && p[1] == ' ' && p[2] == ' ') { *w++ = ' '; p += 2; continue; }
		*w++ = *p;
	}
	*w = 0;
	return s;
}

static void summary_puts_the_safety_line_first_above_the_scores(void)
{
	Answers *a = answers_new();
	unsigned char raised[8] = { 0 };
	VisitRecord r;
	char *s, *saf, *peg;
	record_with_breathing(a, &r, raised);
	raised[rule_index("slow-breathing")] = 1;
	raised[rule_index("sleepiness")] = 1;          /* chosen, then changed away */
	r.partial = 1;
	s = unwrap(summary_build(&r, "en", NULL, NULL));
	saf = strstr(s, "\n!! SAFETY: Slow or troubled breathing\n");
	peg = strstr(s, "PEG 6.0");
	CHECK(saf && peg && saf < peg);
	CHECK(strstr(s, "\n!! SAFETY: Very sleepy (sedation) (changed later; alert sent)\n"));
	CHECK(strstr(s, "\nPARTIAL: left before finishing\n") && strstr(s, "PARTIAL") < saf);
	CHECK(!strstr(s, "Overdose"));
	free(s);
	answers_free(a);
}

static void alert_bundle_is_a_stat_communication_about_a_snapshot_response(void)
{
	Answers *a = answers_new();
	VisitRecord r;
	char *s, qrid[200], snap[240];
	cJSON *b, *e, *comm = NULL, *qr = NULL;
	const char *qr_url = NULL;
	int br = rule_index("slow-breathing");
	record_with_breathing(a, &r, NULL);
	s = fhir_alert_bundle(&r, br, 1767269000, NULL);
	CHECK(s != NULL);
	b = s ? cJSON_Parse(s) : NULL;
	CHECK(b && !strcmp(cJSON_GetObjectItem(b, "type")->valuestring, "transaction"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(b, "entry")) {
		cJSON *res = cJSON_GetObjectItem(e, "resource");
		const char *t = cJSON_GetObjectItem(res, "resourceType")->valuestring;
		CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "request"), "ifNoneExist") != NULL);
		if (!strcmp(t, "Communication")) comm = res;
		if (!strcmp(t, "QuestionnaireResponse")) { qr = res; qr_url = cJSON_GetObjectItem(e, "fullUrl")->valuestring; }
	}
	CHECK(comm && qr);
	if (comm && qr) {
		cJSON *cat = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(comm, "category"), 0), "coding"), 0);
		CHECK(!strcmp(cJSON_GetObjectItem(comm, "priority")->valuestring, "stat"));
		CHECK(!strcmp(cJSON_GetObjectItem(cat, "code")->valuestring, "alert"));
		CHECK(!strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(comm, "about"), 0), "reference")->valuestring, qr_url));
		CHECK(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(comm, "payload"), 0), "contentString")->valuestring,
			     "Slow or troubled breathing"));
		CHECK(!strcmp(cJSON_GetObjectItem(qr, "status")->valuestring, "in-progress"));
		/* the snapshot never stands in for the visit's own response */
		for (int f = 0; f < n_forms; f++)
			if (!strcmp(qm_form_key(forms[f]), "urn:accord:questionnaire:side-effects")) fhir_qr_identifier(&r, f, qrid, sizeof qrid);
		snprintf(snap, sizeof snap, "%s.alert-slow-breathing", qrid);
		CHECK(!strcmp(cJSON_GetObjectItem(cJSON_GetObjectItem(qr, "identifier"), "value")->valuestring, snap));
	}
	/* for tests/check_fhir_engine.sh: the alert in every identify mode, posted
	 * twice to the real engine (validated there, each resource once) */
	mkdir("build/test-out", 0755);
	mkdir("build/test-out/fhir", 0755);
	for (int m = 0; m < 3; m++) {
		static const char *const names[] = { "code", "staff", "patient" };
		VisitRecord rm = r;
		char path[96], *tx;
		FILE *f;
		rm.id_mode = m == 0 ? ID_CODE : m == 1 ? ID_STAFF : ID_PATIENT;
		if (m == 1) rm.staff_ref = "MRN-1234";
		if (m == 2) { rm.first_name = "Ana"; rm.last_name = "Reyes"; rm.birth_date = "1961-04-02"; }
		tx = fhir_alert_bundle(&rm, br, 1767269000, NULL);
		CHECK(tx && (m < 2 || strstr(tx, "\"resourceType\":\"Patient\"")));
		snprintf(path, sizeof path, "build/test-out/fhir/tx-alert-%s.json", names[m]);
		if (tx && (f = fopen(path, "w"))) { fputs(tx, f); fclose(f); }
		free(tx);
	}
	/* the same alert again is the same message (retries never duplicate) */
	{
		char *again = fhir_alert_bundle(&r, br, 1767269000, NULL);
		CHECK(again && !strcmp(again, s));
		free(again);
	}
	cJSON_Delete(b);
	free(s);
	answers_free(a);
}

static void alert_oru_flags_the_answer_critically_abnormal_with_its_own_control_id(void)
{
	Answers *a = answers_new();
	VisitRecord r;
	char *m, *oru, ctrl[21], visit_ctrl[21];
	record_with_breathing(a, &r, NULL);
	m = hl7_alert_oru(&r, rule_index("slow-breathing"), 1767269000, NULL);
	CHECK(m && !strncmp(m, "MSH|^~\\&|ACCORD|lobby-1|", 24));
	alert_control_id(&r, rule_index("slow-breathing"), ctrl);
	hl7_control_id(&r, visit_ctrl);
	CHECK(strcmp(ctrl, visit_ctrl) != 0 && m && strstr(m, ctrl));
	/* the visit's identity as in its own ORU: the uuid in PID-3, the short code in PV1-19 */
	CHECK(m && strstr(m, "\rPID|1||0b1e0e3a-4c1d-4f6e-9a2b-0c0ffee00001^^^ACCORD&urn:accord:kiosk:lobby-1&URI^VN"));
	CHECK(m && strstr(m, "|472-913^^^ACCORD&urn:accord:kiosk:lobby-1&URI^VN\r"));
	CHECK(m && strstr(m, "\rOBX|1|CWE|se-which^"));
	CHECK(m && strstr(m, "|slow-breathing^Trouble breathing or very slow breathing^L|||AA|||F|"));
	CHECK(m && strstr(m, "\rTQ1|1||||||||S^Stat^HL70485\r"));
	CHECK(m && strstr(m, "\rNTE|1|L|Safety answer at kiosk lobby-1, visit 472-913"));
	/* an urgent rule is flagged A, not AA */
	{
		char *u = hl7_alert_oru(&r, rule_index("overdose"), 1767269000, NULL);
		CHECK(u && strstr(u, "|Y^Yes^HL70136|||A|||F|") && strstr(u, "A^ASAP^HL70485"));
		free(u);
	}
	/* and the visit's own ORU flags the same answer */
	oru = hl7_oru(&r, NULL);
	CHECK(oru && strstr(oru, "slow-breathing^Trouble breathing or very slow breathing^L|||AA|||F|"));
	CHECK(oru && !strstr(oru, "nausea^Nausea (feeling sick to your stomach)^L|||AA"));
	free(oru);
	free(m);
	answers_free(a);
}

/* ---- store ---- */

#define DB "build/test-out/safety-test.db"

static void store_keeps_alerted_visits_first_and_sends_alerts_first(void)
{
	Store *s;
	const char *kinds[1] = { "fhir" }, *pay[1] = { "visit-a" }, *alert[1] = { "alert-b" };
	RecentVisit rv[4];
	OutboxRow row;
	char **ids = NULL;
	int n;
	mkdir("build/test-out", 0755);
	unlink(DB); unlink(DB "-wal"); unlink(DB "-shm");
	s = store_open(DB);
	CHECK(store_ok(s) && store_user_version(s) == STORE_SCHEMA_VERSION);
	store_visit_begin(s, "ua", "111-111", "en", 100);
	store_visit_begin(s, "ub", "222-222", "en", 200);
	store_visit_begin(s, "uc", "333-333", "en", 300);
	CHECK(store_visit_complete(s, "ua", 150, "summary a", kinds, pay, 1) == 0);
	/* b: a safety answer (urgent message queued at once), then walked away */
	CHECK(store_alert_raise(s, "ub", "slow-breathing", 210, kinds, alert, 1) == 0);
	CHECK(store_alert_raise(s, "ub", "slow-breathing", 211, NULL, NULL, 0) == 0);   /* once a rule */
	CHECK(store_alert_rules(s, "ub", &ids) == 1 && !strcmp(ids[0], "slow-breathing"));
	free(ids[0]); free(ids);
	CHECK(outbox_next(s, "fhir", 1LL << 50, &row, NULL) == 0 && !strcmp(row.payload, "alert-b"));   /* before visit a */
	/* a refused alert is set aside for staff and the rest goes on; sent again, it is first again */
	CHECK(outbox_mark_rejected(s, row.id, 220, "refused") == 0);
	outbox_row_free(&row);
	CHECK(outbox_next(s, "fhir", 1LL << 50, &row, NULL) == 0 && !strcmp(row.payload, "visit-a"));
	outbox_row_free(&row);
	CHECK(outbox_retry_rejected(s) == 1);
	CHECK(outbox_next(s, "fhir", 1LL << 50, &row, NULL) == 0 && !strcmp(row.payload, "alert-b"));
	outbox_row_free(&row);
	CHECK(store_alert_waiting(s) == 1);
	/* a restart finds b and c unfinished: only c (no alert) is deleted */
	CHECK(store_close_unfinished(s) == 1);
	CHECK(store_visit_info(s, "ub", (char[16]){0}, (char[16]){0}, &(long long){0}) == 0);
	CHECK(store_visit_info(s, "uc", (char[16]){0}, (char[16]){0}, &(long long){0}) == STORE_NOTFOUND);
	CHECK(store_visit_close_partial(s, "ub", 260, "summary b", NULL, NULL, 0) == 0);
	store_visit_begin(s, "ud", "444-444", "en", 400);
	CHECK(store_visit_complete(s, "ud", 450, "summary d", NULL, NULL, 0) == 0);
	n = store_recent_visits(s, rv, 4);
	CHECK(n == 3 && !strcmp(rv[0].code, "222-222") && rv[0].safety && rv[0].partial && !rv[0].acked);
	CHECK(n == 3 && !strcmp(rv[1].code, "444-444") && !rv[1].safety);
	/* staff acknowledge: the sign goes, the visit drops back into time order */
	CHECK(store_alert_ack(s, "222-222", 500) == 0);
	CHECK(store_alert_ack(s, "444-444", 500) == STORE_NOTFOUND);
	CHECK(store_alert_waiting(s) == 0);
	n = store_recent_visits(s, rv, 4);
	CHECK(n == 3 && !strcmp(rv[0].code, "444-444") && !strcmp(rv[1].code, "222-222") && rv[1].acked);
	/* the retention purge, years later with the shortest limits: the others
	 * go, the kept visit stays while its alert is unsent (store's retention) */
	CHECK(retention_purge(s, 1000LL * 86400, 1, 1, NULL) == 0);
	CHECK(store_visit_info(s, "ub", (char[16]){0}, (char[16]){0}, &(long long){0}) == 0);
	CHECK(store_visit_info(s, "ua", (char[16]){0}, (char[16]){0}, &(long long){0}) == STORE_NOTFOUND);
	store_close(s);
}

static void stored_answers_come_back_as_they_were_given(void)
{
	Store *s = store_open(DB);
	QValue two[2] = { coding("urn:accord:code:side-effect", "slow-breathing"), coding("urn:accord:code:side-effect", "nausea") };
	QValue b = { 0 };
	Answers *a = answers_new();
	const QValue *v;
	int n;
	b.kind = QV_BOOL;
	b.b = 1;
	store_visit_begin(s, "ue", "555-555", "es", 600);
	store_answer_put(s, "ue", "urn:accord:questionnaire:side-effects", "se-which", two, 2);
	store_answer_put(s, "ue", "urn:accord:questionnaire:opioid-safety", "os-overdose", &b, 1);
	CHECK(store_visit_answers(s, "ue", a) == 2);
	v = answers_get(a, "urn:accord:questionnaire:side-effects", "se-which", &n);
	CHECK(n == 2 && !strcmp(v[0].s, "slow-breathing") && !strcmp(v[1].system, "urn:accord:code:side-effect"));
	v = answers_get(a, "urn:accord:questionnaire:opioid-safety", "os-overdose", &n);
	CHECK(n == 1 && v[0].kind == QV_BOOL && v[0].b == 1);
	CHECK(safety_met(&safety[rule_index("overdose")], (const Questionnaire *const *)forms, n_forms, a, NULL));
	answers_free(a);
	store_close(s);
}

int main(void)
{
	char *rep = NULL, err[512];
	content_load_forms("assets/questionnaires", &forms, &n_forms, &rep);
	free(rep);
	if (scoring_load("assets/questionnaires/scoring.json", &rules, &n_rules, err, sizeof err) != 0 ||
	    safety_load("assets/questionnaires/safety.json", &safety, &n_safety, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	RUN(shipped_table_loads_and_names_breathing_sleepiness_and_overdose);
	RUN(loader_refuses_bad_tables_with_the_json_path);
	RUN(check_names_an_unknown_linkid_code_or_form);
	RUN(accord_check_refuses_a_table_with_a_typo);
	RUN(breathing_answer_raises_its_alert_at_once_and_only_once);
	RUN(start_over_with_a_safety_answer_keeps_the_visit_as_partial);
	RUN(idle_wipe_with_a_safety_answer_keeps_the_visit_as_partial);
	RUN(summary_puts_the_safety_line_first_above_the_scores);
	RUN(alert_bundle_is_a_stat_communication_about_a_snapshot_response);
	RUN(alert_oru_flags_the_answer_critically_abnormal_with_its_own_control_id);
	RUN(store_keeps_alerted_visits_first_and_sends_alerts_first);
	RUN(stored_answers_come_back_as_they_were_given);
	for (int i = 0; i < n_forms; i++) questionnaire_free(forms[i]);
	free(forms);
	scoring_free(rules, n_rules);
	safety_free(safety, n_safety);
	return 0;
}
