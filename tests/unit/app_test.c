/* tests/unit/app_test.c - the app's small system parts on real files and
 * threads: the staff PIN (length rule, Argon2id on a worker, lockout kept in
 * the database), the retention janitor (purge off the calling thread in
 * short transactions while the UI keeps writing), and process hardening
 * (no core dumps, not dumpable). Figures are printed, not asserted. */
#include "test.h"
#include "test_db.h"
#include "app/harden.h"
#include "app/janitor.h"
#include "app/pin.h"
#include "store/store.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DB "build/test-out/app-test.db"
#define DAY 86400LL

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static Store *fresh(void)
{
	remove(DB); remove(DB "-wal"); remove(DB "-shm");
	return store_open(DB);
}

#define count(s, sql) db_count(store_db(s), sql)

static void a_staff_pin_needs_eight_digits_and_is_checked_off_the_calling_thread(void)
{
	char hash[256];
	PinCheck *p = pin_new();
	long long t0, start_ms, total_ms;
	int rc, polls = 0;
	CHECK(!pin_valid("2468"));
	CHECK(!pin_valid("1234567a"));
	CHECK(pin_valid("24681357"));
	CHECK(pin_hash("2468", hash, sizeof hash) != 0);
	CHECK(pin_hash("24681357", hash, sizeof hash) == 0);
	CHECK(strncmp(hash, "$argon2id$", 10) == 0);
	t0 = now_ms();
	CHECK(pin_start(p, hash, "24681357") == PIN_BUSY);
	start_ms = now_ms() - t0;
	CHECK(pin_start(p, hash, "24681357") == -1);   /* one at a time */
	while ((rc = pin_poll(p)) == PIN_BUSY) { polls++; usleep(2000); }
	total_ms = now_ms() - t0;
	CHECK(rc == PIN_OK);
	CHECK(polls > 0);   /* the caller was free while Argon2id ran */
	CHECK(pin_start(p, hash, "24681358") == PIN_BUSY);
	while ((rc = pin_poll(p)) == PIN_BUSY) usleep(2000);
	CHECK(rc == PIN_WRONG);
	CHECK(pin_start(p, hash, "2468") == PIN_WRONG);   /* too short: refused without hashing */
	printf("# pin: start returned in %lld ms; Argon2id (t=%d, %u MiB) verified in %lld ms on this machine\n",
	       start_ms, PIN_OPSLIMIT, PIN_MEMLIMIT >> 20, total_ms);
	pin_free(p);
}

static void the_pin_lockout_is_kept_in_the_database_across_a_restart(void)
{
	Store *s = fresh();
	int wait = 0;
	long long now = 1000000;
	for (int i = 1; i < PIN_MAX_FAILS; i++) CHECK(pin_record(s, now, 0) == 0);
	CHECK(pin_locked(s, now, &wait) == 0);
	CHECK(pin_record(s, now, 0) == 1);
	store_close(s);
	s = store_open(DB);   /* a restart */
	CHECK(pin_locked(s, now + 10, &wait) == 1 && wait == PIN_LOCK_SECONDS - 10);
	CHECK(pin_locked(s, now - 3600, &wait) == 1 && wait == PIN_LOCK_SECONDS);   /* clock set back: still locked, not for ever */
	CHECK(pin_locked(s, now - 3600 + PIN_LOCK_SECONDS, &wait) == 0);
	/* a right PIN resets the count of wrong ones */
	CHECK(pin_record(s, now, 0) == 0);
	CHECK(pin_record(s, now, 1) == 0);
	for (int i = 1; i < PIN_MAX_FAILS; i++) CHECK(pin_record(s, now, 0) == 0);
	store_close(s);
}

/* 500 visits handed off 10 days ago, with answers and sent outbox rows. */
static void seed(Store *s, int n)
{
	char sql[1600];
	snprintf(sql, sizeof sql,
		 "BEGIN;"
		 "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %d)"
		 " INSERT INTO visit(uuid, code, lang, started, completed, summary, handed_off)"
		 " SELECT 'u' || i, printf('%%03d-%%03d', i / 1000, i %% 1000), 'en', %lld, %lld, hex(randomblob(600)), %lld FROM k;"
		 "INSERT INTO answer(visit_uuid, form, link_id, idx, kind, text) SELECT uuid, 'f', 'q' || j, 0, 5, hex(randomblob(60))"
		 " FROM visit, (WITH RECURSIVE m(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM m WHERE j < 12) SELECT j FROM m);"
		 "INSERT INTO outbox(visit_uuid, kind, payload, created, state)"
		 " SELECT uuid, 'fhir', hex(randomblob(1500)), completed, 'sent' FROM visit;"
		 "COMMIT;",
		 n, 90 * DAY, 90 * DAY + 600, 90 * DAY + 700);
	CHECK(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL) == SQLITE_OK);
}

static void the_retention_purge_runs_off_the_ui_thread_in_short_transactions(void)
{
	Store *s = fresh();
	Janitor *j;
	JanitorReport r;
	QValue v = { 0 };
	long long t0, worst = 0, n_writes = 0;
	seed(s, 500);
	CHECK(store_visit_begin(s, "live", "000-001", "en", 100 * DAY) == 0);
	j = janitor_start(DB, NULL, 7, 30);
	CHECK(j != NULL);
	t0 = now_ms();
	janitor_kick(j, 100 * DAY);
	v.kind = QV_INT;
	/* the UI thread keeps saving answers while the purge runs */
	while (janitor_busy(j)) {
		long long w = now_ms();
		v.i = n_writes;
		CHECK(store_answer_put(s, "live", "urn:f", "q1", &v, 1) == 0);
		w = now_ms() - w;
		if (w > worst) worst = w;
		n_writes++;
		usleep(2000);   /* a fast typist, not a tight loop */
	}
	long long total = now_ms() - t0;
	CHECK(janitor_report(j, &r) == 1);
	CHECK(!r.failed && r.deleted.handed_off == 500);
	if (r.failed) fprintf(stderr, "  janitor: %s\n", r.err);
	CHECK(count(s, "SELECT count(*) FROM visit") == 1);
	CHECK(count(s, "SELECT count(*) FROM answer WHERE visit_uuid <> 'live'") == 0);
	CHECK(count(s, "SELECT count(*) FROM audit WHERE action = 'retention-delete'") == 500);
	CHECK(n_writes > 1);
	printf("# janitor: purged 500 visits in %lld ms off the UI thread; %lld UI writes meanwhile, the longest waited %lld ms\n",
	       total, n_writes, worst);
	janitor_stop(j);
	store_close(s);
}

static void the_process_makes_no_core_dump_and_is_not_dumpable(void)
{
	char err[128];
	struct rlimit rl;
	CHECK(harden_process(err, sizeof err) == 0);
	CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0);
	CHECK(getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0 && rl.rlim_max == 0);
}

int main(void)
{
	mkdir("build", 0755);
	mkdir("build/test-out", 0755);
	RUN(a_staff_pin_needs_eight_digits_and_is_checked_off_the_calling_thread);
	RUN(the_pin_lockout_is_kept_in_the_database_across_a_restart);
	RUN(the_retention_purge_runs_off_the_ui_thread_in_short_transactions);
	RUN(the_process_makes_no_core_dump_and_is_not_dumpable);
	return 0;
}
