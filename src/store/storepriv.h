/* storepriv.h - what the files of src/store share with each other, their
 * unit tests and the store benchmark (not part of the public API) */
#ifndef NATTER_STOREPRIV_H
#define NATTER_STOREPRIV_H

#include <sqlite3.h>

#include "store.h"

/* The schema version this natter writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 4

/* Rowids follow time: a message's rowid is (its ts << STORE_TS_SHIFT) plus
 * its place among the messages stored for the same second (1, 2, ...), so
 * rowid order is (ts, insertion) order and a search reads the full-text index
 * newest first and stops at its limit instead of sorting every match. */
#define STORE_TS_SHIFT 16

/* Columns of a message row, in the order store_msg_from_row() reads them. */
#define STORE_MSG_COLS                                                                             \
	"rowid, conv, ts, dir, sender, body, id, stanza_id, state, error, attempts, edit"

/* Statements prepared once per open database and kept (see db.c). */
enum store_stmt_id {
	STMT_ADD,
	STMT_SET_STATE,
	STMT_SET_STANZA_ID,
	STMT_POSITION,
	STMT_PAGE,
	STMT_UNCONFIRMED,
	STMT_CONV_SET,
	STMT_CONVS,
	STMT_KV_SET,
	STMT_KV_DELETE,
	STMT_KV_GET,
	STMT_SEARCH_ALL,
	STMT_SEARCH_CONV,
	STMT_EXPORT,
	STMT_FTS_ADD,
	STMT_ROSTER_ALL,
	STMT_ROSTER_PUT,
	STMT_ROSTER_DELETE,
	STMT_ROSTER_CLEAR,
	STMT_COUNT
};

/* The open connection, or NULL (and the error "history is not open"). */
sqlite3 *store_db(void);
/* Install db as the open connection (store_open) and remember its file. */
void store_db_set(sqlite3 *db, const char *path);
/* The open database's file name, or "history.db". */
const char *store_db_path(void);

/* The cached statement id, ready to bind; NULL with the error set when no
 * database is open or it cannot be prepared. Pass it to store_stmt_done(). */
sqlite3_stmt *store_stmt(enum store_stmt_id id);
/* Reset a statement from store_stmt() so it holds no lock and no bindings. */
void store_stmt_done(sqlite3_stmt *st);
/* Run st, which returns no rows, to the end and finish it: 0, or -1 with the
 * error recorded for store_error(). */
int store_step_done(sqlite3_stmt *st);
/* Finalize every cached statement (before closing the connection). */
void store_stmts_free(void);

/* Plain words for an SQLite result code: path names the file for "cannot
 * open", errmsg is SQLite's own text for codes without words of ours.
 * Caller frees. */
char *store_error_words_new(int rc, const char *path, const char *errmsg);
/* Plain words for a failed system call on path (errno err). Caller frees. */
char *store_errno_words_new(const char *what, const char *path, int err);
/* Remember words (taken over) as the last failure. */
void store_set_error(char *words);
/* Remember the failure rc of the open connection. */
void store_fail(int rc);
/* Run sql on db (NULL: the open connection): 0, or -1 with the failure
 * remembered. */
int store_exec(sqlite3 *db, const char *sql);
/* Remember a failure described by printf-style text. */
void store_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Apply the schema steps db lacks, one transaction each. 0, or -1 with the
 * error set; a database newer than STORE_SCHEMA_VERSION is left untouched. */
int store_migrate(sqlite3 *db);
/* db's PRAGMA user_version, or -1 with *rc set to the SQLite error. */
int store_user_version(sqlite3 *db, int *rc);

/* A new message from the STORE_MSG_COLS columns of st's current row, starting
 * at column first. Caller frees with store_msg_free. */
struct store_msg *store_msg_from_row(sqlite3_stmt *st, int first);

/* Make *out an FTS5 query matching every word of text (split at white space)
 * that the index can match, each quoted as a string literal, joined by AND;
 * *out is NULL when text holds no such word. 0, or -1 with the error set.
 * The caller frees *out. */
int store_fts_query(sqlite3 *db, const char *text, char **out);

/* True when the file at path is plainly not a whole SQLite database (no or
 * a wrong header, shorter than its header says); an empty file is not. */
bool store_file_damaged(const char *path);
/* Move a damaged database at path, with its -wal and -shm, to
 * PATH.corrupt-YYYYMMDD-HHMMSS (never deleted) and remember a notice for
 * store_open_notice(). 0, or -1 with the error set. */
int store_set_aside(const char *path);
/* Forget the notice of an earlier store_open(). */
void store_notice_clear(void);
/* Mark the open batch as half written: its commit rolls back and reports
 * every row of it lost (batch.c; no-op without an open batch). */
void store_batch_fail(void);

#endif
