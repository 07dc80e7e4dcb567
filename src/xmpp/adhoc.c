/* adhoc.c - XEP-0050 ad-hoc commands: natter offers none. Contacts may
 * list them (an empty list) and are told a command does not exist;
 * strangers learn nothing (service-unavailable). */
#include <string.h>

#include "xmpp_internal.h"

#define DISCO_ITEMS_NS "http://jabber.org/protocol/disco#items"

/* Answer a disco#items get on the commands node: an empty list. */
void xadhoc_answer_list(xmpp_stanza_t *iq)
{
	if (!xreply_contact(xmpp_stanza_get_from(iq))) {
		xiq_reply_error(iq, "cancel", "service-unavailable");
		return;
	}
	xmpp_stanza_t *res =
	    xs_stanza_new("iq", "result", xmpp_stanza_get_id(iq), xmpp_stanza_get_from(iq));
	xmpp_stanza_t *q = xs_add_child(res, "query", DISCO_ITEMS_NS);
	xmpp_stanza_set_attribute(q, "node", XADHOC_NS);
	xs_send(res);
	xmpp_stanza_release(res);
}

/* Answer an execute (iq set <command/>): no such command, or to strangers
 * service-unavailable, so they cannot tell natter from a client without
 * ad-hoc commands. */
void xadhoc_answer_execute(xmpp_stanza_t *iq)
{
	if (!xreply_contact(xmpp_stanza_get_from(iq)))
		xiq_reply_error(iq, "cancel", "service-unavailable");
	else
		xiq_reply_error(iq, "cancel", "item-not-found");
}
