/* roster_bench.c - the cost of presence changes with a big roster.
 *
 * Builds a roster of ROSTER_BENCH_N contacts (default 5000) in 12 groups
 * through the real model (src/core/roster.c), keeps the roster pane's rows
 * with the pane's own list code (src/ui/rosterlist.c, no curses), then
 * applies ROSTER_BENCH_CHANGES presence changes (default 20000) to random
 * contacts and reports, per change:
 *   - the model alone (roster_presence with its hash lookup);
 *   - model + the pane's list moving the contact's rows (the listener's work);
 *   - model + list + fetching the 50 rows a pane shows (what each loop pass
 *     that draws does, counted here as if every change had a pass of its own);
 * and, for comparison, one full rebuild of the rows (what a pane that sorted
 * everything again would pay per change), plus lookups by JID and the heap
 * used by the roster and by the pane's rows (glibc mallinfo2).
 * Figures only: nothing here asserts on speed. Built and run by
 * tests/bench/run (`make bench`, or `tests/bench/run roster`). */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/ui/uitext.h"
#include "core.h"
#include "roster.h"

#define GROUPS   12
#define VISIBLE  50
#define REBUILDS 20

static struct rosterlist *list;
static int contacts = 5000, changes = 20000;

/* The pane's listener: move the changed contact's rows. */
static void on_roster_changed(void *ud, const struct contact *c)
{
	(void)ud;
	if (c && list)
		rosterlist_update(list, c);
}

static const struct core_listener listener = {.roster_changed = on_roster_changed};

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Bytes the heap has handed out. */
static size_t heap_used(void)
{
	return mallinfo2().uordblks;
}

/* A reproducible pseudo-random number. */
static unsigned next_rand(void)
{
	static unsigned long long s = 0x2545f4914f6cdd1dULL;
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (unsigned)(s >> 11);
}

/* Fill the roster with contacts in GROUPS groups, some in two. */
static void fill_roster(void)
{
	char jid[64], name[64], g1[16], g2[16];
	for (int i = 0; i < contacts; i++) {
		snprintf(jid, sizeof(jid), "user%05d@example.org", i);
		snprintf(name, sizeof(name), "Person %05d", (i * 7919) % contacts);
		snprintf(g1, sizeof(g1), "Group %02d", i % GROUPS);
		snprintf(g2, sizeof(g2), "Group %02d", (i + 5) % GROUPS);
		char *groups[] = {g1, i % 10 == 0 ? g2 : NULL, NULL};
		roster_upsert(jid, name, groups, SUB_BOTH, false);
	}
}

/* Apply the presence changes; with draw, also fetch the visible rows. */
static double apply_changes(bool draw)
{
	static const enum show shows[] = {SHOW_OFFLINE, SHOW_ONLINE, SHOW_AWAY,
	                                  SHOW_XA,      SHOW_DND,    SHOW_CHAT};
	struct roster_row rows[VISIBLE];
	char jid[64];
	size_t sink = 0;
	double t0 = now();
	for (int i = 0; i < changes; i++) {
		unsigned r = next_rand();
		snprintf(jid, sizeof(jid), "user%05u@example.org", r % (unsigned)contacts);
		roster_presence(jid, "phone", shows[(r >> 16) % 6], 0, "on the move");
		if (draw) {
			sink += rosterlist_rows(list, 0, rows, VISIBLE);
			sink += rosterlist_count(list);
		}
	}
	double t = now() - t0;
	if (draw && sink == 0)
		printf("(no rows?)\n");
	return t;
}

/* Mean seconds of one full rebuild of the rows. */
static double rebuild_time(void)
{
	size_t n;
	struct contact **items = roster_items(&n);
	double t0 = now();
	for (int i = 0; i < REBUILDS; i++)
		rosterlist_reset(list, (const struct contact *const *)items, n);
	return (now() - t0) / REBUILDS;
}

/* Mean seconds of one lookup by full JID. */
static double lookup_time(void)
{
	char jid[64];
	size_t found = 0;
	double t0 = now();
	for (int i = 0; i < changes; i++) {
		snprintf(jid, sizeof(jid), "USER%05d@example.org/desk", (i * 31) % contacts);
		found += roster_find(jid) != NULL;
	}
	double t = (now() - t0) / changes;
	if (found != (size_t)changes)
		printf("(lookups failed: %zu of %d)\n", found, changes);
	return t;
}

/* Read a positive number from the environment, or keep def. */
static int env_int(const char *name, int def)
{
	const char *v = getenv(name);
	int n = v ? atoi(v) : 0;
	return n > 0 ? n : def;
}

/* Build the roster, measure, report. */
int main(void)
{
	contacts = env_int("ROSTER_BENCH_N", contacts);
	changes = env_int("ROSTER_BENCH_CHANGES", changes);
	size_t heap0 = heap_used();
	fill_roster();
	size_t heap_roster = heap_used() - heap0;

	double model = apply_changes(false);
	list = rosterlist_new();
	core_set_listener(&listener, NULL);
	size_t heap1 = heap_used();
	double t0 = now();
	size_t n;
	struct contact **items = roster_items(&n);
	rosterlist_reset(list, (const struct contact *const *)items, n);
	double first_build = now() - t0;
	size_t heap_list = heap_used() - heap1;
	double with_list = apply_changes(false);
	double with_draw = apply_changes(true);
	double rebuild = rebuild_time();
	double lookup = lookup_time();

	printf("roster bench: %d contacts in %d groups (%zu pane rows), %d presence changes\n",
	       contacts, GROUPS, rosterlist_count(list), changes);
	printf("  model only:                 %7.2f us per change\n", model * 1e6 / changes);
	printf("  model + pane rows moved:    %7.2f us per change\n", with_list * 1e6 / changes);
	printf("  model + rows + %d shown:    %7.2f us per change (a draw after every change)\n",
	       VISIBLE, with_draw * 1e6 / changes);
	printf(
	    "  full rebuild of the rows:   %7.2f us (what re-sorting on each change would cost)\n",
	    rebuild * 1e6);
	printf("  first build of the rows:    %7.2f us\n", first_build * 1e6);
	printf("  roster_find by full JID:    %7.3f us\n", lookup * 1e6);
	printf("  heap: roster %.1f KiB (%.0f bytes per contact), pane rows %.1f KiB\n",
	       (double)heap_roster / 1024, (double)heap_roster / contacts,
	       (double)heap_list / 1024);
	core_set_listener(NULL, NULL);
	rosterlist_free(list);
	core_free_all();
	return 0;
}
