/* search.c - full-text search of message bodies */
#include <stdint.h>
#include <stdlib.h>

#include "storepriv.h"
#include "xmalloc.h"

/* Step the search statement st, collecting its hits into *out. On failure
 * nothing is returned and the error is set. Resets st. */
static size_t collect_hits(sqlite3_stmt *st, struct store_hit **out)
{
	struct store_hit *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].msg = store_msg_from_row(st, 0);
		v[n].snippet = xstrdup((const char *)sqlite3_column_text(st, 12));
		if (v[n].snippet == NULL)
			v[n].snippet = xstrdup("");
		n++;
	}
	store_stmt_done(st);
	if (rc != SQLITE_DONE) {
		store_fail(rc);
		store_hits_free(v, n);
		return 0;
	}
	*out = v;
	return n;
}

/* Full-text search of bodies, newest first; conv NULL = everywhere. */
size_t store_search(const char *conv, const char *query, size_t limit, struct store_hit **out)
{
	sqlite3 *db = store_db();
	sqlite3_stmt *st;
	char *fts;
	size_t n;

	*out = NULL;
	if (db == NULL || limit == 0)
		return 0;
	if (store_fts_query(db, query, &fts) < 0 || fts == NULL)
		return 0;
	if ((st = store_stmt(conv ? STMT_SEARCH_CONV : STMT_SEARCH_ALL)) == NULL) {
		free(fts);
		return 0;
	}
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, limit > INT64_MAX ? INT64_MAX : (sqlite3_int64)limit);
	if (conv != NULL)
		sqlite3_bind_text(st, 3, conv, -1, SQLITE_STATIC);
	n = collect_hits(st, out);
	free(fts);
	return n;
}

/* Free search hits. */
void store_hits_free(struct store_hit *hits, size_t n)
{
	if (hits == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		store_msg_free(hits[i].msg);
		free(hits[i].snippet);
	}
	free(hits);
}
