/* app/main.c - accord: the kiosk, its headless test driver and its tools.
 *   accord [--fullscreen] [--size WxH] [--data DIR] [--assets DIR] [--config FILE]
 *   accord --headless --script FILE [same options]
 *   accord check PATH...        validate questionnaires and agreement packs
 *   accord passwd               make a staff PIN hash for accord.conf
 *   accord --print-config       an example config with every key
 *   accord --check-config FILE  report problems in a config file
 *   accord content ...          sign, verify and pull content sets (app/fleet.h)
 *   accord fleet --fhir URL     every kiosk the FHIR server knows, and its state
 *   accord heartbeat            send this kiosk's health report now
 * main() reads top to bottom: arguments -> init -> loop -> shutdown. */
#include "app/app.h"
#include "app/fleet.h"
#include "app/harden.h"
#include "app/pin.h"
#include "app/script.h"
#include "content/check.h"
#include <SDL2/SDL.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

typedef struct Args {
	int headless, fullscreen, w, h, fixed_clock;
	const char *script, *data, *assets, *config;
} Args;

static int usage(void)
{
	fputs("usage: accord [--fullscreen] [--size WxH] [--data DIR] [--assets DIR] [--config FILE]\n"
	      "       accord --headless --script FILE [--fixed-clock] [options]\n"
	      "       accord check PATH...\n"
	      "       accord passwd\n"
	      "       accord content keygen|sign|verify|binary|pull ...\n"
	      "       accord heartbeat [--config FILE] [--data DIR]\n"
	      "       accord fleet --fhir URL [--ca FILE] [--stale-minutes N] [--stuck-minutes N]\n"
	      "       accord --print-config | --check-config FILE\n", stderr);
	return 2;
}

static int cmd_passwd(void)
{
	char pin[128], hash[crypto_pwhash_STRBYTES];
	if (sodium_init() < 0) return 1;
	fprintf(stderr, "New staff PIN (%d-%d digits): ", PIN_MIN_DIGITS, PIN_MAX_DIGITS);
	if (!fgets(pin, sizeof pin, stdin)) return 1;
	pin[strcspn(pin, "\r\n")] = 0;
	if (!pin_valid(pin)) {
		fprintf(stderr, "the PIN must be %d to %d digits (a shorter one falls to an offline search of its hash)\n",
			PIN_MIN_DIGITS, PIN_MAX_DIGITS);
		sodium_memzero(pin, sizeof pin);
		return 1;
	}
	int rc = pin_hash(pin, hash, sizeof hash);
	sodium_memzero(pin, sizeof pin);
	if (rc != 0) return 1;
	printf("staff_pin_hash = %s\n", hash);
	return 0;
}

static int cmd_check_config(const char *path)
{
	Config c;
	char errs[4096] = "";
	config_defaults(&c);
	int n = config_load(&c, path, 0, errs, sizeof errs);
	fputs(errs, stdout);
	if (n == 0) printf("%s: OK\n", path);
	return n != 0;
}

static int parse(int argc, char **argv, Args *a)
{
	a->w = 800;
	a->h = 480;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(s, "--headless")) a->headless = 1;
		else if (!strcmp(s, "--fullscreen")) a->fullscreen = 1;
		else if (!strcmp(s, "--fixed-clock")) a->fixed_clock = 1;
		else if (!strcmp(s, "--script") && next) { a->script = next; i++; }
		else if (!strcmp(s, "--data") && next) { a->data = next; i++; }
		else if (!strcmp(s, "--assets") && next) { a->assets = next; i++; }
		else if (!strcmp(s, "--config") && next) { a->config = next; i++; }
		else if (!strcmp(s, "--size") && next) {
			if (sscanf(next, "%dx%d", &a->w, &a->h) != 2 || a->w < 320 || a->h < 320 || a->w > 8192 || a->h > 8192) {
				fprintf(stderr, "accord: --size wants WxH, e.g. 800x480\n");
				return -1;
			}
			i++;
		} else return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	Args args = { 0 };
	App app;
	int rc;

	/* UTF-8 character handling, set once before any thread starts: espeak-ng
	 * sets the same when read-aloud starts (after the first frame, while the
	 * sender thread may run), so that later call changes nothing */
	setlocale(LC_CTYPE, "C.UTF-8");
	if (argc >= 2 && !strcmp(argv[1], "check")) {
		if (argc < 3) return usage();
		return content_check((const char *const *)argv + 2, argc - 2, stdout) != 0;
	}
	if (argc == 2 && !strcmp(argv[1], "passwd")) return cmd_passwd();
	if (argc >= 2 && !strcmp(argv[1], "content")) return fleet_content_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "fleet")) return fleet_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "heartbeat")) return fleet_heartbeat_main(argc - 1, argv + 1);
	if (argc == 2 && !strcmp(argv[1], "--print-config")) { config_print_example(stdout); return 0; }
	if (argc == 3 && !strcmp(argv[1], "--check-config")) return cmd_check_config(argv[2]);
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) { usage(); return 0; }
	if (parse(argc, argv, &args) != 0) return usage();
	char herr[128];
	if (harden_process(herr, sizeof herr) != 0) fprintf(stderr, "accord: %s\n", herr);   /* no core files of patient data */
	if (args.headless) {
		setenv("SDL_VIDEODRIVER", "offscreen", 1);
		setenv("SDL_AUDIODRIVER", "dummy", 1);
	}

	/* A headless run reads only what its command line names: a test on a
	 * machine with a kiosk config stays repeatable. */
	const char *paths[3] = { args.headless ? NULL : "/etc/accord/accord.conf", NULL, args.config };
	if (app_init(&app, paths, 3, args.data, args.assets, args.headless, args.w, args.h, args.fullscreen) != 0) {
		app_free(&app);
		return 1;
	}
	app.fixed_clock = args.headless && args.fixed_clock;
	if (args.headless) {
		rc = args.script ? script_run(&app, args.script) : 0;
	} else {
		rc = ui_run(app.ui);
	}
	int restart = app.restart && !args.headless;
	app_free(&app);
	SDL_Quit();
	if (restart) {   /* a new content set goes live: the same start-up path checks it */
		execv("/proc/self/exe", argv);
		perror("accord: restart");
		return 1;     /* systemd (Restart=always) starts us again */
	}
	return rc;
}
