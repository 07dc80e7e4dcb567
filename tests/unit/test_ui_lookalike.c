/* test_ui_lookalike.c - names that pass for each other: the skeleton and
 * which contacts get their JID shown */
#include "unit.h"

#include <locale.h>

#include "../../src/ui/uitext.h"

/* One pair of names and whether they look alike. */
struct pair {
	const char *a, *b;
	bool same;
};

static const struct pair pairs[] = {
    {"Bob", "bob", true},
    {"Bob",
     "B\xd0\xbe"
     "b",
     true},                                          /* Cyrillic o */
    {"alice", "\xd0\xb0lice", true},                 /* Cyrillic a */
    {"Paypal", "\xd0\xa0\xd0\xb0yp\xd0\xb0l", true}, /* Cyrillic P, a */
    {"Bob",
     "B\xce\xbf"
     "b",
     true}, /* Greek omicron */
    {"bob",
     "b\xe2\x80\x8b"
     "ob",
     true}, /* zero-width space */
    {"bob",
     "bo\xcc\x81"
     "b",
     true},                                                /* combining acute */
    {"bob", "bob ", true},                                 /* trailing space */
    {"Bill", "BiII", true},                                /* I and l */
    {"bob", "b0b", true},                                  /* zero for o */
    {"bob", "\xef\xbd\x82\xef\xbd\x8f\xef\xbd\x82", true}, /* fullwidth */
    {"Bob", "Rob", false},
    {"bob", "bobby", false},
    {"\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac", true},
    {"", "", false},
};

/* Every pair compares as the table says. */
static void test_pairs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		if (names_confusable(pairs[i].a, pairs[i].b) != pairs[i].same)
			fail_msg("pair %zu: '%s' vs '%s' should%s look alike", i, pairs[i].a,
			         pairs[i].b, pairs[i].same ? "" : " not");
	}
}

/* The skeleton of a mixed name. */
static void test_skeleton(void **state)
{
	(void)state;
	char *s = name_skeleton("\xd0\x90l\xd1\x96\xd1\x81"
	                        "E 01");
	assert_string_equal(s, "allceol");
	free(s);
}

/* A contact named like another one, or like its JID, is a look-alike; a
 * contact shown by its JID, or with a name of its own, is not. */
static void test_contacts(void **state)
{
	(void)state;
	struct contact bob = {.jid = "bob@localhost", .name = "Bob"};
	struct contact fake = {.jid = "mallory@localhost",
	                       .name = "B\xd0\xbe"
	                               "b"};
	struct contact carol = {.jid = "carol@localhost", .name = "Carol"};
	struct contact copy = {.jid = "eve@localhost", .name = "carol"};
	struct contact nameless = {.jid = "dave@localhost", .name = NULL};
	const struct contact *all[] = {&bob, &fake, &carol, &nameless};
	assert_true(contact_is_lookalike(&bob, all, 4));
	assert_true(contact_is_lookalike(&fake, all, 4));
	assert_false(contact_is_lookalike(&carol, all, 4));
	assert_false(contact_is_lookalike(&nameless, all, 4));
	const struct contact *two[] = {&carol, &copy};
	assert_true(contact_is_lookalike(&copy, two, 2));
}

/* Room nicks: each nick one party; look-alikes counted, a nick only one
 * party passes for has that party as its owner. */
static void test_nick_index(void **state)
{
	(void)state;
	int a, b, c;
	const char *names[] = {"carol", "c\xd0\xb0rol", "dave"};
	const void *owners[] = {&a, &b, &c};
	struct lookalike_index *ix = lookalike_index_of_names(names, owners, 3);
	assert_true(lookalike_index_name_shared(ix, "carol"));
	assert_true(lookalike_index_name_shared(ix, "CAR0L"));
	assert_false(lookalike_index_name_shared(ix, "dave"));
	assert_int_equal(lookalike_index_count(ix, "eve"), 0);
	assert_ptr_equal(lookalike_index_owner(ix, "Dave"), &c);
	assert_null(lookalike_index_owner(ix, "carol")); /* two parties */
	assert_null(lookalike_index_owner(ix, "eve"));
	lookalike_index_free(ix);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pairs),
	    cmocka_unit_test(test_skeleton),
	    cmocka_unit_test(test_contacts),
	    cmocka_unit_test(test_nick_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
