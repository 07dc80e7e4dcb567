/* roster.c - jabber:iq:roster (RFC 6121): fetch (versioned, with the roster
 * cache of src/core/rostercache.c), pushes */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "rostercache.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define ROSTER_NS         "jabber:iq:roster"
#define ROSTER_GROUPS_MAX 64

/* Subscription attribute to the model's value. */
static enum subscription sub_parse(const char *s)
{
	if (s == NULL)
		return SUB_NONE;
	if (strcmp(s, "to") == 0)
		return SUB_TO;
	if (strcmp(s, "from") == 0)
		return SUB_FROM;
	if (strcmp(s, "both") == 0)
		return SUB_BOTH;
	return SUB_NONE;
}

/* Apply one <item/>; hostile items (bad JIDs) are skipped. Returns the
 * item's JID (caller frees), NULL when skipped. */
static char *roster_item(xmpp_stanza_t *item)
{
	const char *jid = xmpp_stanza_get_attribute(item, "jid");
	if (jid == NULL || !jid_valid(jid) || jid_resource(jid)) {
		log_debug("roster: skipped an item with a missing or invalid jid");
		return NULL;
	}
	char *clean_jid = sanitize_str(jid, SANITIZE_LINE);
	const char *subs = xmpp_stanza_get_attribute(item, "subscription");
	if (subs && strcmp(subs, "remove") == 0) {
		roster_remove(clean_jid);
		return clean_jid;
	}
	char *groups[ROSTER_GROUPS_MAX + 1];
	size_t n = 0;
	for (xmpp_stanza_t *g = xmpp_stanza_get_children(item); g && n < ROSTER_GROUPS_MAX;
	     g = xmpp_stanza_get_next(g)) {
		const char *name = xmpp_stanza_get_name(g);
		if (xmpp_stanza_is_tag(g) && name && strcmp(name, "group") == 0) {
			char *text = xs_child_text(g, NULL, SANITIZE_LINE, XS_LINE_MAX);
			if (text && *text)
				groups[n++] = text;
			else
				free(text);
		}
	}
	groups[n] = NULL;
	char *name = xs_attr(item, "name");
	const char *ask = xmpp_stanza_get_attribute(item, "ask");
	roster_upsert(clean_jid, name, groups, sub_parse(subs),
	              ask && strcmp(ask, "subscribe") == 0);
	free(name);
	for (size_t i = 0; i < n; i++)
		free(groups[i]);
	return clean_jid;
}

/* Apply every item of a <query/>; with cache, save each applied item in
 * the roster cache with version ver (a push). */
static void roster_items_apply(xmpp_stanza_t *query, bool cache, const char *ver)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_get_name(c);
		if (!xmpp_stanza_is_tag(c) || name == NULL || strcmp(name, "item") != 0)
			continue;
		char *jid = roster_item(c);
		if (jid && cache)
			rostercache_save_item(jid, ver);
		free(jid);
	}
}

/* The roster version a <query/> carries, worth keeping: NULL when the
 * server does not version rosters (RFC 6121 2.6), or the ver is absent or
 * unusable (too long, not UTF-8): the next login then asks for everything. */
static const char *query_ver(xmpp_stanza_t *query)
{
	const char *ver = xmpp_stanza_get_attribute(query, "ver");
	if (!xs.roster_ver || ver == NULL)
		return NULL;
	if (!rostercache_ver_ok(ver)) {
		log_debug("roster: not keeping a roster version that is too long or not UTF-8");
		return NULL;
	}
	return ver;
}

/* The answer to our roster request. */
void xroster_result(xmpp_stanza_t *reply, void *arg)
{
	(void)arg;
	if (reply == NULL)
		return;
	const char *type = xmpp_stanza_get_type(reply);
	if (type && strcmp(type, "error") == 0) {
		char *why = xs_error_text(reply);
		core_error("the server did not send the roster: %s", why);
		free(why);
		return;
	}
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(reply, "query", ROSTER_NS);
	if (query == NULL)
		return; /* an empty result means "unchanged" (versioning) */
	/* keep the contacts (and their presence) that are still listed */
	roster_mark_stale();
	roster_items_apply(query, false, NULL);
	roster_drop_stale();
	rostercache_save_all(query_ver(query));
}

/* Ask the server for the roster. */
void xroster_request(void)
{
	char id[20];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, NULL);
	xmpp_stanza_t *query = xs_add_child(iq, "query", ROSTER_NS);
	if (xs.roster_ver) {
		/* RFC 6121 2.6.2: ver="" asks for the whole roster, versioned */
		char *ver = rostercache_ver();
		xmpp_stanza_set_attribute(query, "ver", ver ? ver : "");
		free(ver);
	}
	xiq_send(iq, xroster_result, NULL);
	xmpp_stanza_release(iq);
}

/* A roster push: only our own account may send it (RFC 6121 2.1.6). */
void xroster_push(xmpp_stanza_t *iq)
{
	const char *from = xmpp_stanza_get_from(iq);
	if (from && !(jid_bare_eq(from, xs.bare_jid) && jid_resource(from) == NULL)) {
		log_debug("roster: refused a push that did not come from our account");
		xiq_reply_error(iq, "cancel", "service-unavailable");
		return;
	}
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", ROSTER_NS);
	if (query)
		roster_items_apply(query, true, query_ver(query));
	xmpp_stanza_t *result = xs_stanza_new("iq", "result", xmpp_stanza_get_id(iq), from);
	xs_send(result);
	xmpp_stanza_release(result);
}

/* What a roster change was for, to explain a refusal. */
struct roster_change {
	char *what; /* "add bob@example.org to the roster" */
};

/* The server's answer to a roster change: only a refusal needs words (the
 * change itself arrives as a push). */
static void change_answered(xmpp_stanza_t *reply, void *arg)
{
	struct roster_change *rc = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (type && strcmp(type, "error") == 0) {
		char *why = xs_error_text(reply);
		core_error("the server did not %s: %s", rc->what, why);
		free(why);
	}
	free(rc->what);
	free(rc);
}

/* A roster set iq holding one <item jid=jid/>; *item is set to the item. */
static xmpp_stanza_t *change_new(const char *jid, xmpp_stanza_t **item)
{
	char id[20];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, NULL);
	xmpp_stanza_t *query = xs_add_child(iq, "query", ROSTER_NS);
	*item = xs_add_child(query, "item", NULL);
	xmpp_stanza_set_attribute(*item, "jid", jid);
	return iq;
}

/* Send a roster change; what describes it for a refusal (taken). 0. */
static int change_send(xmpp_stanza_t *iq, char *what)
{
	struct roster_change *rc = xcalloc(1, sizeof(*rc));
	rc->what = what;
	xiq_send(iq, change_answered, rc);
	xmpp_stanza_release(iq);
	return 0;
}

/* Add or update jid's roster item (the roster backend's set_item). */
int xroster_set_item(const char *jid, const char *name, char *const *groups)
{
	if (xs.phase != XS_ONLINE)
		return -1;
	xmpp_stanza_t *item;
	xmpp_stanza_t *iq = change_new(jid, &item);
	if (name && *name)
		xmpp_stanza_set_attribute(item, "name", name);
	for (size_t i = 0; groups && groups[i]; i++) {
		xmpp_stanza_t *g = xs_add_child(item, "group", NULL);
		xs_add_text(g, groups[i]);
	}
	return change_send(iq, xasprintf("change %s in the roster", jid));
}

/* Remove jid from the roster (the roster backend's remove_item). */
int xroster_remove_item(const char *jid)
{
	if (xs.phase != XS_ONLINE)
		return -1;
	xmpp_stanza_t *item;
	xmpp_stanza_t *iq = change_new(jid, &item);
	xmpp_stanza_set_attribute(item, "subscription", "remove");
	return change_send(iq, xasprintf("remove %s from the roster", jid));
}
