/* core/night.c - see night.h. */
#include "core/night.h"
#include <string.h>

int night_parse(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':') return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9')) return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

int night_dark(int off, int on, int minute)
{
	if (off < 0 || on < 0 || off == on) return 0;
	if (off < on) return minute >= off && minute < on;
	return minute >= off || minute < on;     /* wraps midnight */
}

int night_minutes_to_change(int off, int on, int minute)
{
	if (off < 0 || on < 0 || off == on) return -1;
	int next = night_dark(off, on, minute) ? on : off;
	int d = (next - minute + 1440) % 1440;
	return d ? d : 1440;
}
