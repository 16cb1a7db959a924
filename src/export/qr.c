/* export/qr.c - see qr.h. Each code is built from segments chosen for the
 * fewest bits (numeric, alphanumeric for upper-case headings, codes and
 * numbers, 8-bit for the rest) with the UTF-8 ECI marker when the text is
 * not ASCII. Page splitting asks libqrencode whether a page fits, greedily
 * filling each page with whole lines, then whole words of the next line. */
#include "export/qr.h"
#include "core/util.h"
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 8-bit data capacity at EC level M, versions 1..40 (ISO/IEC 18004 table 7). */
static const short cap_m[40] = {
	14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
	711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989,
	2099, 2213, 2331,
};

int qr_capacity(int version)
{
	return version >= 1 && version <= 40 ? cap_m[version - 1] : 0;
}

/* ---- segments: the fewest bits for mixed text (ISO/IEC 18004 7.4) ---- */

enum { SEG_NUM, SEG_AN, SEG_BYTE, SEG_N };
static const QRencodeMode seg_mode[SEG_N] = { QR_MODE_NUM, QR_MODE_AN, QR_MODE_8 };

static int is_an(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c && strchr(" $%*+-./:", c));
}

/* Cost in sixths of a bit of one character in mode m (-1: not allowed),
 * and of starting a segment (mode indicator + character count) for the
 * version group g (0: versions 1-9, 1: 10-26, 2: 27-40). */
static int char_cost(int m, unsigned char c)
{
	if (m == SEG_NUM) return c >= '0' && c <= '9' ? 20 : -1;   /* 10 bits per 3 digits */
	if (m == SEG_AN) return is_an(c) ? 33 : -1;                 /* 11 bits per 2 */
	return 48;
}

static int head_cost(int m, int g)
{
	static const int count_bits[SEG_N][3] = { { 10, 12, 14 }, { 9, 11, 13 }, { 8, 16, 16 } };
	return (4 + count_bits[m][g]) * 6;
}

/* Appends data[0..len) to in as the segments that need the fewest bits
 * (dynamic programming over the three modes), sized for version group g.
 * Returns 0 or -1. */
/* The cheapest mode of each character (mode[0..len)) for a version group's
 * count-field sizes: a shortest path over (character, mode). */
static void plan_segments(const unsigned char *data, size_t len, int g, signed char *mode)
{
	long *cost = xmalloc((len + 1) * SEG_N * sizeof *cost);
	signed char *from = xmalloc((len + 1) * SEG_N);
	size_t i;
	int m, k;
	for (m = 0; m < SEG_N; m++) cost[m] = head_cost(m, g);
	for (i = 0; i < len; i++) {
		for (m = 0; m < SEG_N; m++) {
			int c = char_cost(m, data[i]);
			long best = -1;
			int arg = m;
			for (k = 0; c >= 0 && k < SEG_N; k++) {
				long v = i == 0 ? (k == m ? cost[k] : -1) : cost[i * SEG_N + k];
				if (v < 0) continue;
				if (k != m && i > 0) v += head_cost(m, g);
				if (best < 0 || v < best) { best = v; arg = k; }
			}
			cost[(i + 1) * SEG_N + m] = best < 0 ? -1 : best + c;
			from[(i + 1) * SEG_N + m] = (signed char)arg;
		}
	}
	/* walk back to find each character's mode */
	m = SEG_BYTE;
	for (k = 0; k < SEG_N; k++)
		if (cost[len * SEG_N + k] >= 0 && cost[len * SEG_N + k] < cost[len * SEG_N + m]) m = k;
	for (i = len; i > 0; i--) {
		mode[i - 1] = (signed char)m;
		m = from[i * SEG_N + m];
	}
	free(cost);
	free(from);
}

static int append_segments(QRinput *in, const unsigned char *data, size_t len, int g)
{
	signed char *mode = xmalloc(len + 1);
	size_t i, start;
	int rc = 0;
	plan_segments(data, len, g, mode);
	for (start = 0; start < len && rc == 0; start = i) {
		for (i = start; i < len && mode[i] == mode[start]; i++) {}
		rc = QRinput_append(in, seg_mode[(int)mode[start]], (int)(i - start), data + start);
	}
	free(mode);
	return rc;
}

/* Exact length in bits of the bit stream encode_group writes for data (ECI
 * header, then each segment's mode, count and data bits; the terminator and
 * padding are not needed to fit), so the version is known without encoding. */
static long stream_bits(const unsigned char *data, size_t len, int ascii, int g)
{
	static const int count_bits[SEG_N][3] = { { 10, 12, 14 }, { 9, 11, 13 }, { 8, 16, 16 } };
	signed char *mode = xmalloc(len + 1);
	/* ECI 26: 4 + 8 bits in the code, but libqrencode 4.1's version estimate
	 * (which picks the version) also counts its 4 stored bytes as 4 more mode
	 * indicators: 28 bits (measured: 177, not 179, bytes of UTF-8 fit v9) */
	long bits = ascii ? 0 : 4 + 8 + 16;
	size_t i, start;
	plan_segments(data, len, g, mode);
	for (start = 0; start < len; start = i) {
		long n;
		int m = mode[start];
		for (i = start; i < len && mode[i] == m; i++) {}
		n = (long)(i - start);
		bits += 4 + count_bits[m][g];
		bits += m == SEG_NUM ? 10 * (n / 3) + (n % 3 == 1 ? 4 : n % 3 == 2 ? 7 : 0)
		      : m == SEG_AN ? 11 * (n / 2) + 6 * (n % 2) : 8 * n;
	}
	free(mode);
	return bits;
}

/* Data bits a version holds at level M (from its byte capacity: the
 * capacity table counts a 4-bit mode and an 8- or 16-bit count). */
static long data_bits(int v) { return 8L * (cap_m[v - 1] + (v <= 9 ? 2 : 3)); }

static int group_of(int version) { return version <= 9 ? 0 : version <= 26 ? 1 : 2; }

static QRcode *encode_group(const char *data, size_t len, int ascii, int g)
{
	QRcode *c = NULL;
	QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
	if (!in) return NULL;
	if ((ascii || QRinput_appendECIheader(in, 26) == 0) &&
	    (len == 0 || append_segments(in, (const unsigned char *)data, len, g) == 0))
		c = QRcode_encodeInput(in);
	QRinput_free(in);
	return c;
}

/* Encodes data at EC level M: mixed segments, and the ECI marker for UTF-8
 * (26) when the text is not plain ASCII. NULL when it fits no version. The
 * segment choice assumes a version group's count-field sizes (libqrencode
 * writes the right sizes either way); a larger group is tried when the code
 * came out in one. */
static int is_ascii(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) if ((unsigned char)data[i] >= 0x80) return 0;
	return 1;
}

/* Smallest version (at most max) whose data bits hold data's stream, 0 when
 * none does: arithmetic, no encoding (the split tries many lengths). */
static int version_for(const char *data, size_t len, int max)
{
	int ascii = is_ascii(data, len);
	long bits[3] = { -1, -1, -1 };
	for (int v = 1; v <= max; v++) {
		int g = group_of(v);
		if (bits[g] < 0) bits[g] = stream_bits((const unsigned char *)data, len, ascii, g);
		if (bits[g] <= data_bits(v)) return v;
	}
	return 0;
}

static QRcode *encode(const char *data, size_t len)
{
	QRcode *c = NULL;
	int v = version_for(data, len, QR_MAX_VERSION), ascii = is_ascii(data, len);
	if (v > 0) c = encode_group(data, len, ascii, group_of(v));   /* too long for version 40: NULL, nothing encoded */
	return c;
}

int qr_encode(const char *text, int max_version, unsigned char **modules, int *width, int *version)
{
	QRcode *c;
	int i, n;
	*modules = NULL;
	*width = 0;
	if (max_version < QR_MIN_VERSION || max_version > QR_MAX_VERSION) return QR_ERR_ARG;
	c = encode(text, strlen(text));
	if (!c) return strlen(text) > (size_t)cap_m[39] ? QR_ERR_TOO_LONG : QR_ERR_ENCODE;
	if (c->version > max_version) { QRcode_free(c); return QR_ERR_TOO_LONG; }
	n = c->width * c->width;
	*modules = xmalloc((size_t)n);
	for (i = 0; i < n; i++) (*modules)[i] = c->data[i] & 1;
	*width = c->width;
	if (version) *version = c->version;
	QRcode_free(c);
	return QR_OK;
}

/* Does header + body[0..len) fit in max_version? */
static int fits(Buf *scratch, const char *header, const char *body, size_t len, int max_version)
{
	int v;
	scratch->len = 0;
	buf_add(scratch, "");
	buf_add(scratch, header);
	buf_addn(scratch, body, len);
	if (scratch->len > (size_t)cap_m[max_version - 1] * 2) return 0;   /* alphanumeric packs at most 1.45x */
	v = version_for(scratch->s, scratch->len, max_version);
	return v > 0;
}

/* Splits with page headers sized for 'guess' pages; returns the page count. */
static int split(const char *text, int max_version, int guess, QrPages *out)
{
	Buf scratch = {0};
	const char *p = text;
	size_t total = strlen(text);
	char header[32];
	int n = 0;
	/* Same width as the final "k/n " header so the fit test is exact. */
	snprintf(header, sizeof header, "%d/%d ", guess, guess);
	out->page = NULL;
	out->n = 0;
	while (p < text + total || n == 0) {
		size_t take = 0, rest = (size_t)(text + total - p);
		const char *hdr = guess > 1 ? header : "";
		/* Whole lines first. */
		for (;;) {
			const char *nl = memchr(p + take, '\n', rest - take);
			size_t next = nl ? (size_t)(nl - p) + 1 : rest;
			if (next == take || !fits(&scratch, hdr, p, next, max_version)) break;
			take = next;
			if (take == rest) break;
		}
		if (take < rest) {
			/* Fill the rest of the page from the next line: the largest
			 * prefix that fits, cut after a space (else not inside a UTF-8
			 * sequence), so every code is full and the text joins back. */
			size_t lo = take, hi = rest, cut;
			while (lo < hi) {
				size_t mid = (lo + hi + 1) / 2;
				if (fits(&scratch, hdr, p, mid, max_version)) lo = mid;
				else hi = mid - 1;
			}
			cut = lo;
			while (cut > take && p[cut - 1] != ' ' && p[cut - 1] != '\n') cut--;
			if (cut > take) take = cut;
			else if (take == 0) {
				take = lo > 0 ? lo : 1;
				while (take > 1 && ((unsigned char)p[take] & 0xC0) == 0x80) take--;
			}
		}
		out->page = xrealloc(out->page, sizeof *out->page * (size_t)(n + 1));
		out->page[n++] = xstrndup(p, take);
		p += take;
		if (rest == 0) break;
	}
	out->n = n;
	buf_free(&scratch);
	return n;
}

int qr_split(const char *text, int max_version, QrPages *out)
{
	int guess = 1, n, i;
	out->page = NULL;
	out->n = 0;
	if (max_version < QR_MIN_VERSION || max_version > QR_MAX_VERSION || !text) return QR_ERR_ARG;
	for (;;) {
		n = split(text, max_version, guess, out);
		/* Headers sized for 'guess' pages must be at least as wide as the
		 * real ones; when the count needs more digits, split again. */
		if (n == 1 || (guess > 1 && snprintf(NULL, 0, "%d", n) <= snprintf(NULL, 0, "%d", guess)))
			break;
		qr_pages_free(out);
		guess = n;
	}
	if (n > 1) {
		for (i = 0; i < n; i++) {
			Buf b = {0};
			buf_addf(&b, "%d/%d ", i + 1, n);
			buf_add(&b, out->page[i]);
			free(out->page[i]);
			out->page[i] = buf_take(&b);
		}
	}
	return QR_OK;
}

void qr_pages_free(QrPages *p)
{
	int i;
	for (i = 0; i < p->n; i++) free(p->page[i]);
	free(p->page);
	p->page = NULL;
	p->n = 0;
}

char *qr_join(const QrPages *p)
{
	Buf b = {0};
	int i;
	buf_add(&b, "");
	for (i = 0; i < p->n; i++) {
		const char *s = p->page[i];
		if (p->n > 1) {
			const char *sp = strchr(s, ' ');
			s = sp ? sp + 1 : s;
		}
		buf_add(&b, s);
	}
	return buf_take(&b);
}
