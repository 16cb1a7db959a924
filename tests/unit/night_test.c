/* tests/unit/night_test.c - the display's night schedule: HH:MM parsing,
 * windows inside one day and across midnight, the edges (off is dark, on
 * is light), and no schedule at all. */
#include "core/night.h"
#include "test.h"

static void times_are_parsed_as_minutes_and_nonsense_is_refused(void)
{
	CHECK(night_parse("00:00") == 0 && night_parse("06:30") == 390 && night_parse("23:59") == 1439);
	CHECK(night_parse("24:00") == -1 && night_parse("7:30") == -1 && night_parse("07:60") == -1);
	CHECK(night_parse("07-30") == -1 && night_parse("") == -1 && night_parse(0) == -1 && night_parse("07:301") == -1);
}

static void a_window_across_midnight_is_dark_from_off_until_on(void)
{
	int off = night_parse("22:00"), on = night_parse("06:30");
	CHECK(!night_dark(off, on, night_parse("21:59")));
	CHECK(night_dark(off, on, night_parse("22:00")));
	CHECK(night_dark(off, on, night_parse("23:59")) && night_dark(off, on, 0) && night_dark(off, on, night_parse("06:29")));
	CHECK(!night_dark(off, on, night_parse("06:30")) && !night_dark(off, on, night_parse("12:00")));
	CHECK(night_minutes_to_change(off, on, night_parse("21:00")) == 60);
	CHECK(night_minutes_to_change(off, on, night_parse("23:30")) == 7 * 60);
}

static void a_window_inside_one_day_works_too(void)
{
	int off = night_parse("12:00"), on = night_parse("13:00");   /* lunch */
	CHECK(!night_dark(off, on, night_parse("11:59")) && night_dark(off, on, night_parse("12:30")));
	CHECK(!night_dark(off, on, night_parse("13:00")) && !night_dark(off, on, 0));
}

static void without_a_schedule_the_screen_is_never_dark(void)
{
	CHECK(!night_dark(-1, 390, 0) && !night_dark(1320, -1, 1330) && !night_dark(600, 600, 600));
	CHECK(night_minutes_to_change(-1, -1, 0) == -1);
}

int main(void)
{
	RUN(times_are_parsed_as_minutes_and_nonsense_is_refused);
	RUN(a_window_across_midnight_is_dark_from_off_until_on);
	RUN(a_window_inside_one_day_works_too);
	RUN(without_a_schedule_the_screen_is_never_dark);
	return 0;
}
