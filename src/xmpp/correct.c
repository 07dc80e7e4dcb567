/* correct.c - XEP-0308 Last Message Correction: receive and send */
#include <stdlib.h>

#include "core.h"
#include "log.h"
#include "util.h"
#include "xmpp_internal.h"

#define CORRECT_NS "urn:xmpp:message-correct:0"
#define SID_NS     "urn:xmpp:sid:0"

/* A <replace id=X/> in st: the new text for X when s sent X. */
bool xcorrect_handle(xmpp_stanza_t *st, const struct xedit_sender *s)
{
	xmpp_stanza_t *rep = xmpp_stanza_get_child_by_name_and_ns(st, "replace", CORRECT_NS);
	if (rep == NULL)
		return false;
	struct conv *cv;
	struct message *m = xedit_target(s, rep, false, &cv);
	char *body = m ? xs_child_text(st, "body", SANITIZE_MULTILINE, XS_BODY_MAX) : NULL;
	if (body && *body)
		core_message_correct(cv, m, body);
	free(body);
	return true;
}

/* Send text as a correction of target to 'to' (a chat, room or room PM). */
void xcorrect_build(xmpp_stanza_t *msg, const char *target, const char *text, const char *id)
{
	xs_add_text(xs_add_child(msg, "body", NULL), text);
	xmpp_stanza_set_id(xs_add_child(msg, "replace", CORRECT_NS), target);
	xmpp_stanza_set_id(xs_add_child(msg, "origin-id", SID_NS), id);
}
