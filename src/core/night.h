/* core/night.h - the display's night schedule (config display_off and
 * display_on, "HH:MM" local time): pure arithmetic on minutes since
 * midnight, so the rule is tested without a clock or a screen. The window
 * may wrap midnight (22:00 -> 06:30). */
#ifndef CORE_NIGHT_H
#define CORE_NIGHT_H

/* Minutes since midnight of "HH:MM" (00:00..23:59), or -1 when s is not one. */
int night_parse(const char *s);
/* 1 when minute (0..1439) is inside the dark window [off, on): from off up
 * to, not including, on. Never dark when off or on is -1, or off == on. */
int night_dark(int off, int on, int minute);
/* Minutes from minute until the window next changes (dark <-> light), 1..1440,
 * or -1 when there is no schedule. */
int night_minutes_to_change(int off, int on, int minute);
#endif
