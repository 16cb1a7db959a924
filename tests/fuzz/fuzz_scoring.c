/* tests/fuzz/fuzz_scoring.c - libFuzzer target for the scoring table
 * loader: rules or a refusal with a message; loaded rules are checked
 * against a small real form (PEG-like, three 0-10 integer items). */
#include "content/questionnaire.h"
#include "content/scoring.h"
#include "fuzz.h"
#include <string.h>

static Questionnaire *form;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char peg[] =
		"{\"resourceType\":\"Questionnaire\",\"url\":\"urn:accord:questionnaire:peg\",\"status\":\"active\","
		"\"item\":[{\"linkId\":\"p\",\"text\":\"P\",\"type\":\"integer\"},{\"linkId\":\"e\",\"text\":\"E\",\"type\":\"integer\"},"
		"{\"linkId\":\"g\",\"text\":\"G\",\"type\":\"integer\"}]}";
	char *rep = NULL;
	(void)argc; (void)argv;
	if (questionnaire_load_mem(peg, sizeof peg - 1, "peg.json", &form, &rep) != 0) abort();
	free(rep);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ScoreRule *rules = NULL;
	int n = 0;
	char err[512] = "", *rep = NULL;
	const Questionnaire *forms[] = { form };
	if (scoring_load_mem((const char *)data, size, "scoring.json", &rules, &n, err, sizeof err) == 0) {
		(void)scoring_check(rules, n, forms, 1, &rep);
		free(rep);
		scoring_free(rules, n);
	} else if (rules || !err[0]) {
		abort();
	}
	return 0;
}
