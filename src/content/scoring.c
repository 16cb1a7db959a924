/* content/scoring.c - the scoring table loader: reads "accord-scoring/1"
 * JSON with cJSON into core ScoreRules (score.h), and checks the rules
 * against the loaded questionnaires so a typo in a linkId is found at
 * `accord check` time, not as a silently missing score. */
#include "content/scoring.h"
#include "content/questionnaire.h"
#include "content/table.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Optional string (null allowed) into *out; 0 or -1 when not a string. */
static int opt_str(const cJSON *o, const char *key, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	*out = NULL;
	if (!v || cJSON_IsNull(v)) return 0;
	if (!cJSON_IsString(v) || strlen(v->valuestring) > QL_MAX_STRING) return -1;
	*out = xstrdup(v->valuestring);
	return 0;
}

static int small_int(const cJSON *v, int lo, int hi, int *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
	    v->valuedouble < lo || v->valuedouble > hi)
		return -1;
	*out = (int)v->valuedouble;
	return 0;
}

static int load_rule(const cJSON *o, ScoreRule *r, const char *name, int i, char *err, size_t errlen)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items"), *it;
	const cJSON *method = cJSON_GetObjectItemCaseSensitive(o, "method");
	const cJSON *pos = cJSON_GetObjectItemCaseSensitive(o, "positive_at");
	const cJSON *local = cJSON_GetObjectItemCaseSensitive(o, "local_code");
	static const char *const strs[] = { "id", "label", "form", "loinc", "loinc_display", "unit" };
	char **dst[] = { &r->id, &r->label, &r->form, &r->loinc, &r->loinc_display, &r->unit };

	if (!cJSON_IsObject(o)) return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d]: not an object", name, i);
	for (int k = 0; k < 6; k++)
		if (opt_str(o, strs[k], dst[k]))
			return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].%s: not a string", name, i, strs[k]);
	for (int k = 0; k < 3; k++)
		if (!*dst[k] || !**dst[k])
			return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].%s: missing", name, i, strs[k]);
	if (!cJSON_IsArray(items) || cJSON_GetArraySize(items) == 0)
		return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].items: missing or empty", name, i);
	r->items = xcalloc((size_t)cJSON_GetArraySize(items), sizeof(char *));
	cJSON_ArrayForEach(it, items) {
		if (!cJSON_IsString(it) || !it->valuestring[0])
			return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].items[%d]: not a linkId",
				    name, i, r->n_items);
		r->items[r->n_items++] = xstrdup(it->valuestring);
	}
	if (cJSON_IsString(method) && !strcmp(method->valuestring, "sum")) r->method = SCORE_SUM;
	else if (cJSON_IsString(method) && !strcmp(method->valuestring, "mean")) r->method = SCORE_MEAN;
	else return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].method: must be sum or mean", name, i);
	if (small_int(cJSON_GetObjectItemCaseSensitive(o, "min_answered"), 1, r->n_items, &r->min_answered))
		return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].min_answered: must be 1..%d",
			    name, i, r->n_items);
	r->decimals = 0;
	if (cJSON_GetObjectItemCaseSensitive(o, "decimals") &&
	    small_int(cJSON_GetObjectItemCaseSensitive(o, "decimals"), 0, 6, &r->decimals))
		return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].decimals: must be 0..6", name, i);
	if (pos && !cJSON_IsNull(pos)) {
		if (!cJSON_IsNumber(pos))
			return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].positive_at: not a number", name, i);
		r->has_positive = 1;
		r->positive_at = pos->valuedouble;
	}
	if (local && !cJSON_IsNull(local)) {
		if (!cJSON_IsObject(local) || opt_str(local, "system", &r->local_code.system) ||
		    opt_str(local, "code", &r->local_code.code) ||
		    opt_str(local, "display", &r->local_code.display) || !r->local_code.code)
			return table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].local_code: needs a code string",
				    name, i);
	}
	return 0;
}

void scoring_free(ScoreRule *rules, int n)
{
	for (int i = 0; i < n; i++) score_rule_free(&rules[i]);
	free(rules);
}

int scoring_load_mem(const char *json, size_t len, const char *name,
		     ScoreRule **rules, int *n, char *err, size_t errlen)
{
	cJSON *root;
	const cJSON *scores, *s;
	ScoreRule *v = NULL;
	int k = 0, rc;

	*rules = NULL;
	*n = 0;
	name = name ? name : "scoring.json";
	if ((rc = table_parse(json, len, name, SCORING_FORMAT, "scores", &root, &scores, err, errlen))) return rc;
	v = xcalloc((size_t)cJSON_GetArraySize(scores) + 1, sizeof(ScoreRule));
	cJSON_ArrayForEach(s, scores) {
		rc = load_rule(s, &v[k], name, k, err, errlen);
		k++;
		if (rc) goto done;
		for (int j = 0; j < k - 1; j++)
			if (!strcmp(v[j].id, v[k - 1].id)) {
				rc = table_fail(err, errlen, QL_EINVALID, "%s: scores[%d].id: \"%s\" used twice",
						name, k - 1, v[k - 1].id);
				goto done;
			}
	}
done:
	cJSON_Delete(root);
	if (rc) { scoring_free(v, k); return rc; }
	*rules = v;
	*n = k;
	return 0;
}

int scoring_load(const char *path, ScoreRule **rules, int *n, char *err, size_t errlen)
{
	size_t len;
	char *json = table_read(path, &len);
	int rc;
	*rules = NULL;
	*n = 0;
	if (!json) return table_fail(err, errlen, QL_EIO, "%s: cannot read the file", table_name(path));
	rc = scoring_load_mem(json, len, table_name(path), rules, n, err, errlen);
	free(json);
	return rc;
}

/* Does item it give a number for every answer? */
static int numeric(const QItem *it)
{
	if (it->type == QT_INTEGER || it->type == QT_DECIMAL) return 1;
	if (it->type != QT_CHOICE || it->n_options == 0) return 0;
	for (int i = 0; i < it->n_options; i++)
		if (!it->options[i].has_ordinal) return 0;
	return 1;
}

int scoring_check(const ScoreRule *rules, int n, const Questionnaire *const *forms,
		  int n_forms, char **report)
{
	Buf b = { 0 };
	int bad = 0;
	if (*report) buf_add(&b, *report);
	for (int i = 0; i < n; i++) {
		const ScoreRule *r = &rules[i];
		const Questionnaire *q = NULL;
		int problem = 0;
		for (int f = 0; f < n_forms; f++)
			if (str_eq(qm_form_key(forms[f]), r->form)) q = forms[f];
		if (!q) {
			buf_addf(&b, "scoring.json: score \"%s\": form %s is not loaded: no score\n", r->id, r->form);
			bad++;
			continue;
		}
		for (int k = 0; k < r->n_items; k++) {
			const QItem *it = qm_find(q, r->items[k]);
			if (!it) {
				buf_addf(&b, "scoring.json: score \"%s\": item \"%s\" is not in %s\n",
					 r->id, r->items[k], q->source ? q->source : r->form);
				problem = 1;
			} else if (!numeric(it)) {
				buf_addf(&b, "scoring.json: score \"%s\": item \"%s\" in %s gives no number "
					 "(needs integer/decimal, or an ordinalValue on every option)\n",
					 r->id, r->items[k], q->source ? q->source : r->form);
				problem = 1;
			}
		}
		bad += problem;
	}
	if (b.len) {
		free(*report);
		*report = buf_take(&b);
	}
	return bad;
}
