/* app/app.c - start-up (config, content, database), the visit hooks that
 * autosave every answer and queue a completed visit for sending in one
 * transaction, and the UI host callbacks (strings, summary, staff mode). */
#include "app/app.h"
#include "app/alerts.h"
#include "app/janitor.h"
#include "app/pin.h"
#include "content/agreement.h"
#include "content/check.h"
#include "content/lastgood.h"
#include "app/pull.h"
#include "app/fleetlink.h"
#include "app/display.h"
#include "content/questionnaire.h"
#include "content/safety.h"
#include "content/scoring.h"
#include "export/fhir.h"
#include "export/hl7.h"
#include "export/summary.h"
#include "export/translit.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "store/retention.h"
#include "core/util.h"
#include <sodium.h>
#include <systemd/sd-daemon.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>

void app_log(const char *fmt, ...)
{
	va_list ap;
	fputs("accord: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The staff notice: one behaviour everywhere. Each call adds one message
 * (a line, or lines) at the end; a message already there is not repeated,
 * so a problem that recurs (a disk that stays full) does not push out the
 * others. Never patient data. */
static void notice(App *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void notice(App *a, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	size_t n = strlen(a->notice), m;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (strstr(a->notice, msg)) return;
	m = strlen(msg);
	if (n + m + 2 > sizeof a->notice) return;   /* full: the earlier messages stay readable */
	memcpy(a->notice + n, msg, m);
	a->notice[n + m] = '\n';
	a->notice[n + m + 1] = 0;
}

/* Takes back the notice line that starts with prefix (a problem that is over). */
static void notice_drop(App *a, const char *prefix)
{
	char *p = strstr(a->notice, prefix), *end;
	if (!p || (p != a->notice && p[-1] != '\n')) return;
	end = strchr(p, '\n');
	end = end ? end + 1 : p + strlen(p);
	memmove(p, end, strlen(end) + 1);
}

/* Wall-clock seconds; with --fixed-clock (headless tests and golden
 * screenshots) a fixed epoch plus the virtual clock, so output repeats. */
long long app_now_unix(const App *a)
{
	if (a->fixed_clock) return 1767268800LL + a->vclock / 1000;   /* 2026-01-01 12:00 UTC */
	return (long long)time(NULL);
}

#define STORE_RETRY_S 15                                   /* a database that cannot be opened is tried again */
#define DB_DOWN "The database cannot be opened"            /* the staff notice while it cannot */

/* ---- visit hooks: everything the patient does is saved at once ---- */

/* A random visit uuid and a short code of digits only ("472-913": easy to
 * say at the front desk in any language, typed on the staff keypad);
 * deterministic (seeded by the visit count) with --fixed-clock. */
static void new_ids(App *a, char uuid[64], char code[16])
{
	unsigned char b[24];
	static const char digits[] = "0123456789";
	if (a->fixed_clock) {   /* tests: splitmix64 from the visit count, repeatable */
		unsigned long long x = 0x9E3779B97F4A7C15ULL * (unsigned long long)++a->visits_seeded;
		for (size_t i = 0; i < sizeof b; i++) {
			unsigned long long z = (x += 0x9E3779B97F4A7C15ULL);
			z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
			z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
			b[i] = (unsigned char)(z ^ (z >> 31));
		}
	} else {
		randombytes_buf(b, sizeof b);
	}
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(uuid, 64, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	for (int i = 0; i < 7; i++) code[i] = i == 3 ? '-' : digits[b[16 + i] % (sizeof digits - 1)];
	code[7] = 0;
}

FhirOptions app_fhir_options(const App *a)
{
	FhirOptions o = { a->cfg.fhir_record_system[0] ? a->cfg.fhir_record_system : NULL, 0 };
	return o;
}

Hl7Options app_hl7_options(const App *a)
{
	Hl7Options o;
	memset(&o, 0, sizeof o);
	o.sending_app = a->cfg.hl7_sending_app;
	o.sending_facility = a->cfg.hl7_sending_facility[0] ? a->cfg.hl7_sending_facility : NULL;
	o.receiving_app = a->cfg.hl7_receiving_app;
	o.receiving_facility = a->cfg.hl7_receiving_facility;
	o.record_authority = a->cfg.hl7_id_authority;
	o.record_type = a->cfg.hl7_id_type;
	return o;
}

void app_store_trouble(App *a, const char *what)
{
	app_log("database: %s: %s", what, store_errmsg(a->store));
	notice(a, "Database problem while %s: %s. Answers may not be saved; check the disk in staff mode.",
	       what, store_errmsg(a->store));
}

/* Appends to the audit log; a failure is told to staff, never ignored. */
static void audit(App *a, const char *action, const char *code)
{
	if (audit_add(a->store, app_now_unix(a), action, code) != 0) app_store_trouble(a, "writing the audit log");
}

static void on_begin(void *ctx, Visit *v)
{
	App *a = ctx;
	char uuid[64], code[16];
	/* The short code is unique on this kiosk within retention: a new one is
	 * drawn while a stored visit has it (bounded; the uuid is always unique). */
	for (int tries = 0; new_ids(a, uuid, code), tries < 50 && store_code_taken(a->store, code) == 1; tries++)
		;
	visit_set_ids(v, uuid, code);
	if (store_visit_begin(a->store, uuid, code, visit_lang(v), app_now_unix(a)) != 0) app_store_trouble(a, "starting a visit");
}

static void on_answer(void *ctx, const Visit *v, const char *form, const char *link_id, const QValue *vals, int n)
{
	App *a = ctx;
	if (store_answer_put(a->store, visit_uuid(v), form, link_id, vals, n) != 0) app_store_trouble(a, "saving an answer");
}

static void on_mark(void *ctx, const Visit *v, int clause)
{
	App *a = ctx;
	const AgClause *cl = agreement_clause(visit_agreement(v), clause, NULL);
	if (cl && store_mark_put(a->store, visit_uuid(v), cl->id, visit_clause_mark(v, clause) == 1,
				 visit_clause_question(v, clause), visit_clause_seconds(v, clause)) != 0)
		app_store_trouble(a, "saving an agreement mark");
}

const char *app_summary_label(void *ctx, const char *key)
{
	App *a = ctx;
	return strings_has(a->strings, a->cfg.clinic_language, key) ? strings_get(a->strings, a->cfg.clinic_language, key) : NULL;
}

void app_visit_record(const App *a, const Visit *v, VisitRecord *r)
{
	visit_record(v, r, app_now_unix(a));
	if (r->completed && a->handoff_completed) {
		r->started = a->handoff_started;
		r->completed = a->handoff_completed;
	}
}

/* The summary in the configured character set: UTF-8, or ASCII with every
 * replaced letter marked for old keyboard-wedge scanners. Caller frees. */
static char *build_summary(App *a, const VisitRecord *r)
{
	char *s = summary_build(r, a->cfg.clinic_language, app_summary_label, a), *t;
	if (!str_eq(a->cfg.qr_charset, "ascii-marked")) return s;
	t = translit_marked(s);
	free(s);
	return t;
}

void app_visit_messages(App *a, const VisitRecord *r, VisitMessages *m)
{
	char **txs = NULL;
	int n_tx = 0;
	memset(m, 0, sizeof *m);
	m->summary = build_summary(a, r);
	if (a->cfg.fhir_base_url[0]) {
		FhirOptions fo = app_fhir_options(a);
		n_tx = fhir_transactions(r, &fo, &txs);
	}
	m->kinds = xcalloc((size_t)n_tx + 1, sizeof *m->kinds);
	m->payloads = xcalloc((size_t)n_tx + 1, sizeof *m->payloads);
	for (int i = 0; i < n_tx; i++) {
		m->kinds[m->n] = "fhir";
		m->payloads[m->n++] = txs[i];
	}
	free(txs);   /* the texts now belong to m */
	if (a->cfg.hl7_host[0]) {
		Hl7Options ho = app_hl7_options(a);
		m->kinds[m->n] = "hl7";
		m->payloads[m->n++] = hl7_oru(r, &ho);
	}
}

void app_visit_messages_free(VisitMessages *m)
{
	free(m->summary);
	for (int i = 0; i < m->n; i++) free(m->payloads[i]);
	free(m->kinds);
	free(m->payloads);
	memset(m, 0, sizeof *m);
}

/* "Done": the completion time is taken once, and the QR text, the stored
 * summary and the outbox messages are all built from that one snapshot. */
static void on_complete(void *ctx, const Visit *v)
{
	App *a = ctx;
	VisitRecord r;
	VisitMessages m;
	free(a->handoff_qr);
	a->handoff_qr = NULL;
	a->handoff_completed = 0;
	visit_record(v, &r, app_now_unix(a));
	a->handoff_started = r.started;
	a->handoff_completed = r.completed;
	app_visit_messages(a, &r, &m);
	if (str_eq(a->cfg.qr_payload, "fhir") && a->n_forms)
		a->handoff_qr = a->n_forms == 1 ? fhir_questionnaire_response(&r, 0, NULL) : fhir_bundle(&r, NULL);
	else
		a->handoff_qr = xstrdup(m.summary);
	if ((r.first_name || r.last_name || r.birth_date || r.staff_ref) &&
	    store_identity_put(a->store, r.uuid, r.first_name, r.last_name, r.birth_date, r.staff_ref) != 0)
		app_store_trouble(a, "saving identifiers");
	/* One outbox row per FHIR transaction (one per form) and one ORU. */
	if (store_visit_complete(a->store, r.uuid, r.completed, m.summary, m.kinds, (const char *const *)m.payloads, m.n) != 0) {
		/* nothing was written: the QR on screen is now the only copy; say so to staff */
		app_log("visit %s could not be saved: %s; its QR code on screen is the only copy", r.code, store_errmsg(a->store));
		notice(a, "Visit %s could not be saved (%s). Scan its QR code before the screen clears, then free disk space.",
		       r.code, store_errmsg(a->store));
	} else {   /* its "visit-complete" audit row was written in the same transaction */
		app_log("visit %s complete (%d queued to send)", r.code, m.n);   /* the code is not patient data */
		if (a->sender) sender_kick(a->sender);
	}
	app_visit_messages_free(&m);
}

static void on_wipe(void *ctx, const Visit *v, int completed)
{
	App *a = ctx;
	if (a->ui) ui_reset(a->ui);
	if (a->speech) speech_stop(a->speech);   /* nothing of this visit is heard after it */
	free(a->handoff_qr);
	a->handoff_qr = NULL;
	a->handoff_started = a->handoff_completed = 0;
	if (completed == VISIT_PARTIAL) {
		alerts_close_partial(a, v);   /* a safety answer: kept, summarised and sent */
	} else if (!completed && visit_uuid(v)[0]) {
		/* an unfinished visit leaves nothing behind, in any file */
		if (store_visit_delete(a->store, visit_uuid(v)) != 0) app_store_trouble(a, "clearing an unfinished visit");
	} else if (completed && visit_uuid(v)[0]) {
		/* its code and QR were shown: with nothing to send, that was the hand-off */
		if (store_visit_finished(a->store, visit_uuid(v), app_now_unix(a)) != 0) app_store_trouble(a, "finishing a visit");
	}
}

static void on_safety(void *ctx, const Visit *v, int rule)
{
	alerts_raise(ctx, v, rule);
}

/* ---- UI host ---- */

static const char *host_str(void *ctx, const char *lang, const char *key)
{
	App *a = ctx;
	return strings_get(a->strings, lang, key);
}

/* What the handoff QR carries: the snapshot made at "Done" (the summary,
 * or with qr_payload = fhir the FHIR JSON: the QuestionnaireResponse when
 * the visit has one form, else the Bundle); before Done, the summary so far
 * (tests look at it). */
static char *host_summary(void *ctx, const Visit *v)
{
	App *a = ctx;
	VisitRecord r;
	if (a->handoff_qr && visit_screen(v) == VS_HANDOFF) return xstrdup(a->handoff_qr);
	app_visit_record(a, v, &r);
	return build_summary(a, &r);
}

static void host_speak(void *ctx, const char *lang, const char *text)
{
	App *a = ctx;
	if (!a->speech) return;
	if (!text || !*text) speech_stop(a->speech);
	else speech_say(a->speech, lang, text);
}

static const char *host_notice(void *ctx)
{
	App *a = ctx;
	return a->notice[0] ? a->notice : a->outbox_notice[0] ? a->outbox_notice : NULL;
}

/* pin: start a check (Argon2id on the PIN worker); NULL: poll it.
 * The lockout is kept in the database (a restart does not clear it) and in
 * memory (it still holds while the database is unavailable). */
static int host_staff_pin(void *ctx, const char *pin, int *wait_s)
{
	App *a = ctx;
	long long now = app_now_unix(a);
	int rc, db_wait = 0, locked;
	*wait_s = 0;
	if (!a->cfg.staff_pin_hash[0]) return 0;
	if (pin) {
		locked = store_ok(a->store) && pin_locked(a->store, now, &db_wait) != 0;
		if (locked || now < a->pin_locked_until) {
			*wait_s = locked ? db_wait : (int)(a->pin_locked_until - now);
			return -1;
		}
		rc = pin_start(a->pin, a->cfg.staff_pin_hash, pin);
	} else {
		rc = pin_poll(a->pin);
	}
	if (rc == PIN_BUSY) return 2;
	if (rc == PIN_OK) {
		a->pin_fails = 0;
		if (store_ok(a->store) && pin_record(a->store, now, 1) < 0) app_store_trouble(a, "saving the PIN lockout");
		audit(a, "staff-login", NULL);
		return 1;
	}
	audit(a, "staff-pin-wrong", NULL);
	locked = ++a->pin_fails >= PIN_MAX_FAILS;
	if (store_ok(a->store)) {
		int r = pin_record(a->store, now, 0);
		if (r < 0) app_store_trouble(a, "saving the PIN lockout");
		locked = r == 1 || (r < 0 && locked);
	}
	if (!locked) return 0;
	a->pin_fails = 0;
	a->pin_locked_until = now + PIN_LOCK_SECONDS;
	audit(a, "staff-locked", NULL);
	*wait_s = PIN_LOCK_SECONDS;
	return -1;
}

static char *host_staff_status(void *ctx)
{
	App *a = ctx;
	Buf b = { 0 };
	struct stat st;
	char t[32];
	time_t now = (time_t)app_now_unix(a);
	struct tm tm;
	strftime(t, sizeof t, "%Y-%m-%d %H:%M", localtime_r(&now, &tm));
	buf_addf(&b, "Accord %s  \xC2\xB7  kiosk %s  \xC2\xB7  %s\n", ACCORD_VERSION, a->cfg.kiosk_name, t);
	buf_addf(&b, "Forms: %d  \xC2\xB7  languages: %d  \xC2\xB7  agreement: %s", a->n_forms, a->n_langs, a->cfg.agreement);
	if (a->n_agreements) buf_addf(&b, " (%s %s)", a->agreements[0]->id, a->agreements[0]->version);
	buf_add(&b, "\nContent:");
	for (int i = 0; i < a->n_forms; i++) {
		const char *k = qm_form_key(a->forms[i]), *c = strrchr(k, ':');
		buf_addf(&b, " %s %s", c ? c + 1 : k, a->forms[i]->version ? a->forms[i]->version : "");
	}
	buf_addc(&b, '\n');
	{   /* addresses, so IT can find the kiosk (it listens on none) */
		struct ifaddrs *ifs = NULL;
		buf_add(&b, "Address:");
		if (getifaddrs(&ifs) == 0) {
			for (struct ifaddrs *i = ifs; i; i = i->ifa_next) {
				char host[64];
				if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !strcmp(i->ifa_name, "lo")) continue;
				if (getnameinfo(i->ifa_addr, sizeof(struct sockaddr_in), host, sizeof host, NULL, 0, NI_NUMERICHOST) == 0)
					buf_addf(&b, " %s %s", i->ifa_name, host);
			}
			freeifaddrs(ifs);
		}
		buf_addc(&b, '\n');
	}
	if (stat(a->db_path, &st) == 0) buf_addf(&b, "Database: %lld KB\n", (long long)st.st_size / 1024);
	buf_addf(&b, "Network: %s%s%s\n", a->cfg.fhir_base_url[0] ? a->cfg.fhir_base_url : "FHIR off",
		 a->cfg.hl7_host[0] ? ", HL7 to " : "", a->cfg.hl7_host);
	OutboxStats os;
	if (outbox_stats(a->store, &os) == 0) {
		buf_addf(&b, "Outbox: %d waiting, %d retrying, %d sent, %d refused\n", os.pending, os.failed, os.sent, os.rejected);
		if (os.last_error[0]) buf_addf(&b, "Last problem: %s\n", os.last_error);
		if (os.rejected)
			buf_addf(&b, "Refused by the %s: %s. Later visits still go. After IT fixes it: \"Send refused again\".\n",
				 str_eq(os.rejected_kind, "hl7") ? "HL7 engine" : "FHIR server", os.rejected_reason);
	}
	if (a->conn_test_msg[0]) buf_addf(&b, "%s\n", a->conn_test_msg);
	struct statvfs fs;
	if (statvfs(a->cfg.data_dir, &fs) == 0)
		buf_addf(&b, "Free disk: %llu MB\n", (unsigned long long)fs.f_bavail * fs.f_frsize / (1024 * 1024));
	fleetlink_status(a->fleet, a, &b);
	if (a->config_errors[0]) buf_addf(&b, "Config problems:\n%s", a->config_errors);
	if (alerts_waiting(a) > 0)
		buf_addf(&b, "SAFETY ALERT waiting: %d visit(s), listed first under Recent visits.\n", alerts_waiting(a));
	return buf_take(&b);
}

static char *host_staff_action(void *ctx, const char *action)
{
	App *a = ctx;
	/* one audit entry per action: "ref:<number>" never logs the number, "done:<code>" logs the code */
	if (!strncmp(action, "ref:", 4)) audit(a, "staff-set-ref", NULL);
	else if (!strncmp(action, "done:", 5)) audit(a, "staff-mark-done", action + 5);
	else if (!strncmp(action, "ack:", 4)) audit(a, "staff-ack-alert", action + 4);
	else audit(a, action, NULL);
	if (!strncmp(action, "ref:", 4)) {
		visit_set_staff_ref(a->visit, action + 4);
		return xstrdup("Saved for the next patient.");
	}
	if (!strncmp(action, "plan:", 5)) {   /* the next patient's visit plan */
		static const char *const names[PLAN_COUNT] = { "first", "follow-up", "quick" };
		int plan = PLAN_ASK;
		for (int i = 0; i < PLAN_COUNT; i++) if (!strcmp(action + 5, names[i])) plan = i;
		visit_set_next_plan(a->visit, plan);
		return xstrdup(plan == PLAN_ASK ? "The next patient will be asked." : "Saved for the next patient.");
	}
	if (!strcmp(action, "visits")) {
		RecentVisit rv[8];
		int n = store_recent_visits(a->store, rv, 8);
		Buf b = { 0 };
		buf_add(&b, n > 0 ? "Recent visits (code, time, state):\n" : "No completed visits are stored.\n");
		for (int i = 0; i < n; i++) {
			char t[32];
			time_t when = (time_t)rv[i].completed;
			struct tm tm;
			strftime(t, sizeof t, "%H:%M", localtime_r(&when, &tm));
			/* safety alerts not yet acknowledged are listed first (store_recent_visits) */
			buf_addf(&b, "%s  %s  %s%s%s\n", rv[i].code, t,
				 rv[i].safety ? (rv[i].acked ? "safety alert (acknowledged), " : "SAFETY ALERT, ") : "",
				 rv[i].partial ? "left before finishing, " : "",
				 rv[i].unsent ? "waiting to send" : !rv[i].queued ? "QR only" : rv[i].handed_off ? "handed off" : "QR only");
		}
		buf_add(&b, "Enter a code to show its QR again.");
		return buf_take(&b);
	}
	if (!strncmp(action, "done:", 5)) {
		int rc = store_visit_mark_done(a->store, action + 5, app_now_unix(a));
		return xstrdup(rc == 0 ? "Marked as handed off." : "No visit with that code.");
	}
	if (!strncmp(action, "ack:", 4)) {
		int rc = store_alert_ack(a->store, action + 4, app_now_unix(a));
		if (a->ui) ui_invalidate(a->ui);   /* the attract sign goes when none is left */
		return xstrdup(rc == 0 ? "Safety alert acknowledged." : "No unacknowledged safety alert for that code.");
	}
	if (!strcmp(action, "test")) {
		char msg[8];
		if (!a->cfg.fhir_base_url[0] && !a->cfg.hl7_host[0]) return xstrdup("No network target is configured: results go by QR code only.");
		/* On a worker: it can wait ~40 s, longer than the watchdog allows the UI loop. */
		if (a->conn_test && sender_test_result(a->conn_test, msg, sizeof msg) == 1)
			return xstrdup("A connection test is already running. Its result will appear on the staff menu.");
		sender_test_free(a->conn_test);
		a->conn_test = sender_test_start(&a->sender_cfg);
		snprintf(a->conn_test_msg, sizeof a->conn_test_msg, "Connection test: running...");
		return xstrdup("Testing the connection (up to about a minute). The result will appear on the staff menu.");
	}
	if (!strcmp(action, "retry-rejected")) {
		int n = outbox_retry_rejected(a->store);
		Buf b = { 0 };
		if (n < 0) return xstrdup("The database could not be changed; try again.");
		if (a->sender) sender_kick(a->sender);
		buf_addf(&b, n ? "%d refused message%s will be sent again now." : "No refused messages to send again.", n, n == 1 ? "" : "s");
		return buf_take(&b);
	}
	if (!strcmp(action, "restart")) {
		/* systemd (Restart=always) starts a fresh app */
		ui_quit(a->ui);
		return xstrdup("Restarting...");
	}
	if (!strcmp(action, "shutdown")) {
		if (a->headless) return xstrdup("Shutdown is not available in a headless run.");   /* tests, monkey */
		pid_t pid = fork();
		int status = -1;
		if (pid == 0) {
			execlp("systemctl", "systemctl", "poweroff", "--no-wall", (char *)NULL);
			_exit(127);
		}
		if (pid > 0) waitpid(pid, &status, 0);
		return xstrdup(status == 0 ? "Shutting down. Wait for the screen to go dark before unplugging."
					   : "Shutdown was refused: ask clinic IT (the kiosk image allows it).");
	}
	return NULL;
}

/* Staff re-shows a stored visit's QR. */
static char *host_staff_visit_summary(void *ctx, const char *code)
{
	App *a = ctx;
	char *s = store_visit_summary(a->store, code);
	audit(a, s ? "staff-qr-shown" : "staff-qr-unknown-code", code);
	return s;
}

/* Opens the database, sets aside only a file that fails its integrity
 * check, closes visits a crash cut off, and starts what needs the file. */
static void open_store(App *a)
{
	StoreOpts o = { 0, 1, 1, a->cfg.db_key_file };
	store_close(a->store);
	a->store = store_open_opts(a->db_path, &o);
	if (store_notice(a->store)) { app_log("%s", store_notice(a->store)); notice(a, "%s", store_notice(a->store)); }
	if (!store_ok(a->store)) {
		app_log("database %s: %s (the file is left as it is; trying again every %d s)", a->db_path,
			store_errmsg(a->store), STORE_RETRY_S);
		notice(a, DB_DOWN " (%s). Visits cannot be saved until it can; the kiosk keeps trying.", store_errmsg(a->store));
		return;
	}
	alerts_recover(a);   /* a visit cut off with a safety answer: alerted, kept as partial */
	int n = store_close_unfinished(a->store);   /* any other visit cut off by a crash or power cut: closed unseen */
	if (n > 0) app_log("closed %d unfinished visit(s) left by the last run", n);
	if (n < 0) app_store_trouble(a, "closing visits left unfinished");
}

/* Results of workers (the connection test) for the UI; scripts call it between steps. */
void app_poll_workers(App *a)
{
	char msg[512];
	int rc;
	if (a->conn_test && (rc = sender_test_result(a->conn_test, msg, sizeof msg)) != 1) {
		char t[16];
		time_t now = (time_t)app_now_unix(a);
		struct tm tm;
		strftime(t, sizeof t, "%H:%M", localtime_r(&now, &tm));
		snprintf(a->conn_test_msg, sizeof a->conn_test_msg, "Connection test (%s): %s%s", t, rc == 0 ? "OK. " : "", msg);
		sender_test_free(a->conn_test);
		a->conn_test = NULL;
		if (a->ui) ui_invalidate(a->ui);
	}
}

/* Background duties between events: nothing here waits on the disk for
 * long: the purge runs on the janitor, a database open is retried. */
static void duties(App *a, long long now_ms)
{
	JanitorReport jr;
	app_poll_workers(a);
	if (!store_ok(a->store) && now_ms >= a->next_db_retry) {
		a->next_db_retry = now_ms + STORE_RETRY_S * 1000LL;
		open_store(a);
		if (store_ok(a->store)) {
			app_log("database: open again");
			notice_drop(a, DB_DOWN);
			if (!a->sender && (a->cfg.fhir_base_url[0] || a->cfg.hl7_host[0]) &&
			    !(a->sender = sender_start(&a->sender_cfg, a->db_path)))
				notice(a, "The network sender could not start; results go by QR code only.");
		}
	}
	if (a->janitor && janitor_report(a->janitor, &jr)) {
		RetentionResult *rr = &jr.deleted;
		if (rr->handed_off + rr->unsent + rr->abandoned > 0)
			app_log("retention: deleted %d handed-off, %d unsent, %d unfinished visits", rr->handed_off, rr->unsent, rr->abandoned);
		if (jr.failed) {
			app_log("retention: %s", jr.err);
			snprintf(a->outbox_notice, sizeof a->outbox_notice,
				 "The retention purge failed (%s); it is tried again within the hour.", jr.err);
		} else if (jr.expiring > 0) {
			snprintf(a->outbox_notice, sizeof a->outbox_notice,
				 "Some visits could not be sent and will be deleted within a day. Check the network and show their QR codes.");
		} else {
			a->outbox_notice[0] = 0;
		}
	}
	if (now_ms < a->next_purge) return;
	a->next_purge = now_ms + 3600 * 1000LL;
	if (a->janitor) janitor_kick(a->janitor, app_now_unix(a));
}

static void on_tick(void *ctx, long long now)
{
	App *a = ctx;

	if (!a->ready_sent) {
		sd_notify(0, "READY=1");
		if (!a->headless) app_log("ready");   /* headless runs keep stderr for problems only */
		a->ready_sent = 1;
		/* read-aloud starts after the first frame (it is not needed to show
		 * the attract screen); espeak sets LC_CTYPE to C.UTF-8 as it starts,
		 * the value main() gave the process before any thread */
		if (!a->headless) {
			char serr[256];
			if (!(a->speech = speech_new(a->cfg.speech_rate, a->cfg.volume, serr, sizeof serr)))
				app_log("read-aloud is off: %s", serr);
		}
	}
	if (a->watchdog_ms && (now - a->last_ping >= a->watchdog_ms / 2 || now < a->last_ping)) {
		sd_notify(0, "WATCHDOG=1");
		a->last_ping = now;
	}
	duties(a, now);
	speech_idle(a->speech);   /* closes the audio device once speaking is over */
	int between = visit_screen(a->visit) == VS_ATTRACT && !ui_staff_active(a->ui);
	/* night: the screen goes dark between visits (a touch wakes it) */
	ui_set_dark(a->ui, display_dark(a->display, app_now_unix(a), now, between, ui_take_woken(a->ui)));
	/* a new content set goes live between visits only: start again on it */
	if (!a->restart && fleetlink_apply_due(a->fleet, between)) {
		app_log("content: a new set goes live now, between visits; starting again");
		a->restart = 1;
		ui_quit(a->ui);
	}
}

static int host_alerts_waiting(void *ctx)
{
	return alerts_waiting(ctx);
}

static long long host_next_due(void *ctx)
{
	App *a = ctx;
	return a->next_purge;   /* the hourly retention duty */
}

UiHost app_ui_host(App *a)
{
	UiHost h = { 0 };
	h.ctx = a;
	h.str = host_str;
	h.summary = host_summary;
	h.notice = host_notice;
	h.staff_pin = host_staff_pin;
	h.staff_status = host_staff_status;
	h.staff_action = host_staff_action;
	h.tick = on_tick;
	h.next_due = host_next_due;
	h.speak = host_speak;
	h.staff_visit_summary = host_staff_visit_summary;
	h.alerts_waiting = host_alerts_waiting;
	return h;
}

/* ---- start-up ---- */

static void split_langs(App *a)
{
	char buf[64], *save = NULL, *tok;
	snprintf(buf, sizeof buf, "%s", a->cfg.languages);
	for (tok = strtok_r(buf, ", ", &save); tok && a->n_langs < APP_MAX_LANGS; tok = strtok_r(NULL, ", ", &save))
		a->langs[a->n_langs++] = xstrdup(tok);
	if (!a->n_langs) a->langs[a->n_langs++] = xstrdup("en");
}

/* 1 if id is one of the comma-separated names in list. */
static int in_list(const char *list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == ',') p++;
		size_t k = strcspn(p, ",");
		while (k && p[k - 1] == ' ') k--;
		if (k == n && strncmp(p, id, n) == 0) return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* Clinic setting items_off: those items are hidden (never asked, never
 * exported), and with them everything that depends on them. */
static int hide_items(QItem *items, int n, const char *list)
{
	int hidden = 0;
	for (int i = 0; i < n; i++) {
		if (in_list(list, items[i].link_id)) { items[i].hidden = 1; hidden++; }
		hidden += hide_items(items[i].children, items[i].n_children, list);
	}
	return hidden;
}

/* The directory of one kind of content ("strings", "questionnaires",
 * "agreement"): the content set's when it has one, else the built-in assets. */
static void kind_dir(const App *a, const char *set, const char *kind, char *out, size_t n)
{
	struct stat st;
	snprintf(out, n, "%s/%s", set ? set : "", kind);
	if (!set || stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) snprintf(out, n, "%s/%s", a->cfg.assets_dir, kind);
}

/* Loads strings, forms, scores and agreement packs from the content set
 * (set: a directory, or NULL for the built-in assets). Returns how many
 * parts were refused (a content set is used only when that is 0). */
static int load_content(App *a, const char *set)
{
	char dir[700], kdir[600], err[1024], *report = NULL;
	Questionnaire **all = NULL;
	int n = 0, refused = 0;
	kind_dir(a, set, "strings", dir, sizeof dir);
	a->strings = strings_load(dir, (const char *const *)a->langs, a->n_langs, err, sizeof err);
	if (!a->strings) {
		app_log("strings: %s", err);
		notice(a, "UI strings could not be loaded: %s", err);
		refused++;
	}
	kind_dir(a, set, "questionnaires", kdir, sizeof kdir);
	if (content_load_forms(kdir, &all, &n, &report) != 0 || report) {
		if (report) { app_log("questionnaires: %s", report); notice(a, "Some forms were refused:\n%s", report); }
		refused++;
	}
	free(report);
	report = NULL;
	a->forms = xcalloc((size_t)(n ? n : 1), sizeof *a->forms);
	for (int i = 0; i < n; i++) {
		const char *base = all[i]->source ? strrchr(all[i]->source, '/') : NULL;
		base = base ? base + 1 : all[i]->source;
		if (base && in_list(a->cfg.forms_off, base)) { questionnaire_free(all[i]); continue; }
		hide_items(all[i]->items, all[i]->n_items, a->cfg.items_off);
		a->forms[a->n_forms++] = all[i];
	}
	free(all);
	snprintf(dir, sizeof dir, "%s/scoring.json", kdir);
	if (scoring_load(dir, &a->rules, &a->n_rules, err, sizeof err) != 0) {
		a->rules = NULL;
		a->n_rules = 0;
		notice(a, "Scoring table refused: %s", err);
		refused++;
	} else if (scoring_check(a->rules, a->n_rules, (const Questionnaire *const *)a->forms, a->n_forms, &report) != 0) {
		/* a rule whose form is turned off is expected; others are reported */
		if (report) app_log("scoring: %s", report);
	}
	free(report);
	report = NULL;
	snprintf(dir, sizeof dir, "%s/safety.json", kdir);
	if (safety_load(dir, &a->safety, &a->n_safety, err, sizeof err) != 0) {
		/* without the table no answer alerts anyone: this content is refused, staff told */
		a->safety = NULL;
		a->n_safety = 0;
		app_log("safety: %s", err);
		notice(a, "Safety table refused, safety answers would not alert staff: %s", err);
		refused++;
	} else if (safety_check(a->safety, a->n_safety, (const Questionnaire *const *)a->forms, a->n_forms, &report) != 0) {
		if (report) app_log("safety: %s", report);   /* a rule whose form is turned off is expected */
	}
	free(report);
	kind_dir(a, set, "agreement", kdir, sizeof kdir);
	for (int i = 0; i < a->n_langs; i++) {
		Agreement *ag = NULL;
		snprintf(dir, sizeof dir, "%s/%s.json", kdir, a->langs[i]);
		if (agreement_load(dir, &ag, err, sizeof err) != 0 ||
		    (a->n_agreements && agreement_check_pair(a->agreements[0], ag, err, sizeof err) != 0)) {
			app_log("agreement: %s", err);
			notice(a, "Agreement pack refused: %s", err);
			agreement_free(ag);
			refused++;
			continue;
		}
		a->agreements[a->n_agreements++] = ag;
	}
	for (int i = 0; !str_eq(a->cfg.agreement, "off") && i < a->n_langs; i++) {
		int have = 0;
		for (int k = 0; k < a->n_agreements; k++) have |= str_eq(a->agreements[k]->lang, a->langs[i]);
		if (have) continue;
		app_log("agreement: no pack for %s; patients who choose it are asked to see the front desk", a->langs[i]);
		notice(a, "No agreement pack for language \"%s\": patients who choose it see \"please ask the front desk\" instead.",
		       a->langs[i]);
	}
	return refused;
}

static void free_content(App *a)
{
	for (int i = 0; i < a->n_forms; i++) questionnaire_free(a->forms[i]);
	free(a->forms);
	free(a->form_plans);
	if (a->rules) scoring_free(a->rules, a->n_rules);
	if (a->safety) safety_free(a->safety, a->n_safety);
	for (int i = 0; i < a->n_agreements; i++) agreement_free(a->agreements[i]);
	for (int i = 0; i < a->n_langs; i++) free(a->langs[i]);
	strings_free(a->strings);
	a->forms = NULL; a->n_forms = 0; a->rules = NULL; a->n_rules = 0; a->safety = NULL; a->n_safety = 0;
	a->n_agreements = 0; a->n_langs = 0; a->strings = NULL;
}

/* Config in layers: defaults, the first file (/etc/accord/accord.conf),
 * the content set's settings (set_dir, non-secret keys only), the boot
 * partition's file, --config; then the command line's directories. */
static void load_config(App *a, const char *const *config_paths, int n_paths, const char *data_dir,
			const char *assets_dir, const char *set_dir)
{
	a->config_errors[0] = 0;
	config_defaults(&a->cfg);
	for (int i = 0; i < n_paths; i++) {
		if (i == 1 && set_dir) pull_apply_settings(&a->cfg, set_dir, a->config_errors, sizeof a->config_errors);
		if (!config_paths[i]) continue;
		int optional = i < n_paths - 1;    /* only --config must exist */
		config_load(&a->cfg, config_paths[i], optional, a->config_errors, sizeof a->config_errors);
		if (i == 0 && a->cfg.boot_config[0] && n_paths > 1 && !config_paths[1]) {
			if (set_dir) pull_apply_settings(&a->cfg, set_dir, a->config_errors, sizeof a->config_errors);
			config_load(&a->cfg, a->cfg.boot_config, 1, a->config_errors, sizeof a->config_errors);
		}
	}
	if (data_dir) snprintf(a->cfg.data_dir, sizeof a->cfg.data_dir, "%s", data_dir);
	if (assets_dir) snprintf(a->cfg.assets_dir, sizeof a->cfg.assets_dir, "%s", assets_dir);
	config_resolve_stored(&a->cfg, a->config_errors, sizeof a->config_errors);   /* secrets moved off the card */
}

/* The design's "last good" promise: try the content set fetched last (next),
 * then the live one (current), then the one before (previous), then the
 * built-in assets; a set is used only when every part of it loads. A set
 * that fails is refused for good and staff are told. */
static void choose_content(App *a, const char *const *config_paths, int n_paths, const char *data_dir,
			   const char *assets_dir)
{
	char root[600];
	LgSet c[LG_N];
	int n;
	pull_root(&a->cfg, root, sizeof root);
	n = lastgood_candidates(root, c);
	for (int i = 0; i < n; i++) {
		size_t mark = strlen(a->notice);
		load_config(a, config_paths, n_paths, data_dir, assets_dir, c[i].dir);
		split_langs(a);
		if (load_content(a, c[i].dir) == 0) {
			snprintf(a->content_version, sizeof a->content_version, "%s", c[i].version);
			if (lastgood_accept(root, c[i].version) != 0) app_log("content: cannot record %s as live", c[i].version);
			app_log("content %s is live", c[i].version);
			return;
		}
		free_content(a);
		lastgood_refuse(root, c[i].version, a->notice + mark);
		a->notice[mark] = 0;
		app_log("content %s was refused; trying the last good content", c[i].version);
		notice(a, "Content set %s was refused (details in its REFUSED.txt and the journal); the last good content is served.",
		       c[i].version);
	}
	if (n) load_config(a, config_paths, n_paths, data_dir, assets_dir, NULL);
	split_langs(a);
	load_content(a, NULL);
	snprintf(a->content_version, sizeof a->content_version, "built-in");
}

static AgreementMode agreement_mode(const Config *c)
{
	return str_eq(c->agreement, "off") ? AG_OFF : str_eq(c->agreement, "required") ? AG_REQUIRED : AG_OPTIONAL;
}

/* Everything but the display: the database, the retention purge, the visit
 * and the network threads. Runs after the content is chosen. */
static void start_services(App *a)
{
	mkdir(a->cfg.data_dir, 0700);
	snprintf(a->db_path, sizeof a->db_path, "%s/accord.db", a->cfg.data_dir);
	open_store(a);
	a->pin = pin_new();
	if (!(a->janitor = janitor_start(a->db_path, a->cfg.db_key_file, a->cfg.retention_days, a->cfg.unsent_max_days)))
		notice(a, "The retention purge could not start; visits are kept until it can.");

	/* which plan asks which form: first asks all; follow-up and quick their lists */
	a->form_plans = xcalloc((size_t)(a->n_forms ? a->n_forms : 1), sizeof *a->form_plans);
	for (int i = 0; i < a->n_forms; i++) {
		const char *base = a->forms[i]->source ? strrchr(a->forms[i]->source, '/') : NULL;
		base = base ? base + 1 : a->forms[i]->source ? a->forms[i]->source : "";
		a->form_plans[i] = 1u << PLAN_FIRST;
		if (in_list(a->cfg.plan_follow_up_forms, base)) a->form_plans[i] |= 1u << PLAN_FOLLOWUP;
		if (in_list(a->cfg.plan_quick_forms, base)) a->form_plans[i] |= 1u << PLAN_QUICK;
		if (!in_list(a->cfg.plan_first_skip_forms, base)) a->form_plans[i] |= 1u << PLAN_NEW;
	}
	VisitContent c = { (const Questionnaire *const *)a->forms, a->n_forms, a->rules, a->n_rules,
			   (const Agreement *const *)a->agreements, a->n_agreements, a->cfg.clinic_language, a->form_plans,
			   a->safety, a->n_safety };
	VisitConfig vc = { (long long)a->cfg.idle_warn_seconds * 1000, (long long)a->cfg.idle_wipe_seconds * 1000,
			   (long long)a->cfg.handoff_seconds * 1000,
			   agreement_mode(&a->cfg),
			   str_eq(a->cfg.identify, "patient") ? ID_PATIENT : str_eq(a->cfg.identify, "staff") ? ID_STAFF : ID_CODE,
			   a->cfg.kiosk_name,
			   str_eq(a->cfg.visit_plan, "ask") ? PLAN_ASK : str_eq(a->cfg.visit_plan, "follow-up") ? PLAN_FOLLOWUP
			   : str_eq(a->cfg.visit_plan, "quick") ? PLAN_QUICK : PLAN_FIRST,
			   a->cfg.agreement_reviewed };
	VisitHooks hooks = { a, on_begin, on_answer, on_mark, on_complete, on_wipe, on_safety };
	a->visit = visit_new(&c, &vc, hooks);

	if (a->cfg.fhir_base_url[0] || a->cfg.hl7_host[0]) {
		SenderConfig *sc = &a->sender_cfg;
		sc->fhir_base_url = a->cfg.fhir_base_url;
		sc->fhir_ca_file = a->cfg.fhir_ca_file[0] ? a->cfg.fhir_ca_file : NULL;
		sc->fhir_bearer_token = a->cfg.fhir_bearer_token[0] ? a->cfg.fhir_bearer_token : NULL;
		sc->fhir_client_cert = a->cfg.fhir_client_cert[0] ? a->cfg.fhir_client_cert : NULL;
		sc->fhir_client_key = a->cfg.fhir_client_key[0] ? a->cfg.fhir_client_key : NULL;
		sc->allow_insecure = str_eq(a->cfg.allow_insecure, "yes");
		sc->hl7_host = a->cfg.hl7_host;
		sc->hl7_port = a->cfg.hl7_port;
		sc->db_key_file = a->cfg.db_key_file;
		sc->hl7_tls = str_eq(a->cfg.hl7_tls, "yes");
		sc->hl7_ca_file = a->cfg.hl7_ca_file[0] ? a->cfg.hl7_ca_file : NULL;
		sc->hl7_client_cert = a->cfg.hl7_client_cert[0] ? a->cfg.hl7_client_cert : NULL;
		sc->hl7_client_key = a->cfg.hl7_client_key[0] ? a->cfg.hl7_client_key : NULL;
		/* Cleartext is refused unless IT said so; either way staff see it in red. */
		if (!strncasecmp(a->cfg.fhir_base_url, "http://", 7))
			notice(a, sc->allow_insecure ? "INSECURE: fhir_base_url is http:// (allow_insecure = yes): patient data and the token travel unencrypted."
					     : "fhir_base_url is http://, so nothing is sent: use https:// (or allow_insecure = yes on a test network).");
		if (a->cfg.hl7_host[0] && !sc->hl7_tls)
			app_log("HL7 over plain MLLP (hl7_tls = no): use it only on a trusted network");
		if (store_ok(a->store) && !(a->sender = sender_start(sc, a->db_path)))
			notice(a, "The network sender could not start; results go by QR code only.");
	}

	a->fleet = fleetlink_start(a);
}

/* What the screens need to know of the settings. */
static UiConfig ui_config(const App *a)
{
	UiConfig uc = { 0 };
	uc.w = a->w; uc.h = a->h; uc.headless = a->headless; uc.fullscreen = a->fullscreen;
	uc.rotation = a->cfg.rotation;
	uc.clinic_name = a->cfg.clinic_name;
	uc.text_size = str_eq(a->cfg.text_size, "xl") ? 2 : str_eq(a->cfg.text_size, "large") ? 1 : 0;
	uc.high_contrast = str_eq(a->cfg.theme, "high-contrast");
	uc.qr_max_version = a->cfg.qr_max_version;
	uc.qr_fhir = str_eq(a->cfg.qr_payload, "fhir");
	uc.qr_show_ms = (long long)a->cfg.qr_show_seconds * 1000;
	uc.agreement_optional = agreement_mode(&a->cfg) == AG_OPTIONAL;
	uc.wake_ms = a->watchdog_ms ? a->watchdog_ms / 2 : 0;
	if ((a->cfg.content_source[0] || display_scheduled(a->display)) && (!uc.wake_ms || uc.wake_ms > 10000))
		uc.wake_ms = 10000;   /* look at least this often whether a new content set may go live */
	uc.langs = (const char *const *)a->langs;
	uc.n_langs = a->n_langs;
	return uc;
}

/* The attract screen needs the settings and the UI strings, not the forms
 * or the database, so it is shown before those load: a patient sees the
 * kiosk sooner (make bench: exec -> first frame), and a tap meanwhile waits
 * in SDL's queue. It comes from the content set tried first, which goes
 * live unless it is refused; then app_init draws the one served instead.
 * Nothing is kept: choose_content loads the settings and strings again. */
static void show_attract_early(App *a, const char *const *config_paths, int n_paths, const char *data_dir,
			       const char *assets_dir)
{
	char root[600], dir[700], err[512];
	LgSet c[LG_N];
	pull_root(&a->cfg, root, sizeof root);
	const char *set = lastgood_candidates(root, c) > 0 ? c[0].dir : NULL;
	load_config(a, config_paths, n_paths, data_dir, assets_dir, set);
	split_langs(a);
	kind_dir(a, set, "strings", dir, sizeof dir);
	a->strings = strings_load(dir, (const char *const *)a->langs, a->n_langs, err, sizeof err);
	if (a->strings) {
		UiConfig uc = ui_config(a);
		if (ui_setup(a->ui, &uc, app_ui_host(a), NULL, err, sizeof err) == 0) ui_show_attract(a->ui);
	}
	free_content(a);
}

/* The window first, with the attract screen on it; then the content, the
 * database, the visit and the threads; then the screens' final settings
 * (a content set may bring its own). */
int app_init(App *a, const char *const *config_paths, int n_paths, const char *data_dir,
	     const char *assets_dir, int headless, int w, int h, int fullscreen)
{
	char err[512];
	memset(a, 0, sizeof *a);
	a->headless = headless;
	a->w = w;
	a->h = h;
	a->fullscreen = fullscreen;
	if (sodium_init() < 0) { app_log("libsodium failed to start"); return -1; }
	load_config(a, config_paths, n_paths, data_dir, assets_dir, NULL);
	if (a->config_errors[0]) {
		fprintf(stderr, "%s", a->config_errors);
		notice(a, "Configuration problems (defaults kept):\n%s", a->config_errors);
	}
	if (!(a->ui = ui_new(w, h, headless, fullscreen, err, sizeof err))) {
		app_log("display: %s", err);
		return -1;
	}
	show_attract_early(a, config_paths, n_paths, data_dir, assets_dir);
	choose_content(a, config_paths, n_paths, data_dir, assets_dir);
	start_services(a);

	if (!headless) {
		uint64_t usec = 0;
		if (sd_watchdog_enabled(0, &usec) > 0) a->watchdog_ms = (long long)(usec / 1000);
	}
	a->display = display_new(a->cfg.display_off, a->cfg.display_on, !headless);
	UiConfig uc = ui_config(a);
	if (ui_setup(a->ui, &uc, app_ui_host(a), a->visit, err, sizeof err) != 0) {
		app_log("display: %s", err);
		return -1;
	}
	return 0;
}

void app_free(App *a)
{
	fleetlink_stop(a->fleet);
	display_free(a->display);
	if (a->sender) sender_stop(a->sender);
	janitor_stop(a->janitor);
	pin_free(a->pin);
	sender_test_free(a->conn_test);
	if (a->speech) speech_free(a->speech);
	ui_free(a->ui);
	visit_free(a->visit);
	free(a->handoff_qr);
	store_close(a->store);
	free_content(a);
}
