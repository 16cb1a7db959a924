/* app/display.h - the screen at night: dark between display_off and
 * display_on (local time, core/night.h) while no visit is in progress and
 * staff mode is closed; a touch wakes it for ten minutes. Where the panel
 * has a backlight (/sys/class/backlight, e.g. the official DSI display) it
 * is switched off too, best effort; an HDMI monitor gets a black picture
 * and may go to its own standby. */
#ifndef APP_DISPLAY_H
#define APP_DISPLAY_H

typedef struct Display Display;

/* off/on: "HH:MM" or "" (no schedule: never dark); hardware 0 (headless)
 * leaves the machine's backlight alone. Free with display_free. */
Display *display_new(const char *off, const char *on, int hardware);
void display_free(Display *d);
/* Called every tick. now_unix: wall clock (local time decides); now_ms:
 * the loop's clock; between_visits: attract screen, staff mode closed;
 * woken: a touch on the dark screen just woke it. Returns 1 when the
 * screen should be dark now. */
int display_dark(Display *d, long long now_unix, long long now_ms, int between_visits, int woken);
/* 1 when a schedule is set (the app then wakes at least once a minute). */
int display_scheduled(const Display *d);
#endif
