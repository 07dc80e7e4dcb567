/* convs.c - conversation state that survives a restart */
#include <limits.h>
#include <stdlib.h>

#include "storepriv.h"
#include "xmalloc.h"

/* Save a conversation's unread count and whether it has a tab. */
int store_conv_set(const char *jid, unsigned unread, bool open)
{
	sqlite3_stmt *st;

	if (jid == NULL) {
		store_failf("a conversation needs a JID");
		return -1;
	}
	if ((st = store_stmt(STMT_CONV_SET)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, jid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, unread);
	sqlite3_bind_int(st, 3, open);
	return store_step_done(st);
}

/* Read st's row into c. */
static void conv_from_row(sqlite3_stmt *st, struct store_conv *c)
{
	sqlite3_int64 unread = sqlite3_column_int64(st, 1);

	c->jid = xstrdup((const char *)sqlite3_column_text(st, 0));
	if (c->jid == NULL)
		c->jid = xstrdup("");
	c->unread = unread < 0 ? 0 : unread > UINT_MAX ? UINT_MAX : (unsigned)unread;
	c->open = sqlite3_column_int(st, 2) != 0;
}

/* Conversations that had a tab or unread messages, in the order first saved. */
size_t store_convs(struct store_conv **out)
{
	sqlite3_stmt *st = store_stmt(STMT_CONVS);
	struct store_conv *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	if (st == NULL)
		return 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		conv_from_row(st, &v[n++]);
	}
	store_stmt_done(st);
	if (rc != SQLITE_DONE) {
		store_fail(rc);
		store_convs_free(v, n);
		return 0;
	}
	*out = v;
	return n;
}

/* Free what store_convs returned. */
void store_convs_free(struct store_conv *v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i].jid);
	free(v);
}
