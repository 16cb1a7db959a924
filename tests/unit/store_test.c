/* tests/unit/store_test.c - store.c on real SQLite files with real faults:
 * what counts as corruption (only a file that is not a database or fails
 * its integrity check), a lock held by another program, a full disk at
 * start, wiped text gone from the database, its WAL and -shm, the audit row
 * committed with the completion, QR-only retention, one error convention
 * (store_errmsg current after outbox/audit/retention failures), schema
 * upgrades from every earlier version, and safety-alerted visits that
 * retention keeps until they are sent and acknowledged. */
#include "test.h"
#include "test_db.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "store/retention.h"
#include "store/store.h"
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DIR_ "build/test-out/store-test"
#define DB DIR_ "/accord.db"
#define DAY 86400LL
#define MARKER "Zebra-Quokka-7731 my private question"

static void wipe_files(void)
{
	DIR *d = opendir(DIR_);
	struct dirent *e;
	char p[512];
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.') continue;
		snprintf(p, sizeof p, "%s/%s", DIR_, e->d_name);
		remove(p);
	}
	if (d) closedir(d);
	mkdir(DIR_, 0700);
}

static int count_aside(void)
{
	DIR *d = opendir(DIR_);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) n += strstr(e->d_name, ".corrupt-") != NULL;
	if (d) closedir(d);
	return n;
}

#define count(s, sql) db_count(store_db(s), sql)

/* 1 if the file at path contains the bytes of needle. */
static int file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	size_t n = strlen(needle), len = 0;
	char *buf = NULL;
	int found = 0;
	if (!f) return 0;
	for (;;) {
		buf = realloc(buf, len + 65536);
		size_t got = fread(buf + len, 1, 65536, f);
		if (!got) break;
		len += got;
	}
	fclose(f);
	for (size_t i = 0; i + n <= len && !found; i++) found = memcmp(buf + i, needle, n) == 0;
	free(buf);
	return found;
}

/* A cheap checksum of a file's bytes. */
static unsigned long long db_file_sum(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned long long h = 1469598103934665603ULL;
	int c;
	if (!f) return 0;
	while ((c = fgetc(f)) != EOF) h = (h ^ (unsigned)c) * 1099511628211ULL;
	fclose(f);
	return h;
}

static Store *open_app(void)
{
	StoreOpts o = { 300, 1, 1, NULL };
	return store_open_opts(DB, &o);
}

/* A completed visit with a typed answer (and outbox rows when n_out). */
static void visit(Store *s, const char *uuid, const char *code, long long at, int n_out, const char *text)
{
	const char *kinds[] = { "fhir", "hl7" };
	const char *payloads[] = { "{}", "MSH|" };
	QValue v = { 0 };
	v.kind = QV_STRING;
	v.s = (char *)text;
	CHECK(store_visit_begin(s, uuid, code, "en", at - 600) == 0);
	CHECK(store_answer_put(s, uuid, "urn:f", "q1", &v, 1) == 0);
	CHECK(store_visit_complete(s, uuid, at, "summary", kinds, payloads, n_out) == 0);
}

static void a_database_locked_by_another_program_is_reported_and_never_set_aside(void)
{
	Store *s, *t;
	sqlite3 *other = NULL;
	wipe_files();
	s = open_app();
	CHECK(store_ok(s));
	visit(s, "u1", "111-111", 1000, 2, "kept");
	store_close(s);
	/* another program holds the file in exclusive locking mode */
	CHECK(sqlite3_open(DB, &other) == SQLITE_OK);
	CHECK(sqlite3_exec(other, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE visit SET lang='en'; COMMIT",
			   NULL, NULL, NULL) == SQLITE_OK);
	t = open_app();
	CHECK(!store_ok(t));
	CHECK(strstr(store_errmsg(t), "locked") != NULL);
	CHECK(store_notice(t) == NULL);
	CHECK(count_aside() == 0);
	store_close(t);
	sqlite3_close(other);
	/* retried once the lock is gone: everything is still there */
	t = open_app();
	CHECK(store_ok(t));
	CHECK(count(t, "SELECT count(*) FROM outbox WHERE visit_uuid='u1'") == 2);
	store_close(t);
}

static void a_full_disk_at_start_is_a_clear_error_and_the_file_is_left_alone(void)
{
	Store *s;
	wipe_files();
	setenv("ACCORD_FAULT_DB_MAX_PAGES", "1", 1);   /* the schema cannot be written */
	s = open_app();
	unsetenv("ACCORD_FAULT_DB_MAX_PAGES");
	CHECK(!store_ok(s));
	CHECK(strstr(store_errmsg(s), "full") != NULL);
	CHECK(count_aside() == 0);
	store_close(s);
	s = open_app();
	CHECK(store_ok(s) && store_user_version(s) == STORE_SCHEMA_VERSION);
	store_close(s);
}

static void a_file_without_a_database_header_is_left_alone_it_may_be_encrypted(void)
{
	FILE *f;
	Store *s;
	wipe_files();
	f = fopen(DB, "wb");
	for (int i = 0; i < 8192; i++) fputc((i * 7919) & 0xff, f);
	fclose(f);
	s = open_app();
	CHECK(!store_ok(s) && count_aside() == 0);
	CHECK(strstr(store_errmsg(s), "cannot be read with no key") != NULL);
	store_close(s);
}

static void a_plain_database_with_a_damaged_header_is_set_aside_only_by_the_recovering_open(void)
{
	FILE *f;
	Store *s;
	wipe_files();
	f = fopen(DB, "wb");
	fwrite("SQLite format 3", 1, 16, f);   /* SQLite's own header, then garbage */
	for (int i = 0; i < 8192; i++) fputc((i * 7919) & 0xff, f);
	fclose(f);
	s = store_open(DB);   /* the sender's open: never moves a file */
	CHECK(!store_ok(s) && count_aside() == 0);
	store_close(s);
	s = open_app();
	CHECK(store_ok(s) && count_aside() == 1);
	CHECK(store_notice(s) && strstr(store_notice(s), "integrity check"));
	if (!store_ok(s)) fprintf(stderr, "  %s\n", store_errmsg(s));
	store_close(s);
}

static void write_key(const char *path, const char *secret)
{
	FILE *f = fopen(path, "wb");
	fputs(secret, f);
	fclose(f);
}

static void an_encrypted_database_holds_no_plain_text_and_a_wrong_key_fails_clearly(void)
{
	StoreOpts o = { 300, 1, 1, DIR_ "/right.key" };
	Store *s, *w;
	char before[64];
	wipe_files();
	write_key(DIR_ "/right.key", "0123456789abcdef0123456789abcdef device secret");
	write_key(DIR_ "/wrong.key", "fedcba9876543210fedcba9876543210 another kiosk");
	s = store_open_opts(DB, &o);
	CHECK(store_ok(s));
	visit(s, "enc", "343-434", 1000, 2, MARKER);
	CHECK(store_mark_put(s, "enc", "refills", 1, MARKER, 5) == 0);
	w = store_open_key(DB, DIR_ "/right.key");   /* the sender's connection, same key */
	CHECK(store_ok(w) && count(w, "SELECT count(*) FROM outbox") == 2);
	CHECK(!file_has(DB, MARKER) && !file_has(DB "-wal", MARKER) && !file_has(DB, "SQLite format 3"));
	store_close(w);
	store_close(s);
	CHECK(!file_has(DB, MARKER) && !file_has(DB, "Zebra-Quokka"));
	snprintf(before, sizeof before, "%lld", (long long)db_file_sum(DB));
	o.key_file = DIR_ "/wrong.key";
	s = store_open_opts(DB, &o);
	CHECK(!store_ok(s));
	CHECK(strstr(store_errmsg(s), "this kiosk's key") != NULL);
	CHECK(count_aside() == 0);
	store_close(s);
	s = open_app();   /* no key at all */
	CHECK(!store_ok(s) && count_aside() == 0);
	store_close(s);
	o.key_file = DIR_ "/missing.key";
	s = store_open_opts(DB, &o);
	CHECK(!store_ok(s) && strstr(store_errmsg(s), "key file") != NULL);
	store_close(s);
	char after[64];
	snprintf(after, sizeof after, "%lld", (long long)db_file_sum(DB));
	CHECK(strcmp(before, after) == 0);   /* left exactly as it was */
	o.key_file = DIR_ "/right.key";
	s = store_open_opts(DB, &o);
	CHECK(store_ok(s) && count(s, "SELECT count(*) FROM visit WHERE uuid='enc' AND completed IS NOT NULL") == 1);
	store_close(s);
}

static void a_file_that_fails_its_integrity_check_is_set_aside_and_a_fresh_one_serves(void)
{
	Store *s;
	FILE *f;
	char text[400];
	wipe_files();
	s = open_app();
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = 0;
	for (int i = 0; i < 60; i++) {
		char uuid[32];
		snprintf(uuid, sizeof uuid, "u%02d", i);
		visit(s, uuid, "222-222", 1000 + i, 0, text);
	}
	store_close(s);
	/* scribble over the middle of the file: b-tree pages, not the header */
	f = fopen(DB, "r+b");
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, size / 2, SEEK_SET);
	for (int i = 0; i < 3000; i++) fputc((i * 31) & 0xff, f);
	fclose(f);
	s = open_app();
	CHECK(store_ok(s));
	CHECK(count_aside() == 1);
	CHECK(count(s, "SELECT count(*) FROM visit") == 0);
	store_close(s);
}

static void wiped_text_is_gone_from_the_database_its_wal_and_shm_within_the_wipe(void)
{
	Store *s, *sender;
	QValue v = { 0 };
	wipe_files();
	s = open_app();
	sender = store_open(DB);   /* a second connection (the sender) keeps the WAL from being removed on close */
	CHECK(store_ok(sender));
	visit(s, "done", "333-333", 1000, 0, "a finished visit");
	CHECK(store_visit_begin(s, "w", "444-444", "en", 2000) == 0);
	v.kind = QV_STRING;
	for (int i = 1; i <= 5; i++) {   /* typed, letter by letter, as autosave does */
		char partial[128];
		snprintf(partial, sizeof partial, "%.*s", (int)(sizeof MARKER - 1) * i / 5, MARKER);
		v.s = partial;
		CHECK(store_answer_put(s, "w", "urn:f", "q9", &v, 1) == 0);
	}
	CHECK(store_mark_put(s, "w", "refills", 1, MARKER, 5) == 0);
	CHECK(file_has(DB "-wal", MARKER));   /* the test can see it before the wipe */
	CHECK(store_visit_delete(s, "w") == 0);
	CHECK(!file_has(DB, MARKER));
	CHECK(!file_has(DB "-wal", MARKER));
	CHECK(!file_has(DB "-shm", MARKER));
	CHECK(!file_has(DB, "Zebra-Quokka"));
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid='done'") == 1);
	store_close(sender);
	store_close(s);
}

static void a_completion_and_its_audit_row_commit_together_or_not_at_all(void)
{
	Store *s;
	const char *kinds[] = { "fhir" };
	const char *payloads[] = { "{}" };
	wipe_files();
	s = open_app();
	visit(s, "a", "555-555", 1000, 1, "x");
	CHECK(count(s, "SELECT count(*) FROM audit WHERE action='visit-complete' AND visit_code='555-555'") == 1);
	/* the audit insert fails: the completion and its outbox row roll back with it */
	CHECK(sqlite3_exec(store_db(s), "CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(store_visit_begin(s, "b", "666-666", "en", 1500) == 0);
	CHECK(store_visit_complete(s, "b", 2000, "summary", kinds, payloads, 1) != 0);
	CHECK(strstr(store_errmsg(s), "audit") != NULL);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid='b' AND completed IS NULL") == 1);
	CHECK(count(s, "SELECT count(*) FROM outbox WHERE visit_uuid='b'") == 0);
	store_close(s);
}

static void a_qr_only_visit_gets_the_short_retention_once_it_is_finished(void)
{
	Store *s;
	RetentionResult r = { 0, 0, 0 };
	long long now = 100 * DAY;
	wipe_files();
	s = open_app();
	visit(s, "qr", "777-777", now - 8 * DAY, 0, "qr only");          /* no network target */
	CHECK(store_visit_finished(s, "qr", now - 8 * DAY + 60) == 0);     /* its code was shown, Finish */
	visit(s, "net", "888-888", now - 8 * DAY, 2, "waiting to send");  /* with a target, unsent */
	CHECK(store_visit_finished(s, "net", now - 8 * DAY + 60) == 0);    /* not handed off by that */
	CHECK(retention_purge(s, now, 7, 30, &r) == 0);
	CHECK(r.handed_off == 1 && r.unsent == 0);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid='qr'") == 0);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid='net'") == 1);
	store_close(s);
}

static void store_errmsg_tells_the_last_failure_of_outbox_audit_and_retention(void)
{
	Store *s;
	OutboxRow row;
	OutboxBackoff b = outbox_backoff_default();
	wipe_files();
	s = open_app();
	visit(s, "a", "999-999", 1000, 1, "x");
	CHECK(outbox_mark_failed(s, 424242, 0, "x", 0, &b) == STORE_NOTFOUND);
	CHECK(strstr(store_errmsg(s), "no such outbox row") != NULL);
	CHECK(sqlite3_exec(store_db(s), "DROP TABLE audit", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(audit_add(s, 1, "staff-login", NULL) == STORE_ERR);
	CHECK(strstr(store_errmsg(s), "writing the audit log") != NULL);
	CHECK(retention_purge(s, 400 * DAY, 7, 30, NULL) < 0);   /* its audit rows cannot be written */
	CHECK(strstr(store_errmsg(s), "audit log") != NULL);
	CHECK(count(s, "SELECT count(*) FROM visit") == 1);      /* rolled back: nothing deleted unaudited */
	CHECK(sqlite3_exec(store_db(s), "DROP TABLE outbox", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(outbox_next(s, "fhir", 0, &row, NULL) == STORE_ERR);
	CHECK(strstr(store_errmsg(s), "reading the outbox") != NULL);
	store_close(s);
}

static void device_state_survives_closing_the_database(void)
{
	Store *s;
	long long v = 0;
	wipe_files();
	s = open_app();
	CHECK(store_kv_get(s, "pin_fails", &v) == STORE_NOTFOUND);
	CHECK(store_kv_put(s, "pin_fails", 3) == 0);
	store_close(s);
	s = open_app();
	CHECK(store_kv_get(s, "pin_fails", &v) == 0 && v == 3);
	store_close(s);
}

/* The schema steps as they shipped: v1 (main), the safety step (main's v2)
 * and the store branch's own v2 (kv and outbox_visit, before it was
 * renumbered 2 -> 3). Copied here on purpose: a database made by any of
 * them must open with today's code. */
static const char *const V1 =
	"CREATE TABLE visit(uuid TEXT PRIMARY KEY, code TEXT NOT NULL, lang TEXT,"
	" started INTEGER NOT NULL, completed INTEGER, summary TEXT, handed_off INTEGER,"
	" staff_done INTEGER, first_name TEXT, last_name TEXT, birth_date TEXT, staff_ref TEXT);"
	"CREATE TABLE answer(visit_uuid TEXT NOT NULL, form TEXT NOT NULL, link_id TEXT NOT NULL,"
	" idx INTEGER NOT NULL, kind INTEGER NOT NULL, num REAL, text TEXT, system TEXT, display TEXT,"
	" PRIMARY KEY(visit_uuid, form, link_id, idx));"
	"CREATE TABLE mark(visit_uuid TEXT NOT NULL, clause_id TEXT NOT NULL, discuss INTEGER,"
	" question TEXT, seconds INTEGER, PRIMARY KEY(visit_uuid, clause_id));"
	"CREATE TABLE outbox(id INTEGER PRIMARY KEY AUTOINCREMENT, visit_uuid TEXT NOT NULL,"
	" kind TEXT NOT NULL, payload TEXT NOT NULL, created INTEGER NOT NULL,"
	" attempts INTEGER NOT NULL DEFAULT 0, next_try INTEGER NOT NULL DEFAULT 0,"
	" state TEXT NOT NULL DEFAULT 'pending', last_error TEXT, sent_at INTEGER);"
	"CREATE INDEX outbox_due ON outbox(state, kind, id);"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
	" action TEXT NOT NULL, visit_code TEXT);"
	"INSERT INTO visit(uuid, code, lang, started, completed, summary) VALUES('old', '123-456', 'en', 100, 200, 'kept');"
	"INSERT INTO outbox(visit_uuid, kind, payload, created) VALUES('old', 'fhir', 'old-row', 200);"
	"PRAGMA user_version=1;";
static const char *const SAFETY_V2 =
	"CREATE TABLE alert(visit_uuid TEXT NOT NULL REFERENCES visit(uuid) ON DELETE CASCADE,"
	" rule_id TEXT NOT NULL, raised INTEGER NOT NULL, PRIMARY KEY(visit_uuid, rule_id));"
	"ALTER TABLE visit ADD COLUMN partial INTEGER;"
	"ALTER TABLE visit ADD COLUMN safety_ack INTEGER;"
	"ALTER TABLE outbox ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;"
	"DROP INDEX outbox_due;"
	"CREATE INDEX outbox_due ON outbox(state, kind, urgent, id);"
	"INSERT INTO visit(uuid, code, lang, started, completed, summary, partial) VALUES('sa', '654-321', 'en', 300, 400, 'partial', 1);"
	"INSERT INTO alert(visit_uuid, rule_id, raised) VALUES('sa', 'slow-breathing', 350);"
	"INSERT INTO outbox(visit_uuid, kind, payload, created, urgent) VALUES('sa', 'fhir', 'alert-row', 350, 1);"
	"PRAGMA user_version=2;";
static const char *const STORE_V2 =
	"CREATE TABLE kv(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"CREATE INDEX outbox_visit ON outbox(visit_uuid);"
	"INSERT INTO kv VALUES('pin_fails', 4);"
	"PRAGMA user_version=2;";

static void make_db(const char *a, const char *b)
{
	sqlite3 *db = NULL;
	wipe_files();
	CHECK(sqlite3_open(DB, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, a, NULL, NULL, NULL) == SQLITE_OK);
	if (b) CHECK(sqlite3_exec(db, b, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
}

/* Opens the made database: today's schema, nothing lost, both sides' features work. */
static void check_upgraded(int had_alert, int had_kv)
{
	Store *s = open_app();
	OutboxRow row;
	long long v = 0;
	const char *kinds[] = { "fhir" }, *alert[] = { "new-alert" };
	CHECK(store_ok(s));
	if (!store_ok(s)) { fprintf(stderr, "  %s\n", store_errmsg(s)); store_close(s); return; }
	CHECK(store_user_version(s) == STORE_SCHEMA_VERSION);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid='old' AND summary='kept'") == 1);
	CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE type='index' AND name='outbox_visit'") == 1);
	CHECK(count(s, "SELECT count(*) FROM sqlite_master WHERE type='index' AND name='outbox_due' AND sql LIKE '%urgent%'") == 1);
	CHECK(store_kv_get(s, "pin_fails", &v) == (had_kv ? 0 : STORE_NOTFOUND) && v == (had_kv ? 4 : 0));
	CHECK(store_kv_put(s, "pin_fails", 1) == 0);
	if (had_alert) {   /* the kept partial visit and its urgent row, first to send */
		CHECK(count(s, "SELECT count(*) FROM visit v JOIN alert a ON a.visit_uuid=v.uuid WHERE v.partial=1") == 1);
		CHECK(store_alert_waiting(s) == 1);
		CHECK(outbox_next(s, "fhir", 1LL << 50, &row, NULL) == 0 && !strcmp(row.payload, "alert-row"));
		outbox_row_free(&row);
	}
	CHECK(store_visit_begin(s, "nv", "111-222", "en", 500) == 0);
	CHECK(store_alert_raise(s, "nv", "overdose", 510, kinds, alert, 1) == 0);
	CHECK(count(s, "SELECT count(*) FROM audit WHERE action='safety-alert' AND visit_code='111-222'") == 1);
	CHECK(outbox_next(s, "fhir", 1LL << 50, &row, NULL) == 0 && row.payload &&
	      !strcmp(row.payload, had_alert ? "alert-row" : "new-alert"));   /* urgent before old-row */
	outbox_row_free(&row);
	store_close(s);
	s = open_app();   /* and opens again as it is */
	CHECK(store_ok(s) && store_user_version(s) == STORE_SCHEMA_VERSION);
	store_close(s);
}

static void a_database_of_every_earlier_schema_upgrades_in_order(void)
{
	make_db(V1, NULL);
	check_upgraded(0, 0);
	make_db(V1, SAFETY_V2);   /* main's version 2 (safety) */
	check_upgraded(1, 0);
	make_db(V1, STORE_V2);    /* the store branch's version 2 */
	check_upgraded(0, 1);
}

static void a_visit_with_a_safety_alert_outlives_retention_until_sent_and_acknowledged(void)
{
	Store *s;
	RetentionResult r = { 0, 0, 0 };
	OutboxRow row;
	long long now = 100 * DAY, oldest = 0;
	const char *kinds[] = { "fhir" }, *alert[] = { "alert" };
	wipe_files();
	s = open_app();
	/* kept partial, its alert unsent, well past the unsent limit */
	CHECK(store_visit_begin(s, "sa", "100-001", "en", now - 40 * DAY) == 0);
	CHECK(store_alert_raise(s, "sa", "slow-breathing", now - 40 * DAY, kinds, alert, 1) == 0);
	CHECK(store_visit_close_partial(s, "sa", now - 40 * DAY, "partial", NULL, NULL, 0) == 0);
	/* cut off by a crash with an alert, not yet closed (the app closes it at start) */
	CHECK(store_visit_begin(s, "sb", "100-002", "en", now - 40 * DAY) == 0);
	CHECK(store_alert_raise(s, "sb", "overdose", now - 40 * DAY, NULL, NULL, 0) == 0);
	/* QR only (no network target), finished: the short retention, but an alert */
	CHECK(store_visit_begin(s, "sc", "100-003", "en", now - 40 * DAY) == 0);
	CHECK(store_alert_raise(s, "sc", "overdose", now - 40 * DAY, NULL, NULL, 0) == 0);
	CHECK(store_visit_complete(s, "sc", now - 40 * DAY, "qr", NULL, NULL, 0) == 0);
	CHECK(store_visit_finished(s, "sc", now - 40 * DAY) == 0);
	/* an ordinary QR-only visit of the same age goes */
	visit(s, "plain", "100-004", now - 40 * DAY, 0, "x");
	CHECK(store_visit_finished(s, "plain", now - 40 * DAY) == 0);
	CHECK(retention_unsent_warning(s, now, 30, &oldest) == 0);   /* nothing of the kept ones is about to go */
	CHECK(retention_purge(s, now, 7, 30, &r) == 0);
	CHECK(r.handed_off == 1 && r.unsent == 0 && r.abandoned == 0);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid IN ('sa','sb','sc')") == 3);
	CHECK(count(s, "SELECT count(*) FROM alert") == 3);
	/* sent, not yet acknowledged: kept */
	CHECK(outbox_next(s, "fhir", 1LL << 50, &row, NULL) == 0);
	CHECK(outbox_mark_sent(s, row.id, (now - 20 * DAY) * 1000) == 0);
	outbox_row_free(&row);
	CHECK(retention_purge(s, now, 7, 30, NULL) == 0);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid IN ('sa','sb','sc')") == 3);
	/* acknowledged by staff: sa and sc follow the ordinary rules now; sb still waits to be closed */
	CHECK(store_alert_ack(s, "100-001", now - 10 * DAY) == 0);
	CHECK(store_alert_ack(s, "100-002", now - 10 * DAY) == 0);
	CHECK(store_alert_ack(s, "100-003", now - 10 * DAY) == 0);
	CHECK(retention_purge(s, now, 7, 30, &r) == 0);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid IN ('sa','sc')") == 0);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid='sb'") == 1);
	CHECK(count(s, "SELECT count(*) FROM alert WHERE visit_uuid IN ('sa','sc')") == 0);
	store_close(s);
}

int main(void)
{
	mkdir("build", 0755);
	mkdir("build/test-out", 0755);
	RUN(a_database_locked_by_another_program_is_reported_and_never_set_aside);
	RUN(a_full_disk_at_start_is_a_clear_error_and_the_file_is_left_alone);
	RUN(a_file_without_a_database_header_is_left_alone_it_may_be_encrypted);
	RUN(a_plain_database_with_a_damaged_header_is_set_aside_only_by_the_recovering_open);
	RUN(an_encrypted_database_holds_no_plain_text_and_a_wrong_key_fails_clearly);
	RUN(a_file_that_fails_its_integrity_check_is_set_aside_and_a_fresh_one_serves);
	RUN(wiped_text_is_gone_from_the_database_its_wal_and_shm_within_the_wipe);
	RUN(a_completion_and_its_audit_row_commit_together_or_not_at_all);
	RUN(a_qr_only_visit_gets_the_short_retention_once_it_is_finished);
	RUN(store_errmsg_tells_the_last_failure_of_outbox_audit_and_retention);
	RUN(device_state_survives_closing_the_database);
	RUN(a_database_of_every_earlier_schema_upgrades_in_order);
	RUN(a_visit_with_a_safety_alert_outlives_retention_until_sent_and_acknowledged);
	return 0;
}
