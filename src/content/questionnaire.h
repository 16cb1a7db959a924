/* content/questionnaire.h - loads a FHIR R4 Questionnaire (JSON) into the
 * core/qmodel.h model, checking it against the subset Accord runs (see
 * docs/questionnaires.md). Unsupported parts are reported, never silently
 * dropped: a warning when the form stays usable, an error when it does not.
 * No cJSON type leaves content/. */
#ifndef CONTENT_QUESTIONNAIRE_H
#define CONTENT_QUESTIONNAIRE_H
#include <stddef.h>
#include "core/qmodel.h"

#define QL_MAX_BYTES   (4u * 1024u * 1024u)   /* larger files are refused */
#define QL_MAX_STRING  (64u * 1024u)          /* longest string the model takes */
#define QL_MAX_DEPTH   32                     /* item levels */
#define QL_MAX_JSON_DEPTH 128                 /* JSON nesting, checked before parsing */
#define QL_MAX_ITEMS   2000
#define QL_MAX_ERRORS  20                     /* reasons listed per unusable form */

enum {
	QL_OK = 0,
	QL_EIO = -1,          /* cannot open or read the file */
	QL_ETOOBIG = -2,      /* over QL_MAX_BYTES */
	QL_EUTF8 = -3,        /* not valid UTF-8 */
	QL_EJSON = -4,        /* malformed JSON (or nested too deep) */
	QL_EINVALID = -5,     /* valid JSON, but not a usable Questionnaire */
};

/* Loads the Questionnaire in the file at path. Returns 0 and *out (free with
 * questionnaire_free) when the form is usable; then *report is NULL or a
 * malloc'd list of warnings, one per line, each naming the file, JSON path
 * and linkId and saying the form is still usable. Returns a negative QL_E*
 * with *out NULL and the reason(s), one per line, in *report when the form is
 * unusable. The caller frees *report with free(). report may be NULL. */
int questionnaire_load(const char *path, Questionnaire **out, char **report);

/* As questionnaire_load, from json[0..len) (need not be NUL-terminated);
 * name is used in messages and as Questionnaire.source. */
int questionnaire_load_mem(const char *json, size_t len, const char *name,
			   Questionnaire **out, char **report);

/* Number of lines (warnings or errors) in a report; 0 for NULL. */
int questionnaire_report_lines(const char *report);

#endif
