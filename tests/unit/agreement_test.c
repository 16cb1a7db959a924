/* tests/unit/agreement_test.c - the agreement packs we ship (both languages
 * load, match each other, clinic section first, every clause explained, the
 * required FAQ topics answered, summaries, preamble, section lead-ins and
 * glossary loaded) and the loader's refusals of broken
 * packs, each naming the file and JSON path. Runs from the repo root. */
#include "content/agreement.h"
#include "core/agreement.h"
#include "core/util.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>

#define EN "assets/agreement/en.json"
#define ES "assets/agreement/es.json"

static const char *const required_topics[] = {
	"run-out-early", "what-is-misuse", "unexpected-test", "lost-stolen",
	"other-doctors-er", "stops-working-or-lower", "other-options", "naloxone",
	"stop-caring", "sign", "lower-dose", "pdmp", "pill-count", "pharmacy-wont-fill",
	"what-is-opioid",
};

/* A minimal valid pack with one clause; %s slots let tests break one part. */
#define PACK_HEAD "{\"format\":\"accord-agreement/1\",\"id\":\"t\",\"version\":\"1\"," \
	"\"language\":\"en\",\"clinic\":\"C\",\"title\":\"T\",\"opening\":\"O\",\"closing\":\"Z\"," \
	"\"sections\":[{\"id\":\"clinic\",\"title\":\"S\",\"clauses\":["
#define CLAUSE(id) "{\"id\":\"" id "\",\"title\":\"t\",\"original\":\"o\",\"plain\":\"p\",\"why\":\"w\"," \
	"\"faq\":[{\"topic\":\"k-" id "\",\"q\":\"q\",\"a\":\"a\"}]}"
#define PACK_TAIL "]}]}"

static int load_str(const char *json, Agreement **ag, char *err, size_t errlen)
{
	return agreement_load_mem(json, strlen(json), "test.json", ag, err, errlen);
}

static int nonempty(const char *s)
{
	return s && *s;
}

static int has_topic(const Agreement *ag, const char *topic)
{
	for (int i = 0; i < agreement_clause_count(ag); i++) {
		const AgClause *c = agreement_clause(ag, i, NULL);
		for (int f = 0; f < c->n_faq; f++)
			if (str_eq(c->faq[f].topic, topic)) return 1;
	}
	return 0;
}

static void shipped_packs_load_in_both_languages(void)
{
	char err[256];
	Agreement *en = NULL, *es = NULL;
	CHECK(agreement_load(EN, &en, err, sizeof err) == AG_OK);
	if (!en) fprintf(stderr, "  %s\n", err);
	CHECK(agreement_load(ES, &es, err, sizeof err) == AG_OK);
	if (!es) fprintf(stderr, "  %s\n", err);
	if (en && es) {
		CHECK(str_eq(en->lang, "en"));
		CHECK(str_eq(es->lang, "es"));
		CHECK(str_eq(en->id, es->id));
		CHECK(str_eq(en->version, es->version));
		CHECK(agreement_check_pair(en, es, err, sizeof err) == AG_OK);
		if (err[0]) fprintf(stderr, "  %s\n", err);
	}
	agreement_free(en);
	agreement_free(es);
}

static void shipped_packs_put_clinic_promises_first(void)
{
	const char *order[] = { "clinic", "patient", "shared" };
	const char *paths[] = { EN, ES };
	for (int p = 0; p < 2; p++) {
		Agreement *ag = NULL;
		char err[256];
		CHECK(agreement_load(paths[p], &ag, err, sizeof err) == AG_OK);
		if (!ag) continue;
		CHECK(ag->n_sections == 3);
		for (int s = 0; s < ag->n_sections && s < 3; s++)
			CHECK(str_eq(ag->sections[s].id, order[s]));
		CHECK(ag->sections[0].n_clauses >= 9);
		CHECK(str_eq(ag->sections[0].clauses[0].id, "listen"));
		agreement_free(ag);
	}
}

static void every_shipped_clause_has_original_plain_and_why(void)
{
	const char *paths[] = { EN, ES };
	for (int p = 0; p < 2; p++) {
		Agreement *ag = NULL;
		char err[256];
		CHECK(agreement_load(paths[p], &ag, err, sizeof err) == AG_OK);
		if (!ag) continue;
		CHECK(agreement_clause_count(ag) >= 20);
		for (int i = 0; i < agreement_clause_count(ag); i++) {
			const AgSection *sec = NULL;
			const AgClause *c = agreement_clause(ag, i, &sec);
			CHECK(c && sec);
			if (!c) continue;
			CHECK(nonempty(c->title));
			CHECK(nonempty(c->original));
			CHECK(nonempty(c->plain));
			CHECK(nonempty(c->why));
			CHECK(strcmp(c->plain, c->original) != 0);
			for (int f = 0; f < c->n_faq; f++)
				CHECK(nonempty(c->faq[f].q) && nonempty(c->faq[f].a));
		}
		CHECK(nonempty(ag->title) && nonempty(ag->opening) && nonempty(ag->closing));
		agreement_free(ag);
	}
}

static void both_languages_answer_the_required_questions(void)
{
	const char *paths[] = { EN, ES };
	for (int p = 0; p < 2; p++) {
		Agreement *ag = NULL;
		char err[256];
		CHECK(agreement_load(paths[p], &ag, err, sizeof err) == AG_OK);
		if (!ag) continue;
		for (size_t t = 0; t < sizeof required_topics / sizeof *required_topics; t++) {
			int ok = has_topic(ag, required_topics[t]);
			CHECK(ok);
			if (!ok) fprintf(stderr, "  %s: no faq topic %s\n", paths[p], required_topics[t]);
		}
		agreement_free(ag);
	}
}

static void shipped_packs_carry_preamble_lead_ins_summaries_and_glossary(void)
{
	const char *paths[] = { EN, ES };
	for (int p = 0; p < 2; p++) {
		Agreement *ag = NULL;
		char err[256];
		CHECK(agreement_load(paths[p], &ag, err, sizeof err) == AG_OK);
		if (!ag) continue;
		CHECK(nonempty(ag->preamble_original) && nonempty(ag->preamble_plain));
		CHECK(nonempty(ag->sections[0].original) && nonempty(ag->sections[1].original));
		for (int i = 0; i < agreement_clause_count(ag); i++)
			CHECK(nonempty(agreement_clause(ag, i, NULL)->summary));
		CHECK(ag->n_glossary >= 4);
		for (int g = 0; g < ag->n_glossary; g++)
			CHECK(nonempty(ag->glossary[g].term) && nonempty(ag->glossary[g].plain));
		agreement_free(ag);
	}
}

static void expect_refusal(const char *json, size_t len, int rc, const char *want);

static void optional_parts_are_checked_when_present(void)
{
	Agreement *ag = NULL;
	char err[256];
	const char *json = PACK_HEAD CLAUSE("a") "]}],\"preamble\":{\"original\":\"O\",\"plain\":\"P\"},"
		"\"original_note\":\"N\",\"glossary\":[{\"term\":\"opioid\",\"forms\":[\"opioid\"],\"plain\":\"X\"}]}";
	CHECK(load_str(json, &ag, err, sizeof err) == AG_OK);
	if (ag) {
		CHECK(str_eq(ag->preamble_plain, "P") && str_eq(ag->original_note, "N"));
		CHECK(ag->n_glossary == 1 && str_eq(ag->glossary[0].plain, "X"));
		CHECK(ag->sections[0].clauses[0].summary == NULL);
	}
	agreement_free(ag);
	json = PACK_HEAD CLAUSE("a") "]}],\"preamble\":{\"original\":\"O\"}}";
	expect_refusal(json, strlen(json), AG_ESCHEMA, "test.json: preamble.plain: missing");
	json = PACK_HEAD CLAUSE("a") "]}],\"glossary\":[{\"term\":\"t\",\"plain\":\"p\",\"forms\":[1]}]}";
	expect_refusal(json, strlen(json), AG_ESCHEMA, "glossary[0].forms: not a list of words");
	json = PACK_HEAD CLAUSE("a") "]}],\"glossary\":[{\"term\":\"t\",\"plain\":\"p\",\"forms\":[\"t\"]},"
		"{\"term\":\"t\",\"plain\":\"q\",\"forms\":[\"t\"]}]}";
	expect_refusal(json, strlen(json), AG_ESCHEMA, "glossary[1].term: duplicate term");
	json = "{\"format\":\"accord-agreement/1\",\"id\":\"t\",\"version\":\"1\",\"language\":\"en\","
		"\"clinic\":\"C\",\"title\":\"T\",\"opening\":\"O\",\"closing\":\"Z\",\"sections\":[{\"id\":\"clinic\","
		"\"title\":\"S\",\"original\":\"lead\",\"clauses\":[" CLAUSE("a") PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA, "sections[0]: original lead-in without a plain intro");
}

static void clause_index_walks_all_sections_in_order(void)
{
	Agreement *ag = NULL;
	const AgSection *sec = NULL;
	char err[256];
	const char *json = PACK_HEAD CLAUSE("a") "," CLAUSE("b") "]},"
		"{\"id\":\"patient\",\"title\":\"P\",\"intro\":\"I\",\"clauses\":[" CLAUSE("c") PACK_TAIL;
	CHECK(load_str(json, &ag, err, sizeof err) == AG_OK);
	if (!ag) { fprintf(stderr, "  %s\n", err); return; }
	CHECK(agreement_clause_count(ag) == 3);
	CHECK(str_eq(agreement_clause(ag, 2, &sec)->id, "c"));
	CHECK(sec == &ag->sections[1]);
	CHECK(ag->sections[0].intro == NULL);
	CHECK(str_eq(ag->sections[1].intro, "I"));
	CHECK(agreement_clause(ag, 3, &sec) == NULL && sec == NULL);
	CHECK(agreement_clause(ag, -1, NULL) == NULL);
	CHECK(agreement_clause_count(NULL) == 0);
	agreement_free(ag);
	agreement_free(NULL);
}

/* Loads json, expects error rc and a message containing want. */
static void expect_refusal(const char *json, size_t len, int rc, const char *want)
{
	Agreement *ag = (Agreement *)1;
	char err[256];
	int got = agreement_load_mem(json, len, "test.json", &ag, err, sizeof err);
	CHECK(got == rc);
	CHECK(ag == NULL);
	CHECK(strstr(err, "test.json") != NULL);
	CHECK(strstr(err, want) != NULL);
	if (got != rc || !strstr(err, want))
		fprintf(stderr, "  got %d \"%s\", wanted %d \"%s\"\n", got, err, rc, want);
	if (got == AG_OK) agreement_free(ag);
}

static void malformed_json_is_refused_with_line_and_column(void)
{
	const char *json = "{\n  \"format\": \"accord-agreement/1\",\n  \"id\": \n}";
	expect_refusal(json, strlen(json), AG_EJSON, "test.json:4:1: malformed JSON");
	expect_refusal("", 0, AG_EJSON, "malformed JSON");
}

static void missing_plain_is_refused_naming_its_path(void)
{
	const char *json = PACK_HEAD CLAUSE("a") ","
		"{\"id\":\"b\",\"title\":\"t\",\"original\":\"o\",\"why\":\"w\"}" PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA,
		       "test.json: sections[0].clauses[1].plain: missing");
	json = PACK_HEAD "{\"id\":\"b\",\"title\":\"t\",\"original\":\"o\",\"plain\":\"  \",\"why\":\"w\"}" PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA, "sections[0].clauses[0].plain: empty");
	json = PACK_HEAD "{\"id\":\"b\",\"title\":\"t\",\"original\":\"o\",\"plain\":7,\"why\":\"w\"}" PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA, "sections[0].clauses[0].plain: not a string");
	json = PACK_HEAD "{\"id\":\"b\",\"title\":\"t\",\"original\":\"o\",\"plain\":\"p\",\"why\":\"w\","
		"\"faq\":[{\"topic\":\"x\",\"q\":\"q\"}]}" PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA, "sections[0].clauses[0].faq[0].a: missing");
}

static void duplicate_ids_are_refused(void)
{
	const char *json = PACK_HEAD CLAUSE("a") "]},"
		"{\"id\":\"patient\",\"title\":\"P\",\"clauses\":[" CLAUSE("b") "," CLAUSE("a") PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA,
		       "sections[1].clauses[1].id: duplicate clause id");
	json = PACK_HEAD CLAUSE("a") "]},{\"id\":\"clinic\",\"title\":\"P\",\"clauses\":[" CLAUSE("b") PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA, "sections[1].id: duplicate section id");
	json = PACK_HEAD "{\"id\":\"b\",\"title\":\"t\",\"original\":\"o\",\"plain\":\"p\",\"why\":\"w\","
		"\"faq\":[{\"topic\":\"x\",\"q\":\"q\",\"a\":\"a\"},{\"topic\":\"x\",\"q\":\"q\",\"a\":\"a\"}]}" PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA,
		       "sections[0].clauses[0].faq[1].topic: duplicate faq topic");
}

static void invalid_utf8_is_refused(void)
{
	char json[600];
	const char *good = PACK_HEAD CLAUSE("a") PACK_TAIL;
	char *p;
	snprintf(json, sizeof json, "%s", good);
	p = strstr(json, "\"plain\":\"p\"") + 9;
	*p = (char)0xC3;   /* a lead byte followed by a quote: not UTF-8 */
	expect_refusal(json, strlen(json), AG_EUTF8, "test.json:1:");
	expect_refusal(json, strlen(json), AG_EUTF8, "invalid UTF-8");
	/* a lone surrogate escape must not sneak bad bytes in either */
	{
		const char *esc = PACK_HEAD "{\"id\":\"a\",\"title\":\"t\",\"original\":\"o\","
			"\"plain\":\"\\udc00\",\"why\":\"w\"}" PACK_TAIL;
		Agreement *ag = NULL;
		char err[256];
		CHECK(load_str(esc, &ag, err, sizeof err) != AG_OK);
		CHECK(ag == NULL);
	}
}

static void wrong_format_is_refused(void)
{
	const char *json = "{\"format\":\"accord-agreement/2\",\"id\":\"t\"}";
	expect_refusal(json, strlen(json), AG_ESCHEMA, "test.json: format: not \"accord-agreement/1\"");
	json = "{\"id\":\"t\"}";
	expect_refusal(json, strlen(json), AG_ESCHEMA, "test.json: format: missing");
	json = "[1,2]";
	expect_refusal(json, strlen(json), AG_ESCHEMA, "test.json: $: not an object");
	json = PACK_HEAD PACK_TAIL;
	expect_refusal(json, strlen(json), AG_ESCHEMA, "sections[0].clauses: empty");
}

static void oversized_pack_is_refused(void)
{
	size_t n = AGREEMENT_MAX_BYTES + 1;
	char *big = xmalloc(n);
	memset(big, ' ', n);
	expect_refusal(big, n, AG_ETOOBIG, "larger than");
	free(big);
}

static void missing_file_is_an_io_error(void)
{
	Agreement *ag = NULL;
	char err[256];
	CHECK(agreement_load("assets/agreement/no-such.json", &ag, err, sizeof err) == AG_EIO);
	CHECK(ag == NULL && strstr(err, "no-such.json"));
}

static void pair_check_names_the_first_difference(void)
{
	Agreement *a = NULL, *b = NULL;
	char err[256];
	const char *ja = PACK_HEAD CLAUSE("a") "," CLAUSE("b") PACK_TAIL;
	const char *jb = PACK_HEAD CLAUSE("a") "," CLAUSE("c") PACK_TAIL;
	const char *jc = PACK_HEAD CLAUSE("a") PACK_TAIL;
	CHECK(load_str(ja, &a, err, sizeof err) == AG_OK);
	CHECK(load_str(jb, &b, err, sizeof err) == AG_OK);
	if (a && b) {
		CHECK(agreement_check_pair(a, a, err, sizeof err) == AG_OK);
		CHECK(agreement_check_pair(a, b, err, sizeof err) == AG_EMISMATCH);
		CHECK(strstr(err, "sections[0].clauses[1]: id 'b' vs 'c'") != NULL);
	}
	agreement_free(b);
	b = NULL;
	CHECK(load_str(jc, &b, err, sizeof err) == AG_OK);
	if (a && b) {
		CHECK(agreement_check_pair(a, b, err, sizeof err) == AG_EMISMATCH);
		CHECK(strstr(err, "clause count") != NULL);
	}
	agreement_free(a);
	agreement_free(b);
}

int main(void)
{
	RUN(shipped_packs_load_in_both_languages);
	RUN(shipped_packs_put_clinic_promises_first);
	RUN(every_shipped_clause_has_original_plain_and_why);
	RUN(both_languages_answer_the_required_questions);
	RUN(shipped_packs_carry_preamble_lead_ins_summaries_and_glossary);
	RUN(clause_index_walks_all_sections_in_order);
	RUN(malformed_json_is_refused_with_line_and_column);
	RUN(missing_plain_is_refused_naming_its_path);
	RUN(duplicate_ids_are_refused);
	RUN(optional_parts_are_checked_when_present);
	RUN(invalid_utf8_is_refused);
	RUN(wrong_format_is_refused);
	RUN(oversized_pack_is_refused);
	RUN(missing_file_is_an_io_error);
	RUN(pair_check_names_the_first_difference);
	return 0;
}
