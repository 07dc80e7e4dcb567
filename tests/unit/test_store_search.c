/* test_store_search.c - full-text search of the history and export */
#include "unit.h"

#include <stdio.h>
#include <time.h>

#include "fsutil.h"
#include "test_store.h"

/* Search and return the count; the hits go to *hits. */
static size_t search(const char *conv, const char *query, size_t limit, struct store_hit **hits)
{
	return store_search(conv, query, limit, hits);
}

/* The number of hits for query everywhere (limit 100). */
static size_t count_hits(const char *query)
{
	struct store_hit *hits;
	size_t n = search(NULL, query, 100, &hits);

	store_hits_free(hits, n);
	return n;
}

/* Several words must all be in a body; their order does not matter. */
static void test_search_words(void **state)
{
	struct store_hit *hits;
	int64_t both;

	(void)state;
	store_add_simple("bob@x", 1, MSG_IN, "the train is late", NULL, NULL);
	both = store_add_simple("bob@x", 2, MSG_IN, "late again: the TRAIN, sorry", NULL, NULL);
	store_add_simple("bob@x", 3, MSG_IN, "sorry", NULL, NULL);
	assert_int_equal(search(NULL, "train sorry", 10, &hits), 1);
	assert_int_equal(hits[0].msg->rowid, both);
	assert_string_equal(hits[0].msg->body, "late again: the TRAIN, sorry");
	assert_string_equal(hits[0].msg->conv, "bob@x");
	store_hits_free(hits, 1);
	assert_int_equal(count_hits("train"), 2);
	assert_int_equal(count_hits("  Train\tLATE \n"), 2);
	assert_int_equal(count_hits("tra"), 0); /* whole words, no prefixes */
	assert_int_equal(count_hits("bus"), 0);
}

/* Accents and case do not matter, in the query or in the text. */
static void test_search_diacritics(void **state)
{
	(void)state;
	store_add_simple("bob@x", 1, MSG_IN, "un caf\xc3\xa9 cr\xc3\xa8me?", NULL, NULL);
	store_add_simple("bob@x", 2, MSG_IN, "CAFE au lait", NULL, NULL);
	store_add_simple("bob@x", 3, MSG_IN,
	                 "\xc3\x9c"
	                 "ber na\xc3\xafve",
	                 NULL, NULL);
	assert_int_equal(count_hits("cafe"), 2);
	assert_int_equal(count_hits("CAF\xc3\x89"), 2);
	assert_int_equal(count_hits("creme"), 1);
	assert_int_equal(count_hits("uber naive"), 1);
	assert_int_equal(count_hits("\xc3\xbc"
	                            "ber"),
	                 1);
}

/* Hits come newest first by time, also for messages stored out of order,
 * and the limit keeps the newest. */
static void test_search_order_and_limit(void **state)
{
	static const time_t ts[] = {500, 100, 900, 300, 700, 900};
	struct store_hit *hits;
	int64_t r[6];

	(void)state;
	for (size_t i = 0; i < 6; i++)
		r[i] = store_add_simple("bob@x", ts[i], MSG_IN, "ping", NULL, NULL);
	store_add_simple("bob@x", 1000, MSG_IN, "pong", NULL, NULL);
	assert_int_equal(search(NULL, "ping", 10, &hits), 6);
	assert_int_equal(hits[0].msg->rowid, r[5]); /* same time: the later one first */
	assert_int_equal(hits[1].msg->rowid, r[2]);
	assert_int_equal(hits[2].msg->rowid, r[4]);
	assert_int_equal(hits[3].msg->rowid, r[0]);
	assert_int_equal(hits[4].msg->rowid, r[3]);
	assert_int_equal(hits[5].msg->rowid, r[1]);
	for (size_t i = 1; i < 6; i++)
		assert_true(hits[i - 1].msg->ts >= hits[i].msg->ts);
	store_hits_free(hits, 6);
	assert_int_equal(search(NULL, "ping", 2, &hits), 2);
	assert_int_equal(hits[0].msg->rowid, r[5]);
	assert_int_equal(hits[1].msg->rowid, r[2]);
	store_hits_free(hits, 2);
	assert_int_equal(search(NULL, "ping", 0, &hits), 0);
	assert_null(hits);
}

/* A conversation filter keeps the other conversations out. */
static void test_search_conv_filter(void **state)
{
	struct store_hit *hits;

	(void)state;
	store_add_simple("bob@x", 1, MSG_IN, "lunch at noon?", NULL, NULL);
	store_add_simple("carol@x", 2, MSG_IN, "lunch is ready", NULL, NULL);
	store_add_simple("carol@x", 3, MSG_OUT, "coming for lunch", NULL, NULL);
	assert_int_equal(search("carol@x", "lunch", 10, &hits), 2);
	assert_string_equal(hits[0].msg->conv, "carol@x");
	assert_string_equal(hits[0].msg->body, "coming for lunch");
	assert_string_equal(hits[1].msg->conv, "carol@x");
	store_hits_free(hits, 2);
	assert_int_equal(search("bob@x", "lunch", 10, &hits), 1);
	store_hits_free(hits, 1);
	assert_int_equal(search("nobody@x", "lunch", 10, &hits), 0);
	assert_int_equal(search(NULL, "lunch", 10, &hits), 3);
	store_hits_free(hits, 3);
}

/* The snippet shows the matching words in [brackets], as written. */
static void test_search_snippet(void **state)
{
	struct store_hit *hits;

	(void)state;
	store_add_simple("bob@x", 1, MSG_IN, "see you at the Caf\xc3\xa9 tomorrow", NULL, NULL);
	assert_int_equal(search(NULL, "cafe tomorrow", 10, &hits), 1);
	assert_string_equal(hits[0].snippet, "see you at the [Caf\xc3\xa9] [tomorrow]");
	store_hits_free(hits, 1);
}

/* FTS5 syntax typed by the user is taken as plain words: no error, no
 * operator, no prefix, no column filter. */
static void test_search_injection(void **state)
{
	static const char *const junk[] = {
	    "\"",
	    "\"\"",
	    "*",
	    "(",
	    ")",
	    "NEAR(a b)",
	    "AND",
	    "NOT",
	    "-",
	    "^",
	    ":",
	    "body:",
	    "{body}:",
	    "'",
	    "\\",
	    "\"unterminated",
	    "a\"b",
	    "+",
	    "\xe2\x80\x94",
	};
	struct store_hit *hits;

	(void)state;
	store_add_simple("bob@x", 1, MSG_IN, "foo or bar", NULL, NULL);
	store_add_simple("bob@x", 2, MSG_IN, "bar only, barista", NULL, NULL);
	store_add_simple("bob@x", 3, MSG_IN, "secret words near here", NULL, NULL);
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		assert_int_equal(search(NULL, junk[i], 10, &hits), 0);
		assert_null(hits);
	}
	/* OR is a word here, bar* is bar: only the message with all three */
	assert_int_equal(search(NULL, "foo\" OR bar*", 10, &hits), 1);
	assert_string_equal(hits[0].msg->body, "foo or bar");
	store_hits_free(hits, 1);
	assert_int_equal(count_hits("OR"), 1); /* the word "or" */
	assert_int_equal(count_hits("foo OR barista"), 0);
	assert_int_equal(count_hits("bar NOT foo"), 0);
	assert_int_equal(count_hits("bar*"), 2);
	assert_int_equal(count_hits("NEAR("), 1); /* the word "near" */
	assert_int_equal(count_hits("NEAR( secret here )"), 1);
	assert_int_equal(count_hits("NEAR(secret here)"), 0); /* the phrase "near secret" */
	assert_int_equal(count_hits("body:secret"), 0);       /* the phrase "body secret" */
	assert_int_equal(count_hits("messages_fts:secret"), 0);
	/* punctuation words are skipped, the rest still counts */
	assert_int_equal(count_hits("secret \" * ("), 1);
}

/* Nothing to search for gives no hits and no crash. */
static void test_search_empty(void **state)
{
	struct store_hit *hits = (struct store_hit *)state;

	store_add_simple("bob@x", 1, MSG_IN, "text", NULL, NULL);
	assert_int_equal(search(NULL, "", 10, &hits), 0);
	assert_null(hits);
	assert_int_equal(search(NULL, " \t\n", 10, &hits), 0);
	assert_int_equal(search(NULL, NULL, 10, &hits), 0);
	assert_int_equal(search("bob@x", "", 10, &hits), 0);
}

/* The user's words become quoted literals joined by AND. */
static void test_fts_query_text(void **state)
{
	char *q;

	(void)state;
	assert_int_equal(store_fts_query(store_db(), "foo\" OR bar*", &q), 0);
	assert_string_equal(q, "\"foo\"\"\" AND \"OR\" AND \"bar*\"");
	free(q);
	assert_int_equal(store_fts_query(store_db(), " caf\xc3\xa9 \" -- ", &q), 0);
	assert_string_equal(q, "\"caf\xc3\xa9\"");
	free(q);
	assert_int_equal(store_fts_query(store_db(), "\" ( * )", &q), 0);
	assert_null(q);
}

/* The index follows the table when a row changes or goes, also through
 * another connection (the triggers live in the database). */
static void test_search_follows_changes(void **state)
{
	struct store_fixture *f = *state;
	int64_t a, b;
	sqlite3 *other;
	char *sql;

	a = store_add_simple("bob@x", 1, MSG_IN, "apple pie", NULL, NULL);
	b = store_add_simple("bob@x", 2, MSG_IN, "banana split", NULL, NULL);
	other = store_second_handle(f->path);
	assert_non_null(other);
	sql = xasprintf("UPDATE messages SET body = 'cherry pie' WHERE rowid = %lld; "
	                "DELETE FROM messages WHERE rowid = %lld;",
	                (long long)a, (long long)b);
	assert_int_equal(sqlite3_exec(other, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	sqlite3_close(other);
	assert_int_equal(count_hits("apple"), 0);
	assert_int_equal(count_hits("banana"), 0);
	assert_int_equal(count_hits("cherry"), 1);
	assert_int_equal(count_hits("pie"), 1);
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages_fts "
	                                             "WHERE messages_fts MATCH 'split'"),
	                 0);
	assert_int_equal(
	    sqlite3_exec(store_db(),
	                 "INSERT INTO messages_fts(messages_fts) VALUES('integrity-check')", NULL,
	                 NULL, NULL),
	    SQLITE_OK);
}

/* Searching with a common word reads the index newest first and stops:
 * no sort of every match. */
static void test_search_plan(void **state)
{
	sqlite3_stmt *all = store_stmt(STMT_SEARCH_ALL);
	sqlite3_stmt *one = store_stmt(STMT_SEARCH_CONV);
	char *plan;

	(void)state;
	assert_non_null(all);
	assert_non_null(one);
	plan = store_query_plan(store_db(), sqlite3_sql(all));
	assert_null(strstr(plan, "TEMP B-TREE"));
	assert_non_null(strstr(plan, "SCAN messages_fts"));
	free(plan);
	plan = store_query_plan(store_db(), sqlite3_sql(one));
	assert_null(strstr(plan, "TEMP B-TREE"));
	assert_true(strstr(plan, "SCAN messages_fts") < strstr(plan, "SEARCH m "));
	free(plan);
}

/* The whole file of path as a new string. */
static char *slurp(const char *path)
{
	char *s = read_file(path, 1 << 20, NULL);

	assert_non_null(s);
	return s;
}

/* Export writes one line per message in time order, continuation lines
 * indented, nothing from other conversations, into a private file. */
static void test_export(void **state)
{
	struct store_fixture *f = *state;
	struct store_msg m = store_msg_make("bob@x", 0, MSG_OUT, "two\nlines\r\nthree", "o", NULL);
	char *path = xasprintf("%s/bob.txt", f->top);
	char *text;

	setenv("TZ", "UTC", 1);
	tzset();
	store_add_simple("bob@x", 1700000100, MSG_IN, "second", NULL, NULL);
	m.ts = 1700000000;
	m.sender = NULL; /* our own line without a label */
	assert_true(store_add(&m) > 0);
	store_add_simple("carol@x", 1700000050, MSG_IN, "not here", NULL, NULL);
	m = store_msg_make("bob@x", 1700000200, MSG_IN, "\xc3\xa9t\xc3\xa9 [x] <y>", NULL, NULL);
	m.sender = "Bob \xf0\x9f\x98\x80";
	assert_true(store_add(&m) > 0);
	assert_int_equal(store_export("bob@x", path), 0);
	text = slurp(path);
	assert_string_equal(text, "2023-11-14 22:13:20 <me> two\n"
	                          "                    lines\n"
	                          "                    three\n"
	                          "2023-11-14 22:15:00 <bob@x> second\n"
	                          "2023-11-14 22:16:40 <Bob \xf0\x9f\x98\x80> "
	                          "\xc3\xa9t\xc3\xa9 [x] <y>\n");
	free(text);
	assert_int_equal(store_file_mode(path), 0600);
	/* an export replaces the old file */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(store_export("nobody@x", path), 0);
	text = slurp(path);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(store_file_mode(path), 0600);
	free(path);
}

/* An export that cannot be written says why and leaves nothing behind. */
static void test_export_fails(void **state)
{
	struct store_fixture *f = *state;
	char *path = xasprintf("%s/missing/dir/out.txt", f->top);

	store_add_simple("bob@x", 1, MSG_IN, "x", NULL, NULL);
	assert_int_equal(store_export("bob@x", path), -1);
	assert_non_null(strstr(store_error(), "cannot write"));
	assert_non_null(strstr(store_error(), path));
	assert_int_equal(store_export(NULL, path), -1);
	free(path);
}

/* Run the search and export tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_search_words, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_diacritics, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_order_and_limit, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_conv_filter, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_snippet, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_injection, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_empty, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_fts_query_text, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_follows_changes, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_plan, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_export, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_export_fails, store_fixture_open,
	                                    store_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
