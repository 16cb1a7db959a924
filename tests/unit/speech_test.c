/* tests/unit/speech_test.c - read-aloud: English and Spanish screen texts
 * synthesised to WAV (non-silent, plausibly long, faster when faster), and
 * the live path (speech_new/say/stop/free) on SDL's dummy audio driver:
 * prompt stop, no blocking of the caller, no crash or leak. WAVs land in
 * build/test-out/ (tests/check_speech.sh cross-checks one with sox). */
#include "test.h"
#include "ui/speech.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define OUT "build/test-out"
#define EN "What number best describes your pain on average in the past week?"
#define ES "¿Cuánto dolor tiene en este momento?"
#define SCREEN "Question 3 of 9\n" \
	"What number best describes your pain on average in the past week?\n" \
	"0 means no pain. 10 means pain as bad as you can imagine.\n" \
	"0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nNext\nBack"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

static int words(const char *s)
{
	int n = 0, in = 0;
	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\n' || *s == '\t';
		if (!sp && !in) n++;
		in = !sp;
	}
	return n;
}

/* A 16-bit mono PCM WAV read back: rate and samples (caller frees pcm). */
typedef struct Wav { int rate; long n; short *pcm; } Wav;

static int read_wav(const char *path, Wav *w)
{
	memset(w, 0, sizeof *w);
	FILE *f = fopen(path, "rb");
	if (!f) return -1;
	unsigned char h[44];
	int ok = fread(h, 1, 44, f) == 44 && !memcmp(h, "RIFF", 4) && !memcmp(h + 8, "WAVE", 4)
		&& !memcmp(h + 36, "data", 4) && h[20] == 1 && h[22] == 1 && h[34] == 16;
	if (ok) {
		w->rate = h[24] | h[25] << 8 | h[26] << 16 | h[27] << 24;
		uint32_t bytes = (uint32_t)h[40] | (uint32_t)h[41] << 8 | (uint32_t)h[42] << 16 | (uint32_t)h[43] << 24;
		w->n = (long)(bytes / 2);
		w->pcm = malloc((size_t)w->n * 2 + 2);
		unsigned char *raw = malloc((size_t)w->n * 2 + 2);
		ok = fread(raw, 2, (size_t)w->n, f) == (size_t)w->n;
		for (long i = 0; ok && i < w->n; i++) w->pcm[i] = (short)(raw[2 * i] | raw[2 * i + 1] << 8);
		free(raw);
	}
	fclose(f);
	if (!ok) { free(w->pcm); w->pcm = NULL; }
	return ok ? 0 : -1;
}

/* espeak-ng varies a few samples between runs (pitch jitter, state left by
 * the previous voice), so lengths are compared with a tolerance. */
static int near(long a, long b, double tol)
{
	return a > 0 && b > 0 && (double)labs(a - b) <= tol * (double)(a > b ? a : b);
}

static double rms(const Wav *w)
{
	double sum = 0;
	for (long i = 0; i < w->n; i++) sum += (double)w->pcm[i] * w->pcm[i];
	return w->n ? sqrt(sum / (double)w->n) : 0;
}

/* Synthesises text at 160 wpm, checks loudness and length per word. */
static void check_screen_text(const char *lang, const char *text, const char *file)
{
	long n = 0;
	CHECK(speech_to_wav(lang, text, 160, file, &n) == SPEECH_OK);
	Wav w;
	CHECK(read_wav(file, &w) == 0);
	if (!w.pcm) return;
	CHECK(w.rate == 22050);
	CHECK(w.n == n);
	double secs = (double)w.n / w.rate, per_word = secs / words(text);
	printf("# %s: %.2f s, %.2f s per word, RMS %.0f\n", lang, secs, per_word, rms(&w));
	CHECK(rms(&w) > 500);
	CHECK(per_word > 0.25 && per_word < 1.2);
	free(w.pcm);
}

static void english_question_is_spoken_aloud_at_a_plausible_length(void)
{
	check_screen_text("en", EN, OUT "/speech_en.wav");
}

static void spanish_question_is_spoken_aloud_at_a_plausible_length(void)
{
	check_screen_text("es", ES, OUT "/speech_es.wav");
}

static void a_faster_rate_gives_a_shorter_recording(void)
{
	long slow = 0, fast = 0;
	CHECK(speech_to_wav("en", EN, 160, OUT "/speech_en_160.wav", &slow) == SPEECH_OK);
	CHECK(speech_to_wav("en", EN, 320, OUT "/speech_en_320.wav", &fast) == SPEECH_OK);
	CHECK(fast > 0 && slow > 0);
	CHECK(fast < slow * 0.75);
}

static void spanish_voice_differs_from_english_reading_the_same_text(void)
{
	long en = 0, es = 0;
	CHECK(speech_to_wav("en", ES, 160, OUT "/speech_es_as_en.wav", &en) == SPEECH_OK);
	CHECK(speech_to_wav("es", ES, 160, OUT "/speech_es_again.wav", &es) == SPEECH_OK);
	CHECK(!near(en, es, 0.05));
}

static void unknown_or_regional_language_falls_back_to_a_voice(void)
{
	long xx = 0, en = 0, mx = 0;
	CHECK(speech_to_wav("xx", EN, 160, OUT "/speech_xx.wav", &xx) == SPEECH_OK);
	CHECK(speech_to_wav("en", EN, 160, OUT "/speech_en_ref.wav", &en) == SPEECH_OK);
	CHECK(near(xx, en, 0.02));
	CHECK(speech_to_wav("es-MX", ES, 160, OUT "/speech_es_mx.wav", &mx) == SPEECH_OK);
	CHECK(mx > 0);
	CHECK(speech_to_wav("../../etc/passwd", EN, 160, OUT "/speech_bad.wav", &xx) == SPEECH_OK);
	CHECK(near(xx, en, 0.02));
}

static void each_screen_line_is_read_as_its_own_phrase(void)
{
	/* Lines get a clause pause: "Yes\nNo" is longer than "Yes No". */
	long lines = 0, run = 0;
	CHECK(speech_to_wav("en", "Yes\nNo\nMaybe", 160, OUT "/speech_lines.wav", &lines) == SPEECH_OK);
	CHECK(speech_to_wav("en", "Yes No Maybe", 160, OUT "/speech_run.wav", &run) == SPEECH_OK);
	CHECK(lines > run);
}

static void wav_to_an_unwritable_path_fails_cleanly(void)
{
	long n = 7;
	CHECK(speech_to_wav("en", EN, 160, OUT "/no/such/dir/x.wav", &n) == SPEECH_ERR_IO);
	CHECK(n == 0);
	CHECK(speech_to_wav("en", NULL, 160, OUT "/x.wav", &n) == SPEECH_ERR_ARG);
}

static void typical_screen_synthesis_time_is_reported(void)
{
	long n = 0;
	double t0 = now_ms();
	CHECK(speech_to_wav("en", SCREEN, 160, OUT "/speech_screen.wav", &n) == SPEECH_OK);
	double t1 = now_ms();
	printf("# typical screen: %.0f ms to synthesise %.1f s of speech (this build)\n", t1 - t0, n / 22050.0);
	CHECK(n > 22050 * 5);
}

static void say_stop_and_free_on_the_dummy_driver_do_not_crash_or_leak(void)
{
	char err[256] = "";
	Speech *s = speech_new(160, 80, err, sizeof err);
	CHECK(s != NULL);
	if (!s) { fprintf(stderr, "  %s\n", err); return; }
	CHECK(speech_available(s) == 1);
	CHECK(speech_busy(s) == 0);
	CHECK(speech_say(s, "en", EN) == SPEECH_OK);
	CHECK(speech_say(s, "es", ES) == SPEECH_OK);   /* replaces the first */
	int busy = 0;
	for (int i = 0; i < 100 && !busy; i++) { busy = speech_busy(s); sleep_ms(5); }
	CHECK(busy);
	speech_stop(s);
	CHECK(speech_busy(s) == 0);
	CHECK(speech_say(s, "en", "") == SPEECH_OK);     /* empty: just stops */
	CHECK(speech_busy(s) == 0);
	speech_stop(s);
	speech_stop(s);
	speech_free(s);
	speech_free(NULL);
}

/* An open SDL audio device (and ALSA's hot-plug thread) wakes the CPU many
 * times a second even when silent: it is open only while speaking. */
static void the_audio_device_is_closed_once_speaking_is_over_and_reopened_for_the_next_text(void)
{
	Speech *s = speech_new(160, 80, NULL, 0);
	CHECK(s != NULL);
	if (!s) return;
	CHECK(speech_device_open(s) == 0);            /* nothing opened at start */
	CHECK(speech_say(s, "en", "Yes.") == SPEECH_OK);
	CHECK(speech_device_open(s) == 1);
	int closed = 0;
	for (int i = 0; i < 200 && !closed; i++) {     /* drains, lingers ~3 s, asks */
		sleep_ms(50);
		speech_idle(s);                         /* what the UI loop's tick does */
		closed = !speech_device_open(s);
	}
	CHECK(closed);
	CHECK(speech_busy(s) == 0);
	CHECK(speech_say(s, "en", SCREEN) == SPEECH_OK);
	int busy = 0;
	for (int i = 0; i < 100 && !busy; i++) { busy = speech_busy(s); sleep_ms(5); }
	CHECK(busy);                                   /* the next text plays again */
	speech_idle(s);                                /* not while speaking */
	CHECK(speech_device_open(s) == 1);
	speech_free(s);
}

static void stop_makes_busy_go_to_zero_promptly(void)
{
	Speech *s = speech_new(160, 80, NULL, 0);
	CHECK(s != NULL);
	if (!s) return;
	CHECK(speech_say(s, "en", SCREEN) == SPEECH_OK);
	sleep_ms(300);                      /* mid-synthesis or mid-playback */
	CHECK(speech_busy(s) == 1);
	double t0 = now_ms();
	speech_stop(s);
	double t1 = now_ms();
	CHECK(speech_busy(s) == 0);
	printf("# speech_stop took %.2f ms\n", t1 - t0);   /* a figure, not a budget: budgets live in make bench */
	sleep_ms(100);                      /* the aborted synthesis must not come back */
	CHECK(speech_busy(s) == 0);
	speech_free(s);
}

/* Saying again while speaking replaces the old text, and freeing while
 * speaking is clean. How long speech_say takes is reported, not asserted
 * (timing budgets live in make bench, not in unit tests). */
static void say_again_while_speaking_and_free_mid_speech(void)
{
	Speech *s = speech_new(160, 80, NULL, 0);
	CHECK(s != NULL);
	if (!s) return;
	double worst = 0;
	for (int i = 0; i < 10; i++) {
		double t0 = now_ms();
		CHECK(speech_say(s, i % 2 ? "es" : "en", i % 2 ? ES : SCREEN) == SPEECH_OK);
		double t = now_ms() - t0;
		if (t > worst) worst = t;
		sleep_ms(20);
	}
	printf("# slowest speech_say: %.2f ms\n", worst);
	CHECK(speech_available(s) == 0 || speech_busy(s) == 1);   /* the last text is still being spoken */
	speech_free(s);                     /* while speaking */
}

static void short_text_plays_to_the_end_and_busy_clears(void)
{
	Speech *s = speech_new(400, 0, NULL, 0);
	CHECK(s != NULL);
	if (!s) return;
	CHECK(speech_say(s, "en", "Yes") == SPEECH_OK);
	int waited = 0;
	while (speech_busy(s) && waited < 5000) { sleep_ms(10); waited += 10; }
	CHECK(waited < 5000);
	CHECK(speech_busy(s) == 0);
	speech_free(s);
}

static void two_speakers_and_a_wav_render_share_the_engine_safely(void)
{
	/* SDL's dummy driver opens one device: b may come up without audio. */
	Speech *a = speech_new(160, 80, NULL, 0), *b = speech_new(200, 50, NULL, 0);
	CHECK(a && b);
	CHECK(speech_available(a));
	if (a) speech_say(a, "en", SCREEN);
	if (b) speech_say(b, "es", ES);
	long n = 0;
	CHECK(speech_to_wav("es", ES, 160, OUT "/speech_es_shared.wav", &n) == SPEECH_OK);
	CHECK(n > 0);
	speech_free(a);
	speech_free(b);
	long again = 0;                     /* the engine outlives its users */
	CHECK(speech_to_wav("es", ES, 160, OUT "/speech_es_restart.wav", &again) == SPEECH_OK);
	CHECK(near(again, n, 0.02));
}

static void without_an_audio_device_say_is_a_quiet_no_op(void)
{
	const char *old = getenv("SDL_AUDIODRIVER");
	char *keep = old ? strdup(old) : NULL;
	setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
	char err[256] = "";
	Speech *s = speech_new(160, 80, err, sizeof err);
	CHECK(s != NULL);
	if (s) {
		CHECK(speech_say(s, "en", EN) == SPEECH_OK);  /* the device is tried now */
		CHECK(speech_available(s) == 0);
		CHECK(speech_busy(s) == 0);
		CHECK(speech_say(s, "en", EN) == SPEECH_OK);
		speech_stop(s);
		speech_free(s);
	}
	if (keep) setenv("SDL_AUDIODRIVER", keep, 1); else unsetenv("SDL_AUDIODRIVER");
	free(keep);
}

static void missing_espeak_data_is_reported_not_fatal(void)
{
	const char *old = getenv("ESPEAK_DATA_PATH");
	char *keep = old ? strdup(old) : NULL;
	/* An existing but empty directory: espeak-ng falls back to its default
	 * data for a path that does not exist, so that would test nothing. */
	mkdir(OUT "/empty-espeak-data", 0755);
	setenv("ESPEAK_DATA_PATH", OUT "/empty-espeak-data", 1);
	char err[256] = "";
	Speech *s = speech_new(160, 80, err, sizeof err);
	CHECK(s == NULL);
	CHECK(strstr(err, "espeak") != NULL);
	long n = 5;
	CHECK(speech_to_wav("en", EN, 160, OUT "/speech_nodata.wav", &n) == SPEECH_ERR_DATA);
	CHECK(n == 0);
	speech_free(s);
	if (keep) setenv("ESPEAK_DATA_PATH", keep, 1); else unsetenv("ESPEAK_DATA_PATH");
	free(keep);
	CHECK(speech_to_wav("en", "Yes", 160, OUT "/speech_data_back.wav", &n) == SPEECH_OK);
}

int main(void)
{
	mkdir("build", 0755);
	mkdir(OUT, 0755);
	if (!getenv("SDL_AUDIODRIVER")) setenv("SDL_AUDIODRIVER", "dummy", 1);
	/* First: espeak initialises once per process (see ui/speech.c). */
	RUN(missing_espeak_data_is_reported_not_fatal);
	RUN(english_question_is_spoken_aloud_at_a_plausible_length);
	RUN(spanish_question_is_spoken_aloud_at_a_plausible_length);
	RUN(a_faster_rate_gives_a_shorter_recording);
	RUN(spanish_voice_differs_from_english_reading_the_same_text);
	RUN(unknown_or_regional_language_falls_back_to_a_voice);
	RUN(each_screen_line_is_read_as_its_own_phrase);
	RUN(wav_to_an_unwritable_path_fails_cleanly);
	RUN(typical_screen_synthesis_time_is_reported);
	RUN(say_stop_and_free_on_the_dummy_driver_do_not_crash_or_leak);
	RUN(stop_makes_busy_go_to_zero_promptly);
	RUN(the_audio_device_is_closed_once_speaking_is_over_and_reopened_for_the_next_text);
	RUN(say_again_while_speaking_and_free_mid_speech);
	RUN(short_text_plays_to_the_end_and_busy_clears);
	RUN(two_speakers_and_a_wav_render_share_the_engine_safely);
	RUN(without_an_audio_device_say_is_a_quiet_no_op);
	return 0;
}
