/* export/summary.h - the clinician summary: compact plain ASCII text in the
 * clinic's language, lines of at most SUMMARY_WIDTH characters, made to be
 * typed into a note by a keyboard-wedge QR scanner. Order: header line,
 * identifiers, scores, safety lines, goals, side effects, other answers,
 * agreement clauses to discuss, reading time. Only enabled items appear.
 * Pure: no I/O; the words come from the string catalog through a callback. */
#ifndef EXPORT_SUMMARY_H
#define EXPORT_SUMMARY_H
#include "core/record.h"

#define SUMMARY_WIDTH 40

/* Looks up a catalog string ("summary.goals" ...); returns NULL when the
 * catalog has none, and the built-in English text is used. The key list is
 * assets/strings/summary-keys.md. */
typedef const char *(*SummaryLabel)(void *ctx, const char *key);

/* Builds the summary of r. lang is the clinic's language (item and option
 * texts are taken in it); label may be NULL (English). Times are local time.
 * Returns a NUL-terminated ASCII string, lines ending in '\n'; caller frees
 * with free(). */
char *summary_build(const VisitRecord *r, const char *lang, SummaryLabel label, void *ctx);
#endif
