/* export/translit.c - see translit.h. A small table covers Latin-1, Latin
 * Extended-A (the letters of the clinic languages we expect) and common
 * punctuation; it is data, not a general Unicode library. */
#include "export/translit.h"
#include <stdlib.h>
#include <string.h>

/* U+00C0..U+017F: ASCII replacement for each code point ("" drops it). */
static const char *const latin[] = {
	/* C0 */ "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
	/* D0 */ "D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
	/* 110 */ "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
	/* 120 */ "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
	/* 130 */ "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
	/* 140 */ "l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",
	/* 150 */ "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
	/* 160 */ "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
	/* 170 */ "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

/* Other code points worth a look-alike. */
static const struct { unsigned cp; const char *s; } other[] = {
	{0xA0, " "}, {0xA1, ""}, {0xBF, ""}, {0xAB, "\""}, {0xBB, "\""}, {0xB0, " deg"},
	{0xB1, "+/-"}, {0xB2, "2"}, {0xB3, "3"}, {0xB7, "."}, {0xBD, "1/2"}, {0xBC, "1/4"},
	{0xBE, "3/4"}, {0xA9, "(c)"}, {0xAE, "(R)"}, {0xD7, "x"}, {0xAA, "a"}, {0xBA, "o"},
	{0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"}, {0x2013, "-"}, {0x2014, "-"}, {0x2015, "-"},
	{0x2018, "'"}, {0x2019, "'"}, {0x201A, "'"}, {0x201B, "'"}, {0x201C, "\""}, {0x201D, "\""},
	{0x201E, "\""}, {0x2022, "*"}, {0x2026, "..."}, {0x2032, "'"}, {0x2033, "\""},
	{0x2039, "<"}, {0x203A, ">"}, {0x20AC, "EUR"}, {0x2122, "TM"}, {0x2190, "<-"},
	{0x2192, "->"}, {0x2264, "<="}, {0x2265, ">="}, {0x2212, "-"}, {0x2009, " "},
	{0x200B, ""}, {0xFEFF, ""}, {0x00AD, ""},
};

/* Decodes one UTF-8 sequence at s; returns its length (1 for an invalid byte,
 * with *cp = 0xFFFD). */
static int decode(const unsigned char *s, unsigned *cp)
{
	int n, i;
	unsigned c = s[0];
	if (c < 0x80) { *cp = c; return 1; }
	if ((c & 0xE0) == 0xC0) { n = 2; c &= 0x1F; }
	else if ((c & 0xF0) == 0xE0) { n = 3; c &= 0x0F; }
	else if ((c & 0xF8) == 0xF0) { n = 4; c &= 0x07; }
	else { *cp = 0xFFFD; return 1; }
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return n;
}

void translit_append(Buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;
	if (!s) return;
	while (*p) {
		unsigned cp;
		int n = decode(p, &cp);
		p += n;
		if (cp < 0x20 || cp == 0x7F) { buf_addc(b, ' '); continue; }
		if (cp < 0x7F) { buf_addc(b, (char)cp); continue; }
		if (cp >= 0xC0 && cp <= 0x17F) { buf_add(b, latin[cp - 0xC0]); continue; }
		if (cp >= 0x300 && cp <= 0x36F) continue;   /* combining accents */
		for (i = 0; i < sizeof other / sizeof other[0]; i++)
			if (other[i].cp == cp) break;
		if (i < sizeof other / sizeof other[0]) buf_add(b, other[i].s);
		else buf_addc(b, '?');
	}
}

char *translit_ascii(const char *s)
{
	Buf b = {0};
	buf_add(&b, "");
	translit_append(&b, s);
	return buf_take(&b);
}
