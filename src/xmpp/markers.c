/* markers.c - XEP-0333 chat markers: ask for them on our messages, apply
 * those contacts send us, send ours when the user has seen a message */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define MARKERS_NS "urn:xmpp:chat-markers:0"

/* True when the sender of st asked for chat markers. */
bool xmarkers_markable(xmpp_stanza_t *st)
{
	return xmpp_stanza_get_child_by_name_and_ns(st, "markable", MARKERS_NS) != NULL;
}

/* Ask for chat markers on our outgoing message. */
void xmarkers_add_markable(xmpp_stanza_t *msg)
{
	xs_add_child(msg, "markable", MARKERS_NS);
}

/* Index of our newest message with id in cv, or cv->len when there is none. */
static size_t find_own(const struct conv *cv, const char *id)
{
	for (size_t i = cv->len; i-- > 0;) {
		const struct message *m = cv->msgs[i];
		if (m->dir == MSG_OUT && m->id && strcmp(m->id, id) == 0)
			return i;
	}
	return cv->len;
}

/* True when a displayed marker for a later message also reads m: it went
 * out and has not been read (or failed, which it cannot have been shown). */
static bool read_by_later(const struct message *m)
{
	return m->dir == MSG_OUT && m->id && m->state >= MSG_SENDING && m->state < MSG_READ;
}

/* Contact bare displayed our message id, and so everything we sent before
 * it. The ids are copied first: a state change may touch the history. */
static void mark_read_up_to(const char *bare, const char *id)
{
	struct conv *cv = conv_find(bare);
	size_t at = cv ? find_own(cv, id) : 0;
	if (cv == NULL || at == cv->len) {
		log_debug("markers: displayed marker for a message we do not hold");
		return;
	}
	char **ids = xcalloc(at + 2, sizeof(*ids));
	size_t n = 0;
	ids[n++] = xstrdup(id);
	for (size_t i = 0; i < at; i++)
		if (read_by_later(cv->msgs[i]))
			ids[n++] = xstrdup(cv->msgs[i]->id);
	for (size_t i = 0; i < n; i++)
		core_message_state(bare, ids[i], MSG_READ, NULL);
	strv_free(ids);
}

/* The id of marker element name in st, or NULL when it has none. */
static const char *marker_id(xmpp_stanza_t *st, const char *name)
{
	xmpp_stanza_t *el = xmpp_stanza_get_child_by_name_and_ns(st, name, MARKERS_NS);
	const char *id = el ? xmpp_stanza_get_attribute(el, "id") : NULL;
	return id && *id ? id : NULL;
}

/* Apply the markers in a message from bare to our messages in that chat. */
void xmarkers_handle(xmpp_stanza_t *st, const char *bare)
{
	const char *id = marker_id(st, "received");
	if (id)
		core_message_state(bare, id, MSG_DELIVERED, NULL);
	id = marker_id(st, "displayed");
	if (id == NULL)
		id = marker_id(st, "acknowledged");
	if (id)
		mark_read_up_to(bare, id);
}

/* True when 'to' may learn what we read: it sees our presence. */
static bool may_know(const char *to)
{
	struct contact *c = roster_find(to);
	return c && (c->sub == SUB_FROM || c->sub == SUB_BOTH);
}

/* Tell 'to' that message id was displayed. */
void xmarkers_send_displayed(const char *to, const char *id)
{
	if (xs.phase != XS_ONLINE || to == NULL || id == NULL)
		return;
	if (!may_know(to)) {
		log_debug("markers: no displayed marker to a contact without subscription");
		return;
	}
	char rid[24];
	random_id(rid, sizeof(rid));
	xmpp_stanza_t *msg = xs_stanza_new("message", "chat", rid, to);
	xmpp_stanza_set_id(xs_add_child(msg, "displayed", MARKERS_NS), id);
	xs_send(msg);
	xmpp_stanza_release(msg);
}
