/* edits.c - storing corrections and retractions of messages */
#include <stdint.h>

#include "storepriv.h"

/* The statement for one edit; ?4 NULL keeps the original already stored. */
static const char set_edit_sql[] =
    "UPDATE messages SET edit = ?2, body = ?3,"
    " original = CASE WHEN ?2 = 2 THEN NULL ELSE coalesce(original, ?4) END"
    " WHERE rowid = ?1";

/* Bind s as text parameter i (NULL as SQL NULL); st is finished before s goes. */
static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* Record a correction or a retraction of the message at rowid. */
int store_set_edit(int64_t rowid, enum store_edit edit, const char *body, const char *original)
{
	sqlite3 *db = store_db();
	sqlite3_stmt *st = NULL;
	if (db == NULL)
		return -1;
	int rc = sqlite3_prepare_v2(db, set_edit_sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		store_fail(rc);
		return -1;
	}
	sqlite3_bind_int64(st, 1, rowid);
	sqlite3_bind_int(st, 2, (int)edit);
	bind_opt(st, 3, edit == STORE_EDIT_RETRACTED ? "" : body);
	bind_opt(st, 4, edit == STORE_EDIT_RETRACTED ? NULL : original);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_fail(rc);
		return -1;
	}
	return 0;
}
