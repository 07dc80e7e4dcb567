/* retract.c - XEP-0424 Message Retraction: receive (current and fastening
 * forms) and send. Moderator retractions (XEP-0425) are not handled. */
#include <stdbool.h>

#include "core.h"
#include "xmpp_internal.h"

#define RETRACT_NS     "urn:xmpp:message-retract:1"
#define RETRACT_OLD_NS "urn:xmpp:message-retract:0"
#define FASTEN_NS      "urn:xmpp:fasten:0"
#define FALLBACK_NS    "urn:xmpp:fallback:0"
#define HINTS_NS       "urn:xmpp:hints"

/* The element naming the retracted message: <retract id/> or the older
 * <apply-to id><retract/></apply-to>; NULL when st retracts nothing. */
static xmpp_stanza_t *retract_element(xmpp_stanza_t *st)
{
	xmpp_stanza_t *r = xmpp_stanza_get_child_by_name_and_ns(st, "retract", RETRACT_NS);
	if (r)
		return r;
	xmpp_stanza_t *a = xmpp_stanza_get_child_by_name_and_ns(st, "apply-to", FASTEN_NS);
	if (a && xmpp_stanza_get_child_by_name_and_ns(a, "retract", RETRACT_OLD_NS))
		return a;
	return NULL;
}

/* A retraction in st: applied when s sent the message it names (in rooms
 * by the room's stanza-id, XEP-0424 §5). */
bool xretract_handle(xmpp_stanza_t *st, const struct xedit_sender *s)
{
	xmpp_stanza_t *el = retract_element(st);
	if (el == NULL)
		return false;
	struct conv *cv;
	struct message *m = xedit_target(s, el, s->type == CONV_ROOM, &cv);
	if (m && !m->retracted)
		core_message_retract(cv, m);
	return true;
}

/* Fill msg with a retraction of target (and a fallback text for old clients). */
void xretract_build(xmpp_stanza_t *msg, const char *target)
{
	xmpp_stanza_set_id(xs_add_child(msg, "retract", RETRACT_NS), target);
	xmpp_stanza_set_attribute(xs_add_child(msg, "fallback", FALLBACK_NS), "for", RETRACT_NS);
	xs_add_text(xs_add_child(msg, "body", NULL),
	            "/me retracted a previous message, but your client does not support that.");
	xs_add_child(msg, "store", HINTS_NS);
}
