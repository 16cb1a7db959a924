/* tests/unit/corpus_test.c - runs the Questionnaire loader over the real
 * public forms in ../shared/fhir-questionnaires (next to the repository in
 * CI; never copied into it). At least 90% must load as usable; the others
 * must say precisely why; every file in bad/ must give its own error (see
 * bad/NOTES.md there). Skips, with a "#" notice and no "ok" line, when the
 * folder is absent. Run from the repository root (tests/run.sh does). */
#include "content/questionnaire.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORPUS "../shared/fhir-questionnaires"

static int failures;

static void result(int ok, const char *what, const char *file)
{
	printf("%s - %s %s\n", ok ? "ok" : "not ok", what, file);
	if (!ok) failures++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted *.json names of dir; caller frees each and the array. */
static char **list_json(const char *dir, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	*n = 0;
	if (!d) return NULL;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0) continue;
		v = realloc(v, (size_t)(*n + 1) * sizeof(char *));
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (*n) qsort(v, (size_t)*n, sizeof(char *), cmp_str);
	return v;
}

static void print_report(const char *r)
{
	const char *p = r;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		printf("#   %.*s\n", len, p);
		p = nl ? nl + 1 : p + len;
	}
}

/* Known unusable real-world files and the reason they must give. */
static const struct { const char *file, *reason; } known_bad[] = {
	{ "lhcforms--modifierextension.json", "modifierExtension" },
	{ "lhcforms--enablewhen-reference-loop.json", "enableWhen cycle" },
	{ "lhcforms--quantity-units.json", "no question Accord can ask" },   /* only quantity items */
};

/* bad/: file prefix and the specific error it must give. */
static const struct { const char *prefix, *reason, *also; } bad_expect[] = {
	{ "01-", "malformed JSON at byte", NULL },
	{ "02-", "expected resourceType Questionnaire, got QuestionnaireResponse", NULL },
	{ "03-", "enableWhen[0].question \"does-not-exist-9999\" is not an item of this form",
	  "e5da17a7-7546-45c5-9bcd-d0b09a74cc14" },
	{ "04-", "linkIds must be unique", "/44250-9" },
	{ "05-", "unknown item type", "at linkId id-" },
	{ "06-", "over the 4194304 byte limit", NULL },
	{ "07-", "nested deeper than", NULL },
	{ "08-", "invalid UTF-8 at byte", NULL },
	{ "09-", "appears twice", "\"type\"" },
	{ "10-", "outside FHIR's 32-bit range", "valueInteger-group1-item1" },
};

static void good_files(void)
{
	int n, usable = 0;
	char **names = list_json(CORPUS, &n);
	for (int i = 0; i < n; i++) {
		char path[1024];
		Questionnaire *q = NULL;
		char *rep = NULL;
		int rc;
		snprintf(path, sizeof path, "%s/%s", CORPUS, names[i]);
		rc = questionnaire_load(path, &q, &rep);
		if (rc == 0) {
			usable++;
			printf("# usable %s: %d items, %d warnings\n", names[i], qm_count_items(q),
			       questionnaire_report_lines(rep));
			result(q != NULL && qm_count_items(q) > 0, "corpus file loads", names[i]);
		} else {
			int expected = 0;
			printf("# UNUSABLE %s (%d):\n", names[i], rc);
			print_report(rep);
			for (size_t k = 0; k < sizeof known_bad / sizeof known_bad[0]; k++)
				if (!strcmp(names[i], known_bad[k].file))
					expected = rep && strstr(rep, known_bad[k].reason) && strstr(rep, names[i]);
			result(q == NULL && expected, "corpus file refused for its known reason", names[i]);
		}
		questionnaire_free(q);
		free(rep);
		free(names[i]);
	}
	free(names);
	printf("# corpus: %d of %d usable\n", usable, n);
	result(n > 0 && usable * 10 >= n * 9, "at least 90% of the corpus is usable", CORPUS);
}

static void bad_files(void)
{
	int n, seen = 0;
	char **names = list_json(CORPUS "/bad", &n);
	for (int i = 0; i < n; i++) {
		char path[1024];
		Questionnaire *q = NULL;
		char *rep = NULL;
		int rc, ok = 0, known = 0;
		snprintf(path, sizeof path, "%s/bad/%s", CORPUS, names[i]);
		rc = questionnaire_load(path, &q, &rep);
		printf("# %s (%d):\n", names[i], rc);
		print_report(rep);
		for (size_t k = 0; k < sizeof bad_expect / sizeof bad_expect[0]; k++) {
			if (strncmp(names[i], bad_expect[k].prefix, strlen(bad_expect[k].prefix))) continue;
			known = 1;
			seen++;
			ok = rc < 0 && q == NULL && rep && strstr(rep, bad_expect[k].reason) &&
			     (!bad_expect[k].also || strstr(rep, bad_expect[k].also));
		}
		/* a bad file not in the table must at least be refused cleanly */
		if (!known) ok = rc < 0 && q == NULL && rep;
		result(ok, "bad file refused with its specific error", names[i]);
		questionnaire_free(q);
		free(rep);
		free(names[i]);
	}
	free(names);
	result(seen == (int)(sizeof bad_expect / sizeof bad_expect[0]),
	       "every documented bad file was checked", CORPUS "/bad");
}

int main(void)
{
	DIR *d = opendir(CORPUS);
	if (!d) {
		printf("# skipped: %s not found\n", CORPUS);
		return 0;
	}
	closedir(d);
	good_files();
	bad_files();
	return failures ? 1 : 0;
}
