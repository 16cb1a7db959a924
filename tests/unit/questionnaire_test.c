/* tests/unit/questionnaire_test.c - the FHIR Questionnaire loader on small
 * hand-written JSON: every supported feature, the warnings of the lenient
 * paths and each class of error that makes a form unusable; plus the
 * scoring table loader and the built-in forms scored by hand. */
#include "content/check.h"
#include "content/questionnaire.h"
#include "content/scoring.h"
#include "core/score.h"
#include "core/util.h"
#include "test.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEAD "{\"resourceType\":\"Questionnaire\",\"url\":\"urn:t\",\"status\":\"active\","
#define TR(lang, s) "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/translation\"," \
	"\"extension\":[{\"url\":\"lang\",\"valueCode\":\"" lang "\"},{\"url\":\"content\",\"valueString\":\"" s "\"}]}]}"

static int load(const char *json, Questionnaire **q, char **rep)
{
	return questionnaire_load_mem(json, strlen(json), "t.json", q, rep);
}

/* Loads json expecting failure; true when the report contains want. */
static int refused_with(const char *json, const char *want)
{
	Questionnaire *q = NULL;
	char *rep = NULL;
	int rc = load(json, &q, &rep);
	int ok = rc < 0 && q == NULL && rep && strstr(rep, want) && strstr(rep, "t.json");
	if (!ok) fprintf(stderr, "  rc %d report: %s\n", rc, rep ? rep : "(none)");
	questionnaire_free(q);
	free(rep);
	return ok;
}

/* Loads json expecting a usable form with a warning containing want. */
static int usable_with_warning(const char *json, const char *want)
{
	Questionnaire *q = NULL;
	char *rep = NULL;
	int rc = load(json, &q, &rep);
	int ok = rc == 0 && q && rep && strstr(rep, want) && strstr(rep, "form still usable");
	if (!ok) fprintf(stderr, "  rc %d report: %s\n", rc, rep ? rep : "(none)");
	questionnaire_free(q);
	free(rep);
	return ok;
}

static void loads_every_supported_item_type(void)
{
	static const char *const types[] = { "display", "boolean", "decimal", "integer", "date",
		"string", "text", "open-choice" };
	Buf b = { 0 };
	Questionnaire *q = NULL;
	char *rep = NULL;
	buf_add(&b, HEAD "\"item\":[{\"linkId\":\"g\",\"type\":\"group\",\"item\":[");
	for (int i = 0; i < 8; i++)
		buf_addf(&b, "{\"linkId\":\"i%d\",\"type\":\"%s\",\"text\":\"T%d\"},", i, types[i], i);
	buf_add(&b, "{\"linkId\":\"c\",\"type\":\"choice\",\"answerOption\":[{\"valueString\":\"a\"}]}]}]}");
	CHECK(load(b.s, &q, &rep) == 0);
	CHECK(rep == NULL);
	CHECK(q && qm_count_items(q) == 10);
	if (q) {
		CHECK(q->items[0].type == QT_GROUP && q->items[0].n_children == 9);
		CHECK(qm_find(q, "i4")->type == QT_DATE);
		CHECK(qm_find(q, "i7")->type == QT_STRING);   /* open-choice without options */
		CHECK(qm_find(q, "c")->type == QT_CHOICE);
		CHECK(qm_find(q, "c")->parent == &q->items[0]);
		CHECK(strcmp(qtext_get(&qm_find(q, "i2")->text, "en"), "T2") == 0);
		CHECK(strcmp(q->source, "t.json") == 0);
	}
	questionnaire_free(q);
	free(rep);
	buf_free(&b);
}

static void answer_options_carry_ordinals_translations_and_flags(void)
{
	const char *json = HEAD "\"language\":\"en\",\"item\":[{\"linkId\":\"c\",\"type\":\"choice\","
		"\"repeats\":true,\"answerOption\":["
		"{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA1\",\"display\":\"Never\","
		"\"_display\":" TR("es", "Nunca") "},\"extension\":[{\"url\":"
		"\"http://hl7.org/fhir/StructureDefinition/ordinalValue\",\"valueDecimal\":0}]},"
		"{\"valueCoding\":{\"display\":\"Often\",\"extension\":[{\"url\":"
		"\"http://hl7.org/fhir/StructureDefinition/itemWeight\",\"valueDecimal\":2.5}]},"
		"\"initialSelected\":true},"
		"{\"valueString\":\"None\",\"_valueString\":" TR("es", "Ninguno") ",\"extension\":[{\"url\":"
		"\"http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive\",\"valueBoolean\":true}]},"
		"{\"valueInteger\":7},{\"valueDate\":\"2024-02-29\"}]}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	CHECK(load(json, &q, &rep) == 0);
	if (q) {
		const QItem *c = qm_find(q, "c");
		CHECK(c->n_options == 5 && c->repeats);
		CHECK(c->options[0].has_ordinal && c->options[0].ordinal == 0);
		CHECK(strcmp(c->options[0].value.system, "http://loinc.org") == 0);
		CHECK(strcmp(qtext_get(&c->options[0].label, "es"), "Nunca") == 0);
		CHECK(strcmp(qtext_get(&c->options[0].label, "en"), "Never") == 0);
		CHECK(c->options[1].has_ordinal && c->options[1].ordinal == 2.5);
		CHECK(c->options[1].initial_selected && !c->options[0].initial_selected);
		CHECK(c->options[1].value.s == NULL && strcmp(c->options[1].value.display, "Often") == 0);
		CHECK(c->options[2].exclusive && c->options[2].value.kind == QV_STRING);
		CHECK(strcmp(qtext_get(&c->options[2].label, "es"), "Ninguno") == 0);
		CHECK(c->options[3].value.kind == QV_INT && c->options[3].value.i == 7);
		CHECK(c->options[4].value.kind == QV_DATE && strcmp(c->options[4].value.s, "2024-02-29") == 0);
	}
	questionnaire_free(q);
	free(rep);
}

static void initial_values_of_each_type_are_kept(void)
{
	const char *json = HEAD "\"item\":["
		"{\"linkId\":\"b\",\"type\":\"boolean\",\"initial\":[{\"valueBoolean\":true}]},"
		"{\"linkId\":\"i\",\"type\":\"integer\",\"initial\":[{\"valueInteger\":-2147483648}]},"
		"{\"linkId\":\"d\",\"type\":\"decimal\",\"initial\":[{\"valueDecimal\":1.5}]},"
		"{\"linkId\":\"t\",\"type\":\"date\",\"initial\":[{\"valueDate\":\"2020-01\"}]},"
		"{\"linkId\":\"s\",\"type\":\"string\",\"initial\":[{\"valueString\":\"hi\"}]},"
		"{\"linkId\":\"c\",\"type\":\"open-choice\",\"initial\":[{\"valueCoding\":{\"code\":\"x\"}}]}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	CHECK(load(json, &q, &rep) == 0);
	if (q) {
		CHECK(qm_find(q, "b")->initial[0].kind == QV_BOOL && qm_find(q, "b")->initial[0].b);
		CHECK(qm_find(q, "i")->initial[0].i == -2147483648LL);
		CHECK(qm_find(q, "d")->initial[0].d == 1.5);
		CHECK(strcmp(qm_find(q, "t")->initial[0].s, "2020-01") == 0);
		CHECK(strcmp(qm_find(q, "s")->initial[0].s, "hi") == 0);
		CHECK(qm_find(q, "c")->initial[0].kind == QV_CODING && qm_find(q, "c")->n_initial == 1);
	}
	questionnaire_free(q);
	free(rep);
}

static void enablewhen_loaded_and_evaluated_with_nested_group_answer(void)
{
	const char *json = HEAD "\"item\":[{\"linkId\":\"g\",\"type\":\"group\",\"item\":["
		"{\"linkId\":\"n\",\"type\":\"integer\"},{\"linkId\":\"y\",\"type\":\"boolean\"}]},"
		"{\"linkId\":\"d\",\"type\":\"string\",\"enableBehavior\":\"any\",\"enableWhen\":["
		"{\"question\":\"n\",\"operator\":\">=\",\"answerInteger\":5},"
		"{\"question\":\"y\",\"operator\":\"exists\",\"answerBoolean\":true}]},"
		"{\"linkId\":\"e\",\"type\":\"string\",\"enableWhen\":["
		"{\"question\":\"n\",\"operator\":\"!=\",\"answerDecimal\":2.5},"
		"{\"question\":\"n\",\"operator\":\"<\",\"answerInteger\":9},"
		"{\"question\":\"n\",\"operator\":\"<=\",\"answerInteger\":9},"
		"{\"question\":\"n\",\"operator\":\">\",\"answerInteger\":0},"
		"{\"question\":\"n\",\"operator\":\"=\",\"answerInteger\":6}],\"enableBehavior\":\"all\"}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	Answers *a = answers_new();
	QValue six = { .kind = QV_INT, .i = 6 }, two = { .kind = QV_INT, .i = 2 };
	CHECK(load(json, &q, &rep) == 0);
	if (q) {
		const QItem *d = qm_find(q, "d"), *e = qm_find(q, "e");
		CHECK(d->enable_any && d->n_enable_when == 2 && d->enable_when[0].op == QOP_GE);
		CHECK(!e->enable_any && e->n_enable_when == 5 && e->enable_when[0].op == QOP_NE);
		CHECK(e->enable_when[0].answer.kind == QV_DEC);
		CHECK(!qm_enabled(q, d, a) && !qm_enabled(q, e, a));
		answers_set(a, "urn:t", "n", &six, 1);
		CHECK(qm_enabled(q, d, a) && qm_enabled(q, e, a));
		answers_set(a, "urn:t", "n", &two, 1);
		CHECK(!qm_enabled(q, d, a) && !qm_enabled(q, e, a));
	}
	answers_free(a);
	questionnaire_free(q);
	free(rep);
}

static void translations_of_title_text_and_form_language(void)
{
	const char *json = HEAD "\"language\":\"de\",\"title\":\"Titel\",\"_title\":" TR("en", "Title") ","
		"\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"text\":\"Schmerz \xC3\xBC\","
		"\"_text\":" TR("en", "Pain") ",\"prefix\":\"1.\"}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	CHECK(load(json, &q, &rep) == 0);
	if (q) {
		CHECK(strcmp(q->title.lang[0], "de") == 0);
		CHECK(strcmp(qtext_get(&q->title, "en"), "Title") == 0);
		CHECK(strcmp(qtext_get(&q->title, "fr"), "Titel") == 0);
		CHECK(strcmp(qtext_get(&q->items[0].text, "en"), "Pain") == 0);
		CHECK(strcmp(qtext_get(&q->items[0].text, "de"), "Schmerz \xC3\xBC") == 0);
		CHECK(strcmp(q->items[0].prefix, "1.") == 0);
	}
	questionnaire_free(q);
	free(rep);
}

static void accord_extensions_anchor_alert_and_translation_validated(void)
{
	const char *json = HEAD "\"extension\":[{\"url\":\"urn:accord:translation-validated\","
		"\"valueBoolean\":false}],\"item\":[{\"linkId\":\"s\",\"type\":\"integer\",\"extension\":["
		"{\"url\":\"urn:accord:anchor-low\",\"valueString\":\"No pain\",\"_valueString\":" TR("es", "Sin dolor") "},"
		"{\"url\":\"urn:accord:anchor-high\",\"valueString\":\"Worst\"},"
		"{\"url\":\"http://hl7.org/fhir/StructureDefinition/minValue\",\"valueInteger\":0},"
		"{\"url\":\"http://hl7.org/fhir/StructureDefinition/maxValue\",\"valueInteger\":10}]},"
		"{\"linkId\":\"x\",\"type\":\"boolean\",\"extension\":[{\"url\":\"urn:accord:alert\",\"valueBoolean\":true}]}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	CHECK(load(json, &q, &rep) == 0);
	CHECK(rep == NULL);
	if (q) {
		const QItem *s = qm_find(q, "s");
		CHECK(q->translation_validated == 0);
		CHECK(strcmp(qtext_get(&s->anchor_low, "es"), "Sin dolor") == 0);
		CHECK(strcmp(qtext_get(&s->anchor_low, "en"), "No pain") == 0);
		CHECK(strcmp(qtext_get(&s->anchor_high, "en"), "Worst") == 0);
		CHECK(s->has_min && s->min_value == 0 && s->has_max && s->max_value == 10);
		CHECK(qitem_is_scale(s));
		CHECK(qm_find(q, "x")->alert && !s->alert);
	}
	questionnaire_free(q);
	free(rep);
}

static void flags_codes_and_limits_are_read(void)
{
	const char *json = HEAD "\"code\":[{\"system\":\"http://loinc.org\",\"code\":\"91148-7\"}],"
		"\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"required\":true,\"readOnly\":true,"
		"\"maxLength\":40,\"repeats\":true,\"code\":[{\"system\":\"http://loinc.org\",\"code\":\"1-8\","
		"\"display\":\"x\"}]},{\"linkId\":\"b\",\"type\":\"string\"}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	CHECK(load(json, &q, &rep) == 0);
	if (q) {
		const QItem *a = qm_find(q, "a");
		CHECK(a->required && a->read_only && a->repeats && a->max_length == 40);
		CHECK(a->n_codes == 1 && strcmp(a->codes[0].code, "1-8") == 0);
		CHECK(q->n_codes == 1 && strcmp(q->codes[0].code, "91148-7") == 0);
		CHECK(q->translation_validated == 1);
		CHECK(!qm_find(q, "b")->required && !qm_find(q, "b")->repeats);
	}
	questionnaire_free(q);
	free(rep);
}

static void string_booleans_and_integers_are_read_with_a_warning(void)
{
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"required\":\"true\"}]}",
				  "boolean written as the string"));
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"maxLength\":\"12\"}]}",
				  "integer written as a string"));
}

static void unsupported_parts_are_reported_with_path_and_linkid(void)
{
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"extension\":"
				  "[{\"url\":\"urn:x:unknown\",\"valueString\":\"v\"}]}]}",
				  "item[0].extension[0] (linkId \"a\"): extension urn:x:unknown is not supported"));
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"g\",\"type\":\"group\",\"repeats\":true,"
				  "\"item\":[{\"linkId\":\"a\",\"type\":\"string\"}]}]}",
				  "repeating groups are not supported"));
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"t\",\"type\":\"time\"}]}",
				  "item type time is asked as free text"));
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"p\",\"type\":\"attachment\"},"
				  "{\"linkId\":\"a\",\"type\":\"string\"}]}",
				  "item[0].type (linkId \"p\"): item type attachment is not supported: item left out"));
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"c\",\"type\":\"choice\","
				  "\"answerValueSet\":\"http://loinc.org/vs/LL1-1\"}]}",
				  "is not in the file (Accord does not fetch value sets): asked as free text"));
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"foo\":1}]}",
				  "element foo is not supported"));
	/* a two-digit index and a choice value's path (both built by hand, not snprintf) */
	CHECK(usable_with_warning(HEAD "\"item\":[{\"linkId\":\"c\",\"type\":\"choice\",\"answerOption\":["
				  "{\"valueString\":\"0\"},{\"valueString\":\"1\"},{\"valueString\":\"2\"},{\"valueString\":\"3\"},"
				  "{\"valueString\":\"4\"},{\"valueString\":\"5\"},{\"valueString\":\"6\"},{\"valueString\":\"7\"},"
				  "{\"valueString\":\"8\"},{\"valueString\":\"9\"},"
				  "{\"valueString\":\"10\",\"extension\":[{\"url\":\"urn:x:unknown\",\"valueString\":\"v\"}]}]}]}",
				  "item[0].answerOption[10].extension[0] (linkId \"c\"): extension urn:x:unknown is not supported"));
}

static void contained_value_set_becomes_options(void)
{
	const char *json = HEAD "\"contained\":[{\"resourceType\":\"ValueSet\",\"id\":\"yn\",\"compose\":"
		"{\"include\":[{\"system\":\"urn:yn\",\"concept\":[{\"code\":\"Y\",\"display\":\"Yes\"},"
		"{\"code\":\"N\",\"display\":\"No\"}]}]}}],\"item\":[{\"linkId\":\"c\",\"type\":\"choice\","
		"\"answerValueSet\":\"#yn\"}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	CHECK(load(json, &q, &rep) == 0);
	if (q) {
		const QItem *c = qm_find(q, "c");
		CHECK(c->type == QT_CHOICE && c->n_options == 2);
		CHECK(strcmp(c->options[1].value.s, "N") == 0 && strcmp(c->options[1].value.system, "urn:yn") == 0);
		CHECK(strcmp(qtext_get(&c->options[0].label, "en"), "Yes") == 0);
	}
	questionnaire_free(q);
	free(rep);
}

static void required_unsupported_item_makes_the_form_unusable(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"q\",\"type\":\"quantity\",\"required\":true}]}",
			   "required item of unsupported type quantity"));
}

static void unknown_modifier_extension_makes_the_form_unusable(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"modifierExtension\":"
			   "[{\"url\":\"urn:x:m\",\"valueBoolean\":true}]}]}",
			   "item[0].modifierExtension[0] (linkId \"a\"): modifierExtension urn:x:m is not understood"));
}

static void malformed_json_reports_byte_offset(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",", "malformed JSON at byte"));
	CHECK(refused_with("", "malformed JSON at byte 0"));
}

static void wrong_resource_type_is_named(void)
{
	CHECK(refused_with("{\"resourceType\":\"Patient\"}", "expected resourceType Questionnaire, got Patient"));
	CHECK(refused_with("[1,2]", "not a JSON object"));
}

static void duplicate_linkid_is_refused(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\"},{\"linkId\":\"g\","
			   "\"type\":\"group\",\"item\":[{\"linkId\":\"a\",\"type\":\"string\"}]}]}",
			   "linkIds must be unique (FHIR que-2)"));
}

static void enablewhen_to_missing_item_is_refused(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"g\",\"type\":\"group\",\"item\":[{\"linkId\":\"a1\","
			   "\"type\":\"string\",\"enableWhen\":[{\"question\":\"x\",\"operator\":\"exists\","
			   "\"answerBoolean\":true}]}]}]}",
			   "t.json: item[0].item[0] (linkId \"a1\"): enableWhen[0].question \"x\" is not an item of this form"));
}

static void enablewhen_cycles_are_refused_also_through_ancestors(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"boolean\",\"enableWhen\":"
			   "[{\"question\":\"a\",\"operator\":\"=\",\"answerBoolean\":true}]}]}",
			   "enableWhen cycle: \"a\" -> \"a\""));
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"boolean\",\"enableWhen\":"
			   "[{\"question\":\"b\",\"operator\":\"=\",\"answerBoolean\":true}]},"
			   "{\"linkId\":\"b\",\"type\":\"boolean\",\"enableWhen\":"
			   "[{\"question\":\"a\",\"operator\":\"!=\",\"answerBoolean\":true}]}]}",
			   "enableWhen cycle"));
	/* a group shown only when its own child is answered */
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"g\",\"type\":\"group\",\"enableWhen\":"
			   "[{\"question\":\"c\",\"operator\":\"exists\",\"answerBoolean\":true}],"
			   "\"item\":[{\"linkId\":\"c\",\"type\":\"string\"}]}]}",
			   "enableWhen cycle"));
}

static void unknown_item_type_is_named_with_linkid(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"q1\",\"type\":\"question\"}]}",
			   "unknown item type question at linkId q1"));
}

static void limits_on_size_strings_depth_and_items(void)
{
	Buf b = { 0 };
	char *big = xmalloc(QL_MAX_STRING + 2);
	memset(big, 'x', QL_MAX_STRING + 1);
	big[QL_MAX_STRING + 1] = 0;
	buf_addf(&b, HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"text\":\"%s\"}]}", big);
	CHECK(refused_with(b.s, "byte limit"));
	buf_free(&b);
	free(big);

	big = xmalloc(QL_MAX_BYTES + 10);
	memset(big, ' ', QL_MAX_BYTES + 10);
	{
		Questionnaire *q = NULL;
		char *rep = NULL;
		CHECK(questionnaire_load_mem(big, QL_MAX_BYTES + 10, "t.json", &q, &rep) == QL_ETOOBIG);
		CHECK(q == NULL && rep && strstr(rep, "over the 4194304 byte limit"));
		free(rep);
	}
	free(big);

	buf_add(&b, HEAD "\"item\":[");
	for (int i = 0; i < 33; i++) buf_addf(&b, "{\"linkId\":\"g%d\",\"type\":\"group\",\"item\":[", i);
	buf_add(&b, "{\"linkId\":\"a\",\"type\":\"string\"}");
	for (int i = 0; i < 33; i++) buf_add(&b, "]}");
	buf_add(&b, "]}");
	CHECK(refused_with(b.s, "nested deeper than 32 levels"));
	buf_free(&b);

	buf_add(&b, HEAD "\"item\":[");
	for (int i = 0; i < 200; i++) buf_add(&b, "[");
	for (int i = 0; i < 200; i++) buf_add(&b, "]");
	buf_add(&b, "]}");
	CHECK(refused_with(b.s, "JSON nested deeper than 128 levels"));
	buf_free(&b);

	buf_add(&b, HEAD "\"item\":[");
	for (int i = 0; i <= QL_MAX_ITEMS; i++) buf_addf(&b, "%s{\"linkId\":\"a%d\",\"type\":\"string\"}", i ? "," : "", i);
	buf_add(&b, "]}");
	CHECK(refused_with(b.s, "more than 2000 items"));
	buf_free(&b);
}

static void invalid_utf8_is_refused_and_bom_is_skipped(void)
{
	const char *good = "\xEF\xBB\xBF" HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\"}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	CHECK(load(good, &q, &rep) == 0 && q);
	questionnaire_free(q);
	free(rep);
	CHECK(refused_with(HEAD "\"title\":\"\xC3\x28\",\"item\":[{\"linkId\":\"a\",\"type\":\"string\"}]}",
			   "invalid UTF-8 at byte"));
	CHECK(refused_with(HEAD "\"title\":\"\xED\xA0\x80\",\"item\":[]}", "invalid UTF-8"));
}

static void duplicate_json_keys_are_refused(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"type\":\"boolean\"}]}",
			   "item[0] (linkId \"a\"): member \"type\" appears twice"));
}

static void integers_outside_32_bits_and_negative_maxlength_are_refused(void)
{
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"integer\",\"initial\":"
			   "[{\"valueInteger\":2147483648}]}]}", "outside FHIR's 32-bit range"));
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"integer\",\"answerOption\":"
			   "[{\"valueInteger\":99999999999999999999999}]}]}", "outside FHIR's 32-bit range"));
	CHECK(refused_with(HEAD "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"maxLength\":-1}]}",
			   "maxLength -1 is negative"));
}

static void scoring_table_loads_and_rejects_bad_rules(void)
{
	const char *good = "{\"format\":\"accord-scoring/1\",\"scores\":[{\"id\":\"peg\",\"label\":\"PEG\","
		"\"form\":\"urn:p\",\"items\":[\"a\",\"b\",\"c\"],\"method\":\"mean\",\"min_answered\":3,"
		"\"decimals\":1,\"loinc\":\"91147-9\",\"loinc_display\":\"x\",\"unit\":\"{score}\",\"note\":\"n\"},"
		"{\"id\":\"g\",\"label\":\"G\",\"form\":\"urn:g\",\"items\":[\"a\"],\"method\":\"sum\","
		"\"min_answered\":1,\"positive_at\":3,\"loinc\":null,\"local_code\":{\"system\":\"urn:c\","
		"\"code\":\"g-total\"}}]}";
	const char *bad = "{\"format\":\"accord-scoring/1\",\"scores\":[{\"id\":\"x\",\"label\":\"X\","
		"\"form\":\"urn:p\",\"items\":[\"a\"],\"method\":\"median\",\"min_answered\":1}]}";
	ScoreRule *r = NULL;
	int n = 0;
	char err[256];
	CHECK(scoring_load_mem(good, strlen(good), "scoring.json", &r, &n, err, sizeof err) == 0);
	CHECK(n == 2 && r[0].method == SCORE_MEAN && r[0].n_items == 3 && r[0].decimals == 1);
	CHECK(n == 2 && r[1].has_positive && r[1].positive_at == 3 && r[1].loinc == NULL);
	CHECK(n == 2 && strcmp(r[1].local_code.code, "g-total") == 0);
	scoring_free(r, n);
	CHECK(scoring_load_mem(bad, strlen(bad), "scoring.json", &r, &n, err, sizeof err) < 0);
	CHECK(r == NULL && strstr(err, "scoring.json: scores[0].method: must be sum or mean"));
}

/* Answers the two PHQ-2 items of the built-in form with options of ordinal o1, o2. */
static ScoreResult builtin_phq2(const Questionnaire *q, const ScoreRule *r, int o1, int o2)
{
	Answers *a = answers_new();
	const int want[2] = { o1, o2 };
	ScoreResult s;
	for (int k = 0; k < 2; k++) {
		const QItem *it = qm_find(q, r->items[k]);
		for (int i = 0; it && i < it->n_options; i++)
			if (want[k] >= 0 && it->options[i].ordinal == want[k])
				answers_set(a, r->form, r->items[k], &it->options[i].value, 1);
	}
	s = score_compute(r, q, a);
	answers_free(a);
	return s;
}

static void builtin_forms_and_scores_check_and_phq2_scores_by_hand(void)
{
	Questionnaire **forms = NULL;
	ScoreRule *rules = NULL;
	char *rep = NULL, err[256] = "";
	int n = 0, nr = 0;
	const Questionnaire *phq = NULL;
	const ScoreRule *rule = NULL;
	CHECK(content_load_forms("assets/questionnaires", &forms, &n, &rep) == 0);
	CHECK(n >= 1);
	if (rep) fprintf(stderr, "  %s", rep);
	CHECK(scoring_load("assets/questionnaires/scoring.json", &rules, &nr, err, sizeof err) == 0);
	CHECK(scoring_check(rules, nr, (const Questionnaire *const *)forms, n, &rep) == 0);
	for (int i = 0; i < nr; i++) if (!strcmp(rules[i].id, "phq2")) rule = &rules[i];
	for (int i = 0; rule && i < n; i++) if (str_eq(qm_form_key(forms[i]), rule->form)) phq = forms[i];
	CHECK(rule && phq);
	if (rule && phq) {
		ScoreResult s = builtin_phq2(phq, rule, 1, 2);
		CHECK(s.valid && s.value == 3 && s.positive);
		s = builtin_phq2(phq, rule, 1, 1);
		CHECK(s.valid && s.value == 2 && !s.positive);
		s = builtin_phq2(phq, rule, 3, -1);
		CHECK(!s.valid);
	}
	for (int i = 0; i < n; i++) questionnaire_free(forms[i]);
	free(forms);
	scoring_free(rules, nr);
	free(rep);
}

/* accord check tells a clinic what a form adds to a visit (issue 11): the
 * words of its items and options (not the 0-10 digits, not a plain notice),
 * two taps per question, in each language of the form. */
static void form_cost_counts_words_and_taps_and_check_prints_it(void)
{
	const char *json = HEAD "\"title\":\"T\",\"_title\":" TR("es", "T") ",\"item\":["
		"{\"linkId\":\"n\",\"type\":\"display\",\"text\":\"Just a note here\"},"
		"{\"linkId\":\"c\",\"type\":\"choice\",\"text\":\"Pick one\",\"answerOption\":["
		"{\"valueCoding\":{\"code\":\"y\",\"display\":\"Yes please\"}},{\"valueCoding\":{\"code\":\"n\",\"display\":\"No\"}}]},"
		"{\"linkId\":\"s\",\"type\":\"integer\",\"text\":\"How bad is it\",\"_text\":" TR("es", "Cuánto") ","
		"\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/minValue\",\"valueInteger\":0},"
		"{\"url\":\"http://hl7.org/fhir/StructureDefinition/maxValue\",\"valueInteger\":10}]}]}";
	Questionnaire *q = NULL;
	char *rep = NULL;
	int words = 0, taps = 0;
	CHECK(load(json, &q, &rep) == 0);
	if (!q) { free(rep); return; }
	CHECK(qitem_is_scale(&q->items[2]));
	qm_cost(q, "en", &words, &taps);
	CHECK(words == 2 + 3 + 4 && taps == 4);
	CHECK(qm_cost_seconds(words, taps) == 9 * 60 / 100 + 8);
	words = taps = 0;
	qm_cost(q, "es", &words, &taps);
	CHECK(words == 2 + 3 + 1 && taps == 4);   /* untranslated text falls back to the form's own */
	char path[] = "/tmp/accord-cost-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f) { fputs(json, f); fclose(f); }
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	const char *paths[1] = { path };
	int rc = content_check(paths, 1, out);
	fclose(out);
	CHECK(rc == 1 || rc == 0);
	CHECK(buf && strstr(buf, "patient effort, every item shown: 9 words, 4 taps, about 0 min 13 s in en"));
	CHECK(buf && strstr(buf, "6 words, 4 taps, about 0 min 11 s in es"));
	if (buf && !strstr(buf, "9 words")) fprintf(stderr, "%s", buf);
	free(buf);
	unlink(path);
	questionnaire_free(q);
	free(rep);
}

static void load_forms_keeps_usable_and_reports_the_rest(void)
{
	Questionnaire **forms = NULL;
	char *rep = NULL;
	int n = 0;
	CHECK(content_load_forms("tests/fuzz/corpus/questionnaire", &forms, &n, &rep) == 0);
	CHECK(n >= 2);
	CHECK(rep && strstr(rep, "left out, not usable") && strstr(rep, "bad-cycle.json"));
	for (int i = 0; i < n; i++) questionnaire_free(forms[i]);
	free(forms);
	free(rep);
	rep = NULL;
	CHECK(content_load_forms("tests/does-not-exist", &forms, &n, &rep) == QL_EIO && n == 0);
	free(rep);
}

int main(void)
{
	RUN(loads_every_supported_item_type);
	RUN(form_cost_counts_words_and_taps_and_check_prints_it);
	RUN(answer_options_carry_ordinals_translations_and_flags);
	RUN(initial_values_of_each_type_are_kept);
	RUN(enablewhen_loaded_and_evaluated_with_nested_group_answer);
	RUN(translations_of_title_text_and_form_language);
	RUN(accord_extensions_anchor_alert_and_translation_validated);
	RUN(flags_codes_and_limits_are_read);
	RUN(string_booleans_and_integers_are_read_with_a_warning);
	RUN(unsupported_parts_are_reported_with_path_and_linkid);
	RUN(contained_value_set_becomes_options);
	RUN(required_unsupported_item_makes_the_form_unusable);
	RUN(unknown_modifier_extension_makes_the_form_unusable);
	RUN(malformed_json_reports_byte_offset);
	RUN(wrong_resource_type_is_named);
	RUN(duplicate_linkid_is_refused);
	RUN(enablewhen_to_missing_item_is_refused);
	RUN(enablewhen_cycles_are_refused_also_through_ancestors);
	RUN(unknown_item_type_is_named_with_linkid);
	RUN(limits_on_size_strings_depth_and_items);
	RUN(invalid_utf8_is_refused_and_bom_is_skipped);
	RUN(duplicate_json_keys_are_refused);
	RUN(integers_outside_32_bits_and_negative_maxlength_are_refused);
	RUN(scoring_table_loads_and_rejects_bad_rules);
	RUN(builtin_forms_and_scores_check_and_phq2_scores_by_hand);
	RUN(load_forms_keeps_usable_and_reports_the_rest);
	return 0;
}
