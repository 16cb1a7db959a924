/* content/strings.h - UI string catalogs: one flat JSON object per language
 * (assets/strings/<lang>.json), key -> text. Lookups fall back to English,
 * then to the key itself, so a missing string is visible, never a crash. */
#ifndef CONTENT_STRINGS_H
#define CONTENT_STRINGS_H
#include <stddef.h>

typedef struct Strings Strings;

/* Loads every <lang>.json of dir for the languages listed (langs[0] is the
 * fallback). Returns NULL and a message in err on failure. Free with strings_free. */
Strings *strings_load(const char *dir, const char *const *langs, int n, char *err, size_t errlen);
void strings_free(Strings *s);
/* Text for key in lang; never NULL. Owned by s. */
const char *strings_get(const Strings *s, const char *lang, const char *key);
/* 1 if lang has key itself (no fallback). */
int strings_has(const Strings *s, const char *lang, const char *key);
#endif
