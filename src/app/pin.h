/* app/pin.h - the staff PIN: length rule, Argon2id verification on a
 * worker thread, and the lockout kept in the database.
 * Thread contract: pin_start/pin_poll/pin_free are called from the UI
 * thread only; the worker touches nothing but its own copy of the hash and
 * PIN, so the UI loop (and its watchdog ping) never waits for Argon2id.
 * Lockout: PIN_MAX_FAILS wrong PINs lock staff mode for PIN_LOCK_SECONDS;
 * both counters live in the store (kv table), so a restart does not reset
 * them. */
#ifndef APP_PIN_H
#define APP_PIN_H
#include <stddef.h>
#include "store/store.h"

#define PIN_MIN_DIGITS 8        /* shorter PINs are refused (offline search of the hash) */
#define PIN_MAX_DIGITS 16
#define PIN_MAX_FAILS 5
#define PIN_LOCK_SECONDS 300
/* Argon2id cost of `accord passwd`: about 0.1 s on a desktop core; sized
 * so a Raspberry Pi 3 verifies in about a second on the worker thread. */
#define PIN_OPSLIMIT 3
#define PIN_MEMLIMIT (64u * 1024 * 1024)

enum { PIN_WRONG = 0, PIN_OK = 1, PIN_BUSY = 2, PIN_LOCKED = -1 };

typedef struct PinCheck PinCheck;

PinCheck *pin_new(void);
/* Joins a running check and frees p (NULL is fine). */
void pin_free(PinCheck *p);
/* 1 if pin is PIN_MIN_DIGITS..PIN_MAX_DIGITS digits. */
int pin_valid(const char *pin);
/* Makes an Argon2id hash string of pin (`accord passwd`). 0 or -1. */
int pin_hash(const char *pin, char *out, size_t n);
/* Starts verifying pin against hash on the worker. Returns PIN_BUSY when
 * started, PIN_WRONG at once for a PIN that breaks the length rule (no
 * thread), -1 if a check is already running or the thread cannot start. */
int pin_start(PinCheck *p, const char *hash, const char *pin);
/* PIN_BUSY while the worker runs; then PIN_OK or PIN_WRONG once (the
 * result is consumed); PIN_WRONG when nothing was started. */
int pin_poll(PinCheck *p);

/* Lockout state in the store. pin_locked: 1 and *wait_s when locked at now
 * (unix s). pin_record: counts a result; returns 1 when this wrong PIN
 * started a lock. Both return <0 (StoreErr) when the store fails: callers
 * treat that as locked (a failure never opens staff mode). */
int pin_locked(Store *s, long long now, int *wait_s);
int pin_record(Store *s, long long now, int ok);
#endif
