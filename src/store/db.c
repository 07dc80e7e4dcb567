/* db.c - the open history connection and its cached statements */
#include <stdlib.h>

#include "storepriv.h"
#include "xmalloc.h"

/* A search hit: the message, then its snippet with the match in [brackets]. */
#define SEARCH_COLS                                                                                \
	"m.rowid, m.conv, m.ts, m.dir, m.sender, m.body, m.id, m.stanza_id, m.state, m.error, "    \
	"m.attempts, m.edit, snippet(messages_fts, 0, '[', ']', '...', 16)"

/* SQL of each cached statement, indexed by enum store_stmt_id. The values
 * stored for enum msg_dir and enum msg_state are pinned in schema.c. */
static const char *const stmt_sql[STMT_COUNT] = {
    /* The rowid is the next free one in the slot of the message's second
     * (?11 .. ?12, see STORE_TS_SHIFT); a full slot gives a text rowid,
     * which SQLite refuses (SQLITE_MISMATCH) rather than misorder. */
    [STMT_ADD] = "INSERT OR IGNORE INTO messages(rowid, conv, ts, dir, sender, body, id, "
                 "stanza_id, state, error, attempts) VALUES((SELECT CASE WHEN max(rowid) IS NULL "
                 "THEN ?11 + 1 WHEN max(rowid) < ?12 THEN max(rowid) + 1 ELSE 'full' END "
                 "FROM messages WHERE rowid BETWEEN ?11 AND ?12), "
                 "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    /* The full-text entry of a row store_add just inserted (schema v3). */
    [STMT_FTS_ADD] = "INSERT INTO messages_fts (rowid, body) VALUES (?1, ?2)",
    [STMT_SET_STATE] = "UPDATE messages SET state = ?2, error = ?3, attempts = ?4 "
                       "WHERE rowid = ?1",
    [STMT_SET_STANZA_ID] = "UPDATE messages SET stanza_id = ?2 WHERE rowid = ?1",
    [STMT_POSITION] = "SELECT ts FROM messages WHERE rowid = ?1",
    /* Keyset paging: the (conv, ts, rowid) index gives rows in order. */
    [STMT_PAGE] = "SELECT " STORE_MSG_COLS " FROM messages WHERE conv = ?1 AND "
                  "(ts < ?2 OR (ts = ?2 AND rowid < ?3)) ORDER BY ts DESC, rowid DESC LIMIT ?4",
    /* Literal values so the partial index messages_outbox applies. */
    [STMT_UNCONFIRMED] = "SELECT " STORE_MSG_COLS " FROM messages WHERE state = 1 AND dir = 1 "
                         "ORDER BY ts, rowid",
    [STMT_CONV_SET] = "INSERT INTO convs(jid, unread, open) VALUES(?1, ?2, ?3) "
                      "ON CONFLICT(jid) DO UPDATE SET unread = excluded.unread, "
                      "open = excluded.open",
    [STMT_CONVS] = "SELECT jid, unread, open FROM convs WHERE open != 0 OR unread > 0 "
                   "ORDER BY rowid",
    [STMT_KV_SET] = "INSERT INTO kv(key, value) VALUES(?1, ?2) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [STMT_KV_DELETE] = "DELETE FROM kv WHERE key = ?1",
    [STMT_KV_GET] = "SELECT value FROM kv WHERE key = ?1",
    /* Rowid order is time order (STORE_TS_SHIFT): the full-text index,
     * read backwards, gives the newest matches first with no sorting.
     * CROSS JOIN keeps it the outer loop; driven from a conversation's
     * rows instead, every row would cost a full-text lookup. The snippet
     * is only made for the rows returned. */
    [STMT_SEARCH_ALL] = "SELECT " SEARCH_COLS " FROM messages_fts CROSS JOIN messages m "
                        "ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ?1 "
                        "ORDER BY messages_fts.rowid DESC LIMIT ?2",
    [STMT_SEARCH_CONV] = "SELECT " SEARCH_COLS " FROM messages_fts CROSS JOIN messages m "
                         "ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ?1 "
                         "AND m.conv = ?3 ORDER BY messages_fts.rowid DESC LIMIT ?2",
    [STMT_EXPORT] = "SELECT ts, dir, sender, body FROM messages WHERE conv = ?1 "
                    "ORDER BY ts, rowid",
    /* The roster cache (schema v4, roster.c). */
    [STMT_ROSTER_ALL] = "SELECT jid, name, sub, ask, groups FROM roster",
    [STMT_ROSTER_PUT] = "INSERT OR REPLACE INTO roster(jid, name, sub, ask, groups) "
                        "VALUES(?1, ?2, ?3, ?4, ?5)",
    [STMT_ROSTER_DELETE] = "DELETE FROM roster WHERE jid = ?1",
    [STMT_ROSTER_CLEAR] = "DELETE FROM roster",
};

static sqlite3 *conn;
static char *conn_path;
static sqlite3_stmt *stmts[STMT_COUNT];

/* The open connection; NULL with the error set when there is none. */
sqlite3 *store_db(void)
{
	if (conn == NULL)
		store_set_error(xstrdup("history is not open"));
	return conn;
}

/* Install db as the open connection. */
void store_db_set(sqlite3 *db, const char *path)
{
	conn = db;
	xstrset(&conn_path, path);
}

/* The open database's file name. */
const char *store_db_path(void)
{
	return conn_path ? conn_path : "history.db";
}

/* True when a database is open. */
bool store_ready(void)
{
	return conn != NULL;
}

/* The cached statement id, prepared on first use. */
sqlite3_stmt *store_stmt(enum store_stmt_id id)
{
	int rc;

	if (store_db() == NULL)
		return NULL;
	if (stmts[id] != NULL)
		return stmts[id];
	rc =
	    sqlite3_prepare_v3(conn, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &stmts[id], NULL);
	if (rc != SQLITE_OK) {
		store_fail(rc);
		stmts[id] = NULL;
	}
	return stmts[id];
}

/* Reset st and drop its bindings so it holds no lock and no caller memory. */
void store_stmt_done(sqlite3_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Finalize every cached statement. */
void store_stmts_free(void)
{
	for (size_t i = 0; i < STMT_COUNT; i++) {
		sqlite3_finalize(stmts[i]);
		stmts[i] = NULL;
	}
}

/* Close the database (safe when not open). */
void store_close(void)
{
	if (conn == NULL)
		return;
	store_batch_close();
	store_stmts_free();
	/* Keep the query planner's statistics fresh, but never hold up quitting
	 * for long behind another natter. */
	sqlite3_busy_timeout(conn, 100);
	sqlite3_exec(conn, "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close(conn);
	conn = NULL;
	free(conn_path);
	conn_path = NULL;
}

/* Run a statement that returns no rows and finish it. */
int store_step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	store_stmt_done(st);
	if (rc != SQLITE_DONE) {
		store_fail(rc);
		return -1;
	}
	return 0;
}
