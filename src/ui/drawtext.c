/* drawtext.c - putting UTF-8 text into a window without overrunning it */
#include <string.h>

#include "uipriv.h"

/* Draw len bytes of s at the cursor in at most cols columns. */
int draw_text(WINDOW *w, const char *s, size_t len, int cols)
{
	int used = 0;
	size_t i = 0;
	while (i < len) {
		int cw;
		bool bad;
		int n = text_cell(s + i, len - i, &cw, &bad);
		/* Never split a wide character at the edge. */
		if (used + cw > cols)
			break;
		if (bad)
			waddch(w, '?');
		else
			waddnstr(w, s + i, n);
		used += cw;
		i += (size_t)n;
	}
	return used;
}

/* draw_text() of a NUL-terminated string. */
int draw_str(WINDOW *w, const char *s, int cols)
{
	return draw_text(w, s, strlen(s), cols);
}

/* Write n spaces at the cursor. */
void draw_spaces(WINDOW *w, int n)
{
	while (n-- > 0)
		waddch(w, ' ');
}
