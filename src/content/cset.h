/* content/cset.h - signed content sets: the clinic's agreement packs, string
 * catalogs, scoring table and non-secret settings in one file signed with
 * ed25519 (libsodium), plus the canonical URL and version of each
 * Questionnaire the kiosk takes from the clinic's FHIR server.
 *
 * The signed file (what IT publishes, e.g. as a FHIR Binary):
 *   {"format": "accord-signed/1", "key": "<base64 public key>",
 *    "signature": "<base64 detached ed25519 signature of the payload bytes>",
 *    "payload": "<base64 of the manifest JSON>"}
 * The manifest (the payload):
 *   {"format": "accord-content/1", "version": "2026-12-01.1",
 *    "questionnaires": [{"file": "peg.json", "url": "<canonical>", "version": "1.0.0"}],
 *    "files": {"agreement/en.json": "<file text>", "strings/es.json": "...", ...},
 *    "settings": {"idle_warn_seconds": "120", ...}}
 * See docs/it-guide.md, "Running ten kiosks". */
#ifndef CONTENT_CSET_H
#define CONTENT_CSET_H
#include <stddef.h>

#define CSET_FORMAT "accord-content/1"
#define CSET_SIGNED_FORMAT "accord-signed/1"
#define CSET_MAX_BYTES (8u * 1024u * 1024u)   /* a larger signed file is refused */
#define CSET_PUB_B64 64     /* buffer for a base64 public key (44 chars + NUL) */
#define CSET_SEC_B64 128    /* buffer for a base64 secret key (88 chars + NUL) */

enum {
	CSET_OK = 0,
	CSET_EIO = -1,       /* a file cannot be read or written */
	CSET_EJSON = -2,     /* not the JSON shape described above */
	CSET_EKEY = -3,      /* signed by a key this kiosk does not trust, or a bad key */
	CSET_ESIG = -4,      /* the signature does not match the payload */
	CSET_ESCHEMA = -5    /* a valid signature over a manifest with a bad field */
};

typedef struct CsetForm {
	char *file;                /* name under questionnaires/, e.g. "peg.json" */
	char *url, *version;       /* the Questionnaire's canonical url and version */
} CsetForm;

typedef struct Cset {
	char *version;             /* the content set's version (safe as a directory name) */
	CsetForm *forms; int n_forms;
	char **paths, **texts; int n_files;      /* files: relative path -> text */
	char **keys, **values; int n_settings;   /* settings, as config lines */
} Cset;

/* A new key pair, both base64. Returns 0. */
int cset_keygen(char pub[CSET_PUB_B64], char sec[CSET_SEC_B64]);

/* Signs manifest (its exact bytes) with the base64 secret key. Returns 0 and
 * the signed file's text in *out (malloc'd; caller frees), or a CSET_E* code
 * and a message in err. */
int cset_sign(const char *manifest, const char *sec, char **out, char *err, size_t errlen);

/* Checks a signed file: its signature must verify with its key, and its key
 * must be one of trusted (comma-separated base64 public keys). Returns 0 and
 * the manifest text in *manifest (malloc'd; caller frees), or a CSET_E* code
 * and a message in err. */
int cset_verify(const char *signed_text, size_t len, const char *trusted, char **manifest, char *err, size_t errlen);

/* Parses a manifest (paths must be strings/, agreement/ or questionnaires/
 * followed by a plain *.json name; the version a plain name). Returns 0 and
 * *out (free with cset_free), or CSET_EJSON/CSET_ESCHEMA and a message. */
int cset_parse(const char *manifest, Cset **out, char *err, size_t errlen);
void cset_free(Cset *c);

/* Builds a manifest from a source directory: dir/content.json gives
 * "version", "questionnaires" and "settings"; every *.json under dir/strings,
 * dir/agreement and dir/questionnaires becomes a file. Returns 0 and the
 * manifest text in *out (malloc'd; caller frees), or a CSET_E* code. */
int cset_build(const char *dir, char **out, char *err, size_t errlen);

/* Writes c's files, settings.conf and manifest.json under dir (which must
 * exist). Questionnaires fetched from a server are written by the caller. */
int cset_write(const Cset *c, const char *manifest, const char *dir, char *err, size_t errlen);

/* Reads a file of at most CSET_MAX_BYTES (+ one chunk); NULL when it cannot
 * be read. *len (may be NULL) gets its length. Caller frees. */
char *cset_slurp(const char *path, size_t *len);

/* 1 when name is a safe relative path of a content file (see cset_parse). */
int cset_path_ok(const char *path);
#endif
