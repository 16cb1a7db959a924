/* app/script.c - see script.h. One command a line; "# ..." is a comment;
 * arguments are words or "double-quoted strings" (\" and \\ escapes). */
#include "app/script.h"
#include "app/monkey.h"
#include "core/util.h"
#include "export/fhir.h"
#include "export/hl7.h"
#include "app/janitor.h"
#include "store/outbox.h"
#include <time.h>
#include <stdio.h>
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>   /* header-only; its macros do nothing outside valgrind */
#endif
#endif
#ifndef CALLGRIND_DUMP_STATS_AT
#define CALLGRIND_DUMP_STATS_AT(name) ((void)(name))
#endif
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ARGS 8
#define TAP_PACE_MS 500   /* a person's pace between taps */

typedef struct Cmd {
	const char *name;
	int min_args, max_args;
	int (*run)(App *a, int argc, char **argv, char *why, size_t n);
} Cmd;


/* One turn of the real event loop at the virtual clock's time. */
static long long redraw(App *a)
{
	ui_set_now(a->ui, a->vclock);
	return ui_step(a->ui, a->vclock);
}

/* Moves the virtual clock, taking the loop's step at each deadline (and at
 * least every second) so timers, the watchdog and retention run in order. */
static void advance(App *a, long long ms)
{
	long long end = a->vclock + ms;
	while (a->vclock < end) {
		long long dl = redraw(a), step = end;
		if (dl > a->vclock && dl < end) step = dl;
		if (step - a->vclock > 1000) step = a->vclock + 1000;
		a->vclock = step;
	}
	redraw(a);
}

static int do_tap_xy(App *a, int x, int y)
{
	advance(a, TAP_PACE_MS);
	visit_input(a->visit, a->vclock);
	ui_pointer(a->ui, x, y, 1);
	redraw(a);                 /* the pressed state is drawn */
	ui_pointer(a->ui, x, y, 0);
	redraw(a);
	return 0;
}

static int cmd_tap(App *a, int argc, char **argv, char *why, size_t n)
{
	int x, y, rc;
	redraw(a);
	if (argc == 3) return do_tap_xy(a, atoi(argv[1]), atoi(argv[2]));
	rc = ui_find(a->ui, argv[1], &x, &y);
	if (rc == -1) { snprintf(why, n, "no visible widget \"%s\"", argv[1]); return -1; }
	if (rc == -2) { snprintf(why, n, "several visible widgets \"%s\"", argv[1]); return -1; }
	return do_tap_xy(a, x, y);
}

/* The k-th widget of a role (the argument, 0 without one), scrolled into
 * view like a person would, then tapped. */
static int tap_role_nth(App *a, const char *role, int argc, char **argv, char *why, size_t n)
{
	int x, y;
	redraw(a);
	if (ui_find_role(a->ui, role, argc > 1 ? atoi(argv[1]) : 0, &x, &y) != 0) {
		snprintf(why, n, "no %s widget %s on screen", role, argc > 1 ? argv[1] : "0");
		return -1;
	}
	return do_tap_xy(a, x, y);
}

static int tap_role(App *a, const char *role, char *why, size_t n)
{
	return tap_role_nth(a, role, 0, NULL, why, n);
}

/* answer N: taps the N-th answer widget; next: taps the primary button.
 * Both work in any language (screenshot scripts use them). */
static int cmd_answer(App *a, int argc, char **argv, char *why, size_t n)
{
	return tap_role_nth(a, "answer", argc, argv, why, n);
}

static int cmd_next(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc; (void)argv;
	return tap_role(a, "primary", why, n);
}

/* open [N]: the Nth clause of the agreement overview (or summary), by role. */
static int cmd_open(App *a, int argc, char **argv, char *why, size_t n)
{
	return tap_role_nth(a, "clause", argc, argv, why, n);
}

static int cmd_skip(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc; (void)argv;
	return tap_role(a, "skip", why, n);
}

/* qr-info FILE: the QR pages on screen, bytes and version of each (docs figures). */
static int cmd_qr_info(App *a, int argc, char **argv, char *why, size_t n)
{
	char *s;
	FILE *f;
	(void)argc;
	redraw(a);
	s = ui_qr_info(a->ui);
	if (!*s || !(f = fopen(argv[1], "w"))) {
		snprintf(why, n, *s ? "cannot write %s" : "no QR code on screen", argv[1]);
		free(s);
		return -1;
	}
	fputs(s, f);
	fclose(f);
	free(s);
	return 0;
}

/* show-qr: taps "Show the square code" on the handoff screen, in any language. */
static int cmd_show_qr(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc; (void)argv;
	return tap_role(a, "show-qr", why, n);
}

/* walk [answer]: like a patient, to the handoff screen: Next (or Skip)
 * where there is one, "Skip for now" on the agreement, "I'd rather not
 * answer" where a question must be answered. With "answer": the first
 * answer of each choice question is tapped and the agreement's overview
 * (every clause in one sentence) is read. Prints one "effort-step" line per tap (what it was, the words of
 * the screen left, the scroll taps it needed) and "done:handoff". */
static int cmd_walk(App *a, int argc, char **argv, char *why, size_t n)
{
	int answering = argc > 1 && !strcmp(argv[1], "answer");
	for (int step = 0; step < 400; step++) {
		int x, y, nv = 0;
		const Questionnaire *q = NULL;
		redraw(a);
		VisitScreen s = visit_screen(a->visit);
		if (s == VS_HANDOFF) { printf("done:handoff\n"); return 0; }
		const QItem *it = visit_item(a->visit, &q);
		if (it) visit_get_answer(a->visit, q, it, &nv);
		int choice = it && (it->type == QT_CHOICE || it->type == QT_OPEN_CHOICE || it->type == QT_BOOLEAN || qitem_is_scale(it));
		if (answering && ((choice && !nv) || s == VS_CLAUSE) && ui_find_role(a->ui, "answer", 0, &x, &y) == 0) {
			printf("effort-step kind=answer words=0 scroll=0 question=0\n");
			do_tap_xy(a, x, y);
			continue;
		}
		char *text = ui_speech_text(a->ui);
		int words = qm_count_words(text), scroll = ui_scroll_taps(a->ui);
		free(text);
		if (answering && s == VS_AGREE_INTRO) {   /* "Read it with me" */
			printf("effort-screen\neffort-step kind=nav words=%d scroll=%d question=0\n", words, scroll);
			advance(a, TAP_PACE_MS);
			visit_input(a->visit, a->vclock);
			visit_next(a->visit);
			continue;
		}
		if (ui_find_role(a->ui, "primary", 0, &x, &y) == 0 || ui_find_role(a->ui, "skip", 0, &x, &y) == 0 ||
		    ui_find_role(a->ui, "decline", 0, &x, &y) == 0) {
			char *d = ui_dump(a->ui);
			printf("---- screen ----\n%s", d);
			free(d);
			printf("effort-screen\neffort-step kind=nav words=%d scroll=%d question=%d\n", words, scroll, s == VS_QUESTION);
			do_tap_xy(a, x, y);
			continue;
		}
		snprintf(why, n, "walk: nothing to tap on this screen");
		return -1;
	}
	snprintf(why, n, "walk: no handoff after 400 taps");
	return -1;
}

static int cmd_hold(App *a, int argc, char **argv, char *why, size_t n)
{
	int x = atoi(argv[1]), y = atoi(argv[2]);
	double s = argc > 3 ? atof(argv[3]) : 3.0;
	(void)why; (void)n;
	redraw(a);
	visit_input(a->visit, a->vclock);
	ui_pointer(a->ui, x, y, 1);
	a->vclock += (long long)(s * 1000);
	ui_set_now(a->ui, a->vclock);
	if (s >= 2.0) ui_long_press(a->ui, x, y, (long long)(s * 1000));
	else ui_pointer(a->ui, x, y, 0);
	redraw(a);
	return 0;
}

static int cmd_type(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc; (void)why; (void)n;
	advance(a, TAP_PACE_MS);
	visit_input(a->visit, a->vclock);
	ui_text(a->ui, argv[1]);
	redraw(a);
	return 0;
}

static int cmd_key(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc;
	advance(a, TAP_PACE_MS);
	visit_input(a->visit, a->vclock);
	if (ui_key(a->ui, argv[1]) < 0 && strcmp(argv[1], "F11") != 0) {
		snprintf(why, n, "unknown key \"%s\"", argv[1]);
		return -1;
	}
	redraw(a);
	return 0;
}

static int cmd_advance(App *a, int argc, char **argv, char *why, size_t n)
{
	double s = atof(argv[1]);
	(void)argc;
	if (s < 0) { snprintf(why, n, "cannot go back in time"); return -1; }
	advance(a, (long long)(s * 1000));
	return 0;
}

static int cmd_expect(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc;
	redraw(a);
	if (ui_has_text(a->ui, argv[1])) return 0;
	char *dump = ui_dump(a->ui);
	snprintf(why, n, "expected \"%s\" on screen; the screen shows:\n%s", argv[1], dump);
	free(dump);
	return -1;
}

static int cmd_expect_not(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc;
	redraw(a);
	if (!ui_has_text(a->ui, argv[1])) return 0;
	snprintf(why, n, "\"%s\" is on screen but should not be", argv[1]);
	return -1;
}

static int cmd_shot(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc;
	redraw(a);
	if (ui_screenshot(a->ui, argv[1]) != 0) { snprintf(why, n, "cannot write %s", argv[1]); return -1; }
	return 0;
}

/* shot-pages PREFIX: one screenshot per QR page, PREFIX-1.png ... (a
 * scanner's view of every code, whatever their number). */
static int cmd_shot_pages(App *a, int argc, char **argv, char *why, size_t n)
{
	char path[1024];
	int pages;
	(void)argc;
	redraw(a);
	if ((pages = ui_qr_pages(a->ui)) < 1) { snprintf(why, n, "no QR code on screen"); return -1; }
	for (int k = 0; k < pages; k++) {
		ui_show_qr_page(a->ui, k);
		ui_frame(a->ui, a->vclock);
		snprintf(path, sizeof path, "%s-%d.png", argv[1], k + 1);
		if (ui_screenshot(a->ui, path) != 0) { snprintf(why, n, "cannot write %s", path); return -1; }
	}
	ui_show_qr_page(a->ui, 0);
	return 0;
}

/* layout-ok: fails if the frame reports overflow, clipping or small targets. */
static int cmd_layout_ok(App *a, int argc, char **argv, char *why, size_t n)
{
	char *r;
	(void)argc; (void)argv;
	redraw(a);
	if (!(r = ui_layout_report(a->ui))) return 0;
	snprintf(why, n, "layout problems:\n%s", r);
	free(r);
	return -1;
}

/* summary FILE: writes the text the handoff QR carries (tests compare it). */
static int cmd_summary(App *a, int argc, char **argv, char *why, size_t n)
{
	UiHost h = app_ui_host(a);
	char *s = h.summary(h.ctx, a->visit);
	FILE *f = fopen(argv[1], "w");
	(void)argc;
	if (!f || !s) { snprintf(why, n, "cannot write %s", argv[1]); free(s); if (f) fclose(f); return -1; }
	fputs(s, f);
	fclose(f);
	free(s);
	return 0;
}

/* speak-wav FILE: synthesises what the speaker button would read now. */
static int cmd_speak_wav(App *a, int argc, char **argv, char *why, size_t n)
{
	char *s;
	long samples = 0;
	int rc;
	(void)argc;
	redraw(a);
	s = ui_speech_text(a->ui);
	rc = speech_to_wav(visit_lang(a->visit), s, a->cfg.speech_rate, argv[1], &samples);
	free(s);
	if (rc != 0) { snprintf(why, n, "cannot synthesise speech to %s", argv[1]); return -1; }
	return 0;
}

/* export-fhir FILE / export-hl7 FILE: the visit now on screen as the
 * transaction Bundle (pretty) or ORU^R01 the outbox would send. */
static int write_export(App *a, const char *path, int hl7, char *why, size_t n)
{
	VisitRecord r;
	FhirOptions fo = { NULL, 1 };
	char *text;
	FILE *f;
	app_visit_record(a, a->visit, &r);
	text = hl7 ? hl7_oru(&r, NULL) : fhir_bundle(&r, &fo);
	if (!text || !(f = fopen(path, "w"))) { free(text); snprintf(why, n, "cannot write %s", path); return -1; }
	fputs(text, f);
	fclose(f);
	free(text);
	return 0;
}

static int cmd_export_fhir(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc;
	return write_export(a, argv[1], 0, why, n);
}

/* export-fhir-tx PREFIX: the FHIR transactions the outbox would send, one
 * file each: PREFIX-1.json, PREFIX-2.json ... */
static int cmd_export_fhir_tx(App *a, int argc, char **argv, char *why, size_t n)
{
	VisitRecord r;
	char **txs = NULL, path[1024];
	int n_tx, i, rc = 0;
	FILE *f;
	(void)argc;
	visit_record(a->visit, &r, app_now_unix(a));
	n_tx = fhir_transactions(&r, NULL, &txs);
	for (i = 0; i < n_tx && rc == 0; i++) {
		snprintf(path, sizeof path, "%s-%d.json", argv[1], i + 1);
		if (!(f = fopen(path, "w"))) { snprintf(why, n, "cannot write %s", path); rc = -1; break; }
		fputs(txs[i], f);
		fclose(f);
	}
	fhir_free_all(txs, n_tx);
	return rc;
}

static int cmd_export_hl7(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc;
	return write_export(a, argv[1], 1, why, n);
}

/* double-tap X Y: two quick taps (the audio guide activates). */
static int cmd_double_tap(App *a, int argc, char **argv, char *why, size_t n)
{
	int x = atoi(argv[1]), y = atoi(argv[2]);
	(void)argc; (void)why; (void)n;
	advance(a, TAP_PACE_MS);
	for (int i = 0; i < 2; i++) {
		visit_input(a->visit, a->vclock);
		ui_pointer(a->ui, x, y, 1);
		a->vclock += 60;
		ui_set_now(a->ui, a->vclock);
		ui_pointer(a->ui, x, y, 0);
		a->vclock += 120;
		ui_set_now(a->ui, a->vclock);
	}
	redraw(a);
	return 0;
}

/* drag X1 Y1 X2 Y2: a finger moved across the screen in small steps. */
static int cmd_drag(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc; (void)why; (void)n;
	script_drag(a, atoi(argv[1]), atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
	return 0;
}

void script_drag(App *a, int x1, int y1, int x2, int y2)
{
	advance(a, TAP_PACE_MS);
	visit_input(a->visit, a->vclock);
	ui_pointer(a->ui, x1, y1, 1);
	for (int i = 1; i <= 20; i++) {
		a->vclock += 30;
		ui_set_now(a->ui, a->vclock);
		ui_pointer_move(a->ui, x1 + (x2 - x1) * i / 20, y1 + (y2 - y1) * i / 20);
		redraw(a);   /* frames come between moves, as on the device */
	}
	ui_pointer(a->ui, x2, y2, 0);
	a->vclock += 500;      /* lift and wait: not a double tap */
	redraw(a);
}

/* expect-spoken "text": the audio guide said text since the last check. */
static int cmd_expect_spoken(App *a, int argc, char **argv, char *why, size_t n)
{
	char *s;
	(void)argc;
	redraw(a);
	s = ui_spoken(a->ui);
	size_t len = strlen(s);
	if (a->spoken_mark > len) a->spoken_mark = 0;   /* a new visit started a new log */
	if (strstr(s + a->spoken_mark, argv[1])) { a->spoken_mark = len; free(s); return 0; }
	snprintf(why, n, "expected the guide to say \"%s\"; since the last check it said:\n%s", argv[1], s + a->spoken_mark);
	free(s);
	return -1;
}

/* expect-spoken-last "text": the guide's most recent utterance is text. */
static int cmd_expect_spoken_last(App *a, int argc, char **argv, char *why, size_t n)
{
	char *s, *last;
	(void)argc;
	redraw(a);
	s = ui_spoken(a->ui);
	last = strrchr(s, '\n');
	last = last ? last + 1 : s;
	if (strcmp(last, argv[1]) == 0) { free(s); return 0; }
	snprintf(why, n, "expected the guide to say last \"%s\"; it said last \"%s\"", argv[1], last);
	free(s);
	return -1;
}

/* wait-sent SECONDS: waits (real time) until the outbox has nothing left
 * to send, for tests with a real local server; fails on time-out. */
static int cmd_wait_sent(App *a, int argc, char **argv, char *why, size_t n)
{
	double limit = atof(argv[1]);
	struct timespec t0, t, nap = { 0, 50 * 1000 * 1000 };
	OutboxStats st;
	(void)argc;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (outbox_stats(a->store, &st) == 0 && st.pending + st.failed == 0) return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 > limit) break;
		nanosleep(&nap, NULL);
	}
	snprintf(why, n, "outbox still has %d waiting and %d retrying after %g s (last problem: %s)",
		 st.pending, st.failed, limit, st.last_error);
	return -1;
}

/* Writes the text get(ui) (malloc'd) to path with fopen mode, then a newline. */
static int write_text(App *a, const char *path, const char *mode, char *(*get)(Ui *), char *why, size_t n)
{
	char *s;
	FILE *f = fopen(path, mode);
	if (!f) { snprintf(why, n, "cannot write %s", path); return -1; }
	redraw(a);
	s = get(a->ui);
	fprintf(f, "%s\n", s);
	fclose(f);
	free(s);
	return 0;
}

/* spoken FILE: writes everything the audio guide has said in this visit. */
static int cmd_spoken(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc;
	return write_text(a, argv[1], "w", ui_spoken, why, n);
}

/* speech FILE: writes what the speaker button would read now. */
static int cmd_speech(App *a, int argc, char **argv, char *why, size_t n)
{
	return write_text(a, argv[1], argc > 2 && !strcmp(argv[2], "append") ? "a" : "w", ui_speech_text, why, n);
}

static int cmd_dump(App *a, int argc, char **argv, char *why, size_t n)
{
	char *s;
	(void)argc; (void)argv; (void)why; (void)n;
	redraw(a);
	s = ui_dump(a->ui);
	printf("---- screen ----\n%s", s);
	free(s);
	return 0;
}

/* frames N: fails unless exactly N frames were drawn so far (idle CPU check). */
/* where LABEL: prints "where X Y", the panel point a tap on LABEL would hit
 * (make bench clicks a real window there). Fails when LABEL is not on screen. */
static int cmd_where(App *a, int argc, char **argv, char *why, size_t n)
{
	int x, y;
	(void)argc;
	redraw(a);
	if (ui_find(a->ui, argv[1], &x, &y) != 0) { snprintf(why, n, "no single \"%s\" on screen", argv[1]); return -1; }
	printf("where %d %d\n", x, y);
	fflush(stdout);
	return 0;
}

/* redraw NAME [cold]: draws the current screen once more, whatever changed,
 * and prints "redraw NAME <microseconds>" on stdout (a screen's name, never
 * patient data); "cold" first forgets rendered text, so the frame costs what
 * a screen's first frame does. Under callgrind the frame's instructions are
 * dumped as a profile part named NAME (make bench: first and repeat frames). */
static int cmd_redraw(App *a, int argc, char **argv, char *why, size_t n)
{
	struct timespec t0, t1;
	if (argc > 2 && strcmp(argv[2], "cold") != 0) { snprintf(why, n, "redraw NAME [cold]"); return -1; }
	CALLGRIND_DUMP_STATS_AT("before-redraw");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (argc > 2) ui_drop_caches(a->ui);
	ui_invalidate(a->ui);
	redraw(a);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CALLGRIND_DUMP_STATS_AT(argv[1]);
	printf("redraw %s %lld\n", argv[1],
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000);
	fflush(stdout);
	return 0;
}

static int cmd_frames_at_most(App *a, int argc, char **argv, char *why, size_t n)
{
	int max = atoi(argv[1]);
	(void)argc;
	if (ui_frames_drawn(a->ui) <= max) return 0;
	snprintf(why, n, "%d frames drawn, expected at most %d", ui_frames_drawn(a->ui), max);
	return -1;
}

/* purge DAYS: the retention purge as it would run DAYS from now (virtual
 * clock), on the janitor thread as in the kiosk; waits (real time, up to
 * 120 s) until it has finished and prints what it deleted to stderr. */
static int cmd_purge(App *a, int argc, char **argv, char *why, size_t n)
{
	JanitorReport r;
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	(void)argc;
	if (!a->janitor) { snprintf(why, n, "the retention janitor is not running"); return -1; }
	janitor_kick(a->janitor, app_now_unix(a) + (long long)(atof(argv[1]) * 86400));
	for (int i = 0; i < 6000 && janitor_busy(a->janitor); i++) nanosleep(&nap, NULL);
	if (!janitor_report(a->janitor, &r)) { snprintf(why, n, "the retention purge did not finish in 120 s"); return -1; }
	if (r.failed) { snprintf(why, n, "the retention purge failed: %s", r.err); return -1; }
	fprintf(stderr, "accord: retention: deleted %d handed-off, %d unsent, %d unfinished visits\n",
		r.deleted.handed_off, r.deleted.unsent, r.deleted.abandoned);
	return 0;
}

static void settle(App *a);

/* monkey SEED EVENTS [PIN]: random input (app/monkey.c); prints its figures. */
static int cmd_monkey(App *a, int argc, char **argv, char *why, size_t n)
{
	MonkeyReport r;
	unsigned long long seed = strtoull(argv[1], NULL, 10);
	if (monkey_run(a, seed, atol(argv[2]), argc > 3 ? argv[3] : NULL, 10000, stdout, &r) != 0) {
		snprintf(why, n, "monkey seed %llu: event %ld hung", seed, r.events);
		return -1;
	}
	printf("monkey: seed %llu events %ld visits %d screens %d rss-after-first-visit+1000 %ld KiB rss-end %ld KiB peak %ld KiB"
	       " slowest %ld ms; largest peak rise +%ld KiB at event %ld (%s, screen %d)\n", seed, r.events, r.visits_done,
	       r.screens_seen, r.rss_kib_first, r.rss_kib_end, r.peak_kib, r.slowest_ms, r.peak_jump_kib, r.peak_jump_event,
	       r.peak_jump_kind ? r.peak_jump_kind : "-", r.peak_jump_screen);
	return 0;
}

/* tick: one turn of the event loop now (ui_step: the visit's timers, a
 * frame, then the host's duties: workers, retention when due). */
static int cmd_tick(App *a, int argc, char **argv, char *why, size_t n)
{
	(void)argc; (void)argv; (void)why; (void)n;
	redraw(a);
	return 0;
}

/* pause SECONDS: waits in real time (a test looks at the files meanwhile). */
static int cmd_pause(App *a, int argc, char **argv, char *why, size_t n)
{
	double s = atof(argv[1]);
	struct timespec t = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	(void)a; (void)argc; (void)why; (void)n;
	if (s > 0 && s < 3600) nanosleep(&t, NULL);
	return 0;
}

void script_advance(App *a, long long ms) { advance(a, ms); }
void script_settle(App *a) { settle(a); }
void script_tap(App *a, int x, int y) { do_tap_xy(a, x, y); }

static const Cmd commands[] = {
	{ "tap", 1, 2, cmd_tap },
	{ "hold", 2, 3, cmd_hold },
	{ "answer", 0, 1, cmd_answer },
	{ "next", 0, 0, cmd_next },
	{ "walk", 0, 1, cmd_walk },
	{ "skip-agreement", 0, 0, cmd_skip },
	{ "open", 0, 1, cmd_open },
	{ "type", 1, 1, cmd_type },
	{ "key", 1, 1, cmd_key },
	{ "advance", 1, 1, cmd_advance },
	{ "expect", 1, 1, cmd_expect },
	{ "expect-not", 1, 1, cmd_expect_not },
	{ "shot", 1, 1, cmd_shot },
	{ "shot-pages", 1, 1, cmd_shot_pages },
	{ "show-qr", 0, 0, cmd_show_qr },
	{ "qr-info", 1, 1, cmd_qr_info },
	{ "layout-ok", 0, 0, cmd_layout_ok },
	{ "summary", 1, 1, cmd_summary },
	{ "speech", 1, 2, cmd_speech },
	{ "speak-wav", 1, 1, cmd_speak_wav },
	{ "double-tap", 2, 2, cmd_double_tap },
	{ "drag", 4, 4, cmd_drag },
	{ "expect-spoken", 1, 1, cmd_expect_spoken },
	{ "wait-sent", 1, 1, cmd_wait_sent },
	{ "expect-spoken-last", 1, 1, cmd_expect_spoken_last },
	{ "spoken", 1, 1, cmd_spoken },
	{ "export-fhir", 1, 1, cmd_export_fhir },
	{ "export-fhir-tx", 1, 1, cmd_export_fhir_tx },
	{ "export-hl7", 1, 1, cmd_export_hl7 },
	{ "dump", 0, 0, cmd_dump },
	{ "frames-at-most", 1, 1, cmd_frames_at_most },
	{ "purge", 1, 1, cmd_purge },
	{ "redraw", 1, 2, cmd_redraw },
	{ "where", 1, 1, cmd_where },
	{ "monkey", 2, 3, cmd_monkey },
	{ "tick", 0, 0, cmd_tick },
	{ "pause", 1, 1, cmd_pause },
};

/* Splits a line into words and quoted strings, in place. */
static int split(char *s, char **argv, char *why, size_t n)
{
	int argc = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t') s++;
		if (!*s || *s == '\n' || *s == '\r') break;
		if (argc == MAX_ARGS) { snprintf(why, n, "too many arguments"); return -1; }
		if (*s == '"') {
			char *out = ++s;
			argv[argc++] = out;
			while (*s && *s != '"') {
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\')) s++;
				*out++ = *s++;
			}
			if (*s != '"') { snprintf(why, n, "unterminated string"); return -1; }
			s++;
			*out = 0;
		} else {
			argv[argc++] = s;
			while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') s++;
			if (*s) *s++ = 0;
		}
	}
	return argc;
}

/* Lets work the UI handed off its thread finish (a staff PIN check), in
 * real time, so the next command sees its answer: up to 30 s. */
static void settle(App *a)
{
	for (int i = 0; i < 3000 && ui_busy(a->ui); i++) {
		usleep(10000);
		ui_frame(a->ui, a->vclock);
	}
}

/* The command named argv[0] that takes argc - 1 arguments; NULL and why if none. */
static const Cmd *find_cmd(int argc, char **argv, char *why, size_t n)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		const Cmd *c = &commands[i];
		if (strcmp(c->name, argv[0]) != 0) continue;
		if (argc - 1 >= c->min_args && argc - 1 <= c->max_args) return c;
		snprintf(why, n, "%s takes %d to %d arguments", c->name, c->min_args, c->max_args);
		return NULL;
	}
	snprintf(why, n, "unknown command \"%.64s\"", argv[0]);
	return NULL;
}

int script_check(const char *text, size_t len, char *why, size_t n)
{
	char *line = NULL;
	int lineno = 0, rc = 0;
	for (size_t i = 0; i < len && rc == 0;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t k = nl ? (size_t)(nl - (text + i)) : len - i;
		char *argv[MAX_ARGS], msg[256] = "";
		int argc;
		line = xrealloc(line, k + 1);
		memcpy(line, text + i, k);
		line[k] = 0;
		i += k + 1;
		lineno++;
		if (strlen(line) != k) { snprintf(msg, sizeof msg, "a NUL byte"); rc = -1; }
		else if ((argc = split(line, argv, msg, sizeof msg)) < 0) rc = -1;
		else if (argc > 0 && argv[0][0] != '#' && !find_cmd(argc, argv, msg, sizeof msg)) rc = -1;
		if (rc) snprintf(why, n, "line %d: %s", lineno, msg);
	}
	free(line);
	return rc;
}

int script_run(App *a, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], why[8192];
	int lineno = 0, rc = 0;
	if (!f) { fprintf(stderr, "%s: cannot open the script\n", path); return 1; }
	redraw(a);
	while (fgets(line, sizeof line, f)) {
		char *argv[MAX_ARGS];
		int argc;
		lineno++;
		why[0] = 0;
		char *p = line;
		while (*p == ' ' || *p == '\t') p++;
		if (*p == '#' || *p == '\n' || *p == 0) continue;
		if ((argc = split(p, argv, why, sizeof why)) < 0) { rc = 1; break; }
		if (argc == 0) continue;
		const Cmd *c = find_cmd(argc, argv, why, sizeof why);
		if (!c) { rc = 1; break; }
		if (c->run(a, argc, argv, why, sizeof why) != 0) rc = 1;
		settle(a);
		if (rc) break;
	}
	fclose(f);
	if (rc) fprintf(stderr, "%s:%d: %s\n", path, lineno, why);
	return rc;
}
