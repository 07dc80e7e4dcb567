/* store.h - the history database (src/store): one SQLite file per account */
#ifndef NATTER_STORE_H
#define NATTER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "conv.h"

/* One stored message. Strings are owned by the struct (store_msg_free). */
struct store_msg {
	int64_t rowid; /* 0 until stored */
	char *conv;    /* bare JID of the other party */
	time_t ts;     /* when it was sent (delay/archive stamp) or received */
	enum msg_dir dir;
	char *sender;    /* label shown for the sender (sanitized), may be NULL */
	char *body;      /* sanitized */
	char *id;        /* outgoing: our id (= origin-id); incoming: the sender's id */
	char *stanza_id; /* our server's archive id (XEP-0359 stanza-id), or NULL */
	enum msg_state state;
	char *error;  /* failure reason, or NULL */
	int attempts; /* outgoing: how many times it was handed to a stream */
	int edit;     /* enum store_edit: as sent, corrected or retracted */
};

/* A /search hit. */
struct store_hit {
	struct store_msg *msg;
	char *snippet; /* the matching text with the match in [brackets] */
};

/* Open (creating if needed) DIR/history.db: DIR made 0700, the file 0600,
 * WAL mode, schema created or migrated (schema version in PRAGMA user_version),
 * busy timeout so a second natter on the same account waits instead of
 * failing. Returns 0, or -1 with a plain-words reason from store_error(). */
int store_open(const char *dir);
/* What the last successful store_open() did that the user should hear
 * about (a damaged database set aside and a new one started), or NULL. */
const char *store_open_notice(void);
/* Close the database (safe when not open). */
void store_close(void);
/* True when a database is open. */
bool store_ready(void);
/* Batches (batch.c): one transaction for the writes of one read from the
 * server; commit it before sending what confirms them. begin does nothing
 * when no database is open or a batch already is. commit returns 0, or -1
 * with the error set and *lost, *nlost the rowids stored in the batch that
 * are not in the history after all (valid until the next batch). close
 * commits an open batch and frees its memory (store_close calls it). */
void store_batch_begin(void);
bool store_batch_open(void);
void store_batch_note(int64_t rowid);
int store_batch_commit(const int64_t **lost, size_t *nlost);
void store_batch_close(void);
/* Plain-words description of the last failure ("disk full", "read-only
 * file system", ...). */
const char *store_error(void);

/* Store a message. Returns its rowid (> 0); 0 when it is already there
 * (same conv and stanza_id, or one of ours, MSG_OUT, with the same conv and
 * id: senders may reuse ids, so incoming messages match on stanza_id only);
 * -1 on error. */
int64_t store_add(const struct store_msg *m);
/* Change a stored message's state, error and attempts. 0 or -1. */
int store_set_state(int64_t rowid, enum msg_state st, const char *error, int attempts);
/* Record our server's archive id for a stored message. 0 or -1. */
int store_set_stanza_id(int64_t rowid, const char *stanza_id);
/* How a stored message was changed by its sender (column edit). */
enum store_edit { STORE_EDIT_NONE = 0, STORE_EDIT_CORRECTED = 1, STORE_EDIT_RETRACTED = 2 };
/* Record a correction (body: the new text, original: the first text, kept
 * when NULL) or a retraction (body and original emptied, the full-text index
 * updated). 0 or -1. */
int store_set_edit(int64_t rowid, enum store_edit edit, const char *body, const char *original);
/* Up to limit messages of conv older than before_rowid's message (0 = the
 * newest), oldest first, ordered by (ts, rowid). *out is an array the
 * caller frees with store_msgs_free. Returns the count. */
size_t store_page(const char *conv, int64_t before_rowid, size_t limit, struct store_msg ***out);
/* Our messages still in state sending, oldest first (the outbox). */
size_t store_unconfirmed(struct store_msg ***out);
/* Free a message. */
void store_msg_free(struct store_msg *m);
/* Free an array of n messages. */
void store_msgs_free(struct store_msg **v, size_t n);

/* Full-text search (FTS5) of bodies, newest first; conv NULL = everywhere.
 * The query is taken as plain words (no FTS syntax from the user). Returns
 * the count; *out freed with store_hits_free. */
size_t store_search(const char *conv, const char *query, size_t limit, struct store_hit **out);
/* Free search hits. */
void store_hits_free(struct store_hit *hits, size_t n);
/* Write conv as plain text lines "YYYY-MM-DD HH:MM:SS <sender> body" to path
 * (created 0600 through a temporary file). 0 or -1. */
int store_export(const char *conv, const char *path);

/* Per-conversation state that survives a restart. */
struct store_conv {
	char *jid;
	unsigned unread;
	bool open; /* had a tab */
};
/* Save a conversation's unread count and whether it has a tab. 0 or -1. */
int store_conv_set(const char *jid, unsigned unread, bool open);
/* Conversations that had a tab or unread messages. Caller frees with store_convs_free. */
size_t store_convs(struct store_conv **out);
/* Free what store_convs returned. */
void store_convs_free(struct store_conv *v, size_t n);

/* Small key/value table (archive cursor and the like); a NULL value deletes
 * the key. 0 or -1. */
int store_kv_set(const char *key, const char *value);
/* The value for key, or NULL. Caller frees. */
char *store_kv_get(const char *key);

/* The roster cache (roster.c): the last roster the server sent and its
 * version (RFC 6121 2.6), shown at the next start before any network. */
struct store_roster_item {
	const char *jid;     /* bare JID; NULL when a damaged row has none */
	const char *name;    /* may be NULL */
	char *const *groups; /* NULL-terminated (NULL: none) */
	int sub;             /* enum subscription (other values from a damaged row) */
	bool ask;            /* subscription request pending */
};
/* Called with each cached item, valid during the call only. */
typedef void (*store_roster_fn)(const struct store_roster_item *it, void *arg);
/* Call fn for every cached item. The count, or -1 with the error set. */
long store_roster_load(store_roster_fn fn, void *arg);
/* Replace the whole cache by the n items and set the version (NULL: none),
 * in one transaction (also inside an open batch). 0 or -1. */
int store_roster_replace(const struct store_roster_item *items, size_t n, const char *ver);
/* Add or update one item and set the version, in one transaction. 0 or -1. */
int store_roster_put(const struct store_roster_item *it, const char *ver);
/* Delete jid's item and set the version, in one transaction. 0 or -1. */
int store_roster_delete(const char *jid, const char *ver);
/* The cached roster version, or NULL. Caller frees. */
char *store_roster_ver(void);

#endif
