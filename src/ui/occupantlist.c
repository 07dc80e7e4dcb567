/* occupantlist.c - the occupants pane's rows: three role groups, each kept
 * sorted by nick as occupants join, change and leave, so that one presence
 * in a room of 1,000 costs a search and a move, not a sort */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "uitext.h"
#include "xmalloc.h"

enum { GROUP_MOD, GROUP_PART, GROUP_VISIT, NGROUPS };

/* An occupant as placed: the nick it was sorted by (the occupant's own may
 * have changed since). */
struct entry {
	const struct occupant *o;
	char *nick;
};

/* One role group, sorted by nick. */
struct group {
	struct entry *v;
	size_t n, cap;
};

struct occlist {
	struct group g[NGROUPS];
	char *filter; /* NULL: everyone */
};

/* The group an occupant's role puts it in. */
static int group_of(enum muc_role r)
{
	if (r == ROLE_MODERATOR)
		return GROUP_MOD;
	if (r == ROLE_PARTICIPANT)
		return GROUP_PART;
	return GROUP_VISIT;
}

/* The role a group's header stands for. */
static enum muc_role group_role(int g)
{
	static const enum muc_role roles[NGROUPS] = {ROLE_MODERATOR, ROLE_PARTICIPANT,
	                                             ROLE_VISITOR};
	return roles[g];
}

/* The group name of a role. */
const char *occupant_group_name(enum muc_role r)
{
	switch (group_of(r)) {
	case GROUP_MOD:
		return "Moderators";
	case GROUP_PART:
		return "Participants";
	default:
		return "Visitors";
	}
}

/* The affiliation mark. */
const char *occupant_affil_mark(enum muc_affil a)
{
	switch (a) {
	case AFFIL_OWNER:
		return "~";
	case AFFIL_ADMIN:
		return "&";
	case AFFIL_MEMBER:
		return "+";
	case AFFIL_OUTCAST:
		return "!";
	case AFFIL_NONE:
		break;
	}
	return " ";
}

/* A new, empty list. */
struct occlist *occlist_new(void)
{
	return xcalloc(1, sizeof(struct occlist));
}

/* Drop every entry of every group. */
static void clear(struct occlist *ol)
{
	for (int g = 0; g < NGROUPS; g++) {
		for (size_t i = 0; i < ol->g[g].n; i++)
			free(ol->g[g].v[i].nick);
		ol->g[g].n = 0;
	}
}

/* Free the list. */
void occlist_free(struct occlist *ol)
{
	if (ol == NULL)
		return;
	clear(ol);
	for (int g = 0; g < NGROUPS; g++)
		free(ol->g[g].v);
	free(ol->filter);
	free(ol);
}

/* Order of two nicks: case-insensitive, then exact so that the order is total. */
static int nick_cmp(const char *a, const char *b)
{
	int c = strcasecmp(a, b);
	return c ? c : strcmp(a, b);
}

/* Order of entries for qsort. */
static int entry_cmp(const void *a, const void *b)
{
	return nick_cmp(((const struct entry *)a)->nick, ((const struct entry *)b)->nick);
}

/* Append o to its group, unsorted. */
static void push(struct occlist *ol, const struct occupant *o)
{
	struct group *g = &ol->g[group_of(o->role)];
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	g->v[g->n].o = o;
	g->v[g->n].nick = xstrdup(o->nick ? o->nick : "");
	g->n++;
}

/* Rebuild from all occupants. */
void occlist_reset(struct occlist *ol, struct occupant *const *items, size_t n)
{
	clear(ol);
	for (size_t i = 0; i < n; i++)
		push(ol, items[i]);
	for (int g = 0; g < NGROUPS; g++)
		if (ol->g[g].n > 1)
			qsort(ol->g[g].v, ol->g[g].n, sizeof(struct entry), entry_cmp);
}

/* Where o's entry is: its group and index; false when not held. */
static bool find(const struct occlist *ol, const struct occupant *o, int *gi, size_t *idx)
{
	for (int g = 0; g < NGROUPS; g++)
		for (size_t i = 0; i < ol->g[g].n; i++)
			if (ol->g[g].v[i].o == o) {
				*gi = g;
				*idx = i;
				return true;
			}
	return false;
}

/* Take entry i out of group g. */
static void take(struct group *g, size_t i)
{
	free(g->v[i].nick);
	memmove(&g->v[i], &g->v[i + 1], (g->n - i - 1) * sizeof(*g->v));
	g->n--;
}

/* Occupant o left. */
void occlist_remove(struct occlist *ol, const struct occupant *o)
{
	int g;
	size_t i;
	if (find(ol, o, &g, &i))
		take(&ol->g[g], i);
}

/* Occupant o joined or changed: take its old row out, put it in by nick. */
void occlist_update(struct occlist *ol, const struct occupant *o)
{
	occlist_remove(ol, o);
	push(ol, o);
	struct group *g = &ol->g[group_of(o->role)];
	struct entry e = g->v[g->n - 1];
	size_t lo = 0, hi = g->n - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nick_cmp(g->v[mid].nick, e.nick) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&g->v[lo + 1], &g->v[lo], (g->n - 1 - lo) * sizeof(*g->v));
	g->v[lo] = e;
}

/* Occupants held. */
size_t occlist_size(const struct occlist *ol)
{
	size_t n = 0;
	for (int g = 0; g < NGROUPS; g++)
		n += ol->g[g].n;
	return n;
}

/* Show only matching occupants. */
void occlist_set_filter(struct occlist *ol, const char *text)
{
	if (text && *text == '\0')
		text = NULL;
	if ((text == NULL && ol->filter == NULL) ||
	    (text && ol->filter && strcmp(text, ol->filter) == 0))
		return;
	xstrset(&ol->filter, text);
}

/* True when needle occurs in hay, ASCII letters in any case. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* True when e passes the filter. */
static bool shown(const struct occlist *ol, const struct entry *e)
{
	if (ol->filter == NULL)
		return true;
	if (contains_nocase(e->nick, ol->filter))
		return true;
	return e->o->jid && contains_nocase(e->o->jid, ol->filter);
}

/* Occupants of group g that pass the filter. */
static size_t group_shown(const struct occlist *ol, int g)
{
	if (ol->filter == NULL)
		return ol->g[g].n;
	size_t n = 0;
	for (size_t i = 0; i < ol->g[g].n; i++)
		n += shown(ol, &ol->g[g].v[i]);
	return n;
}

/* Rows of the whole pane. */
size_t occlist_count(const struct occlist *ol)
{
	size_t rows = 0;
	for (int g = 0; g < NGROUPS; g++) {
		size_t n = group_shown(ol, g);
		rows += n ? n + 1 : 0;
	}
	return rows;
}

/* Copy up to max rows from row first. */
size_t occlist_rows(const struct occlist *ol, size_t first, struct occ_row *out, size_t max)
{
	size_t row = 0, got = 0;
	for (int g = 0; g < NGROUPS && got < max; g++) {
		size_t n = group_shown(ol, g);
		if (n == 0)
			continue;
		/* without a filter a whole group before first is skipped at once */
		if (ol->filter == NULL && row + n + 1 <= first) {
			row += n + 1;
			continue;
		}
		if (row++ >= first)
			out[got++] = (struct occ_row){OCC_HEADER, group_role(g), n, NULL};
		for (size_t i = 0; i < ol->g[g].n && got < max; i++) {
			const struct entry *e = &ol->g[g].v[i];
			if (!shown(ol, e))
				continue;
			if (row++ >= first)
				out[got++] = (struct occ_row){OCC_MEMBER, group_role(g), 0, e->o};
		}
	}
	return got;
}
