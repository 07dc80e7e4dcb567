/* rosterpane.c - the roster pane on the left, with its separator. Its rows
 * come from rosterlist.c, updated contact by contact as events arrive; a
 * draw writes only the screen lines whose content changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uipriv.h"
#include "xmalloc.h"

#define FILTER_CMD "/roster filter"

static struct rosterlist *list;
static unsigned long list_epoch; /* roster_epoch() the list was built at */
static char *preview;            /* filter being typed (Ctrl-X f), or NULL */

static struct linecache shown; /* what each screen line shows */

/* Build the list from the whole roster. */
static void rebuild(void)
{
	size_t n;
	struct contact **items = roster_items(&n);
	if (list == NULL)
		list = rosterlist_new();
	rosterlist_reset(list, (const struct contact *const *)items, n);
	list_epoch = roster_epoch();
}

/* One contact (or, with c NULL, the requests, the filter or many) changed. */
void rosterpane_changed(const struct contact *c)
{
	/* after the epoch moved, contact pointers may be gone: rebuild at draw */
	if (c && list && list_epoch == roster_epoch())
		rosterlist_update(list, c);
}

/* The input line changed: "/roster filter TEXT" previews TEXT in the pane. */
void rosterpane_line_edited(const char *line)
{
	const char *text = NULL;
	size_t n = strlen(FILTER_CMD);
	if (strncmp(line, FILTER_CMD, n) == 0 && (line[n] == ' ' || line[n] == '\0'))
		text = line + n + (line[n] == ' ');
	if (text == NULL && preview == NULL)
		return;
	if (text && preview && strcmp(text, preview) == 0)
		return;
	xstrset(&preview, text);
	ui_mark_dirty(DIRTY_ROSTER);
}

static struct lookalike_index *ix; /* rebuilt when names change */
static unsigned long ix_serial;

/* Free the rows and what the screen showed. */
void rosterpane_free(void)
{
	rosterlist_free(list);
	list = NULL;
	free(preview);
	preview = NULL;
	linecache_forget(&shown);
	lookalike_index_free(ix);
	ix = NULL;
}

/* Words after a contact whose presence we do not get: we asked, or not. */
static const char *sub_note(const struct contact *c)
{
	if (c->ask)
		return " (asked)";
	if (c->sub == SUB_NONE || c->sub == SUB_FROM)
		return " (no presence)";
	return "";
}

/* True when c's name could be taken for another contact's: its JID is
 * shown next to it. */
static bool lookalike(const struct contact *c)
{
	unsigned long serial = roster_names_serial();
	if (ix == NULL || serial != ix_serial) {
		size_t n;
		struct contact **items = roster_items(&n);
		lookalike_index_free(ix);
		ix = lookalike_index_new((const struct contact *const *)items, n);
		ix_serial = serial;
	}
	return lookalike_index_has(ix, c);
}

/* A group header: fold mark, name, and online/shown figures. */
static void draw_header(WINDOW *w, const struct roster_row *r, int cols)
{
	bool u = text_can_utf8();
	char figures[48];
	if (r->kind == ROW_PENDING)
		snprintf(figures, sizeof(figures), " %zu", r->total);
	else
		snprintf(figures, sizeof(figures), " %zu/%zu", r->online, r->total);
	wattrset(w, ui_style_attr(ST_GROUP));
	int col = draw_str(w, r->folded ? (u ? "▸ " : "> ") : (u ? "▾ " : "v "), cols);
	col += draw_str(w, r->group, cols - col);
	draw_str(w, figures, cols - col);
}

/* A contact: " ● label (asked) status", offline ones dimmed. */
static void draw_contact(WINDOW *w, const struct roster_row *r, int cols)
{
	const char *status = contact_status(r->c);
	int col = draw_str(w, " ", cols);
	wattrset(w, ui_style_attr(presence_style(r->show)));
	col += draw_str(w, rosterlist_glyph(r->show), cols - col);
	wattrset(w, ui_style_attr(r->show == SHOW_OFFLINE ? ST_OFFLINE : ST_NORMAL));
	col += draw_str(w, " ", cols - col);
	col += draw_str(w, contact_label(r->c), cols - col);
	if (lookalike(r->c)) {
		wattrset(w, ui_style_attr(ST_AWAY));
		col += draw_str(w, " <", cols - col);
		col += draw_str(w, r->c->jid, cols - col);
		col += draw_str(w, ">", cols - col);
	}
	wattrset(w, ui_style_attr(ST_OFFLINE));
	col += draw_str(w, sub_note(r->c), cols - col);
	if (status) {
		col += draw_str(w, " - ", cols - col);
		draw_str(w, status, cols - col);
	}
}

/* A subscription request: " ? jid - what they wrote". */
static void draw_request(WINDOW *w, const struct roster_row *r, int cols)
{
	int col = draw_str(w, " ", cols);
	wattrset(w, ui_style_attr(ST_AWAY));
	col += draw_str(w, "?", cols - col);
	wattrset(w, ui_style_attr(ST_NORMAL));
	col += draw_str(w, " ", cols - col);
	col += draw_str(w, r->req->jid, cols - col);
	if (r->req->status) {
		wattrset(w, ui_style_attr(ST_OFFLINE));
		col += draw_str(w, " - ", cols - col);
		draw_str(w, r->req->status, cols - col);
	}
}

/* Everything that decides how row r looks, as a string. Caller frees. */
static char *row_key(const struct roster_row *r)
{
	switch (r->kind) {
	case ROW_HEADER:
	case ROW_PENDING:
		return xasprintf("H%d|%zu|%zu|%s", r->folded, r->online, r->total, r->group);
	case ROW_REQUEST:
		return xasprintf("R|%s|%s", r->req->jid, r->req->status ? r->req->status : "");
	case ROW_CONTACT:
		break;
	}
	const char *status = contact_status(r->c);
	return xasprintf("C%d|%s|%d|%s|%s", (int)r->show, contact_label(r->c), lookalike(r->c),
	                 sub_note(r->c), status ? status : "");
}

/* Draw line y (already cleared) as row r, or as the "+N more" line. */
static void draw_line(WINDOW *w, int y, const struct roster_row *r, size_t more, int cols)
{
	wmove(w, y, 0);
	if (more) {
		char text[48];
		snprintf(text, sizeof(text), " +%zu more", more);
		wattrset(w, ui_style_attr(ST_MORE));
		draw_str(w, text, cols);
	} else if (r && (r->kind == ROW_HEADER || r->kind == ROW_PENDING)) {
		draw_header(w, r, cols);
	} else if (r && r->kind == ROW_CONTACT) {
		draw_contact(w, r, cols);
	} else if (r) {
		draw_request(w, r, cols);
	}
	wattrset(w, A_NORMAL);
}

/* Draw line y if what it shows changed (key is taken). */
static void line_update(WINDOW *w, int y, const struct roster_row *r, size_t more, char *key)
{
	int width = shown.width;
	if (!linecache_changed(&shown, y, key))
		return;
	wmove(w, y, 0);
	wclrtoeol(w);
	draw_line(w, y, r, more, width - 1);
	mvwaddch(w, y, width - 1, ACS_VLINE);
}

/* Draw the roster pane. */
void rosterpane_draw(WINDOW *w)
{
	if (list == NULL || list_epoch != roster_epoch())
		rebuild();
	rosterlist_set_filter(list, preview ? preview : roster_filter());
	int height, width;
	getmaxyx(w, height, width);
	if (height <= 0 || width <= 1)
		return;
	linecache_fit(&shown, w, height, width);
	size_t total = rosterlist_count(list);
	struct roster_row *rows = xcalloc((size_t)height, sizeof(*rows));
	size_t n = rosterlist_rows(list, 0, rows, (size_t)height);
	for (int y = 0; y < height; y++) {
		size_t more = y == height - 1 && total > (size_t)height ? total - (size_t)y : 0;
		const struct roster_row *r = (size_t)y < n ? &rows[y] : NULL;
		char *key = more ? xasprintf("M%zu", more) : r ? row_key(r) : xstrdup("");
		line_update(w, y, r, more, key);
	}
	free(rows);
	wnoutrefresh(w);
}
