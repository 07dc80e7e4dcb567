/* edits.c - who may change a message: corrections, retractions and
 * reactions only from the message's own sender, in its own conversation */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "room.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define OCCUPANT_ID_NS "urn:xmpp:occupant-id:0"

/* True when a and b are both NULL or equal. */
static bool same_or_both_null(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* True when m was sent by s: same direction and, from an occupant, the same
 * nick and the same real JID or occupant-id (or neither known for both). */
static bool sent_by(const struct message *m, const struct xedit_sender *s)
{
	if (m->dir != s->dir || m->dir == MSG_SYSTEM)
		return false;
	if (s->dir == MSG_OUT || s->nick == NULL)
		return true;
	return m->from && strcmp(m->from, s->nick) == 0 && same_or_both_null(m->author, s->author);
}

/* The message of s's conversation named by el's id that s itself sent. */
struct message *xedit_target(const struct xedit_sender *s, xmpp_stanza_t *el, bool by_sid,
                             struct conv **cv_out)
{
	const char *id = el ? xmpp_stanza_get_attribute(el, "id") : NULL;
	struct conv *cv = s->conv_jid ? conv_find(s->conv_jid) : NULL;
	*cv_out = NULL;
	if (id == NULL || *id == '\0' || strlen(id) > XEDIT_ID_MAX || cv == NULL ||
	    cv->type != s->type)
		return NULL;
	char *clean = sanitize_str(id, SANITIZE_LINE);
	struct message *found = NULL;
	for (size_t i = cv->len; i-- > 0 && found == NULL;) {
		struct message *m = cv->msgs[i];
		const char *key = by_sid ? m->stanza_id : m->id;
		if (key && strcmp(key, clean) == 0 && sent_by(m, s))
			found = m;
	}
	free(clean);
	if (found == NULL)
		log_debug("edit of a message this sender did not send here ignored");
	*cv_out = found ? cv : NULL;
	return found;
}

/* The reaction key for s. */
char *xedit_who(const struct xedit_sender *s)
{
	if (s->dir == MSG_OUT)
		return xstrdup(EDITS_ME);
	if (s->author)
		return xstrdup(s->author);
	if (s->nick)
		return xasprintf("nick:%s", s->nick);
	return xasprintf("jid:%s", s->conv_jid);
}

/* The author key of nick's messages in room: the real JID the room shows,
 * else the XEP-0421 occupant-id, else NULL. */
char *xmuc_author(xmpp_stanza_t *st, const char *room, const char *nick)
{
	struct room *r = room_find(room);
	struct occupant *o = r && nick ? room_occupant_find(r, nick) : NULL;
	if (o && o->jid)
		return xasprintf("jid:%s", o->jid);
	xmpp_stanza_t *oid =
	    xmpp_stanza_get_child_by_name_and_ns(st, "occupant-id", OCCUPANT_ID_NS);
	const char *v = oid ? xmpp_stanza_get_attribute(oid, "id") : NULL;
	if (v == NULL || *v == '\0' || strlen(v) > XEDIT_ID_MAX)
		return NULL;
	char *clean = sanitize_str(v, SANITIZE_LINE);
	char *key = xasprintf("id:%s", clean);
	free(clean);
	return key;
}

/* Handle st's edit element, if any. */
bool xedits_handle(xmpp_stanza_t *st, const struct xedit_sender *s)
{
	if (xretract_handle(st, s))
		return true;
	if (xcorrect_handle(st, s))
		return true;
	return xreactions_handle(st, s);
}

/* The message type for 'to': groupchat for a room we are in, else chat. */
static const char *edit_type(const char *to)
{
	char *bare = jid_bare(to);
	bool room = room_find(bare) != NULL && jid_resource(to) == NULL;
	free(bare);
	return room ? "groupchat" : "chat";
}

/* Send a correction, a retraction or our reactions (struct core_backend). */
int xedit_send(const char *to, enum edit_kind kind, const char *target, const char *text,
               const char *id)
{
	if (xs.phase != XS_ONLINE || to == NULL || target == NULL)
		return -1;
	char rid[24];
	if (id == NULL) {
		random_id(rid, sizeof(rid));
		id = rid;
	}
	xmpp_stanza_t *msg = xs_stanza_new("message", edit_type(to), id, to);
	if (kind == EDIT_CORRECT)
		xcorrect_build(msg, target, text, id);
	else if (kind == EDIT_RETRACT)
		xretract_build(msg, target);
	else
		xreactions_build(msg, target, text);
	xs_send(msg);
	xmpp_stanza_release(msg);
	return 0;
}
