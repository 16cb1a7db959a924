/* tests/fuzz/fuzz_questionnaire.c - libFuzzer target for the Questionnaire
 * loader: any bytes must give a usable form or a clean refusal with a
 * report, never a crash, leak or over-read. Built by mk/fuzz.mk with clang
 * -fsanitize=fuzzer,address,undefined; seeds in tests/fuzz/corpus/. */
#include "content/questionnaire.h"
#include "core/answers.h"
#include <stdint.h>
#include <stdlib.h>

static int touch(const QItem *it, void *ctx)
{
	(void)ctx;
	(void)qitem_is_scale(it);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Questionnaire *q = NULL;
	char *rep = NULL;
	int rc = questionnaire_load_mem((const char *)data, size, "fuzz.json", &q, &rep);
	if (rc == 0) {
		/* a usable form must also evaluate: walk it and ask every enableWhen */
		Answers *a = answers_new();
		qm_walk(q, touch, NULL);
		for (int i = 0; i < q->n_items; i++) (void)qm_enabled(q, &q->items[i], a);
		answers_free(a);
	} else if (!rep) {
		abort();   /* an unusable form must say why */
	}
	questionnaire_free(q);
	free(rep);
	return 0;
}
