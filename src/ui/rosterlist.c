/* rosterlist.c - the roster as sorted pane rows (groups, then contacts) */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uitext.h"
#include "xmalloc.h"

/* Group of contacts that are in no group. */
static const char default_group[] = "Contacts";

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

/* Compare two strings without case, then with case so the order is total. */
static int name_cmp(const char *a, const char *b)
{
	int r = strcasecmp(a, b);
	return r ? r : strcmp(a, b);
}

/* Order of rows: group, online before offline, more available first, label. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct roster_row *a = pa, *b = pb;
	int r = name_cmp(a->group, b->group);
	if (r)
		return r;
	bool on_a = a->show != SHOW_OFFLINE, on_b = b->show != SHOW_OFFLINE;
	if (on_a != on_b)
		return on_a ? -1 : 1;
	if (a->show != b->show)
		return a->show > b->show ? -1 : 1;
	r = name_cmp(contact_label(a->c), contact_label(b->c));
	return r ? r : strcmp(a->c->jid, b->c->jid);
}

/* Number of groups c is shown under (at least one). */
static size_t group_count(const struct contact *c)
{
	size_t n = 0;
	if (c->groups)
		while (c->groups[n])
			n++;
	return n ? n : 1;
}

/* Append c's rows (one per group) to rows at *n. */
static void add_contact(struct roster_row *rows, size_t *n, struct contact *c)
{
	size_t groups = group_count(c);
	for (size_t g = 0; g < groups; g++) {
		const char *name = c->groups && c->groups[0] ? c->groups[g] : default_group;
		if (*name == '\0')
			name = default_group;
		rows[*n].group = name;
		rows[*n].c = c;
		rows[*n].show = contact_show(c);
		(*n)++;
	}
}

/* Insert a header row before each group's first contact. */
static size_t add_headers(const struct roster_row *sorted, size_t n, struct roster_row *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(sorted[i].group, sorted[i - 1].group) != 0) {
			out[k].group = sorted[i].group;
			out[k].c = NULL;
			out[k].show = SHOW_OFFLINE;
			k++;
		}
		out[k++] = sorted[i];
	}
	return k;
}

/* Sort the roster into pane rows. */
size_t rosterlist_build(struct contact *const *items, size_t n, struct roster_row **rows)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i]->in_roster)
			total += group_count(items[i]);
	struct roster_row *flat = xcalloc(total ? total : 1, sizeof(*flat));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i]->in_roster)
			add_contact(flat, &k, items[i]);
	qsort(flat, k, sizeof(*flat), row_cmp);
	/* At most one header per contact row. */
	*rows = xcalloc(2 * k + 1, sizeof(**rows));
	k = add_headers(flat, k, *rows);
	free(flat);
	return k;
}
