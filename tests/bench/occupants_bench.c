/* occupants_bench.c - the cost of presence changes in a big room.
 *
 * Fills a room (src/core/room.c) with OCC_BENCH_N occupants (default 1000),
 * keeps the occupants pane's rows with the pane's own list code
 * (src/ui/occupantlist.c, no curses) and applies OCC_BENCH_CHANGES presence
 * changes (default 10000: role, affiliation and show at random) and reports,
 * per change:
 *   - the model alone (room_occupant_set with its hash lookup);
 *   - model + the pane's list moving the occupant's row (the listener's work);
 *   - model + list + fetching the 50 rows a pane shows (a draw per change);
 * and one full rebuild of the rows for comparison.
 * Figures only: nothing here asserts on speed. Built and run by
 * tests/bench/run (`tests/bench/run occupants`). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../src/ui/uitext.h"
#include "core.h"
#include "room.h"

#define VISIBLE 50

static struct occlist *list;
static struct room *room;
static int occupants = 1000, changes = 10000;

/* The pane's listener: move the changed occupant's row. */
static void on_occupant_changed(void *ud, struct room *r, const struct occupant *o)
{
	(void)ud;
	if (list && r == room && o)
		occlist_update(list, o);
}

static const struct core_listener listener = {.occupant_changed = on_occupant_changed};

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Apply the changes; with rows, fetch the visible rows after each. */
static double run_changes(bool rows)
{
	struct occ_row shown[VISIBLE];
	char nick[32];
	srand(1);
	double t0 = now();
	for (int k = 0; k < changes; k++) {
		snprintf(nick, sizeof(nick), "user%d", rand() % occupants);
		room_occupant_set(room, nick, NULL, (enum muc_role)(1 + rand() % 3),
		                  (enum muc_affil)(rand() % 5), (enum show)(rand() % 5), NULL);
		if (rows)
			occlist_rows(list, 0, shown, VISIBLE);
	}
	return (now() - t0) / changes;
}

/* Fill, measure, report. */
int main(void)
{
	if (getenv("OCC_BENCH_N"))
		occupants = atoi(getenv("OCC_BENCH_N"));
	if (getenv("OCC_BENCH_CHANGES"))
		changes = atoi(getenv("OCC_BENCH_CHANGES"));
	if (occupants < 1 || changes < 1)
		return 2;
	core_set_listener(&listener, NULL);
	room = room_get("bench@conference.example.org");
	char nick[32];
	for (int i = 0; i < occupants; i++) {
		snprintf(nick, sizeof(nick), "user%d", i);
		room_occupant_set(room, nick, NULL, ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE,
		                  NULL);
	}
	double model = run_changes(false);
	list = occlist_new();
	occlist_reset(list, room->occupants, room->noccupants);
	double with_list = run_changes(false);
	double with_rows = run_changes(true);
	double t0 = now();
	occlist_reset(list, room->occupants, room->noccupants);
	double rebuild = now() - t0;
	printf("occupants bench: %d occupants, %d presence changes\n", occupants, changes);
	printf("  model only:            %8.2f us/change\n", model * 1e6);
	printf("  model + pane list:     %8.2f us/change\n", with_list * 1e6);
	printf("  + %d visible rows:     %8.2f us/change\n", VISIBLE, with_rows * 1e6);
	printf("  full rebuild (once):   %8.2f us\n", rebuild * 1e6);
	occlist_free(list);
	core_set_listener(NULL, NULL);
	room_free_all();
	return 0;
}
