/* test_ui_roster.c - the order of the roster pane's rows */
#include "unit.h"

#include <locale.h>
#include <stdio.h>

#include "../../src/ui/uitext.h"

/* A contact with one resource of the given show (none for offline). */
static struct contact *contact_make(const char *jid, const char *name, char **groups,
                                    enum show show)
{
	struct contact *c = calloc(1, sizeof(*c));
	c->jid = (char *)jid;
	c->name = (char *)name;
	c->groups = groups;
	c->in_roster = true;
	if (show != SHOW_OFFLINE) {
		c->resources = calloc(1, sizeof(*c->resources));
		c->resources->name = "r";
		c->resources->show = show;
	}
	return c;
}

/* Free what contact_make() allocated. */
static void contact_unmake(struct contact *c)
{
	free(c->resources);
	free(c);
}

/* Render rows as "[Group]" and "glyph label" strings joined by ','. */
static char *describe(const struct roster_row *rows, size_t n)
{
	static char out[1024];
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, ",");
		if (rows[i].c == NULL) {
			strcat(out, "[");
			strcat(out, rows[i].group);
			strcat(out, "]");
		} else {
			strcat(out, rosterlist_glyph(rows[i].show));
			strcat(out, contact_label(rows[i].c));
		}
	}
	return out;
}

/* Groups by name, online by availability then label, offline last. */
static void test_order(void **state)
{
	(void)state;
	char *work[] = {"Work", NULL};
	char *friends_work[] = {"friends", "Work", NULL};
	char *none[] = {NULL};
	struct contact *c[] = {
	    contact_make("zed@x", NULL, work, SHOW_AWAY),
	    contact_make("amy@x", "Amy", work, SHOW_OFFLINE),
	    contact_make("bob@x", "Bob", work, SHOW_CHAT),
	    contact_make("cat@x", "cat", friends_work, SHOW_AWAY),
	    contact_make("dan@x", "Dan", none, SHOW_DND),
	    contact_make("eve@x", "Eve", NULL, SHOW_OFFLINE),
	    contact_make("fay@x", "Fay", work, SHOW_ONLINE),
	    contact_make("gus@x", "Gus", work, SHOW_AWAY),
	};
	size_t nc = sizeof(c) / sizeof(c[0]);
	struct roster_row *rows;
	size_t n = rosterlist_build(c, nc, &rows);
	assert_string_equal(describe(rows, n), "[Contacts],⊘Dan,·Eve,"
	                                       "[friends],◐cat,"
	                                       "[Work],●Bob,●Fay,◐cat,◐Gus,◐zed@x,·Amy");
	free(rows);
	for (size_t i = 0; i < nc; i++)
		contact_unmake(c[i]);
}

/* Strangers (in_roster false) are not shown; an empty roster has no rows. */
static void test_strangers(void **state)
{
	(void)state;
	struct contact *c[] = {contact_make("a@x", NULL, NULL, SHOW_ONLINE),
	                       contact_make("b@x", NULL, NULL, SHOW_ONLINE)};
	c[1]->in_roster = false;
	struct roster_row *rows;
	size_t n = rosterlist_build(c, 2, &rows);
	assert_string_equal(describe(rows, n), "[Contacts],●a@x");
	free(rows);
	n = rosterlist_build(c, 0, &rows);
	assert_int_equal(n, 0);
	free(rows);
	contact_unmake(c[0]);
	contact_unmake(c[1]);
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

/* Thousands of contacts sort quickly and completely. */
static void test_many(void **state)
{
	(void)state;
	enum { N = 5000 };
	static char jids[N][16];
	struct contact **c = calloc(N, sizeof(*c));
	for (int i = 0; i < N; i++) {
		snprintf(jids[i], sizeof(jids[i]), "u%04d@x", (i * 7919) % N);
		c[i] = contact_make(jids[i], NULL, NULL, i % 3 ? SHOW_OFFLINE : SHOW_ONLINE);
	}
	struct roster_row *rows;
	size_t n = rosterlist_build(c, N, &rows);
	assert_int_equal(n, N + 1);
	for (size_t i = 2; i < n; i++) {
		bool on_a = rows[i - 1].show != SHOW_OFFLINE, on_b = rows[i].show != SHOW_OFFLINE;
		assert_true(on_a > on_b ||
		            (on_a == on_b && strcmp(rows[i - 1].c->jid, rows[i].c->jid) < 0));
	}
	free(rows);
	for (int i = 0; i < N; i++)
		contact_unmake(c[i]);
	free(c);
}

/* Run the tests. */
int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_strangers),
	    cmocka_unit_test(test_glyphs),
	    cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
