/* muc_admin.c - XEP-0045 moderation and administration: roles (kick),
 * affiliations (ban), affiliation lists and destroying a room */
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "room.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define MUC_ADMIN_NS "http://jabber.org/protocol/muc#admin"
#define MUC_OWNER_NS "http://jabber.org/protocol/muc#owner"
/* Bytes of a reason we keep from an affiliation list entry. */
#define REASON_MAX 256

/* Who waits for a change or a destroy. */
struct admin_ask {
	xdone_fn fn;
	void *arg;
};

/* Who waits for an affiliation list. */
struct list_ask {
	xmuc_affils_fn fn;
	void *arg;
};

/* The error conditions rooms send, in plain words. */
static const struct {
	const char *cond, *words;
} muc_errors[] = {
    {"forbidden", "you are not allowed to do that in this room"},
    {"not-allowed", "the room does not allow that"},
    {"not-acceptable", "the room does not accept that"},
    {"conflict", "that conflicts with the room's current state"},
    {"item-not-found", "no such room or occupant"},
    {"bad-request", "the room did not understand the request"},
    {"feature-not-implemented", "the room does not support that"},
    {"service-unavailable", "the room does not support that"},
    {"jid-malformed", "that address is not valid"},
    {"not-authorized", "you are not authorized to do that"},
    {"remote-server-not-found", "the room's server cannot be reached"},
};

/* The first element child of err other than <text/>, or NULL. */
static const char *error_condition(xmpp_stanza_t *err)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(err); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_get_name(c);
		if (xmpp_stanza_is_tag(c) && name && strcmp(name, "text") != 0)
			return name;
	}
	return NULL;
}

/* Plain words for a muc#admin/muc#owner error answer. Caller frees. */
char *xmuc_admin_error(xmpp_stanza_t *reply)
{
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(reply, "error");
	const char *cond = err ? error_condition(err) : NULL;
	for (size_t i = 0; cond && i < sizeof(muc_errors) / sizeof(muc_errors[0]); i++) {
		if (strcmp(cond, muc_errors[i].cond) != 0)
			continue;
		char *text = xs_child_text(err, "text", SANITIZE_LINE, XS_LINE_MAX);
		char *s = text && *text ? xasprintf("%s (%s)", muc_errors[i].words, text)
		                        : xstrdup(muc_errors[i].words);
		free(text);
		return s;
	}
	return xs_error_text(reply);
}

/* The error an answer carries, NULL for a result. Caller frees. */
static char *answer_error(xmpp_stanza_t *reply)
{
	if (reply == NULL)
		return xstrdup(XQ_LOST);
	const char *type = xmpp_stanza_get_type(reply);
	if (type && strcmp(type, "result") == 0)
		return NULL;
	return xmuc_admin_error(reply);
}

/* The answer to a change or a destroy. */
static void admin_answer(xmpp_stanza_t *reply, void *arg)
{
	struct admin_ask *ask = arg;
	char *err = answer_error(reply);
	ask->fn(err, ask->arg);
	free(err);
	free(ask);
}

/* A new iq to room with an empty <query xmlns=ns/>; *query gets the query. */
static xmpp_stanza_t *query_new(const char *room, const char *type, const char *ns,
                                xmpp_stanza_t **query)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", type, id, room);
	*query = xs_add_child(iq, "query", ns);
	return iq;
}

/* Add <reason>text</reason> to parent when there is a reason. */
static void add_reason(xmpp_stanza_t *parent, const char *reason)
{
	if (reason && *reason)
		xs_add_text(xs_add_child(parent, "reason", NULL), reason);
}

/* Send iq and wait for its answer from the room. */
static void admin_send(xmpp_stanza_t *iq, xdone_fn fn, void *arg)
{
	struct admin_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, admin_answer, ask);
	xmpp_stanza_release(iq);
}

/* Give nick in room a role (ROLE_NONE kicks). */
void xmuc_set_role(const char *room, const char *nick, enum muc_role role, const char *reason,
                   xdone_fn fn, void *arg)
{
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = query_new(room, "set", MUC_ADMIN_NS, &query);
	xmpp_stanza_t *item = xs_add_child(query, "item", NULL);
	xmpp_stanza_set_attribute(item, "nick", nick);
	xmpp_stanza_set_attribute(item, "role", muc_role_name(role));
	add_reason(item, reason);
	admin_send(iq, fn, arg);
}

/* Give jid in room an affiliation (AFFIL_OUTCAST bans). */
void xmuc_set_affil(const char *room, const char *jid, enum muc_affil affil, const char *reason,
                    xdone_fn fn, void *arg)
{
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = query_new(room, "set", MUC_ADMIN_NS, &query);
	xmpp_stanza_t *item = xs_add_child(query, "item", NULL);
	xmpp_stanza_set_attribute(item, "jid", jid);
	xmpp_stanza_set_attribute(item, "affiliation", muc_affil_name(affil));
	add_reason(item, reason);
	admin_send(iq, fn, arg);
}

/* Destroy room (owners only). */
void xmuc_destroy(const char *room, const char *reason, xdone_fn fn, void *arg)
{
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = query_new(room, "set", MUC_OWNER_NS, &query);
	add_reason(xs_add_child(query, "destroy", NULL), reason);
	admin_send(iq, fn, arg);
}

/* True when c is an <item/> element. */
static bool is_item(xmpp_stanza_t *c)
{
	const char *name = xmpp_stanza_get_name(c);
	return xmpp_stanza_is_tag(c) && name && strcmp(name, "item") == 0;
}

/* Read one list entry into it; false when its JID is missing or invalid. */
static bool item_read(xmpp_stanza_t *c, struct xmuc_affil_item *it)
{
	const char *jid = xmpp_stanza_get_attribute(c, "jid");
	if (jid == NULL || !jid_valid(jid))
		return false;
	it->jid = xs_attr(c, "jid");
	it->nick = xs_attr(c, "nick");
	it->reason = xs_child_text(c, "reason", SANITIZE_LINE, REASON_MAX);
	return true;
}

/* Free the entries read from a list. */
static void items_free(struct xmuc_affil_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].jid);
		free(items[i].nick);
		free(items[i].reason);
	}
	free(items);
}

/* Hand the entries of a list result to fn. */
static void list_result(xmpp_stanza_t *reply, struct list_ask *ask)
{
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(reply, "query", MUC_ADMIN_NS);
	struct xmuc_affil_item *items = NULL;
	size_t n = 0, cap = 0, total = 0;
	for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children(query) : NULL; c;
	     c = xmpp_stanza_get_next(c)) {
		if (!is_item(c))
			continue;
		total++;
		if (n == XMUC_AFFIL_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			items = xreallocarray(items, cap, sizeof(*items));
		}
		if (item_read(c, &items[n]))
			n++;
	}
	ask->fn(items, n, total, NULL, ask->arg);
	items_free(items, n);
}

/* The answer to an affiliation list query. */
static void list_answer(xmpp_stanza_t *reply, void *arg)
{
	struct list_ask *ask = arg;
	char *err = answer_error(reply);
	if (err)
		ask->fn(NULL, 0, 0, err, ask->arg);
	else
		list_result(reply, ask);
	free(err);
	free(ask);
}

/* List who has affiliation affil in room. */
void xmuc_affil_list(const char *room, enum muc_affil affil, xmuc_affils_fn fn, void *arg)
{
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = query_new(room, "get", MUC_ADMIN_NS, &query);
	xmpp_stanza_set_attribute(xs_add_child(query, "item", NULL), "affiliation",
	                          muc_affil_name(affil));
	struct list_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, list_answer, ask);
	xmpp_stanza_release(iq);
}
