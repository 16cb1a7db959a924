/* export/translit.h - UTF-8 to plain ASCII for the clinician summary, which
 * a keyboard-wedge scanner types into any note: accents are dropped
 * (a-acute -> a, n-tilde -> n), typographic punctuation becomes its ASCII
 * look-alike, inverted marks are removed, anything else becomes '?'.
 * Control characters (newlines, tabs) become one space. */
#ifndef EXPORT_TRANSLIT_H
#define EXPORT_TRANSLIT_H
#include "core/util.h"

/* Appends the ASCII form of UTF-8 s (NULL adds nothing) to b. */
void translit_append(Buf *b, const char *s);
/* ASCII copy of s; caller frees with free(). NULL gives "". */
char *translit_ascii(const char *s);
#endif
