/* uitext.h - text layout helpers of the front end that need no curses
 * (wrapping, horizontal scrolling, tab fitting, styled text, roster rows).
 * Internal to src/ui; the unit tests include it too. */
#ifndef NATTER_UI_UITEXT_H
#define NATTER_UI_UITEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "confusable.h"
#include "conv.h"
#include "presence.h"
#include "room.h"
#include "roster.h"
#include "strbuf.h"

/* How a stretch of text is drawn; ui_style_attr() maps it to curses attributes. */
enum ui_style {
	ST_NORMAL = 0,
	ST_TIME,      /* time stamps */
	ST_NICK_IN,   /* sender of an incoming message */
	ST_NICK_OUT,  /* our own name on outgoing messages */
	ST_SYSTEM,    /* MSG_SYSTEM info lines */
	ST_ERROR,     /* MSG_SYSTEM error lines */
	ST_PENDING,   /* the "sending" glyph */
	ST_SENT,      /* sent / delivered glyphs */
	ST_READ,      /* the "read" glyph */
	ST_FAILED,    /* the failure glyph and its error text */
	ST_TAB,       /* a tab with nothing new */
	ST_TAB_FOCUS, /* the focused tab */
	ST_TAB_UNREAD,
	ST_TAB_HIGHLIGHT,
	ST_GROUP,  /* roster group header */
	ST_ONLINE, /* presence glyphs */
	ST_AWAY,
	ST_DND,
	ST_OFFLINE,    /* offline glyph and dimmed offline contacts */
	ST_STATUSBAR,  /* the status line */
	ST_HINT,       /* completion hint line */
	ST_MORE,       /* "-- more --" and tab bar arrows */
	ST_TAB_STATUS, /* a tab with only joins/parts since last looked at */
	ST_MENTION,    /* the text of a room message that mentions us */
	ST_OWN_NICK,   /* our own nick in rooms (bold, its own colour) */
	ST_COUNT,
	/* ST_NICK + c: a nick drawn in palette colour c (0..255), XEP-0392 */
	ST_NICK = 0x100,
	ST_NICK_LAST = ST_NICK + 255
};

/* --- wrap.c --- */

/* Lay out one display row of s (len bytes) starting at byte pos in at most
 * width columns. A row ends at '\n', at the last space after byte min_brk
 * that lets the row fit, or between two characters; a row always holds at
 * least one character. Returns the row's end (exclusive) and sets *next to
 * where the following row starts. */
size_t wrap_row(const char *s, size_t len, size_t pos, int width, size_t min_brk, size_t *next);
/* Bytes and columns of the character at s (len > 0 bytes). Control
 * characters and invalid bytes set *bad (if not NULL) and count as one
 * column: they are drawn as '?'. */
int text_cell(const char *s, size_t len, int *cols, bool *bad);
/* True when the locale can show UTF-8 glyphs (else ASCII stand-ins are used). */
bool text_can_utf8(void);
/* Columns that the first len bytes of s take when drawn with text_cell(). */
int text_width(const char *s, size_t len);
/* New horizontal offset (in columns) of a one-line editor avail columns wide
 * so that the cursor at column cursor of a text total columns wide stays
 * visible; offset is the previous one. */
int hscroll_offset(int cursor, int total, int avail, int offset);

/* --- tabbar.c --- */

/* First tab to draw so that tab focus (0-based) is visible, when tab i takes
 * widths[i] columns (its separator included) and the bar is cols wide; a
 * "<" or ">" marker takes 2 columns when tabs are hidden on that side. */
size_t tabs_first(const int *widths, size_t n, size_t focus, int cols);

/* --- msgfmt.c --- */

/* A message laid out as one string with style changes at byte offsets. */
struct styled {
	struct strbuf text;
	size_t *at; /* byte offset where style[i] starts, increasing */
	enum ui_style *style;
	size_t nspans, capspans;
	int indent;        /* columns of the time and sender prefix */
	size_t body_start; /* byte offset of the message text */
};

/* Lay out m as "TIME <sender> text GLYPH" into st (which must be zeroed or
 * freed before). Free with styled_free(). */
void msgfmt_build(struct styled *st, const struct message *m);
/* msgfmt_build() for a message of room r (NULL: not a room): senders in
 * their XEP-0392 colours (nick_colors), our own nick bold, "/me " actions as
 * "* nick text", and the text of a message mentioning us highlighted. */
void msgfmt_build_in(struct styled *st, const struct message *m, const struct room *r);
/* Free what msgfmt_build() allocated and zero st. */
void styled_free(struct styled *st);
/* Style of byte off of st; *end (if not NULL) is set to where it stops. */
enum ui_style styled_run(const struct styled *st, size_t off, size_t *end);
/* The state glyph of an outgoing message ("" for none); see msgfmt.c. */
const char *msg_state_glyph(enum msg_state s);
/* Continuation indent for a view width cols wide and a prefix of indent columns. */
int msgfmt_cont_indent(int indent, int cols);
/* One display row of a styled text: bytes [start, end). */
struct row_span {
	size_t start, end;
};

/* Lay st out in rows of a view cols wide (the first row from column 0, the
 * others after the continuation indent). Returns the row count (>= 1); *rows
 * is allocated (caller frees). */
size_t styled_layout(const struct styled *st, int cols, struct row_span **rows);
/* Rows that st takes in a view cols wide. */
int msgfmt_rows(const struct styled *st, int cols);

/* --- rosterlist.c: the roster pane's rows, kept in order incrementally --- */

/* A group header, the "Pending" header, a contact, a subscription request. */
enum row_kind { ROW_HEADER, ROW_PENDING, ROW_CONTACT, ROW_REQUEST };

/* One line of the roster pane. */
struct roster_row {
	enum row_kind kind;
	const char *group;             /* the group's name (owned by the list or static) */
	size_t online, total;          /* headers: contacts online, and rows shown, in the group */
	bool folded;                   /* headers: the group is folded */
	const struct contact *c;       /* contact rows */
	const struct sub_request *req; /* request rows (the "Pending" group) */
	enum show show;                /* contact rows: presence when placed */
};

/* The rows of the pane: first the "Pending" group (subscription requests
 * from roster_pending()), then the groups by name (contacts with no group
 * under "Contacts", a contact in two groups in both), in each group online
 * contacts by availability then label, then offline ones by label. Groups
 * folded with roster_group_fold() show their header only; a filter keeps
 * the contacts whose name, JID or group contains it. */
struct rosterlist;

/* A new, empty list. Free with rosterlist_free(). */
struct rosterlist *rosterlist_new(void);
/* Free the list (NULL is fine). */
void rosterlist_free(struct rosterlist *rl);
/* Rebuild from every in-roster contact of items (after roster_epoch() moved). */
void rosterlist_reset(struct rosterlist *rl, const struct contact *const *items, size_t n);
/* Contact c (still alive) changed: only its rows move. */
void rosterlist_update(struct rosterlist *rl, const struct contact *c);
/* Show only matching rows (NULL or "": everything). */
void rosterlist_set_filter(struct rosterlist *rl, const char *text);
/* Rows of the whole pane. */
size_t rosterlist_count(const struct rosterlist *rl);
/* Copy up to max rows, starting at row first, into out; returns how many. */
size_t rosterlist_rows(const struct rosterlist *rl, size_t first, struct roster_row *out,
                       size_t max);
/* The presence glyph for show. */
const char *rosterlist_glyph(enum show s);
/* The colour of show's presence glyph (roster and occupants panes). */
enum ui_style presence_style(enum show s);

/* --- nickcolor.c: XEP-0392 consistent colours --- */

/* Hue angle in degrees [0, 360) that XEP-0392 derives from nick. */
double nickcolor_angle(const char *nick);
/* sRGB (each 0..1) of a hue angle at HSLuv saturation 100, lightness 50. */
void nickcolor_rgb(double angle, double rgb[3]);
/* Palette colour of nick on a terminal with ncolors colours: 16..231 (the
 * 256-colour cube) when ncolors >= 256, else 1..6 (no black or white). */
int nickcolor_index(const char *nick, int ncolors);
/* Colours the terminal has (set by the front end; 256 until then). */
void nickcolor_set_palette(int ncolors);
/* The style for nick: ST_NICK + its colour, or ST_NICK_IN when nick_colors
 * is off. */
enum ui_style nickcolor_style(const char *nick);

/* --- occupantlist.c: the occupants pane's rows, kept in order incrementally --- */

/* A role group's header, or an occupant. */
enum occ_row_kind { OCC_HEADER, OCC_MEMBER };

/* One line of the occupants pane. */
struct occ_row {
	enum occ_row_kind kind;
	enum muc_role role;       /* the group */
	size_t count;             /* headers: occupants shown in the group */
	const struct occupant *o; /* occupant rows */
};

/* The rows: "Moderators", "Participants", "Visitors" (occupants with no
 * role among the visitors), each header followed by its occupants by nick
 * (case-insensitive); empty groups are left out. A filter keeps the
 * occupants whose nick or real JID contains it (any case). */
struct occlist;

/* A new, empty list. Free with occlist_free(). */
struct occlist *occlist_new(void);
/* Free the list (NULL is fine). */
void occlist_free(struct occlist *ol);
/* Rebuild from all of a room's occupants. */
void occlist_reset(struct occlist *ol, struct occupant *const *items, size_t n);
/* Occupant o (alive) joined or changed (role, nick, presence, state): only
 * its row moves. */
void occlist_update(struct occlist *ol, const struct occupant *o);
/* Occupant o left: its row goes (call before o is freed). */
void occlist_remove(struct occlist *ol, const struct occupant *o);
/* Occupants held. */
size_t occlist_size(const struct occlist *ol);
/* Show only matching occupants (NULL or "": everyone). */
void occlist_set_filter(struct occlist *ol, const char *text);
/* Rows of the whole pane. */
size_t occlist_count(const struct occlist *ol);
/* Copy up to max rows, starting at row first, into out; returns how many. */
size_t occlist_rows(const struct occlist *ol, size_t first, struct occ_row *out, size_t max);
/* The mark before an occupant for its affiliation: "~" owner, "&" admin,
 * "+" member, "!" outcast, " " none. */
const char *occupant_affil_mark(enum muc_affil a);
/* The group name of a role ("Moderators", ...). */
const char *occupant_group_name(enum muc_role r);

/* --- lookalike.c: names that pass for each other --- */

/* True when contact c's shown name passes for another contact of items
 * (its name, JID or JID's local part): the JID is then shown with it. */
bool contact_is_lookalike(const struct contact *c, const struct contact *const *items, size_t n);
/* The same question for many contacts: an index of what the contacts of
 * items pass for, built once (free with lookalike_index_free). */
struct lookalike_index *lookalike_index_new(const struct contact *const *items, size_t n);
/* Free an index (NULL is fine). */
void lookalike_index_free(struct lookalike_index *ix);
/* True when c, one of the indexed contacts, looks like another of them. */
bool lookalike_index_has(const struct lookalike_index *ix, const struct contact *c);
/* An index of n names (room nicks), each one party, owners[i] the party of
 * names[i] (free with lookalike_index_free). */
struct lookalike_index *lookalike_index_of_names(const char *const *names,
                                                 const void *const *owners, size_t n);
/* The one indexed party that passes for name, or NULL when none or several do. */
const void *lookalike_index_owner(const struct lookalike_index *ix, const char *name);
/* How many indexed parties pass for name (0: none). */
unsigned lookalike_index_count(const struct lookalike_index *ix, const char *name);
/* True when name, one of the indexed names, looks like another of them. */
bool lookalike_index_name_shared(const struct lookalike_index *ix, const char *name);

/* --- highlight.c (src/ui) --- */

/* True when the bell setting (off, highlight, message, all) asks for a bell
 * for an event of this level in a conversation of this type. */
bool bell_wanted(const char *setting, enum conv_type type, enum activity level);
/* The tab bar's level for cv: its activity, raised by unread messages and
 * highlights that core counted. */
enum activity tab_activity(const struct conv *cv);
/* Short tab title: a room's local part, a room PM as "room/nick", else the
 * conversation's title or JID. Caller frees. */
char *tab_title(const struct conv *cv);

#endif
