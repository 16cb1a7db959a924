/* app/pin.c - see pin.h. One worker thread per check (a PIN is entered a
 * few times a day); libsodium's Argon2id does the work. */
#include "app/pin.h"
#include "core/util.h"
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct PinCheck {
	pthread_t thread;
	pthread_mutex_t lock;
	int running;                  /* a thread was started and not yet joined */
	int done;                     /* the worker finished (under lock) */
	int result;                   /* PIN_OK / PIN_WRONG (under lock) */
	char hash[crypto_pwhash_STRBYTES];
	char pin[PIN_MAX_DIGITS + 1];
};

PinCheck *pin_new(void)
{
	PinCheck *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

static void join(PinCheck *p)
{
	if (!p->running) return;
	pthread_join(p->thread, NULL);
	p->running = 0;
	sodium_memzero(p->pin, sizeof p->pin);
}

void pin_free(PinCheck *p)
{
	if (!p) return;
	join(p);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

int pin_valid(const char *pin)
{
	size_t n = pin ? strlen(pin) : 0;
	return n >= PIN_MIN_DIGITS && n <= PIN_MAX_DIGITS && strspn(pin, "0123456789") == n;
}

int pin_hash(const char *pin, char *out, size_t n)
{
	if (!pin_valid(pin) || n < crypto_pwhash_STRBYTES) return -1;
	return crypto_pwhash_str(out, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT) == 0 ? 0 : -1;
}

static void *worker(void *arg)
{
	PinCheck *p = arg;
	int ok = crypto_pwhash_str_verify(p->hash, p->pin, strlen(p->pin)) == 0;
	pthread_mutex_lock(&p->lock);
	p->result = ok ? PIN_OK : PIN_WRONG;
	p->done = 1;
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int pin_start(PinCheck *p, const char *hash, const char *pin)
{
	if (p->running) return -1;
	if (!pin_valid(pin) || !hash || strlen(hash) >= sizeof p->hash) return PIN_WRONG;
	snprintf(p->hash, sizeof p->hash, "%s", hash);
	snprintf(p->pin, sizeof p->pin, "%s", pin);
	p->done = 0;
	if (pthread_create(&p->thread, NULL, worker, p) != 0) {
		sodium_memzero(p->pin, sizeof p->pin);
		return -1;
	}
	p->running = 1;
	return PIN_BUSY;
}

int pin_poll(PinCheck *p)
{
	int done, result;
	if (!p->running) return PIN_WRONG;
	pthread_mutex_lock(&p->lock);
	done = p->done;
	result = p->result;
	pthread_mutex_unlock(&p->lock);
	if (!done) return PIN_BUSY;
	join(p);
	return result;
}

int pin_locked(Store *s, long long now, int *wait_s)
{
	long long until = 0;
	int rc = store_kv_get(s, "pin_locked_until", &until);
	*wait_s = 0;
	if (rc == STORE_NOTFOUND) return 0;
	if (rc) { *wait_s = PIN_LOCK_SECONDS; return rc; }
	if (now >= until) return 0;
	if (until - now > PIN_LOCK_SECONDS) {   /* the clock went back: the lock lasts its time, not for ever */
		until = now + PIN_LOCK_SECONDS;
		if ((rc = store_kv_put(s, "pin_locked_until", until))) { *wait_s = PIN_LOCK_SECONDS; return rc; }
	}
	*wait_s = (int)(until - now);
	return 1;
}

int pin_record(Store *s, long long now, int ok)
{
	long long fails = 0;
	int rc = store_kv_get(s, "pin_fails", &fails);
	if (rc && rc != STORE_NOTFOUND) return rc;
	if (ok) return store_kv_put(s, "pin_fails", 0);
	if (++fails < PIN_MAX_FAILS) return store_kv_put(s, "pin_fails", fails);
	if ((rc = store_kv_put(s, "pin_locked_until", now + PIN_LOCK_SECONDS)) || (rc = store_kv_put(s, "pin_fails", 0)))
		return rc;
	return 1;
}
