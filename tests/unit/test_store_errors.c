/* test_store_errors.c - the history database when things go wrong: plain
 * words for errors, newer files, full disks, busy and shared files */
#include "unit.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <sys/wait.h>

#include "fsutil.h"
#include "test_store.h"

/* Each SQLite failure has the plain words the user will read. */
static void test_error_words(void **state)
{
	static const struct {
		int rc;
		const char *words;
	} cases[] = {
	    {SQLITE_FULL, "disk full"},
	    {SQLITE_READONLY, "the history database is read-only"},
	    {SQLITE_READONLY_DBMOVED, "the history database is read-only"},
	    {SQLITE_BUSY, "the history database is busy (another natter?)"},
	    {SQLITE_BUSY_SNAPSHOT, "the history database is busy (another natter?)"},
	    {SQLITE_LOCKED, "the history database is busy (another natter?)"},
	    {SQLITE_CORRUPT, "the history database is damaged"},
	    {SQLITE_NOTADB, "the history database is damaged"},
	    {SQLITE_CANTOPEN, "cannot open /d/history.db (check permissions)"},
	    {SQLITE_CANTOPEN_ISDIR, "cannot open /d/history.db (check permissions)"},
	    {SQLITE_IOERR_WRITE, "SQLite says: disk I/O error"},
	};
	char *w;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		w = store_error_words_new(cases[i].rc, "/d/history.db",
		                          "SQLite says: disk I/O error");
		assert_string_equal(w, cases[i].words);
		free(w);
	}
	w = store_error_words_new(SQLITE_IOERR, "/d/history.db", NULL);
	assert_string_equal(w, sqlite3_errstr(SQLITE_IOERR));
	free(w);
}

/* Failed system calls read as plain words too. */
static void test_errno_words(void **state)
{
	char *w;

	(void)state;
	w = store_errno_words_new("create", "/d", ENOSPC);
	assert_string_equal(w, "disk full");
	free(w);
	w = store_errno_words_new("create", "/d", EROFS);
	assert_string_equal(w, "cannot create /d: read-only file system");
	free(w);
	w = store_errno_words_new("open", "/d/history.db", EACCES);
	assert_string_equal(w, "cannot open /d/history.db (check permissions)");
	free(w);
	w = store_errno_words_new("write", "/x", ENOENT);
	assert_string_equal(w, "cannot write /x: No such file or directory");
	free(w);
}

/* A history written by a newer natter is refused and left byte for byte
 * as it was (not even switched to WAL). */
static void test_newer_schema_refused(void **state)
{
	struct store_fixture *f = *state;
	char *before, *after, *wal;
	size_t len_before, len_after;
	sqlite3 *db;

	assert_int_equal(mkdir_p(f->dir, 0700), 0);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE TABLE future(x); INSERT INTO future VALUES(42);"
	                              "PRAGMA user_version = 99;",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	before = read_file(f->path, 1 << 20, &len_before);
	assert_non_null(before);
	assert_int_equal(store_open(f->dir), -1);
	assert_false(store_ready());
	assert_non_null(strstr(store_error(), "newer natter"));
	assert_non_null(strstr(store_error(), "99"));
	after = read_file(f->path, 1 << 20, &len_after);
	assert_non_null(after);
	assert_int_equal(len_after, len_before);
	assert_memory_equal(after, before, len_before);
	wal = xasprintf("%s-wal", f->path);
	assert_int_equal(access(wal, F_OK), -1);
	free(wal);
	free(before);
	free(after);
}

/* The one PATH.corrupt-* file next to path (its -wal and -shm aside), or
 * NULL. Caller frees. */
static char *aside_file(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *found = NULL;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (strncmp(de->d_name, "history.db.corrupt-", 19) != 0 ||
		    (len > 4 && (strcmp(de->d_name + len - 4, "-wal") == 0 ||
		                 strcmp(de->d_name + len - 4, "-shm") == 0)))
			continue;
		n++;
		free(found);
		found = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	assert_true(n <= 1);
	return found;
}

/* A file that is not a database is set aside byte for byte (never deleted
 * or overwritten), said in plain words, and a new database is started. */
static void test_damaged_file(void **state)
{
	struct store_fixture *f = *state;
	static const char junk[] = "this is not an SQLite database, just some text. ";
	char *after, *aside, *wal_aside;
	struct strbuf sb = STRBUF_INIT;
	regex_t re;

	for (int i = 0; i < 100; i++)
		strbuf_adds(&sb, junk);
	assert_int_equal(mkdir_p(f->dir, 0700), 0);
	assert_int_equal(write_file_atomic(f->path, sb.s, sb.len), 0);
	char *wal = xasprintf("%s-wal", f->path);
	assert_int_equal(write_file_atomic(wal, "old wal", 7), 0);
	assert_int_equal(store_open(f->dir), 0);
	assert_true(store_ready());
	assert_non_null(store_open_notice());
	assert_non_null(strstr(store_open_notice(), "damaged"));
	aside = aside_file(f->dir);
	assert_non_null(aside);
	assert_non_null(strstr(store_open_notice(), aside));
	assert_int_equal(regcomp(&re, "/history\\.db\\.corrupt-[0-9]{8}-[0-9]{6}$", REG_EXTENDED),
	                 0);
	assert_int_equal(regexec(&re, aside, 0, NULL, 0), 0);
	regfree(&re);
	after = read_file(aside, 1 << 20, NULL);
	assert_string_equal(after, sb.s);
	wal_aside = xasprintf("%s-wal", aside);
	free(after);
	after = read_file(wal_aside, 1 << 20, NULL);
	assert_string_equal(after, "old wal");
	/* the new database works and is private */
	assert_true(store_add_simple("bob@x", 1, MSG_IN, "fresh", "a", NULL) > 0);
	assert_int_equal(store_file_mode(f->path), 0600);
	store_close();
	assert_int_equal(store_open(f->dir), 0);
	assert_null(store_open_notice());
	free(after);
	free(wal_aside);
	free(wal);
	free(aside);
	strbuf_free(&sb);
}

/* A database cut short (a crash of the disk, a bad copy) is set aside too. */
static void test_truncated_file(void **state)
{
	struct store_fixture *f = *state;
	char *body = xmalloc(2001);
	struct stat st;

	memset(body, 'y', 2000);
	body[2000] = '\0';
	assert_int_equal(store_open(f->dir), 0);
	for (int i = 0; i < 200; i++)
		assert_true(store_add_simple("bob@x", 10 + i, MSG_IN, body, NULL, NULL) > 0);
	store_close();
	assert_int_equal(stat(f->path, &st), 0);
	assert_true(st.st_size > 100000);
	assert_int_equal(truncate(f->path, st.st_size / 2), 0);
	assert_true(store_file_damaged(f->path));
	assert_int_equal(store_open(f->dir), 0);
	assert_non_null(store_open_notice());
	char *aside = aside_file(f->dir);
	assert_non_null(aside);
	assert_int_equal(stat(aside, &st), 0);
	assert_true(st.st_size > 50000);
	free(aside);
	free(body);
}

/* A healthy, empty or brand-new file is never taken for a damaged one. */
static void test_healthy_not_damaged(void **state)
{
	struct store_fixture *f = *state;

	assert_false(store_file_damaged(f->path)); /* missing */
	assert_int_equal(mkdir_p(f->dir, 0700), 0);
	assert_int_equal(write_file_atomic(f->path, "", 0), 0);
	assert_false(store_file_damaged(f->path)); /* empty */
	assert_int_equal(store_open(f->dir), 0);
	assert_true(store_add_simple("bob@x", 1, MSG_IN, "one", "a", NULL) > 0);
	assert_false(store_file_damaged(f->path));
	store_close();
	assert_false(store_file_damaged(f->path));
	assert_int_equal(store_open(f->dir), 0);
	assert_null(store_open_notice());
	char *aside = aside_file(f->dir);
	assert_null(aside);
}

/* A directory that cannot be made is reported with its name. */
static void test_directory_is_a_file(void **state)
{
	struct store_fixture *f = *state;
	char *file = xasprintf("%s/data", f->top);

	assert_int_equal(write_file_atomic(file, "x", 1), 0);
	assert_int_equal(store_open(f->dir), -1);
	assert_non_null(strstr(store_error(), "cannot create"));
	assert_non_null(strstr(store_error(), f->dir));
	assert_int_equal(store_open(NULL), -1);
	assert_int_equal(store_open(""), -1);
	assert_false(store_ready());
	free(file);
}

/* A history path that is not a plain file is refused before SQLite sees it. */
static void test_not_a_regular_file(void **state)
{
	struct store_fixture *f = *state;

	assert_int_equal(mkdir_p(f->dir, 0700), 0);
	assert_int_equal(mkfifo(f->path, 0600), 0);
	assert_int_equal(store_open(f->dir), -1);
	assert_non_null(strstr(store_error(), "not a regular file"));
	assert_false(store_ready());
}

/* A directory we may not write to is reported as a permission problem
 * (root ignores permissions, so this only runs as an ordinary user). */
static void test_directory_not_writable(void **state)
{
	struct store_fixture *f = *state;

	if (geteuid() == 0)
		skip();
	assert_int_equal(mkdir_p(f->dir, 0700), 0);
	assert_int_equal(chmod(f->dir, 0500), 0);
	assert_int_equal(store_open(f->dir), -1);
	assert_non_null(strstr(store_error(), "check permissions"));
}

/* A full disk makes store_add fail with "disk full"; once there is room
 * again the store carries on. */
static void test_disk_full(void **state)
{
	char *body = xmalloc(4001), *sql;
	int64_t r = 0;
	int i;

	(void)state;
	memset(body, 'x', 4000);
	body[4000] = '\0';
	assert_true(store_add_simple("bob@x", 1, MSG_IN, "before", "a", NULL) > 0);
	sql = xasprintf("PRAGMA max_page_count = %lld",
	                (long long)store_query_int(store_db(), "PRAGMA page_count"));
	assert_int_equal(sqlite3_exec(store_db(), sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	for (i = 0;
	     i < 1000 && (r = store_add_simple("bob@x", 2 + i, MSG_IN, body, NULL, NULL)) > 0; i++)
		;
	assert_int_equal(r, -1);
	assert_string_equal(store_error(), "disk full");
	assert_int_equal(store_kv_set("k", body), -1);
	assert_string_equal(store_error(), "disk full");
	assert_int_equal(
	    sqlite3_exec(store_db(), "PRAGMA max_page_count = 1000000", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_true(store_add_simple("bob@x", 5000, MSG_IN, "after", "b", NULL) > 0);
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages WHERE "
	                                             "body IN ('before', 'after')"),
	                 2);
	free(body);
}

/* While another natter holds the write lock past the timeout, writes fail
 * with "busy" and work again afterwards. */
static void test_busy(void **state)
{
	struct store_fixture *f = *state;
	sqlite3 *other = store_second_handle(f->path);

	assert_non_null(other);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_busy_timeout(store_db(), 50);
	assert_int_equal(store_add_simple("bob@x", 1, MSG_IN, "x", "1", NULL), -1);
	assert_string_equal(store_error(), "the history database is busy (another natter?)");
	/* reading still works in WAL mode */
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages"), 0);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_true(store_add_simple("bob@x", 1, MSG_IN, "x", "1", NULL) > 0);
}

/* Another connection writing to the same file at the same time: both sets
 * of rows are there, duplicates are caught across connections, and the
 * file passes SQLite's integrity check. */
static void test_two_connections(void **state)
{
	struct store_fixture *f = *state;
	sqlite3 *other = store_second_handle(f->path);
	struct store_hit *hits;
	char *sql, *ok;
	size_t n;

	assert_non_null(other);
	for (int i = 0; i < 200; i++) {
		char id[16];

		snprintf(id, sizeof(id), "a%d", i);
		assert_true(store_add_simple("bob@x", 1000 + i, MSG_OUT, "mine", id, NULL) > 0);
		/* Schema v3: a writer indexes its own rows (no insert trigger). */
		sql = xasprintf("BEGIN; INSERT INTO messages(conv, ts, dir, body, id) "
		                "VALUES('bob@x', %d, 1, 'theirs', 'b%d'); "
		                "INSERT INTO messages_fts(rowid, body) "
		                "VALUES(last_insert_rowid(), 'theirs'); COMMIT",
		                1000 + i, i);
		assert_int_equal(sqlite3_exec(other, sql, NULL, NULL, NULL), SQLITE_OK);
		free(sql);
	}
	/* what the other connection stored is a duplicate here */
	assert_int_equal(store_add_simple("bob@x", 1000, MSG_OUT, "theirs", "b7", NULL), 0);
	assert_int_equal(sqlite3_exec(other,
	                              "INSERT INTO messages(conv, ts, dir, body, id) "
	                              "VALUES('bob@x', 1, 1, 'dup', 'a3')",
	                              NULL, NULL, NULL),
	                 SQLITE_CONSTRAINT);
	sqlite3_close(other);
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages"), 400);
	ok = store_query_text(store_db(), "PRAGMA integrity_check");
	assert_string_equal(ok, "ok");
	free(ok);
	assert_int_equal(
	    sqlite3_exec(store_db(),
	                 "INSERT INTO messages_fts(messages_fts) VALUES('integrity-check')", NULL,
	                 NULL, NULL),
	    SQLITE_OK);
	n = store_search(NULL, "theirs", 500, &hits);
	assert_int_equal(n, 200);
	store_hits_free(hits, n);
}

/* Child of test_concurrent_writers: another program writing 300 rows into
 * path through its own connection. Exit status 0 on success. */
static void writer_child(const char *path)
{
	sqlite3 *db = store_second_handle(path);
	int ok = db != NULL;

	for (int i = 0; ok && i < 300; i++) {
		char *sql = xasprintf("INSERT INTO messages(conv, ts, dir, body, id) "
		                      "VALUES('carol@x', %d, 0, 'from the child', 'c%d')",
		                      5000 + i, i);

		ok = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
		free(sql);
	}
	sqlite3_close(db);
	_exit(ok ? 0 : 1);
}

/* Another process writing at the same time as store_add: every row of both
 * is stored and the file stays sound. */
static void test_concurrent_writers(void **state)
{
	struct store_fixture *f = *state;
	pid_t pid = fork();
	int status;
	char *ok;

	assert_true(pid >= 0);
	if (pid == 0)
		writer_child(f->path);
	for (int i = 0; i < 300; i++) {
		char id[16];

		snprintf(id, sizeof(id), "p%d", i);
		assert_true(
		    store_add_simple("bob@x", 5000 + i, MSG_IN, "from the parent", id, NULL) > 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages"), 600);
	ok = store_query_text(store_db(), "PRAGMA integrity_check");
	assert_string_equal(ok, "ok");
	free(ok);
	assert_int_equal(
	    sqlite3_exec(store_db(),
	                 "INSERT INTO messages_fts(messages_fts) VALUES('integrity-check')", NULL,
	                 NULL, NULL),
	    SQLITE_OK);
}

/* Child of test_parallel_open: open the shared directory and store one
 * message. Exit status 0 on success. */
static void parallel_child(const char *dir, int i)
{
	char id[16];
	int rc;

	snprintf(id, sizeof(id), "child%d", i);
	rc = store_open(dir) == 0 && store_add_simple("bob@x", 10 + i, MSG_IN, "hi", id, NULL) > 0;
	if (!rc)
		fprintf(stderr, "child %d: %s\n", i, store_error());
	store_close();
	_exit(rc ? 0 : 1);
}

/* Several natters creating the same history at once: the schema is made
 * once and every one of them can store. */
static void test_parallel_open(void **state)
{
	struct store_fixture *f = *state;
	pid_t pids[4];
	int status;

	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			parallel_child(f->dir, i);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(store_open(f->dir), 0);
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM messages"), 4);
	assert_int_equal(store_query_int(store_db(), "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

/* Rowids follow time; a second that has run out of rowids refuses more
 * messages instead of storing them out of order. */
static void test_rowid_slots(void **state)
{
	const sqlite3_int64 slot = (sqlite3_int64)1 << STORE_TS_SHIFT;
	char *sql;
	int64_t a, b, c;

	(void)state;
	a = store_add_simple("bob@x", 2000, MSG_IN, "later", NULL, NULL);
	b = store_add_simple("bob@x", 1000, MSG_IN, "earlier", NULL, NULL);
	c = store_add_simple("bob@x", 1000, MSG_IN, "same second", NULL, NULL);
	assert_true(b < c);
	assert_true(c < a);
	assert_true(store_add_simple("bob@x", -5, MSG_IN, "before 1970", NULL, NULL) > 0);
	sql = xasprintf("INSERT INTO messages(rowid, conv, ts, dir) VALUES(%lld, 'bob@x', 3000, 0)",
	                (long long)(3000 * slot + slot - 1));
	assert_int_equal(sqlite3_exec(store_db(), sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	assert_int_equal(store_add_simple("bob@x", 3000, MSG_IN, "one too many", NULL, NULL), -1);
	assert_non_null(strstr(store_error(), "too many messages"));
	assert_true(store_add_simple("bob@x", 3001, MSG_IN, "next second", NULL, NULL) > 0);
}

/* Run the failure tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_error_words),
	    cmocka_unit_test(test_errno_words),
	    cmocka_unit_test_setup_teardown(test_newer_schema_refused, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_file, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_truncated_file, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_healthy_not_damaged, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_directory_is_a_file, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_not_a_regular_file, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_directory_not_writable, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_disk_full, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_busy, store_fixture_open, store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_two_connections, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_writers, store_fixture_open,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_parallel_open, store_fixture_setup,
	                                    store_fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_rowid_slots, store_fixture_open,
	                                    store_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
