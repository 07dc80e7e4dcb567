/* muc_message.c - messages in rooms: groupchat, subjects, history,
 * private messages, and who may say what */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define MUC_USER_NS "http://jabber.org/protocol/muc#user"
#define SID_NS      "urn:xmpp:sid:0"
#define DELAY_NS    "urn:xmpp:delay"

static char **expect; /* rooms whose first subject after joining may come from anyone there */
static size_t nexpect;

/* The next subject from r is the one the room sends after our join. */
void xmuc_subject_expect(const char *room)
{
	for (size_t i = 0; i < nexpect; i++)
		if (strcmp(expect[i], room) == 0)
			return;
	expect = xreallocarray(expect, nexpect + 1, sizeof(*expect));
	expect[nexpect++] = xstrdup(room);
}

/* True (once) when a subject from room is the one sent after our join. */
static bool subject_expected(const char *room)
{
	for (size_t i = 0; i < nexpect; i++) {
		if (strcmp(expect[i], room) == 0) {
			free(expect[i]);
			expect[i] = expect[--nexpect];
			return true;
		}
	}
	return false;
}

/* The archive id the room gave st (<stanza-id by=room/>), or NULL. Caller frees. */
static char *room_stanza_id(xmpp_stanza_t *st, const char *room)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_get_name(c);
		const char *ns = xmpp_stanza_get_ns(c);
		if (name == NULL || ns == NULL || strcmp(name, "stanza-id") || strcmp(ns, SID_NS))
			continue;
		const char *by = xmpp_stanza_get_attribute(c, "by");
		if (by && jid_resource(by) == NULL && jid_bare_eq(by, room))
			return xs_attr(c, "id");
	}
	return NULL;
}

/* Our id for st: its origin-id, else its id. Caller frees. */
static char *message_id(xmpp_stanza_t *st)
{
	xmpp_stanza_t *o = xmpp_stanza_get_child_by_name_and_ns(st, "origin-id", SID_NS);
	char *id = o ? xs_attr(o, "id") : NULL;
	return id ? id : xs_attr(st, "id");
}

/* A subject change: from an occupant, the room itself, or right after we joined. */
static void groupchat_subject(struct room *r, xmpp_stanza_t *subj, const char *nick)
{
	bool expected = subject_expected(r->jid);
	if (nick && room_occupant_find(r, nick) == NULL && !expected) {
		log_debug("subject from a non-occupant ignored");
		return;
	}
	char *text = xs_child_text(subj, NULL, SANITIZE_LINE, XS_LINE_MAX);
	bool same = (text == NULL || *text == '\0') ? r->subject == NULL
	                                            : (r->subject && strcmp(r->subject, text) == 0);
	if (!same)
		room_set_subject(r, text, expected ? NULL : nick);
	free(text);
}

/* A groupchat body from nick in r: our reflected message or someone's. */
static void groupchat_body(struct room *r, xmpp_stanza_t *st, const char *nick, char *body)
{
	/* only the room dates its history; an occupant's own <delay/> is ignored */
	bool history = xmessage_delay_by(st, r->jid) != NULL;
	char *id = message_id(st);
	char *sid = room_stanza_id(st, r->jid);
	bool ours = strcmp(nick, r->nick) == 0;
	struct msg_in in = {
	    .conv_jid = r->jid,
	    .dir = ours ? MSG_OUT : MSG_IN,
	    .from = nick,
	    .body = body,
	    .id = id,
	    .stanza_id = sid,
	    .ts = xmessage_time_by(st, r->jid),
	    .archived = history,
	};
	if (ours && id && !history)
		core_message_state(r->jid, id, MSG_DELIVERED, NULL);
	char *author = ours ? NULL : xmuc_author(st, r->jid, nick);
	core_message_author(core_message_in(&in), author);
	free(author);
	if (!history)
		xmuc_mam_live(r->jid, sid);
	free(sid);
	free(id);
}

/* A chat state from an occupant. */
static void groupchat_state(struct room *r, xmpp_stanza_t *st, const char *nick)
{
	static const char *const names[] = {NULL,     "active",   "composing",
	                                    "paused", "inactive", "gone"};
	struct occupant *o = room_occupant_find(r, nick);
	for (int i = 1; o && i <= CHAT_GONE; i++) {
		if (xmpp_stanza_get_child_by_name_and_ns(st, names[i],
		                                         "http://jabber.org/protocol/chatstates")) {
			o->state = (enum chat_state)i;
			core_emit_occupant_changed(r, o);
			return;
		}
	}
}

/* A correction, retraction or reactions from nick in r, live or from the
 * room's archive (true: handled, no body to show). */
bool xmuc_edit(xmpp_stanza_t *st, struct room *r, const char *nick)
{
	char *author = xmuc_author(st, r->jid, nick);
	bool ours = r->nick && strcmp(nick, r->nick) == 0;
	struct xedit_sender es = {.conv_jid = r->jid,
	                          .type = CONV_ROOM,
	                          .dir = ours ? MSG_OUT : MSG_IN,
	                          .nick = nick,
	                          .author = author};
	bool done = xedits_handle(st, &es);
	free(author);
	return done;
}

/* A type=groupchat message from 'from': only from a room we are in. */
static void groupchat(xmpp_stanza_t *st, struct room *r, const char *from)
{
	if (r == NULL || (r->state != ROOM_JOINED && r->state != ROOM_JOINING)) {
		log_debug("groupchat from a room we are not in ignored");
		return;
	}
	const char *res = jid_resource(from);
	char *nick = res ? sanitize(res, strlen(res), SANITIZE_LINE, XS_LINE_MAX) : NULL;
	xmpp_stanza_t *subj = xmpp_stanza_get_child_by_name(st, "subject");
	if (nick && !subj && xmuc_edit(st, r, nick)) {
		free(nick);
		return;
	}
	char *body = xs_child_text(st, "body", SANITIZE_MULTILINE, XS_BODY_MAX);
	if (subj)
		groupchat_subject(r, subj, nick);
	else if (body && *body && nick)
		groupchat_body(r, st, nick, body);
	else if (body && *body)
		room_notice(r, LEVEL_INFO, "%s", body); /* the room itself speaks */
	if (nick && !subj)
		groupchat_state(r, st, nick);
	free(body);
	free(nick);
}

/* A private message from an occupant: its own tab, room@service/nick. */
static void private_message(xmpp_stanza_t *st, struct room *r, const char *from)
{
	const char *res = jid_resource(from);
	char *nick = sanitize(res, strlen(res), SANITIZE_LINE, XS_LINE_MAX);
	char *pm_jid = xasprintf("%s/%s", r->jid, nick);
	struct xedit_sender es = {
	    .conv_jid = pm_jid, .type = CONV_PRIVATE, .dir = MSG_IN, .nick = nick};
	bool edit = xedits_handle(st, &es);
	free(pm_jid);
	char *body = edit ? NULL : xs_child_text(st, "body", SANITIZE_MULTILINE, XS_BODY_MAX);
	if (body && *body) {
		char *conv_jid = xasprintf("%s/%s", r->jid, nick);
		conv_open_type(conv_jid, CONV_PRIVATE);
		char *id = message_id(st);
		struct msg_in in = {
		    .conv_jid = conv_jid,
		    .dir = MSG_IN,
		    .from = nick,
		    .body = body,
		    .id = id,
		    .ts = xmessage_time(st),
		};
		core_message_in(&in);
		free(id);
		free(conv_jid);
	}
	free(body);
	free(nick);
}

/* A message error from a room or an occupant (our message bounced). */
static void muc_error(xmpp_stanza_t *st, struct room *r, const char *from)
{
	const char *id = xmpp_stanza_get_id(st);
	if (id == NULL)
		return;
	char *why = xs_error_text(st);
	if (strncmp(id, XMUC_SUBJECT_ID, strlen(XMUC_SUBJECT_ID)) == 0) {
		room_notice(r, LEVEL_ERROR, "the room refused the topic: %s", why);
		free(why);
		return;
	}
	const char *res = jid_resource(from);
	if (res) {
		char *pm = xasprintf("%s/%s", r->jid, res);
		core_message_state(pm, id, MSG_FAILED, why);
		free(pm);
	}
	core_message_state(r->jid, id, MSG_FAILED, why);
	free(why);
}

/* A <message/> from 'from' (valid JID): handled here when it is room
 * traffic (true), false when it is none of ours. */
bool xmuc_message(xmpp_stanza_t *st, const char *from, const char *type)
{
	char *bare = jid_bare(from);
	struct room *r = room_find(bare);
	free(bare);
	bool gc = type && strcmp(type, "groupchat") == 0;
	if (gc) {
		groupchat(st, r, from);
		return true;
	}
	if (r == NULL)
		return false;
	if (type && strcmp(type, "error") == 0) {
		muc_error(st, r, from);
		return true;
	}
	const char *res = jid_resource(from);
	if (res == NULL || *res == '\0')
		return false; /* the room itself: invitations, notices */
	private_message(st, r, from);
	return true;
}

/* Send a room message (groupchat) or a room PM (chat with a muc#user <x/>);
 * false when 'to' is no room of ours. */
bool xmuc_send(const char *to, const char *body, const char *id)
{
	char *bare = jid_bare(to);
	struct room *r = room_find(bare);
	free(bare);
	if (r == NULL)
		return false;
	bool pm = jid_resource(to) != NULL;
	xmpp_stanza_t *msg = xs_stanza_new("message", pm ? "chat" : "groupchat", id, to);
	xs_add_text(xs_add_child(msg, "body", NULL), body);
	if (pm)
		xs_add_child(msg, "x", MUC_USER_NS);
	xchatstate_add(msg, CHAT_ACTIVE);
	xmpp_stanza_set_id(xs_add_child(msg, "origin-id", SID_NS), id);
	xs_send(msg);
	xmpp_stanza_release(msg);
	return true;
}

/* Send our chat state to a room we are in: groupchat, never archived. */
void xmuc_chat_state_send(const char *room, enum chat_state cs)
{
	struct room *r = room ? room_find(room) : NULL;
	if (xs.phase != XS_ONLINE || r == NULL || r->state != ROOM_JOINED || cs == CHAT_NONE)
		return;
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *msg = xs_stanza_new("message", "groupchat", id, r->jid);
	xchatstate_add(msg, cs);
	xs_add_child(msg, "no-store", "urn:xmpp:hints");
	xs_send(msg);
	xmpp_stanza_release(msg);
}

/* Forget the rooms' protocol state (at exit and between unit tests). */
void xmuc_reset(void)
{
	while (nexpect > 0)
		free(expect[--nexpect]);
	free(expect);
	expect = NULL;
	xmuc_mam_reset();
}
