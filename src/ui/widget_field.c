/* ui/widget_field.c - a text field: a framed box showing the text (or a
 * muted placeholder), a length counter while typing, and editing of UTF-8
 * text one character at a time. The screen that owns the field keeps its
 * value (in the visit, or ui->edit for staff and number entry). */
#include "ui/ui_int.h"
#include <string.h>

Widget *lay_field(Ui *ui, const char *text, const char *placeholder, int action, int arg)
{
	int empty = !text || !*text;
	Widget *w = lay_button(ui, empty ? (placeholder ? placeholder : "") : text, NULL, WF_FIELD, action, arg);
	if (empty) w->flags |= WF_MUTED;
	return w;
}

void field_counter(Ui *ui, Widget *field, int cur, int max)
{
	char counter[48];
	if (max > 0) snprintf(counter, sizeof counter, "%d / %d", cur, max);
	else snprintf(counter, sizeof counter, "%d", cur);
	free(field->sub);
	field->sub = xstrdup(counter);
	int pad = ui_px(ui, 10), tw = field->r.w - 2 * pad;
	int h = widget_height_for(ui, field->text, F_BUTTON, tw, WF_BUTTON) + widget_height_for(ui, counter, F_SMALL, tw, 0) + 2 * pad;
	if (h > field->r.h) { ui->cursor_y += h - field->r.h; field->r.h = h; }
}

int utf8_chars(const char *s)
{
	int n = 0;
	for (; s && *s; s++) if (((unsigned char)*s & 0xC0) != 0x80) n++;
	return n;
}

char *field_edit(const char *cur, const char *utf8, int max)
{
	Buf b = { 0 };
	buf_add(&b, cur ? cur : "");
	if (!utf8) {   /* delete the last character, not the last byte */
		size_t n = b.len;
		if (n) {
			n--;
			while (n > 0 && ((unsigned char)b.s[n] & 0xC0) == 0x80) n--;
			b.s[n] = 0;
			b.len = n;
		}
	} else if (utf8_valid(utf8, strlen(utf8))) {
		for (const char *p = utf8; *p;) {
			const char *e = p + 1;
			while (*e && ((unsigned char)*e & 0xC0) == 0x80) e++;
			if (utf8_chars(b.s) >= max) break;
			if ((unsigned char)*p >= 0x20 && *p != 0x7F) buf_addn(&b, p, (size_t)(e - p));
			p = e;
		}
	}
	if (!b.s) return xstrdup("");
	return buf_take(&b);
}
