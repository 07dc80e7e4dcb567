/* convview.c - the focused conversation's messages, newest at the bottom,
 * with the "new messages" line and the archive loading line */
#include <stdlib.h>
#include <string.h>

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

/* A whole line of text centred between rules, in style. */
static void draw_rule(WINDOW *w, int y, const char *label, enum ui_style style, int cols)
{
	bool u = text_can_utf8();
	int lw = text_width(label, strlen(label)) + 2;
	int left = cols > lw ? (cols - lw) / 2 : 0;
	wmove(w, y, 0);
	wattrset(w, ui_style_attr(style));
	for (int i = 0; i < left; i++)
		waddstr(w, u ? "─" : "-");
	int col = left + draw_str(w, " ", cols - left);
	col += draw_str(w, label, cols - col);
	col += draw_str(w, " ", cols - col);
	for (; col < cols; col++)
		waddstr(w, u ? "─" : "-");
	wattrset(w, A_NORMAL);
}

/* Draw the rows of message i of cv bottom-up from row `row` (-1: its last)
 * ending at line *y, down to line top; moves *y up past what was drawn. Row
 * 0 is the "new messages" line when the marker sits above the message. */
static void draw_message(WINDOW *w, struct conv *cv, const struct room *r, size_t i, int row,
                         int *y, int top)
{
	int cols = getmaxx(w);
	struct styled st = {0};
	struct row_span *rows;
	msgfmt_build_in(&st, cv->msgs[i], r);
	int n = (int)styled_layout(&st, cols, &rows);
	int indent = msgfmt_cont_indent(st.indent, cols);
	int mark = scroll_marker_above(cv, cv->msgs[i]) ? 1 : 0;
	if (row < 0 || row >= n + mark)
		row = n + mark - 1;
	for (; row >= 0 && *y >= top; row--, (*y)--) {
		if (row < mark)
			draw_rule(w, *y, "new messages", ST_TAB_UNREAD, cols);
		else
			draw_row(w, *y, &st, &rows[row - mark], row == mark ? 0 : indent, cols);
	}
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
	int top = 0;
	if (cv->archive_busy && rows >= 2) {
		draw_rule(w, 0,
		          text_can_utf8() ? "loading older messages…" : "loading older messages...",
		          ST_SYSTEM, cols);
		top = 1;
	}
	size_t idx;
	int row, y = rows - 1;
	/* rooms colour nicks and highlight mentions */
	const struct room *r = cv->type == CONV_ROOM ? room_of_conv(cv) : NULL;
	if (scroll_anchor(cv, cols, &idx, &row)) {
		draw_message(w, cv, r, idx, row, &y, top);
		while (y >= top && idx > 0)
			draw_message(w, cv, r, --idx, -1, &y, top);
	}
	wnoutrefresh(w);
	/* The newest message is on screen: the user has seen the chat. */
	if (!scroll_is_up(cv))
		core_mark_seen(cv);
}
