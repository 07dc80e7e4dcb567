/* blocking.c - XEP-0191 blocking: the server's blocklist, kept up to date
 * from its pushes, and blocking or unblocking a JID */
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define BLOCKING_NS "urn:xmpp:blocking"
#define STANZAS_NS  "urn:ietf:params:xml:ns:xmpp-stanzas"
/* More blocked JIDs than anyone has; pushes beyond are ignored. */
#define BLOCKED_MAX 10000

static char **blocked; /* sanitized JIDs, unsorted */
static size_t nblocked;
static bool known; /* the server's list has arrived this session */

/* Who waits for a block, unblock or fetch to be answered. */
struct block_ask {
	char *jid; /* for block/unblock; NULL for a fetch */
	bool block;
	xdone_fn fn; /* may be NULL */
	void *arg;
};

/* Index of jid in the list, or -1. */
static long find(const char *jid)
{
	for (size_t i = 0; i < nblocked; i++)
		if (strcmp(blocked[i], jid) == 0)
			return (long)i;
	return -1;
}

/* Add jid (already sanitized) unless present. */
static void list_add(const char *jid)
{
	if (find(jid) >= 0 || nblocked == BLOCKED_MAX)
		return;
	if (blocked == NULL)
		blocked = xcalloc(BLOCKED_MAX, sizeof(*blocked));
	blocked[nblocked++] = xstrdup(jid);
}

/* Remove jid if present. */
static void list_remove(const char *jid)
{
	long i = find(jid);
	if (i < 0)
		return;
	free(blocked[i]);
	blocked[i] = blocked[--nblocked];
}

/* Empty the list. */
static void list_clear(void)
{
	for (size_t i = 0; i < nblocked; i++)
		free(blocked[i]);
	nblocked = 0;
}

/* Apply every <item jid=.../> of el: added when add, else removed. Returns
 * how many items there were (valid or not). */
static size_t apply_items(xmpp_stanza_t *el, bool add)
{
	size_t n = 0;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(el); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
		const char *raw = xmpp_stanza_get_attribute(c, "jid");
		if (name == NULL || strcmp(name, "item") != 0)
			continue;
		n++;
		if (raw == NULL || !jid_valid(raw))
			continue;
		char *jid = xs_attr(c, "jid");
		if (add)
			list_add(jid);
		else
			list_remove(jid);
		free(jid);
	}
	return n;
}

/* Plain words for a blocking error answer. Caller frees. */
static char *block_error(xmpp_stanza_t *reply)
{
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(reply, "error");
	if (xmpp_stanza_get_child_by_name_and_ns(err, "service-unavailable", STANZAS_NS) ||
	    xmpp_stanza_get_child_by_name_and_ns(err, "feature-not-implemented", STANZAS_NS))
		return xstrdup("your server does not support blocking (XEP-0191)");
	if (xmpp_stanza_get_child_by_name_and_ns(err, "jid-malformed", STANZAS_NS) ||
	    xmpp_stanza_get_child_by_name_and_ns(err, "bad-request", STANZAS_NS))
		return xstrdup("the server did not accept that address");
	return xs_error_text(reply);
}

/* Apply a blocklist result. */
static void apply_list(xmpp_stanza_t *reply)
{
	xmpp_stanza_t *list = xmpp_stanza_get_child_by_name_and_ns(reply, "blocklist", BLOCKING_NS);
	list_clear();
	if (list)
		apply_items(list, true);
	known = true;
}

/* The answer to a block, unblock or fetch. */
static void block_answer(xmpp_stanza_t *reply, void *arg)
{
	struct block_ask *ask = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	char *err = NULL;
	if (reply == NULL) {
		err = xstrdup(XQ_LOST);
	} else if (type == NULL || strcmp(type, "result") != 0) {
		err = block_error(reply);
	} else if (ask->jid == NULL) {
		apply_list(reply);
	} else if (ask->block) {
		list_add(ask->jid); /* the server's push says the same */
	} else {
		list_remove(ask->jid);
	}
	if (ask->fn)
		ask->fn(err, ask->arg);
	else if (err)
		log_debug("blocklist: %s", err);
	free(err);
	free(ask->jid);
	free(ask);
}

/* Send iq with a <name xmlns=urn:xmpp:blocking/> payload (item jid when not NULL). */
static void blocking_send(const char *type, const char *name, struct block_ask *ask)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", type, id, NULL);
	xmpp_stanza_t *el = xs_add_child(iq, name, BLOCKING_NS);
	if (ask->jid)
		xmpp_stanza_set_attribute(xs_add_child(el, "item", NULL), "jid", ask->jid);
	xiq_send(iq, block_answer, ask);
	xmpp_stanza_release(iq);
}

/* A new request record. */
static struct block_ask *ask_new(const char *jid, bool block, xdone_fn fn, void *arg)
{
	struct block_ask *ask = xmalloc(sizeof(*ask));
	ask->jid = xstrdup(jid);
	ask->block = block;
	ask->fn = fn;
	ask->arg = arg;
	return ask;
}

/* Fetch the blocklist. */
void xblocking_fetch(xdone_fn fn, void *arg)
{
	blocking_send("get", "blocklist", ask_new(NULL, false, fn, arg));
}

/* After login: the list may have changed meanwhile; ask for it. */
void xblocking_session_started(void)
{
	known = false;
	list_clear();
	xblocking_fetch(NULL, NULL);
}

/* Block or unblock jid. */
void xblocking_change(const char *jid, bool block, xdone_fn fn, void *arg)
{
	blocking_send("set", block ? "block" : "unblock", ask_new(jid, block, fn, arg));
}

/* Acknowledge a push. */
static void push_ack(xmpp_stanza_t *iq)
{
	xmpp_stanza_t *res =
	    xs_stanza_new("iq", "result", xmpp_stanza_get_id(iq), xmpp_stanza_get_from(iq));
	xs_send(res);
	xmpp_stanza_release(res);
}

/* A blocklist push: only our own account (no from, or our bare JID) may send one. */
void xblocking_push(xmpp_stanza_t *iq)
{
	const char *from = xmpp_stanza_get_from(iq);
	if (from && !(jid_bare_eq(from, xs.bare_jid) && jid_resource(from) == NULL)) {
		log_debug("blocklist push from someone else refused");
		xiq_reply_error(iq, "cancel", "service-unavailable");
		return;
	}
	xmpp_stanza_t *block = xmpp_stanza_get_child_by_name_and_ns(iq, "block", BLOCKING_NS);
	xmpp_stanza_t *unblock = xmpp_stanza_get_child_by_name_and_ns(iq, "unblock", BLOCKING_NS);
	if (block) {
		apply_items(block, true);
	} else if (unblock && apply_items(unblock, false) == 0) {
		list_clear(); /* an empty unblock unblocks everybody */
	} else if (!unblock) {
		xiq_reply_error(iq, "modify", "bad-request");
		return;
	}
	push_ack(iq);
}

/* Compare strings through pointers, for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A sorted copy of the list, or NULL while it is not known. */
char **xblocking_list(void)
{
	if (!known)
		return NULL;
	char **v = xcalloc(nblocked + 1, sizeof(*v));
	for (size_t i = 0; i < nblocked; i++)
		v[i] = xstrdup(blocked[i]);
	qsort(v, nblocked, sizeof(*v), cmp_str);
	return v;
}

/* Forget the list. */
void xblocking_reset(void)
{
	list_clear();
	free(blocked);
	blocked = NULL;
	known = false;
}
