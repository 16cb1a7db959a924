/* content/safety.c - the safety table loader: reads "accord-safety/1" JSON
 * with cJSON into core SafetyRules (safety.h), and checks the rules against
 * the loaded questionnaires (unknown form, linkId or answer code: a clear
 * line naming the rule). */
#include "content/safety.h"
#include "content/questionnaire.h"
#include "content/table.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* String member key of o, copied; NULL when absent or not a non-empty string. */
static char *str_member(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsString(v) || !v->valuestring[0] || strlen(v->valuestring) > QL_MAX_STRING) return NULL;
	return xstrdup(v->valuestring);
}

static int load_rule(const cJSON *o, SafetyRule *r, const char *name, int i, char *err, size_t errlen)
{
	const cJSON *coding = cJSON_GetObjectItemCaseSensitive(o, "answerCoding");
	const cJSON *boolean = cJSON_GetObjectItemCaseSensitive(o, "answerBoolean");
	static const char *const need[] = { "id", "form", "item", "label" };

	if (!cJSON_IsObject(o)) return table_fail(err, errlen, QL_EINVALID, "%s: rules[%d]: not an object", name, i);
	r->id = str_member(o, "id");
	r->form = str_member(o, "form");
	r->item = str_member(o, "item");
	r->label = str_member(o, "label");
	r->action = str_member(o, "action");
	r->priority = str_member(o, "priority");
	if (!r->priority) {
		if (cJSON_GetObjectItemCaseSensitive(o, "priority"))
			return table_fail(err, errlen, QL_EINVALID, "%s: rules[%d].priority: not a string", name, i);
		r->priority = xstrdup("stat");
	}
	if (strcmp(r->priority, "stat") && strcmp(r->priority, "urgent"))
		return table_fail(err, errlen, QL_EINVALID, "%s: rules[%d].priority: must be \"stat\" or \"urgent\"", name, i);
	for (int k = 0; k < 4; k++) {
		char *got[] = { r->id, r->form, r->item, r->label };
		if (!got[k])
			return table_fail(err, errlen, QL_EINVALID, "%s: rules[%d].%s: missing or not a string", name, i, need[k]);
	}
	/* the id goes into identifiers and search queries (FHIR ifNoneExist, HL7 OBR-3) unescaped */
	if (strlen(r->id) > 64 || strspn(r->id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-") != strlen(r->id))
		return table_fail(err, errlen, QL_EINVALID, "%s: rules[%d].id: use only letters, digits, '.' and '-' (at most 64)",
				  name, i);
	if ((coding != NULL) == (boolean != NULL))
		return table_fail(err, errlen, QL_EINVALID, "%s: rules[%d]: needs exactly one of answerCoding, answerBoolean",
			    name, i);
	if (boolean) {
		if (!cJSON_IsBool(boolean))
			return table_fail(err, errlen, QL_EINVALID, "%s: rules[%d].answerBoolean: not true or false", name, i);
		r->answer.kind = QV_BOOL;
		r->answer.b = cJSON_IsTrue(boolean);
		return 0;
	}
	r->answer.kind = QV_CODING;
	r->answer.s = cJSON_IsObject(coding) ? str_member(coding, "code") : NULL;
	r->answer.system = cJSON_IsObject(coding) ? str_member(coding, "system") : NULL;
	if (!r->answer.s)
		return table_fail(err, errlen, QL_EINVALID, "%s: rules[%d].answerCoding: needs a code", name, i);
	return 0;
}

void safety_free(SafetyRule *rules, int n)
{
	for (int i = 0; i < n; i++) safety_rule_free(&rules[i]);
	free(rules);
}

int safety_load_mem(const char *json, size_t len, const char *name,
		    SafetyRule **rules, int *n, char *err, size_t errlen)
{
	cJSON *root;
	const cJSON *list, *o;
	SafetyRule *v = NULL;
	int k = 0, rc;

	*rules = NULL;
	*n = 0;
	name = name ? name : "safety.json";
	if ((rc = table_parse(json, len, name, SAFETY_FORMAT, "rules", &root, &list, err, errlen))) return rc;
	v = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(SafetyRule));
	cJSON_ArrayForEach(o, list) {
		SafetyRule *r = &v[k];
		rc = load_rule(o, r, name, k, err, errlen);
		k++;   /* r is freed with the others even when it failed half-way */
		for (int j = 0; !rc && j < k - 1; j++)
			if (!strcmp(v[j].id, r->id))
				rc = table_fail(err, errlen, QL_EINVALID, "%s: rules[%d].id: \"%s\" used twice", name, k - 1, r->id);
		if (rc) break;
	}
	cJSON_Delete(root);
	if (rc) { safety_free(v, k); return rc; }
	*rules = v;
	*n = k;
	return 0;
}

int safety_load(const char *path, SafetyRule **rules, int *n, char *err, size_t errlen)
{
	size_t len;
	char *json = table_read(path, &len);
	int rc;
	*rules = NULL;
	*n = 0;
	if (!json) return table_fail(err, errlen, QL_EIO, "%s: cannot read the file", table_name(path));
	rc = safety_load_mem(json, len, table_name(path), rules, n, err, errlen);
	free(json);
	return rc;
}

/* Why rule r cannot be met by item it, or NULL when it can. */
static const char *mismatch(const SafetyRule *r, const QItem *it)
{
	if (r->answer.kind == QV_BOOL)
		return it->type == QT_BOOLEAN ? NULL : "answerBoolean needs a boolean item";
	if (it->type != QT_CHOICE && it->type != QT_OPEN_CHOICE) return "answerCoding needs a choice item";
	return qitem_option(it, &r->answer) ? NULL : "is not one of the item's answer options";
}

int safety_check(const SafetyRule *rules, int n, const Questionnaire *const *forms,
		 int n_forms, char **report)
{
	Buf b = { 0 };
	int bad = 0;
	if (*report) buf_add(&b, *report);
	for (int i = 0; i < n; i++) {
		const SafetyRule *r = &rules[i];
		const Questionnaire *q = NULL;
		const QItem *it;
		const char *why;
		for (int f = 0; f < n_forms; f++)
			if (str_eq(qm_form_key(forms[f]), r->form)) q = forms[f];
		if (!q) {
			buf_addf(&b, "safety.json: rule \"%s\": form %s is not loaded: this safety answer cannot be given\n",
				 r->id, r->form);
			bad++;
			continue;
		}
		it = qm_find(q, r->item);
		if (!it) {
			buf_addf(&b, "safety.json: rule \"%s\": item \"%s\" is not in %s\n", r->id, r->item,
				 q->source ? q->source : r->form);
			bad++;
		} else if ((why = mismatch(r, it))) {
			if (r->answer.kind == QV_CODING)
				buf_addf(&b, "safety.json: rule \"%s\": answer code \"%s\" of item \"%s\" in %s: %s\n",
					 r->id, r->answer.s, r->item, q->source ? q->source : r->form, why);
			else
				buf_addf(&b, "safety.json: rule \"%s\": item \"%s\" in %s: %s\n",
					 r->id, r->item, q->source ? q->source : r->form, why);
			bad++;
		}
	}
	if (b.len) {
		free(*report);
		*report = buf_take(&b);
	}
	return bad;
}
