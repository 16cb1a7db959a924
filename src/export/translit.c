/* export/translit.c - see translit.h. Small tables cover Latin-1 and Latin
 * Extended-A (the letters of the clinic languages we expect) and common
 * punctuation; they are data, not a general Unicode library. */
#include "export/translit.h"
#include "core/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* U+00C0..U+00FF: base letter and its mark (` ' ^ ~ " o , / -), shown in braces. */
static const char *const latin1[] = {
	/* C0 */ "A`", "A'", "A^", "A~", "A\"", "Ao", "AE", "C,", "E`", "E'", "E^", "E\"", "I`", "I'", "I^", "I\"",
	/* D0 */ "D-", "N~", "O`", "O'", "O^", "O~", "O\"", "x", "O/", "U`", "U'", "U^", "U\"", "Y'", "Th", "ss",
	/* E0 */ "a`", "a'", "a^", "a~", "a\"", "ao", "ae", "c,", "e`", "e'", "e^", "e\"", "i`", "i'", "i^", "i\"",
	/* F0 */ "d-", "n~", "o`", "o'", "o^", "o~", "o\"", "/", "o/", "u`", "u'", "u^", "u\"", "y'", "th", "y\"",
};

/* U+0100..U+017F: the base letter (shown in braces: "{c}" for c-caron). */
static const char *const latin_a[] = {
	"A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
	"D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
	"G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
	"I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
	"l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",
	"O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
	"S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
	"U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

/* Punctuation with a plain look-alike (no mark: the meaning is the same);
 * "{...}" entries are marked replacements. */
static const struct { unsigned cp; const char *s; } other[] = {
	{0xA0, " "}, {0xA1, "{!}"}, {0xBF, "{?}"}, {0xAB, "\""}, {0xBB, "\""}, {0xB0, "{deg}"},
	{0xB1, "+/-"}, {0xB7, "."}, {0xBD, "{1/2}"}, {0xBC, "{1/4}"}, {0xBE, "{3/4}"},
	{0xAA, "{a}"}, {0xBA, "{o}"},
	{0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"}, {0x2013, "-"}, {0x2014, "-"}, {0x2015, "-"},
	{0x2018, "'"}, {0x2019, "'"}, {0x201A, "'"}, {0x201B, "'"}, {0x201C, "\""}, {0x201D, "\""},
	{0x201E, "\""}, {0x2022, "*"}, {0x2026, "..."}, {0x2032, "'"}, {0x2033, "\""},
	{0x2039, "<"}, {0x203A, ">"}, {0x2212, "-"}, {0x2009, " "}, {0x200B, ""}, {0xFEFF, ""}, {0x00AD, ""},
};

/* Decodes one UTF-8 sequence at s; returns its length, or -1 for an invalid byte. */
static int decode(const unsigned char *s, unsigned *cp)
{
	int n, i;
	unsigned c = s[0];
	if (c < 0x80) { *cp = c; return 1; }
	if ((c & 0xE0) == 0xC0) { n = 2; c &= 0x1F; }
	else if ((c & 0xF0) == 0xE0) { n = 3; c &= 0x0F; }
	else if ((c & 0xF8) == 0xF0) { n = 4; c &= 0x07; }
	else return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

char *translit_marked(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	Buf b = {0};
	size_t i;
	buf_add(&b, "");
	while (*p) {
		unsigned cp;
		int n = decode(p, &cp);
		if (n < 0) { buf_add(&b, "{?}"); p++; continue; }
		p += n;
		if (cp == '\n') { buf_addc(&b, '\n'); continue; }
		if (cp < 0x20 || cp == 0x7F) { buf_addc(&b, ' '); continue; }
		if (cp < 0x7F) { buf_addc(&b, (char)cp); continue; }
		if (cp >= 0xC0 && cp <= 0xFF) { buf_addf(&b, "{%s}", latin1[cp - 0xC0]); continue; }
		if (cp >= 0x100 && cp <= 0x17F) { buf_addf(&b, "{%s}", latin_a[cp - 0x100]); continue; }
		for (i = 0; i < sizeof other / sizeof other[0]; i++)
			if (other[i].cp == cp) break;
		if (i < sizeof other / sizeof other[0]) buf_add(&b, other[i].s);
		else buf_addf(&b, "{U+%04X}", cp);
	}
	return buf_take(&b);
}
