/* test_store.c - the history database: files, messages, paging, outbox,
 * conversation state and key/value */
#include "unit.h"

#include <errno.h>
#include <stdio.h>

#include "fsutil.h"
#include "test_store.h"

/* store_open creates the directory 0700 and the file 0600, in WAL mode, at
 * the current schema version. */
static void test_open_creates(void **state)
{
	struct store_fixture *f = *state;
	sqlite3 *db;
	char *mode;

	assert_false(store_ready());
	assert_int_equal(store_open(f->dir), 0);
	assert_true(store_ready());
	assert_int_equal(store_file_mode(f->dir), 0700);
	assert_int_equal(store_file_mode(f->path), 0600);
	db = store_second_handle(f->path);
	assert_non_null(db);
	mode = store_query_text(db, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	assert_int_equal(store_query_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	free(mode);
	sqlite3_close(db);
	assert_int_equal(store_query_int(store_db(), "PRAGMA foreign_keys"), 1);
	assert_int_equal(store_query_int(store_db(), "PRAGMA synchronous"), 1); /* NORMAL */
	store_close();
	assert_false(store_ready());
	store_close();
}

/* Version 2 -> 3 drops the insert trigger: rows stored before and after are
 * each in the full-text index once (issue 7: store_add indexes its rows). */
static void test_migrate_v3_index(void **state)
{
	struct store_fixture *f = *state;
	struct store_hit *hits;
	size_t n;

	assert_int_equal(store_open(f->dir), 0);
	assert_true(store_add_simple("bob@x", 1000, MSG_IN, "older words", "o1", NULL) > 0);
	/* Back to version 2, as an older natter left the file. */
	assert_int_equal(sqlite3_exec(store_db(),
	                              "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages "
	                              "BEGIN INSERT INTO messages_fts (rowid, body) "
	                              "VALUES (new.rowid, new.body); END; DROP TABLE roster; "
	                              "PRAGMA user_version = 2;",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	store_close();
	assert_int_equal(store_open(f->dir), 0);
	assert_int_equal(store_query_int(store_db(), "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM sqlite_master "
	                                             "WHERE name = 'messages_fts_insert'"),
	                 0);
	assert_true(store_add_simple("bob@x", 1001, MSG_IN, "newer words", "n1", NULL) > 0);
	assert_int_equal(sqlite3_exec(store_db(),
	                              "INSERT INTO messages_fts(messages_fts) "
	                              "VALUES('integrity-check')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	n = store_search(NULL, "words", 10, &hits);
	assert_int_equal(n, 2);
	store_hits_free(hits, n);
}

/* An existing history file readable by others is made private. */
static void test_open_tightens_mode(void **state)
{
	struct store_fixture *f = *state;
	FILE *fp;

	assert_int_equal(mkdir_p(f->dir, 0700), 0);
	fp = fopen(f->path, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(chmod(f->path, 0644), 0);
	assert_int_equal(store_open(f->dir), 0);
	assert_int_equal(store_file_mode(f->path), 0600);
}

/* Data survives closing and reopening. */
static void test_reopen_keeps_data(void **state)
{
	struct store_fixture *f = *state;
	struct store_msg **v;
	char *cursor;
	int64_t id;

	assert_int_equal(store_open(f->dir), 0);
	id = store_add_simple("bob@example.org", 100, MSG_IN, "kept", "m1", "s1");
	assert_true(id > 0);
	assert_int_equal(store_kv_set("mam", "cursor-7"), 0);
	store_close();
	assert_int_equal(store_open(f->dir), 0);
	assert_int_equal(store_page("bob@example.org", 0, 10, &v), 1);
	assert_int_equal(v[0]->rowid, id);
	assert_string_equal(v[0]->body, "kept");
	assert_string_equal(v[0]->id, "m1");
	assert_string_equal(v[0]->stanza_id, "s1");
	assert_int_equal(v[0]->ts, 100);
	assert_int_equal(v[0]->dir, MSG_IN);
	store_msgs_free(v, 1);
	cursor = store_kv_get("mam");
	assert_string_equal(cursor, "cursor-7");
	free(cursor);
}

/* Every function answers with its error value when nothing is open. */
static void test_not_open(void **state)
{
	struct store_msg m = store_msg_make("a@b", 1, MSG_IN, "x", NULL, NULL);
	/* non-NULL garbage, so the tests see the functions clear them */
	struct store_msg **v = (struct store_msg **)&m;
	struct store_hit *hits = (struct store_hit *)&m;
	struct store_conv *convs = (struct store_conv *)&m;

	(void)state;
	store_close();
	assert_false(store_ready());
	assert_int_equal(store_add(&m), -1);
	assert_string_equal(store_error(), "history is not open");
	assert_int_equal(store_set_state(1, MSG_SENT, NULL, 1), -1);
	assert_int_equal(store_set_stanza_id(1, "x"), -1);
	assert_int_equal(store_page("a@b", 0, 10, &v), 0);
	assert_null(v);
	v = (struct store_msg **)&m;
	assert_int_equal(store_unconfirmed(&v), 0);
	assert_null(v);
	assert_int_equal(store_search(NULL, "x", 10, &hits), 0);
	assert_null(hits);
	assert_int_equal(store_export("a@b", "/tmp/natter-store-never"), -1);
	assert_int_equal(access("/tmp/natter-store-never", F_OK), -1);
	assert_int_equal(store_conv_set("a@b", 1, true), -1);
	assert_int_equal(store_convs(&convs), 0);
	assert_null(convs);
	assert_int_equal(store_kv_set("k", "v"), -1);
	assert_null(store_kv_get("k"));
	assert_string_equal(store_error(), "history is not open");
}

/* store_add gives new rowids, and 0 for a message already stored under the
 * same stanza-id, or for one of ours with the same (conv, id). */
static void test_add_duplicates(void **state)
{
	int64_t a, b, c;

	(void)state;
	a = store_add_simple("bob@x", 10, MSG_IN, "one", "id1", "sid1");
	b = store_add_simple("bob@x", 11, MSG_IN, "two", "id2", "sid2");
	assert_true(a > 0);
	assert_true(b > a);
	/* same archive id, other message id: the archive copy of a message */
	assert_int_equal(store_add_simple("bob@x", 12, MSG_IN, "one", "other", "sid1"), 0);
	/* our own message again (e.g. from the archive, with its archive id) */
	c = store_add_simple("bob@x", 12, MSG_OUT, "mine", "o1", NULL);
	assert_true(c > b);
	assert_int_equal(store_add_simple("bob@x", 12, MSG_OUT, "mine", "o1", NULL), 0);
	assert_int_equal(store_add_simple("bob@x", 12, MSG_OUT, "mine", "o1", "sid9"), 0);
	/* a sender may reuse its ids: without the same archive id, a new message */
	assert_true(store_add_simple("bob@x", 13, MSG_IN, "one more", "id1", NULL) > c);
	assert_true(store_add_simple("bob@x", 13, MSG_IN, "and one", "id1", "sid3") > c);
	/* the same ids mean other messages in another conversation */
	assert_true(store_add_simple("carol@x", 14, MSG_IN, "one", "id1", "sid1") > c);
	assert_true(store_add_simple("carol@x", 14, MSG_OUT, "mine", "o1", NULL) > c);
	/* messages without any id are never duplicates of each other */
	a = store_add_simple("bob@x", 15, MSG_SYSTEM, "note", NULL, NULL);
	b = store_add_simple("bob@x", 15, MSG_SYSTEM, "note", NULL, NULL);
	assert_true(a > 0);
	assert_true(b > a);
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages"), 9);
}

/* A message without a conversation is refused, not stored. */
static void test_add_needs_conv(void **state)
{
	struct store_msg m = store_msg_make(NULL, 1, MSG_IN, "x", NULL, NULL);

	(void)state;
	assert_int_equal(store_add(&m), -1);
	assert_int_equal(store_add(NULL), -1);
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages"), 0);
}

/* Strings come back byte for byte, including ones that look like SQL. */
static void test_strings_as_given(void **state)
{
	static const char body[] = "caf\xc3\xa9 \xf0\x9f\x98\x80 '); DROP TABLE messages; -- \"q\"";
	struct store_msg m = store_msg_make("\xc3\xa9ve@x", 5, MSG_OUT, body, "i'd", NULL);
	struct store_msg **v;

	(void)state;
	m.sender = "\xe5\xbc\xa0\xe4\xb8\x89";
	m.error = "nope";
	m.attempts = 3;
	m.state = MSG_FAILED;
	assert_true(store_add(&m) > 0);
	assert_int_equal(store_page("\xc3\xa9ve@x", 0, 5, &v), 1);
	assert_string_equal(v[0]->conv, "\xc3\xa9ve@x");
	assert_string_equal(v[0]->body, body);
	assert_string_equal(v[0]->sender, "\xe5\xbc\xa0\xe4\xb8\x89");
	assert_string_equal(v[0]->id, "i'd");
	assert_null(v[0]->stanza_id);
	assert_string_equal(v[0]->error, "nope");
	assert_int_equal(v[0]->attempts, 3);
	assert_int_equal(v[0]->state, MSG_FAILED);
	assert_int_equal(v[0]->dir, MSG_OUT);
	store_msgs_free(v, 1);
}

/* The rowids of a page, in order, for comparison. */
static void page_rowids(const char *conv, int64_t before, size_t limit, int64_t *ids, size_t *n)
{
	struct store_msg **v;

	*n = store_page(conv, before, limit, &v);
	for (size_t i = 0; i < *n; i++)
		ids[i] = v[i]->rowid;
	store_msgs_free(v, *n);
}

/* Pages go backwards in (ts, rowid) order, oldest first within a page, ties
 * in time ordered by rowid, never crossing into another conversation. */
static void test_page_order(void **state)
{
	/* ts of the messages in insertion order: out of order and with ties */
	static const time_t ts[] = {50, 10, 30, 30, 20, 30, 60};
	int64_t r[7], ids[10];
	size_t n;

	(void)state;
	for (size_t i = 0; i < 7; i++)
		r[i] = store_add_simple("bob@x", ts[i], MSG_IN, "m", NULL, NULL);
	store_add_simple("carol@x", 40, MSG_IN, "elsewhere", NULL, NULL);
	/* by (ts, rowid): r1(10) r4(20) r2(30) r3(30) r5(30) r0(50) r6(60) */
	page_rowids("bob@x", 0, 3, ids, &n);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], r[5]);
	assert_int_equal(ids[1], r[0]);
	assert_int_equal(ids[2], r[6]);
	page_rowids("bob@x", ids[0], 3, ids, &n);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], r[4]);
	assert_int_equal(ids[1], r[2]);
	assert_int_equal(ids[2], r[3]);
	page_rowids("bob@x", ids[0], 3, ids, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], r[1]);
	page_rowids("bob@x", r[1], 3, ids, &n);
	assert_int_equal(n, 0);
	page_rowids("bob@x", 0, 100, ids, &n);
	assert_int_equal(n, 7);
	page_rowids("bob@x", 0, 0, ids, &n);
	assert_int_equal(n, 0);
	page_rowids("nobody@x", 0, 10, ids, &n);
	assert_int_equal(n, 0);
	page_rowids("bob@x", 99999, 10, ids, &n);
	assert_int_equal(n, 0);
}

/* Paging reads the (conv, ts, rowid) index in order: no sort, no scan. */
static void test_page_uses_index(void **state)
{
	sqlite3_stmt *page = store_stmt(STMT_PAGE);
	char *plan;

	(void)state;
	assert_non_null(page);
	plan = store_query_plan(store_db(), sqlite3_sql(page));
	assert_non_null(strstr(plan, "USING INDEX messages_conv_ts"));
	assert_null(strstr(plan, "TEMP B-TREE"));
	free(plan);
	store_stmt_done(page);
}

/* The outbox holds our messages still sending, oldest first. */
static void test_unconfirmed(void **state)
{
	struct store_msg **v, *dummy = NULL;
	int64_t late, early, sent;

	(void)state;
	late = store_add_simple("bob@x", 200, MSG_OUT, "late", "o1", NULL);
	early = store_add_simple("carol@x", 100, MSG_OUT, "early", "o2", NULL);
	sent = store_add_simple("bob@x", 150, MSG_OUT, "sent", "o3", NULL);
	store_add_simple("bob@x", 120, MSG_IN, "incoming", "i1", NULL);
	assert_int_equal(store_set_state(sent, MSG_SENT, NULL, 1), 0);
	assert_int_equal(store_unconfirmed(&v), 2);
	assert_int_equal(v[0]->rowid, early);
	assert_int_equal(v[1]->rowid, late);
	assert_string_equal(v[0]->conv, "carol@x");
	assert_int_equal(v[0]->state, MSG_SENDING);
	store_msgs_free(v, 2);
	assert_int_equal(store_set_state(early, MSG_FAILED, "no route", 2), 0);
	assert_int_equal(store_set_state(late, MSG_DELIVERED, NULL, 1), 0);
	v = &dummy; /* not NULL, so the test sees store_unconfirmed clear it */
	assert_int_equal(store_unconfirmed(&v), 0);
	assert_null(v);
}

/* State, error, attempts and the archive id are stored and read back. */
static void test_set_state(void **state)
{
	struct store_msg **v;
	int64_t r;

	(void)state;
	r = store_add_simple("bob@x", 1, MSG_OUT, "hi", "o1", NULL);
	assert_int_equal(store_set_state(r, MSG_FAILED, "recipient-unavailable", 4), 0);
	assert_int_equal(store_set_stanza_id(r, "arch-1"), 0);
	assert_int_equal(store_page("bob@x", 0, 1, &v), 1);
	assert_int_equal(v[0]->state, MSG_FAILED);
	assert_string_equal(v[0]->error, "recipient-unavailable");
	assert_int_equal(v[0]->attempts, 4);
	assert_string_equal(v[0]->stanza_id, "arch-1");
	store_msgs_free(v, 1);
	assert_int_equal(store_set_state(r, MSG_SENT, NULL, 5), 0);
	assert_int_equal(store_page("bob@x", 0, 1, &v), 1);
	assert_int_equal(v[0]->state, MSG_SENT);
	assert_null(v[0]->error);
	store_msgs_free(v, 1);
	/* the archive copy of it is now a duplicate */
	assert_int_equal(store_add_simple("bob@x", 1, MSG_OUT, "hi", "x", "arch-1"), 0);
	assert_int_equal(store_set_state(r + 100, MSG_SENT, NULL, 1), -1);
	assert_non_null(strstr(store_error(), "not in the history"));
	assert_int_equal(store_set_stanza_id(r + 100, "y"), -1);
}

/* Setting an archive id another message of the conversation has fails
 * cleanly. */
static void test_set_stanza_id_conflict(void **state)
{
	int64_t a, b;

	(void)state;
	a = store_add_simple("bob@x", 1, MSG_IN, "a", NULL, "s1");
	b = store_add_simple("bob@x", 2, MSG_IN, "b", NULL, NULL);
	assert_true(a > 0 && b > 0);
	assert_int_equal(store_set_stanza_id(b, "s1"), -1);
	assert_non_null(strstr(store_error(), "UNIQUE"));
	assert_int_equal(store_set_stanza_id(b, "s2"), 0);
}

/* Key/value: set, overwrite, read, remove. */
static void test_kv(void **state)
{
	char *v;

	(void)state;
	assert_null(store_kv_get("missing"));
	assert_int_equal(store_kv_set("mam:last", "A1"), 0);
	assert_int_equal(store_kv_set("other", "x"), 0);
	assert_int_equal(store_kv_set("mam:last", "B2"), 0);
	v = store_kv_get("mam:last");
	assert_string_equal(v, "B2");
	free(v);
	assert_int_equal(store_kv_set("mam:last", NULL), 0);
	assert_null(store_kv_get("mam:last"));
	v = store_kv_get("other");
	assert_string_equal(v, "x");
	free(v);
	assert_int_equal(store_kv_set(NULL, "x"), -1);
	assert_null(store_kv_get(NULL));
}

/* Conversation state: updated in place, listed while open or unread, in the
 * order first saved. */
static void test_convs(void **state)
{
	struct store_conv *c;
	size_t n;

	(void)state;
	assert_int_equal(store_conv_set("bob@x", 0, true), 0);
	assert_int_equal(store_conv_set("carol@x", 3, false), 0);
	assert_int_equal(store_conv_set("dave@x", 0, false), 0);
	assert_int_equal(store_conv_set("erin@x", 1, true), 0);
	assert_int_equal(store_conv_set("bob@x", 2, true), 0);
	n = store_convs(&c);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].jid, "bob@x");
	assert_int_equal(c[0].unread, 2);
	assert_true(c[0].open);
	assert_string_equal(c[1].jid, "carol@x");
	assert_int_equal(c[1].unread, 3);
	assert_false(c[1].open);
	assert_string_equal(c[2].jid, "erin@x");
	store_convs_free(c, n);
	assert_int_equal(store_conv_set("carol@x", 0, false), 0);
	assert_int_equal(store_conv_set("bob@x", 0, false), 0);
	n = store_convs(&c);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].jid, "erin@x");
	store_convs_free(c, n);
	assert_int_equal(store_conv_set(NULL, 1, true), -1);
}

/* Run the history database tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_creates, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_open_tightens_mode, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_v3_index, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_reopen_keeps_data, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_not_open, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_add_duplicates, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_add_needs_conv, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_strings_as_given, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_page_order, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_page_uses_index, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_unconfirmed, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_set_state, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_set_stanza_id_conflict, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_kv, store_fixture_open, store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_convs, store_fixture_open, store_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
