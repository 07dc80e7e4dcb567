/* roster.c - contacts and their online resources */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "jid.h"
#include "roster.h"
#include "util.h"
#include "xmalloc.h"

static struct contact **items;
static size_t nitems, capitems;

/* All contacts, in no particular order. */
struct contact **roster_items(size_t *n)
{
	*n = nitems;
	return items;
}

/* Index of jid in items, or -1. */
static long roster_index(const char *jid)
{
	for (size_t i = 0; i < nitems; i++)
		if (jid_bare_eq(items[i]->jid, jid))
			return (long)i;
	return -1;
}

/* Find a contact by bare JID. */
struct contact *roster_find(const char *jid)
{
	long i = roster_index(jid);
	return i < 0 ? NULL : items[i];
}

/* Free one resource. */
static void resource_free(struct resource *r)
{
	free(r->name);
	free(r->status);
	free(r);
}

/* Free a list of resources. */
static void resources_free(struct resource *r)
{
	while (r) {
		struct resource *next = r->next;
		resource_free(r);
		r = next;
	}
}

/* Free a contact and its resources. */
static void contact_free(struct contact *c)
{
	resources_free(c->resources);
	resources_free(c->suspended);
	free(c->jid);
	free(c->name);
	strv_free(c->groups);
	free(c);
}

/* Copy a NULL-terminated vector (NULL gives an empty one). */
static char **strv_copy(char *const *v)
{
	size_t n = v ? strv_len(v) : 0;
	char **out = xcalloc(n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

/* Append a new, empty contact for jid. */
static struct contact *contact_add(const char *jid)
{
	struct contact *c = xcalloc(1, sizeof(*c));
	c->jid = jid_bare(jid);
	c->groups = strv_copy(NULL);
	if (nitems == capitems) {
		capitems = capitems ? capitems * 2 : 64;
		items = xreallocarray(items, capitems, sizeof(*items));
	}
	items[nitems++] = c;
	return c;
}

/* Add or update a roster item. */
struct contact *roster_upsert(const char *jid, const char *name, char *const *groups,
                              enum subscription sub, bool ask)
{
	struct contact *c = roster_find(jid);
	if (c == NULL)
		c = contact_add(jid);
	xstrset(&c->name, name && *name ? name : NULL);
	strv_free(c->groups);
	c->groups = strv_copy(groups);
	c->sub = sub;
	c->ask = ask;
	c->in_roster = true;
	c->stale = false;
	core_emit_roster_changed(c);
	return c;
}

/* Remove a roster item. */
void roster_remove(const char *jid)
{
	long i = roster_index(jid);
	if (i < 0)
		return;
	contact_free(items[i]);
	items[i] = items[--nitems];
	core_emit_roster_changed(NULL);
}

/* Unlink and free the resource called name, if present. */
static void resource_drop(struct contact *c, const char *name)
{
	for (struct resource **rp = &c->resources; *rp; rp = &(*rp)->next) {
		if (strcmp((*rp)->name, name) == 0) {
			struct resource *r = *rp;
			*rp = r->next;
			resource_free(r);
			return;
		}
	}
}

/* Insert r keeping the list ordered by priority, then availability. */
static void resource_insert(struct contact *c, struct resource *r)
{
	struct resource **rp = &c->resources;
	while (*rp && ((*rp)->priority > r->priority ||
	               ((*rp)->priority == r->priority && (*rp)->show >= r->show)))
		rp = &(*rp)->next;
	r->next = *rp;
	*rp = r;
}

/* Apply one presence to a known contact. */
bool roster_presence(const char *jid, const char *resource, enum show show, int priority,
                     const char *status)
{
	struct contact *c = roster_find(jid);
	if (c == NULL)
		return false;
	const char *name = resource ? resource : "";
	resource_drop(c, name);
	if (show != SHOW_OFFLINE) {
		struct resource *r = xcalloc(1, sizeof(*r));
		r->name = xstrdup(name);
		r->show = show;
		r->priority = priority;
		r->status = status && *status ? xstrdup(status) : NULL;
		resource_insert(c, r);
	}
	core_emit_roster_changed(c);
	return true;
}

/* Mark everybody offline. */
void roster_all_offline(void)
{
	for (size_t i = 0; i < nitems; i++) {
		resources_free(items[i]->resources);
		resources_free(items[i]->suspended);
		items[i]->resources = items[i]->suspended = NULL;
	}
	core_emit_roster_changed(NULL);
}

/* Keep presence aside while the session may be resumed. */
void roster_suspend(void)
{
	for (size_t i = 0; i < nitems; i++) {
		resources_free(items[i]->suspended);
		items[i]->suspended = items[i]->resources;
		items[i]->resources = NULL;
	}
	core_emit_roster_changed(NULL);
}

/* Restore or drop the presence kept aside. */
void roster_resume(bool resumed)
{
	for (size_t i = 0; i < nitems; i++) {
		struct contact *c = items[i];
		if (resumed && c->resources == NULL) {
			c->resources = c->suspended;
			c->suspended = NULL;
		}
		resources_free(c->suspended);
		c->suspended = NULL;
	}
	core_emit_roster_changed(NULL);
}

/* Every contact is stale until a roster result lists it again. */
void roster_mark_stale(void)
{
	for (size_t i = 0; i < nitems; i++)
		items[i]->stale = true;
}

/* Drop the contacts the roster result did not list. */
void roster_drop_stale(void)
{
	size_t kept = 0;
	for (size_t i = 0; i < nitems; i++) {
		if (items[i]->stale && items[i]->in_roster)
			contact_free(items[i]);
		else
			items[kept++] = items[i];
	}
	nitems = kept;
	core_emit_roster_changed(NULL);
}

/* Forget the whole roster. */
void roster_clear(void)
{
	for (size_t i = 0; i < nitems; i++)
		contact_free(items[i]);
	nitems = 0;
	core_emit_roster_changed(NULL);
}

/* The contact's best presence. */
enum show contact_show(const struct contact *c)
{
	return c->resources ? c->resources->show : SHOW_OFFLINE;
}

/* The best resource's status text. */
const char *contact_status(const struct contact *c)
{
	return c->resources ? c->resources->status : NULL;
}

/* Name to show for a contact. */
const char *contact_label(const struct contact *c)
{
	return c->name && *c->name ? c->name : c->jid;
}

/* Subscription state as a word. */
const char *subscription_name(enum subscription s)
{
	static const char *const names[] = {"none", "to", "from", "both"};
	return (unsigned)s < 4 ? names[s] : "none";
}

/* Free everything at exit. */
void roster_free_all(void)
{
	for (size_t i = 0; i < nitems; i++)
		contact_free(items[i]);
	free(items);
	items = NULL;
	nitems = capitems = 0;
}
