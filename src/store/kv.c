/* kv.c - the small key/value table (archive cursor and the like) */
#include "storepriv.h"
#include "xmalloc.h"

/* Set key to value; a NULL value removes the key. 0 or -1. */
int store_kv_set(const char *key, const char *value)
{
	sqlite3_stmt *st;

	if (key == NULL) {
		store_failf("a setting needs a key");
		return -1;
	}
	if ((st = store_stmt(value ? STMT_KV_SET : STMT_KV_DELETE)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value != NULL)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return store_step_done(st);
}

/* The value for key, or NULL. Caller frees. */
char *store_kv_get(const char *key)
{
	sqlite3_stmt *st;
	char *value = NULL;
	int rc;

	if (key == NULL || (st = store_stmt(STMT_KV_GET)) == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		value = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		store_fail(rc);
	store_stmt_done(st);
	return value;
}
