/* export/summary.h - the clinician summary, written for the scan: UTF-8
 * text in the clinic's language that a 2D scanner types into a note or a
 * phone shows. One line per section, no fixed wrapping (the note wraps):
 * header (date, time with UTC offset, kiosk, visit code), identifiers,
 * safety lines first, then scores, what the patient wants to discuss, goals,
 * side effects, medicines, other answers, agreement reading time. Sections
 * come from the content's marks (urn:accord:summary, urn:accord:alert,
 * urn:accord:summary-label; docs/questionnaires.md), never from linkIds.
 * Only enabled, answered items appear. Pure: no I/O; the words come from the
 * string catalog through a callback. */
#ifndef EXPORT_SUMMARY_H
#define EXPORT_SUMMARY_H
#include "core/record.h"

/* Looks up a catalog string ("summary.goals" ...); returns NULL when the
 * catalog has none, and the built-in English text is used. The key list is
 * assets/strings/summary-keys.md. */
typedef const char *(*SummaryLabel)(void *ctx, const char *key);

/* Builds the summary of r. lang is the clinic's language (item and option
 * texts are taken in it); label may be NULL (English). The time is the
 * completion time (else the start) in local time with its UTC offset.
 * Returns NUL-terminated UTF-8, lines ending in '\n'; caller frees with
 * free(). */
char *summary_build(const VisitRecord *r, const char *lang, SummaryLabel label, void *ctx);
#endif
