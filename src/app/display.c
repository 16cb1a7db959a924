/* app/display.c - see display.h. */
#include "app/display.h"
#include "core/night.h"
#include "core/util.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WAKE_MS (10 * 60 * 1000LL)   /* a touch at night lights the screen this long */

struct Display {
	int off, on;                  /* minutes since midnight, -1: none */
	long long wake_until;         /* loop ms */
	int dark;                     /* as last decided */
	int hardware;                 /* 0 headless: never touch the machine's backlight */
};

Display *display_new(const char *off, const char *on, int hardware)
{
	Display *d = xcalloc(1, sizeof *d);
	d->hardware = hardware;
	d->off = night_parse(off);
	d->on = night_parse(on);
	return d;
}

void display_free(Display *d)
{
	free(d);
}

int display_scheduled(const Display *d)
{
	return d && night_minutes_to_change(d->off, d->on, 0) > 0;
}

/* bl_power of every backlight: 0 on, 4 off (FB_BLANK_POWERDOWN). Quietly
 * does nothing where there is none or it may not be written. */
static void backlight(int on)
{
	DIR *dir = opendir("/sys/class/backlight");
	struct dirent *e;
	if (!dir) return;
	while ((e = readdir(dir))) {
		char path[600];
		FILE *f;
		if (e->d_name[0] == '.') continue;
		snprintf(path, sizeof path, "/sys/class/backlight/%s/bl_power", e->d_name);
		if ((f = fopen(path, "w"))) { fputs(on ? "0" : "4", f); fclose(f); }
	}
	closedir(dir);
}

int display_dark(Display *d, long long now_unix, long long now_ms, int between_visits, int woken)
{
	time_t t = (time_t)now_unix;
	struct tm tm;
	int dark;
	if (!d) return 0;
	if (woken) d->wake_until = now_ms + WAKE_MS;
	localtime_r(&t, &tm);
	dark = between_visits && now_ms >= d->wake_until && night_dark(d->off, d->on, tm.tm_hour * 60 + tm.tm_min);
	if (dark != d->dark && d->hardware) backlight(!dark);
	d->dark = dark;
	return dark;
}
