/* occupants.c - the occupants pane: in the roster pane's place while a room
 * tab is focused. Its rows come from occupantlist.c, moved occupant by
 * occupant as presence arrives; a draw writes only the lines that changed.
 *
 *   Moderators 2
 *   ~● alice
 *   &● bob…          ("…": typing)
 *   Participants 998
 *   +● carol
 *    ○ dave
 *
 * Affiliation marks: ~ owner, & admin, + member, ! outcast, blank for none.
 * The roster's filter (/roster filter) filters occupants too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"
#include "uipriv.h"
#include "xmalloc.h"

static struct occlist *list;
static const struct room *list_room; /* the room the rows are of */
static bool stale = true;            /* rebuild at the next draw */

static struct linecache shown;           /* what each screen line shows */
static struct lookalike_index *nicks_ix; /* the nicks of list_room, for look-alikes */
static bool nicks_stale = true;
static size_t nicks_count; /* occupants when nicks_ix was built */

/* The room whose occupants the pane shows, or NULL. */
static struct room *pane_room(void)
{
	struct conv *cv = conv_focused();
	return cv->type == CONV_ROOM ? room_of_conv(cv) : NULL;
}

/* True when a room tab is focused. */
bool occupants_shown(void)
{
	return conv_focused()->type == CONV_ROOM;
}

/* One occupant changed: move its row if the rows are of r. */
void occupants_changed(struct room *r, const struct occupant *o)
{
	if (r != list_room || stale || list == NULL)
		return;
	if (o)
		occlist_update(list, o);
	else
		stale = true;
	/* a join, a leave or a new nick (not a new status): rebuilt when drawn;
	 * a nick o alone had before is known by o being its one owner */
	if (o == NULL || nicks_ix == NULL || r->noccupants != nicks_count ||
	    (lookalike_index_owner(nicks_ix, o->nick) != o &&
	     lookalike_index_count(nicks_ix, o->nick) < 2))
		nicks_stale = true;
}

/* The room changed or went (NULL: any room may have): rebuild when next drawn. */
void occupants_room_changed(struct room *r)
{
	if (r == NULL || r == list_room)
		stale = true;
}

/* Free the rows. */
void occupants_free(void)
{
	occlist_free(list);
	list = NULL;
	list_room = NULL;
	stale = true;
	lookalike_index_free(nicks_ix);
	nicks_ix = NULL;
	nicks_stale = true;
	linecache_forget(&shown);
}

/* Rebuild the rows when they are of another room or out of date. */
static void rows_fit(struct room *r)
{
	if (list == NULL)
		list = occlist_new();
	/* a count that disagrees means an event was missed: trust the model */
	if (r == list_room && !stale && occlist_size(list) == r->noccupants)
		return;
	occlist_reset(list, r->occupants, r->noccupants);
	list_room = r;
	stale = false;
	nicks_stale = true;
}

/* Rebuild the index of r's nicks when occupants came, went or were renamed. */
static void nicks_fit(const struct room *r)
{
	if (!nicks_stale && nicks_ix)
		return;
	const char **names = xcalloc(r->noccupants + 1, sizeof(*names));
	const void **owners = xcalloc(r->noccupants + 1, sizeof(*owners));
	for (size_t i = 0; i < r->noccupants; i++) {
		names[i] = r->occupants[i]->nick;
		owners[i] = r->occupants[i];
	}
	lookalike_index_free(nicks_ix);
	nicks_ix = lookalike_index_of_names(names, owners, r->noccupants);
	nicks_count = r->noccupants;
	free(owners);
	free(names);
	nicks_stale = false;
}

/* True when o's nick could be taken for another occupant's: it gets a mark,
 * and /whois tells them apart. */
static bool nick_lookalike(const struct occupant *o)
{
	return nicks_ix && lookalike_index_name_shared(nicks_ix, o->nick);
}

/* The mark after a nick for its chat state. */
static const char *state_mark(enum chat_state s)
{
	if (s == CHAT_COMPOSING)
		return text_can_utf8() ? "…" : "...";
	return "";
}

/* An occupant: affiliation mark, presence glyph, nick in its colour, typing. */
static void draw_member(WINDOW *w, const struct room *r, const struct occupant *o, int cols)
{
	int col = draw_str(w, occupant_affil_mark(o->affil), cols);
	wattrset(w, ui_style_attr(presence_style(o->show)));
	col += draw_str(w, rosterlist_glyph(o->show), cols - col);
	wattrset(w, A_NORMAL);
	col += draw_str(w, " ", cols - col);
	bool own = r->nick && strcmp(o->nick, r->nick) == 0;
	wattrset(w, ui_style_attr(own ? ST_OWN_NICK : nickcolor_style(o->nick)));
	col += draw_str(w, o->nick, cols - col);
	if (nick_lookalike(o)) {
		wattrset(w, ui_style_attr(ST_AWAY));
		col += draw_str(w, text_can_utf8() ? " ≈" : " ~", cols - col);
	}
	wattrset(w, ui_style_attr(ST_SYSTEM));
	draw_str(w, state_mark(o->state), cols - col);
}

/* Everything that decides how a row looks, as a string. Caller frees. */
static char *row_key(const struct room *r, const struct occ_row *row)
{
	if (row->kind == OCC_HEADER)
		return xasprintf("H%d|%zu", (int)row->role, row->count);
	const struct occupant *o = row->o;
	bool own = r->nick && strcmp(o->nick, r->nick) == 0;
	return xasprintf("O%d|%d|%d|%d|%d|%d|%s", (int)o->affil, (int)o->show, (int)o->state, own,
	                 (int)setting_bool("nick_colors"), nick_lookalike(o), o->nick);
}

/* Draw line y (already cleared) as row, or as the "+N more" line. */
static void draw_line(WINDOW *w, const struct room *r, const struct occ_row *row, size_t more,
                      int cols)
{
	if (more) {
		char text[48];
		snprintf(text, sizeof(text), " +%zu more", more);
		wattrset(w, ui_style_attr(ST_MORE));
		draw_str(w, text, cols);
	} else if (row && row->kind == OCC_HEADER) {
		char text[64];
		snprintf(text, sizeof(text), "%s %zu", occupant_group_name(row->role), row->count);
		wattrset(w, ui_style_attr(ST_GROUP));
		draw_str(w, text, cols);
	} else if (row) {
		draw_member(w, r, row->o, cols);
	}
	wattrset(w, A_NORMAL);
}

/* Draw line y if what it shows changed (key is taken). */
static void line_update(WINDOW *w, const struct room *r, int y, const struct occ_row *row,
                        size_t more, char *key)
{
	if (!linecache_changed(&shown, y, key))
		return;
	wmove(w, y, 0);
	wclrtoeol(w);
	draw_line(w, r, row, more, shown.width - 1);
	mvwaddch(w, y, shown.width - 1, ACS_VLINE);
}

/* The line shown when the room has nobody in it (yet). */
static char *empty_text(const struct room *r)
{
	if (r == NULL)
		return xstrdup("");
	if (r->state == ROOM_JOINING)
		return xstrdup(text_can_utf8() ? "joining…" : "joining...");
	if (r->state == ROOM_JOINED)
		return xstrdup("");
	return xstrdup("not in the room");
}

/* Draw the pane of a room with no rows: one line saying why. */
static void draw_empty(WINDOW *w, const struct room *r, int height)
{
	for (int y = 0; y < height; y++) {
		char *text = y == 0 ? empty_text(r) : xstrdup("");
		char *key = xasprintf("E%s", text);
		if (linecache_changed(&shown, y, key)) {
			wmove(w, y, 0);
			wclrtoeol(w);
			wattrset(w, ui_style_attr(ST_SYSTEM));
			draw_str(w, text, shown.width - 1);
			wattrset(w, A_NORMAL);
			mvwaddch(w, y, shown.width - 1, ACS_VLINE);
		}
		free(text);
	}
}

/* Draw the occupants pane. */
void occupants_draw(WINDOW *w)
{
	int height, width;
	getmaxyx(w, height, width);
	if (height <= 0 || width <= 1)
		return;
	linecache_fit(&shown, w, height, width);
	struct room *r = pane_room();
	if (r) {
		rows_fit(r);
		nicks_fit(r);
	}
	if (r == NULL || r->noccupants == 0) {
		draw_empty(w, r, height);
		wnoutrefresh(w);
		return;
	}
	occlist_set_filter(list, roster_filter());
	size_t total = occlist_count(list);
	struct occ_row *rows = xcalloc((size_t)height, sizeof(*rows));
	size_t n = occlist_rows(list, 0, rows, (size_t)height);
	for (int y = 0; y < height; y++) {
		size_t more = y == height - 1 && total > (size_t)height ? total - (size_t)y : 0;
		const struct occ_row *row = (size_t)y < n ? &rows[y] : NULL;
		char *key = more ? xasprintf("M%zu", more) : row ? row_key(r, row) : xstrdup("");
		line_update(w, r, y, row, more, key);
	}
	free(rows);
	wnoutrefresh(w);
}
