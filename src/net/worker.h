/* net/worker.h - a periodic background job on its own thread: the fleet
 * duties (content pull, heartbeat) block on the network, so they never run
 * on the UI thread. The job runs once soon after the start, then every
 * period, or at once after worker_kick(). Thread contract: job runs only on
 * the worker's thread; worker_kick and worker_stop may be called from any
 * one other thread. The job should return promptly once *stop is set. */
#ifndef NET_WORKER_H
#define NET_WORKER_H
#include <stdatomic.h>

typedef struct Worker Worker;
typedef void (*WorkerJob)(void *ctx, const atomic_int *stop);

/* Starts the thread; the first run is after first_ms. NULL if it cannot start. */
Worker *worker_start(WorkerJob job, void *ctx, long long first_ms, long long period_ms);
void worker_kick(Worker *w);
/* Sets the stop flag, wakes and joins the thread, frees w (NULL is fine). */
void worker_stop(Worker *w);
#endif
