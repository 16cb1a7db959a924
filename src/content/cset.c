/* content/cset.c - signed content sets: ed25519 signing and checking
 * (libsodium), the manifest parser, and building a manifest from a
 * directory or writing one out as files. See cset.h. */
#include "content/cset.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int fail(char *err, size_t errlen, int code, const char *msg, const char *what)
{
	if (err) snprintf(err, errlen, "%s%s%s", msg, what ? ": " : "", what ? what : "");
	return code;
}

static char *b64_encode(const unsigned char *bin, size_t n)
{
	size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *s = xmalloc(len);
	sodium_bin2base64(s, len, bin, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

/* Decodes base64 s into bin (at most max bytes). Returns the length, or -1. */
static long b64_decode(const char *s, unsigned char *bin, size_t max)
{
	size_t n = 0;
	if (!s || sodium_base642bin(bin, max, s, strlen(s), " \n\r\t", &n, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return (long)n;
}

int cset_keygen(char pub[CSET_PUB_B64], char sec[CSET_SEC_B64])
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	if (sodium_init() < 0) return CSET_EKEY;
	crypto_sign_keypair(pk, sk);
	sodium_bin2base64(pub, CSET_PUB_B64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(sec, CSET_SEC_B64, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(sk, sizeof sk);
	return CSET_OK;
}

int cset_sign(const char *manifest, const char *sec, char **out, char *err, size_t errlen)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	size_t n = strlen(manifest);
	char *k, *s, *p;
	cJSON *o;
	*out = NULL;
	if (sodium_init() < 0) return fail(err, errlen, CSET_EKEY, "libsodium failed to start", NULL);
	if (b64_decode(sec, sk, sizeof sk) != (long)sizeof sk)
		return fail(err, errlen, CSET_EKEY, "the secret key is not a base64 ed25519 secret key", NULL);
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	crypto_sign_detached(sig, NULL, (const unsigned char *)manifest, n, sk);
	sodium_memzero(sk, sizeof sk);
	k = b64_encode(pk, sizeof pk);
	s = b64_encode(sig, sizeof sig);
	p = b64_encode((const unsigned char *)manifest, n);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "format", CSET_SIGNED_FORMAT);
	cJSON_AddStringToObject(o, "key", k);
	cJSON_AddStringToObject(o, "signature", s);
	cJSON_AddStringToObject(o, "payload", p);
	*out = cJSON_Print(o);
	cJSON_Delete(o);
	free(k); free(s); free(p);
	return CSET_OK;
}

/* 1 if key (base64) is one of the comma-separated keys in list. */
static int trusted_key(const char *list, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = list; p && *p;) {
		p += strspn(p, ", \t");
		size_t k = strcspn(p, ", \t");
		if (k == n && k && strncmp(p, key, n) == 0) return 1;
		p += k;
	}
	return 0;
}

int cset_verify(const char *signed_text, size_t len, const char *trusted, char **manifest, char *err, size_t errlen)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES], *payload = NULL;
	cJSON *o = NULL;
	const char *fmt, *key, *sg, *pl;
	long n;
	int rc;
	*manifest = NULL;
	if (sodium_init() < 0) return fail(err, errlen, CSET_EKEY, "libsodium failed to start", NULL);
	if (len > CSET_MAX_BYTES) return fail(err, errlen, CSET_EJSON, "the signed content file is too large", NULL);
	o = cJSON_ParseWithLength(signed_text, len);
	fmt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "format"));
	key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "key"));
	sg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "signature"));
	pl = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "payload"));
	if (!o || !str_eq(fmt, CSET_SIGNED_FORMAT) || !key || !sg || !pl) {
		rc = fail(err, errlen, CSET_EJSON, "not a signed content file (format " CSET_SIGNED_FORMAT
			  " with key, signature and payload)", NULL);
		goto out;
	}
	if (!trusted_key(trusted, key)) {
		rc = fail(err, errlen, CSET_EKEY, "signed by a key this kiosk does not trust (content_public_key)", key);
		goto out;
	}
	if (b64_decode(key, pk, sizeof pk) != (long)sizeof pk || b64_decode(sg, sig, sizeof sig) != (long)sizeof sig) {
		rc = fail(err, errlen, CSET_EKEY, "the key or signature is not valid base64 ed25519", NULL);
		goto out;
	}
	payload = xmalloc(strlen(pl) + 1);
	if ((n = b64_decode(pl, payload, strlen(pl) + 1)) < 0) {
		rc = fail(err, errlen, CSET_EJSON, "the payload is not valid base64", NULL);
		goto out;
	}
	if (crypto_sign_verify_detached(sig, payload, (unsigned long long)n, pk) != 0) {
		rc = fail(err, errlen, CSET_ESIG, "the signature does not match the content (changed after signing?)", NULL);
		goto out;
	}
	*manifest = xstrndup((const char *)payload, (size_t)n);
	rc = CSET_OK;
out:
	free(payload);
	cJSON_Delete(o);
	return rc;
}

/* A plain name: letters, digits, '.', '_', '-', not starting with '.'. */
static int plain_name(const char *s, size_t n)
{
	if (!n || n > 64 || s[0] == '.') return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", s[i])) return 0;
	return 1;
}

int cset_path_ok(const char *path)
{
	static const char *const dirs[] = { "strings/", "agreement/", "questionnaires/" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		size_t d = strlen(dirs[i]);
		if (strncmp(path, dirs[i], d) != 0) continue;
		const char *name = path + d;
		size_t n = strlen(name);
		return n > 5 && plain_name(name, n) && !strcmp(name + n - 5, ".json");
	}
	return 0;
}

void cset_free(Cset *c)
{
	if (!c) return;
	free(c->version);
	for (int i = 0; i < c->n_forms; i++) { free(c->forms[i].file); free(c->forms[i].url); free(c->forms[i].version); }
	for (int i = 0; i < c->n_files; i++) { free(c->paths[i]); free(c->texts[i]); }
	for (int i = 0; i < c->n_settings; i++) { free(c->keys[i]); free(c->values[i]); }
	free(c->forms); free(c->paths); free(c->texts); free(c->keys); free(c->values);
	free(c);
}

int cset_parse(const char *manifest, Cset **out, char *err, size_t errlen)
{
	cJSON *o = cJSON_Parse(manifest), *e;
	const cJSON *forms, *files, *settings;
	const char *ver;
	Cset *c = xcalloc(1, sizeof *c);
	char what[160];
	int rc = CSET_ESCHEMA, i = 0;
	*out = NULL;
	if (!o || !cJSON_IsObject(o)) { rc = fail(err, errlen, CSET_EJSON, "the manifest is not a JSON object", NULL); goto out; }
	if (!str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "format")), CSET_FORMAT)) {
		fail(err, errlen, rc, "manifest format: expected " CSET_FORMAT, NULL);
		goto out;
	}
	ver = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "version"));
	if (!ver || !plain_name(ver, strlen(ver))) {
		fail(err, errlen, rc, "manifest version: missing, or not a plain name (letters, digits, . _ -)", NULL);
		goto out;
	}
	c->version = xstrdup(ver);
	forms = cJSON_GetObjectItemCaseSensitive(o, "questionnaires");
	files = cJSON_GetObjectItemCaseSensitive(o, "files");
	settings = cJSON_GetObjectItemCaseSensitive(o, "settings");
	if ((forms && !cJSON_IsArray(forms)) || (files && !cJSON_IsObject(files)) || (settings && !cJSON_IsObject(settings))) {
		fail(err, errlen, rc, "manifest: questionnaires must be a list, files and settings objects", NULL);
		goto out;
	}
	c->forms = xcalloc((size_t)cJSON_GetArraySize(forms) + 1, sizeof *c->forms);
	cJSON_ArrayForEach(e, forms) {
		const char *f = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "file"));
		const char *u = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "url"));
		const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "version"));
		snprintf(what, sizeof what, "questionnaires/%s", f ? f : "");
		if (!f || !u || !*u || !v || !*v || !cset_path_ok(what)) {
			snprintf(what, sizeof what, "questionnaires[%d]", i);
			fail(err, errlen, rc, "manifest: needs file (a plain *.json name), url and version", what);
			goto out;
		}
		c->forms[c->n_forms++] = (CsetForm){ xstrdup(f), xstrdup(u), xstrdup(v) };
		i++;
	}
	c->paths = xcalloc((size_t)cJSON_GetArraySize(files) + 1, sizeof *c->paths);
	c->texts = xcalloc((size_t)cJSON_GetArraySize(files) + 1, sizeof *c->texts);
	cJSON_ArrayForEach(e, files) {
		if (!cset_path_ok(e->string) || !cJSON_IsString(e)) {
			fail(err, errlen, rc, "manifest files: not a content file (strings/, agreement/ or questionnaires/ *.json text)",
			     e->string);
			goto out;
		}
		c->paths[c->n_files] = xstrdup(e->string);
		c->texts[c->n_files++] = xstrdup(e->valuestring);
	}
	c->keys = xcalloc((size_t)cJSON_GetArraySize(settings) + 1, sizeof *c->keys);
	c->values = xcalloc((size_t)cJSON_GetArraySize(settings) + 1, sizeof *c->values);
	cJSON_ArrayForEach(e, settings) {
		if (!cJSON_IsString(e) || strpbrk(e->valuestring, "\r\n") || strpbrk(e->string, "=\r\n #")) {
			fail(err, errlen, rc, "manifest settings: each value must be one line of text", e->string);
			goto out;
		}
		c->keys[c->n_settings] = xstrdup(e->string);
		c->values[c->n_settings++] = xstrdup(e->valuestring);
	}
	*out = c;
	c = NULL;
	rc = CSET_OK;
out:
	cset_free(c);
	cJSON_Delete(o);
	return rc;
}

char *cset_slurp(const char *path, size_t *len)
{
	return read_file(path, CSET_MAX_BYTES, len);
}

/* Adds every *.json file of dir/sub to files as "sub/name". */
static int add_dir(cJSON *files, const char *dir, const char *sub, char *err, size_t errlen)
{
	char path[1024], rel[600];
	struct dirent *e;
	DIR *d;
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	if (!(d = opendir(path))) return CSET_OK;
	while ((e = readdir(d))) {
		char *text;
		snprintf(rel, sizeof rel, "%s/%s", sub, e->d_name);
		if (e->d_name[0] == '.' || !cset_path_ok(rel)) continue;
		snprintf(path, sizeof path, "%s/%s", dir, rel);
		if (!(text = cset_slurp(path, NULL)) || !utf8_valid(text, strlen(text))) {
			free(text);
			closedir(d);
			return fail(err, errlen, CSET_EIO, "cannot be read as UTF-8 text", path);
		}
		cJSON_AddStringToObject(files, rel, text);
		free(text);
	}
	closedir(d);
	return CSET_OK;
}

int cset_build(const char *dir, char **out, char *err, size_t errlen)
{
	char path[1024], *text;
	cJSON *src, *m = NULL, *files;
	Cset *check = NULL;
	int rc;
	*out = NULL;
	snprintf(path, sizeof path, "%s/content.json", dir);
	if (!(text = cset_slurp(path, NULL))) return fail(err, errlen, CSET_EIO, "cannot be read", path);
	src = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(src)) { cJSON_Delete(src); return fail(err, errlen, CSET_EJSON, "not a JSON object", path); }
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "format", CSET_FORMAT);
	cJSON_AddItemToObject(m, "version", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(src, "version"), 1));
	cJSON_AddItemToObject(m, "questionnaires", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(src, "questionnaires"), 1));
	cJSON_AddItemToObject(m, "settings", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(src, "settings"), 1));
	cJSON_Delete(src);
	files = cJSON_AddObjectToObject(m, "files");
	if ((rc = add_dir(files, dir, "strings", err, errlen)) != CSET_OK ||
	    (rc = add_dir(files, dir, "agreement", err, errlen)) != CSET_OK ||
	    (rc = add_dir(files, dir, "questionnaires", err, errlen)) != CSET_OK)
		goto out;
	*out = cJSON_Print(m);
	if ((rc = cset_parse(*out, &check, err, errlen)) != CSET_OK) { free(*out); *out = NULL; }
out:
	cset_free(check);
	cJSON_Delete(m);
	return rc;
}

static int put_file(const char *dir, const char *rel, const char *text, char *err, size_t errlen)
{
	char path[1024];
	const char *slash = strchr(rel, '/');
	FILE *f;
	if (slash) {
		snprintf(path, sizeof path, "%s/%.*s", dir, (int)(slash - rel), rel);
		mkdir(path, 0755);
	}
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (!(f = fopen(path, "wb"))) return fail(err, errlen, CSET_EIO, "cannot be written", path);
	fputs(text, f);
	if (fflush(f) != 0 || ferror(f)) { fclose(f); return fail(err, errlen, CSET_EIO, "cannot be written", path); }
	fclose(f);
	return CSET_OK;
}

int cset_write(const Cset *c, const char *manifest, const char *dir, char *err, size_t errlen)
{
	Buf conf = { 0 };
	int rc = CSET_OK;
	for (int i = 0; i < c->n_files && rc == CSET_OK; i++) rc = put_file(dir, c->paths[i], c->texts[i], err, errlen);
	buf_add(&conf, "# Settings from the signed content set (non-secret keys only).\n");
	for (int i = 0; i < c->n_settings; i++) buf_addf(&conf, "%s = %s\n", c->keys[i], c->values[i]);
	if (rc == CSET_OK) rc = put_file(dir, "settings.conf", conf.s, err, errlen);
	if (rc == CSET_OK) rc = put_file(dir, "manifest.json", manifest, err, errlen);
	buf_free(&conf);
	return rc;
}
