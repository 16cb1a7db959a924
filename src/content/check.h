/* content/check.h - whole content sets: `accord check PATH...` (validate
 * questionnaires, agreement packs and the scoring table, one line per file)
 * and loading the forms a kiosk serves from a directory, keeping the usable
 * ones and telling staff why the others were left out. */
#ifndef CONTENT_CHECK_H
#define CONTENT_CHECK_H
#include <stdio.h>
#include "core/qmodel.h"

/* Validates each path (a file, or a directory walked one level down into its
 * subdirectories). A .json file is an agreement pack when it sits in an
 * agreement/ directory or says "format": "accord-agreement/1"; a scoring
 * table when it is scoring.json or says "accord-scoring/1" (its rules are
 * checked against the questionnaires of the same directory); likewise the
 * safety table (safety.json or "accord-safety/1"); order.json is
 * checked for missing files; anything else with a resourceType is a
 * Questionnaire. Prints to out one line per file:
 *   OK path (N items[, M warnings])      followed by the warnings, indented,
 *                                        and for a Questionnaire its patient effort
 *                                        (words, taps, minutes; each language)
 *   UNUSABLE path: reason                followed by further reasons, indented
 *   SKIP path: what it is not
 * Returns 0 when everything is usable, 1 otherwise. */
int content_check(const char *const *paths, int n, FILE *out);

/* Loads the forms of a content directory: the files listed in dir/order.json
 * ({"forms": ["peg.json", ...]}) or, without it, every *.json in dir except
 * scoring.json, safety.json and order.json, sorted by name. Keeps the usable forms in
 * *forms (*n of them; free each with questionnaire_free and the array with
 * free) and appends every warning, and the reasons of the forms left out, to
 * *report (malloc'd, caller frees; untouched when there is nothing to say).
 * Returns 0, or QL_EIO when dir or its order.json cannot be read (*forms
 * NULL, *n 0, the reason in *report). */
int content_load_forms(const char *dir, Questionnaire ***forms, int *n, char **report);
#endif
