/* content/strings.c - see strings.h. */
#include "content/strings.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Entry { char *key, *val; } Entry;
typedef struct Catalog { char lang[16]; Entry *e; int n; } Catalog;
struct Strings { Catalog *c; int n; };

static int load_one(Catalog *c, const char *dir, const char *lang, char *err, size_t errlen)
{
	char path[1024];
	size_t len = 0;
	char *text;
	cJSON *root = NULL, *it;
	int rc = -1;
	snprintf(path, sizeof path, "%s/%s.json", dir, lang);
	snprintf(c->lang, sizeof c->lang, "%s", lang);
	if (!(text = read_file(path, 1 << 20, &len))) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -1;
	}
	if (len > 1 << 20) { snprintf(err, errlen, "%s: larger than 1 MiB", path); goto done; }
	if (!utf8_valid(text, len)) { snprintf(err, errlen, "%s: not valid UTF-8", path); goto done; }
	if (!(root = cJSON_ParseWithLength(text, len)) || !cJSON_IsObject(root)) {
		snprintf(err, errlen, "%s: not a JSON object of strings", path);
		goto done;
	}
	cJSON_ArrayForEach(it, root) {
		if (!cJSON_IsString(it)) {
			snprintf(err, errlen, "%s: \"%s\" is not a string", path, it->string);
			goto done;
		}
		c->e = xrealloc(c->e, sizeof *c->e * (size_t)(c->n + 1));
		c->e[c->n].key = xstrdup(it->string);
		c->e[c->n].val = xstrdup(it->valuestring);
		c->n++;
	}
	rc = 0;
done:
	cJSON_Delete(root);
	free(text);
	return rc;
}

Strings *strings_load(const char *dir, const char *const *langs, int n, char *err, size_t errlen)
{
	Strings *s = xcalloc(1, sizeof *s);
	s->c = xcalloc((size_t)(n ? n : 1), sizeof *s->c);
	for (int i = 0; i < n; i++) {
		if (load_one(&s->c[s->n], dir, langs[i], err, errlen) != 0) {
			s->n++;
			strings_free(s);
			return NULL;
		}
		s->n++;
	}
	return s;
}

void strings_free(Strings *s)
{
	if (!s) return;
	for (int i = 0; i < s->n; i++) {
		for (int j = 0; j < s->c[i].n; j++) { free(s->c[i].e[j].key); free(s->c[i].e[j].val); }
		free(s->c[i].e);
	}
	free(s->c);
	free(s);
}

static const char *find(const Catalog *c, const char *key)
{
	for (int j = 0; j < c->n; j++)
		if (strcmp(c->e[j].key, key) == 0) return c->e[j].val;
	return NULL;
}

int strings_has(const Strings *s, const char *lang, const char *key)
{
	for (int i = 0; s && i < s->n; i++)
		if (str_eq(s->c[i].lang, lang)) return find(&s->c[i], key) != NULL;
	return 0;
}

const char *strings_get(const Strings *s, const char *lang, const char *key)
{
	const char *v;
	if (!s) return key;
	for (int i = 0; i < s->n; i++)
		if (str_eq(s->c[i].lang, lang) && (v = find(&s->c[i], key))) return v;
	if (s->n && (v = find(&s->c[0], key))) return v;
	return key;
}
