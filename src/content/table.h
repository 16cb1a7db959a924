/* content/table.h - what the small JSON tables beside the forms
 * (scoring.json, safety.json) share: reading the file, the checks every
 * table gets (size, UTF-8, JSON, "format", its array of rows) and error
 * messages that name the file. */
#ifndef CONTENT_TABLE_H
#define CONTENT_TABLE_H
#include <stddef.h>

struct cJSON;

/* Writes the message into err (may be NULL) and returns rc. */
int table_fail(char *err, size_t errlen, int rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Parses json[0..len) (name is for messages): at most QL_MAX_BYTES, UTF-8,
 * JSON, "format" equal to format, and key an array. Returns 0 with *root
 * (free with cJSON_Delete) and *rows (borrowed from it), or a negative QL_E*
 * with *root NULL and a message in err. */
int table_parse(const char *json, size_t len, const char *name, const char *format, const char *key,
		struct cJSON **root, const struct cJSON **rows, char *err, size_t errlen);

/* The file at path (at most QL_MAX_BYTES + 1 bytes, so a larger one is
 * refused by table_parse), malloc'd with its length in *len; NULL when it
 * cannot be read. */
char *table_read(const char *path, size_t *len);

/* The file name of path, for messages. */
const char *table_name(const char *path);
#endif
