/* net/worker.c - see worker.h. */
#include "net/worker.h"
#include "core/util.h"
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct Worker {
	WorkerJob job;
	void *ctx;
	long long first_ms, period_ms;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;            /* on CLOCK_MONOTONIC */
	atomic_int stop;
	int kicked;                   /* under mu */
};

static struct timespec after_ms(long long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += (time_t)(ms / 1000);
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
	return ts;
}

static void *run(void *arg)
{
	Worker *w = arg;
	long long wait = w->first_ms;
	while (!atomic_load(&w->stop)) {
		struct timespec until = after_ms(wait);
		pthread_mutex_lock(&w->mu);
		while (!w->kicked && !atomic_load(&w->stop) && pthread_cond_timedwait(&w->cv, &w->mu, &until) == 0) {}
		w->kicked = 0;
		pthread_mutex_unlock(&w->mu);
		if (atomic_load(&w->stop)) break;
		w->job(w->ctx, &w->stop);
		wait = w->period_ms;
	}
	return NULL;
}

Worker *worker_start(WorkerJob job, void *ctx, long long first_ms, long long period_ms)
{
	Worker *w = xcalloc(1, sizeof *w);
	pthread_condattr_t ca;
	w->job = job;
	w->ctx = ctx;
	w->first_ms = first_ms;
	w->period_ms = period_ms;
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	return w;
}

void worker_kick(Worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->kicked = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void worker_stop(Worker *w)
{
	if (!w) return;
	atomic_store(&w->stop, 1);
	worker_kick(w);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
