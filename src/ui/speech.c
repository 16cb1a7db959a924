/* ui/speech.c - read-aloud: espeak-ng in synchronous mode hands 16-bit mono
 * samples to a callback that queues them on an SDL audio device (Speech, one
 * worker thread each) or writes a WAV file (speech_to_wav).
 * espeak-ng's state is process-global and not thread-safe: every espeak call
 * runs under engine_lock, the one file-scope lock this needs. It is
 * initialised once and never terminated (espeak-ng 1.51 deadlocks in
 * espeak_ng_Terminate after a second initialise; its memory stays reachable).
 * Stopping bumps s->gen; the callback checks it and queues under s->lock, so
 * no audio of a stopped text is queued after speech_stop returns, and the
 * synthesis aborts on its next ~50 ms buffer. The UI thread never waits on
 * synthesis, only on s->lock for a handover.
 * The audio device is open only while speaking: an open SDL device (and
 * SDL's ALSA hot-plug thread) wakes the CPU many times a second even when
 * silent. speech_say opens it; the worker, once the audio has drained and
 * nothing new came for SPEECH_LINGER_MS, asks the UI thread (an SDL user event)
 * to close it, which speech_idle does on the thread that opened it. */
#include "ui/speech.h"
#include "core/util.h"
#include <SDL.h>
#include <espeak-ng/espeak_ng.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RATE_MIN 80
#define RATE_MAX 400
#define ESPEAK_BUF_MS 50       /* espeak's callback period: bounds stop latency */
#define LANG_MAX 32            /* longest voice name accepted */
#define SPEECH_LINGER_MS 3000  /* keep the device open this long after speaking */
#define ESPEAK_RATE 22050      /* espeak-ng's output rate (every voice) */

/* ---- the engine: espeak-ng's global state behind one lock ---- */

static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;
static int engine_ready;            /* 1 once espeak is initialised (for good) */
static char engine_voice[LANG_MAX]; /* voice now loaded, to skip reloading it */

/* Where synthesised samples go: put returns 1 to abort synthesis. */
typedef struct Sink {
	int (*put)(void *ctx, const short *pcm, int n);
	void *ctx;
} Sink;

/* Caller holds engine_lock. Initialises espeak once; a failure is retried
 * by the next caller. The data directory is espeak's choice: the directory
 * in ESPEAK_DATA_PATH (or its espeak-ng-data/) when it exists, else the
 * Debian default (/usr/lib/<triplet>/espeak-ng-data). */
static int engine_acquire(char *err, size_t errlen)
{
	if (engine_ready) return SPEECH_OK;
	espeak_ng_InitializePath(NULL);
	espeak_ng_ERROR_CONTEXT ctx = NULL;
	espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
	espeak_ng_ClearErrorContext(&ctx);
	if (st == ENS_OK) st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, ESPEAK_BUF_MS, NULL);
	if (st == ENS_OK) st = espeak_ng_SetVoiceByName("en");
	if (st != ENS_OK) {
		/* After a failed initialise espeak_ng_Terminate is not safe to call
		 * (its queue thread never started); what was loaded stays reachable. */
		char msg[256];
		espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
		if (err && errlen) snprintf(err, errlen, "speech: cannot start espeak-ng (install espeak-ng-data): %s", msg);
		return SPEECH_ERR_DATA;
	}
	snprintf(engine_voice, sizeof engine_voice, "en");
	engine_ready = 1;
	return SPEECH_OK;
}

/* Caller holds engine_lock. 1 if espeak's data directory holds its phoneme
 * table: a cheap check at speech_new, whose engine starts with the first
 * text (its voice data is not loaded for a patient who never listens). */
static int engine_data_present(void)
{
	const char *path = NULL;
	char file[1024];
	struct stat st;
	espeak_ng_InitializePath(NULL);
	espeak_Info(&path);
	if (!path) return 0;
	snprintf(file, sizeof file, "%s/phontab", path);
	return stat(file, &st) == 0;
}

/* Copies the usable part of a language tag: letters, digits and '-'. */
static void clean_lang(char *out, const char *lang)
{
	size_t n = 0;
	for (const char *p = lang ? lang : ""; *p && n + 1 < LANG_MAX; p++) {
		char c = *p;
		if (c == '_') c = '-';
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')
			out[n++] = c;
		else
			break;
	}
	out[n] = 0;
}

/* Caller holds engine_lock. Loads lang's voice: the tag, its primary subtag, then "en". */
static void engine_voice_for(const char *lang)
{
	char want[LANG_MAX], primary[LANG_MAX];
	clean_lang(want, lang);
	snprintf(primary, sizeof primary, "%.*s", (int)strcspn(want, "-"), want);
	const char *try[] = { want, primary, "en" };
	for (int i = 0; i < 3; i++) {
		if (!*try[i]) continue;
		if (strcmp(try[i], engine_voice) == 0) return;
		if (espeak_ng_SetVoiceByName(try[i]) == ENS_OK) {
			snprintf(engine_voice, sizeof engine_voice, "%s", try[i]);
			return;
		}
	}
}

static int engine_callback(short *wav, int n, espeak_EVENT *ev)
{
	Sink *k = ev ? ev->user_data : NULL;
	if (!k) return 1;
	if (!wav || n <= 0) return 0;   /* end of data, or a buffer of events only */
	return k->put(k->ctx, wav, n);
}

/* Caller holds engine_lock; the engine is ready. Synthesises text into
 * k; returns SPEECH_OK also when the sink aborted. */
static int engine_synth(const char *lang, const char *text, int rate_wpm, Sink *k)
{
	engine_voice_for(lang);
	espeak_ng_SetParameter(espeakRATE, rate_wpm, 0);
	espeak_ng_SetParameter(espeakVOLUME, 100, 0);
	/* Lines shorter than this end a clause: every UI line gets its own pause. */
	espeak_ng_SetParameter(espeakLINELENGTH, 10000, 0);
	espeak_SetSynthCallback(engine_callback);
	espeak_ng_STATUS st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
						   espeakCHARS_UTF8, NULL, k);
	espeak_SetSynthCallback(NULL);
	return st == ENS_OK || st == ENS_SPEECH_STOPPED ? SPEECH_OK : SPEECH_ERR_SYNTH;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* ---- Speech: a worker thread feeding an SDL audio queue ---- */

struct Speech {
	SDL_AudioDeviceID dev;     /* 0 while not speaking (closed when idle) */
	int sdl_audio;             /* 1 if we hold a ref on SDL's audio subsystem */
	int can_play;              /* 0 once no device could be opened */
	int freq;                  /* espeak's sample rate */
	int release_wanted;        /* the worker found the device idle: close it */
	int rate_wpm;              /* 80..400 */
	int gain;                  /* volume 0..100 as a sample multiplier /100 */
	pthread_t thread;
	int thread_started;
	pthread_mutex_t lock;      /* guards every field below */
	pthread_cond_t wake;       /* signalled when a job arrives or on quit */
	char *job_text;            /* pending text (owned), NULL when none */
	char job_lang[LANG_MAX];   /* pending job's voice */
	unsigned gen;              /* bumped by say/stop/free; older synthesis aborts */
	unsigned work_gen;         /* generation the worker is synthesising */
	int working;               /* 1 while the worker synthesises */
	int quit;                  /* speech_free asked the worker to end */
};

typedef struct Job {
	Speech *s;
	unsigned gen;
} Job;

/* Sink for the device: scales by the volume and queues, unless stopped. */
static int put_device(void *ctx, const short *pcm, int n)
{
	Job *j = ctx;
	Speech *s = j->s;
	short buf[1024];
	pthread_mutex_lock(&s->lock);
	int live = s->gen == j->gen && !s->quit;
	for (int off = 0; live && off < n; off += (int)(sizeof buf / sizeof buf[0])) {
		int m = n - off < (int)(sizeof buf / sizeof buf[0]) ? n - off : (int)(sizeof buf / sizeof buf[0]);
		for (int i = 0; i < m; i++) buf[i] = (short)(pcm[off + i] * s->gain / 100);
		if (SDL_QueueAudio(s->dev, buf, (Uint32)(m * (int)sizeof buf[0])) != 0) live = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return live ? 0 : 1;
}

/* Caller holds s->lock: waits up to ms for a job or quit. */
static void wait_ms(Speech *s, int ms)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) { t.tv_sec++; t.tv_nsec -= 1000000000L; }
	pthread_cond_timedwait(&s->wake, &s->lock, &t);
}

static void *worker(void *arg)
{
	Speech *s = arg;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->quit && !s->job_text) pthread_cond_wait(&s->wake, &s->lock);
		if (s->quit) break;
		char *text = s->job_text;
		char lang[LANG_MAX];
		memcpy(lang, s->job_lang, sizeof lang);
		Job j = { s, s->gen };
		s->job_text = NULL;
		s->working = 1;
		s->work_gen = j.gen;
		pthread_mutex_unlock(&s->lock);

		Sink k = { put_device, &j };
		char eerr[400] = "";
		pthread_mutex_lock(&engine_lock);
		if (engine_acquire(eerr, sizeof eerr) == SPEECH_OK) {
			if (espeak_ng_GetSampleRate() != ESPEAK_RATE)
				SDL_Log("speech: espeak's rate is %d Hz, the device plays %d Hz", espeak_ng_GetSampleRate(), ESPEAK_RATE);
			engine_synth(lang, text, s->rate_wpm, &k);
		} else {
			SDL_Log("%s", eerr);
		}
		pthread_mutex_unlock(&engine_lock);
		free(text);

		pthread_mutex_lock(&s->lock);
		s->working = 0;
		/* let the audio play out, then linger for a next text; then the
		 * UI thread may close the device (no wake-ups while silent) */
		while (!s->quit && !s->job_text && s->dev && SDL_GetQueuedAudioSize(s->dev) > 0) wait_ms(s, 50);
		if (!s->quit && !s->job_text) wait_ms(s, SPEECH_LINGER_MS);
		if (!s->quit && !s->job_text && s->dev) {
			SDL_Event e = { 0 };
			s->release_wanted = 1;
			e.type = SDL_USEREVENT;
			SDL_PushEvent(&e);   /* wakes the UI loop, whose tick calls speech_idle */
		}
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* Closes the device and lets go of SDL's audio subsystem (UI thread). */
static void close_device(Speech *s)
{
	if (s->dev) SDL_CloseAudioDevice(s->dev);
	s->dev = 0;
	if (s->sdl_audio) SDL_QuitSubSystem(SDL_INIT_AUDIO);
	s->sdl_audio = 0;
	s->release_wanted = 0;
}

/* Opens the default output for espeak's format; SDL converts as needed.
 * UI thread. A failure is logged once and turns read-aloud off. */
static void open_device(Speech *s)
{
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		SDL_Log("speech: no audio (%s); read-aloud is off", SDL_GetError());
		s->can_play = 0;
		return;
	}
	s->sdl_audio = 1;
	SDL_AudioSpec want = { 0 }, have;
	want.freq = s->freq;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = 1024;       /* ~46 ms at 22050 Hz: short tail after a stop */
	s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (!s->dev) {
		SDL_Log("speech: cannot open an audio device (%s); read-aloud is off", SDL_GetError());
		close_device(s);
		s->can_play = 0;
		return;
	}
	SDL_PauseAudioDevice(s->dev, 0);
}

Speech *speech_new(int rate_wpm, int volume, char *err, size_t errlen)
{
	Speech *s = xcalloc(1, sizeof *s);
	s->rate_wpm = clamp(rate_wpm, RATE_MIN, RATE_MAX);
	s->gain = clamp(volume, 0, 100);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);

	pthread_mutex_lock(&engine_lock);
	int present = engine_ready || engine_data_present();
	pthread_mutex_unlock(&engine_lock);
	if (!present) {
		if (err && errlen) snprintf(err, errlen, "speech: espeak-ng data not found (install espeak-ng-data)");
		goto fail_engine;
	}

	s->freq = ESPEAK_RATE;
	s->can_play = 1;           /* until a device fails to open (no probe: it costs start-up time) */
	if (pthread_create(&s->thread, NULL, worker, s) != 0) {
		if (err && errlen) snprintf(err, errlen, "speech: cannot start the speech thread");
		goto fail_engine;
	}
	s->thread_started = 1;
	return s;

fail_engine:
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
	return NULL;
}

void speech_free(Speech *s)
{
	if (!s) return;
	pthread_mutex_lock(&s->lock);
	s->quit = 1;
	s->gen++;
	free(s->job_text);
	s->job_text = NULL;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	if (s->thread_started) pthread_join(s->thread, NULL);
	close_device(s);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

int speech_available(const Speech *s)
{
	return s && s->can_play;
}

int speech_device_open(const Speech *s)
{
	return s && s->dev != 0;
}

void speech_idle(Speech *s)
{
	if (!s) return;
	pthread_mutex_lock(&s->lock);
	if (s->release_wanted && !s->job_text && !s->working && (!s->dev || SDL_GetQueuedAudioSize(s->dev) == 0))
		close_device(s);
	s->release_wanted = 0;
	pthread_mutex_unlock(&s->lock);
}

/* Caller holds s->lock: aborts the current job and drops queued audio. */
static void stop_locked(Speech *s)
{
	s->gen++;
	free(s->job_text);
	s->job_text = NULL;
	if (s->dev) SDL_ClearQueuedAudio(s->dev);
}

int speech_say(Speech *s, const char *lang, const char *text)
{
	if (!s) return SPEECH_ERR_ARG;
	if (!s->can_play) return SPEECH_OK;
	pthread_mutex_lock(&s->lock);
	stop_locked(s);
	s->release_wanted = 0;
	if (text && *text && !s->dev) open_device(s);
	if (text && *text && s->dev) {
		s->job_text = xstrdup(text);
		clean_lang(s->job_lang, lang);
		pthread_cond_signal(&s->wake);
	}
	pthread_mutex_unlock(&s->lock);
	return SPEECH_OK;
}

void speech_stop(Speech *s)
{
	if (!s || !s->dev) return;
	pthread_mutex_lock(&s->lock);
	stop_locked(s);
	pthread_mutex_unlock(&s->lock);
}

int speech_busy(const Speech *s)
{
	if (!s || !s->dev) return 0;
	Speech *m = (Speech *)s;   /* the lock is not part of the logical state */
	pthread_mutex_lock(&m->lock);
	int busy = m->job_text || (m->working && m->work_gen == m->gen) || SDL_GetQueuedAudioSize(m->dev) > 0;
	pthread_mutex_unlock(&m->lock);
	return busy;
}

/* ---- WAV output ---- */

typedef struct WavOut {
	FILE *f;
	long samples;
	int failed;
} WavOut;

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* The 44-byte header of a 16-bit mono PCM WAV file. */
static int write_wav_header(FILE *f, int rate, long samples)
{
	unsigned char h[44];
	uint32_t data = (uint32_t)samples * 2;
	memcpy(h, "RIFF", 4); put_le(h + 4, 36 + data, 4); memcpy(h + 8, "WAVE", 4);
	memcpy(h + 12, "fmt ", 4); put_le(h + 16, 16, 4);
	put_le(h + 20, 1, 2);                  /* PCM */
	put_le(h + 22, 1, 2);                  /* mono */
	put_le(h + 24, (uint32_t)rate, 4);
	put_le(h + 28, (uint32_t)rate * 2, 4); /* bytes per second */
	put_le(h + 32, 2, 2);                  /* block align */
	put_le(h + 34, 16, 2);                 /* bits per sample */
	memcpy(h + 36, "data", 4); put_le(h + 40, data, 4);
	return fwrite(h, 1, sizeof h, f) == sizeof h ? 0 : -1;
}

static int put_wav(void *ctx, const short *pcm, int n)
{
	WavOut *w = ctx;
	unsigned char buf[2048];
	for (int off = 0; off < n; off += (int)sizeof buf / 2) {
		int m = n - off < (int)sizeof buf / 2 ? n - off : (int)sizeof buf / 2;
		for (int i = 0; i < m; i++) put_le(buf + 2 * i, (uint16_t)pcm[off + i], 2);
		if (fwrite(buf, 2, (size_t)m, w->f) != (size_t)m) { w->failed = 1; return 1; }
		w->samples += m;
	}
	return 0;
}

int speech_to_wav(const char *lang, const char *text, int rate_wpm, const char *path, long *samples)
{
	if (samples) *samples = 0;
	if (!text || !path) return SPEECH_ERR_ARG;
	WavOut w = { 0 };
	int rc, rate = 22050;
	if (!(w.f = fopen(path, "wb"))) return SPEECH_ERR_IO;

	pthread_mutex_lock(&engine_lock);
	rc = engine_acquire(NULL, 0);
	if (rc == SPEECH_OK) {
		rate = espeak_ng_GetSampleRate();
		if (write_wav_header(w.f, rate, 0) != 0) w.failed = 1;
		Sink k = { put_wav, &w };
		if (!w.failed) rc = engine_synth(lang, text, clamp(rate_wpm, RATE_MIN, RATE_MAX), &k);
	}
	pthread_mutex_unlock(&engine_lock);
	if (rc != SPEECH_OK) goto fail;

	if (w.failed || fseek(w.f, 0, SEEK_SET) != 0 || write_wav_header(w.f, rate, w.samples) != 0) {
		rc = SPEECH_ERR_IO;
		goto fail;
	}
	if (fclose(w.f) != 0) { w.f = NULL; rc = SPEECH_ERR_IO; goto fail; }
	if (samples) *samples = w.samples;
	return SPEECH_OK;

fail:
	if (w.f) fclose(w.f);
	remove(path);
	return rc;
}
