/* content/table.c - see table.h. */
#include "content/table.h"
#include "content/questionnaire.h"
#include "core/util.h"
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int table_fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;
	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int table_parse(const char *json, size_t len, const char *name, const char *format, const char *key,
		cJSON **root, const cJSON **rows, char *err, size_t errlen)
{
	const char *end = NULL;
	const cJSON *fmt;
	*root = NULL;
	*rows = NULL;
	if (len > QL_MAX_BYTES) return table_fail(err, errlen, QL_ETOOBIG, "%s: file too big", name);
	if (!utf8_valid(json, len)) return table_fail(err, errlen, QL_EUTF8, "%s: not valid UTF-8", name);
	*root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	if (!*root)
		return table_fail(err, errlen, QL_EJSON, "%s: malformed JSON at byte %zu", name,
				  end && end >= json && end <= json + len ? (size_t)(end - json) : len);
	fmt = cJSON_GetObjectItemCaseSensitive(*root, "format");
	*rows = cJSON_GetObjectItemCaseSensitive(*root, key);
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, format) != 0) {
		table_fail(err, errlen, QL_EINVALID, "%s: format: expected \"%s\"", name, format);
		goto fail;
	}
	if (!cJSON_IsArray(*rows)) {
		table_fail(err, errlen, QL_EINVALID, "%s: %s: missing or not an array", name, key);
		goto fail;
	}
	return 0;
fail:
	cJSON_Delete(*root);
	*root = NULL;
	*rows = NULL;
	return QL_EINVALID;
}

char *table_read(const char *path, size_t *len)
{
	return read_file(path, QL_MAX_BYTES, len);
}

const char *table_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}
