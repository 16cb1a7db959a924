/* export/qr.c - see qr.h. Page splitting asks libqrencode whether a page
 * fits (a capacity table alone would miss mode-header details), greedily
 * filling each page with whole lines. */
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

/* Version needed for len bytes of data, 0 when it fits no version. */
static int version_for(const char *data, size_t len)
{
	QRcode *c;
	int v;
	if (len > (size_t)cap_m[39]) return 0;
	c = QRcode_encodeData((int)len, (const unsigned char *)data, 0, QR_ECLEVEL_M);
	if (!c) return 0;
	v = c->version;
	QRcode_free(c);
	return v;
}

int qr_encode(const char *text, int max_version, unsigned char **modules, int *width, int *version)
{
	QRcode *c;
	int i, n;
	*modules = NULL;
	*width = 0;
	if (max_version < QR_MIN_VERSION || max_version > QR_MAX_VERSION) return QR_ERR_ARG;
	if (strlen(text) > (size_t)cap_m[max_version - 1]) return QR_ERR_TOO_LONG;
	c = QRcode_encodeData((int)strlen(text), (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!c) return QR_ERR_ENCODE;
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
	if (scratch->len > (size_t)cap_m[max_version - 1]) return 0;
	v = version_for(scratch->s, scratch->len);
	return v > 0 && v <= max_version;
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
		if (take == 0 && rest > 0) {
			/* A line longer than a page: largest prefix that fits, not
			 * cutting a UTF-8 sequence. */
			size_t lo = 1, hi = rest;
			while (lo < hi) {
				size_t mid = (lo + hi + 1) / 2;
				if (fits(&scratch, hdr, p, mid, max_version)) lo = mid;
				else hi = mid - 1;
			}
			take = lo;
			while (take > 1 && ((unsigned char)p[take] & 0xC0) == 0x80) take--;
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
