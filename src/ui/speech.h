/* ui/speech.h - read-aloud: espeak-ng synthesises in-process (offline, no
 * espeak audio backend) and SDL2 audio plays the samples. One worker thread
 * per Speech synthesises; the UI thread only hands it text and clears the
 * audio queue, so no call here blocks the UI for more than a lock handover.
 * espeak-ng keeps global state and is not thread-safe: every espeak call in
 * the process (workers and speech_to_wav) is serialised by one lock inside
 * speech.c. Never logs the spoken text (it is patient-facing content). */
#ifndef UI_SPEECH_H
#define UI_SPEECH_H
#include <stddef.h>

enum {
	SPEECH_OK = 0,
	SPEECH_ERR_ARG = -1,     /* NULL or unusable argument */
	SPEECH_ERR_DATA = -2,    /* espeak-ng data missing or unreadable */
	SPEECH_ERR_SYNTH = -3,   /* espeak-ng refused the text */
	SPEECH_ERR_IO = -4,      /* cannot write the WAV file */
};

typedef struct Speech Speech;

/* Checks that espeak-ng's data is there and starts the worker; the engine
 * starts with the first text (on the worker) and the SDL audio device opens
 * in speech_say (SDL_InitSubSystem(SDL_INIT_AUDIO) is called then).
 * rate_wpm is clamped to 80..400, volume to 0..100 (applied as a gain on the
 * samples). With no audio device the handle still works: once a say found
 * none, speech_available() is 0 and speech_say is a no-op.
 * Returns NULL with a message in err if espeak-ng's data is missing. Call from
 * the main thread; free with speech_free (before SDL_Quit). */
Speech *speech_new(int rate_wpm, int volume, char *err, size_t errlen);

/* Stops speech, joins the worker, closes the device. NULL is a no-op. */
void speech_free(Speech *s);

/* 0 once an audio device failed to open (read-aloud is then off), else 1.
 * The device is opened by the first speech_say, not at start (start-up
 * time), and is open only while speaking and a few seconds after. */
int speech_available(const Speech *s);

/* UI thread, from its loop's tick: closes the audio device when the worker
 * has asked to (it pushes an SDL_USEREVENT once the audio has drained and
 * nothing new came). Cheap when there is nothing to do. */
void speech_idle(Speech *s);

/* 1 while the audio device is open (tests). */
int speech_device_open(const Speech *s);

/* Speaks text (UTF-8, plain text; each line is read as its own phrase) in
 * lang, an espeak voice name such as "en", "es", "es-419"; an unknown voice
 * falls back to the primary subtag, then "en". Stops what was playing first.
 * Returns at once (synthesis runs on the worker). NULL or empty text just
 * stops. Returns SPEECH_OK, also when there is no audio device. */
int speech_say(Speech *s, const char *lang, const char *text);

/* Stops synthesis and drops queued audio; speech_busy() is 0 on return. */
void speech_stop(Speech *s);

/* 1 while speech is being synthesised or audio is queued for playing. */
int speech_busy(const Speech *s);

/* Test/tool helper: synthesises text to a 16-bit mono PCM WAV file at
 * espeak's rate (22050 Hz), full volume, no audio device needed. Blocks for
 * the whole synthesis. Returns SPEECH_OK and the sample count in *samples
 * (may be NULL), or a negative SPEECH_ERR_*. */
int speech_to_wav(const char *lang, const char *text, int rate_wpm, const char *path, long *samples);
#endif
