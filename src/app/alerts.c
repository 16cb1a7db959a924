/* app/alerts.c - see alerts.h. Export builds the messages (export/alert.c),
 * the store keeps them durably (store_alert_raise, store_visit_close_partial),
 * the sender delivers them; nothing here waits on the network. */
#include "app/alerts.h"
#include "export/fhir.h"
#include "export/hl7.h"
#include "core/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Records and queues the alert of rule for record r. */
static int raise(App *a, const VisitRecord *r, int rule, long long now)
{
	const char *kinds[2];
	char *payloads[2] = { NULL, NULL };
	FhirOptions fo = app_fhir_options(a);
	Hl7Options ho = app_hl7_options(a);
	int n = 0, rc;
	if (a->cfg.fhir_base_url[0] && (payloads[n] = fhir_alert_bundle(r, rule, now, &fo))) kinds[n++] = "fhir";
	if (a->cfg.hl7_host[0] && (payloads[n] = hl7_alert_oru(r, rule, now, &ho))) kinds[n++] = "hl7";
	rc = store_alert_raise(a->store, r->uuid, a->safety[rule].id, now, kinds, (const char *const *)payloads, n);
	if (rc != 0) {
		app_store_trouble(a, "queueing a safety alert");
	} else {
		/* its "safety-alert" audit row was written in the same transaction;
		 * never the rule: which answer was given is patient data */
		app_log("visit %s: urgent alert queued (%d message%s)", r->code, n, n == 1 ? "" : "s");
		if (a->sender) sender_kick(a->sender);
	}
	for (int i = 0; i < n; i++) free(payloads[i]);
	return rc;
}

void alerts_raise(App *a, const Visit *v, int rule)
{
	VisitRecord r;
	visit_record(v, &r, app_now_unix(a));
	raise(a, &r, rule, app_now_unix(a));
}

/* Closes record r as partial: summary kept, messages queued. */
static int close_partial(App *a, VisitRecord *r, long long now)
{
	VisitMessages m;
	int rc;
	r->partial = 1;
	r->closed = now;
	app_visit_messages(a, r, &m);
	rc = store_visit_close_partial(a->store, r->uuid, now, m.summary, m.kinds, (const char *const *)m.payloads, m.n);
	if (rc != 0) {
		app_store_trouble(a, "keeping a visit with a safety answer");
	} else {
		/* its "visit-partial-kept" audit row was written in the same transaction */
		app_log("visit %s closed as partial (safety answer; %d queued to send)", r->code, m.n);
		if (a->sender) sender_kick(a->sender);
	}
	app_visit_messages_free(&m);
	return rc;
}

int alerts_close_partial(App *a, const Visit *v)
{
	VisitRecord r;
	visit_record(v, &r, app_now_unix(a));
	return close_partial(a, &r, app_now_unix(a));
}

/* One unfinished visit at start-up: rebuilt from the store; alerted and
 * closed as partial when it holds a safety answer. Returns 1 if kept. */
static int recover(App *a, const char *uuid, long long now)
{
	char code[16], lang[16], **ids = NULL;
	unsigned char *raised = xcalloc((size_t)(a->n_safety ? a->n_safety : 1), 1);
	Answers *ans = answers_new();
	VisitRecord r;
	long long started = 0;
	int n_ids, any = 0;

	if (store_visit_info(a->store, uuid, code, lang, &started) != 0 || store_visit_answers(a->store, uuid, ans) < 0)
		goto done;
	n_ids = store_alert_rules(a->store, uuid, &ids);
	for (int k = 0; k < n_ids; k++) {
		for (int i = 0; i < a->n_safety; i++)
			if (str_eq(ids[k], a->safety[i].id)) raised[i] = 1;
		any = 1;   /* alerted before the crash: kept even if the rule is gone now */
		free(ids[k]);
	}
	free(ids);
	memset(&r, 0, sizeof r);
	r.uuid = uuid;
	r.code = code;
	r.kiosk = a->cfg.kiosk_name;
	r.lang = lang;
	r.started = started;
	r.id_mode = ID_CODE;   /* names are saved only at completion: a cut-off visit has none */
	r.forms = (const Questionnaire *const *)a->forms;
	r.n_forms = a->n_forms;
	r.rules = a->rules;
	r.n_rules = a->n_rules;
	r.answers = ans;
	r.safety = a->safety;
	r.n_safety = a->n_safety;
	r.raised = raised;
	/* a safety answer saved just before the crash, whose alert was not yet queued: alert now */
	for (int i = 0; i < a->n_safety; i++) {
		if (raised[i] || !safety_met(&a->safety[i], r.forms, r.n_forms, ans, NULL)) continue;
		if (raise(a, &r, i, now) == 0) raised[i] = 1;
		any = 1;
	}
	if (any) close_partial(a, &r, now);
done:
	answers_free(ans);
	free(raised);
	return any;
}

void alerts_recover(App *a)
{
	char **uuids = NULL;
	int n = store_unfinished(a->store, &uuids), kept = 0;
	long long now = app_now_unix(a);
	for (int i = 0; i < n; i++) {
		kept += recover(a, uuids[i], now);
		free(uuids[i]);
	}
	free(uuids);
	if (kept > 0) {
		app_log("kept %d unfinished visit(s) with a safety answer from the last run", kept);
		snprintf(a->notice + strlen(a->notice), sizeof a->notice - strlen(a->notice),
			 "%d visit(s) cut off by a restart had a safety answer: kept, alerted, listed first under Recent visits.\n",
			 kept);
	}
}

int alerts_waiting(App *a)
{
	int n = a->store && store_ok(a->store) ? store_alert_waiting(a->store) : 0;
	return n > 0 ? n : 0;
}
