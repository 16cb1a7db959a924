/* app/pull.c - fetch, check and stage a signed content set. See pull.h. */
#include "app/pull.h"
#include "content/check.h"
#include "content/cset.h"
#include "content/lastgood.h"
#include "content/strings.h"
#include "core/util.h"
#include "net/rest.h"
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Keys a content set may set for every kiosk. Secrets, network targets,
 * trust anchors, paths and per-kiosk hardware stay on the card. */
static const char *const fleet_keys[] = {
	"clinic_name", "idle_warn_seconds", "idle_wipe_seconds", "handoff_seconds", "agreement", "identify",
	"clinic_language", "languages", "forms_off", "items_off", "qr_payload", "qr_max_version",
	"retention_days", "unsent_max_days", "text_size", "theme", "speech_rate", "volume",
	"display_off", "display_on", "heartbeat_minutes", "content_check_minutes",
};

int pull_setting_allowed(const char *key)
{
	for (size_t i = 0; i < sizeof fleet_keys / sizeof fleet_keys[0]; i++)
		if (!strcmp(fleet_keys[i], key)) return 1;
	return 0;
}

void pull_root(const Config *cfg, char *out, size_t n)
{
	snprintf(out, n, "%s/content", cfg->data_dir);
}

static HttpConfig http_of(const Config *cfg)
{
	HttpConfig h = { 0 };
	h.url = cfg->fhir_base_url[0] ? cfg->fhir_base_url : NULL;
	h.ca_file = cfg->fhir_ca_file[0] ? cfg->fhir_ca_file : NULL;
	h.bearer_token = cfg->fhir_bearer_token[0] ? cfg->fhir_bearer_token : NULL;
	h.client_cert = cfg->fhir_client_cert[0] ? cfg->fhir_client_cert : NULL;
	h.client_key = cfg->fhir_client_key[0] ? cfg->fhir_client_key : NULL;
	h.allow_insecure = str_eq(cfg->allow_insecure, "yes");
	return h;
}

/* The signed file's bytes from a reply: a FHIR Binary's data, else the body
 * itself. Caller frees; NULL with a message when a Binary is malformed. */
static char *unwrap(const RestReply *r, size_t *len, char *msg, size_t msglen)
{
	cJSON *o = cJSON_ParseWithLength(r->body, r->len);
	const char *rt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "resourceType"));
	char *out = NULL;
	if (!str_eq(rt, "Binary")) {
		cJSON_Delete(o);
		*len = r->len;
		return xstrndup(r->body, r->len);
	}
	const char *data = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "data"));
	size_t n = 0, cap = data ? strlen(data) + 1 : 1;
	out = xmalloc(cap);
	if (!data || sodium_base642bin((unsigned char *)out, cap, data, strlen(data), " \r\n", &n, NULL,
				       sodium_base64_VARIANT_ORIGINAL) != 0) {
		snprintf(msg, msglen, "the Binary at content_source has no base64 data");
		free(out);
		out = NULL;
	} else {
		out[n] = 0;
		*len = n;
	}
	cJSON_Delete(o);
	return out;
}

/* Fetches the Questionnaire with this canonical url and version and writes
 * it to dir/questionnaires/file. 0, or -1 with plain words in msg. */
static int fetch_form(const HttpConfig *h, const CsetForm *f, const char *dir, char *msg, size_t msglen)
{
	char *url = rest_query("Questionnaire", "url", f->url, "version", f->version, (char *)NULL);
	RestReply r;
	cJSON *b = NULL;
	const cJSON *e, *match = NULL;
	int n = 0, rc = -1;
	if (rest_call(h, "GET", url, NULL, 0, &r) != 0) {
		snprintf(msg, msglen, "Questionnaire %s|%s: %s", f->url, f->version, r.message);
		goto out;
	}
	b = cJSON_ParseWithLength(r.body, r.len);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(b, "entry")) {
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(e, "resource");
		if (!str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "resourceType")), "Questionnaire")) continue;
		if (!str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "url")), f->url) ||
		    !str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "version")), f->version)) continue;
		match = res;
		n++;
	}
	if (n != 1) {
		snprintf(msg, msglen, "Questionnaire %s version %s: the server has %s", f->url, f->version,
			 n ? "more than one" : "none");
		goto out;
	}
	{
		char path[1200], *text = cJSON_Print(match);
		FILE *fp;
		snprintf(path, sizeof path, "%s/questionnaires", dir);
		mkdir(path, 0755);
		snprintf(path, sizeof path, "%s/questionnaires/%s", dir, f->file);
		fp = fopen(path, "wb");
		if (fp && fputs(text, fp) >= 0 && fclose(fp) == 0) rc = 0;
		else {
			if (fp) fclose(fp);
			snprintf(msg, msglen, "%s: cannot be written", path);
		}
		free(text);
	}
out:
	cJSON_Delete(b);
	rest_reply_free(&r);
	free(url);
	return rc;
}

/* The `accord check` rules over the staged directory, the string catalogs
 * and the settings. 0, or -1 with the first problems in msg. */
static int check_staged(const Cset *c, const char *dir, char *msg, size_t msglen)
{
	char *report = NULL, err[512];
	size_t rlen = 0;
	FILE *out = open_memstream(&report, &rlen);
	const char *paths[1] = { dir };
	Config scratch;
	int bad = 0;
	if (!out) { snprintf(msg, msglen, "out of memory"); return -1; }
	bad = content_check(paths, 1, out) != 0;
	fclose(out);
	if (bad) {
		const char *u = strstr(report, "UNUSABLE");
		snprintf(msg, msglen, "refused by the content check: %.300s", u ? u : report);
	}
	free(report);
	for (int i = 0; i < c->n_files && !bad; i++) {
		if (strncmp(c->paths[i], "strings/", 8) != 0) continue;
		char sdir[760], lang[64];
		const char *langs[1] = { lang };
		snprintf(lang, sizeof lang, "%.*s", (int)(strlen(c->paths[i]) - 8 - 5), c->paths[i] + 8);
		snprintf(sdir, sizeof sdir, "%s/strings", dir);
		Strings *s = strings_load(sdir, langs, 1, err, sizeof err);
		if (!s) { snprintf(msg, msglen, "string catalog refused: %s", err); bad = 1; }
		strings_free(s);
	}
	config_defaults(&scratch);
	for (int i = 0; i < c->n_settings && !bad; i++) {
		if (!pull_setting_allowed(c->keys[i])) {
			snprintf(msg, msglen, "setting %s may not come from the server (it stays on the kiosk's card)", c->keys[i]);
			bad = 1;
		} else if (config_set(&scratch, c->keys[i], c->values[i], err, sizeof err) != 0) {
			snprintf(msg, msglen, "setting refused: %s", err);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

PullResult pull_once(const Config *cfg, char *version, size_t vlen, char *msg, size_t msglen)
{
	HttpConfig h = http_of(cfg);
	RestReply r = { 0 };
	char root[600], staging[700], *signed_text = NULL, *manifest = NULL, why[1400] = "";
	size_t len = 0;
	Cset *c = NULL;
	PullResult res = PULL_REFUSED;
	int rc;

	version[0] = 0;
	msg[0] = 0;
	staging[0] = 0;
	if (!cfg->content_source[0]) { snprintf(msg, msglen, "no content_source is configured"); return PULL_FAILED; }
	if (!cfg->content_public_key[0]) {
		snprintf(msg, msglen, "content_source is set but content_public_key is empty: nothing can be trusted");
		return PULL_REFUSED;
	}
	pull_root(cfg, root, sizeof root);
	mkdir(cfg->data_dir, 0700);
	if (rest_call(&h, "GET", cfg->content_source, NULL, CSET_MAX_BYTES * 2, &r) != 0) {   /* base64 in a Binary */
		snprintf(msg, msglen, "content set not fetched: %s", r.message);
		res = PULL_FAILED;
		goto out;
	}
	if (!(signed_text = unwrap(&r, &len, msg, msglen))) goto out;
	if ((rc = cset_verify(signed_text, len, cfg->content_public_key, &manifest, why, sizeof why)) != CSET_OK ||
	    (rc = cset_parse(manifest, &c, why, sizeof why)) != CSET_OK) {
		snprintf(msg, msglen, "content set refused: %s", why);
		goto out;
	}
	snprintf(version, vlen, "%s", c->version);
	switch (lastgood_known(root, c->version)) {
	case 1:
		/* staged earlier (perhaps by `accord content pull`) but not live yet: say so, so it goes live */
		res = lastgood_is_next(root, c->version) ? PULL_NEW : PULL_SAME;
		snprintf(msg, msglen, res == PULL_NEW ? "content %s is here and goes live between visits" : "content %s is already here",
			 c->version);
		goto out;
	case 2: snprintf(msg, msglen, "content %s was refused before; waiting for a new version", c->version); goto out;
	}
	if (lastgood_staging(root, staging, sizeof staging, why, sizeof why) != 0 ||
	    cset_write(c, manifest, staging, why, sizeof why) != CSET_OK) {
		snprintf(msg, msglen, "content %s not kept: %s", c->version, why);
		res = PULL_FAILED;
		goto out;
	}
	for (int i = 0; i < c->n_forms; i++) {
		if (fetch_form(&h, &c->forms[i], staging, why, sizeof why) != 0) {
			snprintf(msg, msglen, "content %s not complete: %s", c->version, why);
			res = PULL_FAILED;
			goto out;
		}
	}
	if (check_staged(c, staging, why, sizeof why) != 0) {
		snprintf(msg, msglen, "content %s %s", c->version, why);
		goto out;
	}
	if (lastgood_stage(root, staging, c->version, why, sizeof why) != 0) {
		snprintf(msg, msglen, "content %s not kept: %s", c->version, why);
		res = PULL_FAILED;
		staging[0] = 0;
		goto out;
	}
	staging[0] = 0;
	snprintf(msg, msglen, "content %s fetched and checked; it goes live between visits", c->version);
	res = PULL_NEW;
out:
	if (staging[0]) lastgood_remove_tree(staging);
	cset_free(c);
	free(manifest);
	free(signed_text);
	rest_reply_free(&r);
	return res;
}

int pull_apply_settings(Config *cfg, const char *set_dir, char *errs, size_t errlen)
{
	char path[700], line[1024], why[300];
	FILE *f;
	int bad = 0;
	snprintf(path, sizeof path, "%s/settings.conf", set_dir);
	if (!(f = fopen(path, "r"))) return 0;
	while (fgets(line, sizeof line, f)) {
		char *eq = strchr(line, '='), *k = line, *v, *e;
		if (line[0] == '#' || !eq) continue;
		*eq = 0;
		v = eq + 1;
		while (*k == ' ') k++;
		for (e = eq; e > k && e[-1] == ' '; e--) e[-1] = 0;
		while (*v == ' ') v++;
		v[strcspn(v, "\r\n")] = 0;
		if (!pull_setting_allowed(k)) snprintf(why, sizeof why, "%.64s may not come from a content set", k);
		else if (config_set(cfg, k, v, why, sizeof why) == 0) continue;
		size_t n = strlen(errs);
		snprintf(errs + n, errlen - n, "%s: %s (ignored)\n", path, why);
		bad++;
	}
	fclose(f);
	return bad;
}
