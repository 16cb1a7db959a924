/* app/fleetlink.c - content pull and heartbeat workers. See fleetlink.h. */
#include "app/fleetlink.h"
#include "app/pull.h"
#include "content/lastgood.h"
#include "net/heartbeat.h"
#include "net/worker.h"
#include "store/outbox.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

struct FleetLink {
	Config cfg;                   /* a copy: the workers never read App */
	char db_path[512];
	char db_key_file[256];
	char content_version[72];
	int config_problems, content_refused;
	long long started;            /* monotonic s */
	Worker *pull, *beat;
	pthread_mutex_t mu;
	int staged;                   /* under mu: a new set waits to go live */
	char staged_version[72];      /* under mu */
	char pull_msg[300];           /* under mu */
	char beat_msg[300];           /* under mu */
	long long beat_at;            /* under mu: unix s of the last heartbeat sent */
	int flagged;                  /* UI thread: between-visits flag file state (-1 unknown) */
};

static long long mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}

static void pull_job(void *ctx, const atomic_int *stop)
{
	FleetLink *f = ctx;
	char version[72], msg[300];
	PullResult r = pull_once(&f->cfg, version, sizeof version, msg, sizeof msg);
	if (r != PULL_SAME) app_log("content: %s", msg);   /* versions and reasons only */
	pthread_mutex_lock(&f->mu);
	snprintf(f->pull_msg, sizeof f->pull_msg, "%s", msg);
	if (r == PULL_NEW) {
		f->staged = 1;
		snprintf(f->staged_version, sizeof f->staged_version, "%s", version);
	}
	pthread_mutex_unlock(&f->mu);
}

const char *fleetlink_error_class(int config_problems, int content_refused, int db_ok, int rejected, int failing,
				  const char *last_error)
{
	if (!db_ok) return "database";
	if (rejected) return "rejected";
	if (failing) {   /* from net/http.c's plain words */
		static const char *const net_words[] = { "connect", "could not be found", "in time", "dropped", "secure connection" };
		if (!last_error) return "network";
		if (strstr(last_error, "credentials") || strstr(last_error, "certificate")) return "credentials";
		for (size_t i = 0; i < sizeof net_words / sizeof net_words[0]; i++)
			if (strstr(last_error, net_words[i])) return "network";
		return "server";
	}
	if (content_refused) return "content";
	if (config_problems) return "config";
	return "none";
}

/* Gathers the figures and sends one heartbeat. 0, or -1 (msg says why). */
static int beat(FleetLink *f, char *msg, size_t n)
{
	HeartbeatInfo hb = { 0 };
	HttpConfig h = { 0 };
	OutboxStats os = { 0 };
	struct statvfs fs;
	Store *st = store_open_key(f->db_path, f->db_key_file);
	int db_ok = st && store_ok(st) && outbox_stats(st, &os) == 0, rc;
	hb.kiosk = f->cfg.kiosk_name;
	hb.clinic = f->cfg.clinic_name;
	hb.version = ACCORD_VERSION;
	hb.content_version = f->content_version;
	hb.now = (long long)time(NULL);
	hb.uptime_s = mono_s() - f->started;
	hb.outbox_waiting = os.pending + os.failed;
	hb.outbox_rejected = os.rejected;
	hb.outbox_oldest_s = os.oldest_unsent ? hb.now - os.oldest_unsent : 0;
	if (statvfs(f->cfg.data_dir, &fs) == 0) hb.disk_free_mb = (long long)((unsigned long long)fs.f_bavail * fs.f_frsize / (1024 * 1024));
	hb.error_class = fleetlink_error_class(f->config_problems, f->content_refused, db_ok, hb.outbox_rejected, os.failed,
					       os.last_error);
	store_close(st);
	h.url = f->cfg.fhir_base_url;
	h.ca_file = f->cfg.fhir_ca_file[0] ? f->cfg.fhir_ca_file : NULL;
	h.bearer_token = f->cfg.fhir_bearer_token[0] ? f->cfg.fhir_bearer_token : NULL;
	h.client_cert = f->cfg.fhir_client_cert[0] ? f->cfg.fhir_client_cert : NULL;
	h.client_key = f->cfg.fhir_client_key[0] ? f->cfg.fhir_client_key : NULL;
	h.allow_insecure = str_eq(f->cfg.allow_insecure, "yes");
	rc = heartbeat_send(&h, &hb, msg, n);
	if (rc == 0) {
		pthread_mutex_lock(&f->mu);
		f->beat_at = hb.now;
		pthread_mutex_unlock(&f->mu);
	}
	return rc;
}

static void beat_job(void *ctx, const atomic_int *stop)
{
	FleetLink *f = ctx;
	char msg[300];
	if (beat(f, msg, sizeof msg) != 0) app_log("%s", msg);
	pthread_mutex_lock(&f->mu);
	snprintf(f->beat_msg, sizeof f->beat_msg, "%s", msg);
	pthread_mutex_unlock(&f->mu);
}

static FleetLink *link_new(const Config *cfg, const char *db_path, const char *content_version)
{
	FleetLink *f = xcalloc(1, sizeof *f);
	f->cfg = *cfg;
	snprintf(f->db_path, sizeof f->db_path, "%s", db_path);
	snprintf(f->db_key_file, sizeof f->db_key_file, "%s", cfg->db_key_file);
	snprintf(f->content_version, sizeof f->content_version, "%s", content_version);
	f->started = mono_s();
	f->flagged = -1;
	pthread_mutex_init(&f->mu, NULL);
	return f;
}

int fleetlink_heartbeat_now(const Config *cfg, char *msg, size_t n)
{
	char db[600], root[600], version[72];
	FleetLink *f;
	int rc;
	if (!cfg->fhir_base_url[0]) { snprintf(msg, n, "no fhir_base_url is configured"); return -1; }
	snprintf(db, sizeof db, "%s/accord.db", cfg->data_dir);
	pull_root(cfg, root, sizeof root);
	lastgood_current(root, version, sizeof version);
	f = link_new(cfg, db, version[0] ? version : "built-in");
	rc = beat(f, msg, n);
	fleetlink_stop(f);
	return rc;
}

FleetLink *fleetlink_start(const App *a)
{
	FleetLink *f = link_new(&a->cfg, a->db_path, a->content_version);
	f->config_problems = a->config_errors[0] != 0;
	f->content_refused = strstr(a->notice, "Content set") != NULL;
	if (f->cfg.content_source[0]) {
		f->pull = worker_start(pull_job, f, 5000, (long long)f->cfg.content_check_minutes * 60000);
		if (!f->pull) app_log("content: the pull thread could not start");
	}
	if (f->cfg.fhir_base_url[0] && f->cfg.heartbeat_minutes > 0) {
		f->beat = worker_start(beat_job, f, 2000, (long long)f->cfg.heartbeat_minutes * 60000);
		if (!f->beat) app_log("heartbeat: the thread could not start");
	}
	return f;
}

void fleetlink_stop(FleetLink *f)
{
	if (!f) return;
	worker_stop(f->pull);
	worker_stop(f->beat);
	pthread_mutex_destroy(&f->mu);
	free(f);
}

/* The image's updater (accord-update, root) installs only between visits:
 * RUNTIME_DIRECTORY/between-visits exists exactly while the kiosk shows
 * the attract screen with staff mode closed. Written only on a change. */
static void flag_between_visits(FleetLink *f, int between)
{
	const char *dir = getenv("RUNTIME_DIRECTORY");
	char path[600];
	if (!dir || !*dir || between == f->flagged) return;
	snprintf(path, sizeof path, "%s/between-visits", dir);
	if (between) {
		FILE *fp = fopen(path, "w");
		if (fp) fclose(fp);
	} else {
		unlink(path);
	}
	f->flagged = between;
}

int fleetlink_apply_due(FleetLink *f, int between_visits)
{
	int due;
	if (!f) return 0;
	flag_between_visits(f, between_visits);
	pthread_mutex_lock(&f->mu);
	due = f->staged && between_visits;
	pthread_mutex_unlock(&f->mu);
	return due;
}

void fleetlink_status(FleetLink *f, const App *a, Buf *b)
{
	buf_addf(b, "Content set: %s", a->content_version);
	if (!f) { buf_addc(b, '\n'); return; }
	pthread_mutex_lock(&f->mu);
	if (f->staged) buf_addf(b, "  \xC2\xB7  %s waits for the end of the visit", f->staged_version);
	if (f->pull_msg[0]) buf_addf(b, "\nLast content check: %s", f->pull_msg);
	if (f->beat) {
		if (f->beat_at) {
			char t[32];
			time_t w = (time_t)f->beat_at;
			struct tm tm;
			strftime(t, sizeof t, "%H:%M", localtime_r(&w, &tm));
			buf_addf(b, "\nHeartbeat: last sent %s", t);
		} else {
			buf_addf(b, "\nHeartbeat: %s", f->beat_msg[0] ? f->beat_msg : "not sent yet");
		}
	}
	pthread_mutex_unlock(&f->mu);
	buf_addc(b, '\n');
}
