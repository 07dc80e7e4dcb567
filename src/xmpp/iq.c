/* iq.c - IQ requests we wait for, and dispatch of IQs others send us */
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "log.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

struct pending_iq {
	char *id;
	char *to; /* whom we asked; NULL = our own account */
	xiq_fn fn;
	void *arg;
};

static struct pending_iq pending[XS_IQ_PENDING];
static size_t npending;

/* True when from may answer a query we sent to 'to'. libstrophe matches
 * answers by id alone, so this is where a spoofed answer is refused. */
bool xiq_from_ok(const char *from, const char *to)
{
	if (to == NULL || jid_bare_eq(to, xs.bare_jid)) {
		/* our account answers without from, or from our bare or full JID */
		return from == NULL || jid_bare_eq(from, xs.bare_jid);
	}
	if (from == NULL)
		return false;
	if (jid_resource(to))
		return strcmp(from, to) == 0 ||
		       (jid_bare_eq(from, to) &&
		        strcmp(jid_resource(from) ? jid_resource(from) : "", jid_resource(to)) ==
		            0);
	return jid_bare_eq(from, to) && jid_resource(from) == NULL;
}

/* Send an iq and remember whom we asked. */
void xiq_send(xmpp_stanza_t *iq, xiq_fn fn, void *arg)
{
	if (npending == XS_IQ_PENDING) {
		/* the oldest query is the least likely to be answered */
		struct pending_iq old = pending[0];
		memmove(pending, pending + 1, (npending - 1) * sizeof(*pending));
		npending--;
		if (old.fn)
			old.fn(NULL, old.arg);
		free(old.id);
		free(old.to);
	}
	struct pending_iq *p = &pending[npending++];
	p->id = xstrdup(xmpp_stanza_get_id(iq));
	p->to = xstrdup(xmpp_stanza_get_to(iq));
	p->fn = fn;
	p->arg = arg;
	xs_send(iq);
}

/* Forget all pending IQs. */
void xiq_cancel_all(void)
{
	while (npending > 0) {
		struct pending_iq p = pending[--npending];
		if (p.fn)
			p.fn(NULL, p.arg);
		free(p.id);
		free(p.to);
	}
}

/* Match an answer to our query; a wrong sender is ignored. */
static void iq_answer(xmpp_stanza_t *st)
{
	const char *id = xmpp_stanza_get_id(st);
	const char *from = xmpp_stanza_get_from(st);
	for (size_t i = 0; id && i < npending; i++) {
		if (strcmp(pending[i].id, id) != 0)
			continue;
		if (!xiq_from_ok(from, pending[i].to)) {
			log_debug("ignored an iq answer with id of ours from the wrong sender");
			return;
		}
		struct pending_iq p = pending[i];
		memmove(&pending[i], &pending[i + 1], (npending - i - 1) * sizeof(*pending));
		npending--;
		p.fn(st, p.arg);
		free(p.id);
		free(p.to);
		return;
	}
}

/* Reply to a get/set with an error. */
void xiq_reply_error(xmpp_stanza_t *iq, const char *type, const char *condition)
{
	const char *id = xmpp_stanza_get_id(iq);
	xmpp_stanza_t *reply = xs_stanza_new("iq", "error", id ? id : "", xmpp_stanza_get_from(iq));
	xmpp_stanza_t *err = xs_add_child(reply, "error", NULL);
	xmpp_stanza_set_type(err, type);
	xs_add_child(err, condition, "urn:ietf:params:xml:ns:xmpp-stanzas");
	xs_send(reply);
	xmpp_stanza_release(reply);
}

/* Route a get/set by its payload's namespace. */
static void iq_request(xmpp_stanza_t *st, bool is_set)
{
	xmpp_stanza_t *payload = xmpp_stanza_get_children(st);
	while (payload && !xmpp_stanza_is_tag(payload))
		payload = xmpp_stanza_get_next(payload);
	const char *ns = payload ? xmpp_stanza_get_ns(payload) : NULL;
	if (ns && is_set && strcmp(ns, "jabber:iq:roster") == 0)
		xroster_push(st);
	else if (ns && !is_set && strcmp(ns, "urn:xmpp:ping") == 0)
		xping_answer(st);
	else if (ns && !is_set && strcmp(ns, "http://jabber.org/protocol/disco#info") == 0)
		xdisco_answer_info(st);
	else if (ns && !is_set && strcmp(ns, "http://jabber.org/protocol/disco#items") == 0)
		xdisco_answer_items(st);
	else if (ns && !is_set && strcmp(ns, "jabber:iq:version") == 0)
		xversion_answer(st);
	else if (ns && !is_set && strcmp(ns, "jabber:iq:last") == 0)
		xlast_answer(st);
	else if (ns && !is_set && strcmp(ns, "urn:xmpp:time") == 0)
		xtime_answer(st);
	else if (ns && is_set && strcmp(ns, XADHOC_NS) == 0)
		xadhoc_answer_execute(st);
	else if (ns && is_set && strcmp(ns, "urn:xmpp:blocking") == 0)
		xblocking_push(st);
	else
		xiq_reply_error(st, "cancel", "service-unavailable");
}

/* The handler for every <iq/>. */
int xh_iq(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)conn;
	(void)ud;
	const char *type = xmpp_stanza_get_type(st);
	if (type == NULL)
		return 1;
	if (strcmp(type, "result") == 0 || strcmp(type, "error") == 0)
		iq_answer(st);
	else if (strcmp(type, "get") == 0 || strcmp(type, "set") == 0)
		iq_request(st, type[0] == 's');
	return 1;
}
