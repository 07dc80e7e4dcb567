/* msgfmt.c - one message laid out as styled text for the conversation view */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "settings.h"
#include "uitext.h"
#include "util.h"
#include "xmalloc.h"

/* Glyphs after our own messages, chosen to be one column wide everywhere:
 *   sending    "…"   handed to the stream, no answer yet (dim)
 *   sent       "✓"   the server acknowledged it
 *   delivered  "✓✓"  the peer's client confirmed receipt
 *   read       "R"   the peer displayed it (a letter, because the eye emoji
 *                    has no agreed width across terminals)
 *   failed     "✗"   red, followed by the error text
 * Without UTF-8: "...", "+", "++", "R", "X". */
const char *msg_state_glyph(enum msg_state s)
{
	bool u = text_can_utf8();
	switch (s) {
	case MSG_SENDING:
		return u ? "…" : "...";
	case MSG_SENT:
		return u ? "✓" : "+";
	case MSG_DELIVERED:
		return u ? "✓✓" : "++";
	case MSG_READ:
		return "R";
	case MSG_FAILED:
		return u ? "✗" : "X";
	case MSG_STATE_NONE:
		break;
	}
	return "";
}

/* Start a new style at the current end of the text. */
static void span(struct styled *st, enum ui_style style)
{
	if (st->nspans == st->capspans) {
		st->capspans = st->capspans ? st->capspans * 2 : 8;
		st->at = xreallocarray(st->at, st->capspans, sizeof(*st->at));
		st->style = xreallocarray(st->style, st->capspans, sizeof(*st->style));
	}
	st->at[st->nspans] = st->text.len;
	st->style[st->nspans] = style;
	st->nspans++;
}

/* Append s in the given style. */
static void add(struct styled *st, enum ui_style style, const char *s, size_t len)
{
	span(st, style);
	strbuf_add(&st->text, s, len);
}

/* Append a NUL-terminated string in the given style. */
static void adds(struct styled *st, enum ui_style style, const char *s)
{
	add(st, style, s, strlen(s));
}

/* Style of the message text itself. */
static enum ui_style body_style(const struct message *m)
{
	if (m->dir != MSG_SYSTEM)
		return ST_NORMAL;
	return m->level == LEVEL_ERROR ? ST_ERROR : ST_SYSTEM;
}

/* Style of the state glyph of an outgoing message. */
static enum ui_style glyph_style(enum msg_state s)
{
	switch (s) {
	case MSG_SENDING:
		return ST_PENDING;
	case MSG_READ:
		return ST_READ;
	case MSG_FAILED:
		return ST_FAILED;
	default:
		return ST_SENT;
	}
}

/* The style of the sender's name: in a room its XEP-0392 colour, ours bold
 * in our own; elsewhere the plain in/out styles. */
static enum ui_style sender_style(const struct message *m, const char *from, const struct room *r)
{
	if (m->dir == MSG_OUT || (r && r->nick && strcmp(from, r->nick) == 0))
		return r ? ST_OWN_NICK : ST_NICK_OUT;
	return r ? nickcolor_style(from) : ST_NICK_IN;
}

/* True when m is a "/me " action (XEP-0245). */
static bool is_action(const struct message *m)
{
	return m->dir != MSG_SYSTEM && m->body && strncmp(m->body, "/me ", 4) == 0;
}

/* The time stamp and the sender. */
static void add_prefix(struct styled *st, const struct message *m, const struct room *r)
{
	char *when = format_time(m->ts, setting_str("time_format"));
	if (*when != '\0') {
		adds(st, ST_TIME, when);
		adds(st, ST_NORMAL, " ");
	}
	free(when);
	if (m->dir == MSG_SYSTEM)
		return;
	const char *from = m->from;
	if (m->dir == MSG_OUT && (from == NULL || *from == '\0'))
		from = "me";
	if (from == NULL || *from == '\0')
		return;
	enum ui_style nick = sender_style(m, from, r);
	if (is_action(m)) {
		adds(st, nick, "* ");
		adds(st, nick, from);
	} else {
		adds(st, nick, "<");
		adds(st, nick, from);
		adds(st, nick, ">");
	}
	adds(st, ST_NORMAL, " ");
}

/* The delivery glyph and error of an outgoing message. */
static void add_state(struct styled *st, const struct message *m)
{
	const char *glyph = msg_state_glyph(m->state);
	if (m->dir != MSG_OUT || *glyph == '\0')
		return;
	adds(st, ST_NORMAL, " ");
	adds(st, glyph_style(m->state), glyph);
	if (m->state == MSG_FAILED && m->error && *m->error) {
		adds(st, ST_FAILED, " ");
		adds(st, ST_FAILED, m->error);
	}
}

/* The edited mark and the reactions of m ("👍 2  ❤ 1"), each emoji once. */
static void add_edits(struct styled *st, const struct message *m)
{
	if (m->edited && !m->retracted)
		adds(st, ST_SYSTEM, " (edited)");
	for (size_t i = 0; i < m->nreactions; i++) {
		const char *e = m->reactions[i].emoji;
		size_t count = 0;
		bool first = true;
		for (size_t k = 0; k < m->nreactions; k++) {
			bool same = strcmp(m->reactions[k].emoji, e) == 0;
			first = first && !(same && k < i);
			count += same;
		}
		if (!first)
			continue;
		char n[24];
		snprintf(n, sizeof(n), " %zu", count);
		adds(st, ST_NORMAL, "  ");
		adds(st, ST_NORMAL, e);
		adds(st, ST_SYSTEM, n);
	}
}

/* Lay out m as styled text. */
void msgfmt_build(struct styled *st, const struct message *m)
{
	msgfmt_build_in(st, m, NULL);
}

/* Lay out m, a message of room r (or NULL), as styled text. */
void msgfmt_build_in(struct styled *st, const struct message *m, const struct room *r)
{
	add_prefix(st, m, r);
	st->body_start = st->text.len;
	st->indent = text_width(strbuf_str(&st->text), st->text.len);
	const char *body = m->retracted ? "[message retracted]" : m->body ? m->body : "";
	enum ui_style style = m->retracted ? ST_SYSTEM : body_style(m);
	if (r && m->dir == MSG_IN && core_mentions_me(r, body))
		style = ST_MENTION;
	if (is_action(m))
		body += 4;
	size_t blen = strlen(body);
	/* A trailing newline would only show as an empty row. */
	while (blen > 0 && body[blen - 1] == '\n')
		blen--;
	add(st, style, body, blen);
	add_edits(st, m);
	add_state(st, m);
}

/* Free a styled text. */
void styled_free(struct styled *st)
{
	strbuf_free(&st->text);
	free(st->at);
	free(st->style);
	memset(st, 0, sizeof(*st));
}

/* Style of byte off and, in *end, where that style stops. */
enum ui_style styled_run(const struct styled *st, size_t off, size_t *end)
{
	size_t lo = 0, hi = st->nspans;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->at[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (end)
		*end = lo + 1 < st->nspans ? st->at[lo + 1] : st->text.len;
	return st->nspans ? st->style[lo] : ST_NORMAL;
}

/* Indent of continuation rows: under the text, unless the prefix is so wide
 * that the text would be squeezed into a narrow column. */
int msgfmt_cont_indent(int indent, int cols)
{
	if (cols < 2)
		return 0;
	if (indent > cols / 2)
		return cols / 4;
	return indent;
}

/* Lay st out in rows of a view cols wide. */
size_t styled_layout(const struct styled *st, int cols, struct row_span **rows)
{
	const char *s = strbuf_str(&st->text);
	size_t len = st->text.len, pos = 0, n = 0, cap = 4;
	int ci = msgfmt_cont_indent(st->indent, cols);
	*rows = xreallocarray(NULL, cap, sizeof(**rows));
	do {
		size_t next;
		int width = n == 0 ? cols : cols - ci;
		size_t end = wrap_row(s, len, pos, width, st->body_start, &next);
		if (n == cap) {
			cap *= 2;
			*rows = xreallocarray(*rows, cap, sizeof(**rows));
		}
		(*rows)[n].start = pos;
		(*rows)[n].end = end;
		n++;
		pos = next;
	} while (pos < len);
	return n;
}

/* Rows that st takes in a view cols wide. */
int msgfmt_rows(const struct styled *st, int cols)
{
	struct row_span *rows;
	size_t n = styled_layout(st, cols, &rows);
	free(rows);
	return (int)n;
}
