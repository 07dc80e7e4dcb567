/* chatstates.c - XEP-0085 chat states: whether a contact is typing, and
 * telling the contact whether we are */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "util.h"
#include "xmpp_internal.h"

#define CHATSTATES_NS "http://jabber.org/protocol/chatstates"
#define HINTS_NS      "urn:xmpp:hints"

/* Element names of the states, indexed by enum chat_state. */
static const char *const state_names[] = {
    [CHAT_ACTIVE] = "active",     [CHAT_COMPOSING] = "composing", [CHAT_PAUSED] = "paused",
    [CHAT_INACTIVE] = "inactive", [CHAT_GONE] = "gone",
};

/* The element name of cs, or NULL for CHAT_NONE and unknown values. */
static const char *state_name(enum chat_state cs)
{
	size_t n = sizeof(state_names) / sizeof(state_names[0]);
	return (size_t)cs < n ? state_names[cs] : NULL;
}

/* The chat state carried by st, or CHAT_NONE. */
static enum chat_state state_of(xmpp_stanza_t *st)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
		const char *ns = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_ns(c) : NULL;
		if (ns == NULL || strcmp(ns, CHATSTATES_NS) != 0)
			continue;
		const char *name = xmpp_stanza_get_name(c);
		for (int cs = CHAT_ACTIVE; cs <= CHAT_GONE; cs++)
			if (strcmp(name, state_names[cs]) == 0)
				return (enum chat_state)cs;
	}
	return CHAT_NONE;
}

/* Apply the chat state in a message from bare. */
void xchatstates_handle(xmpp_stanza_t *st, const char *bare, bool had_body)
{
	enum chat_state cs = state_of(st);
	/* A message that arrives has been written: the contact stopped typing. */
	if (cs == CHAT_NONE && had_body)
		cs = CHAT_ACTIVE;
	if (cs != CHAT_NONE)
		core_peer_state(bare, cs);
}

/* Add chat state cs to our outgoing message msg. */
void xchatstate_add(xmpp_stanza_t *msg, enum chat_state cs)
{
	const char *name = state_name(cs);
	if (name)
		xs_add_child(msg, name, CHATSTATES_NS);
}

/* Send our chat state towards 'to', kept out of archives. */
void xchatstate_send(const char *to, enum chat_state cs)
{
	if (xs.phase != XS_ONLINE || to == NULL || state_name(cs) == NULL)
		return;
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *msg = xs_stanza_new("message", "chat", id, to);
	xchatstate_add(msg, cs);
	xs_add_child(msg, "no-store", HINTS_NS);
	xs_send(msg);
	xmpp_stanza_release(msg);
}
