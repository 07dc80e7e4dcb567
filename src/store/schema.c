/* schema.c - the history schema and its migrations (PRAGMA user_version) */
#include <stdlib.h>

#include "roster.h"
#include "storepriv.h"
#include "xmalloc.h"

/* The schema stores these enum values as integers, and the outbox index and
 * query use MSG_OUT and MSG_SENDING literally: renumbering them would change
 * the meaning of every existing history file. */
_Static_assert(MSG_IN == 0 && MSG_OUT == 1 && MSG_SYSTEM == 2, "stored msg_dir values");
_Static_assert(MSG_STATE_NONE == 0 && MSG_SENDING == 1 && MSG_SENT == 2 && MSG_DELIVERED == 3 &&
                   MSG_READ == 4 && MSG_FAILED == 5,
               "stored msg_state values");
_Static_assert(SUB_NONE == 0 && SUB_TO == 1 && SUB_FROM == 2 && SUB_BOTH == 3,
               "stored subscription values");

/* Version 1: messages, their full-text index, conversations, key/value.
 * store_add gives each message a rowid that follows its time (see
 * STORE_TS_SHIFT); the full-text index shares those rowids. */
static const char schema_v1[] =
    "CREATE TABLE messages ("
    " rowid INTEGER PRIMARY KEY,"
    " conv TEXT NOT NULL,"
    " ts INTEGER NOT NULL,"
    " dir INTEGER NOT NULL,"
    " sender TEXT,"
    " body TEXT,"
    " id TEXT,"
    " stanza_id TEXT,"
    " state INTEGER NOT NULL DEFAULT 0,"
    " error TEXT,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE (conv, stanza_id));"
    /* Our own messages (dir 1) are one message per id: ours are random, and
     * another device's carry their origin-id. Incoming ids are the sender's
     * choice and may repeat, so those are told apart by stanza_id only. */
    "CREATE UNIQUE INDEX messages_conv_dir_id ON messages (conv, dir, id)"
    " WHERE id IS NOT NULL AND dir = 1;"
    "CREATE INDEX messages_conv_ts ON messages (conv, ts, rowid);"
    /* The outbox: our messages still sending (MSG_OUT = 1, MSG_SENDING = 1). */
    "CREATE INDEX messages_outbox ON messages (ts, rowid) WHERE state = 1 AND dir = 1;"
    "CREATE VIRTUAL TABLE messages_fts USING fts5 (body, content = 'messages',"
    " content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
    " INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);"
    " END;"
    "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
    " INSERT INTO messages_fts (messages_fts, rowid, body)"
    " VALUES ('delete', old.rowid, old.body);"
    " END;"
    "CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN"
    " INSERT INTO messages_fts (messages_fts, rowid, body)"
    " VALUES ('delete', old.rowid, old.body);"
    " INSERT INTO messages_fts (rowid, body) VALUES (new.rowid, new.body);"
    " END;"
    "CREATE TABLE convs ("
    " jid TEXT PRIMARY KEY,"
    " unread INTEGER NOT NULL DEFAULT 0,"
    " open INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;";

/* Version 2: corrections and retractions (XEP-0308/0424). edit is 0 for a
 * message as sent, 1 corrected (body holds the new text, original the
 * first), 2 retracted (body and original emptied, so the full-text index
 * forgets the text through messages_fts_update). */
static const char schema_v2[] = "ALTER TABLE messages ADD COLUMN edit INTEGER NOT NULL DEFAULT 0;"
                                "ALTER TABLE messages ADD COLUMN original TEXT;";

/* Version 3: store_add indexes a new message itself (STMT_FTS_ADD) instead
 * of a trigger. A trigger that writes the FTS5 table makes every insert a
 * statement transaction, and FTS5 (3.40) writes its pending index to disk
 * at every savepoint: a new index segment per message, most of a burst's
 * CPU (issue 7). The delete and update triggers stay. */
static const char schema_v3[] = "DROP TRIGGER messages_fts_insert;";

/* Version 4: the roster cache (RFC 6121 2.6 roster versioning; its version
 * string is the kv key "roster_ver"). groups holds the item's groups joined
 * by "\n", which no sanitized group name contains; sub is enum
 * subscription, ask 1 for a pending request. */
static const char schema_v4[] = "CREATE TABLE roster (jid TEXT PRIMARY KEY, name TEXT,"
                                " sub INTEGER, ask INTEGER, groups TEXT) WITHOUT ROWID;";

/* The steps, in order: entry i takes a database from version i to i + 1.
 * A new schema version is one more entry (and STORE_SCHEMA_VERSION + 1). */
static const char *const migrations[] = {
    schema_v1,
    schema_v2,
    schema_v3,
    schema_v4,
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* db's PRAGMA user_version, or -1 with *rc set. */
int store_user_version(sqlite3 *db, int *rc)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	*rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (*rc == SQLITE_OK) {
		*rc = sqlite3_step(st);
		if (*rc == SQLITE_ROW) {
			v = sqlite3_column_int(st, 0);
			*rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return v;
}

/* Take db from version to version + 1 inside the open transaction. */
static int apply_step(sqlite3 *db, int version)
{
	char *set_version;
	int rc;

	if (store_exec(db, migrations[version]) < 0)
		return -1;
	set_version = xasprintf("PRAGMA user_version = %d", version + 1);
	rc = store_exec(db, set_version);
	free(set_version);
	return rc;
}

/* Apply the next step db lacks in its own write transaction. Returns 1 when
 * a step ran, 0 when db is current, -1 on failure. */
static int migrate_once(sqlite3 *db)
{
	int rc, version;

	/* IMMEDIATE takes the write lock first, so two natters starting on the
	 * same file cannot both run a step: the second sees the new version. */
	if (store_exec(db, "BEGIN IMMEDIATE") < 0)
		return -1;
	version = store_user_version(db, &rc);
	if (version < 0) {
		store_set_error(store_error_words_new(rc, store_db_path(), sqlite3_errmsg(db)));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (version >= STORE_SCHEMA_VERSION)
		return store_exec(db, "COMMIT");
	if (apply_step(db, version) < 0 || store_exec(db, "COMMIT") < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 1;
}

/* Apply every step db lacks, one transaction each. */
int store_migrate(sqlite3 *db)
{
	int rc, version = store_user_version(db, &rc);

	if (version < 0) {
		store_set_error(store_error_words_new(rc, store_db_path(), sqlite3_errmsg(db)));
		return -1;
	}
	if (version > STORE_SCHEMA_VERSION) {
		store_failf("%s was written by a newer natter (schema version %d; this natter "
		            "knows up to %d): left unchanged, use the newer natter",
		            store_db_path(), version, STORE_SCHEMA_VERSION);
		return -1;
	}
	while (version < STORE_SCHEMA_VERSION) {
		/* Each pass re-reads the version under the write lock. */
		rc = migrate_once(db);
		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		version++;
	}
	return 0;
}
