/* disco.c - XEP-0030 service discovery: asking entities what they are and
 * offer, and answering the same questions about ourselves */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "settings.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define DISCO_INFO_NS  "http://jabber.org/protocol/disco#info"
#define DISCO_ITEMS_NS "http://jabber.org/protocol/disco#items"
/* More features than any server announces; the rest are ignored. */
#define FEATURES_MAX 256
/* Identities and items natter keeps from one answer. */
#define IDS_MAX   64
#define ITEMS_MAX 512

/* Who waits for a disco#info answer. */
struct disco_ask {
	xdisco_fn fn;
	void *arg;
};

/* Who waits for a full disco#info or disco#items answer. */
struct disco_query {
	xdisco_result_fn fn;
	void *arg;
	bool items;
};

/* Features every natter has, whatever the settings. */
static const char *const own_features[] = {
    "http://jabber.org/protocol/caps",
    "http://jabber.org/protocol/chatstates",
    DISCO_INFO_NS,
    "urn:xmpp:bookmarks:1+notify", /* XEP-0402: live changes from our other clients */
    "urn:xmpp:carbons:2",
    "urn:xmpp:chat-markers:0",
    "urn:xmpp:message-correct:0", /* XEP-0308 (src/xmpp/correct.c) */
    "urn:xmpp:message-retract:1", /* XEP-0424 (src/xmpp/retract.c) */
    "urn:xmpp:ping",
    "urn:xmpp:reactions:0", /* XEP-0444 (src/xmpp/reactions.c) */
    "urn:xmpp:receipts",
    NULL,
};

/* The element name of a child, or "" for text nodes. */
static const char *tag_name(xmpp_stanza_t *c)
{
	const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
	return name ? name : "";
}

/* The feature vars of a disco#info answer, NULL-terminated (caller frees
 * with strv_free); empty when the answer is an error or has no <query/>. */
static char **features_new(xmpp_stanza_t *reply)
{
	const char *type = xmpp_stanza_get_type(reply);
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name_and_ns(reply, "query", DISCO_INFO_NS);
	char **v = xcalloc(FEATURES_MAX + 1, sizeof(*v));
	if (type == NULL || strcmp(type, "result") != 0 || q == NULL) {
		log_debug("disco#info query failed or had no <query/>");
		return v;
	}
	size_t n = 0;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(q); c && n < FEATURES_MAX;
	     c = xmpp_stanza_get_next(c)) {
		const char *var = xmpp_stanza_get_attribute(c, "var");
		/* vars are only compared, never shown: no need to sanitize them */
		if (strcmp(tag_name(c), "feature") == 0 && var)
			v[n++] = xstrdup(var);
	}
	return v;
}

/* The answer to our disco#info query (NULL when the session ended). */
static void disco_answer(xmpp_stanza_t *reply, void *arg)
{
	struct disco_ask *ask = arg;
	char **features = reply ? features_new(reply) : NULL;
	ask->fn(features, ask->arg);
	strv_free(features);
	free(ask);
}

/* A new disco iq of namespace ns to jid (our account when NULL), with node. */
static xmpp_stanza_t *disco_iq_new(const char *jid, const char *ns, const char *node)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, jid ? jid : xs.bare_jid);
	xmpp_stanza_t *q = xs_add_child(iq, "query", ns);
	if (node)
		xmpp_stanza_set_attribute(q, "node", node);
	return iq;
}

/* Ask jid (our own account when NULL) which features it supports. */
void xdisco_info(const char *jid, xdisco_fn fn, void *arg)
{
	xmpp_stanza_t *iq = disco_iq_new(jid, DISCO_INFO_NS, NULL);
	struct disco_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, disco_answer, ask);
	xmpp_stanza_release(iq);
}

/* True when var is among the announced features. */
bool xdisco_has(char *const *features, const char *var)
{
	for (size_t i = 0; features && features[i]; i++)
		if (strcmp(features[i], var) == 0)
			return true;
	return false;
}

/* Sanitized attribute, or NULL when absent or empty. */
static char *attr_or_null(xmpp_stanza_t *el, const char *name)
{
	char *v = xs_attr(el, name);
	if (v && *v == '\0') {
		free(v);
		v = NULL;
	}
	return v;
}

/* Record one <identity/> (category and type are required). */
static void add_identity(struct xdisco_result *r, xmpp_stanza_t *c)
{
	if (!xmpp_stanza_get_attribute(c, "category") || !xmpp_stanza_get_attribute(c, "type"))
		return;
	if (r->nids == IDS_MAX) {
		r->truncated = true;
		return;
	}
	struct xdisco_identity *id = &r->ids[r->nids++];
	id->category = xs_attr(c, "category");
	id->type = xs_attr(c, "type");
	id->name = attr_or_null(c, "name");
}

/* Record one <feature/>. */
static void add_feature(struct xdisco_result *r, size_t *n, xmpp_stanza_t *c)
{
	if (!xmpp_stanza_get_attribute(c, "var"))
		return;
	if (*n == FEATURES_MAX) {
		r->truncated = true;
		return;
	}
	r->features[(*n)++] = xs_attr(c, "var");
}

/* Record one <item/> (jid is required). */
static void add_item(struct xdisco_result *r, xmpp_stanza_t *c)
{
	if (!xmpp_stanza_get_attribute(c, "jid"))
		return;
	if (r->nitems == ITEMS_MAX) {
		r->truncated = true;
		return;
	}
	struct xdisco_item *it = &r->items[r->nitems++];
	it->jid = xs_attr(c, "jid");
	it->name = attr_or_null(c, "name");
	it->node = attr_or_null(c, "node");
}

/* Parse the <query/> of a disco answer into a new result (sanitized). */
static struct xdisco_result *result_new(xmpp_stanza_t *q)
{
	struct xdisco_result *r = xcalloc(1, sizeof(*r));
	r->ids = xcalloc(IDS_MAX, sizeof(*r->ids));
	r->features = xcalloc(FEATURES_MAX + 1, sizeof(*r->features));
	r->items = xcalloc(ITEMS_MAX, sizeof(*r->items));
	size_t nf = 0;
	for (xmpp_stanza_t *c = q ? xmpp_stanza_get_children(q) : NULL; c;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = tag_name(c);
		if (strcmp(name, "identity") == 0)
			add_identity(r, c);
		else if (strcmp(name, "feature") == 0)
			add_feature(r, &nf, c);
		else if (strcmp(name, "item") == 0)
			add_item(r, c);
	}
	return r;
}

/* Free a result from result_new. */
static void result_free(struct xdisco_result *r)
{
	for (size_t i = 0; i < r->nids; i++) {
		free(r->ids[i].category);
		free(r->ids[i].type);
		free(r->ids[i].name);
	}
	for (size_t i = 0; i < r->nitems; i++) {
		free(r->items[i].jid);
		free(r->items[i].name);
		free(r->items[i].node);
	}
	free(r->ids);
	free(r->items);
	strv_free(r->features);
	free(r);
}

/* The answer to a full disco query. */
static void query_answer(xmpp_stanza_t *reply, void *arg)
{
	struct disco_query *dq = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (reply == NULL) {
		dq->fn(NULL, NULL, dq->arg);
	} else if (type && strcmp(type, "result") == 0) {
		const char *ns = dq->items ? DISCO_ITEMS_NS : DISCO_INFO_NS;
		struct xdisco_result *r =
		    result_new(xmpp_stanza_get_child_by_name_and_ns(reply, "query", ns));
		dq->fn(r, NULL, dq->arg);
		result_free(r);
	} else {
		char *err = xs_error_text(reply);
		dq->fn(NULL, err, dq->arg);
		free(err);
	}
	free(dq);
}

/* Ask jid for its disco#info or disco#items (at node when not NULL). */
void xdisco_query(const char *jid, const char *node, bool items, xdisco_result_fn fn, void *arg)
{
	xmpp_stanza_t *iq = disco_iq_new(jid, items ? DISCO_ITEMS_NS : DISCO_INFO_NS, node);
	struct disco_query *dq = xmalloc(sizeof(*dq));
	dq->fn = fn;
	dq->arg = arg;
	dq->items = items;
	xiq_send(iq, query_answer, dq);
	xmpp_stanza_release(iq);
}

/* Add <feature var=var/> to query. */
static void fill_feature(xmpp_stanza_t *query, const char *var)
{
	xmpp_stanza_set_attribute(xs_add_child(query, "feature", NULL), "var", var);
}

/* Add our identity and features to a disco#info <query/>. */
void xdisco_own_fill(xmpp_stanza_t *query)
{
	xmpp_stanza_t *id = xs_add_child(query, "identity", NULL);
	xmpp_stanza_set_attribute(id, "category", "client");
	xmpp_stanza_set_attribute(id, "type", "console");
	xmpp_stanza_set_attribute(id, "name", "natter");
	for (size_t i = 0; own_features[i]; i++)
		fill_feature(query, own_features[i]);
	/* only what we would answer: a hidden reply is no feature */
	if (strcmp(setting_str("version_reply"), "none") != 0)
		fill_feature(query, "jabber:iq:version");
	if (strcmp(setting_str("last_reply"), "none") != 0)
		fill_feature(query, "jabber:iq:last");
	if (strcmp(setting_str("time_reply"), "none") != 0)
		fill_feature(query, "urn:xmpp:time");
}

/* A result iq answering iq, with an empty <query xmlns=ns/> (returned). */
static xmpp_stanza_t *result_new_for(xmpp_stanza_t *iq, const char *ns, xmpp_stanza_t **query)
{
	xmpp_stanza_t *res =
	    xs_stanza_new("iq", "result", xmpp_stanza_get_id(iq), xmpp_stanza_get_from(iq));
	*query = xs_add_child(res, "query", ns);
	return res;
}

/* True when node (of a disco#info get) names us: none, or our caps node
 * with our current ver. */
static bool node_is_ours(const char *node)
{
	if (node == NULL)
		return true;
	char *ver = xcaps_own_ver();
	char *ours = xasprintf("%s#%s", XCAPS_NODE, ver);
	bool ok = strcmp(node, ours) == 0;
	free(ours);
	free(ver);
	return ok;
}

/* Answer a disco#info get about us. */
void xdisco_answer_info(xmpp_stanza_t *iq)
{
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name_and_ns(iq, "query", DISCO_INFO_NS);
	const char *node = q ? xmpp_stanza_get_attribute(q, "node") : NULL;
	if (q == NULL || !node_is_ours(node)) {
		xiq_reply_error(iq, "cancel", "item-not-found");
		return;
	}
	xmpp_stanza_t *query;
	xmpp_stanza_t *res = result_new_for(iq, DISCO_INFO_NS, &query);
	if (node)
		xmpp_stanza_set_attribute(query, "node", node);
	xdisco_own_fill(query);
	xs_send(res);
	xmpp_stanza_release(res);
}

/* Answer a disco#items get: a client has no items (the ad-hoc commands
 * node is answered as adhoc.c decides). */
void xdisco_answer_items(xmpp_stanza_t *iq)
{
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name_and_ns(iq, "query", DISCO_ITEMS_NS);
	const char *node = q ? xmpp_stanza_get_attribute(q, "node") : NULL;
	if (node && strcmp(node, XADHOC_NS) == 0) {
		xadhoc_answer_list(iq);
		return;
	}
	xmpp_stanza_t *query;
	xmpp_stanza_t *res = result_new_for(iq, DISCO_ITEMS_NS, &query);
	xs_send(res);
	xmpp_stanza_release(res);
}
