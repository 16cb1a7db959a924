/* app/janitor.c - see janitor.h. */
#include "app/janitor.h"
#include "core/util.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct Janitor {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char *db_path, *key_file;
	int retention_days, unsent_max_days;
	long long want;            /* unix s of the asked-for run, 0 when none (under lock) */
	int running;               /* a run is going (under lock) */
	int stop;                  /* under lock */
	int have_report;           /* under lock */
	JanitorReport report;      /* under lock */
};

/* One purge: batches of RETENTION_BATCH visits, each its own short
 * transaction, with a pause between them so a waiting UI write gets the
 * lock (SQLite's busy handler polls; back-to-back batches would starve it).
 * A busy database is waited for, not a failure: committed batches stay
 * done, the rest is retried. Then the WAL is overwritten. */
static void run(Janitor *j, Store *s, long long now)
{
	JanitorReport r = { { 0, 0, 0 }, 0, 0, "" };
	struct timespec pause = { 0, 20 * 1000 * 1000 }, nap = { 0, 200 * 1000 * 1000 };
	int rc = store_ok(s) ? 0 : STORE_ERR, n, total = 0, busy = 0;
	while (rc == 0) {
		n = retention_purge_batch(s, now, j->retention_days, j->unsent_max_days, RETENTION_BATCH, &r.deleted);
		if (n == STORE_BUSY && ++busy < 20) { nanosleep(&nap, NULL); continue; }
		if (n < 0) { rc = n; break; }
		total += n;
		if (n < RETENTION_BATCH) break;
		nanosleep(&pause, NULL);
	}
	for (busy = 0; rc == 0 && total > 0 && (rc = store_scrub_wal(s)) == STORE_BUSY && ++busy < 20;) {
		nanosleep(&nap, NULL);
		rc = 0;
	}
	if (rc == 0) rc = r.expiring = retention_unsent_warning(s, now, j->unsent_max_days, NULL);
	if (rc < 0) {
		r.failed = 1;
		snprintf(r.err, sizeof r.err, "%s", store_errmsg(s));
	}
	pthread_mutex_lock(&j->lock);
	j->report = r;
	j->have_report = 1;
	pthread_mutex_unlock(&j->lock);
}

static void *worker(void *arg)
{
	Janitor *j = arg;
	Store *s = NULL;
	pthread_mutex_lock(&j->lock);
	for (;;) {
		long long now;
		while (!j->stop && !j->want) pthread_cond_wait(&j->cond, &j->lock);
		if (j->stop) break;
		now = j->want;
		j->want = 0;
		j->running = 1;
		pthread_mutex_unlock(&j->lock);
		if (!store_ok(s)) {   /* (re)open lazily: the database may have been unavailable at start */
			store_close(s);
			s = store_open_key(j->db_path, j->key_file);
		}
		run(j, s, now);
		pthread_mutex_lock(&j->lock);
		j->running = 0;
	}
	pthread_mutex_unlock(&j->lock);
	store_close(s);
	return NULL;
}

Janitor *janitor_start(const char *db_path, const char *key_file, int retention_days, int unsent_max_days)
{
	Janitor *j = xcalloc(1, sizeof *j);
	j->db_path = xstrdup(db_path);
	j->key_file = xstrdup(key_file ? key_file : "");
	j->retention_days = retention_days;
	j->unsent_max_days = unsent_max_days;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	if (pthread_create(&j->thread, NULL, worker, j) != 0) {
		pthread_cond_destroy(&j->cond);
		pthread_mutex_destroy(&j->lock);
		free(j->db_path);
	free(j->key_file);
		free(j);
		return NULL;
	}
	return j;
}

void janitor_kick(Janitor *j, long long now_unix)
{
	pthread_mutex_lock(&j->lock);
	j->want = now_unix > 0 ? now_unix : 1;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
}

int janitor_report(Janitor *j, JanitorReport *r)
{
	int have;
	pthread_mutex_lock(&j->lock);
	have = j->have_report;
	if (have) *r = j->report;
	j->have_report = 0;
	pthread_mutex_unlock(&j->lock);
	return have;
}

int janitor_busy(Janitor *j)
{
	int busy;
	pthread_mutex_lock(&j->lock);
	busy = j->want || j->running;
	pthread_mutex_unlock(&j->lock);
	return busy;
}

void janitor_stop(Janitor *j)
{
	if (!j) return;
	pthread_mutex_lock(&j->lock);
	j->stop = 1;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	pthread_join(j->thread, NULL);
	pthread_cond_destroy(&j->cond);
	pthread_mutex_destroy(&j->lock);
	free(j->db_path);
	free(j->key_file);
	free(j);
}
