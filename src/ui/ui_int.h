/* ui/ui_int.h - what the ui/ files share: the Ui struct, widgets, theme,
 * text cache and layout helpers. Not for use outside ui/. */
#ifndef UI_UI_INT_H
#define UI_UI_INT_H
#include "ui/ui.h"
#include "core/util.h"
#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

typedef struct Rect { int x, y, w, h; } Rect;
typedef struct QrCache QrCache;   /* widget_qr.c */
typedef struct Color { Uint8 r, g, b, a; } Color;

enum { F_SMALL, F_BODY, F_BUTTON, F_TITLE, F_HUGE, F_COUNT };   /* font roles */

/* Colours, font sizes (points) and spacing: one struct, no magic numbers in screens. */
typedef struct Theme {
	Color bg, fg, muted, bar, bar_fg, btn, btn_fg, btn_border, primary, primary_fg,
	      selected, selected_fg, pressed, alert, alert_fg, focus, qr_dark, qr_light;
	int pt[F_COUNT];      /* font sizes in points at scale 1 */
	int target_pt;        /* minimum touch target (48 px on the 7" panel = 9 mm) */
	int gap_pt;           /* space between targets (>= 2 mm) */
	int pad_pt;
	int header_pt, footer_pt;
} Theme;

/* Widget flags. */
enum {
	WF_BUTTON = 1, WF_SELECTED = 2, WF_PRIMARY = 4, WF_DISABLED = 8, WF_CHECK = 16,
	WF_RADIO = 32, WF_ALERT = 64, WF_SCROLL = 128, WF_CENTER = 256, WF_QR = 512,
	WF_FIELD = 1024, WF_BOLD = 2048, WF_MUTED = 4096, WF_BOX = 8192, WF_KEY = 16384, WF_CHROME = 32768,
	WF_ANSWER = 65536     /* an answer option of the question on screen */
};

typedef struct Widget {
	Rect r;
	int flags;
	int font;
	char *text;           /* shown text (wrapped to r.w) */
	char *sub;            /* second line (answer under a question, anchor...) */
	char *name;           /* accessible/spoken name; tap matches text or name */
	int action, arg;      /* what a tap does (screen's dispatch) */
	const void *ptr;      /* action payload (item, option ...) */
	unsigned char *qr; int qrw;   /* QR modules (owned) */
} Widget;

typedef struct TextCacheEntry {
	char *text; int font; int bold; Color c;
	SDL_Texture *tex; int w, h;
	unsigned used;
	unsigned hash;        /* of text, font, bold and colour: the lookup key */
} TextCacheEntry;

/* A remembered text width (ui/text.c): shaping a string is the costliest
 * part of a frame, and every frame measures the same words again. */
typedef struct TextWidth {
	char *text; unsigned hash; int font, bold, w;
} TextWidth;
#define TEXT_WIDTHS 4096      /* slots, a power of two; direct-mapped */

#define UI_MAX_W 600
#define TEXT_CACHE 512

typedef struct ChromeMetrics {
	int pad, gap;
	int header_h, bw, row_h, help_below, help_h;   /* header */
	int footer_h, footer_rows, font, cell_h;       /* footer */
	int back_w, read_w, size_w, scroll_w, next_w;
} ChromeMetrics;

struct Ui {
	UiConfig cfg;
	UiHost host;
	Visit *v;
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Surface *surf;        /* headless target */
	SDL_Texture *target;      /* the UI before rotation (rotation != 0) */
	int pw, ph;               /* panel size; cfg.w/cfg.h are the UI's size after rotation */
	TTF_Font *font[F_COUNT][2];   /* [role][bold] at the current sizes */
	int font_px[F_COUNT];
	Theme th;
	float scale;
	int text_size, high_contrast;
	long long now;
	int dirty, frames;
	/* the frame's widgets */
	Widget w[UI_MAX_W]; int nw;
	ChromeMetrics cm;         /* header/footer of the frame being built */
	Rect content;             /* scrollable area of this screen */
	int content_h;            /* height the content needs */
	int scroll, max_scroll;
	int cursor_y;             /* layout cursor inside content (unscrolled) */
	int pressed;              /* widget index under a finger, -1 none */
	int press_x, press_y;
	long long last_nav;       /* ms: debounce double taps across screens */
	VisitScreen last_screen; int last_page, last_clause;
	/* transient per-screen UI state (not patient data) */
	int show_original, faq_open, typing, qr_page, field;
	int reveal;               /* 1 + the clause to scroll into view on the overview, 0 none */
	int osk_hidden;           /* the patient closed the keyboard on a text question */
	int qr_npages;            /* QR pages on the screen now (0: none) */
	int qr_shown;             /* handoff: the code for the scanner is shown (asked for) */
	long long qr_input;       /* ms of the last touch while it shows (it hides after qr_show_ms) */
	QrCache *qrc;             /* the pages of the text on screen, encoded once */
	int staff;                /* 0 off, 1 PIN, 2 menu, 3 visit list, 4 message */
	char edit[512];           /* field being edited (number, date, PIN) */
	char *staff_msg;
	int pin_checking;         /* the host is checking a PIN off the UI thread: poll */
	long long staff_input;    /* ms of the last touch in staff mode (it times out) */
	char overflow[1024];
	int shift;
	TextCacheEntry cache[TEXT_CACHE]; unsigned cache_clock;
	TextWidth *widths;        /* TEXT_WIDTHS slots, allocated at the first measure */
	int quit;
	/* audio-guided mode (ui/guide.c) */
	int guide;                /* on for this visit */
	int focus;                /* widget last spoken, -1 none */
	int announce;             /* speak the screen when it is next built */
	Buf said;                 /* what was spoken since the last read (tests) */
	long long guide_last_up;  /* ms of the last finger up (double tap) */
	int guide_prev_focus, guide_double;
	int read_aloud_used;      /* the patient used Read aloud this visit */
	int was_warning;          /* the idle warning showed at the last frame */
	int confirm;              /* "Start over?" is asked over the screen */
	char footer_note[96];     /* progress shown in the footer's free middle (question screens) */
	int compact;              /* question screen: 0 normal .. 2 most compact, so all answers fit */
	int answers_must_fit;     /* this frame's answer options must all be in view (layout report) */
	int dark;                 /* night: nothing drawn but black (ui_set_dark) */
	int woke, swallow;        /* a touch woke the dark screen; its release is not a tap */
};

/* ui.c: rotation between panel and UI coordinates */
void ui_to_ui(const Ui *ui, int *x, int *y);
void ui_to_panel(const Ui *ui, int *x, int *y);

/* theme.c */
void theme_init(Theme *t, int high_contrast);
int ui_px(const Ui *ui, int pt);
double theme_contrast(Color a, Color b);

/* text.c */
int text_open_fonts(Ui *ui, char *err, size_t errlen);
void text_close_fonts(Ui *ui);
int text_width(Ui *ui, int font, int bold, const char *s);
int text_line_h(Ui *ui, int font);
/* Wraps s to width; returns the number of lines; lines (if not NULL) gets
 * malloc'd copies the caller frees with text_free_lines. */
int text_wrap(Ui *ui, int font, int bold, const char *s, int width, char ***lines);
void text_free_lines(char **lines, int n);
void text_draw(Ui *ui, int font, int bold, const char *s, int x, int y, Color c);
void text_cache_clear(Ui *ui);

/* widgets.c: layout and widget list */
void ui_clear_widgets(Ui *ui);                 /* frees every widget and what it owns */
void ui_begin_frame(Ui *ui);
Widget *ui_add(Ui *ui, Rect r, int flags, int font, const char *text);
const char *S(Ui *ui, const char *key);            /* UI string in the visit language */
int lay_para(Ui *ui, const char *text, int font, int flags);   /* wrapped label, returns height */
Widget *lay_button(Ui *ui, const char *text, const char *sub, int flags, int action, int arg);
void lay_buttons_grid(Ui *ui, int n, const char *const *labels, const int *flags, int action, int min_cols, int max_cols);
void lay_space(Ui *ui, int pt);
/* Answer options in as few columns as keep them all in view (1-3); returns
 * the index of the first. */
int lay_options(Ui *ui, int n, const char *const *labels, const int *flags, int action);
void lay_qr(Ui *ui, Rect r, const unsigned char *mods, int width, const char *name);
void ui_finish_layout(Ui *ui);
void ui_draw(Ui *ui);
void chrome_metrics(Ui *ui, ChromeMetrics *m);
int text_widest_word(Ui *ui, int font, int bold, const char *s);
Rect header_rect(Ui *ui);
Rect footer_rect(Ui *ui);
int widget_height_for(Ui *ui, const char *text, int font, int width, int flags);

/* widget_bodymap.c: the body map for a choice item marked body-map whose
 * options carry their places; 0 when laid out, -1 when the item or the
 * screen does not suit it (the caller lays out the plain list). */
int bodymap_build(Ui *ui, const Questionnaire *q, const QItem *it, const QValue *vals, int n, int action);

/* Actions a widget's tap asks for. The shared chrome ones (A_BACK ..
 * A_LANG_TOGGLE) are handled once in screens.c before a screen's own act. */
enum {
	A_NONE,
	A_BACK, A_NEXT, A_START_OVER, A_SPEAK, A_SCROLL_UP, A_SCROLL_DOWN, A_TEXTSIZE, A_LANG_TOGGLE, A_KEY,
	A_START, A_LANG, A_HELP,
	A_STILL_HERE, A_CHOOSE, A_TOGGLE, A_SCALE, A_BOOL,
	A_FIELD, A_REVIEW_EDIT, A_DONE, A_FINISH, A_QR_PREV, A_QR_NEXT,
	A_SHOW_ORIGINAL, A_FAQ, A_UNDERSTAND, A_DISCUSS, A_ASK, A_SKIP_AGREEMENT,
	A_CLAUSE_EDIT, A_DATE, A_DECLINE, A_CONFIRM_START_OVER, A_CANCEL, A_PLAN, A_SEE_ALL, A_QR_SHOW, A_QR_HIDE,
	A_STAFF_PIN, A_STAFF_ACTION, A_STAFF_EXIT, A_STAFF_VISIT, A_OTHER
};

/* One entry per screen (ui/screen_*.c): build the widgets from state; act on
 * a tap on one of its own widgets; a hardware key it handles (0) or not
 * (-1); typed text into its field (utf8 NULL: delete one character). key
 * and edit may be NULL. */
typedef struct Screen {
	const char *name;
	void (*build)(Ui *ui);
	void (*act)(Ui *ui, const Widget *w);
	int (*key)(Ui *ui, const char *name);
	void (*edit)(Ui *ui, const char *utf8);
} Screen;

extern const Screen screen_attract, screen_language, screen_intro, screen_identify, screen_agree_intro,
	screen_clause, screen_agree_summary, screen_question, screen_review, screen_handoff, screen_idle,
	screen_staff, screen_confirm, screen_plan, screen_agree_short, screen_agree_overview;

/* screens.c: the table, the shared chrome actions, the dispatcher */
const Screen *screens_current(Ui *ui);
void screens_build(Ui *ui);
void screens_act(Ui *ui, const Widget *w);
void screens_text(Ui *ui, const char *utf8);      /* typed text to the focused field */
int screens_key(Ui *ui, const char *name);

/* chrome.c: header (Start over, help, language) and footer (Back, Read
 * aloud, scroll, Next) of a patient or staff screen */
void chrome_build(Ui *ui, int back, const char *next, int next_ok, int next_action);
/* Room (px) in the footer between the left buttons and Next, when nothing scrolls. */
int chrome_free_width(Ui *ui);

/* widget_keyboard.c: the on-screen keyboard (ui->shift picks its page) */
enum { OSK_NONE, OSK_TEXT, OSK_DELETE, OSK_DONE };
void osk_build(Ui *ui);
int osk_height(Ui *ui);
/* A tap on a key: switches pages itself; returns what the field must do
 * (OSK_TEXT: insert *text). */
int osk_act(Ui *ui, const Widget *w, const char **text);

/* widget_field.c: a text field and editing its UTF-8 text */
Widget *lay_field(Ui *ui, const char *text, const char *placeholder, int action, int arg);
void field_counter(Ui *ui, Widget *field, int cur, int max);    /* "12 / 200" under the field */
/* cur with utf8 appended (invalid UTF-8 ignored, control characters
 * dropped, at most max characters), or NULL utf8: the last character
 * removed. Caller frees. */
char *field_edit(const char *cur, const char *utf8, int max);
int utf8_chars(const char *s);

/* widget_date.c: day/month/year picker (A_DATE widgets, arg = step) */
void date_build(Ui *ui, const char *value, int decade);
/* Steps "YYYY-MM-DD" by a picker arg; an unset value starts from base. */
void date_step(char *out, size_t n, const char *value, int arg, const char *base);
void date_today(char *out, size_t n);

/* widget_qr.c: QR pages beside the text (handoff, staff re-show) */
Rect qr_rect(Ui *ui);
void qr_view(Ui *ui, const char *text, Rect qr);
/* The same in two steps: the page label and Previous/Next at the layout
 * cursor (more text may follow), then, after ui_finish_layout, the code. */
void qr_controls(Ui *ui, const char *text, Rect qr);
void qr_draw(Ui *ui, const char *text, Rect qr);
int qr_act(Ui *ui, const Widget *w);          /* Previous/Next code: 1 if w was one */
void qr_forget(Ui *ui);                       /* the encoded pages go (wipe, cold redraw) */

/* screen_handoff.c: the code for the scanner shows only when asked */
long long handoff_deadline(const Ui *ui);     /* ms the shown code hides, -1 none */
void handoff_tick(Ui *ui, long long now);     /* hides the code when nobody touched it */
void handoff_forget(Ui *ui);                  /* wipe: the code hides, its pages go */

/* screen_clause.c: the clinic's own words under the pack's label (lead: a
 * section's lead-in before them, may be NULL) */
/* screen_agree_overview.c: a clause as one row (title, sentence, "I want to
 * talk about this"), shared with the follow-up's short agreement */
void agree_clause_row(Ui *ui, int idx, const AgClause *cl);
int agree_clause_row_act(Ui *ui, const Widget *w);
void clause_original_words(Ui *ui, const Agreement *ag, const char *text, const char *lead);

/* screen_staff.c: the PIN pad opens (after the corner gesture); the
 * answer of a PIN check running off the UI thread is picked up */
void staff_open(Ui *ui);
void staff_poll(Ui *ui);

/* guide.c */
void guide_start(Ui *ui);
void guide_stop(Ui *ui);
void guide_after_build(Ui *ui);
void guide_pointer(Ui *ui, int x, int y, int down);
void guide_move(Ui *ui, int x, int y);
int guide_key(Ui *ui, const char *name);

/* screen_question.c: an answer as words (review, read aloud). Caller frees. */
char *question_answer_text(Ui *ui, const Questionnaire *q, const QItem *it);
#endif
