/* nick.c - XEP-0172 user nickname, published through PEP (XEP-0163) */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define PUBSUB_NS "http://jabber.org/protocol/pubsub"
#define NICK_NS   "http://jabber.org/protocol/nick"

/* Who waits for the publish to be answered. */
struct nick_ask {
	xdone_fn fn;
	void *arg;
};

/* The server's answer to our publish. */
static void nick_answer(xmpp_stanza_t *reply, void *arg)
{
	struct nick_ask *ask = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (reply == NULL) {
		ask->fn(XQ_LOST, ask->arg);
	} else if (type && strcmp(type, "result") == 0) {
		ask->fn(NULL, ask->arg);
	} else {
		char *err = xs_error_text(reply);
		ask->fn(err, ask->arg);
		free(err);
	}
	free(ask);
}

/* Publish nick as our nickname on our PEP node (an empty <nick/> clears it). */
void xnick_publish(const char *nick, xdone_fn fn, void *arg)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, NULL);
	xmpp_stanza_t *pubsub = xs_add_child(iq, "pubsub", PUBSUB_NS);
	xmpp_stanza_t *publish = xs_add_child(pubsub, "publish", NULL);
	xmpp_stanza_set_attribute(publish, "node", NICK_NS);
	xmpp_stanza_t *item = xs_add_child(publish, "item", NULL);
	/* one item per node: the newest nick replaces the last */
	xmpp_stanza_set_attribute(item, "id", "current");
	xmpp_stanza_t *el = xs_add_child(item, "nick", NICK_NS);
	if (nick && *nick)
		xs_add_text(el, nick);
	struct nick_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, nick_answer, ask);
	xmpp_stanza_release(iq);
}
