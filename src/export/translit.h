/* export/translit.h - UTF-8 to ASCII for old keyboard-wedge scanners that
 * cannot type UTF-8 (qr_charset = ascii-marked). Meaning is never changed
 * silently: every replaced letter is marked where it stands, "años" becomes
 * "a{n~}os", "¿Qué?" becomes "{?}Qu{e'}?", an unknown character "{U+263A}".
 * Typographic punctuation becomes its plain look-alike (curly quotes,
 * dashes, ellipsis, no-break space); line breaks stay. */
#ifndef EXPORT_TRANSLIT_H
#define EXPORT_TRANSLIT_H

/* ASCII copy of UTF-8 s with replaced letters marked; caller frees with
 * free(). NULL gives "". An invalid byte becomes "{?}". */
char *translit_marked(const char *s);
#endif
