/* batch.c - one transaction for the writes of one read from the server.
 *
 * A message per transaction cost a WAL write (and its locking) per message:
 * most of a burst's CPU. The caller (core, around each xmpp_run_once() call)
 * opens a batch, the handlers write into it, and the commit comes before
 * anything they queued for the network (receipts, XEP-0198 acks) is sent,
 * so what natter confirms is on disk. The rowids stored in a batch are kept
 * so a failed commit can say which messages are not in the history. */
#include <stdlib.h>

#include "storepriv.h"
#include "xmalloc.h"

static struct {
	bool open;       /* BEGIN ran and no COMMIT/ROLLBACK yet */
	bool failed;     /* a write left the batch half done: roll it back */
	int64_t *rowids; /* stored in this batch */
	size_t len, cap;
} batch;

/* Run sql on the open connection; the SQLite result code. */
static int exec(const char *sql)
{
	sqlite3 *db = store_db();
	return db ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_MISUSE;
}

/* Start a batch (nothing when there is no database or one is open). */
void store_batch_begin(void)
{
	if (batch.open || !store_ready())
		return;
	batch.len = 0;
	batch.failed = false;
	/* Deferred: no lock is taken until the first write, so a pass that
	 * writes nothing costs nothing and blocks no other natter. */
	batch.open = exec("BEGIN") == SQLITE_OK;
}

/* True while a batch is open. */
bool store_batch_open(void)
{
	return batch.open;
}

/* Note a rowid stored inside the open batch. */
void store_batch_note(int64_t rowid)
{
	sqlite3 *db = store_db();
	/* After SQLite rolled the batch back by itself, writes commit one by
	 * one: this one is stored. */
	if (!batch.open || rowid <= 0 || db == NULL || sqlite3_get_autocommit(db))
		return;
	if (batch.len == batch.cap) {
		batch.cap = batch.cap ? batch.cap * 2 : 64;
		batch.rowids = xreallocarray(batch.rowids, batch.cap, sizeof(*batch.rowids));
	}
	batch.rowids[batch.len++] = rowid;
}

/* A write inside the open batch stored only part of what belongs
 * together (a row without its full-text entry): the commit rolls back. */
void store_batch_fail(void)
{
	if (batch.open)
		batch.failed = true;
}

/* Hand out the batch's rowids as lost; -1. */
static int batch_lost(const int64_t **lost, size_t *nlost)
{
	*lost = batch.rowids;
	*nlost = batch.len;
	return -1;
}

/* Commit the open batch: 0, or -1 (rolled back, error set) with *lost and
 * *nlost the rowids that are not stored after all (valid until the next
 * batch). */
int store_batch_commit(const int64_t **lost, size_t *nlost)
{
	*lost = NULL;
	*nlost = 0;
	if (!batch.open)
		return 0;
	batch.open = false;
	sqlite3 *db = store_db();
	if (db == NULL)
		return 0;
	/* SQLite rolls a transaction back by itself on some errors (disk full,
	 * I/O): then the failed write set the error and the noted rows are gone. */
	if (sqlite3_get_autocommit(db))
		return batch.len ? batch_lost(lost, nlost) : 0;
	if (batch.failed) {
		exec("ROLLBACK");
		return batch_lost(lost, nlost);
	}
	int rc = exec("COMMIT");
	if (rc == SQLITE_OK)
		return 0;
	store_fail(rc);
	if (!sqlite3_get_autocommit(db))
		exec("ROLLBACK");
	return batch_lost(lost, nlost);
}

/* Close the batch before the connection goes: commit what it holds. */
void store_batch_close(void)
{
	const int64_t *lost;
	size_t n;
	store_batch_commit(&lost, &n);
	free(batch.rowids);
	batch.rowids = NULL;
	batch.len = batch.cap = 0;
}
