/* error.c - the store's last failure, in plain words */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "storepriv.h"
#include "xmalloc.h"

static char *last_error;

/* Plain words for an SQLite result code (primary or extended). */
char *store_error_words_new(int rc, const char *path, const char *errmsg)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return xstrdup("disk full");
	case SQLITE_READONLY:
		return xstrdup("the history database is read-only");
	case SQLITE_CANTOPEN:
		return xasprintf("cannot open %s (check permissions)", path ? path : "history.db");
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xstrdup("the history database is busy (another natter?)");
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return xstrdup("the history database is damaged");
	case SQLITE_NOMEM:
		return xstrdup("out of memory");
	default:
		return xstrdup(errmsg ? errmsg : sqlite3_errstr(rc));
	}
}

/* Plain words for a failed system call on path. */
char *store_errno_words_new(const char *what, const char *path, int err)
{
	switch (err) {
	case ENOSPC:
	case EDQUOT:
		return xstrdup("disk full");
	case EROFS:
		return xasprintf("cannot %s %s: read-only file system", what, path);
	case EACCES:
	case EPERM:
		return xasprintf("cannot %s %s (check permissions)", what, path);
	default:
		return xasprintf("cannot %s %s: %s", what, path, strerror(err));
	}
}

/* Replace the remembered failure by words (taken over). */
void store_set_error(char *words)
{
	free(last_error);
	last_error = words;
}

/* Remember the failure rc of the open connection, with SQLite's message. */
void store_fail(int rc)
{
	sqlite3 *db = store_db();

	store_set_error(store_error_words_new(rc, store_db_path(), db ? sqlite3_errmsg(db) : NULL));
}

/* Run sql on db (NULL: the open connection): 0, or -1 with the failure
 * remembered. */
int store_exec(sqlite3 *db, const char *sql)
{
	if (db == NULL && (db = store_db()) == NULL) {
		store_failf("the history database is not open");
		return -1;
	}
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	store_set_error(store_error_words_new(rc, store_db_path(), sqlite3_errmsg(db)));
	return -1;
}

/* Remember a failure described by printf-style text. */
void store_failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	store_set_error(xvasprintf(fmt, ap));
	va_end(ap);
}

/* The last failure in plain words. */
const char *store_error(void)
{
	return last_error ? last_error : "no error";
}
