/* export/qr.h - QR pages for the handoff screen: the summary (or FHIR JSON)
 * split into pages that each fit one QR code of at most a given version at
 * error-correction level M in 8-bit mode, and each page encoded as a module
 * matrix the UI scales by an integer and draws with a 4-module quiet zone.
 * No libqrencode types cross this header. */
#ifndef EXPORT_QR_H
#define EXPORT_QR_H

#define QR_DEFAULT_MAX_VERSION 15   /* config qr_max_version */
#define QR_MIN_VERSION 1
#define QR_MAX_VERSION 40

enum { QR_OK = 0, QR_ERR_TOO_LONG = -1, QR_ERR_ENCODE = -2, QR_ERR_ARG = -3 };

typedef struct QrPages {
	char **page;      /* page texts, NUL-terminated; "k/n " prefixed when n > 1 */
	int n;
} QrPages;

/* Splits text into pages that each fit a QR code of version <= max_version
 * (EC level M, 8-bit). With more than one page each starts "k/n " and the
 * split fills each page with whole lines, then whole words of the next
 * line (a word longer than a page is split inside, never inside a UTF-8
 * character).
 * Removing each "k/n " header and joining the pages gives text back exactly.
 * Returns 0, or QR_ERR_ARG for a version out of 1..40; free with
 * qr_pages_free(). */
int qr_split(const char *text, int max_version, QrPages *out);
void qr_pages_free(QrPages *p);
/* Rejoins pages made by qr_split (headers removed); caller frees with free().
 * For tests and for a scanner-side check. */
char *qr_join(const QrPages *p);

/* Encodes text as one QR code (EC M, 8-bit, smallest version that fits).
 * *modules receives width*width bytes, row-major, 1 = dark, 0 = light;
 * caller frees with free(). *version (may be NULL) gets the version used.
 * Returns 0, QR_ERR_TOO_LONG if it needs a version above max_version. */
int qr_encode(const char *text, int max_version, unsigned char **modules, int *width, int *version);
/* Bytes a version-v code holds at EC M in 8-bit mode (0 for a bad v). */
int qr_capacity(int version);
#endif
