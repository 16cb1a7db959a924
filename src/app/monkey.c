/* app/monkey.c - see monkey.h. A small xorshift generator (never rand(), so
 * a seed replays the same events on every machine) picks one event at a
 * time; about half aim at a widget on screen (found by its text or role)
 * so the monkey gets past the first screens, the rest are anywhere. */
#include "app/monkey.h"
#include "app/script.h"
#include "core/util.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Rng { unsigned long long s; } Rng;

static unsigned long long next(Rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

static int below(Rng *r, int n) { return n > 0 ? (int)(next(r) % (unsigned)n) : 0; }

/* Text a patient, a child or a stuck key could type. */
static const char *const samples[] = {
	"Maria Jose", "Zoë Núñez-García", "O'Brien", "1961-07-14", "31/02/1999", "0000-00-00",
	"I want to talk about my dose 💊😀👍🏽", "👨‍👩‍👧‍👦🏳️‍🌈",
	"مرحبا كيف حالك", "שלום עולם", "日本語のテキスト",
	"Ελληνικά", "\t\r\n", "\x01\x02\x1b[2J\x7f", "%s%n%x%p", "'; DROP TABLE visit; --", "\"\\\"",
	"e\xcc\x81\xcc\x81\xcc\x81", "\xe2\x80\xae" "abc", " ", "",
};

static long rss_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(field);
	if (!f) return -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, field, n) && line[n] == ':') { v = atol(line + n + 1); break; }
	fclose(f);
	return v;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A long string: 10,000 characters of mixed scripts. */
static char *long_text(Rng *r)
{
	static const char *const parts[] = { "a", "é", "ñ", "😀", "ש", "ب", " ", "日", "\xcc\x81" };
	Buf b = { 0 };
	for (int i = 0; i < 10000; i++) buf_add(&b, parts[below(r, (int)(sizeof parts / sizeof *parts))]);
	return buf_take(&b);
}

/* Tap one visible widget chosen at random by its text, if it is unique.
 * Never "Shut down" (in a headless run the app refuses it anyway). */
static void tap_widget(App *a, Rng *r)
{
	char *dump = ui_dump(a->ui), *line, *save = NULL;
	int n = 0, pick, x, y;
	for (char *p = dump; *p; p++) n += *p == '\n';
	pick = below(r, n ? n : 1);
	for (line = strtok_r(dump, "\n", &save); line && pick > 0; line = strtok_r(NULL, "\n", &save)) pick--;
	if (line && !strstr(line, "Shut down") && !strstr(line, "Apagar") && ui_find(a->ui, line, &x, &y) == 0)
		script_tap(a, x, y);
	free(dump);
}

static void tap_role(App *a, Rng *r)
{
	static const char *const roles[] = { "answer", "answer", "answer", "primary", "primary", "primary", "primary", "skip" };
	int x, y;
	const char *role = roles[below(r, 8)];
	if (ui_find_role(a->ui, role, strcmp(role, "answer") ? 0 : below(r, 12), &x, &y) == 0) script_tap(a, x, y);
}

static void type_text(App *a, Rng *r)
{
	int k = below(r, 100);
	script_advance(a, 300);
	visit_input(a->visit, a->vclock);
	if (k < 3) {
		char *t = long_text(r);
		ui_text(a->ui, t);
		free(t);
	} else if (k < 8) {
		char bytes[16];                     /* arbitrary bytes, not even UTF-8 */
		for (int i = 0; i < 15; i++) bytes[i] = (char)(1 + below(r, 255));
		bytes[15] = 0;
		ui_text(a->ui, bytes);
	} else {
		ui_text(a->ui, samples[below(r, (int)(sizeof samples / sizeof *samples))]);
	}
}

static void press_key(App *a, Rng *r)
{
	static const char *const keys[] = { "Return", "Escape", "Backspace", "Tab", "Left", "Right", "Up", "Down", "Space" };
	script_advance(a, 200);
	visit_input(a->visit, a->vclock);
	ui_key(a->ui, keys[below(r, (int)(sizeof keys / sizeof *keys))]);
}

static void drag(App *a, Rng *r)
{
	int x1 = below(r, a->w), y1 = below(r, a->h), x2 = below(r, a->w), y2 = below(r, a->h);
	script_drag(a, x1, y1, x2, y2);
}

static void long_press(App *a, Rng *r, const char *pin)
{
	int corner = below(r, 3) == 0, x = corner ? 4 : below(r, a->w), y = corner ? 4 : below(r, a->h);
	long long ms = 2000 + below(r, 2000);
	script_advance(a, 300);
	visit_input(a->visit, a->vclock);
	ui_pointer(a->ui, x, y, 1);
	a->vclock += ms;
	ui_set_now(a->ui, a->vclock);
	ui_long_press(a->ui, x, y, ms);
	if (corner && pin && below(r, 2) == 0) {          /* staff mode with the right PIN */
		script_advance(a, 0);                     /* one loop step: the PIN pad is built */
		ui_text(a->ui, pin);
		ui_key(a->ui, "Return");
		script_settle(a);                         /* the PIN is checked off the UI thread */
	}
}

/* One clock jump: mostly seconds, sometimes past the idle warning and wipe,
 * rarely a day (retention). */
static void jump(App *a, Rng *r)
{
	int k = below(r, 100);
	long long ms = k < 90 ? below(r, 20000) : k < 99 ? 60000 + below(r, 120000) : 86400000LL;
	script_advance(a, ms);
}

int monkey_run(App *a, unsigned long long seed, long events, const char *pin, long hang_ms,
	       FILE *log, MonkeyReport *r)
{
	Rng g = { seed * 2654435761ULL + 0x9E3779B97F4A7C15ULL };
	int seen[VS_HANDOFF + 2] = { 0 };
	long first_visit_at = -1;
	VisitScreen prev = VS_ATTRACT;
	long last_hwm = 0;
	memset(r, 0, sizeof *r);
	for (long i = 0; i < events; i++) {
		long long t0 = now_ms(), dt;
		int k = below(&g, 1000);
		script_advance(a, 0);     /* one turn of the real loop (ui_step), as between events */
		const char *kind;
		if (k < 450) { tap_role(a, &g); kind = "tap on a button"; }
		else if (k < 600) { tap_widget(a, &g); kind = "tap on a widget"; }
		else if (k < 700) { script_tap(a, below(&g, a->w), below(&g, a->h)); kind = "tap anywhere"; }
		else if (k < 750) { drag(a, &g); kind = "drag"; }
		else if (k < 770) { long_press(a, &g, pin); kind = "long press"; }
		else if (k < 850) { press_key(a, &g); kind = "key"; }
		else if (k < 950) { type_text(a, &g); kind = "typed text"; }
		else { jump(a, &g); kind = "clock jump"; }
		script_advance(a, 0);
		dt = now_ms() - t0;
		long hwm = rss_kib("VmHWM");
		if (last_hwm > 0 && hwm - last_hwm > r->peak_jump_kib) {
			r->peak_jump_kib = hwm - last_hwm;
			r->peak_jump_event = i;
			r->peak_jump_kind = kind;
			r->peak_jump_screen = (int)visit_screen(a->visit);
		}
		last_hwm = hwm;
		if (dt > r->slowest_ms) r->slowest_ms = (long)dt;
		r->events = i + 1;
		VisitScreen s = visit_screen(a->visit);
		if ((int)s >= 0 && (int)s <= VS_HANDOFF) seen[s] = 1;
		if (ui_staff_active(a->ui)) seen[VS_HANDOFF + 1] = 1;
		if (s == VS_HANDOFF && prev != VS_HANDOFF) r->visits_done++;
		prev = s;
		if (first_visit_at < 0 && r->visits_done > 0) first_visit_at = i;
		if (first_visit_at >= 0 && i == first_visit_at + 1000) r->rss_kib_first = rss_kib("VmRSS");
		if (dt > hang_ms) {
			fprintf(log, "monkey: seed %llu event %ld took %lld ms (hang)\n", seed, i, dt);
			return -1;
		}
		if ((i + 1) % 10000 == 0) {
			fprintf(log, "monkey: seed %llu %ld events rss %ld KiB\n", seed, i + 1, rss_kib("VmRSS"));
			fflush(log);
		}
	}
	r->rss_kib_end = rss_kib("VmRSS");
	r->peak_kib = rss_kib("VmHWM");
	for (int s = 0; s < VS_HANDOFF + 2; s++) r->screens_seen += seen[s];
	return 0;
}
