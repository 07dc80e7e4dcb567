/* msgs.c - storing messages and changing their state */
#include <stdint.h>
#include <stdlib.h>

#include "storepriv.h"
#include "xmalloc.h"

/* Bind s as text parameter i, NULL as SQL NULL. */
static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	/* STATIC is safe: store_stmt_done() clears the bindings before the
	 * caller's strings can go away. */
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* The first and last rowid of the slot of ts's second (STORE_TS_SHIFT). */
static void bind_slot(sqlite3_stmt *st, time_t ts)
{
	const sqlite3_int64 max_ts = (INT64_MAX >> STORE_TS_SHIFT) - 1;
	const sqlite3_int64 slot = (sqlite3_int64)1 << STORE_TS_SHIFT;
	/* Stamps before 1970 or absurdly far ahead share the end slots; their
	 * ts column keeps the real value. */
	sqlite3_int64 t = ts < 0 ? 0 : (sqlite3_int64)ts > max_ts ? max_ts : (sqlite3_int64)ts;

	sqlite3_bind_int64(st, 11, t * slot);
	sqlite3_bind_int64(st, 12, t * slot + slot - 1);
}

/* Bind every column of m to STMT_ADD. */
static void bind_msg(sqlite3_stmt *st, const struct store_msg *m)
{
	bind_slot(st, m->ts);
	bind_text(st, 1, m->conv);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)m->ts);
	sqlite3_bind_int(st, 3, (int)m->dir);
	bind_text(st, 4, m->sender);
	bind_text(st, 5, m->body);
	bind_text(st, 6, m->id);
	bind_text(st, 7, m->stanza_id);
	sqlite3_bind_int(st, 8, (int)m->state);
	bind_text(st, 9, m->error);
	sqlite3_bind_int(st, 10, m->attempts);
}

/* Run the bound STMT_ADD: the new rowid, 0 for a duplicate, -1 on error. */
static int64_t insert(sqlite3_stmt *st)
{
	/* One statement: the uniqueness check and the insert are atomic, so
	 * two natters storing the same message keep one copy. */
	int rc = sqlite3_step(st);
	sqlite3 *db = sqlite3_db_handle(st);

	if (rc == SQLITE_DONE)
		return sqlite3_changes(db) ? (int64_t)sqlite3_last_insert_rowid(db) : 0;
	if (rc == SQLITE_MISMATCH)
		store_failf("too many messages stored for one second");
	else
		store_fail(rc);
	return -1;
}

/* Add the full-text entry of the row just stored: 0, or -1 (error set). */
static int index_body(int64_t rowid, const char *body)
{
	sqlite3_stmt *st = store_stmt(STMT_FTS_ADD);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, rowid);
	bind_text(st, 2, body);
	int rc = sqlite3_step(st);
	store_stmt_done(st);
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(rc);
	return -1;
}

/* Insert the row and its full-text entry: the rowid, 0, or -1. */
static int64_t add_row(sqlite3_stmt *st, const struct store_msg *m)
{
	bind_msg(st, m);
	int64_t rowid = insert(st);
	store_stmt_done(st);
	if (rowid > 0 && index_body(rowid, m->body) < 0) {
		store_batch_fail();
		return -1;
	}
	return rowid;
}

/* Run sql on st's connection; the SQLite result code. */
static int exec_on(sqlite3_stmt *st, const char *sql)
{
	return sqlite3_exec(sqlite3_db_handle(st), sql, NULL, NULL, NULL);
}

/* A store_add that began its own transaction failed (or its commit did):
 * roll that transaction back whole, so no later write is left inside it; -1. */
static int64_t undo_own(sqlite3_stmt *st, int64_t rowid)
{
	sqlite3 *db = sqlite3_db_handle(st);

	if (rowid >= 0)
		store_fail(sqlite3_errcode(db));
	if (!sqlite3_get_autocommit(db))
		exec_on(st, "ROLLBACK");
	return -1;
}

/* Store a message; 0 when it is already there. The row and its full-text
 * entry are one unit: inside a batch its transaction (a failed index write
 * fails the whole batch: store_batch_fail), else a savepoint. */
int64_t store_add(const struct store_msg *m)
{
	sqlite3_stmt *st;
	int64_t rowid;

	if (m == NULL || m->conv == NULL) {
		store_failf("a message without a conversation cannot be stored");
		return -1;
	}
	if ((st = store_stmt(STMT_ADD)) == NULL)
		return -1;
	bool own = sqlite3_get_autocommit(sqlite3_db_handle(st)) != 0;
	if (own && exec_on(st, "SAVEPOINT store_add") != SQLITE_OK) {
		store_fail(sqlite3_errcode(sqlite3_db_handle(st)));
		return -1;
	}
	rowid = add_row(st, m);
	if (own && (rowid < 0 || exec_on(st, "RELEASE store_add") != SQLITE_OK))
		rowid = undo_own(st, rowid);
	store_batch_note(rowid);
	return rowid;
}

/* Step an UPDATE of one message; -1 when it failed or matched nothing. */
static int update_one(sqlite3_stmt *st, int64_t rowid)
{
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(sqlite3_db_handle(st));

	store_stmt_done(st);
	if (rc != SQLITE_DONE) {
		store_fail(rc);
		return -1;
	}
	if (changed == 0) {
		store_failf("message %lld is not in the history", (long long)rowid);
		return -1;
	}
	return 0;
}

/* Change a stored message's state, error and attempts. */
int store_set_state(int64_t rowid, enum msg_state st_new, const char *error, int attempts)
{
	sqlite3_stmt *st = store_stmt(STMT_SET_STATE);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, rowid);
	sqlite3_bind_int(st, 2, (int)st_new);
	bind_text(st, 3, error);
	sqlite3_bind_int(st, 4, attempts);
	return update_one(st, rowid);
}

/* Record our server's archive id for a stored message. */
int store_set_stanza_id(int64_t rowid, const char *stanza_id)
{
	sqlite3_stmt *st = store_stmt(STMT_SET_STANZA_ID);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, rowid);
	bind_text(st, 2, stanza_id);
	return update_one(st, rowid);
}

/* Copy text column i of st's row (NULL stays NULL). */
static char *column_dup(sqlite3_stmt *st, int i)
{
	return xstrdup((const char *)sqlite3_column_text(st, i));
}

/* A stored direction, read defensively: another program may have written it. */
static enum msg_dir dir_from_int(int v)
{
	return v == MSG_IN || v == MSG_OUT ? (enum msg_dir)v : MSG_SYSTEM;
}

/* A stored state, read defensively. */
static enum msg_state state_from_int(int v)
{
	return v >= MSG_STATE_NONE && v <= MSG_FAILED ? (enum msg_state)v : MSG_STATE_NONE;
}

/* A new message from the STORE_MSG_COLS columns of st's row. */
struct store_msg *store_msg_from_row(sqlite3_stmt *st, int first)
{
	struct store_msg *m = xcalloc(1, sizeof(*m));

	m->rowid = sqlite3_column_int64(st, first);
	m->conv = column_dup(st, first + 1);
	m->ts = (time_t)sqlite3_column_int64(st, first + 2);
	m->dir = dir_from_int(sqlite3_column_int(st, first + 3));
	m->sender = column_dup(st, first + 4);
	m->body = column_dup(st, first + 5);
	m->id = column_dup(st, first + 6);
	m->stanza_id = column_dup(st, first + 7);
	m->state = state_from_int(sqlite3_column_int(st, first + 8));
	m->error = column_dup(st, first + 9);
	m->attempts = sqlite3_column_int(st, first + 10);
	m->edit = sqlite3_column_int(st, first + 11);
	/* conv is NOT NULL in the schema; keep the promise even so. */
	if (m->conv == NULL)
		m->conv = xstrdup("");
	return m;
}

/* Free a message. */
void store_msg_free(struct store_msg *m)
{
	if (m == NULL)
		return;
	free(m->conv);
	free(m->sender);
	free(m->body);
	free(m->id);
	free(m->stanza_id);
	free(m->error);
	free(m);
}

/* Free an array of n messages. */
void store_msgs_free(struct store_msg **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		store_msg_free(v[i]);
	free(v);
}
