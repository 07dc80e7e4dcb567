/* muc_presence.c - presence from rooms: occupants, our own entry, nick
 * changes, being removed, and join errors in plain words */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define MUC_USER_NS "http://jabber.org/protocol/muc#user"

/* What one room presence says (every string sanitized). */
struct mpres {
	char *nick;     /* the resource: the occupant's nick */
	char *real_jid; /* bare real JID from <item jid/>, or NULL */
	char *new_nick; /* <item nick/> with status 303, or NULL */
	char *status;
	char *reason; /* <item><reason/> */
	enum muc_role role;
	enum muc_affil affil;
	enum show show;
	xmpp_stanza_t *x; /* the muc#user <x/>, or NULL */
	bool self;        /* status 110, accepted */
};

/* <show/> of a presence ("online" when absent or unknown). */
static enum show mp_show(xmpp_stanza_t *st)
{
	char *text = xs_child_text(st, "show", SANITIZE_LINE, 16);
	enum show s = SHOW_ONLINE;
	if (text && show_parse(text, &s) < 0)
		s = SHOW_ONLINE;
	if (s == SHOW_OFFLINE)
		s = SHOW_ONLINE;
	free(text);
	return s;
}

/* Read the muc#user <item/> of a presence. */
static void mp_item(struct mpres *p)
{
	xmpp_stanza_t *item = p->x ? xmpp_stanza_get_child_by_name(p->x, "item") : NULL;
	if (item == NULL)
		return;
	const char *role = xmpp_stanza_get_attribute(item, "role");
	const char *affil = xmpp_stanza_get_attribute(item, "affiliation");
	if (role)
		muc_role_parse(role, &p->role);
	if (affil)
		muc_affil_parse(affil, &p->affil);
	const char *jid = xmpp_stanza_get_attribute(item, "jid");
	if (jid && jid_valid(jid)) {
		char *bare = jid_bare(jid);
		p->real_jid = sanitize_str(bare, SANITIZE_LINE);
		free(bare);
	}
	if (xmuc_has_status(p->x, 303))
		p->new_nick = xs_attr(item, "nick");
	p->reason = xs_child_text(item, "reason", SANITIZE_LINE, XS_LINE_MAX);
}

/* Free what mp_read took. */
static void mp_free(struct mpres *p)
{
	free(p->nick);
	free(p->real_jid);
	free(p->new_nick);
	free(p->status);
	free(p->reason);
}

/* Plain words for a join error, with the room's own text. Caller frees. */
char *xmuc_join_error(xmpp_stanza_t *st, const char *nick)
{
	static const struct {
		const char *cond, *words;
	} words[] = {
	    {"conflict", "the nick %s is taken in this room: try /join again with "
	                 "another, like %s_"},
	    {"forbidden", "you are banned from this room"},
	    {"registration-required", "this room is for members only"},
	    {"not-authorized", "this room needs a password (wrong or missing)"},
	    {"item-not-found", "there is no such room (or it is locked)"},
	    {"service-unavailable", "the room is full or not available"},
	    {"not-allowed", "you may not create rooms on this service"},
	    {"jid-malformed", "that nick is not allowed"},
	    {"not-acceptable", "that nick is not allowed in this room"},
	};
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(st, "error");
	char *other = xs_error_text(st);
	for (size_t i = 0; err && i < sizeof(words) / sizeof(words[0]); i++) {
		if (xmpp_stanza_get_child_by_name(err, words[i].cond) == NULL)
			continue;
		char *w = i == 0 ? xasprintf(words[i].words, nick, nick) : xstrdup(words[i].words);
		char *text = xs_child_text(err, "text", SANITIZE_LINE, XS_LINE_MAX);
		char *out = text && *text ? xasprintf("%s (%s)", w, text) : xstrdup(w);
		free(text);
		free(w);
		free(other);
		return out;
	}
	return other;
}

/* An error presence from the room: joining or a nick change failed. */
static void mp_error(struct room *r, xmpp_stanza_t *st, const struct mpres *p)
{
	char *why = xmuc_join_error(st, p->nick ? p->nick : r->nick);
	if (r->state == ROOM_JOINING) {
		room_set_state(r, ROOM_FAILED, why);
		room_notice(r, LEVEL_ERROR, "could not join %s: %s", r->jid, why);
		core_room_outbox(r); /* what waited for the join cannot go */
	} else {
		room_notice(r, LEVEL_ERROR, "the room refused: %s", why);
	}
	free(why);
}

/* Why we were removed (status 301, 307, 321, 322, 332), or NULL. */
static const char *removal_words(xmpp_stanza_t *x)
{
	if (xmuc_has_status(x, 301))
		return "you were banned from the room";
	if (xmuc_has_status(x, 307))
		return "you were kicked from the room";
	if (xmuc_has_status(x, 321))
		return "you were removed: your affiliation changed";
	if (xmuc_has_status(x, 322))
		return "you were removed: the room is now for members only";
	if (xmuc_has_status(x, 332))
		return "you were removed: the room service is shutting down";
	return NULL;
}

/* Our own unavailable presence: we left, were removed, or the room is gone. */
static void mp_self_gone(struct room *r, const struct mpres *p)
{
	xmpp_stanza_t *destroy = p->x ? xmpp_stanza_get_child_by_name(p->x, "destroy") : NULL;
	const char *why = removal_words(p->x);
	char *text = NULL;
	if (destroy) {
		char *reason = xs_child_text(destroy, "reason", SANITIZE_LINE, XS_LINE_MAX);
		char *alt = xs_attr(destroy, "jid");
		text = xasprintf("the room was destroyed%s%s%s%s", reason ? ": " : "",
		                 reason ? reason : "", alt ? "; it moved to " : "", alt ? alt : "");
		free(reason);
		free(alt);
	} else if (why) {
		text = xasprintf("%s%s%s", why, p->reason ? ": " : "", p->reason ? p->reason : "");
	}
	if (text == NULL && r->state != ROOM_JOINED)
		return; /* the answer to our own /part */
	if (text == NULL)
		text = xstrdup("you left the room");
	room_set_state(r, ROOM_PARTED, text);
	room_notice(r, LEVEL_ERROR, "%s", text);
	core_room_outbox(r);
	free(text);
}

/* Someone's nick changed (status 303 on their unavailable presence). */
static void mp_renamed(struct room *r, const struct mpres *p)
{
	room_occupant_rename(r, p->nick, p->new_nick);
	if (p->self) {
		xstrset(&r->nick, p->new_nick);
		room_notice(r, LEVEL_INFO, "you are now known as %s", p->new_nick);
		core_emit_room_changed(r);
	} else if (room_show_joins(r)) {
		room_notice(r, LEVEL_INFO, "%s is now known as %s", p->nick, p->new_nick);
	}
}

/* An unavailable presence from the room. */
static void mp_unavailable(struct room *r, const struct mpres *p)
{
	if (p->new_nick && *p->new_nick) {
		mp_renamed(r, p);
		return;
	}
	if (p->self) {
		mp_self_gone(r, p);
		return;
	}
	if (room_occupant_find(r, p->nick) == NULL)
		return;
	room_occupant_remove(r, p->nick);
	const char *why = removal_words(p->x);
	if (why)
		room_notice(r, LEVEL_INFO, "%s: %s", p->nick, why + 4); /* "you were ..." */
	else if (room_show_joins(r))
		room_notice(r, LEVEL_INFO, "%s left%s%s", p->nick, p->status ? ": " : "",
		            p->status ? p->status : "");
}

/* Our own presence: we are in (and maybe created the room). */
static void mp_self_in(struct room *r, const struct mpres *p, xmpp_stanza_t *x)
{
	if (strcmp(r->nick, p->nick) != 0)
		xstrset(&r->nick, p->nick); /* the room changed it (status 210) */
	if (r->state != ROOM_JOINED) {
		room_set_state(r, ROOM_JOINED, NULL);
		room_notice(r, LEVEL_INFO, "you joined %s as %s", r->jid, r->nick);
		xmuc_mam_joined(r->jid);
		core_room_outbox(r); /* what was typed meanwhile goes out now */
	}
	if (xmuc_has_status(x, 201)) {
		room_notice(r, LEVEL_INFO, "you created this room");
		if (room_created_hook == NULL || !room_created_hook(r))
			xmuc_instant_room(r->jid);
	}
}

/* An available presence from the room. */
static void mp_available(struct room *r, const struct mpres *p)
{
	bool known = room_occupant_find(r, p->nick) != NULL;
	room_occupant_set(r, p->nick, p->real_jid, p->role, p->affil, p->show, p->status);
	if (p->self)
		mp_self_in(r, p, p->x);
	else if (!known && r->state == ROOM_JOINED && room_show_joins(r))
		room_notice(r, LEVEL_INFO, "%s joined", p->nick);
}

/* Read what a room presence says. */
static void mp_read(struct mpres *p, struct room *r, xmpp_stanza_t *st, const char *res)
{
	p->nick = sanitize(res, strlen(res), SANITIZE_LINE, XS_LINE_MAX);
	p->x = xmpp_stanza_get_child_by_name_and_ns(st, "x", MUC_USER_NS);
	p->status = xs_child_text(st, "status", SANITIZE_LINE, XS_LINE_MAX);
	p->show = mp_show(st);
	mp_item(p);
	/* status 110 counts only for our own nick (or the one the room gives
	 * us while we join, status 210) */
	p->self = xmuc_has_status(p->x, 110) &&
	          (strcmp(p->nick, r->nick) == 0 ||
	           (r->state == ROOM_JOINING && xmuc_has_status(p->x, 210)));
}

/* A presence from 'from': handled here when its bare JID is a room we are
 * in or joining; false otherwise. */
bool xmuc_presence(xmpp_stanza_t *st, const char *from)
{
	char *bare = jid_bare(from);
	struct room *r = room_find(bare);
	free(bare);
	if (r == NULL || (r->state != ROOM_JOINING && r->state != ROOM_JOINED))
		return false;
	const char *type = xmpp_stanza_get_type(st);
	const char *res = jid_resource(from);
	struct mpres p = {0};
	if (res == NULL || *res == '\0') {
		if (type && strcmp(type, "error") == 0)
			mp_error(r, st, &p);
		return true;
	}
	mp_read(&p, r, st, res);
	if (type && strcmp(type, "error") == 0)
		mp_error(r, st, &p);
	else if (type && strcmp(type, "unavailable") == 0)
		mp_unavailable(r, &p);
	else if (type == NULL)
		mp_available(r, &p);
	mp_free(&p);
	return true;
}
