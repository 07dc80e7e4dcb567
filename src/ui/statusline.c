/* statusline.c - connection state, own presence, unread count, "-- more --",
 * and whether the contact of the focused chat is typing */
#include "strbuf.h"
#include "uipriv.h"

/* "offline", "connecting…", "online as JID" or "error: REASON". */
static void add_conn(struct strbuf *sb)
{
	const char *jid = core_own_jid();
	const char *reason = core_conn_reason();
	switch (core_conn_state()) {
	case CONN_OFFLINE:
		strbuf_adds(sb, "offline");
		break;
	case CONN_CONNECTING:
		strbuf_adds(sb, text_can_utf8() ? "connecting…" : "connecting...");
		break;
	case CONN_ONLINE:
		if (jid && *jid)
			strbuf_addf(sb, "online as %s", jid);
		else
			strbuf_adds(sb, "online");
		break;
	case CONN_ERROR:
		if (reason && *reason)
			strbuf_addf(sb, "error: %s", reason);
		else
			strbuf_adds(sb, "error");
		break;
	}
}

/* The real JID of the focused chat, always: a name can be copied, the
 * JID cannot. */
static void add_chat_jid(struct strbuf *sb, const struct conv *cv)
{
	if (cv->type == CONV_CHAT && cv->jid)
		strbuf_addf(sb, " [chat with %s]", cv->jid);
}

/* "bob is typing…" or "bob paused" for the focused chat. */
static void add_peer_state(struct strbuf *sb, const struct conv *cv)
{
	if (cv->type != CONV_CHAT || cv->jid == NULL)
		return;
	const struct contact *c = roster_find(cv->jid);
	const char *name = c ? contact_label(c) : cv->jid;
	if (cv->peer_state == CHAT_COMPOSING)
		strbuf_addf(sb, " [%s is typing%s]", name, text_can_utf8() ? "…" : "...");
	else if (cv->peer_state == CHAT_PAUSED)
		strbuf_addf(sb, " [%s paused]", name);
}

/* Occupants of r that are typing (to show at most a few names). */
static size_t typing_count(const struct room *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->noccupants; i++)
		n += r->occupants[i]->state == CHAT_COMPOSING;
	return n;
}

/* For a room tab "[room@service, N people] topic" (or why we are not in
 * it); for a room PM "[private in room@service]". */
static void add_room(struct strbuf *sb, const struct conv *cv)
{
	struct room *r = room_of_conv(cv);
	if (r == NULL || (cv->type != CONV_ROOM && cv->type != CONV_PRIVATE))
		return;
	if (cv->type == CONV_PRIVATE) {
		strbuf_addf(sb, " [private in %s]", r->jid);
		return;
	}
	strbuf_addf(sb, " [%s", r->jid);
	if (r->state == ROOM_JOINED)
		strbuf_addf(sb, ", %zu %s", r->noccupants,
		            r->noccupants == 1 ? "person" : "people");
	else if (r->state == ROOM_JOINING)
		strbuf_adds(sb, text_can_utf8() ? ", joining…" : ", joining...");
	else
		strbuf_addf(sb, ", not joined%s%s", r->error ? ": " : "", r->error ? r->error : "");
	strbuf_addch(sb, ']');
	size_t typing = typing_count(r);
	if (typing > 0)
		strbuf_addf(sb, " [%zu typing]", typing);
	if (r->subject && *r->subject)
		strbuf_addf(sb, " %s", r->subject);
}

/* The status line's text. */
void statusline_text(struct strbuf *sb)
{
	strbuf_addch(sb, ' ');
	add_conn(sb);
	enum conn_state st = core_conn_state();
	if (st == CONN_ONLINE || st == CONN_CONNECTING) {
		/* our chosen presence means nothing to others while we are away */
		const char *status = core_presence_status();
		strbuf_addf(sb, " [%s", show_name(core_presence_show()));
		if (status && *status)
			strbuf_addf(sb, ": %s", status);
		strbuf_addch(sb, ']');
	}
	unsigned unread = conv_total_unread();
	if (unread > 0)
		strbuf_addf(sb, " [unread %u]", unread);
	add_chat_jid(sb, conv_focused());
	add_peer_state(sb, conv_focused());
	add_room(sb, conv_focused());
	if (scroll_is_up(conv_focused()))
		strbuf_adds(sb, " -- more --");
}

/* Draw the status line across the whole width. */
void statusline_draw(WINDOW *w)
{
	struct strbuf sb = STRBUF_INIT;
	int cols = getmaxx(w);
	statusline_text(&sb);
	werase(w);
	wmove(w, 0, 0);
	wattrset(w, ui_style_attr(ST_STATUSBAR));
	int used = draw_str(w, strbuf_str(&sb), cols);
	/* Pad so that the reverse-video bar spans the width. */
	draw_spaces(w, cols - used);
	wattrset(w, A_NORMAL);
	strbuf_free(&sb);
	wnoutrefresh(w);
}
