/* app/script.h - headless driving: runs a script of UI commands (tap, type,
 * key, advance, expect, expect-not, shot, ...) against the app on a virtual
 * clock. Commands live in one table, so new ones are one row each. */
#ifndef APP_SCRIPT_H
#define APP_SCRIPT_H
#include "app/app.h"

/* Runs the script; 0 when it completes, else prints "file:line: reason" to
 * stderr and returns 1. */
int script_run(App *a, const char *path);

/* Shared with the monkey (app/monkey.c): move the virtual clock, firing
 * timers in order; tap a point at a person's pace. */
void script_advance(App *a, long long ms);
void script_tap(App *a, int x, int y);
#endif
