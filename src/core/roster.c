/* roster.c - contacts and their online resources, with a hash index by JID */
#include <stdint.h>
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
static unsigned long epoch;
static unsigned long names_serial; /* moves when a contact's shown name may have changed */

/* Open addressing over contact pointers, keyed by bare JID: roster_find is
 * called for every stanza, and rosters of thousands must not be scanned. */
static struct contact **slots;
static size_t nslots; /* a power of two, at least twice nitems */

/* All contacts, in no particular order. */
struct contact **roster_items(size_t *n)
{
	*n = nitems;
	return items;
}

/* Changes when contact pointers may have gone or many contacts changed. */
unsigned long roster_epoch(void)
{
	return epoch;
}

/* Changes when a contact was added or removed, or its name changed. */
unsigned long roster_names_serial(void)
{
	return names_serial + epoch;
}

/* Length of jid's bare part as jid_bare() compares it: up to the resource,
 * without final dots. */
static size_t bare_len(const char *jid)
{
	size_t n = strcspn(jid, "/");
	while (n > 0 && jid[n - 1] == '.')
		n--;
	return n;
}

/* ASCII lower case, as jid_bare() folds. */
static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* FNV-1a of the n bytes of a bare JID, case folded. */
static size_t jid_hash(const char *jid, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= fold((unsigned char)jid[i]);
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 32));
}

/* True when the stored (already bare, lower-case) key equals jid's bare part. */
static bool key_eq(const char *key, const char *jid, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (key[i] == '\0' || key[i] != (char)fold((unsigned char)jid[i]))
			return false;
	return key[n] == '\0';
}

/* Slot holding jid, or the empty slot where it would go. */
static size_t slot_of(const char *jid)
{
	size_t n = bare_len(jid), mask = nslots - 1;
	size_t i = jid_hash(jid, n) & mask;
	while (slots[i] && !key_eq(slots[i]->jid, jid, n))
		i = (i + 1) & mask;
	return i;
}

/* Put every contact into a fresh table of at least four slots per two contacts. */
static void index_rebuild(size_t want)
{
	size_t size = 64;
	while (size < 2 * want)
		size *= 2;
	free(slots);
	slots = xcalloc(size, sizeof(*slots));
	nslots = size;
	for (size_t i = 0; i < nitems; i++)
		slots[slot_of(items[i]->jid)] = items[i];
}

/* Index c (not yet indexed), growing the table first when needed. */
static void index_add(struct contact *c)
{
	if (2 * (nitems + 1) > nslots)
		index_rebuild(nitems + 1);
	slots[slot_of(c->jid)] = c;
}

/* Take c out of the index, moving later entries of its run back so that
 * lookups never stop early (no tombstones). */
static void index_remove(const struct contact *c)
{
	size_t mask = nslots - 1, hole = slot_of(c->jid);
	if (slots[hole] != c)
		return;
	slots[hole] = NULL;
	for (size_t i = (hole + 1) & mask; slots[i]; i = (i + 1) & mask) {
		size_t home = jid_hash(slots[i]->jid, strlen(slots[i]->jid)) & mask;
		/* may slots[i] move to the hole without passing its home? */
		bool movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
		if (movable) {
			slots[hole] = slots[i];
			slots[i] = NULL;
			hole = i;
		}
	}
}

/* Find a contact by bare JID (a full JID finds its bare one). */
struct contact *roster_find(const char *jid)
{
	if (jid == NULL || nslots == 0)
		return NULL;
	return slots[slot_of(jid)];
}

/* Index of c in items, or -1 (removal is rare: a scan is fine). */
static long item_index(const struct contact *c)
{
	for (size_t i = 0; i < nitems; i++)
		if (items[i] == c)
			return (long)i;
	return -1;
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
	index_add(c);
	items[nitems++] = c;
	names_serial++;
	return c;
}

/* Add or update a roster item. */
struct contact *roster_upsert(const char *jid, const char *name, char *const *groups,
                              enum subscription sub, bool ask)
{
	struct contact *c = roster_find(jid);
	if (c == NULL)
		c = contact_add(jid);
	const char *new_name = name && *name ? name : NULL;
	if ((c->name == NULL) != (new_name == NULL) || (new_name && strcmp(c->name, new_name) != 0))
		names_serial++;
	xstrset(&c->name, new_name);
	strv_free(c->groups);
	c->groups = strv_copy(groups);
	c->sub = sub;
	c->ask = ask;
	c->in_roster = true;
	c->stale = false;
	core_emit_roster_changed(c);
	if (sub == SUB_FROM || sub == SUB_BOTH)
		roster_pending_remove(c->jid); /* answered elsewhere (another device) */
	return c;
}

/* Remove a roster item. */
void roster_remove(const char *jid)
{
	struct contact *c = roster_find(jid);
	if (c == NULL)
		return;
	long i = item_index(c);
	index_remove(c);
	contact_free(c);
	items[i] = items[--nitems];
	epoch++;
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
	epoch++;
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
	epoch++;
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
	epoch++;
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
	index_rebuild(nitems);
	epoch++;
	core_emit_roster_changed(NULL);
}

/* Forget the whole roster. */
void roster_clear(void)
{
	for (size_t i = 0; i < nitems; i++)
		contact_free(items[i]);
	nitems = 0;
	index_rebuild(0);
	epoch++;
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
	free(slots);
	slots = NULL;
	nslots = 0;
	epoch++;
	roster_pending_free_all();
	rosterview_free();
}
