/* uipriv.h - what the panes of the ncurses front end share (internal to src/ui) */
#ifndef NATTER_UI_UIPRIV_H
#define NATTER_UI_UIPRIV_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "core.h"
#include "uitext.h"

/* What needs redrawing; listener callbacks only ever set these. */
enum {
	DIRTY_TABBAR = 1 << 0,
	DIRTY_ROSTER = 1 << 1,
	DIRTY_VIEW = 1 << 2,
	DIRTY_STATUS = 1 << 3,
	DIRTY_INPUT = 1 << 4,
	DIRTY_ALL = (1 << 5) - 1,
};

/* --- ui.c --- */

/* Mark panes for the next ui_draw(). */
void ui_mark_dirty(unsigned what);
/* True between ui_init() and ui_shutdown(). */
bool ui_is_active(void);
/* Curses attributes for a style (colour when the terminal has colours). */
attr_t ui_style_attr(enum ui_style st);
/* Clear and repaint the whole screen on the next ui_draw() (Ctrl-L). */
void ui_full_redraw(void);
/* Ring the terminal bell (curses beep()) at the next ui_draw(). */
void ui_bell(void);

/* --- listener.c --- */

/* Register the front end as the core listener. */
void listener_register(void);

/* --- layout.c --- */

/* The windows of the current terminal size. Any of them is NULL when the
 * terminal is too small for it (roster also when hidden). */
struct layout {
	int rows, cols;
	bool too_small;
	WINDOW *tabbar, *roster, *view, *status, *input;
};

/* Current layout. */
const struct layout *layout_get(void);
/* Recreate the windows for a rows x cols screen. */
void layout_build(int rows, int cols);
/* Delete the windows. */
void layout_free(void);
/* Redo the layout if the roster_width setting changed; true if it did. */
bool layout_check_settings(void);

/* --- drawtext.c --- */

/* Draw len bytes of UTF-8 at the cursor in at most cols columns, never
 * splitting a wide character; controls and invalid bytes show as '?'.
 * Returns the columns used. */
int draw_text(WINDOW *w, const char *s, size_t len, int cols);
/* draw_text() of a NUL-terminated string. */
int draw_str(WINDOW *w, const char *s, int cols);
/* Write n spaces at the cursor. */
void draw_spaces(WINDOW *w, int n);

/* --- the panes: each draws its whole window --- */

/* Tab bar: "N:title(unread)" per conversation. */
void tabbar_draw(WINDOW *w);
/* The text of tab i (0-based) for cv, "…" added while its contact types.
 * Caller frees. */
char *tabbar_label(size_t i, const struct conv *cv);
/* Roster pane with its separator on the right. */
void rosterpane_draw(WINDOW *w);
/* Contact c changed (NULL: requests, filter, folds or many contacts): the
 * pane moves c's rows now, or rebuilds at the next draw when the roster's
 * epoch moved. */
void rosterpane_changed(const struct contact *c);
/* The input line's text changed: while it is "/roster filter TEXT", the
 * pane shows TEXT's matches (Ctrl-X f starts such a line). */
void rosterpane_line_edited(const char *line);
/* Free the sorted rows. */
void rosterpane_free(void);
/* --- linecache.c: what each line of a pane shows --- */

struct linecache {
	char **keys; /* one per line; NULL: unknown, draw it */
	int height, width;
};

/* Forget what the lines show: all are drawn next time. */
void linecache_forget(struct linecache *lc);
/* Fit the cache to a window; a new or touched window is erased, drawn in full. */
void linecache_fit(struct linecache *lc, WINDOW *w, int height, int width);
/* True when line y must be drawn to show key (taken either way). */
bool linecache_changed(struct linecache *lc, int y, char *key);

/* --- occupants.c: the occupants pane, in the roster pane's place while a
 * room tab is focused --- */

/* True when the left pane shows occupants (a room tab is focused). */
bool occupants_shown(void);
/* Occupants pane of the focused room, with its separator on the right. */
void occupants_draw(WINDOW *w);
/* Occupant o of r changed (NULL: many, or one left): o's row moves now, or
 * the rows are rebuilt at the next draw. */
void occupants_changed(struct room *r, const struct occupant *o);
/* Room r changed (state, nick, subject) or went away: rebuild at the next draw. */
void occupants_room_changed(struct room *r);
/* Free the rows. */
void occupants_free(void);
/* Conversation view of the focused conversation, with the hint line. */
void convview_draw(WINDOW *w);
/* Status line. */
void statusline_draw(WINDOW *w);
/* Append the status line's text to sb. */
void statusline_text(struct strbuf *sb);
/* Input line; leaves the curses cursor where the editing cursor is. */
void input_draw(WINDOW *w);

/* --- scroll.c: per-conversation scroll positions --- */

/* Scroll the focused view by pages (negative: up) of rows-1 lines; PageUp
 * with the oldest message held already in view loads older ones. */
void scroll_page(int pages);
/* Scroll cv so that m is in view (a /search hit). */
void scroll_show(struct conv *cv, const struct message *m);
/* True when cv's view shows the top row of its oldest message (or cv is empty). */
bool scroll_at_top(struct conv *cv);
/* True when the "new messages" line is drawn above m in cv. */
bool scroll_marker_above(const struct conv *cv, const struct message *m);
/* Rows message i of cv takes in a view cols wide, its marker line included. */
int scroll_msg_rows(const struct conv *cv, size_t i, int cols);
/* True when cv's view does not follow the newest message. */
bool scroll_is_up(const struct conv *cv);
/* The bottom row shown for cv in a view cols wide: message index and row
 * in that message. Returns false when cv is empty. */
bool scroll_anchor(struct conv *cv, int cols, size_t *idx, int *row);
/* Forget cv's scroll position (cv is being closed). */
void scroll_forget(const struct conv *cv);
/* Forget all scroll positions. */
void scroll_free_all(void);
/* Remember the view size used by scroll_page(). */
void scroll_set_view_size(int rows, int cols);

/* --- input.c: readline in callback mode --- */

/* Set readline up for callback mode. 0 or -1. */
int input_init(void);
/* Remove the handler and wipe editing state. */
void input_shutdown(void);
/* Hand the bytes read from the terminal to readline (or the secret prompt). */
void input_feed(const char *buf, size_t len);

/* --- secret.c: a question on the input line, hidden (secrets) or shown --- */

/* True while a question is being answered. */
bool secret_active(void);
/* Start a question (refuses with done(NULL) when one is active). */
void secret_begin(const char *prompt, bool hidden, secret_fn done, void *arg);
/* One byte typed at the question; last: no more bytes came with it (then a
 * lone Esc cancels). */
void secret_byte(unsigned char c, bool last);
/* Cancel the question being asked (done(NULL)). */
void secret_cancel(void);
/* The prompt shown for the question. */
const char *secret_prompt(void);
/* True when the answer is hidden. */
bool secret_hidden(void);
/* The answer typed so far ("" when hidden). */
const char *secret_typed(void);

/* --- paste.c: bracketed paste --- */

/* Ask the terminal to mark pastes (ESC[?2004h) or to stop (ESC[?2004l). */
void paste_mode(bool on);
/* True while a paste is being read or its y/n question is asked. */
bool paste_active(void);
/* The y/n question shown on the input line, or NULL. */
const char *paste_question(void);
/* When buf starts with the paste begin marker, start reading a paste and
 * return the marker's length; else 0. */
size_t paste_begins(const char *buf, size_t len);
/* Bytes from the terminal while paste_active(); returns how many it used. */
size_t paste_feed(const char *buf, size_t len);
/* Send s to the focused chat as one message, never as a command (a
 * leading '/' is text). 0, or -1 when refused. */
int paste_send_text(const char *s);
/* Drop any paste and free its memory. */
void paste_free(void);

/* --- keys.c --- */

/* Bind natter's keys in readline's keymap (after terminfo is loaded). */
void keys_bind(void);

/* --- complete.c --- */

/* Route readline's Tab completion through cmd_complete(). */
void complete_init(void);
/* The candidate hint shown above the input line, or NULL. */
const char *complete_hint(void);
/* Drop the hint (the next key was typed). */
void complete_hint_clear(void);
/* Free completion state. */
void complete_free(void);

#endif
