/* app/monkey.h - the monkey: random input from a seed against the headless
 * app (taps on widgets and anywhere, drags, long presses, keys, typed text
 * with emoji, right-to-left script, 10,000-character strings and control
 * characters, clock jumps), so a failure replays from its seed. Used by the
 * script command "monkey SEED EVENTS [PIN]" and tests/slow/monkey.sh. */
#ifndef APP_MONKEY_H
#define APP_MONKEY_H
#include "app/app.h"
#include <stdio.h>

typedef struct MonkeyReport {
	long events;               /* events done */
	long rss_kib_first;        /* resident memory after the first completed visit's first 1,000 events */
	long rss_kib_end;          /* resident memory at the end */
	long peak_kib;             /* the process's peak resident memory (VmHWM) */
	long slowest_ms;           /* longest single event, wall clock */
	int screens_seen;          /* distinct screens reached (of VS_* plus staff mode) */
	int visits_done;           /* visits that reached the handoff screen */
	long peak_jump_kib;        /* the largest rise of the peak in one event ... */
	long peak_jump_event;      /* ... at this event */
	const char *peak_jump_kind;   /* ... of this kind ("typed text", ...) */
	int peak_jump_screen;      /* ... on this screen (VisitScreen) */
} MonkeyReport;

/* Runs events random events from seed. pin (may be NULL) lets the monkey
 * into staff mode now and then. Progress lines ("monkey: ...", no patient
 * data) go to log. Returns 0, or -1 when one event took longer than
 * hang_ms (a hang; the event number is in the log). */
int monkey_run(App *a, unsigned long long seed, long events, const char *pin, long hang_ms,
	       FILE *log, MonkeyReport *r);
#endif
