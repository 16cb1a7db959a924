/* app/script.h - headless driving: runs a script of UI commands (tap, type,
 * key, advance, expect, expect-not, shot, ...) against the app on a virtual
 * clock. Commands live in one table, so new ones are one row each. */
#ifndef APP_SCRIPT_H
#define APP_SCRIPT_H
#include "app/app.h"

/* Runs the script; 0 when it completes, else prints "file:line: reason" to
 * stderr and returns 1. */
int script_run(App *a, const char *path);
/* Checks script text without running it: every line splits into words and
 * names a known command with a right number of arguments. 0, or -1 with
 * "line N: why" in why. */
int script_check(const char *text, size_t len, char *why, size_t n);

/* Shared with the monkey (app/monkey.c): move the virtual clock, taking
 * the event loop's step (ui_step) at each deadline; 0 ms is one step now.
 * Tap a point at a person's pace; drag. */
void script_advance(App *a, long long ms);
void script_tap(App *a, int x, int y);
/* Waits (real time, up to 30 s) for work the UI handed off its thread (a
 * staff PIN check) to finish, so the next input sees its answer. */
void script_settle(App *a);
/* A finger dragged from x1,y1 to x2,y2 in small steps, then lifted. */
void script_drag(App *a, int x1, int y1, int x2, int y2);
#endif
