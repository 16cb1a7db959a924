/* tests/unit/theme_test.c - every text/background pair of both themes meets
 * WCAG AAA contrast (7:1), computed from the theme colours themselves. */
#include "test.h"
#include "ui/ui_int.h"

static const char *theme_name;
static Theme th;

static void pair(const char *what, Color fg, Color bg)
{
	double c = theme_contrast(fg, bg);
	printf("# %s theme, %s: %.2f:1\n", theme_name, what, c);
	CHECK(c >= 7.0);
}

static void all_text_pairs_meet_wcag_aaa(void)
{
	pair("body text on background", th.fg, th.bg);
	pair("secondary text on background", th.muted, th.bg);
	pair("text on header/footer bar", th.fg, th.bar);
	pair("secondary text on bar", th.muted, th.bar);
	pair("button text", th.btn_fg, th.btn);
	pair("primary button text", th.primary_fg, th.primary);
	pair("chosen answer text", th.selected_fg, th.selected);
	pair("safety alert text", th.alert_fg, th.alert);
	pair("pressed button text", th.btn_fg, th.pressed);
	pair("QR modules", th.qr_dark, th.qr_light);
}

static void contrast_formula_matches_wcag_examples(void)
{
	Color black = { 0, 0, 0, 255 }, white = { 255, 255, 255, 255 }, grey = { 0x76, 0x76, 0x76, 255 };
	CHECK(theme_contrast(black, white) > 20.99 && theme_contrast(black, white) < 21.01);
	/* #767676 on white is the well-known 4.54:1 AA limit */
	CHECK(theme_contrast(grey, white) > 4.5 && theme_contrast(grey, white) < 4.6);
}

static void touch_targets_are_at_least_9mm_on_the_7_inch_panel(void)
{
	/* 800 px over 154 mm: 48 px is 9.2 mm; the gap between targets >= 2 mm (10.4 px) */
	CHECK(th.target_pt >= 48);
	CHECK(th.gap_pt >= 11);
}

int main(void)
{
	RUN(contrast_formula_matches_wcag_examples);
	theme_name = "default";
	theme_init(&th, 0);
	RUN(all_text_pairs_meet_wcag_aaa);
	RUN(touch_targets_are_at_least_9mm_on_the_7_inch_panel);
	theme_name = "high-contrast";
	theme_init(&th, 1);
	RUN(all_text_pairs_meet_wcag_aaa);
	return 0;
}
