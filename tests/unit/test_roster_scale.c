/* test_roster_scale.c - the roster's hash index: any-case and full-JID
 * lookups, removals deep in probe runs, rebuilds, the epoch, and lookups
 * that do not slow down with the roster's size */
#include "unit.h"

#include <stdio.h>
#include <time.h>

#include "core.h"
#include "roster.h"

/* Start each test from an empty roster. */
static int setup(void **state)
{
	(void)state;
	roster_free_all();
	return 0;
}

/* Free the roster. */
static int teardown(void **state)
{
	(void)state;
	roster_free_all();
	return 0;
}

/* Add n contacts uNNNNN@example.org. */
static void fill(int n)
{
	char jid[64];
	for (int i = 0; i < n; i++) {
		snprintf(jid, sizeof(jid), "u%05d@example.org", i);
		roster_upsert(jid, NULL, NULL, SUB_BOTH, false);
	}
}

/* Bare, full, any-case and trailing-dot forms find the same contact. */
static void test_find_forms(void **state)
{
	(void)state;
	struct contact *b = roster_upsert("Bob@Example.ORG", "Bob", NULL, SUB_BOTH, false);
	assert_string_equal(b->jid, "bob@example.org");
	assert_ptr_equal(roster_find("bob@example.org"), b);
	assert_ptr_equal(roster_find("BOB@EXAMPLE.org"), b);
	assert_ptr_equal(roster_find("bob@example.org/phone"), b);
	assert_ptr_equal(roster_find("bob@example.org./Desk"), b);
	assert_null(roster_find("bob@example.or"));
	assert_null(roster_find("bob@example.orgx"));
	assert_null(roster_find("ob@example.org"));
	assert_null(roster_find("example.org"));
	assert_null(roster_find(""));
	assert_null(roster_find(NULL));
	/* the same JID twice is one contact */
	assert_ptr_equal(roster_upsert("bob@EXAMPLE.org", "Robert", NULL, SUB_TO, false), b);
	size_t n;
	roster_items(&n);
	assert_int_equal(n, 1);
	assert_string_equal(b->name, "Robert");
}

/* Thousands of contacts: every one is found, removals leave the others
 * findable (entries after a hole move back), dropped ones are gone. */
static void test_many_and_removals(void **state)
{
	(void)state;
	enum { N = 5000 };
	char jid[64];
	fill(N);
	for (int i = 0; i < N; i++) {
		snprintf(jid, sizeof(jid), "U%05d@EXAMPLE.ORG/r", i);
		struct contact *c = roster_find(jid);
		assert_non_null(c);
		snprintf(jid, sizeof(jid), "u%05d@example.org", i);
		assert_string_equal(c->jid, jid);
	}
	for (int i = 0; i < N; i += 3) {
		snprintf(jid, sizeof(jid), "u%05d@example.org", i);
		roster_remove(jid);
	}
	size_t n;
	roster_items(&n);
	assert_int_equal(n, N - (N + 2) / 3);
	for (int i = 0; i < N; i++) {
		snprintf(jid, sizeof(jid), "u%05d@example.org", i);
		if (i % 3 == 0)
			assert_null(roster_find(jid));
		else
			assert_non_null(roster_find(jid));
	}
	/* removed ones can come back */
	roster_upsert("u00000@example.org", NULL, NULL, SUB_NONE, false);
	assert_non_null(roster_find("u00000@example.org"));
}

/* A roster result that lists only some contacts drops the rest from the
 * index too; clearing empties it. */
static void test_stale_and_clear(void **state)
{
	(void)state;
	fill(300);
	roster_mark_stale();
	roster_upsert("u00007@example.org", NULL, NULL, SUB_BOTH, false);
	roster_upsert("new@example.org", NULL, NULL, SUB_BOTH, false);
	roster_drop_stale();
	size_t n;
	roster_items(&n);
	assert_int_equal(n, 2);
	assert_non_null(roster_find("u00007@example.org"));
	assert_non_null(roster_find("new@example.org"));
	assert_null(roster_find("u00008@example.org"));
	roster_clear();
	assert_null(roster_find("u00007@example.org"));
	fill(10);
	assert_non_null(roster_find("u00009@example.org"));
}

/* The epoch moves when pointers may die or many change, not otherwise. */
static void test_epoch(void **state)
{
	(void)state;
	fill(5);
	unsigned long e = roster_epoch();
	roster_upsert("u00001@example.org", "One", NULL, SUB_BOTH, false);
	roster_presence("u00001@example.org", "r", SHOW_AWAY, 0, NULL);
	roster_upsert("fresh@example.org", NULL, NULL, SUB_BOTH, false);
	assert_int_equal(roster_epoch(), e);
	roster_remove("u00002@example.org");
	assert_true(roster_epoch() != e);
	e = roster_epoch();
	roster_all_offline();
	assert_true(roster_epoch() != e);
	e = roster_epoch();
	roster_suspend();
	assert_true(roster_epoch() != e);
	e = roster_epoch();
	roster_resume(true);
	assert_true(roster_epoch() != e);
	e = roster_epoch();
	roster_clear();
	assert_true(roster_epoch() != e);
}

/* Seconds that `lookups` finds take over a roster of n contacts. */
static double time_finds(int n, int lookups)
{
	char jid[64];
	roster_free_all();
	fill(n);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < lookups; i++) {
		snprintf(jid, sizeof(jid), "u%05d@example.org/r", (i * 7919) % n);
		assert_non_null(roster_find(jid));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/* A lookup costs about the same in a roster of 5,000 as in one of 250 (a
 * scan would be 20 times slower). */
static void test_find_is_constant_time(void **state)
{
	(void)state;
	enum { LOOKUPS = 100000 };
	double small = time_finds(250, LOOKUPS);
	double large = time_finds(5000, LOOKUPS);
	print_message("roster_find: %.0f ns per lookup with 250 contacts, %.0f ns with 5000\n",
	              small * 1e9 / LOOKUPS, large * 1e9 / LOOKUPS);
	assert_true(large < small * 5 + 0.01);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_find_forms, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_many_and_removals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stale_and_clear, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_epoch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_find_is_constant_time, setup, teardown),
	};
	return cmocka_run_group_tests_name("roster_scale", tests, NULL, NULL);
}
