/* page.c - reading messages back: pages of a conversation and the outbox */
#include <stdint.h>
#include <stdlib.h>

#include "storepriv.h"
#include "xmalloc.h"

/* Step st to the end, collecting its message rows into *out. On failure
 * nothing is returned and the error is set. Resets st. */
static size_t collect(sqlite3_stmt *st, struct store_msg ***out)
{
	struct store_msg **v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = store_msg_from_row(st, 0);
	}
	store_stmt_done(st);
	if (rc != SQLITE_DONE) {
		store_fail(rc);
		store_msgs_free(v, n);
		return 0;
	}
	*out = v;
	return n;
}

/* Reverse v in place (pages are read newest first, returned oldest first). */
static void reverse(struct store_msg **v, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct store_msg *t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
}

/* The (ts, rowid) position of rowid's message into *ts; -1 when it is not
 * stored or the lookup failed. */
static int position_of(int64_t rowid, sqlite3_int64 *ts)
{
	sqlite3_stmt *st = store_stmt(STMT_POSITION);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*ts = sqlite3_column_int64(st, 0);
	store_stmt_done(st);
	if (rc == SQLITE_DONE)
		store_failf("message %lld is not in the history", (long long)rowid);
	else if (rc != SQLITE_ROW)
		store_fail(rc);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Up to limit messages of conv before before_rowid's message, oldest first. */
size_t store_page(const char *conv, int64_t before_rowid, size_t limit, struct store_msg ***out)
{
	sqlite3_int64 ts = INT64_MAX, rowid = INT64_MAX;
	sqlite3_stmt *st;
	size_t n;

	*out = NULL;
	if (conv == NULL || limit == 0)
		return 0;
	if (before_rowid != 0) {
		if (position_of(before_rowid, &ts) < 0)
			return 0;
		rowid = before_rowid;
	}
	if ((st = store_stmt(STMT_PAGE)) == NULL)
		return 0;
	sqlite3_bind_text(st, 1, conv, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ts);
	sqlite3_bind_int64(st, 3, rowid);
	sqlite3_bind_int64(st, 4, limit > INT64_MAX ? INT64_MAX : (sqlite3_int64)limit);
	n = collect(st, out);
	reverse(*out, n);
	return n;
}

/* Our messages still in state sending, oldest first. */
size_t store_unconfirmed(struct store_msg ***out)
{
	sqlite3_stmt *st = store_stmt(STMT_UNCONFIRMED);

	*out = NULL;
	if (st == NULL)
		return 0;
	return collect(st, out);
}
