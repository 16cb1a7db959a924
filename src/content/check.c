/* content/check.c - content sets: `accord check` over files and directories
 * (questionnaires, agreement packs, scoring table, order.json) and the
 * kiosk's form loader that serves the usable forms of a directory and tells
 * staff about the rest. Uses the single-file loaders of content/. */
#include "content/check.h"
#include "content/agreement.h"
#include "content/questionnaire.h"
#include "content/safety.h"
#include "content/scoring.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of dir: *.json files (want_dirs 0) or subdirectories
 * (want_dirs 1), as "dir/name". Caller frees each and the array. */
static char **list_dir(const char *dir, int want_dirs, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	*n = 0;
	if (!d) return NULL;
	while ((e = readdir(d))) {
		Buf p = { 0 };
		struct stat st;
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.') continue;
		buf_addf(&p, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(p.s, &st) != 0 || (want_dirs ? !S_ISDIR(st.st_mode) :
		    !S_ISREG(st.st_mode) || l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)) {
			buf_free(&p);
			continue;
		}
		v = xrealloc(v, (size_t)(*n + 1) * sizeof(char *));
		v[(*n)++] = buf_take(&p);
	}
	closedir(d);
	if (*n) qsort(v, (size_t)*n, sizeof(char *), cmp_str);
	return v;
}

static void free_list(char **v, int n)
{
	for (int i = 0; i < n; i++) free(v[i]);
	free(v);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Prints report lines indented by four spaces. */
static void indent(FILE *out, const char *r)
{
	while (r && *r) {
		const char *nl = strchr(r, '\n');
		size_t len = nl ? (size_t)(nl - r) : strlen(r);
		fprintf(out, "    %.*s\n", (int)len, r);
		r += len + (nl ? 1 : 0);
	}
}

/* First line of r, and the rest. */
static void unusable(FILE *out, const char *path, const char *r)
{
	const char *nl = r ? strchr(r, '\n') : NULL;
	if (!r || !*r) { fprintf(out, "UNUSABLE %s: unknown reason\n", path); return; }
	fprintf(out, "UNUSABLE %s: %.*s\n", path, (int)(nl ? nl - r : (long)strlen(r)), r);
	if (nl) indent(out, nl + 1);
}

typedef enum { K_QUESTIONNAIRE, K_AGREEMENT, K_SCORING, K_SAFETY, K_ORDER, K_OTHER } Kind;

static Kind kind_of(const char *path, const char *json, size_t len)
{
	const char *name = base_name(path);
	cJSON *root;
	const cJSON *fmt;
	Kind k = K_QUESTIONNAIRE;   /* unparsable files get the questionnaire report */
	if (strstr(path, "agreement/")) return K_AGREEMENT;
	if (!strcmp(name, "scoring.json")) return K_SCORING;
	if (!strcmp(name, "safety.json")) return K_SAFETY;
	if (!strcmp(name, "order.json")) return K_ORDER;
	root = cJSON_ParseWithLength(json, len);
	if (!root) return k;
	fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (cJSON_IsString(fmt) && !strcmp(fmt->valuestring, AGREEMENT_FORMAT)) k = K_AGREEMENT;
	else if (cJSON_IsString(fmt) && !strcmp(fmt->valuestring, SCORING_FORMAT)) k = K_SCORING;
	else if (cJSON_IsString(fmt) && !strcmp(fmt->valuestring, SAFETY_FORMAT)) k = K_SAFETY;
	else if (!cJSON_GetObjectItemCaseSensitive(root, "resourceType")) k = K_OTHER;
	cJSON_Delete(root);
	return k;
}

/* Checks order.json: every listed file exists in dir. */
static int check_order(FILE *out, const char *path, const char *json, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	const cJSON *forms = cJSON_GetObjectItemCaseSensitive(root, "forms"), *f;
	Buf r = { 0 };
	char *dir = xstrndup(path, (size_t)(base_name(path) - path));
	int n = 0, bad = 0;
	if (!root || !cJSON_IsArray(forms)) {
		buf_addf(&r, "%s: forms: missing or not an array of file names\n", base_name(path));
		bad = 1;
	}
	cJSON_ArrayForEach(f, forms) {
		Buf p = { 0 };
		struct stat st;
		if (!cJSON_IsString(f) || strchr(f->valuestring, '/')) {
			buf_addf(&r, "%s: forms[%d]: not a file name in this directory\n", base_name(path), n);
			bad = 1;
		} else {
			buf_addf(&p, "%s%s", dir, f->valuestring);
			if (stat(p.s, &st) != 0) {
				buf_addf(&r, "%s: forms[%d]: %s is not there\n", base_name(path), n, f->valuestring);
				bad = 1;
			}
			buf_free(&p);
		}
		n++;
	}
	if (bad) unusable(out, path, r.s);
	else fprintf(out, "OK %s (%d forms)\n", path, n);
	buf_free(&r);
	free(dir);
	cJSON_Delete(root);
	return bad;
}

/* The forms of the directory path sits in (freed with free_forms). */
static Questionnaire **dir_forms(const char *path, int *n_forms)
{
	char *dir = xstrndup(path, (size_t)(base_name(path) - path)), *rep = NULL;
	Questionnaire **forms = NULL;
	if (!*dir) { free(dir); dir = xstrdup("."); }
	content_load_forms(dir, &forms, n_forms, &rep);
	free(rep);
	free(dir);
	return forms;
}

static void free_forms(Questionnaire **forms, int n)
{
	for (int i = 0; i < n; i++) questionnaire_free(forms[i]);
	free(forms);
}

/* Checks a table beside the forms (scoring.json, or safety.json when
 * safety is 1) against the questionnaires of its directory. */
static int check_table(FILE *out, const char *path, int safety)
{
	char err[512] = "", *rep = NULL;
	ScoreRule *scores = NULL;
	SafetyRule *rules = NULL;
	int n = 0, n_forms = 0, bad;
	Questionnaire **forms;
	if ((safety ? safety_load(path, &rules, &n, err, sizeof err) : scoring_load(path, &scores, &n, err, sizeof err))) {
		fprintf(out, "UNUSABLE %s: %s\n", path, err);
		return 1;
	}
	forms = dir_forms(path, &n_forms);
	bad = safety ? safety_check(rules, n, (const Questionnaire *const *)forms, n_forms, &rep)
		     : scoring_check(scores, n, (const Questionnaire *const *)forms, n_forms, &rep);
	if (bad) unusable(out, path, rep);
	else fprintf(out, "OK %s (%d %s)\n", path, n, safety ? "safety answers" : "scores");
	free_forms(forms, n_forms);
	free(rep);
	if (safety) safety_free(rules, n);
	else scoring_free(scores, n);
	return bad != 0;
}

/* What the form adds to a visit, in each of its languages, so a clinic sees
 * the cost before turning it on (make effort's model: 100 words a minute
 * plus 2 s a tap). */
static void print_cost(FILE *out, const Questionnaire *q)
{
	int n = q->title.n ? q->title.n : 1;
	fprintf(out, "    patient effort, every item shown:");
	for (int i = 0; i < n; i++) {
		const char *lang = q->title.n ? q->title.lang[i] : NULL;
		int words = 0, taps = 0;
		qm_cost(q, lang, &words, &taps);
		int s = qm_cost_seconds(words, taps);
		fprintf(out, "%s %d words, %d taps, about %d min %02d s%s%s", i ? ";" : "", words, taps, s / 60, s % 60,
			lang ? " in " : "", lang ? lang : "");
	}
	fprintf(out, "\n");
}

static int check_file(FILE *out, const char *path)
{
	size_t len = 0;
	char *json = read_file(path, QL_MAX_BYTES, &len);
	int bad = 0;
	if (!json) {
		fprintf(out, "UNUSABLE %s: cannot read the file\n", path);
		return 1;
	}
	switch (kind_of(path, json, len)) {
	case K_AGREEMENT: {
		Agreement *ag = NULL;
		char err[512] = "";
		if (agreement_load(path, &ag, err, sizeof err) != 0) {
			fprintf(out, "UNUSABLE %s: %s\n", path, err);
			bad = 1;
		} else {
			fprintf(out, "OK %s (%d clauses)\n", path, agreement_clause_count(ag));
		}
		agreement_free(ag);
		break;
	}
	case K_SCORING:
		bad = check_table(out, path, 0);
		break;
	case K_SAFETY:
		bad = check_table(out, path, 1);
		break;
	case K_ORDER:
		bad = check_order(out, path, json, len);
		break;
	case K_OTHER:
		fprintf(out, "SKIP %s: not a questionnaire, agreement pack, scoring or safety table\n", path);
		break;
	case K_QUESTIONNAIRE: {
		Questionnaire *q = NULL;
		char *rep = NULL;
		if (questionnaire_load_mem(json, len, base_name(path), &q, &rep) != 0) {
			unusable(out, path, rep);
			bad = 1;
		} else {
			int w = questionnaire_report_lines(rep);
			fprintf(out, "OK %s (%d items", path, qm_count_items(q));
			if (w) fprintf(out, ", %d warning%s", w, w == 1 ? "" : "s");
			fprintf(out, ")\n");
			print_cost(out, q);
			indent(out, rep);
		}
		questionnaire_free(q);
		free(rep);
		break;
	}
	}
	free(json);
	return bad;
}

static int check_dir(FILE *out, const char *dir, int depth)
{
	int n, nd, bad = 0;
	char **files = list_dir(dir, 0, &n), **dirs;
	for (int i = 0; i < n; i++) bad |= check_file(out, files[i]);
	free_list(files, n);
	if (depth > 0) return bad;
	dirs = list_dir(dir, 1, &nd);
	for (int i = 0; i < nd; i++) bad |= check_dir(out, dirs[i], depth + 1);
	free_list(dirs, nd);
	return bad;
}

int content_check(const char *const *paths, int n, FILE *out)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			fprintf(out, "UNUSABLE %s: no such file or directory\n", paths[i]);
			bad = 1;
		} else if (S_ISDIR(st.st_mode)) {
			bad |= check_dir(out, paths[i], 0);
		} else {
			bad |= check_file(out, paths[i]);
		}
	}
	return bad ? 1 : 0;
}

/* File names the forms of dir come from (order.json or the sorted *.json). */
static char **form_files(const char *dir, int *n, Buf *rep, int *rc)
{
	Buf p = { 0 };
	size_t len;
	char *json, **v = NULL;
	*n = 0;
	*rc = 0;
	buf_addf(&p, "%s/order.json", dir);
	json = read_file(p.s, QL_MAX_BYTES, &len);
	buf_free(&p);
	if (json) {
		cJSON *root = cJSON_ParseWithLength(json, len), *f;
		const cJSON *forms = cJSON_GetObjectItemCaseSensitive(root, "forms");
		free(json);
		if (!cJSON_IsArray(forms)) {
			buf_addf(rep, "%s/order.json: forms: missing or not an array of file names\n", dir);
			cJSON_Delete(root);
			*rc = QL_EIO;
			return NULL;
		}
		v = xcalloc((size_t)cJSON_GetArraySize(forms) + 1, sizeof(char *));
		cJSON_ArrayForEach(f, forms) {
			if (!cJSON_IsString(f) || strchr(f->valuestring, '/')) {
				buf_addf(rep, "%s/order.json: forms[%d]: not a file name in this directory: "
					 "ignored\n", dir, *n);
				continue;
			}
			buf_addf(&p, "%s/%s", dir, f->valuestring);
			v[(*n)++] = buf_take(&p);
		}
		cJSON_Delete(root);
		return v;
	}
	{
		int m;
		char **all = list_dir(dir, 0, &m);
		DIR *d = opendir(dir);
		if (!d) {
			buf_addf(rep, "%s: cannot read the directory\n", dir);
			*rc = QL_EIO;
			return NULL;
		}
		closedir(d);
		for (int i = 0; i < m; i++) {
			const char *b = base_name(all[i]);
			if (!strcmp(b, "scoring.json") || !strcmp(b, "safety.json") || !strcmp(b, "order.json")) free(all[i]);
			else all[(*n)++] = all[i];
		}
		if (!*n) { free(all); all = NULL; }
		return all;
	}
}

int content_load_forms(const char *dir, Questionnaire ***forms, int *n, char **report)
{
	Buf rep = { 0 };
	int nf, rc;
	char **files = form_files(dir, &nf, &rep, &rc);
	*forms = NULL;
	*n = 0;
	if (!rc && nf) {
		*forms = xcalloc((size_t)nf, sizeof(Questionnaire *));
		for (int i = 0; i < nf; i++) {
			Questionnaire *q = NULL;
			char *r = NULL;
			if (questionnaire_load(files[i], &q, &r) == 0) {
				(*forms)[(*n)++] = q;
				if (r) buf_add(&rep, r);
			} else {
				buf_addf(&rep, "%s: left out, not usable:\n", files[i]);
				buf_add(&rep, r);
			}
			free(r);
		}
	}
	free_list(files, nf);
	if (rep.len && report) {
		if (*report) {
			Buf all = { 0 };
			buf_add(&all, *report);
			buf_add(&all, rep.s);
			free(*report);
			*report = buf_take(&all);
		} else {
			*report = buf_take(&rep);
		}
	}
	buf_free(&rep);
	return rc;
}
