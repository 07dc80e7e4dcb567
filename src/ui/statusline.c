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
	add_peer_state(sb, conv_focused());
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
