/* test_ui_roster.c - the roster pane's rows: order, groups, the Pending
 * group, folds, the filter, and incremental updates that match a rebuild */
#include "unit.h"

#include <locale.h>
#include <stdio.h>

#include "../../src/ui/uitext.h"
#include "core.h"
#include "roster.h"
#include "settings.h"
#include "timer.h"

static struct rosterlist *rl;

/* The list follows the model as the pane does: contact by contact. */
static void on_roster_changed(void *ud, const struct contact *c)
{
	(void)ud;
	if (c && rl)
		rosterlist_update(rl, c);
}

static const struct core_listener listener = {.roster_changed = on_roster_changed};

/* Fresh model and list before each test. */
static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	core_set_listener(&listener, NULL);
	rl = rosterlist_new();
	return 0;
}

/* Free everything after each test. */
static int teardown(void **state)
{
	(void)state;
	rosterlist_free(rl);
	rl = NULL;
	timer_clear();
	core_free_all();
	settings_free_all();
	core_set_listener(NULL, NULL);
	return 0;
}

/* Rebuild the list from the whole roster. */
static void reset(void)
{
	size_t n;
	struct contact **items = roster_items(&n);
	rosterlist_reset(rl, (const struct contact *const *)items, n);
}

/* Add a roster contact; groups is a comma-separated list or NULL. */
static void add(const char *jid, const char *name, const char *groups)
{
	char *v[8] = {NULL}, buf[128];
	size_t n = 0;
	if (groups) {
		snprintf(buf, sizeof(buf), "%s", groups);
		for (char *save, *g = strtok_r(buf, ",", &save); g; g = strtok_r(NULL, ",", &save))
			v[n++] = g;
	}
	roster_upsert(jid, name, v, SUB_BOTH, false);
}

/* Set jid's only resource to show (offline removes it). */
static void pres(const char *jid, enum show show)
{
	roster_presence(jid, "r", show, 0, NULL);
}

/* The pane as text: "[Group 1/2]" headers ("[>Group]" when folded,
 * "[Pending 2]"), "glyph label" contacts, "?jid" requests, joined by ','. */
static const char *describe(size_t first, size_t max)
{
	static char out[8192];
	struct roster_row rows[256];
	size_t n = rosterlist_rows(rl, first, rows, max < 256 ? max : 256);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char one[256];
		const struct roster_row *r = &rows[i];
		if (r->kind == ROW_HEADER)
			snprintf(one, sizeof(one), "[%s%s %zu/%zu]", r->folded ? ">" : "", r->group,
			         r->online, r->total);
		else if (r->kind == ROW_PENDING)
			snprintf(one, sizeof(one), "[%s%s %zu]", r->folded ? ">" : "", r->group,
			         r->total);
		else if (r->kind == ROW_REQUEST)
			snprintf(one, sizeof(one), "?%s", r->req->jid);
		else
			snprintf(one, sizeof(one), "%s%s", rosterlist_glyph(r->show),
			         contact_label(r->c));
		if (i > 0)
			strcat(out, ",");
		strcat(out, one);
	}
	return out;
}

/* Groups by name, online by availability then label, offline last. */
static void test_order(void **state)
{
	(void)state;
	add("zed@x", NULL, "Work");
	add("amy@x", "Amy", "Work");
	add("bob@x", "Bob", "Work");
	add("cat@x", "cat", "friends,Work");
	add("dan@x", "Dan", NULL);
	add("eve@x", "Eve", NULL);
	add("fay@x", "Fay", "Work");
	add("gus@x", "Gus", "Work");
	pres("zed@x", SHOW_AWAY);
	pres("bob@x", SHOW_CHAT);
	pres("cat@x", SHOW_AWAY);
	pres("dan@x", SHOW_DND);
	pres("fay@x", SHOW_ONLINE);
	pres("gus@x", SHOW_AWAY);
	reset();
	const char *want = "[Contacts 1/2],⊘Dan,·Eve,"
	                   "[friends 1/1],◐cat,"
	                   "[Work 5/6],●Bob,●Fay,◐cat,◐Gus,◐zed@x,·Amy";
	assert_string_equal(describe(0, 100), want);
	assert_int_equal(rosterlist_count(rl), 12);
	/* a window into the rows: whole groups are skipped, then rows */
	assert_string_equal(describe(5, 3), "[Work 5/6],●Bob,●Fay");
	assert_string_equal(describe(11, 5), "·Amy");
	assert_string_equal(describe(12, 5), "");
}

/* Presence changes move one contact; the result is what a rebuild gives. */
static void test_incremental_moves(void **state)
{
	(void)state;
	add("a@x", "Ann", "G");
	add("b@x", "Ben", "G");
	add("c@x", "Cid", "G");
	reset();
	assert_string_equal(describe(0, 10), "[G 0/3],·Ann,·Ben,·Cid");
	pres("c@x", SHOW_ONLINE);
	assert_string_equal(describe(0, 10), "[G 1/3],●Cid,·Ann,·Ben");
	pres("b@x", SHOW_AWAY);
	pres("a@x", SHOW_CHAT);
	assert_string_equal(describe(0, 10), "[G 3/3],●Ann,●Cid,◐Ben");
	pres("a@x", SHOW_OFFLINE);
	assert_string_equal(describe(0, 10), "[G 2/3],●Cid,◐Ben,·Ann");
	/* a rename and a change of groups move the rows too */
	add("c@x", "Abe", "G,H");
	assert_string_equal(describe(0, 10), "[G 2/3],●Abe,◐Ben,·Ann,[H 1/1],●Abe");
	add("c@x", "Abe", "H");
	assert_string_equal(describe(0, 10), "[G 1/2],◐Ben,·Ann,[H 1/1],●Abe");
	/* a new contact appears without a rebuild */
	add("d@x", "Dee", NULL);
	assert_string_equal(describe(0, 10), "[Contacts 0/1],·Dee,[G 1/2],◐Ben,·Ann,[H 1/1],●Abe");
}

/* A group listed twice shows the contact once, and it still moves. */
static void test_duplicate_group(void **state)
{
	(void)state;
	add("a@x", "Ann", "G,G");
	add("b@x", "Ben", "G");
	reset();
	assert_string_equal(describe(0, 10), "[G 0/2],·Ann,·Ben");
	pres("b@x", SHOW_ONLINE);
	pres("a@x", SHOW_ONLINE);
	pres("a@x", SHOW_OFFLINE);
	assert_string_equal(describe(0, 10), "[G 1/2],●Ben,·Ann");
}

/* Requests come first in their own group; strangers are not shown. */
static void test_pending_group(void **state)
{
	(void)state;
	add("a@x", "Ann", NULL);
	reset();
	roster_sub_in("zoe@y", SUBP_SUBSCRIBE, "hi");
	roster_sub_in("max@y", SUBP_SUBSCRIBE, NULL);
	assert_string_equal(describe(0, 10), "[Pending 2],?zoe@y,?max@y,[Contacts 0/1],·Ann");
	assert_int_equal(rosterlist_count(rl), 5);
	roster_group_fold("Pending", true);
	assert_string_equal(describe(0, 10), "[>Pending 2],[Contacts 0/1],·Ann");
	roster_group_fold("Pending", false);
	roster_pending_remove("zoe@y");
	assert_string_equal(describe(0, 10), "[Pending 1],?max@y,[Contacts 0/1],·Ann");
}

/* Folded groups show their header only, and count as one row. */
static void test_fold(void **state)
{
	(void)state;
	add("a@x", "Ann", "A");
	add("b@x", "Ben", "B");
	reset();
	roster_group_fold("A", true);
	assert_string_equal(describe(0, 10), "[>A 0/1],[B 0/1],·Ben");
	assert_int_equal(rosterlist_count(rl), 3);
	assert_true(roster_group_folded("A"));
	roster_group_fold("A", false);
	assert_false(roster_group_folded("A"));
	assert_string_equal(describe(0, 10), "[A 0/1],·Ann,[B 0/1],·Ben");
}

/* The filter keeps names, JIDs and groups containing it, in any case. */
static void test_filter(void **state)
{
	(void)state;
	add("ann@work.example", "Ann", "Team");
	add("bob@home.example", "Bob", "Family");
	add("carl@home.example", "Carl Work", NULL);
	pres("bob@home.example", SHOW_ONLINE);
	reset();
	rosterlist_set_filter(rl, "WORK");
	assert_string_equal(describe(0, 10), "[Contacts 0/1],·Carl Work,[Team 0/1],·Ann");
	assert_int_equal(rosterlist_count(rl), 4);
	rosterlist_set_filter(rl, "famil");
	assert_string_equal(describe(0, 10), "[Family 1/1],●Bob");
	/* a change while filtered keeps the figures right */
	pres("bob@home.example", SHOW_OFFLINE);
	assert_string_equal(describe(0, 10), "[Family 0/1],·Bob");
	rosterlist_set_filter(rl, "nobody");
	assert_string_equal(describe(0, 10), "");
	assert_int_equal(rosterlist_count(rl), 0);
	roster_sub_in("nobody@y", SUBP_SUBSCRIBE, NULL);
	assert_string_equal(describe(0, 10), "[Pending 1],?nobody@y");
	rosterlist_set_filter(rl, NULL);
	assert_int_equal(rosterlist_count(rl), 8);
}

/* Each presence has its own glyph. */
static void test_glyphs(void **state)
{
	(void)state;
	assert_string_equal(rosterlist_glyph(SHOW_ONLINE), "●");
	assert_string_equal(rosterlist_glyph(SHOW_CHAT), "●");
	assert_string_equal(rosterlist_glyph(SHOW_AWAY), "◐");
	assert_string_equal(rosterlist_glyph(SHOW_XA), "○");
	assert_string_equal(rosterlist_glyph(SHOW_DND), "⊘");
	assert_string_equal(rosterlist_glyph(SHOW_OFFLINE), "·");
	/* ASCII stand-ins when the locale cannot show them. */
	setlocale(LC_ALL, "C");
	assert_string_equal(rosterlist_glyph(SHOW_ONLINE), "+");
	assert_string_equal(rosterlist_glyph(SHOW_DND), "!");
	assert_string_equal(rosterlist_glyph(SHOW_OFFLINE), ".");
	setlocale(LC_ALL, "C.UTF-8");
}

/* The whole pane as text, in a fresh buffer. Caller frees. */
static char *snapshot(void)
{
	size_t n = rosterlist_count(rl);
	char *out = calloc(1, 64 * (n + 1));
	struct roster_row *rows = calloc(n + 1, sizeof(*rows));
	assert_int_equal(rosterlist_rows(rl, 0, rows, n + 1), n);
	size_t at = 0;
	for (size_t i = 0; i < n; i++)
		at +=
		    (size_t)snprintf(out + at, 64, "%d:%.40s:%d;", (int)rows[i].kind,
		                     rows[i].c ? rows[i].c->jid : rows[i].group, (int)rows[i].show);
	free(rows);
	return out;
}

/* Thousands of contacts and random changes: the incremental list always
 * equals a list built from scratch. */
static void test_random_changes_match_rebuild(void **state)
{
	(void)state;
	enum { N = 3000, CHANGES = 4000 };
	static const char *const groups[] = {NULL, "A", "B", "A,B", "C"};
	char jid[32], name[32];
	unsigned seed = 12345;
	for (int i = 0; i < N; i++) {
		snprintf(jid, sizeof(jid), "u%04d@x", (i * 7919) % N);
		snprintf(name, sizeof(name), "n%d", i % 97);
		add(jid, i % 4 ? name : NULL, groups[i % 5]);
	}
	reset();
	for (int k = 0; k < CHANGES; k++) {
		seed = seed * 1103515245 + 12345;
		snprintf(jid, sizeof(jid), "u%04u@x", (seed >> 8) % N);
		if (k % 500 == 0)
			add(jid, "renamed", groups[k % 5]);
		else
			pres(jid, (enum show)((seed >> 20) % 6));
	}
	char *inc = snapshot();
	struct rosterlist *fresh = rl;
	rl = rosterlist_new();
	reset();
	char *full = snapshot();
	assert_string_equal(inc, full);
	rosterlist_free(fresh);
	free(inc);
	free(full);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_incremental_moves, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_duplicate_group, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pending_group, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fold, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_glyphs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_random_changes_match_rebuild, setup, teardown),
	};
	return cmocka_run_group_tests_name("ui_roster", tests, NULL, NULL);
}
