/* layout.c - the windows: tab bar, roster | view, status line, input line */
#include "settings.h"
#include "uipriv.h"

/* Below this the panes do not fit and one "terminal too small" line is shown. */
enum { MIN_ROWS = 4, MIN_COLS = 10 };

static struct layout lay;
/* The roster_width setting the windows were made for. */
static long built_roster_width = -1;

/* Current layout. */
const struct layout *layout_get(void)
{
	return &lay;
}

/* Delete one window and clear the pointer. */
static void win_free(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

/* Delete the windows. */
void layout_free(void)
{
	win_free(&lay.tabbar);
	win_free(&lay.roster);
	win_free(&lay.view);
	win_free(&lay.status);
	win_free(&lay.input);
}

/* Columns of the roster pane (separator included), 0 when hidden. */
static int roster_cols(int cols)
{
	long w = setting_int("roster_width");
	if (w <= 0 || (long)cols < 3 * w)
		return 0;
	return (int)w;
}

/* A pane of the full layout. Memory: a subwindow of stdscr shares stdscr's
 * cells instead of allocating its own (cols x rows x sizeof(cchar_t), 280 KB
 * on a 200x50 screen); the panes tile the screen and stdscr itself is only
 * drawn in the too-small layout, which uses newwin. */
static WINDOW *pane_new(int rows, int cols, int y, int x)
{
	return subwin(stdscr, rows, cols, y, x);
}

/* Recreate the windows for a rows x cols screen. */
void layout_build(int rows, int cols)
{
	layout_free();
	lay.rows = rows;
	lay.cols = cols;
	built_roster_width = setting_int("roster_width");
	lay.too_small = rows < MIN_ROWS || cols < MIN_COLS;
	if (lay.too_small) {
		/* Keep the input line so that /quit can still be typed. */
		if (rows >= 2 && cols >= 1)
			lay.input = newwin(1, cols, rows - 1, 0);
		return;
	}
	int main_rows = rows - 3;
	int rw = roster_cols(cols);
	lay.tabbar = pane_new(1, cols, 0, 0);
	if (rw > 0)
		lay.roster = pane_new(main_rows, rw, 1, 0);
	lay.view = pane_new(main_rows, cols - rw, 1, rw);
	lay.status = pane_new(1, cols, rows - 2, 0);
	lay.input = pane_new(1, cols, rows - 1, 0);
	scroll_set_view_size(main_rows, cols - rw);
}

/* Redo the layout when roster_width was changed with /set. */
bool layout_check_settings(void)
{
	if (setting_int("roster_width") == built_roster_width)
		return false;
	layout_build(lay.rows, lay.cols);
	return true;
}
