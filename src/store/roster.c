/* roster.c - the roster cache: the last roster the server sent and its
 * version (RFC 6121 2.6), each change written in one transaction */
#include <stdlib.h>
#include <string.h>

#include "storepriv.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"

#define ROSTER_VER_KEY "roster_ver"

/* Start a change. A savepoint nests inside an open batch (where BEGIN
 * would fail) and is a transaction of its own otherwise. */
static int change_begin(void)
{
	return store_exec(NULL, "SAVEPOINT roster_cache");
}

/* End the change: keep it when ok, else undo it, and only it (an open
 * batch keeps its messages). 0, or -1 with the first error kept. */
static int change_end(bool ok)
{
	if (ok && store_exec(NULL, "RELEASE roster_cache") == 0)
		return 0;
	sqlite3 *db = store_db();
	/* Fails harmlessly when SQLite already rolled everything back. */
	sqlite3_exec(db, "ROLLBACK TO roster_cache", NULL, NULL, NULL);
	sqlite3_exec(db, "RELEASE roster_cache", NULL, NULL, NULL);
	return -1;
}

/* Run the cached statement id, which takes no arguments. 0 or -1. */
static int run(enum store_stmt_id id)
{
	sqlite3_stmt *st = store_stmt(id);
	return st ? store_step_done(st) : -1;
}

/* Groups joined by "\n" (no sanitized group name holds one). Caller frees. */
static char *groups_join(char *const *groups)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "");
	for (size_t i = 0; groups && groups[i]; i++) {
		if (i > 0)
			strbuf_addch(&sb, '\n');
		strbuf_adds(&sb, groups[i]);
	}
	return strbuf_detach(&sb);
}

/* The non-empty parts of s split at "\n", NULL-terminated (s may be
 * NULL). Caller frees with strv_free. */
static char **groups_split(const char *s)
{
	size_t n = 0;
	for (const char *p = s; p && *p; p++)
		n += *p == '\n';
	char **v = xcalloc(n + 2, sizeof(*v));
	size_t k = 0;
	for (const char *p = s; p && *p;) {
		size_t len = strcspn(p, "\n");
		if (len > 0)
			v[k++] = xstrndup(p, len);
		p += len + (p[len] == '\n');
	}
	return v;
}

/* Write one item (inserted or replacing the old one). 0 or -1. */
static int put_row(const struct store_roster_item *it)
{
	sqlite3_stmt *st = store_stmt(STMT_ROSTER_PUT);
	if (st == NULL)
		return -1;
	char *groups = groups_join(it->groups);
	sqlite3_bind_text(st, 1, it->jid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, it->sub);
	sqlite3_bind_int(st, 4, it->ask);
	sqlite3_bind_text(st, 5, groups, -1, SQLITE_STATIC);
	int rc = store_step_done(st);
	free(groups);
	return rc;
}

/* Delete jid's row. 0 or -1. */
static int delete_row(const char *jid)
{
	sqlite3_stmt *st = store_stmt(STMT_ROSTER_DELETE);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, jid, -1, SQLITE_STATIC);
	return store_step_done(st);
}

/* Hand every cached row to fn. */
long store_roster_load(store_roster_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(STMT_ROSTER_ALL);
	if (st == NULL)
		return -1;
	long n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **groups = groups_split((const char *)sqlite3_column_text(st, 4));
		struct store_roster_item it = {
		    .jid = (const char *)sqlite3_column_text(st, 0),
		    .name = (const char *)sqlite3_column_text(st, 1),
		    .groups = groups,
		    .sub = sqlite3_column_int(st, 2),
		    .ask = sqlite3_column_int(st, 3) != 0,
		};
		fn(&it, arg);
		strv_free(groups);
		n++;
	}
	if (rc != SQLITE_DONE) {
		store_fail(rc);
		n = -1;
	}
	store_stmt_done(st);
	return n;
}

/* Replace the whole cache and set the version. */
int store_roster_replace(const struct store_roster_item *items, size_t n, const char *ver)
{
	if (change_begin() < 0)
		return -1;
	bool ok = run(STMT_ROSTER_CLEAR) == 0;
	for (size_t i = 0; ok && i < n; i++)
		ok = put_row(&items[i]) == 0;
	return change_end(ok && store_kv_set(ROSTER_VER_KEY, ver) == 0);
}

/* Add or update one item and set the version. */
int store_roster_put(const struct store_roster_item *it, const char *ver)
{
	if (change_begin() < 0)
		return -1;
	return change_end(put_row(it) == 0 && store_kv_set(ROSTER_VER_KEY, ver) == 0);
}

/* Delete one item and set the version. */
int store_roster_delete(const char *jid, const char *ver)
{
	if (change_begin() < 0)
		return -1;
	return change_end(delete_row(jid) == 0 && store_kv_set(ROSTER_VER_KEY, ver) == 0);
}

/* The cached roster version, or NULL. */
char *store_roster_ver(void)
{
	return store_kv_get(ROSTER_VER_KEY);
}
