/* test_store.h - what the history database tests share: a private
 * directory per test and small helpers */
#ifndef NATTER_TEST_STORE_H
#define NATTER_TEST_STORE_H

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/store/storepriv.h"
#include "store.h"
#include "strbuf.h"
#include "xmalloc.h"

/* A test's directory and the history database's path in it. */
struct store_fixture {
	char *top;  /* mkdtemp directory, removed afterwards */
	char *dir;  /* the account directory handed to store_open */
	char *path; /* dir/history.db */
};

/* Remove path and everything below it. */
static inline void store_remove_tree(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		chmod(path, 0700);
		while ((de = readdir(d)) != NULL) {
			char *sub;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", path, de->d_name);
			store_remove_tree(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
		return;
	}
	unlink(path);
}

/* Make a fixture with a fresh temporary directory (the account directory
 * itself does not exist yet). */
static inline int store_fixture_setup(void **state)
{
	struct store_fixture *f = xcalloc(1, sizeof(*f));

	f->top = xstrdup("/tmp/natter-store-XXXXXX");
	if (mkdtemp(f->top) == NULL)
		return -1;
	f->dir = xasprintf("%s/data/acct", f->top);
	f->path = xasprintf("%s/history.db", f->dir);
	*state = f;
	return 0;
}

/* A fixture with the store already open in it. */
static inline int store_fixture_open(void **state)
{
	struct store_fixture *f;

	if (store_fixture_setup(state) < 0)
		return -1;
	f = *state;
	return store_open(f->dir);
}

/* Close the store and remove the fixture's directory. */
static inline int store_fixture_teardown(void **state)
{
	struct store_fixture *f = *state;

	store_close();
	store_remove_tree(f->top);
	free(f->top);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Permission bits of path, or -1. */
static inline int store_file_mode(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

/* A message on the stack: strings borrowed, not owned. */
static inline struct store_msg store_msg_make(const char *conv, time_t ts, enum msg_dir dir,
                                              const char *body, const char *id,
                                              const char *stanza_id)
{
	struct store_msg m = {0};

	m.conv = (char *)conv;
	m.ts = ts;
	m.dir = dir;
	m.sender = (char *)(dir == MSG_OUT ? "me" : conv);
	m.body = (char *)body;
	m.id = (char *)id;
	m.stanza_id = (char *)stanza_id;
	m.state = dir == MSG_OUT ? MSG_SENDING : MSG_STATE_NONE;
	return m;
}

/* Store a message with the given fields; returns store_add's answer. */
static inline int64_t store_add_simple(const char *conv, time_t ts, enum msg_dir dir,
                                       const char *body, const char *id, const char *stanza_id)
{
	struct store_msg m = store_msg_make(conv, ts, dir, body, id, stanza_id);

	return store_add(&m);
}

/* Open a second, independent connection to path (as another natter would). */
static inline sqlite3 *store_second_handle(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* The first column of the first row of sql on db as an integer (-1 on error). */
static inline sqlite3_int64 store_query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first column of the first row of sql on db as a new string, or NULL. */
static inline char *store_query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* The EXPLAIN QUERY PLAN details of sql on db, joined by "; ". Caller frees. */
static inline char *store_query_plan(sqlite3 *db, const char *sql)
{
	char *explain = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, explain, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			strbuf_addf(&sb, "%s; ", (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	free(explain);
	return strbuf_detach(&sb);
}

#endif
