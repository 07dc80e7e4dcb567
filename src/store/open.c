/* open.c - opening the history database: files, modes, pragmas, schema */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "log.h"
#include "storepriv.h"
#include "xmalloc.h"

#define BUSY_TIMEOUT_MS 5000

/* Make an existing file private (0600) if it is looser; a missing one is fine. */
static void tighten(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
		chmod(path, st.st_mode & 0600);
}

/* Create path 0600 before SQLite does (SQLite would use 0644), or tighten it. */
static int prepare_file(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0) {
		store_set_error(errno == EROFS ? xstrdup("the history database is read-only")
		                               : store_errno_words_new("open", path, errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		store_failf("%s is not a regular file", path);
		return -1;
	}
	if ((st.st_mode & 077) != 0)
		fchmod(fd, st.st_mode & 0600);
	close(fd);
	return 0;
}

/* Tighten the WAL and shared-memory files an older run may have left. */
static void tighten_companions(const char *path)
{
	char *wal = xasprintf("%s-wal", path);
	char *shm = xasprintf("%s-shm", path);

	tighten(wal);
	tighten(shm);
	free(wal);
	free(shm);
}

/* Switch db to write-ahead logging (crash-safe, readers never block the writer). */
static int use_wal(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* Some file systems cannot do WAL; SQLite then keeps the old mode,
		 * which still works. */
		if (strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0)
			log_debug("store: journal mode stays %s", sqlite3_column_text(st, 0));
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		store_set_error(store_error_words_new(rc, store_db_path(), sqlite3_errmsg(db)));
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Open the SQLite connection to path; NULL with the error set. */
static sqlite3 *open_connection(const char *path)
{
	sqlite3 *db = NULL;
	/* natter is one thread: no mutexes around every SQLite call */
	int rc = sqlite3_open_v2(
	    path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		store_set_error(store_error_words_new(rc, path, db ? sqlite3_errmsg(db) : NULL));
		sqlite3_close(db);
		return NULL;
	}
	/* SQLite silently falls back to read-only when it cannot write. */
	if (sqlite3_db_readonly(db, "main") == 1) {
		store_set_error(store_error_words_new(SQLITE_READONLY, path, NULL));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	return db;
}

/* Bring an open connection into shape: the schema is checked (and a newer
 * one refused) before anything that could write to the file. */
static int configure(sqlite3 *db)
{
	if (store_exec(db, "PRAGMA foreign_keys = ON") < 0)
		return -1;
	if (store_exec(db, "PRAGMA synchronous = NORMAL") < 0)
		return -1;
	if (store_migrate(db) < 0)
		return -1;
	return use_wal(db);
}

/* True when db's last failure says the file is damaged. */
static bool damaged_error(sqlite3 *db)
{
	int rc = sqlite3_errcode(db) & 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* One attempt at opening path; *damaged says whether it failed because the
 * file is damaged. NULL with the error set on failure. */
static sqlite3 *open_once(const char *path, bool *damaged)
{
	sqlite3 *db;

	*damaged = store_file_damaged(path);
	if (*damaged) {
		store_set_error(store_error_words_new(SQLITE_NOTADB, path, NULL));
		return NULL;
	}
	if (prepare_file(path) < 0 || (db = open_connection(path)) == NULL)
		return NULL;
	tighten_companions(path);
	if (configure(db) < 0) {
		*damaged = damaged_error(db);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Open (creating if needed) DIR/history.db; a damaged one is set aside and
 * a new one started (a newer one is refused and left alone). */
int store_open(const char *dir)
{
	sqlite3 *db;
	char *path;
	bool damaged;

	store_close();
	store_notice_clear();
	if (dir == NULL || *dir == '\0') {
		store_failf("no directory for the history database");
		return -1;
	}
	if (mkdir_p(dir, 0700) < 0) {
		store_set_error(store_errno_words_new("create", dir, errno));
		return -1;
	}
	path = xasprintf("%s/history.db", dir);
	store_db_set(NULL, path);
	db = open_once(path, &damaged);
	if (db == NULL && damaged && store_set_aside(path) == 0)
		db = open_once(path, &damaged);
	if (db != NULL)
		store_db_set(db, path);
	free(path);
	return db != NULL ? 0 : -1;
}
