/* muc.c - XEP-0045 rooms: joining, leaving, nick and subject, occupants
 * from presence, and the room's own errors in plain words */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define MUC_NS       "http://jabber.org/protocol/muc"
#define MUC_USER_NS  "http://jabber.org/protocol/muc#user"
#define MUC_OWNER_NS "http://jabber.org/protocol/muc#owner"

/* Send r's join presence with the history request. */
static int xmuc_join(const struct room *r, time_t since, int maxstanzas)
{
	if (xs.phase != XS_ONLINE)
		return -1;
	char *to = xasprintf("%s/%s", r->jid, r->nick);
	xmpp_stanza_t *pres = xs_stanza_new("presence", NULL, NULL, to);
	free(to);
	xmpp_stanza_t *x = xs_add_child(pres, "x", MUC_NS);
	xmpp_stanza_t *h = xs_add_child(x, "history", NULL);
	char buf[64];
	if (xmuc_mam_known(r->jid)) {
		/* the room's archive brings what we missed, once */
		xmpp_stanza_set_attribute(h, "maxstanzas", "0");
	} else if (since > 0) {
		struct tm tm;
		gmtime_r(&since, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		xmpp_stanza_set_attribute(h, "since", buf);
	} else {
		snprintf(buf, sizeof(buf), "%d", maxstanzas);
		xmpp_stanza_set_attribute(h, "maxstanzas", buf);
	}
	if (r->password)
		xs_add_text(xs_add_child(x, "password", NULL), r->password);
	xmuc_subject_expect(r->jid);
	xcaps_add(pres);
	xs_send(pres);
	xmpp_stanza_release(pres);
	return 0;
}

/* Leave r. */
static int xmuc_part(const struct room *r, const char *reason)
{
	if (xs.phase != XS_ONLINE)
		return -1;
	char *to = xasprintf("%s/%s", r->jid, r->nick);
	xmpp_stanza_t *pres = xs_stanza_new("presence", "unavailable", NULL, to);
	free(to);
	if (reason && *reason)
		xs_add_text(xs_add_child(pres, "status", NULL), reason);
	xs_send(pres);
	xmpp_stanza_release(pres);
	return 0;
}

/* Ask r for a new nick. */
static int xmuc_nick(const struct room *r, const char *nick)
{
	if (xs.phase != XS_ONLINE)
		return -1;
	char *to = xasprintf("%s/%s", r->jid, nick);
	xmpp_stanza_t *pres = xs_stanza_new("presence", NULL, NULL, to);
	free(to);
	xs_send(pres);
	xmpp_stanza_release(pres);
	return 0;
}

/* Set r's subject. */
static int xmuc_subject(const struct room *r, const char *subject)
{
	if (xs.phase != XS_ONLINE)
		return -1;
	char rid[24], id[40];
	random_id(rid, sizeof(rid));
	/* the prefix tells a refusal of the topic from one of a message */
	snprintf(id, sizeof(id), "%s%s", XMUC_SUBJECT_ID, rid);
	xmpp_stanza_t *msg = xs_stanza_new("message", "groupchat", id, r->jid);
	xmpp_stanza_t *s = xs_add_child(msg, "subject", NULL);
	if (*subject)
		xs_add_text(s, subject);
	xs_send(msg);
	xmpp_stanza_release(msg);
	return 0;
}

static const struct room_backend muc_backend = {
    .join = xmuc_join,
    .part = xmuc_part,
    .nick = xmuc_nick,
    .subject = xmuc_subject,
};

/* Register the room backend with core. */
void xmuc_register(void)
{
	room_set_backend(&muc_backend);
}

/* The answer to our instant-room form. */
static void instant_done(xmpp_stanza_t *reply, void *arg)
{
	char *jid = arg;
	struct room *r = room_find(jid);
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (r && type && strcmp(type, "error") == 0) {
		char *why = xs_error_text(reply);
		room_notice(r, LEVEL_ERROR, "the new room was not opened: %s", why);
		free(why);
	} else if (r && type) {
		room_notice(r, LEVEL_INFO, "the room is open, with the default configuration");
	}
	free(jid);
}

/* Accept the default configuration of a room we just created. */
void xmuc_instant_room(const char *room)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, room);
	xmpp_stanza_t *q = xs_add_child(iq, "query", MUC_OWNER_NS);
	xmpp_stanza_t *x = xs_add_child(q, "x", "jabber:x:data");
	xmpp_stanza_set_attribute(x, "type", "submit");
	xiq_send(iq, instant_done, xstrdup(room));
	xmpp_stanza_release(iq);
}

/* True when the muc#user <x/> of st carries status code. */
bool xmuc_has_status(xmpp_stanza_t *x, int code)
{
	for (xmpp_stanza_t *c = x ? xmpp_stanza_get_children(x) : NULL; c;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_get_name(c);
		const char *v = xmpp_stanza_get_attribute(c, "code");
		if (name && strcmp(name, "status") == 0 && v && atoi(v) == code)
			return true;
	}
	return false;
}
