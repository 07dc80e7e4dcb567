/* rosterpane.c - the roster pane on the left, with its separator */
#include <stdio.h>
#include <stdlib.h>

#include "uipriv.h"

/* The sorted rows, rebuilt only after roster_changed (thousands of contacts
 * must not be sorted on every draw). */
static struct roster_row *rows;
static size_t nrows;
static bool stale = true;

/* The roster changed: sort it again before the next draw. */
void rosterpane_stale(void)
{
	stale = true;
}

/* Free the sorted rows. */
void rosterpane_free(void)
{
	free(rows);
	rows = NULL;
	nrows = 0;
	stale = true;
}

/* Sort the roster into rows again. */
static void rebuild(void)
{
	size_t n;
	struct contact **items = roster_items(&n);
	free(rows);
	nrows = rosterlist_build(items, n, &rows);
	stale = false;
}

/* Colour of a presence glyph. */
static enum ui_style glyph_style(enum show s)
{
	switch (s) {
	case SHOW_CHAT:
	case SHOW_ONLINE:
		return ST_ONLINE;
	case SHOW_AWAY:
	case SHOW_XA:
		return ST_AWAY;
	case SHOW_DND:
		return ST_DND;
	case SHOW_OFFLINE:
		break;
	}
	return ST_OFFLINE;
}

/* One row: a bold group name, or " ● label" with offline contacts dimmed. */
static void draw_row(WINDOW *w, int y, const struct roster_row *r, int cols)
{
	wmove(w, y, 0);
	if (r->c == NULL) {
		wattrset(w, ui_style_attr(ST_GROUP));
		draw_str(w, r->group, cols);
		wattrset(w, A_NORMAL);
		return;
	}
	int col = draw_str(w, " ", cols);
	wattrset(w, ui_style_attr(glyph_style(r->show)));
	col += draw_str(w, rosterlist_glyph(r->show), cols - col);
	wattrset(w, ui_style_attr(r->show == SHOW_OFFLINE ? ST_OFFLINE : ST_NORMAL));
	col += draw_str(w, " ", cols - col);
	draw_str(w, contact_label(r->c), cols - col);
	wattrset(w, A_NORMAL);
}

/* Draw the roster pane. */
void rosterpane_draw(WINDOW *w)
{
	if (stale)
		rebuild();
	int height, width;
	getmaxyx(w, height, width);
	int cols = width - 1; /* the last column is the separator */
	werase(w);
	for (int y = 0; y < height && (size_t)y < nrows; y++) {
		if (y == height - 1 && nrows > (size_t)height) {
			char more[32];
			snprintf(more, sizeof(more), " +%zu more", nrows - (size_t)y);
			wmove(w, y, 0);
			wattrset(w, ui_style_attr(ST_MORE));
			draw_str(w, more, cols);
			wattrset(w, A_NORMAL);
			break;
		}
		draw_row(w, y, &rows[y], cols);
	}
	mvwvline(w, 0, width - 1, ACS_VLINE, height);
	wnoutrefresh(w);
}
