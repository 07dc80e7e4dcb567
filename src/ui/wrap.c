/* wrap.c - wrapping text into rows and scrolling one line horizontally */
#include <stdint.h>
#include <stdlib.h>

#include "uitext.h"
#include "utf8.h"

/* Bytes and columns of the character at s. */
int text_cell(const char *s, size_t len, int *cols, bool *bad)
{
	uint32_t cp;
	int n = utf8_decode(s, len, &cp);
	/* Controls never reach curses as such: the drawer shows them as '?'. */
	bool b = n < 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
	if (bad)
		*bad = b;
	*cols = b ? 1 : utf8_cpwidth(cp);
	return n < 0 ? 1 : n;
}

/* True when the locale is multibyte, which for natter means UTF-8. */
bool text_can_utf8(void)
{
	return MB_CUR_MAX > 1;
}

/* Columns of the first len bytes of s. */
int text_width(const char *s, size_t len)
{
	int total = 0;
	size_t i = 0;
	while (i < len) {
		int w;
		i += (size_t)text_cell(s + i, len - i, &w, NULL);
		total += w;
	}
	return total;
}

/* Lay out one row of s starting at pos. */
size_t wrap_row(const char *s, size_t len, size_t pos, int width, size_t min_brk, size_t *next)
{
	size_t i = pos, last_sp = pos;
	int col = 0;
	while (i < len) {
		if (s[i] == '\n') {
			*next = i + 1;
			return i;
		}
		int w;
		int n = text_cell(s + i, len - i, &w, NULL);
		if (col + w > width) {
			if (s[i] == ' ') {
				*next = i + 1;
				return i;
			}
			if (last_sp > pos) {
				*next = last_sp + 1;
				return last_sp;
			}
			/* Nothing fits: take one character so the caller moves on. */
			if (i == pos)
				i += (size_t)n;
			*next = i;
			return i;
		}
		if (s[i] == ' ' && i >= min_brk)
			last_sp = i;
		col += w;
		i += (size_t)n;
	}
	*next = len;
	return len;
}

/* Keep the cursor inside the visible part of a scrolled line. */
int hscroll_offset(int cursor, int total, int avail, int offset)
{
	if (avail < 1)
		return cursor;
	/* The cursor may sit one column past the text, so the text fits when
	 * it is shorter than the window. */
	if (total < avail)
		return 0;
	/* No empty columns at the right while text is hidden at the left. */
	if (offset > total - avail + 1)
		offset = total - avail + 1;
	if (offset > cursor) {
		offset = cursor - avail / 2;
		if (offset < 0)
			offset = 0;
	}
	if (cursor > offset + avail - 1)
		offset = cursor - avail + 1;
	return offset;
}
