/* message.c - one-to-one messages: receive, send, receipts, confirmation */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define RECEIPTS_NS "urn:xmpp:receipts"
#define DELAY_NS    "urn:xmpp:delay"
#define SID_NS      "urn:xmpp:sid:0"

/* Send a chat message with a receipt request, a chat marker request, our
 * active chat state and our origin-id. */
int xmessage_send(const char *to, const char *body, const char *id)
{
	if (xs.phase != XS_ONLINE)
		return -1;
	if (xconfirm_full())
		return -1;
	if (xmuc_send(to, body, id)) {
		xconfirm_add(to, id);
		return 0;
	}
	xmpp_stanza_t *msg = xs_stanza_new("message", "chat", id, to);
	xs_add_text(xs_add_child(msg, "body", NULL), body);
	xs_add_child(msg, "request", RECEIPTS_NS);
	xmarkers_add_markable(msg);
	xchatstate_add(msg, CHAT_ACTIVE);
	xmpp_stanza_set_id(xs_add_child(msg, "origin-id", SID_NS), id);
	xs_send(msg);
	xmpp_stanza_release(msg);
	xconfirm_add(to, id);
	return 0;
}

/* Time of a XEP-0203 <delay/> d. Who may say what: a stamp is remote data.
 * Absent, unparsable or before 1990: the arrival time. In the future (even
 * a second; clocks drift, but a message cannot arrive before it was sent):
 * clamped to the arrival time, so it never sorts after messages that
 * arrive later. A past stamp is kept: offline delivery needs it, and on a
 * one-to-one message only the sender's own words are misdated; in rooms
 * only the room's own delay counts (xmessage_delay_by). */
static time_t delay_time(xmpp_stanza_t *d)
{
	time_t now = time(NULL);
	const char *stamp = d ? xmpp_stanza_get_attribute(d, "stamp") : NULL;
	struct tm tm = {0};
	if (stamp == NULL || sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	                            &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return now;
	if (tm.tm_year < 1990 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return now;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	if (t == (time_t)-1 || t > now)
		return now;
	return t;
}

/* Time of a XEP-0203 delay stamp; now when absent or absurd. */
time_t xmessage_time(xmpp_stanza_t *st)
{
	return delay_time(xmpp_stanza_get_child_by_name_and_ns(st, "delay", DELAY_NS));
}

/* The <delay/> of st whose from= is the bare JID by, or NULL. */
xmpp_stanza_t *xmessage_delay_by(xmpp_stanza_t *st, const char *by)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(st); c && by;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
		const char *ns = xmpp_stanza_get_ns(c);
		const char *from = xmpp_stanza_get_attribute(c, "from");
		if (name && ns && from && strcmp(name, "delay") == 0 && strcmp(ns, DELAY_NS) == 0 &&
		    jid_valid(from) && jid_resource(from) == NULL && jid_bare_eq(from, by))
			return c;
	}
	return NULL;
}

/* Time of the delay of st given by the bare JID by; now when it has none. */
time_t xmessage_time_by(xmpp_stanza_t *st, const char *by)
{
	return delay_time(xmessage_delay_by(st, by));
}

/* Answer a receipt request, but only to contacts that see our presence. */
static void answer_receipt(xmpp_stanza_t *st, const char *from)
{
	const char *id = xmpp_stanza_get_id(st);
	if (id == NULL || xmpp_stanza_get_child_by_name_and_ns(st, "request", RECEIPTS_NS) == NULL)
		return;
	struct contact *c = roster_find(from);
	if (c == NULL || (c->sub != SUB_FROM && c->sub != SUB_BOTH))
		return;
	char rid[24];
	random_id(rid, sizeof(rid));
	xmpp_stanza_t *msg = xs_stanza_new("message", NULL, rid, from);
	xmpp_stanza_set_id(xs_add_child(msg, "received", RECEIPTS_NS), id);
	xs_send(msg);
	xmpp_stanza_release(msg);
}

/* An error bounced back for one of our messages: it must come from the
 * JID we wrote to (servers bounce on the recipient's behalf). */
static void message_error(xmpp_stanza_t *st, const char *bare)
{
	const char *id = xmpp_stanza_get_id(st);
	if (id == NULL)
		return;
	char *why = xs_error_text(st);
	core_message_state(bare, id, MSG_FAILED, why);
	free(why);
}

/* A XEP-0184 receipt from the contact we wrote to. */
static void message_receipt(xmpp_stanza_t *received, const char *bare)
{
	const char *id = xmpp_stanza_get_attribute(received, "id");
	core_message_state(bare, id, MSG_DELIVERED, NULL);
}

/* A chat message with a body: show it in the contact's tab. Returns false
 * when it had none. */
static bool message_body(xmpp_stanza_t *st, const char *from, const char *bare, bool live)
{
	char *body = xs_child_text(st, "body", SANITIZE_MULTILINE, XS_BODY_MAX);
	if (body == NULL || *body == '\0') {
		free(body);
		return false;
	}
	char *clean_bare = sanitize_str(bare, SANITIZE_LINE);
	struct contact *c = roster_find(bare);
	char *id = xs_attr(st, "id");
	char *stanza_id = xmam_stanza_id(st);
	struct msg_in in = {
	    .conv_jid = clean_bare,
	    .dir = MSG_IN,
	    .from = c ? contact_label(c) : clean_bare,
	    .body = body,
	    .id = id,
	    .stanza_id = stanza_id,
	    .ts = xmessage_time(st),
	    .markable = xmarkers_markable(st),
	};
	core_message_in(&in);
	xmam_live_archived(stanza_id);
	/* A carbon's original went to another of our devices, which answers. */
	if (live)
		answer_receipt(st, from);
	free(stanza_id);
	free(id);
	free(clean_bare);
	free(body);
	return true;
}

/* A one-to-one message: receipts, markers, chat states and body. */
void xmessage_incoming(xmpp_stanza_t *st, const char *from, bool live)
{
	char *bare = jid_bare(from);
	xmpp_stanza_t *rec = xmpp_stanza_get_child_by_name_and_ns(st, "received", RECEIPTS_NS);
	if (rec)
		message_receipt(rec, bare);
	xmarkers_handle(st, bare);
	char *conv_jid = sanitize_str(bare, SANITIZE_LINE);
	struct xedit_sender es = {.conv_jid = conv_jid, .type = CONV_CHAT, .dir = MSG_IN};
	bool edit = xedits_handle(st, &es); /* before the body: it replaces none */
	free(conv_jid);
	bool had_body = !edit && message_body(st, from, bare, live);
	xchatstates_handle(st, bare, had_body);
	free(bare);
}

/* The handler for every <message/>. */
int xh_message(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)conn;
	(void)ud;
	/* archive results come from our own account, often without a from */
	if (xmam_message(st))
		return 1;
	const char *from = xmpp_stanza_get_from(st);
	const char *type = xmpp_stanza_get_type(st);
	if (from == NULL || !jid_valid(from))
		return 1;
	xselfping_seen(from);
	if (xbookmarks_message(st, from))
		return 1;
	if (xmuc_invite_message(st, from))
		return 1; /* room invitations, mediated or direct */
	if (xmuc_message(st, from, type))
		return 1;
	if (type && (strcmp(type, "groupchat") == 0 || strcmp(type, "headline") == 0))
		return 1; /* rooms and headlines come with their own issues */
	if (type && strcmp(type, "error") == 0) {
		char *bare = jid_bare(from);
		message_error(st, bare);
		free(bare);
		return 1;
	}
	if (!xcarbons_handle(st, from))
		xmessage_incoming(st, from, true);
	return 1;
}
