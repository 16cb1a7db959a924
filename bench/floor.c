/* bench/floor.c - the floor of `make bench`: the least any SDL2 + SDL2_ttf
 * kiosk can cost. It draws Accord's attract screen and one 0-10 question
 * screen with the same font, colours and render path (software renderer, no
 * GL window surface), redraws only when something changed and sleeps in
 * SDL_WaitEvent otherwise. Nothing is cached: text is rendered on every
 * redraw, as the simplest program would. Not part of the appliance.
 *
 *   floor [WxH]     a window; prints "floor: ready" after the first frame
 *   a tap on the attract screen opens the question, a tap on a number selects
 *   it, a tap on Next goes back to the attract screen. */
#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>
#include <stdio.h>

#define FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

typedef struct { SDL_Renderer *r; TTF_Font *f24, *f30, *b30, *b44; int w, h, screen, sel; } Floor;

static const SDL_Color BG = { 0xFA, 0xF8, 0xF3, 255 }, FG = { 0x1B, 0x1B, 0x1B, 255 }, MUTED = { 0x45, 0x46, 0x4A, 255 },
	PRIMARY = { 0x0B, 0x4F, 0x5C, 255 }, WHITE = { 255, 255, 255, 255 }, BORDER = { 0x3E, 0x5C, 0x66, 255 },
	SEL = { 0x17, 0x3F, 0x78, 255 };

static void fill(Floor *f, SDL_Rect r, SDL_Color c)
{
	SDL_SetRenderDrawColor(f->r, c.r, c.g, c.b, 255);
	SDL_RenderFillRect(f->r, &r);
}

static void box(Floor *f, SDL_Rect r, SDL_Color c)
{
	fill(f, r, c);
	SDL_SetRenderDrawColor(f->r, BORDER.r, BORDER.g, BORDER.b, 255);
	SDL_RenderDrawRect(f->r, &r);
}

/* text centred on cx (or left-aligned at x when cx < 0) */
static void text(Floor *f, TTF_Font *font, const char *s, int x, int cx, int y, SDL_Color c)
{
	SDL_Surface *s1 = TTF_RenderUTF8_Blended(font, s, c);
	SDL_Texture *t;
	if (!s1) return;
	t = SDL_CreateTextureFromSurface(f->r, s1);
	SDL_Rect d = { cx >= 0 ? cx - s1->w / 2 : x, y, s1->w, s1->h };
	SDL_RenderCopy(f->r, t, NULL, &d);
	SDL_DestroyTexture(t);
	SDL_FreeSurface(s1);
}

static SDL_Rect number(const Floor *f, int i)
{
	int gap = 8, bw = (f->w - 48 - 10 * gap) / 11;
	SDL_Rect r = { 24 + i * (bw + gap), f->h / 2 - 10, bw, 64 };
	return r;
}

static SDL_Rect next_button(const Floor *f)
{
	SDL_Rect r = { f->w - 200, f->h - 72, 184, 56 };
	return r;
}

static void draw(Floor *f)
{
	fill(f, (SDL_Rect){ 0, 0, f->w, f->h }, BG);
	if (f->screen == 0) {
		text(f, f->b44, "Riverside Pain Clinic", 0, f->w / 2, 50, FG);
		box(f, (SDL_Rect){ 48, 124, f->w - 96, f->h - 224 }, PRIMARY);
		text(f, f->b44, "Touch to start", 0, f->w / 2, f->h / 2 - 34, WHITE);
		text(f, f->f30, "Toque para empezar", 0, f->w / 2, f->h / 2 + 18, WHITE);
		text(f, f->f24, "English \xC2\xB7 Espa\xC3\xB1ol", 0, f->w / 2, f->h - 52, MUTED);
	} else {
		char n[4];
		fill(f, (SDL_Rect){ 0, 0, f->w, 64 }, (SDL_Color){ 0xE9, 0xE4, 0xD8, 255 });
		text(f, f->b30, "Question 1 of 3", 16, -1, 14, FG);
		text(f, f->f30, "What number best describes your pain on average", 24, -1, 90, FG);
		text(f, f->f30, "in the past week?", 24, -1, 130, FG);
		for (int i = 0; i <= 10; i++) {
			SDL_Rect r = number(f, i);
			box(f, r, i == f->sel ? SEL : WHITE);
			snprintf(n, sizeof n, "%d", i);
			text(f, f->b30, n, 0, r.x + r.w / 2, r.y + 14, i == f->sel ? WHITE : FG);
		}
		text(f, f->f24, "No pain", 24, -1, f->h / 2 + 60, MUTED);
		text(f, f->f24, "Worst pain", f->w - 160, -1, f->h / 2 + 60, MUTED);
		box(f, next_button(f), PRIMARY);
		text(f, f->b30, "Next", 0, f->w - 108, f->h - 62, WHITE);
	}
	SDL_RenderPresent(f->r);
}

static int inside(SDL_Rect r, int x, int y) { return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h; }

static void tap(Floor *f, int x, int y)
{
	if (f->screen == 0) { f->screen = 1; f->sel = -1; return; }
	if (inside(next_button(f), x, y)) { f->screen = 0; return; }
	for (int i = 0; i <= 10; i++)
		if (inside(number(f, i), x, y)) f->sel = i;
}

int main(int argc, char **argv)
{
	Floor f = { 0 };
	SDL_Window *win;
	SDL_Event e;
	f.w = 800; f.h = 480; f.sel = -1;
	if (argc > 1 && sscanf(argv[1], "%dx%d", &f.w, &f.h) != 2) { fprintf(stderr, "usage: floor [WxH]\n"); return 2; }
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) { fprintf(stderr, "floor: %s\n", SDL_GetError()); return 1; }
	win = SDL_CreateWindow("floor", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, f.w, f.h, 0);
	f.r = win ? SDL_CreateRenderer(win, -1, 0) : NULL;
	f.f24 = TTF_OpenFont(FONT, 24); f.f30 = TTF_OpenFont(FONT, 30);
	f.b30 = TTF_OpenFont(BOLD, 30); f.b44 = TTF_OpenFont(BOLD, 44);
	if (!f.r || !f.f24 || !f.f30 || !f.b30 || !f.b44) { fprintf(stderr, "floor: %s\n", SDL_GetError()); return 1; }
	draw(&f);
	fprintf(stderr, "floor: ready\n");
	while (SDL_WaitEvent(&e)) {
		if (e.type == SDL_QUIT) break;
		if (e.type == SDL_MOUSEBUTTONUP) { tap(&f, e.button.x, e.button.y); draw(&f); }
		else if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_EXPOSED) draw(&f);
	}
	TTF_Quit();
	SDL_Quit();
	return 0;
}
