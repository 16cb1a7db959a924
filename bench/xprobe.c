/* bench/xprobe.c - the bench's eyes and finger on the X display.
 * Built by bench/bench.sh (not by make all): cc -O2 xprobe.c -lX11 -lXtst
 *
 *   xprobe hash                    print a hash of the root window's pixels
 *   xprobe wait HASH TIMEOUT_MS    poll until the pixels hash to HASH; print the
 *                                  CLOCK_MONOTONIC time (ns) of the first capture
 *                                  that matched (exit 1 on timeout)
 *   xprobe click X Y TIMEOUT_MS    press and release button 1 at X,Y (XTest),
 *                                  then poll until the pixels change; print
 *                                  "<ms from the press to the first changed
 *                                  capture> <ms per capture> <new hash>"
 *
 * One capture is an XGetImage of the whole root window (a few ms on Xvfb),
 * so a time is late by at most one capture period, which is printed. */
#define _POSIX_C_SOURCE 200809L
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static Display *dpy;
static Window root;
static int W, H;

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* FNV-1a over the 24 colour bits of every pixel (padding bits ignored). */
static uint64_t capture(void)
{
	XImage *im = XGetImage(dpy, root, 0, 0, (unsigned)W, (unsigned)H, AllPlanes, ZPixmap);
	uint64_t h = 1469598103934665603ULL;
	if (!im) return 0;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			unsigned long p = XGetPixel(im, x, y) & 0xFFFFFFUL;
			h = (h ^ p) * 1099511628211ULL;
		}
	XDestroyImage(im);
	return h;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !(dpy = XOpenDisplay(NULL))) {
		fprintf(stderr, "usage: xprobe hash | wait HASH TIMEOUT_MS | click X Y TIMEOUT_MS (needs DISPLAY)\n");
		return 2;
	}
	root = DefaultRootWindow(dpy);
	W = DisplayWidth(dpy, DefaultScreen(dpy));
	H = DisplayHeight(dpy, DefaultScreen(dpy));
	if (!strcmp(argv[1], "hash")) {
		printf("%016" PRIx64 "\n", capture());
		return 0;
	}
	if (!strcmp(argv[1], "wait") && argc == 4) {
		uint64_t want = strtoull(argv[2], NULL, 16);
		int64_t end = now_ns() + atoll(argv[3]) * 1000000LL;
		while (now_ns() < end) {
			int64_t t = now_ns();
			if (capture() == want) { printf("%" PRId64 "\n", t); return 0; }
		}
		return 1;
	}
	if (!strcmp(argv[1], "click") && argc == 5) {
		int x = atoi(argv[2]), y = atoi(argv[3]);
		int64_t t0, t, end;
		long n = 0;
		uint64_t before, h;
		XTestFakeMotionEvent(dpy, DefaultScreen(dpy), x, y, CurrentTime);
		XSync(dpy, False);
		before = capture();
		t0 = now_ns();
		XTestFakeButtonEvent(dpy, 1, True, CurrentTime);
		XTestFakeButtonEvent(dpy, 1, False, CurrentTime);
		XFlush(dpy);
		end = t0 + atoll(argv[4]) * 1000000LL;
		while ((t = now_ns()) < end) {
			h = capture();
			n++;
			if (h != before) {
				int64_t t1 = now_ns();
				printf("%.2f %.2f %016" PRIx64 "\n", (double)(t1 - t0) / 1e6, (double)(t1 - t0) / 1e6 / (double)n, h);
				return 0;
			}
		}
		printf("timeout %.2f %016" PRIx64 "\n", (double)(now_ns() - t0) / 1e6 / (double)(n ? n : 1), before);
		return 1;
	}
	fprintf(stderr, "xprobe: bad arguments\n");
	return 2;
}
