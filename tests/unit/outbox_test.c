/* tests/unit/outbox_test.c - store/outbox, audit and retention on a real
 * SQLite file (build/test-out/outbox-test.db) made by store_open. */
#include "test.h"
#include "test_db.h"
#include "core/util.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "store/retention.h"
#include "store/store.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DB "build/test-out/outbox-test.db"
#define DAY 86400LL

static Store *fresh(void)
{
	Store *s;
	remove(DB); remove(DB "-wal"); remove(DB "-shm");
	s = store_open(DB);
	if (!s || !store_ok(s)) { fprintf(stderr, "store_open: %s\n", s ? store_errmsg(s) : "?"); exit(1); }
	return s;
}

/* A completed visit with a fhir and an hl7 row. */
static void visit(Store *s, const char *uuid, const char *code, long long at)
{
	const char *kinds[] = {"fhir", "hl7"};
	char p1[64], p2[64];
	const char *payloads[] = {p1, p2};
	QValue v = {0};
	snprintf(p1, sizeof p1, "{\"visit\":\"%s\"}", uuid);
	snprintf(p2, sizeof p2, "MSH|%s", uuid);
	v.kind = QV_INT; v.i = 5;
	CHECK(store_visit_begin(s, uuid, code, "en", at - 600) == 0);
	CHECK(store_answer_put(s, uuid, "urn:f", "q1", &v, 1) == 0);
	CHECK(store_mark_put(s, uuid, "refills", 1, "why?", 10) == 0);
	CHECK(store_visit_complete(s, uuid, at, "summary", kinds, payloads, 2) == 0);
}

#define count(s, sql) db_count(store_db(s), sql)

static void outbox_keeps_order_per_kind_and_waits_for_backoff(void)
{
	Store *s = fresh();
	OutboxBackoff b = {1000, 8000, 60000};
	OutboxRow r;
	long long due = 0, now = 1000000;
	visit(s, "u1", "AAA-01", 100);
	visit(s, "u2", "AAA-02", 200);
	CHECK(outbox_next(s, "fhir", now, &r, &due) == 0);
	CHECK(strcmp(r.visit_uuid, "u1") == 0 && strstr(r.payload, "u1") && r.attempts == 0);
	CHECK(outbox_mark_failed(s, r.id, now, "the server did not answer", 0, &b) == 0);
	outbox_row_free(&r);
	/* u1 is waiting: u2 (later) is not offered meanwhile. */
	CHECK(outbox_next(s, "fhir", now + 10, &r, &due) == OUTBOX_WAIT);
	CHECK(due >= now + 500 && due <= now + 1000);
	/* The hl7 queue is independent. */
	CHECK(outbox_next(s, "hl7", now, &r, &due) == 0 && strcmp(r.visit_uuid, "u1") == 0);
	CHECK(outbox_mark_sent(s, r.id, now) == 0);
	outbox_row_free(&r);
	CHECK(outbox_next(s, "hl7", now, &r, &due) == 0 && strcmp(r.visit_uuid, "u2") == 0);
	outbox_row_free(&r);
	CHECK(outbox_next(s, "fhir", due, &r, NULL) == 0 && strcmp(r.visit_uuid, "u1") == 0 && r.attempts == 1);
	CHECK(outbox_mark_sent(s, r.id, due) == 0);
	outbox_row_free(&r);
	CHECK(outbox_next(s, "fhir", due, &r, NULL) == 0 && strcmp(r.visit_uuid, "u2") == 0);
	CHECK(outbox_mark_sent(s, r.id, due) == 0);
	outbox_row_free(&r);
	CHECK(outbox_next(s, "fhir", due, &r, NULL) == OUTBOX_EMPTY);
	CHECK(outbox_next(s, "nope", due, &r, NULL) == OUTBOX_EMPTY);
	store_close(s);
}

static void outbox_sets_handed_off_when_the_last_row_of_a_visit_is_sent(void)
{
	Store *s = fresh();
	OutboxRow r;
	visit(s, "u1", "AAA-01", 100);
	CHECK(outbox_next(s, "fhir", 5000, &r, NULL) == 0);
	CHECK(outbox_mark_sent(s, r.id, 5000) == 0);
	outbox_row_free(&r);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE handed_off IS NOT NULL") == 0);
	CHECK(outbox_next(s, "hl7", 7000, &r, NULL) == 0);
	CHECK(outbox_mark_sent(s, r.id, 7000) == 0);
	outbox_row_free(&r);
	CHECK(count(s, "SELECT handed_off FROM visit WHERE uuid='u1'") == 7);
	store_close(s);
}

static void outbox_backoff_grows_with_jitter_and_honours_retry_after(void)
{
	OutboxBackoff b = {1000, 8000, 30000};
	unsigned seed = 42;
	int a, i;
	for (a = 1; a <= 6; a++) {
		long long full = 1000LL << (a - 1);
		if (full > 8000) full = 8000;
		for (i = 0; i < 50; i++) {
			long long d = outbox_backoff_ms(&b, a, 0, &seed);
			CHECK(d >= full / 2 && d <= full);
		}
	}
	CHECK(outbox_backoff_ms(&b, 1, 20000, &seed) == 20000);
	CHECK(outbox_backoff_ms(&b, 1, 999999, &seed) == 30000);
	CHECK(outbox_backoff_default().base_ms > 0);
}

static void outbox_stats_counts_pending_failed_sent_and_keeps_the_last_error(void)
{
	Store *s = fresh();
	OutboxBackoff b = {1000, 8000, 60000};
	OutboxStats st;
	OutboxRow r;
	visit(s, "u1", "AAA-01", 100);
	visit(s, "u2", "AAA-02", 200);
	CHECK(outbox_stats(s, &st) == 0 && st.pending == 4 && st.failed == 0 && st.sent == 0 && st.oldest_unsent == 100);
	CHECK(outbox_next(s, "fhir", 0, &r, NULL) == 0);
	CHECK(outbox_mark_failed(s, r.id, 0, "the server refused our credentials (401)", 0, &b) == 0);
	outbox_row_free(&r);
	CHECK(outbox_next(s, "hl7", 0, &r, NULL) == 0);
	CHECK(outbox_mark_sent(s, r.id, 0) == 0);
	outbox_row_free(&r);
	CHECK(outbox_stats(s, &st) == 0 && st.pending == 2 && st.failed == 1 && st.sent == 1);
	CHECK(strcmp(st.last_error, "the server refused our credentials (401)") == 0);
	CHECK(outbox_mark_failed(s, 9999, 0, "x", 0, &b) == STORE_NOTFOUND);
	store_close(s);
}

static void outbox_sets_a_refused_row_aside_and_the_next_one_goes_until_staff_retry(void)
{
	Store *s = fresh();
	OutboxRow r;
	OutboxStats st;
	long long due = 0, first;
	visit(s, "u1", "AAA-01", 100);
	visit(s, "u2", "AAA-02", 200);
	CHECK(outbox_next(s, "fhir", 1000, &r, &due) == 0);
	first = r.id;
	CHECK(outbox_mark_rejected(s, r.id, 1000, "Constraint bdl-7 not met (Bundle)") == 0);
	outbox_row_free(&r);
	/* the queue goes on with the next visit */
	CHECK(outbox_next(s, "fhir", 1000, &r, &due) == 0 && str_eq(r.visit_uuid, "u2"));
	CHECK(outbox_mark_sent(s, r.id, 2000) == 0);
	outbox_row_free(&r);
	CHECK(outbox_next(s, "fhir", 3000, &r, &due) == OUTBOX_EMPTY);
	CHECK(outbox_stats(s, &st) == 0 && st.rejected == 1 && st.sent == 1 && st.pending == 2);
	CHECK(str_eq(st.rejected_reason, "Constraint bdl-7 not met (Bundle)") && str_eq(st.rejected_kind, "fhir"));
	/* a refused visit is not handed off (retention keeps it for staff) */
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid='u1' AND handed_off IS NULL") == 1);
	CHECK(outbox_mark_rejected(s, 9999, 1000, "x") == STORE_NOTFOUND);
	/* staff: send refused again */
	CHECK(outbox_retry_rejected(s) == 1);
	CHECK(outbox_next(s, "fhir", 4000, &r, &due) == 0 && r.id == first);
	outbox_row_free(&r);
	CHECK(outbox_stats(s, &st) == 0 && st.rejected == 0 && st.rejected_reason[0] == 0);
	CHECK(outbox_retry_rejected(s) == 0);
	store_close(s);
}

static void a_visit_code_counts_as_taken_while_any_visit_with_it_is_stored(void)
{
	Store *s = fresh();
	CHECK(store_code_taken(s, "472-913") == 0);
	CHECK(store_visit_begin(s, "u1", "472-913", "en", 100) == 0);
	CHECK(store_code_taken(s, "472-913") == 1);      /* unfinished */
	visit(s, "u2", "111-222", 200);
	CHECK(store_code_taken(s, "111-222") == 1);      /* completed, not yet deleted */
	CHECK(store_visit_delete(s, "u1") == 0);
	CHECK(store_code_taken(s, "472-913") == 0);      /* gone: free again */
	store_close(s);
}

static void audit_lists_recent_entries_newest_first(void)
{
	Store *s = fresh();
	AuditEntry e[3];
	CHECK(audit_add(s, 10, "visit-complete", "AAA-01") == 0);
	CHECK(audit_add(s, 11, "qr-shown", "AAA-01") == 0);
	CHECK(audit_add(s, 12, "staff-login", NULL) == 0);
	CHECK(audit_add(s, 13, "sent-fhir", "AAA-01") == 0);
	CHECK(audit_recent(s, e, 3) == 3);
	CHECK(e[0].at == 13 && strcmp(e[0].action, "sent-fhir") == 0);
	CHECK(e[1].at == 12 && e[1].visit_code[0] == 0);
	CHECK(e[2].at == 11 && strcmp(e[2].visit_code, "AAA-01") == 0);
	store_close(s);
}

static void retention_deletes_handed_off_and_old_unsent_visits_with_their_rows(void)
{
	Store *s = fresh();
	RetentionResult res;
	OutboxRow r;
	long long now = 100 * DAY;
	AuditEntry e[8];
	int n, i, unsent_audited = 0;
	/* old: handed off 8 days ago (all sent). */
	visit(s, "old", "OLD-01", now - 9 * DAY);
	while (outbox_next(s, "fhir", 0, &r, NULL) == 0 || outbox_next(s, "hl7", 0, &r, NULL) == 0) {
		CHECK(outbox_mark_sent(s, r.id, (now - 8 * DAY) * 1000) == 0);
		outbox_row_free(&r);
	}
	/* recent: handed off yesterday. */
	visit(s, "recent", "REC-01", now - 2 * DAY);
	while (outbox_next(s, "fhir", 0, &r, NULL) == 0 || outbox_next(s, "hl7", 0, &r, NULL) == 0) {
		CHECK(outbox_mark_sent(s, r.id, (now - 1 * DAY) * 1000) == 0);
		outbox_row_free(&r);
	}
	/* stuck: never delivered, completed 31 days ago; fresh: unsent, 2 days. */
	visit(s, "stuck", "STK-01", now - 31 * DAY);
	visit(s, "fresh", "FRE-01", now - 2 * DAY);
	/* abandoned: begun 10 days ago, never completed. */
	CHECK(store_visit_begin(s, "gone", "GON-01", "en", now - 10 * DAY) == 0);

	CHECK(retention_purge(s, now, 7, 30, &res) == 0);
	CHECK(res.handed_off == 1 && res.unsent == 1 && res.abandoned == 1);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid IN ('old','stuck','gone')") == 0);
	CHECK(count(s, "SELECT count(*) FROM visit WHERE uuid IN ('recent','fresh')") == 2);
	CHECK(count(s, "SELECT count(*) FROM answer WHERE visit_uuid IN ('old','stuck','gone')") == 0);
	CHECK(count(s, "SELECT count(*) FROM mark WHERE visit_uuid IN ('old','stuck')") == 0);
	CHECK(count(s, "SELECT count(*) FROM outbox WHERE visit_uuid IN ('old','stuck')") == 0);
	CHECK(count(s, "SELECT count(*) FROM answer WHERE visit_uuid='fresh'") == 1);
	n = audit_recent(s, e, 8);
	for (i = 0; i < n; i++)
		if (!strcmp(e[i].action, "retention-delete-unsent") && !strcmp(e[i].visit_code, "STK-01")) unsent_audited = 1;
	CHECK(unsent_audited);
	CHECK(count(s, "PRAGMA secure_delete") == 1);
	store_close(s);
}

static void retention_warns_staff_a_day_before_unsent_visits_go(void)
{
	Store *s = fresh();
	long long now = 100 * DAY, oldest = 0;
	visit(s, "a", "AAA-01", now - 29 * DAY - 3600);   /* goes within the day */
	visit(s, "b", "AAA-02", now - 20 * DAY);
	CHECK(retention_unsent_warning(s, now, 30, &oldest) == 1);
	CHECK(oldest == now - 29 * DAY - 3600);
	CHECK(retention_unsent_warning(s, now - 2 * DAY, 30, NULL) == 0);
	store_close(s);
}

int main(void)
{
	mkdir("build", 0755);
	mkdir("build/test-out", 0755);
	RUN(outbox_keeps_order_per_kind_and_waits_for_backoff);
	RUN(outbox_sets_handed_off_when_the_last_row_of_a_visit_is_sent);
	RUN(outbox_backoff_grows_with_jitter_and_honours_retry_after);
	RUN(outbox_stats_counts_pending_failed_sent_and_keeps_the_last_error);
	RUN(outbox_sets_a_refused_row_aside_and_the_next_one_goes_until_staff_retry);
	RUN(a_visit_code_counts_as_taken_while_any_visit_with_it_is_stored);
	RUN(audit_lists_recent_entries_newest_first);
	RUN(retention_deletes_handed_off_and_old_unsent_visits_with_their_rows);
	RUN(retention_warns_staff_a_day_before_unsent_visits_go);
	return 0;
}
