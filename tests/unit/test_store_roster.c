/* test_store_roster.c - the roster cache in the history database (schema
 * v4): migration, replace/put/delete round trips, one transaction per
 * change, also inside an open history batch */
#include "unit.h"

#include "test_store.h"
#include "util.h"

/* What a load saw, one line per item: "jid|name|sub|ask|group,group". */
static void collect(const struct store_roster_item *it, void *arg)
{
	struct strbuf *sb = arg;
	strbuf_addf(sb, "%s|%s|%d|%d|", it->jid ? it->jid : "(null)",
	            it->name ? it->name : "(null)", it->sub, it->ask);
	for (size_t i = 0; it->groups && it->groups[i]; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", it->groups[i]);
	strbuf_addch(sb, '\n');
}

/* The whole cache as collect() writes it. Caller frees. */
static char *cache_text(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "");
	assert_true(store_roster_load(collect, &sb) >= 0);
	return strbuf_detach(&sb);
}

/* Assert the cache holds exactly want. */
static void assert_cache(const char *want)
{
	char *got = cache_text();
	assert_string_equal(got, want);
	free(got);
}

/* Assert the stored version is want (NULL: none). */
static void assert_ver(const char *want)
{
	char *ver = store_roster_ver();
	if (want == NULL)
		assert_null(ver);
	else
		assert_string_equal(ver, want);
	free(ver);
}

static char *const work_friends[] = {"Friends", "Work", NULL};
static char *const family[] = {"Family", NULL};

/* Version 3 -> 4 adds the roster table and keeps every message. */
static void test_migrate_v4_keeps_messages(void **state)
{
	struct store_fixture *f = *state;
	struct store_msg **v;

	assert_int_equal(store_open(f->dir), 0);
	assert_true(store_add_simple("bob@x", 1000, MSG_IN, "kept one", "o1", "S1") > 0);
	assert_true(store_add_simple("bob@x", 1001, MSG_OUT, "kept two", "o2", NULL) > 0);
	assert_int_equal(store_kv_set("mam:last", "S1"), 0);
	/* Back to version 3, as the last natter left the file. */
	assert_int_equal(sqlite3_exec(store_db(), "DROP TABLE roster; PRAGMA user_version = 3;",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	store_close();
	assert_int_equal(store_open(f->dir), 0);
	assert_int_equal(store_query_int(store_db(), "PRAGMA user_version"), 4);
	assert_int_equal(store_page("bob@x", 0, 10, &v), 2);
	assert_string_equal(v[0]->body, "kept one");
	assert_string_equal(v[1]->body, "kept two");
	store_msgs_free(v, 2);
	char *cursor = store_kv_get("mam:last");
	assert_string_equal(cursor, "S1");
	free(cursor);
	assert_cache("");
	struct store_roster_item it = {.jid = "bob@x", .name = "Bob", .sub = 3};
	assert_int_equal(store_roster_put(&it, "1"), 0);
	assert_cache("bob@x|Bob|3|0|\n");
}

/* Replace, put and delete, each with its version, read back exactly. */
static void test_round_trip(void **state)
{
	(void)state;
	struct store_roster_item items[] = {
	    {.jid = "bob@x", .name = "Bob", .groups = work_friends, .sub = 3},
	    {.jid = "carol@x", .sub = 1, .ask = true},
	    {.jid = "dave@x", .name = "Dave", .groups = family, .sub = 0},
	};
	assert_ver(NULL);
	assert_int_equal(store_roster_replace(items, 3, "v1"), 0);
	assert_cache("bob@x|Bob|3|0|Friends,Work\ncarol@x|(null)|1|1|\ndave@x|Dave|0|0|Family\n");
	assert_ver("v1");
	struct store_roster_item carol = {.jid = "carol@x", .name = "Carol", .sub = 3};
	assert_int_equal(store_roster_put(&carol, "v2"), 0);
	struct store_roster_item erin = {.jid = "erin@x", .groups = family, .sub = 2};
	assert_int_equal(store_roster_put(&erin, "v3"), 0);
	assert_ver("v3");
	assert_int_equal(store_roster_delete("dave@x", NULL), 0);
	assert_ver(NULL);
	assert_cache("bob@x|Bob|3|0|Friends,Work\ncarol@x|Carol|3|0|\nerin@x|(null)|2|0|Family\n");
	/* replacing drops what the new roster does not list */
	assert_int_equal(store_roster_replace(items + 1, 1, ""), 0);
	assert_cache("carol@x|(null)|1|1|\n");
	assert_ver("");
	assert_int_equal(store_roster_replace(NULL, 0, NULL), 0);
	assert_cache("");
}

/* A damaged row (NULL columns, odd groups text) loads without surprises. */
static void test_null_columns(void **state)
{
	(void)state;
	assert_int_equal(sqlite3_exec(store_db(),
	                              "INSERT INTO roster(jid) VALUES('bob@x');"
	                              "INSERT INTO roster VALUES('carol@x', NULL, 9, 5, "
	                              "'\n\nA\n\nB\n');",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_cache("bob@x|(null)|0|0|\ncarol@x|(null)|9|1|A,B\n");
}

/* Make every later write of mallory@x's row fail. */
static void refuse_mallory(void)
{
	assert_int_equal(sqlite3_exec(store_db(),
	                              "CREATE TRIGGER no_mallory BEFORE INSERT ON roster "
	                              "WHEN new.jid = 'mallory@x' BEGIN "
	                              "SELECT RAISE(ABORT, 'refused'); END;",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
}

/* A replace that fails half-way changes nothing: one transaction. */
static void test_replace_is_atomic(void **state)
{
	(void)state;
	struct store_roster_item items[] = {{.jid = "bob@x", .sub = 3}, {.jid = "mallory@x"}};
	assert_int_equal(store_roster_replace(items, 1, "v1"), 0);
	refuse_mallory();
	struct store_roster_item next[] = {{.jid = "carol@x"}, {.jid = "mallory@x"}};
	assert_int_equal(store_roster_replace(next, 2, "v2"), -1);
	assert_non_null(strstr(store_error(), "refused"));
	assert_cache("bob@x|(null)|3|0|\n");
	assert_ver("v1");
	assert_int_equal(store_roster_put(&next[1], "v3"), -1);
	assert_ver("v1");
	assert_true(sqlite3_get_autocommit(store_db()));
}

/* Inside an open history batch: the roster writes join it, and a failed
 * one undoes only itself (the batch's messages are committed). */
static void test_inside_batch(void **state)
{
	(void)state;
	const int64_t *lost;
	size_t nlost;
	refuse_mallory();
	store_batch_begin();
	assert_true(store_batch_open());
	assert_true(store_add_simple("bob@x", 1000, MSG_IN, "in the batch", "b1", NULL) > 0);
	struct store_roster_item bob = {.jid = "bob@x", .sub = 3};
	assert_int_equal(store_roster_replace(&bob, 1, "v1"), 0);
	struct store_roster_item mallory = {.jid = "mallory@x"};
	assert_int_equal(store_roster_put(&mallory, "v2"), -1);
	assert_false(sqlite3_get_autocommit(store_db())); /* the batch is still open */
	assert_true(store_add_simple("bob@x", 1001, MSG_IN, "after it", "b2", NULL) > 0);
	assert_int_equal(store_batch_commit(&lost, &nlost), 0);
	assert_cache("bob@x|(null)|3|0|\n");
	assert_ver("v1");
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages"), 2);
}

/* Without a database every call fails cleanly. */
static void test_not_open(void **state)
{
	(void)state;
	struct store_roster_item bob = {.jid = "bob@x"};
	assert_int_equal(store_roster_load(collect, NULL), -1);
	assert_int_equal(store_roster_replace(&bob, 1, "v"), -1);
	assert_int_equal(store_roster_put(&bob, "v"), -1);
	assert_int_equal(store_roster_delete("bob@x", "v"), -1);
	assert_null(store_roster_ver());
}

/* Run the roster cache tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrate_v4_keeps_messages, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_round_trip, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_null_columns, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_replace_is_atomic, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_inside_batch, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_not_open, store_fixture_setup,
	                                    store_fixture_teardown),
	};
	return cmocka_run_group_tests_name("store_roster", tests, NULL, NULL);
}
