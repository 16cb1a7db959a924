/* ui/ui.h - the touch UI: turns core state (Visit) into pixels and input
 * into core calls. SDL2 + SDL2_ttf live only under ui/. The UI keeps no
 * patient data of its own beyond the field being edited, which it commits
 * to the visit on every change and forgets on wipe (ui_reset). */
#ifndef UI_UI_H
#define UI_UI_H
#include "core/visit.h"
#include <stddef.h>

typedef struct Ui Ui;

/* What the app provides to the UI. All optional except str. */
typedef struct UiHost {
	void *ctx;
	/* UI string in lang (falls back to English, then the key). Never NULL. */
	const char *(*str)(void *ctx, const char *lang, const char *key);
	/* The clinician summary of the visit now on screen (malloc'd; caller frees). */
	char *(*summary)(void *ctx, const Visit *v);
	/* Staff mode: check a PIN (1 ok, 0 wrong, -1 locked: *wait_s set,
	 * 2 checking: the check runs off the UI thread; call again with
	 * pin NULL to poll until it answers 1, 0 or -1). */
	int (*staff_pin)(void *ctx, const char *pin, int *wait_s);
	/* Staff mode: run an action ("test", "restart", "shutdown", "resend:<code>", "done:<code>",
	 * "qr:<code>"); returns a message for staff (malloc'd) or NULL. */
	char *(*staff_action)(void *ctx, const char *action);
	/* Staff mode: plain-text lines for the status page (malloc'd). */
	char *(*staff_status)(void *ctx);
	/* Staff mode: summary text of a stored visit by code (malloc'd) or NULL. */
	char *(*staff_visit_summary)(void *ctx, const char *code);
	/* Staff notice shown on the staff screen (bad content, disk, outbox), may be NULL. */
	const char *(*notice)(void *ctx);
	/* Speech: speak text in lang (empty text: stop). */
	void (*speak)(void *ctx, const char *lang, const char *text);
	/* Visits with a safety alert staff have not acknowledged: the attract
	 * screen shows staff a small sign without words; may be NULL. */
	int (*alerts_waiting)(void *ctx);
	/* Called on every loop turn (watchdog, sender state); may be NULL. */
	void (*tick)(void *ctx, long long now_ms);
	/* ms (on the tick clock) of the host's next timed duty, -1 for none: the
	 * loop sleeps until then at the latest, and never wakes for nothing */
	long long (*next_due)(void *ctx);
} UiHost;

typedef struct UiConfig {
	int w, h;                 /* the panel's size in pixels, as mounted before rotation */
	int rotation;             /* 0, 90, 180, 270: the UI is drawn turned this far clockwise */
	int headless;             /* draw into a memory surface (tests, screenshots) */
	int fullscreen;
	const char *clinic_name;
	const char *font_dir;     /* NULL: Debian's font paths */
	int text_size;            /* 0 normal, 1 large, 2 extra large */
	int high_contrast;
	int qr_max_version;       /* largest QR version per page */
	int qr_fhir;              /* QR payload is FHIR JSON, not text */
	long long qr_show_ms;     /* a shown handoff code hides after this long without a touch */
	int agreement_optional;   /* offer "Skip for now" */
	long long wake_ms;        /* wake at least this often (watchdog), 0: only for timers */
	const char *const *langs; int n_langs;   /* languages offered, e.g. en, es */
} UiConfig;

/* Creates the window (or, headless, a memory surface) of w x h pixels and
 * its renderer (SDL's video start-up, the slowest step of a start). NULL
 * with a message in err. */
Ui *ui_new(int w, int h, int headless, int fullscreen, char *err, size_t errlen);
/* Everything the screens need before the first frame: the settings (cfg's
 * w, h, headless and fullscreen as given to ui_new), the host, the visit
 * (NULL: only ui_show_attract may draw); opens the fonts. May be called
 * again when the settings change. -1 with a message in err (then only
 * ui_free). */
int ui_setup(Ui *ui, const UiConfig *cfg, UiHost host, Visit *v, char *err, size_t errlen);
/* Draws and shows the attract screen now, without a visit: start-up shows
 * it before the forms and the database are loaded. The next ui_frame draws
 * the visit's screen again. */
void ui_show_attract(Ui *ui);
void ui_free(Ui *ui);

/* Runs the interactive loop until quit; now_ms gives the clock. */
int ui_run(Ui *ui);

/* One turn of the event loop at now_ms: the visit's timers (idle warning,
 * wipe), a frame if anything changed, then the host's duties (watchdog,
 * retention). ui_run takes exactly this step between events, and so does
 * the headless script driver. Returns the next deadline (ms) or -1. */
long long ui_step(Ui *ui, long long now_ms);
/* One frame: rebuild widgets from state and draw if dirty. Returns 1 if drawn. */
int ui_frame(Ui *ui, long long now_ms);
void ui_set_now(Ui *ui, long long now_ms);
long long ui_next_deadline(const Ui *ui);      /* ms or -1 */
int ui_frames_drawn(const Ui *ui);
void ui_reset(Ui *ui);                          /* forget edit buffers (wipe) */
void ui_invalidate(Ui *ui);                     /* draw again at the next frame */

/* Forgets rendered text and encoded QR pages (the next frame renders every
 * string and encodes every code anew, as the first frame of a screen
 * does); make bench's cold-frame figure. */
void ui_drop_caches(Ui *ui);
void ui_toggle_fullscreen(Ui *ui);

/* Input, in panel pixels (rotation is undone here). */
void ui_pointer(Ui *ui, int x, int y, int down);
void ui_text(Ui *ui, const char *utf8);
/* Key by name: "Return", "Escape", "Backspace", "Tab", "Left", "Right", "Up", "Down", "F11", "Space". */
int ui_key(Ui *ui, const char *name);
/* A press held ms milliseconds on the attract screen: 3 s on the top-left
 * corner opens staff mode; 2 s anywhere else starts the audio guide. */
void ui_long_press(Ui *ui, int x, int y, long long ms);
void ui_pointer_move(Ui *ui, int x, int y);     /* finger dragged (audio guide explores) */
/* Audio guide: everything it said this visit, one utterance a line
 * (caller frees); whether it is on. */
char *ui_spoken(Ui *ui);
int ui_guide_active(const Ui *ui);

/* Test driving: the widget whose text or name is label (exactly one). 0 ok,
 * -1 none, -2 several; its centre in panel pixels in *x,*y. */
int ui_find(Ui *ui, const char *label, int *x, int *y);
/* Language-independent driving: the centre of the n-th (0-based) visible
 * answer widget of the current question or clause ("answer"), the primary
 * footer button ("primary"), or "Skip for now" of the agreement ("skip"). 0 ok, -1 none. */
int ui_find_role(Ui *ui, const char *role, int n, int *x, int *y);
/* The QR pages on screen now, one line each: "page 1/2: 180 bytes,
 * version 10, 57 modules" (caller frees; "" when none). For measurements. */
char *ui_qr_info(Ui *ui);
/* 1 if text is visible on screen now (a widget's text contains it). */
int ui_has_text(Ui *ui, const char *text);
/* All visible texts, one per line (caller frees). */
char *ui_dump(Ui *ui);
/* Saves the current frame as PNG. 0 ok. */
int ui_screenshot(Ui *ui, const char *path);
/* Layout problems of the current frame (overflow, small targets), one per
 * line, or NULL when none (caller frees). */
char *ui_layout_report(Ui *ui);
/* The text the speaker button would read for the current screen (caller frees). */
char *ui_speech_text(Ui *ui);
int ui_staff_active(const Ui *ui);
int ui_busy(const Ui *ui);                      /* 1 while a staff PIN is being checked (scripts wait) */
/* Taps on the scroll-down button it takes to read the screen to its end. */
int ui_scroll_taps(const Ui *ui);
/* QR pages on the screen now, and showing page k (0-based; tests). */
int ui_qr_pages(const Ui *ui);
void ui_show_qr_page(Ui *ui, int k);
void ui_quit(Ui *ui);                           /* leave ui_run (staff restart) */
/* Night (app/display.h): a dark screen draws only black and shows no
 * widgets; the first touch wakes it and does nothing else. */
void ui_set_dark(Ui *ui, int dark);
int ui_take_woken(Ui *ui);                      /* 1 once after a touch woke the dark screen */
#endif
