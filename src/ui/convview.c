/* convview.c - the focused conversation's messages, newest at the bottom */
#include <stdlib.h>

#include "uipriv.h"

/* Draw row r of a laid-out message at line y, style by style. */
static void draw_row(WINDOW *w, int y, const struct styled *st, const struct row_span *r,
                     int indent, int cols)
{
	const char *s = strbuf_str(&st->text);
	int col = indent;
	size_t i = r->start;
	wmove(w, y, indent);
	while (i < r->end && col < cols) {
		size_t end;
		enum ui_style style = styled_run(st, i, &end);
		if (end > r->end)
			end = r->end;
		wattrset(w, ui_style_attr(style));
		int got = draw_text(w, s + i, end - i, cols - col);
		col += got;
		/* A character that did not fit ends the row. */
		if (got < text_width(s + i, end - i))
			break;
		i = end;
	}
	wattrset(w, A_NORMAL);
}

/* Draw message m's rows bottom-up from row `row` (-1: its last) ending at
 * line *y; moves *y up past what was drawn. */
static void draw_message(WINDOW *w, const struct message *m, int row, int *y, int cols)
{
	struct styled st = {0};
	struct row_span *rows;
	msgfmt_build(&st, m);
	int n = (int)styled_layout(&st, cols, &rows);
	int indent = msgfmt_cont_indent(st.indent, cols);
	if (row < 0 || row >= n)
		row = n - 1;
	for (; row >= 0 && *y >= 0; row--, (*y)--)
		draw_row(w, *y, &st, &rows[row], row == 0 ? 0 : indent, cols);
	free(rows);
	styled_free(&st);
}

/* The completion hint on the last line of the view. */
static void draw_hint(WINDOW *w, int y, const char *hint, int cols)
{
	wmove(w, y, 0);
	wattrset(w, ui_style_attr(ST_HINT));
	draw_str(w, hint, cols);
	wattrset(w, A_NORMAL);
}

/* Draw the focused conversation. */
void convview_draw(WINDOW *w)
{
	int height, cols;
	getmaxyx(w, height, cols);
	werase(w);
	const char *hint = complete_hint();
	int rows = height;
	if (hint && height >= 2) {
		rows = height - 1;
		draw_hint(w, rows, hint, cols);
	}
	struct conv *cv = conv_focused();
	size_t idx;
	int row, y = rows - 1;
	if (scroll_anchor(cv, cols, &idx, &row)) {
		draw_message(w, cv->msgs[idx], row, &y, cols);
		while (y >= 0 && idx > 0)
			draw_message(w, cv->msgs[--idx], -1, &y, cols);
	}
	wnoutrefresh(w);
}
