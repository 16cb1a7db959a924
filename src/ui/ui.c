/* ui/ui.c - the window (or the headless memory surface), the event loop
 * that sleeps until input or the next timer (no busy loop: idle costs no
 * CPU), pointer handling with pressed feedback, and the test hooks (find a
 * widget by label, dump texts, screenshot). */
#include "ui/ui_int.h"
#include <png.h>
#include <limits.h>
#include <string.h>

Ui *ui_new(int w, int h, int headless, int fullscreen, char *err, size_t errlen)
{
	Ui *ui = xcalloc(1, sizeof *ui);
	ui->pw = w;
	ui->ph = h;
	ui->pressed = -1;
	ui->focus = -1;
	if (TTF_Init() != 0) {
		snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
		goto fail;
	}
	if (headless) {
		ui->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
		if (!ui->surf || !(ui->ren = SDL_CreateSoftwareRenderer(ui->surf))) {
			snprintf(err, errlen, "software renderer: %s", SDL_GetError());
			goto fail;
		}
	} else {
		const char *drv;
		if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
			snprintf(err, errlen, "SDL video: %s", SDL_GetError());
			goto fail;
		}
		drv = SDL_GetCurrentVideoDriver();
		/* Without a GPU, SDL's OpenGL path loads Mesa's software GL (slow, ~80 MB);
		 * on KMSDRM the unit sets SDL_RENDER_DRIVER=opengles2. */
		if (!getenv("SDL_RENDER_DRIVER") && drv && strcmp(drv, "KMSDRM") != 0) {
			SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
			/* and no GL window surface either: measured 78 -> 10 MiB PSS (docs/performance.md) */
			SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
		}
		SDL_ShowCursor(drv && strcmp(drv, "KMSDRM") == 0 ? SDL_DISABLE : SDL_ENABLE);
		ui->win = SDL_CreateWindow("Accord", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
					   fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
		if (!ui->win || !(ui->ren = SDL_CreateRenderer(ui->win, -1, 0))) {
			snprintf(err, errlen, "window: %s", SDL_GetError());
			goto fail;
		}
		SDL_RenderSetLogicalSize(ui->ren, w, h);
		SDL_StartTextInput();
	}
	return ui;
fail:
	ui_free(ui);
	return NULL;
}

int ui_setup(Ui *ui, const UiConfig *cfg, UiHost host, Visit *v, char *err, size_t errlen)
{
	ui->cfg = *cfg;
	if (cfg->rotation == 90 || cfg->rotation == 270) {   /* a turned panel: the UI is laid out turned */
		ui->cfg.w = cfg->h;
		ui->cfg.h = cfg->w;
	}
	ui->host = host;
	ui->v = v;
	ui->text_size = cfg->text_size;
	ui->high_contrast = cfg->high_contrast;
	ui->scale = (float)(cfg->w < cfg->h ? cfg->w : cfg->h) / 480.0f;   /* same short side either way */
	theme_init(&ui->th, ui->high_contrast);
	if (ui->target) SDL_DestroyTexture(ui->target);
	ui->target = NULL;
	if (cfg->rotation && !(ui->target = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_RGBA8888, SDL_TEXTUREACCESS_TARGET,
							      ui->cfg.w, ui->cfg.h))) {
		snprintf(err, errlen, "rotation: %s", SDL_GetError());
		return -1;
	}
	if (text_open_fonts(ui, err, errlen) != 0) return -1;
	ui->dirty = 1;
	return 0;
}

void ui_free(Ui *ui)
{
	if (!ui) return;
	ui_clear_widgets(ui);
	text_cache_clear(ui);
	text_close_fonts(ui);
	free(ui->staff_msg);
	handoff_forget(ui);
	buf_free(&ui->said);
	if (ui->target) SDL_DestroyTexture(ui->target);
	if (ui->ren) SDL_DestroyRenderer(ui->ren);
	if (ui->surf) SDL_FreeSurface(ui->surf);
	if (ui->win) SDL_DestroyWindow(ui->win);
	if (TTF_WasInit()) TTF_Quit();
	free(ui);
}

void ui_set_now(Ui *ui, long long now) { ui->now = now; }
int ui_frames_drawn(const Ui *ui) { return ui->frames; }
int ui_staff_active(const Ui *ui) { return ui->staff != 0; }
int ui_busy(const Ui *ui) { return ui->pin_checking; }

int ui_scroll_taps(const Ui *ui)
{
	int step = ui->content.h * 2 / 3;   /* what one tap on the scroll button moves (screens.c) */
	return ui->max_scroll > 0 && step > 0 ? (ui->max_scroll + step - 1) / step : 0;
}

void ui_set_dark(Ui *ui, int dark)
{
	if (dark == ui->dark) return;
	ui->dark = dark;
	ui->pressed = -1;
	ui->dirty = 1;
}

int ui_take_woken(Ui *ui)
{
	int w = ui->woke;
	ui->woke = 0;
	return w;
}

/* A dark frame: black, no widgets (nothing to find, hit or read). */
static int frame_dark(Ui *ui)
{
	if (!ui->dirty) return 0;
	ui_clear_widgets(ui);   /* the last screen's widgets go, with what they own */
	SDL_SetRenderTarget(ui->ren, NULL);
	SDL_SetRenderDrawColor(ui->ren, 0, 0, 0, 255);
	SDL_RenderClear(ui->ren);
	if (ui->ren && !ui->surf) SDL_RenderPresent(ui->ren);
	ui->frames++;
	ui->dirty = 0;
	return 1;
}
void ui_quit(Ui *ui) { ui->quit = 1; }
int ui_qr_pages(const Ui *ui) { return ui->qr_npages; }
void ui_show_qr_page(Ui *ui, int k) { ui->qr_page = k; ui->dirty = 1; }

void ui_reset(Ui *ui)
{
	memset(ui->edit, 0, sizeof ui->edit);
	ui->show_original = ui->faq_open = ui->typing = ui->qr_page = ui->field = ui->osk_hidden = ui->confirm = 0;
	ui->scroll = 0;
	ui->shift = 0;
	ui->pressed = -1;
	ui->dirty = 1;
	guide_stop(ui);   /* the next patient starts without the guide */
	handoff_forget(ui);
	ui->read_aloud_used = 0;
}

void ui_invalidate(Ui *ui) { ui->dirty = 1; }
void ui_drop_caches(Ui *ui) { text_cache_clear(ui); qr_forget(ui); ui->dirty = 1; }

void ui_toggle_fullscreen(Ui *ui)
{
	if (!ui->win) return;
	int fs = SDL_GetWindowFlags(ui->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
	SDL_SetWindowFullscreen(ui->win, fs ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
	ui->dirty = 1;
}

#define STAFF_IDLE_MS 120000   /* staff mode left alone returns to the attract screen */

long long ui_next_deadline(const Ui *ui)
{
	if (ui->pin_checking) return ui->now + 50;   /* poll the PIN check */
	long long v = ui->staff ? ui->staff_input + STAFF_IDLE_MS : visit_next_deadline(ui->v), q = handoff_deadline(ui);
	return q >= 0 && (v < 0 || q < v) ? q : v;
}

/* Draws the built widgets and shows them (turned onto the panel when it is
 * mounted turned). */
static void present(Ui *ui)
{
	if (ui->target) SDL_SetRenderTarget(ui->ren, ui->target);
	ui_draw(ui);
	if (ui->target) {
		SDL_Rect dst = { (ui->pw - ui->cfg.w) / 2, (ui->ph - ui->cfg.h) / 2, ui->cfg.w, ui->cfg.h };
		SDL_SetRenderTarget(ui->ren, NULL);
		SDL_SetRenderDrawColor(ui->ren, 0, 0, 0, 255);
		SDL_RenderClear(ui->ren);
		SDL_RenderCopyEx(ui->ren, ui->target, NULL, &dst, ui->cfg.rotation, NULL, SDL_FLIP_NONE);
	}
	if (ui->ren && !ui->surf) SDL_RenderPresent(ui->ren);
	ui->frames++;
}

/* Rebuilds the widget list from state; draws when anything changed. */
int ui_frame(Ui *ui, long long now)
{
	ui->now = now;
	staff_poll(ui);
	if (ui->staff && now - ui->staff_input >= STAFF_IDLE_MS) {
		ui->staff = 0;
		free(ui->staff_msg);
		ui->staff_msg = NULL;
		memset(ui->edit, 0, sizeof ui->edit);
		ui->dirty = 1;
	}
	handoff_tick(ui, now);
	VisitScreen s = visit_screen(ui->v);
	int page = visit_page_index(ui->v), clause = visit_clause_index(ui->v);
	if (s != ui->last_screen || page != ui->last_page || clause != ui->last_clause) {
		/* back on the agreement overview from a clause: that clause in view */
		ui->reveal = (s == VS_AGREE_OVERVIEW || s == VS_AGREE_SHORT) && ui->last_screen == VS_CLAUSE ? clause + 1 : 0;
		ui->last_screen = s; ui->last_page = page; ui->last_clause = clause;
		ui->last_nav = now;
		ui->scroll = 0; ui->show_original = 0; ui->faq_open = 0; ui->typing = 0; ui->qr_page = 0;
		ui->osk_hidden = 0;
		ui->confirm = 0;
		ui->field = 0;
		memset(ui->edit, 0, sizeof ui->edit);
		ui->dirty = 1;
		if (ui->host.speak) ui->host.speak(ui->host.ctx, visit_lang(ui->v), "");   /* stop reading the old screen */
		if (ui->guide) ui->announce = 1;
	}
	if (visit_warning(ui->v) && !ui->was_warning) {
		/* spoken as well as shown: a patient who looked away hears it */
		char msg[400];
		snprintf(msg, sizeof msg, "%s %s", S(ui, "idle.title"), S(ui, "idle.still_here_hint"));
		if (ui->guide) { if (ui->said.len) buf_addc(&ui->said, '\n'); buf_add(&ui->said, msg); }
		if (ui->host.speak) ui->host.speak(ui->host.ctx, visit_lang(ui->v), msg);
	}
	ui->was_warning = visit_warning(ui->v);
	if (ui->dark) return frame_dark(ui);
	if (!ui->dirty) return 0;
	screens_build(ui);
	guide_after_build(ui);
	present(ui);
	ui->dirty = 0;
	return 1;
}

void ui_show_attract(Ui *ui)
{
	ui_begin_frame(ui);
	screen_attract.build(ui);
	present(ui);
	ui->dirty = 1;
}

/* Panel pixel -> UI pixel: undo the clockwise rotation the frame was drawn with. */
void ui_to_ui(const Ui *ui, int *x, int *y)
{
	int px = *x, py = *y;
	switch (ui->cfg.rotation) {
	case 90: *x = py; *y = ui->pw - 1 - px; break;
	case 180: *x = ui->pw - 1 - px; *y = ui->ph - 1 - py; break;
	case 270: *x = ui->ph - 1 - py; *y = px; break;
	default: break;
	}
}

/* UI pixel -> panel pixel. */
void ui_to_panel(const Ui *ui, int *x, int *y)
{
	int u = *x, v = *y;
	switch (ui->cfg.rotation) {
	case 90: *x = ui->pw - 1 - v; *y = u; break;
	case 180: *x = ui->pw - 1 - u; *y = ui->ph - 1 - v; break;
	case 270: *x = v; *y = ui->ph - 1 - u; break;
	default: break;
	}
}

static int hit(const Ui *ui, int x, int y)
{
	for (int i = ui->nw - 1; i >= 0; i--) {
		const Widget *w = &ui->w[i];
		if (!(w->flags & WF_BUTTON) || (w->flags & WF_DISABLED)) continue;
		if (x < w->r.x || y < w->r.y || x >= w->r.x + w->r.w || y >= w->r.y + w->r.h) continue;
		if ((w->flags & WF_SCROLL) && (y < ui->content.y || y >= ui->content.y + ui->content.h)) continue;
		return i;
	}
	return -1;
}

void ui_long_press(Ui *ui, int x, int y, long long ms)
{
	int corner = ui_px(ui, 96);
	ui_to_ui(ui, &x, &y);   /* the corner is the UI's top-left, however the panel is turned */
	ui->pressed = -1;
	ui->dirty = 1;
	if (ui->staff || ui->guide || visit_screen(ui->v) != VS_ATTRACT) return;
	if (x > corner || y > corner) {
		if (ms >= 2000) guide_start(ui);
		return;
	}
	if (ms >= 3000) staff_open(ui);
}

void ui_pointer_move(Ui *ui, int x, int y)
{
	ui_to_ui(ui, &x, &y);
	if (ui->guide) guide_move(ui, x, y);
}

void ui_pointer(Ui *ui, int x, int y, int down)
{
	ui_to_ui(ui, &x, &y);
	if (ui->dark || ui->swallow) {   /* a touch on the dark screen only wakes it */
		if (down && ui->dark) { ui->dark = 0; ui->woke = 1; ui->swallow = 1; ui->dirty = 1; }
		else if (!down) ui->swallow = 0;
		return;
	}
	if (ui->staff) ui->staff_input = ui->now;
	if (ui->guide && !ui->staff) { guide_pointer(ui, x, y, down); ui->dirty = 1; return; }
	if (down) {
		ui->pressed = hit(ui, x, y);
		ui->press_x = x; ui->press_y = y;
		ui->dirty = 1;
		return;
	}
	int i = ui->pressed, j = hit(ui, x, y);
	ui->pressed = -1;
	ui->dirty = 1;
	if (i < 0 || i != j) return;
	/* A second tap right after the screen changed is an accidental double
	 * tap: it must not answer or skip the next question. */
	if (ui->now - ui->last_nav < 350 && ui->w[i].action != A_KEY) return;
	Widget w = ui->w[i];      /* acting may rebuild the list */
	screens_act(ui, &w);
}

void ui_text(Ui *ui, const char *utf8)
{
	screens_text(ui, utf8);
	ui->dirty = 1;
}

int ui_key(Ui *ui, const char *name)
{
	if (strcmp(name, "F11") == 0) { ui_toggle_fullscreen(ui); return 0; }
	ui->dirty = 1;
	if (ui->guide && !ui->staff) return guide_key(ui, name);
	/* a USB keypad or keyboard on the attract screen starts the audio guide */
	if (!ui->staff && visit_screen(ui->v) == VS_ATTRACT &&
	    (!strcmp(name, "Return") || !strcmp(name, "Space") || !strcmp(name, "Tab"))) {
		guide_start(ui);
		return 0;
	}
	return screens_key(ui, name);
}

/* Centre of the part of w that is on screen (a scrolled widget may be cut). */
static void visible_center(const Ui *ui, const Widget *w, int *x, int *y)
{
	int top = w->r.y, bot = w->r.y + w->r.h;
	if (w->flags & WF_SCROLL) {
		if (top < ui->content.y) top = ui->content.y;
		if (bot > ui->content.y + ui->content.h) bot = ui->content.y + ui->content.h;
	}
	*x = w->r.x + w->r.w / 2;
	*y = (top + bot) / 2;
}

int ui_find(Ui *ui, const char *label, int *x, int *y)
{
	/* a field's text is what was typed, not a label: fields count only when
	 * no other widget has that text */
	for (int pass = 0; pass < 2; pass++) {
		int found = -1, n = 0;
		for (int i = 0; i < ui->nw; i++) {
			const Widget *w = &ui->w[i];
			if (!(str_eq(w->text, label) || str_eq(w->name, label))) continue;
			if (pass == 0 && (w->flags & WF_FIELD)) continue;
			if ((w->flags & WF_SCROLL) && (w->r.y + w->r.h <= ui->content.y || w->r.y >= ui->content.y + ui->content.h))
				continue;   /* scrolled out of view */
			found = i;
			n++;
		}
		if (n > 1) return -2;
		if (n == 1) {
			visible_center(ui, &ui->w[found], x, y);
			ui_to_panel(ui, x, y);
			return 0;
		}
	}
	return -1;
}

static int visible(const Ui *ui, const Widget *w)
{
	return !(w->flags & WF_SCROLL) || (w->r.y + w->r.h > ui->content.y && w->r.y < ui->content.y + ui->content.h);
}

static int role_match(const Widget *w, const char *role)
{
	int a = w->action;
	if (!(w->flags & WF_BUTTON) || (w->flags & WF_DISABLED)) return 0;
	if (!strcmp(role, "answer"))
		return a == A_CHOOSE || a == A_TOGGLE || a == A_BOOL || a == A_SCALE || a == A_FIELD ||
		       a == A_UNDERSTAND || a == A_DISCUSS || a == A_ASK || a == A_PLAN || a == A_DECLINE;
	if (!strcmp(role, "skip")) return a == A_SKIP_AGREEMENT;
	if (!strcmp(role, "clause")) return a == A_CLAUSE_EDIT;
	if (!strcmp(role, "show-qr")) return a == A_QR_SHOW;
	if (!strcmp(role, "decline")) return a == A_DECLINE;
	return (w->flags & WF_PRIMARY) && (w->flags & WF_CHROME);
}

/* Like a person: scrolls the content until the widget is in view, then
 * gives the centre of its visible part. */
int ui_find_role(Ui *ui, const char *role, int n, int *x, int *y)
{
	for (int i = 0; i < ui->nw; i++) {
		const Widget *w = &ui->w[i];
		if (!role_match(w, role) || n-- != 0) continue;
		if (!visible(ui, w) || ((w->flags & WF_SCROLL) && w->r.y + w->r.h > ui->content.y + ui->content.h)) {
			int top = w->r.y + ui->scroll - ui->content.y;
			ui->scroll = top + w->r.h > ui->content.h ? top + w->r.h - ui->content.h : top;
			ui->dirty = 1;
			ui_frame(ui, ui->now);
			w = &ui->w[i];
		}
		visible_center(ui, w, x, y);
		ui_to_panel(ui, x, y);
		return 0;
	}
	return -1;
}

int ui_has_text(Ui *ui, const char *text)
{
	for (int i = 0; i < ui->nw; i++) {
		const Widget *w = &ui->w[i];
		if (!visible(ui, w)) continue;
		if ((w->text && strstr(w->text, text)) || (w->sub && strstr(w->sub, text))) return 1;
	}
	return 0;
}

char *ui_dump(Ui *ui)
{
	Buf b = { 0 };
	for (int i = 0; i < ui->nw; i++) {
		const Widget *w = &ui->w[i];
		if (!visible(ui, w)) continue;
		if (w->text && *w->text) { buf_add(&b, w->text); buf_addc(&b, '\n'); }
		if (w->sub) { buf_add(&b, w->sub); buf_addc(&b, '\n'); }
	}
	return buf_take(&b);
}

char *ui_layout_report(Ui *ui)
{
	return ui->overflow[0] ? xstrdup(ui->overflow) : NULL;
}

/* An RGBA32 surface as a PNG file, with libpng's simplified API (libpng is
 * loaded anyway, by FreeType; SDL_image would bring six image libraries to
 * every start for this one call). */
static int save_png(SDL_Surface *s, const char *path)
{
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)s->w;
	img.height = (png_uint_32)s->h;
	img.format = PNG_FORMAT_RGBA;
	if (!png_image_write_to_file(&img, path, 0, s->pixels, s->pitch, NULL)) {
		png_image_free(&img);
		return -1;
	}
	return 0;
}

int ui_screenshot(Ui *ui, const char *path)
{
	SDL_Surface *s;
	int rc;
	if (ui->surf) return save_png(ui->surf, path);
	s = SDL_CreateRGBSurfaceWithFormat(0, ui->cfg.w, ui->cfg.h, 32, SDL_PIXELFORMAT_RGBA32);
	if (!s) return -1;
	SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_RGBA32, s->pixels, s->pitch);
	rc = save_png(s, path);
	SDL_FreeSurface(s);
	return rc;
}

static const char *key_name(SDL_Keycode k)
{
	switch (k) {
	case SDLK_RETURN: case SDLK_KP_ENTER: return "Return";
	case SDLK_ESCAPE: return "Escape";
	case SDLK_BACKSPACE: return "Backspace";
	case SDLK_TAB: return "Tab";
	case SDLK_LEFT: return "Left";
	case SDLK_RIGHT: return "Right";
	case SDLK_UP: return "Up";
	case SDLK_DOWN: return "Down";
	case SDLK_F1: return "F1";
	case SDLK_h: return "h";
	case SDLK_F11: return "F11";
	case SDLK_SPACE: return "Space";
	default: return NULL;
	}
}

long long ui_step(Ui *ui, long long now)
{
	if (visit_tick(ui->v, now) != VT_NONE) ui->dirty = 1;
	if (visit_warning(ui->v)) ui->dirty = 1;    /* the countdown moves */
	ui_frame(ui, now);
	if (ui->host.tick) ui->host.tick(ui->host.ctx, now);   /* after the frame: "ready" means drawn */
	long long dl = ui_next_deadline(ui);
	if (ui->host.next_due) {   /* the host's own next duty (retention, outbox notice) */
		long long h = ui->host.next_due(ui->host.ctx);
		if (h >= 0 && (dl < 0 || h < dl)) dl = h;
	}
	return dl;
}

/* The interactive loop: block until input or the next deadline; each turn
 * is one ui_step, the same step the headless script driver takes. */
int ui_run(Ui *ui)
{
	long long down_at = 0;
	while (!ui->quit) {
		SDL_Event e;
		long long now = (long long)SDL_GetTicks64(), dl;
		int timeout;
		dl = ui_step(ui, now);
		/* nothing due: sleep until input (no periodic wake-up) */
		timeout = dl < 0 ? -1 : (int)(dl - now < 0 ? 0 : dl - now > INT_MAX ? INT_MAX : dl - now);
		if (ui->cfg.wake_ms > 0 && (timeout < 0 || timeout > ui->cfg.wake_ms)) timeout = (int)ui->cfg.wake_ms;   /* watchdog */
		if (!SDL_WaitEventTimeout(&e, timeout)) continue;
		do {
			now = (long long)SDL_GetTicks64();
			ui->now = now;
			switch (e.type) {
			case SDL_QUIT: ui->quit = 1; break;
			case SDL_MOUSEBUTTONDOWN:
				if (e.button.button != SDL_BUTTON_LEFT) break;
				visit_input(ui->v, now);
				down_at = now;
				ui_pointer(ui, e.button.x, e.button.y, 1);
				break;
			case SDL_MOUSEBUTTONUP:
				if (e.button.button != SDL_BUTTON_LEFT) break;
				visit_input(ui->v, now);
				if (now - down_at >= 2000 && visit_screen(ui->v) == VS_ATTRACT && !ui->guide)
					ui_long_press(ui, e.button.x, e.button.y, now - down_at);
				else ui_pointer(ui, e.button.x, e.button.y, 0);
				break;
			case SDL_MOUSEMOTION:
				if (e.motion.state & SDL_BUTTON_LMASK) ui_pointer_move(ui, e.motion.x, e.motion.y);
				break;
			case SDL_TEXTINPUT:
				visit_input(ui->v, now);
				ui_text(ui, e.text.text);
				break;
			case SDL_KEYDOWN: {
				const char *k = key_name(e.key.keysym.sym);
				visit_input(ui->v, now);
				if (k) ui_key(ui, k);
				break;
			}
			case SDL_WINDOWEVENT: ui->dirty = 1; break;
			default: break;
			}
		} while (SDL_PollEvent(&e));
	}
	return 0;
}
