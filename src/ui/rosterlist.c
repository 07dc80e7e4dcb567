/* rosterlist.c - the roster pane's rows, kept in order contact by contact:
 * a presence change moves that contact's rows only (binary search in its
 * groups), so thousands of contacts are never sorted again for one change */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uitext.h"
#include "xmalloc.h"

/* Group of contacts that are in no group, and the one of the requests. */
static const char default_group[] = "Contacts";
static const char pending_group[] = "Pending";

struct rl_group;

/* What a contact's rows are sorted by, as it was when they were placed. */
struct rl_rec {
	const struct contact *c;
	char *label; /* copy of contact_label() */
	enum show show;
	struct rl_entry *entries; /* one per group the contact is shown in */
	size_t n;
};

/* A contact's row in one group. */
struct rl_entry {
	struct rl_rec *rec;
	struct rl_group *g;
	bool match; /* passes the filter */
};

/* A group: its contacts' entries in pane order, and counts for the header. */
struct rl_group {
	char *name;
	struct rl_entry **v;
	size_t n, cap;
	size_t matching, matching_online;
};

struct rosterlist {
	struct rl_group **groups; /* sorted by name */
	size_t ngroups, capgroups;
	struct rl_rec **slots; /* open addressing by contact pointer */
	size_t nslots, nrecs;
	char *filter; /* "" when off */
};

/* Presence glyph: online/chat "●", away "◐", xa "○", dnd "⊘", offline "·"
 * (without UTF-8: "+", "~", "-", "!", "."). */
const char *rosterlist_glyph(enum show s)
{
	bool u = text_can_utf8();
	switch (s) {
	case SHOW_CHAT:
	case SHOW_ONLINE:
		return u ? "●" : "+";
	case SHOW_AWAY:
		return u ? "◐" : "~";
	case SHOW_XA:
		return u ? "○" : "-";
	case SHOW_DND:
		return u ? "⊘" : "!";
	case SHOW_OFFLINE:
		break;
	}
	return u ? "·" : ".";
}

/* The colour of show's presence glyph. */
enum ui_style presence_style(enum show s)
{
	switch (s) {
	case SHOW_CHAT:
	case SHOW_ONLINE:
		return ST_ONLINE;
	case SHOW_AWAY:
	case SHOW_XA:
		return ST_AWAY;
	case SHOW_DND:
		return ST_DND;
	case SHOW_OFFLINE:
		break;
	}
	return ST_OFFLINE;
}

/* Compare two strings without case, then with case so the order is total. */
static int name_cmp(const char *a, const char *b)
{
	int r = strcasecmp(a, b);
	return r ? r : strcmp(a, b);
}

/* Order in a group: online before offline, more available first, label, JID. */
static int rec_cmp(const struct rl_rec *a, const struct rl_rec *b)
{
	bool on_a = a->show != SHOW_OFFLINE, on_b = b->show != SHOW_OFFLINE;
	if (on_a != on_b)
		return on_a ? -1 : 1;
	if (a->show != b->show)
		return a->show > b->show ? -1 : 1;
	int r = name_cmp(a->label, b->label);
	return r ? r : strcmp(a->c->jid, b->c->jid);
}

/* rec_cmp() of two entries, for qsort. */
static int entry_qcmp(const void *pa, const void *pb)
{
	const struct rl_entry *a = *(const struct rl_entry *const *)pa;
	const struct rl_entry *b = *(const struct rl_entry *const *)pb;
	return rec_cmp(a->rec, b->rec);
}

/* Index where rec sorts in g (its own entry's index when it is there). */
static size_t group_pos(const struct rl_group *g, const struct rl_rec *rec)
{
	size_t lo = 0, hi = g->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rec_cmp(g->v[mid]->rec, rec) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* New empty list. */
struct rosterlist *rosterlist_new(void)
{
	struct rosterlist *rl = xcalloc(1, sizeof(*rl));
	rl->filter = xstrdup("");
	return rl;
}

/* Free every group and record, keeping the filter. */
static void list_clear(struct rosterlist *rl)
{
	for (size_t i = 0; i < rl->ngroups; i++) {
		free(rl->groups[i]->name);
		free(rl->groups[i]->v);
		free(rl->groups[i]);
	}
	for (size_t i = 0; i < rl->nslots; i++) {
		if (rl->slots[i]) {
			free(rl->slots[i]->label);
			free(rl->slots[i]->entries);
			free(rl->slots[i]);
		}
	}
	free(rl->groups);
	free(rl->slots);
	rl->groups = NULL;
	rl->slots = NULL;
	rl->ngroups = rl->capgroups = rl->nslots = rl->nrecs = 0;
}

/* Free the list. */
void rosterlist_free(struct rosterlist *rl)
{
	if (rl == NULL)
		return;
	list_clear(rl);
	free(rl->filter);
	free(rl);
}

/* Hash of a contact pointer. */
static size_t ptr_hash(const struct contact *c)
{
	uint64_t h = (uint64_t)(uintptr_t)c;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

/* Slot of c's record, or the empty slot where it would go. */
static size_t rec_slot(const struct rosterlist *rl, const struct contact *c)
{
	size_t mask = rl->nslots - 1, i = ptr_hash(c) & mask;
	while (rl->slots[i] && rl->slots[i]->c != c)
		i = (i + 1) & mask;
	return i;
}

/* Grow the record table so that it stays at most half full. */
static void recs_grow(struct rosterlist *rl)
{
	size_t old_n = rl->nslots;
	struct rl_rec **old = rl->slots;
	rl->nslots = old_n ? old_n * 2 : 256;
	rl->slots = xcalloc(rl->nslots, sizeof(*rl->slots));
	for (size_t i = 0; i < old_n; i++)
		if (old[i])
			rl->slots[rec_slot(rl, old[i]->c)] = old[i];
	free(old);
}

/* c's record, made (empty) when it has none. */
static struct rl_rec *rec_get(struct rosterlist *rl, const struct contact *c)
{
	if (2 * (rl->nrecs + 1) > rl->nslots)
		recs_grow(rl);
	size_t i = rec_slot(rl, c);
	if (rl->slots[i] == NULL) {
		rl->slots[i] = xcalloc(1, sizeof(**rl->slots));
		rl->slots[i]->c = c;
		rl->nrecs++;
	}
	return rl->slots[i];
}

/* The group called name, made when missing (kept sorted by name). */
static struct rl_group *group_get(struct rosterlist *rl, const char *name)
{
	size_t lo = 0, hi = rl->ngroups;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = name_cmp(rl->groups[mid]->name, name);
		if (r == 0)
			return rl->groups[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (rl->ngroups == rl->capgroups) {
		rl->capgroups = rl->capgroups ? rl->capgroups * 2 : 16;
		rl->groups = xreallocarray(rl->groups, rl->capgroups, sizeof(*rl->groups));
	}
	struct rl_group *g = xcalloc(1, sizeof(*g));
	g->name = xstrdup(name);
	memmove(&rl->groups[lo + 1], &rl->groups[lo], (rl->ngroups - lo) * sizeof(*rl->groups));
	rl->groups[lo] = g;
	rl->ngroups++;
	return g;
}

/* True when the entry passes the filter: name, JID or its group. */
static bool entry_matches(const struct rosterlist *rl, const struct rl_entry *e)
{
	const char *f = rl->filter;
	return *f == '\0' || roster_text_has(e->rec->c->jid, f) ||
	       roster_text_has(e->rec->c->name, f) || roster_text_has(e->g->name, f);
}

/* Count e in (add) or out of its group's header figures. */
static void entry_count(struct rl_entry *e, bool add)
{
	if (!e->match)
		return;
	if (add)
		e->g->matching++;
	else
		e->g->matching--;
	if (e->rec->show != SHOW_OFFLINE && add)
		e->g->matching_online++;
	else if (e->rec->show != SHOW_OFFLINE)
		e->g->matching_online--;
}

/* Append e to its group, unsorted (a full rebuild sorts afterwards). */
static void group_append(struct rl_group *g, struct rl_entry *e)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	g->v[g->n++] = e;
}

/* Insert e at its place in its group. */
static void group_insert(struct rl_group *g, struct rl_entry *e)
{
	group_append(g, e);
	g->n--;
	size_t at = group_pos(g, e->rec);
	memmove(&g->v[at + 1], &g->v[at], (g->n - at) * sizeof(*g->v));
	g->v[at] = e;
	g->n++;
}

/* Take e out of its group: found by the key it was placed with. */
static void group_remove(struct rl_group *g, const struct rl_entry *e)
{
	for (size_t at = group_pos(g, e->rec); at < g->n && g->v[at]->rec == e->rec; at++) {
		if (g->v[at] == e) {
			memmove(&g->v[at], &g->v[at + 1], (g->n - at - 1) * sizeof(*g->v));
			g->n--;
			return;
		}
	}
}

/* Number of groups c is shown under (none when not in the roster). */
static size_t group_count(const struct contact *c)
{
	size_t n = 0;
	if (!c->in_roster)
		return 0;
	while (c->groups && c->groups[n])
		n++;
	return n ? n : 1;
}

/* Name of c's group number i. */
static const char *group_name(const struct contact *c, size_t i)
{
	const char *name = c->groups && c->groups[0] ? c->groups[i] : default_group;
	return *name ? name : default_group;
}

/* True when rec already has an entry in g (a group listed twice). */
static bool rec_in_group(const struct rl_rec *rec, const struct rl_group *g)
{
	for (size_t i = 0; i < rec->n; i++)
		if (rec->entries[i].g == g)
			return true;
	return false;
}

/* Give rec fresh entries (and key) for its contact's current state; with
 * sorted, each is inserted at its place, else appended. */
static void rec_place(struct rosterlist *rl, struct rl_rec *rec, bool sorted)
{
	const struct contact *c = rec->c;
	size_t groups = group_count(c);
	xstrset(&rec->label, contact_label(c));
	rec->show = contact_show(c);
	rec->entries = xreallocarray(rec->entries, groups ? groups : 1, sizeof(*rec->entries));
	rec->n = 0;
	for (size_t i = 0; i < groups; i++) {
		struct rl_group *g = group_get(rl, group_name(c, i));
		if (rec_in_group(rec, g))
			continue;
		struct rl_entry *e = &rec->entries[rec->n++];
		e->rec = rec;
		e->g = g;
		e->match = entry_matches(rl, e);
		entry_count(e, true);
		if (sorted)
			group_insert(g, e);
		else
			group_append(g, e);
	}
}

/* Take rec's entries out of their groups. */
static void rec_unplace(struct rl_rec *rec)
{
	for (size_t i = 0; i < rec->n; i++) {
		entry_count(&rec->entries[i], false);
		group_remove(rec->entries[i].g, &rec->entries[i]);
	}
	rec->n = 0;
}

/* True when rec's rows would not move: same key and the same groups. */
static bool rec_unchanged(const struct rl_rec *rec)
{
	const struct contact *c = rec->c;
	if (rec->show != contact_show(c) || strcmp(rec->label, contact_label(c)) != 0 ||
	    rec->n != group_count(c))
		return false;
	for (size_t i = 0; i < rec->n; i++)
		if (strcmp(rec->entries[i].g->name, group_name(c, i)) != 0)
			return false;
	return true;
}

/* Rebuild from every in-roster contact of items (sorting each group once). */
void rosterlist_reset(struct rosterlist *rl, const struct contact *const *items, size_t n)
{
	list_clear(rl);
	for (size_t i = 0; i < n; i++)
		if (items[i]->in_roster)
			rec_place(rl, rec_get(rl, items[i]), false);
	for (size_t i = 0; i < rl->ngroups; i++)
		qsort(rl->groups[i]->v, rl->groups[i]->n, sizeof(*rl->groups[i]->v), entry_qcmp);
}

/* Contact c changed: move only its rows. */
void rosterlist_update(struct rosterlist *rl, const struct contact *c)
{
	struct rl_rec *rec = rec_get(rl, c);
	if (rec->label && rec_unchanged(rec))
		return;
	rec_unplace(rec);
	rec_place(rl, rec, true);
}

/* Filter the rows (NULL or "": no filter); only a new filter costs a pass. */
void rosterlist_set_filter(struct rosterlist *rl, const char *text)
{
	if (text == NULL)
		text = "";
	if (strcmp(text, rl->filter) == 0)
		return;
	xstrset(&rl->filter, text);
	for (size_t i = 0; i < rl->ngroups; i++) {
		struct rl_group *g = rl->groups[i];
		g->matching = g->matching_online = 0;
		for (size_t k = 0; k < g->n; k++) {
			g->v[k]->match = entry_matches(rl, g->v[k]);
			entry_count(g->v[k], true);
		}
	}
}

/* True when the pending request r passes the filter. */
static bool request_matches(const struct rosterlist *rl, const struct sub_request *r)
{
	return roster_text_has(r->jid, rl->filter) || roster_text_has(pending_group, rl->filter);
}

/* Requests that pass the filter. */
static size_t requests_shown(const struct rosterlist *rl)
{
	size_t n, shown = 0;
	struct sub_request *const *reqs = roster_pending(&n);
	for (size_t i = 0; i < n; i++)
		shown += request_matches(rl, reqs[i]);
	return shown;
}

/* Rows group g takes (header included; none when nothing in it shows). */
static size_t group_rows(const struct rl_group *g)
{
	if (g->matching == 0)
		return 0;
	return 1 + (roster_group_folded(g->name) ? 0 : g->matching);
}

/* Rows of the whole pane. */
size_t rosterlist_count(const struct rosterlist *rl)
{
	size_t reqs = requests_shown(rl);
	size_t n = reqs ? 1 + (roster_group_folded(pending_group) ? 0 : reqs) : 0;
	for (size_t i = 0; i < rl->ngroups; i++)
		n += group_rows(rl->groups[i]);
	return n;
}

/* Where rosterlist_rows() is: rows to skip, rows left to fill. */
struct row_out {
	size_t skip;
	struct roster_row *out;
	size_t n, max;
};

/* Emit one row (or skip it); false once the output is full. */
static bool emit(struct row_out *o, const struct roster_row *r)
{
	if (o->n == o->max)
		return false;
	if (o->skip > 0)
		o->skip--;
	else
		o->out[o->n++] = *r;
	return o->n < o->max;
}

/* A header row. */
static struct roster_row header_row(enum row_kind kind, const char *name, size_t online,
                                    size_t total)
{
	struct roster_row r = {.kind = kind,
	                       .group = name,
	                       .online = online,
	                       .total = total,
	                       .folded = roster_group_folded(name)};
	return r;
}

/* Emit the Pending group: its header and the requests that pass the filter. */
static bool emit_requests(const struct rosterlist *rl, struct row_out *o)
{
	size_t n, shown = requests_shown(rl);
	struct sub_request *const *reqs = roster_pending(&n);
	if (shown == 0)
		return true;
	struct roster_row h = header_row(ROW_PENDING, pending_group, 0, shown);
	if (!emit(o, &h) || h.folded)
		return o->n < o->max;
	for (size_t i = 0; i < n; i++) {
		struct roster_row r = {.kind = ROW_REQUEST, .group = pending_group, .req = reqs[i]};
		if (request_matches(rl, reqs[i]) && !emit(o, &r))
			return false;
	}
	return true;
}

/* Emit group g's rows; whole groups before the first row are skipped at once. */
static bool emit_group(const struct rl_group *g, struct row_out *o)
{
	size_t rows = group_rows(g);
	if (rows == 0)
		return true;
	if (o->skip >= rows) {
		o->skip -= rows;
		return true;
	}
	struct roster_row h = header_row(ROW_HEADER, g->name, g->matching_online, g->matching);
	if (!emit(o, &h) || h.folded)
		return o->n < o->max;
	for (size_t k = 0; k < g->n; k++) {
		const struct rl_entry *e = g->v[k];
		struct roster_row r = {
		    .kind = ROW_CONTACT, .group = g->name, .c = e->rec->c, .show = e->rec->show};
		if (e->match && !emit(o, &r))
			return false;
	}
	return true;
}

/* Fill out with up to max rows of the pane, starting at row first. */
size_t rosterlist_rows(const struct rosterlist *rl, size_t first, struct roster_row *out,
                       size_t max)
{
	struct row_out o = {first, out, 0, max};
	if (max == 0 || !emit_requests(rl, &o))
		return o.n;
	for (size_t i = 0; i < rl->ngroups; i++)
		if (!emit_group(rl->groups[i], &o))
			break;
	return o.n;
}
