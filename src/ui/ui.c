/* ui.c - start and stop curses, dirty flags, and the once-per-pass redraw */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* clang-format off */
#include <readline/readline.h>
/* clang-format on */

#include "ui.h"
#include "uipriv.h"
#include "xmalloc.h"

static bool active;
static SCREEN *screen;
static unsigned dirty;
static bool clear_screen;
static bool colors;
static bool bell;
static bool suspended;  /* the terminal was given back for SIGTSTP */
static bool pane_rooms; /* the left pane last showed occupants */

enum { PAIR_GREEN = 1, PAIR_YELLOW, PAIR_RED, PAIR_CYAN, PAIR_MAGENTA };

/* How each style looks with colours and without them. */
static const struct {
	short pair;
	attr_t attr; /* with colours */
	attr_t mono; /* without colours: bold, reverse, dim, underline only */
} styles[ST_COUNT] = {
    [ST_NORMAL] = {0, A_NORMAL, A_NORMAL},
    [ST_TIME] = {0, A_NORMAL, A_NORMAL},
    [ST_NICK_IN] = {PAIR_GREEN, A_BOLD, A_BOLD},
    [ST_NICK_OUT] = {PAIR_CYAN, A_BOLD, A_UNDERLINE},
    [ST_SYSTEM] = {0, A_DIM, A_DIM},
    [ST_ERROR] = {PAIR_RED, A_BOLD, A_BOLD},
    [ST_PENDING] = {0, A_DIM, A_DIM},
    [ST_SENT] = {PAIR_GREEN, A_NORMAL, A_NORMAL},
    [ST_READ] = {PAIR_GREEN, A_BOLD, A_BOLD},
    [ST_FAILED] = {PAIR_RED, A_BOLD, A_BOLD | A_REVERSE},
    [ST_TAB] = {0, A_NORMAL, A_NORMAL},
    [ST_TAB_FOCUS] = {0, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD},
    [ST_TAB_UNREAD] = {PAIR_YELLOW, A_BOLD, A_BOLD},
    [ST_TAB_HIGHLIGHT] = {PAIR_MAGENTA, A_BOLD, A_BOLD | A_UNDERLINE},
    [ST_GROUP] = {0, A_BOLD, A_BOLD},
    [ST_ONLINE] = {PAIR_GREEN, A_BOLD, A_BOLD},
    [ST_AWAY] = {PAIR_YELLOW, A_NORMAL, A_NORMAL},
    [ST_DND] = {PAIR_RED, A_NORMAL, A_NORMAL},
    [ST_OFFLINE] = {0, A_DIM, A_DIM},
    [ST_STATUSBAR] = {0, A_REVERSE, A_REVERSE},
    [ST_HINT] = {PAIR_CYAN, A_BOLD, A_BOLD},
    [ST_MORE] = {0, A_BOLD, A_BOLD},
    [ST_TAB_STATUS] = {PAIR_CYAN, A_NORMAL, A_DIM},
    [ST_MENTION] = {PAIR_MAGENTA, A_BOLD, A_REVERSE},
    [ST_OWN_NICK] = {PAIR_CYAN, A_BOLD, A_BOLD | A_UNDERLINE},
};

/* Colour pairs of nick colours: NICK_PAIR_BASE + palette colour. */
enum { NICK_PAIR_BASE = 16 };
static bool nick_pair_ready[256];

/* Attributes of a nick in palette colour c (bold when the terminal cannot
 * show that colour). */
static attr_t nick_attr(int c)
{
	int pair = NICK_PAIR_BASE + c;
	if (!colors || c >= COLORS || pair >= COLOR_PAIRS)
		return styles[ST_NICK_IN].mono;
	if (!nick_pair_ready[c]) {
		short bg = -1;
		if (init_pair((short)pair, (short)c, bg) == ERR)
			init_pair((short)pair, (short)c, COLOR_BLACK);
		nick_pair_ready[c] = true;
	}
	return COLOR_PAIR(pair);
}

/* Curses attributes for a style. */
attr_t ui_style_attr(enum ui_style st)
{
	if (st >= ST_NICK && st <= ST_NICK_LAST)
		return nick_attr(st - ST_NICK);
	if ((unsigned)st >= ST_COUNT)
		return A_NORMAL;
	if (!colors)
		return styles[st].mono;
	return styles[st].attr | (styles[st].pair ? COLOR_PAIR(styles[st].pair) : 0);
}

/* Set up colour pairs on the terminal's default background. */
static void colors_init(void)
{
	if (!has_colors() || start_color() == ERR)
		return;
	short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
	init_pair(PAIR_GREEN, COLOR_GREEN, bg);
	init_pair(PAIR_YELLOW, COLOR_YELLOW, bg);
	init_pair(PAIR_RED, COLOR_RED, bg);
	init_pair(PAIR_CYAN, COLOR_CYAN, bg);
	init_pair(PAIR_MAGENTA, COLOR_MAGENTA, bg);
	colors = true;
	memset(nick_pair_ready, 0, sizeof(nick_pair_ready));
	nickcolor_set_palette(COLORS);
}

/* Ring the terminal bell at the next ui_draw() (never inside a handler). */
void ui_bell(void)
{
	bell = true;
}

/* Mark panes for the next ui_draw(). */
void ui_mark_dirty(unsigned what)
{
	dirty |= what;
}

/* True between ui_init() and ui_shutdown(). */
bool ui_is_active(void)
{
	return active;
}

/* Repaint everything from scratch on the next draw. */
void ui_full_redraw(void)
{
	clear_screen = true;
	dirty = DIRTY_ALL;
}

/* fatal() restores the terminal before it prints: only that, since the
 * program is dying (no callbacks, no freeing). */
static void ui_fatal_hook(void)
{
	if (!active)
		return;
	active = false;
	rl_callback_handler_remove();
	paste_mode(false);
	endwin();
}

/* Start curses and readline, register as the core listener. */
int ui_init(void)
{
	if (active)
		return 0;
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL)
		return -1;
	/* raw: Ctrl-C, Ctrl-Z, Ctrl-S reach readline as keys. */
	raw();
	noecho();
	nonl();
	curs_set(1);
	colors_init();
	if (input_init() != 0) {
		endwin();
		delscreen(screen);
		screen = NULL;
		return -1;
	}
	layout_build(LINES, COLS);
	listener_register();
	paste_mode(true);
	fatal_hook = ui_fatal_hook;
	active = true;
	ui_full_redraw();
	return 0;
}

/* Leave curses and restore the terminal. */
void ui_shutdown(void)
{
	if (!active)
		return;
	active = false;
	if (fatal_hook == ui_fatal_hook)
		fatal_hook = NULL;
	secret_cancel();
	paste_mode(false);
	paste_free();
	input_shutdown();
	layout_free();
	endwin();
	delscreen(screen);
	screen = NULL;
	rosterpane_free();
	occupants_free();
	scroll_free_all();
	complete_free();
}

/* stdin is readable: feed what is there to the input line. */
int ui_input(void)
{
	char buf[4096];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n == 0)
		return -1;
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		/* EIO/ENXIO: the terminal is gone; anything else would spin. */
		return -1;
	}
	if (!active)
		return 0;
	complete_hint_clear();
	input_feed(buf, (size_t)n);
	/* The bytes may have been a secret. */
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

/* The terminal was resized: take the new size from the tty. */
void ui_resize(void)
{
	if (!active)
		return;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	layout_build(LINES, COLS);
	ui_full_redraw();
}

/* Give the terminal back (SIGTSTP): no paste marks, shell modes. */
void ui_suspend(void)
{
	if (!active || suspended)
		return;
	suspended = true;
	paste_mode(false);
	endwin();
}

/* Take the terminal again: curses modes on the next doupdate(), pastes
 * marked again, everything repainted at its current size. */
void ui_resume(void)
{
	if (!active)
		return;
	if (suspended) {
		suspended = false;
		paste_mode(true);
	}
	ui_resize();
}

/* The one line shown when the terminal is too small for the layout. */
static void draw_too_small(void)
{
	werase(stdscr);
	wmove(stdscr, 0, 0);
	wattrset(stdscr, A_BOLD);
	/* On a one-line screen, writing the bottom-right cell would scroll. */
	draw_str(stdscr, "terminal too small", LINES > 1 ? COLS : COLS - 1);
	wattrset(stdscr, A_NORMAL);
	wnoutrefresh(stdscr);
}

/* The left pane: the occupants of the focused room, else the roster. */
static void draw_left_pane(WINDOW *w)
{
	bool rooms = occupants_shown();
	/* each pane skips lines it drew before: a switch must redraw all */
	if (rooms != pane_rooms)
		touchwin(w);
	pane_rooms = rooms;
	if (rooms)
		occupants_draw(w);
	else
		rosterpane_draw(w);
}

/* Redraw whatever is dirty, then place the cursor on the input line. */
void ui_draw(void)
{
	if (!active)
		return;
	if (layout_check_settings())
		ui_full_redraw();
	if (bell) {
		bell = false;
		beep();
	}
	if (dirty == 0)
		return;
	const struct layout *l = layout_get();
	if (clear_screen) {
		clearok(curscr, TRUE);
		clear_screen = false;
	}
	if (l->too_small) {
		draw_too_small();
	} else {
		if ((dirty & DIRTY_TABBAR) && l->tabbar)
			tabbar_draw(l->tabbar);
		if ((dirty & DIRTY_ROSTER) && l->roster)
			draw_left_pane(l->roster);
		if ((dirty & DIRTY_VIEW) && l->view)
			convview_draw(l->view);
		if ((dirty & DIRTY_STATUS) && l->status)
			statusline_draw(l->status);
	}
	/* Always last, so that doupdate() leaves the cursor in the input line. */
	if (l->input)
		input_draw(l->input);
	dirty = 0;
	doupdate();
}

/* Milliseconds until the UI needs a wake-up: never (readline waits for the
 * rest of a key sequence without a timer). */
int ui_timeout(void)
{
	return -1;
}
