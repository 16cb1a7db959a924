/* app/fleet.c - clinic IT's fleet commands: signing content sets and
 * listing every kiosk the FHIR server has heard from. See fleet.h. */
#include "app/fleet.h"
#include "app/config.h"
#include "app/pull.h"
#include "app/fleetlink.h"
#include "content/check.h"
#include "content/cset.h"
#include "core/util.h"
#include "net/heartbeat.h"
#include "net/rest.h"
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The value after --name in argv, or NULL. */
static const char *opt(int argc, char **argv, const char *name)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name)) return argv[i + 1];
	return NULL;
}

/* The last argument that is neither an option nor an option's value. */
static const char *operand(int argc, char **argv)
{
	const char *last = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--", 2)) { i++; continue; }
		last = argv[i];
	}
	return last;
}

/* A key file holds one base64 line; comment lines start with '#'. */
static char *read_key(const char *path)
{
	char *t = cset_slurp(path, NULL), *p = t;
	while (p && *p == '#') p += strcspn(p, "\n") + (p[strcspn(p, "\n")] ? 1 : 0);
	char *k = p ? xstrndup(p, strcspn(p, "\r\n")) : NULL;
	if (t) sodium_memzero(t, strlen(t));
	free(t);
	return k;
}

static int write_text(const char *path, const char *text, int mode)
{
	FILE *f = fopen(path, "w");
	int ok;
	if (!f) return -1;
	chmod(path, (mode_t)mode);
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static int cmd_keygen(const char *path)
{
	char pub[CSET_PUB_B64], sec[CSET_SEC_B64], line[300], pubpath[600];
	cset_keygen(pub, sec);
	snprintf(line, sizeof line, "# Accord content signing key (secret: keep it off the kiosks)\n%s\n", sec);
	sodium_memzero(sec, sizeof sec);
	if (write_text(path, line, 0600) != 0) { fprintf(stderr, "accord: %s: cannot be written\n", path); return 1; }
	sodium_memzero(line, sizeof line);
	snprintf(pubpath, sizeof pubpath, "%s.pub", path);
	snprintf(line, sizeof line, "%s\n", pub);
	if (write_text(pubpath, line, 0644) != 0) { fprintf(stderr, "accord: %s: cannot be written\n", pubpath); return 1; }
	printf("secret key: %s (keep it safe, off the kiosks)\npublic key: %s\n"
	       "put this line in every kiosk's accord.conf:\ncontent_public_key = %s\n", path, pubpath, pub);
	return 0;
}

/* The same rules as the kiosk: a broken set is never signed. order.json,
 * scoring.json and safety.json refer to the forms, so with forms from the server they are
 * checked on the kiosk, once the forms are fetched. */
static int check_before_signing(const char *dir, const char *manifest)
{
	Cset *c = NULL;
	char err[512], **paths;
	int n = 0, bad;
	if (cset_parse(manifest, &c, err, sizeof err) != CSET_OK) { fprintf(stderr, "accord: %s\n", err); return -1; }
	paths = xcalloc((size_t)c->n_files + 1, sizeof *paths);
	for (int i = 0; i < c->n_files; i++) {
		const char *base = strrchr(c->paths[i], '/') + 1;
		Buf p = { 0 };
		if (c->n_forms && (!strcmp(base, "order.json") || !strcmp(base, "scoring.json") || !strcmp(base, "safety.json"))) {
			fprintf(stderr, "LATER %s: checked on the kiosk with the forms it fetches\n", c->paths[i]);
			continue;
		}
		if (!strncmp(c->paths[i], "strings/", 8)) continue;   /* not a kind accord check reads */
		buf_addf(&p, "%s/%s", dir, c->paths[i]);
		paths[n++] = buf_take(&p);
	}
	bad = n ? content_check((const char *const *)paths, n, stderr) : 0;
	for (int i = 0; i < n; i++) free(paths[i]);
	free(paths);
	cset_free(c);
	return bad;
}

static int cmd_sign(int argc, char **argv)
{
	const char *keyfile = opt(argc, argv, "--key"), *out = opt(argc, argv, "--out"), *dir = operand(argc, argv);
	char err[1024], *manifest = NULL, *signed_text = NULL, *key = NULL;
	int rc = 1;
	if (!keyfile || !dir) { fputs("usage: accord content sign --key KEYFILE [--out FILE] DIR\n", stderr); return 2; }
	if (cset_build(dir, &manifest, err, sizeof err) != CSET_OK) { fprintf(stderr, "accord: %s\n", err); goto out; }
	if (check_before_signing(dir, manifest) != 0) { fprintf(stderr, "accord: %s: not signed: fix the problems above\n", dir); goto out; }
	if (!(key = read_key(keyfile))) { fprintf(stderr, "accord: %s: cannot be read\n", keyfile); goto out; }
	if (cset_sign(manifest, key, &signed_text, err, sizeof err) != CSET_OK) { fprintf(stderr, "accord: %s\n", err); goto out; }
	if (out && write_text(out, signed_text, 0644) != 0) { fprintf(stderr, "accord: %s: cannot be written\n", out); goto out; }
	if (!out) puts(signed_text);
	else fprintf(stderr, "signed %s into %s\n", dir, out);
	rc = 0;
out:
	if (key) sodium_memzero(key, strlen(key));
	free(key); free(manifest); free(signed_text);
	return rc;
}

static int cmd_verify(int argc, char **argv)
{
	const char *pub = opt(argc, argv, "--pubkey"), *file = operand(argc, argv);
	char err[1024], *text, *manifest = NULL;
	size_t len = 0;
	Cset *c = NULL;
	int rc = 1;
	if (!pub || !file) { fputs("usage: accord content verify --pubkey KEY FILE\n", stderr); return 2; }
	if (!(text = cset_slurp(file, &len))) { fprintf(stderr, "accord: %s: cannot be read\n", file); return 1; }
	if (cset_verify(text, len, pub, &manifest, err, sizeof err) != CSET_OK || cset_parse(manifest, &c, err, sizeof err) != CSET_OK) {
		printf("REFUSED %s: %s\n", file, err);
		goto out;
	}
	printf("OK %s: content set %s, %d files, %d questionnaires from the server, %d settings\n", file, c->version,
	       c->n_files, c->n_forms, c->n_settings);
	for (int i = 0; i < c->n_files; i++) printf("    file %s\n", c->paths[i]);
	for (int i = 0; i < c->n_forms; i++) printf("    questionnaire %s = %s|%s\n", c->forms[i].file, c->forms[i].url, c->forms[i].version);
	for (int i = 0; i < c->n_settings; i++) printf("    setting %s = %s\n", c->keys[i], c->values[i]);
	rc = 0;
out:
	cset_free(c);
	free(manifest);
	free(text);
	return rc;
}

/* The signed file wrapped in a FHIR Binary, ready to PUT to Binary/<id>. */
static int cmd_binary(int argc, char **argv)
{
	const char *file = operand(argc, argv), *id = opt(argc, argv, "--id");
	size_t len = 0;
	char *text = file ? cset_slurp(file, &len) : NULL, *b64, *out;
	cJSON *o;
	if (!text) { fputs("usage: accord content binary [--id ID] FILE\n", stderr); free(text); return 2; }
	b64 = xmalloc(sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL));
	sodium_bin2base64(b64, sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL), (unsigned char *)text, len,
			  sodium_base64_VARIANT_ORIGINAL);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "resourceType", "Binary");
	if (id) cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "contentType", "application/json");
	cJSON_AddStringToObject(o, "data", b64);
	out = cJSON_PrintUnformatted(o);
	puts(out);
	free(out); cJSON_Delete(o); free(b64); free(text);
	return 0;
}

/* The kiosk's config as the app reads it (or --config FILE alone), --data. */
static int kiosk_config(int argc, char **argv, Config *c)
{
	char errs[4096] = "";
	const char *conf = opt(argc, argv, "--config"), *data = opt(argc, argv, "--data");
	config_defaults(c);
	if (conf) {
		if (config_load(c, conf, 0, errs, sizeof errs) < 0) { fprintf(stderr, "%s", errs); return -1; }
	} else {
		config_load(c, "/etc/accord/accord.conf", 1, errs, sizeof errs);
		config_load(c, c->boot_config, 1, errs, sizeof errs);
	}
	if (data) snprintf(c->data_dir, sizeof c->data_dir, "%s", data);
	return 0;
}

static int cmd_pull(int argc, char **argv)
{
	Config c;
	char version[72], msg[1024];
	if (kiosk_config(argc, argv, &c) != 0) return 2;
	PullResult r = pull_once(&c, version, sizeof version, msg, sizeof msg);
	printf("%s\n", msg);
	return r == PULL_NEW || r == PULL_SAME ? 0 : r == PULL_REFUSED ? 1 : 3;
}

int fleet_heartbeat_main(int argc, char **argv)
{
	Config c;
	char msg[300];
	if (kiosk_config(argc, argv, &c) != 0) return 2;
	int rc = fleetlink_heartbeat_now(&c, msg, sizeof msg);
	printf("%s\n", msg);
	return rc == 0 ? 0 : 3;
}

int fleet_content_main(int argc, char **argv)
{
	const char *sub = argc >= 2 ? argv[1] : "";
	if (sodium_init() < 0) return 1;
	if (!strcmp(sub, "keygen") && argc == 3) return cmd_keygen(argv[2]);
	if (!strcmp(sub, "sign")) return cmd_sign(argc - 1, argv + 1);
	if (!strcmp(sub, "verify")) return cmd_verify(argc - 1, argv + 1);
	if (!strcmp(sub, "binary")) return cmd_binary(argc - 1, argv + 1);
	if (!strcmp(sub, "pull")) return cmd_pull(argc - 1, argv + 1);
	fputs("usage: accord content keygen KEYFILE\n"
	      "       accord content sign --key KEYFILE [--out FILE] DIR\n"
	      "       accord content verify --pubkey KEY FILE\n"
	      "       accord content binary [--id ID] FILE\n"
	      "       accord content pull [--config FILE] [--data DIR]\n", stderr);
	return 2;
}

/* ---- accord fleet ---- */

typedef struct Kiosk {
	char name[80], app[40], content[80], error[40];
	long long heard;             /* server's meta.lastUpdated, unix s (0 unknown) */
	long long waiting, rejected, oldest_s, disk_mb, uptime_s;
} Kiosk;

static long long parse_instant(const char *s)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, se;
	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6) return 0;
	tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d; tm.tm_hour = h; tm.tm_min = mi; tm.tm_sec = se;
	long long t = (long long)timegm(&tm);
	const char *tz = strlen(s) > 19 ? strpbrk(s + 19, "Z+-") : NULL;   /* Z, +hh:mm or -hh:mm */
	if (tz && (*tz == '+' || *tz == '-')) {
		int oh = 0, om = 0;
		sscanf(tz + 1, "%d:%d", &oh, &om);
		t -= (*tz == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
	}
	return t;
}

static const char *code_of(const cJSON *concept)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(concept, "coding"), 0), "code"));
}

static void kiosk_from(const cJSON *d, Kiosk *k)
{
	const cJSON *e;
	memset(k, 0, sizeof *k);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d, "identifier"))
		if (str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "system")), HB_SYS_KIOSK))
			snprintf(k->name, sizeof k->name, "%s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "value")));
	k->heard = parse_instant(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(d, "meta"), "lastUpdated")));
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d, "version")) {
		const char *c = code_of(cJSON_GetObjectItemCaseSensitive(e, "type"));
		const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "value"));
		if (str_eq(c, "app-version")) snprintf(k->app, sizeof k->app, "%s", v ? v : "");
		if (str_eq(c, "content-version")) snprintf(k->content, sizeof k->content, "%s", v ? v : "");
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d, "property")) {
		const char *c = code_of(cJSON_GetObjectItemCaseSensitive(e, "type"));
		const cJSON *vq = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "valueQuantity"), 0);
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(vq, "value");
		long long v = cJSON_IsNumber(q) ? (long long)q->valuedouble : 0;
		if (str_eq(c, "outbox-waiting")) k->waiting = v;
		else if (str_eq(c, "outbox-rejected")) k->rejected = v;
		else if (str_eq(c, "outbox-oldest-age")) k->oldest_s = v;
		else if (str_eq(c, "disk-free")) k->disk_mb = v;
		else if (str_eq(c, "uptime")) k->uptime_s = v;
		else if (str_eq(c, "error-class")) {
			const char *ec = code_of(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "valueCode"), 0));
			snprintf(k->error, sizeof k->error, "%s", ec ? ec : "");
		}
	}
}

static void age(char *out, size_t n, long long s)
{
	if (s < 0) s = 0;
	if (s < 120) snprintf(out, n, "%llds", s);
	else if (s < 7200) snprintf(out, n, "%lldm", s / 60);
	else if (s < 172800) snprintf(out, n, "%lldh", s / 3600);
	else snprintf(out, n, "%lldd", s / 86400);
}

int fleet_main(int argc, char **argv)
{
	const char *fhir = opt(argc, argv, "--fhir"), *ca = opt(argc, argv, "--ca"), *tokfile = opt(argc, argv, "--token-file");
	const char *stale_arg = opt(argc, argv, "--stale-minutes"), *stuck_arg = opt(argc, argv, "--stuck-minutes");
	const char *clinic = opt(argc, argv, "--clinic");
	long long stale_s = (long long)((stale_arg ? atof(stale_arg) : 15) * 60), stuck_s = (long long)((stuck_arg ? atof(stuck_arg) : 60) * 60);
	long long now = (long long)time(NULL);
	HttpConfig h = { 0 };
	RestReply r;
	char *token = tokfile ? read_key(tokfile) : NULL, *url;
	cJSON *b = NULL;
	const cJSON *e;
	int bad = 0, n = 0;
	if (!fhir || stale_s <= 0 || stuck_s <= 0) {
		fputs("usage: accord fleet --fhir URL [--ca FILE] [--token-file FILE] [--clinic NAME] [--stale-minutes N] [--stuck-minutes N]\n"
		      "Lists every kiosk that has reported to the FHIR server. Exit 0: all heard from and sending;\n"
		      "1: a kiosk is STALE (not heard from) or STUCK (messages waiting too long, or refused); 3: server trouble.\n", stderr);
		free(token);
		return 2;
	}
	h.url = fhir; h.ca_file = ca; h.bearer_token = token;
	url = rest_query("Device", "type", HB_SYS_CODE "|kiosk", "_count", "1000", (char *)NULL);
	if (rest_call(&h, "GET", url, NULL, 0, &r) != 0 || !(b = cJSON_ParseWithLength(r.body, r.len))) {
		fprintf(stderr, "accord fleet: %s: %s\n", fhir, r.message[0] ? r.message : "the answer is not JSON");
		rest_reply_free(&r); free(url); free(token);
		return 3;
	}
	printf("%-20s %-7s %-10s %-10s %-16s %7s %8s %7s %8s %s\n", "KIOSK", "STATE", "LAST HEARD", "APP", "CONTENT",
	       "WAITING", "REJECTED", "OLDEST", "DISK MB", "LAST ERROR");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(b, "entry")) {
		Kiosk k;
		char heard[32], oldest[32];
		const char *state = "ok";
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(e, "resource");
		kiosk_from(res, &k);
		if (!k.name[0]) continue;
		if (clinic && !str_eq(clinic, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(res, "location"), "display")))) continue;
		if (!k.heard || now - k.heard > stale_s) state = "STALE";
		else if (k.rejected > 0 || (k.waiting > 0 && k.oldest_s > stuck_s)) state = "STUCK";
		bad |= strcmp(state, "ok") != 0;
		age(heard, sizeof heard, now - k.heard);
		age(oldest, sizeof oldest, k.oldest_s);
		printf("%-20s %-7s %-10s %-10s %-16s %7lld %8lld %7s %8lld %s\n", k.name, state, k.heard ? heard : "never", k.app,
		       k.content, k.waiting, k.rejected, k.waiting ? oldest : "-", k.disk_mb, k.error);
		n++;
	}
	if (!n) { printf("no kiosk%s%s has reported to %s\n", clinic ? " of " : "", clinic ? clinic : "", fhir); bad = 1; }
	cJSON_Delete(b);
	rest_reply_free(&r);
	free(url);
	free(token);
	return bad ? 1 : 0;
}
