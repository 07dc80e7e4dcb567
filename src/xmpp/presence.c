/* presence.c - presence in (roster resources) and out (our status) */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* <show/> text to the model's value ("online" when absent or unknown). */
static enum show show_from_stanza(xmpp_stanza_t *st)
{
	xmpp_stanza_t *el = xmpp_stanza_get_child_by_name(st, "show");
	char *text = el ? xmpp_stanza_get_text(el) : NULL;
	enum show s = SHOW_ONLINE;
	if (text) {
		if (strcmp(text, "away") == 0)
			s = SHOW_AWAY;
		else if (strcmp(text, "xa") == 0)
			s = SHOW_XA;
		else if (strcmp(text, "dnd") == 0)
			s = SHOW_DND;
		else if (strcmp(text, "chat") == 0)
			s = SHOW_CHAT;
		xmpp_free(xs.ctx, text);
	}
	return s;
}

/* <priority/> as an int clamped to -128..127 (0 when absent or junk). */
static int priority_from_stanza(xmpp_stanza_t *st)
{
	xmpp_stanza_t *el = xmpp_stanza_get_child_by_name(st, "priority");
	char *text = el ? xmpp_stanza_get_text(el) : NULL;
	long p = 0;
	if (text) {
		char *end;
		p = strtol(text, &end, 10);
		if (end == text)
			p = 0;
		xmpp_free(xs.ctx, text);
	}
	return p < -128 ? -128 : p > 127 ? 127 : (int)p;
}

/* The handler for every <presence/>. */
int xh_presence(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)conn;
	(void)ud;
	const char *from = xmpp_stanza_get_from(st);
	const char *type = xmpp_stanza_get_type(st);
	if (from == NULL || !jid_valid(from))
		return 1;
	xselfping_seen(from);
	if (xmuc_presence(st, from))
		return 1;
	if (type && strcmp(type, "unavailable") != 0) {
		/* subscription requests and answers; errors and junk types are dropped */
		xsubscription_in(st, type, from);
		return 1;
	}
	char *bare = jid_bare(from);
	char *clean_bare = sanitize_str(bare, SANITIZE_LINE);
	const char *res = jid_resource(from);
	char *clean_res = res ? sanitize(res, strlen(res), SANITIZE_LINE, XS_LINE_MAX) : NULL;
	char *status = xs_child_text(st, "status", SANITIZE_LINE, XS_LINE_MAX);
	enum show show = type ? SHOW_OFFLINE : show_from_stanza(st);
	if (!roster_presence(clean_bare, clean_res, show, priority_from_stanza(st), status))
		log_debug("presence from a JID not in the roster ignored");
	if (type)
		xcaps_unavailable(from);
	else
		xcaps_presence(from, st);
	free(status);
	free(clean_res);
	free(clean_bare);
	free(bare);
	return 1;
}

/* Broadcast our presence (SHOW_OFFLINE sends unavailable). */
void xpresence_send(enum show show, const char *status)
{
	xmpp_stanza_t *pres =
	    xs_stanza_new("presence", show == SHOW_OFFLINE ? "unavailable" : NULL, NULL, NULL);
	if (show != SHOW_OFFLINE && show != SHOW_ONLINE) {
		xmpp_stanza_t *el = xs_add_child(pres, "show", NULL);
		xs_add_text(el, show_name(show));
	}
	if (status && *status) {
		xmpp_stanza_t *el = xs_add_child(pres, "status", NULL);
		xs_add_text(el, status);
	}
	if (show != SHOW_OFFLINE)
		xcaps_add(pres);
	xs_send(pres);
	xmpp_stanza_release(pres);
}
