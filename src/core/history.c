/* history.c - messages from the network into memory and the history
 * database: de-duplication, unread state, older pages */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "core_internal.h"
#include "fsutil.h"
#include "jid.h"
#include "rostercache.h"
#include "settings.h"
#include "store.h"
#include "xmalloc.h"

#define HISTORY_PAGE 100

static bool store_failed_reported;
static struct message *find_rowid(struct conv *cv, long long rowid);
static bool restoring;   /* opening tabs from the database: no saving back */
static bool batch_wrote; /* a message was stored in the open write batch */

/* Say once that the history cannot be written; the screen keeps everything. */
static void store_trouble(const char *what)
{
	if (store_failed_reported)
		return;
	store_failed_reported = true;
	core_error("history: %s: %s — messages stay on screen and are saved once writing "
	           "works again",
	           what, store_error());
}

/* Writing the history failed (see core_internal.h). */
void history_trouble(const char *what)
{
	store_trouble(what);
}

/* The row to store for message m of conversation conv (pointing into m). */
static struct store_msg store_row_of(const char *conv, const struct message *m)
{
	return (struct store_msg){
	    .conv = (char *)conv,
	    .ts = m->ts,
	    .dir = m->dir,
	    .sender = m->from,
	    .body = m->body,
	    .id = m->id,
	    .stanza_id = m->stanza_id,
	    .state = m->state,
	    .error = m->error,
	    .attempts = m->attempts,
	};
}

/* Store m of cv, which a failed write left out; false when writing fails. */
static bool store_missed(struct conv *cv, struct message *m)
{
	struct store_msg sm = store_row_of(cv->jid, m);
	long long rowid = store_add(&sm);
	if (rowid < 0)
		return false;
	if (rowid > 0)
		m->rowid = rowid;
	return true;
}

/* Write the messages on screen that failed writes left out, oldest first
 * in each conversation; false when writing fails again. */
static bool store_missed_all(void)
{
	size_t n;
	struct conv **convs = conv_list(&n);
	for (size_t c = 0; c < n; c++) {
		struct conv *cv = convs[c];
		if (cv->type == CONV_CONSOLE || cv->jid == NULL)
			continue;
		for (size_t i = 0; i < cv->len; i++) {
			struct message *m = cv->msgs[i];
			if (m->rowid == 0 && (m->dir == MSG_IN || m->dir == MSG_OUT) &&
			    !store_missed(cv, m))
				return false;
		}
	}
	return true;
}

/* A history write worked (see core_internal.h). */
void history_write_ok(void)
{
	if (!store_failed_reported)
		return;
	store_failed_reported = false;
	if (!store_missed_all()) {
		store_trouble("cannot save a message");
		return;
	}
	core_error("history: saving works again; the messages shown meanwhile are saved");
}

/* Unread counts changed inside the open write batch, saved once at its
 * end instead of once per message (by jid: a tab may close meanwhile). */
static struct conv_save {
	char *jid;
	unsigned unread;
	bool open;
} * conv_saves;
static size_t nconv_saves, conv_saves_cap;

/* Write cv's unread count and whether it has a tab now. */
static void conv_save_now(const char *jid, unsigned unread, bool open)
{
	if (store_conv_set(jid, unread, open) < 0)
		store_trouble("cannot save the unread count");
}

/* Keep jid's state for the end of the batch (the latest wins). */
static void conv_save_later(const char *jid, unsigned unread, bool open)
{
	for (size_t i = 0; i < nconv_saves; i++)
		if (strcmp(conv_saves[i].jid, jid) == 0) {
			conv_saves[i].unread = unread;
			conv_saves[i].open = open;
			return;
		}
	if (nconv_saves == conv_saves_cap) {
		conv_saves_cap = conv_saves_cap ? conv_saves_cap * 2 : 8;
		conv_saves = xreallocarray(conv_saves, conv_saves_cap, sizeof(*conv_saves));
	}
	conv_saves[nconv_saves++] = (struct conv_save){xstrdup(jid), unread, open};
}

/* Write the states kept for the batch. */
static void conv_saves_flush(void)
{
	for (size_t i = 0; i < nconv_saves; i++) {
		if (store_ready())
			conv_save_now(conv_saves[i].jid, conv_saves[i].unread, conv_saves[i].open);
		free(conv_saves[i].jid);
	}
	nconv_saves = 0;
}

/* Remember cv's unread count and whether it has a tab. */
static void history_save_conv(struct conv *cv, bool open)
{
	if (restoring || cv->type != CONV_CHAT || !store_ready())
		return;
	if (store_batch_open())
		conv_save_later(cv->jid, cv->unread, open);
	else
		conv_save_now(cv->jid, cv->unread, open);
}

/* A message struct from a stored row. */
static struct message *message_from_store(const struct store_msg *sm)
{
	struct message *m = message_new(sm->dir, sm->sender, sm->body, sm->id, sm->ts);
	m->rowid = sm->rowid;
	m->stanza_id = xstrdup(sm->stanza_id);
	m->state = sm->state;
	m->error = xstrdup(sm->error);
	m->attempts = sm->attempts;
	m->edited = sm->edit == STORE_EDIT_CORRECTED;
	m->retracted = sm->edit == STORE_EDIT_RETRACTED;
	m->displayed_sent = true; /* old news: never send markers for history */
	return m;
}

/* The oldest rowid held in cv, 0 if none (then paging is not possible). */
static long long oldest_rowid(const struct conv *cv)
{
	for (size_t i = 0; i < cv->len; i++)
		if (cv->msgs[i]->rowid > 0)
			return cv->msgs[i]->rowid;
	return 0;
}

/* Put the page of stored messages older than before in front of cv. */
static size_t history_load_page(struct conv *cv, long long before)
{
	struct store_msg **page = NULL;
	size_t n = store_page(cv->jid, before, HISTORY_PAGE, &page);
	if (n == 0) {
		cv->history_done = true;
		store_msgs_free(page, 0);
		return 0;
	}
	struct message **msgs = xcalloc(n, sizeof(*msgs));
	for (size_t i = 0; i < n; i++)
		msgs[i] = message_from_store(page[i]);
	conv_prepend(cv, msgs, n);
	free(msgs);
	store_msgs_free(page, n);
	if (n < HISTORY_PAGE)
		cv->history_done = true;
	return n;
}

/* A chat tab was opened: show its recent history at once. */
void history_conv_opened(struct conv *cv)
{
	if (cv->type == CONV_CONSOLE)
		return;
	if (store_ready() && cv->len == 0)
		history_load_page(cv, 0);
	else if (!store_ready())
		cv->history_done = true;
	history_save_conv(cv, true);
}

/* A chat tab is closing. */
void history_conv_closed(struct conv *cv)
{
	cv->unread = 0;
	history_save_conv(cv, false);
}

/* The focus moved to cv: its unread count is now 0. */
void history_conv_focused(struct conv *cv)
{
	history_save_conv(cv, true);
}

/* Mark the newest `unread` incoming messages of cv as unread again. */
static void restore_unread(struct conv *cv, unsigned unread)
{
	unsigned left = unread;
	for (size_t i = cv->len; i-- > 0 && left > 0;) {
		if (cv->msgs[i]->dir == MSG_IN) {
			cv->first_unread = cv->msgs[i]->seq;
			left--;
		}
	}
	cv->unread = unread;
	core_emit_conv_changed(cv);
}

/* Reopen the tabs the last run had, with their unread counts. */
static void history_restore_convs(void)
{
	struct store_conv *v = NULL;
	size_t n = store_convs(&v);
	restoring = true;
	for (size_t i = 0; i < n; i++) {
		if (!jid_valid(v[i].jid) || (!v[i].open && v[i].unread == 0))
			continue;
		struct conv *cv = conv_open(v[i].jid);
		if (v[i].unread && cv != conv_focused())
			restore_unread(cv, v[i].unread);
	}
	restoring = false;
	store_convs_free(v, n);
}

/* Open the account's history database. */
void core_history_open(void)
{
	if (store_ready())
		return;
	char *bare = jid_bare(setting_str("jid"));
	char *dir = account_data_dir(bare);
	if (dir == NULL) {
		free(bare);
		return;
	}
	int rc = store_open(dir);
	if (store_open_notice())
		core_error("history: %s", store_open_notice());
	if (rc < 0) {
		store_trouble("cannot open the history database");
	} else {
		store_failed_reported = false;
		history_restore_convs();
		rostercache_load(); /* the roster pane shows the last roster at once */
	}
	free(dir);
	free(bare);
}

/* True when m and in are the same message by id: ours are one per id; a
 * sender may reuse ids, so theirs must also have the same text and must
 * not carry two different archive ids. */
static bool same_by_id(const struct message *m, const struct msg_in *in, unsigned in_hash)
{
	/* The hash first: this runs over the whole scrollback per message. */
	if (in->id == NULL || m->id == NULL || m->dir != in->dir ||
	    (m->id_hash && m->id_hash != in_hash) || strcmp(m->id, in->id) != 0)
		return false;
	if (in->dir == MSG_OUT)
		return true;
	return !(in->stanza_id && m->stanza_id) && strcmp(m->body, in->body) == 0;
}

/* True when cv already holds this message (an archive copy of a live one
 * also gets its archive id recorded). */
static bool held(struct conv *cv, const struct msg_in *in)
{
	if (in->stanza_id && conv_find_stanza_id(cv, in->stanza_id))
		return true;
	unsigned in_hash = message_id_hash(in->id);
	/* The conversation's filter spares the scan for new ids (issue 7). */
	if (in->id == NULL || !conv_may_hold(cv, in_hash))
		return false;
	for (size_t i = cv->len; i-- > 0;) {
		struct message *m = cv->msgs[i];
		if (!same_by_id(m, in, in_hash))
			continue;
		if (in->stanza_id && m->stanza_id == NULL) {
			xstrset(&m->stanza_id, in->stanza_id);
			conv_note_stanza_id(cv, m);
			if (m->rowid)
				store_set_stanza_id(m->rowid, in->stanza_id);
		}
		return true;
	}
	return false;
}

/* Store a new message; false when the database already had it. */
static bool history_store(const struct msg_in *in, struct message *m)
{
	if (!store_ready())
		return true;
	struct store_msg sm = store_row_of(in->conv_jid, m);
	long long rowid = store_add(&sm);
	if (rowid == 0)
		return false;
	if (rowid < 0) {
		store_trouble("cannot save a message");
	} else {
		m->rowid = rowid;
		/* In a batch the row is on disk only once the commit worked. */
		if (store_batch_open())
			batch_wrote = true;
		else
			history_write_ok();
	}
	return true;
}

/* The copy of m in the page conv_open() just loaded, if any. */
static struct message *page_copy(struct conv *cv, const struct message *m)
{
	if (m->rowid)
		return find_rowid(cv, m->rowid);
	return m->stanza_id ? conv_find_stanza_id(cv, m->stanza_id) : NULL;
}

/* The page loaded with the tab already holds the new message: count it. */
static struct message *message_in_loaded(struct conv *cv, struct message *loaded,
                                         const struct msg_in *in)
{
	loaded->markable = in->markable;
	loaded->displayed_sent = false;
	conv_count_unread(cv, loaded);
	core_activity(cv, loaded, !in->archived);
	core_emit_message_changed(cv, loaded);
	history_save_conv(cv, true);
	return loaded;
}

/* Show a new message in cv: live ones in time order, an older archive page's
 * in front. */
static struct message *message_in_insert(struct conv *cv, struct message *m,
                                         const struct msg_in *in)
{
	bool older_page = in->archived && cv->archive_busy;
	if (in->dir == MSG_IN && cv->peer_state == CHAT_COMPOSING && !in->archived) {
		cv->peer_state = CHAT_ACTIVE;
		core_emit_conv_changed(cv);
	}
	if (older_page) {
		m->displayed_sent = true;
		conv_insert_older(cv, m);
	} else {
		conv_insert(cv, m, true);
	}
	if (m->dir == MSG_IN && !older_page) {
		history_save_conv(cv, true);
		core_activity(cv, m, !in->archived);
	}
	return m;
}

/* A message from the network. */
struct message *core_message_in(const struct msg_in *in)
{
	struct conv *cv = conv_find(in->conv_jid);
	if (cv && held(cv, in))
		return NULL;
	struct message *m = message_new(in->dir, in->from, in->body, in->id, in->ts);
	m->stanza_id = xstrdup(in->stanza_id);
	m->markable = in->markable;
	m->state = in->dir == MSG_OUT ? MSG_SENT : MSG_STATE_NONE;
	bool known = !history_store(in, m);
	if (known && in->archived) {
		/* an archive copy of what the history has: old news */
		message_free(m);
		return NULL;
	}
	/* A live message the database already had was stored by another natter
	 * on this account: it is still news on this screen. */
	if (cv == NULL) {
		cv = conv_open(in->conv_jid);
		struct message *loaded = page_copy(cv, m);
		if (loaded) {
			message_free(m);
			return message_in_loaded(cv, loaded, in);
		}
	}
	return message_in_insert(cv, m, in);
}

/* One of our messages moved on. */
void core_message_state(const char *jid, const char *id, enum msg_state st, const char *error)
{
	struct conv *cv = jid && id ? conv_find(jid) : NULL;
	struct message *m = NULL;
	for (size_t i = cv ? cv->len : 0; i-- > 0;) {
		if (cv->msgs[i]->dir == MSG_OUT && cv->msgs[i]->id &&
		    strcmp(cv->msgs[i]->id, id) == 0) {
			m = cv->msgs[i];
			break;
		}
	}
	if (m == NULL || (st != MSG_FAILED && m->state >= st) || m->state == MSG_FAILED)
		return;
	conv_set_state(cv, m, st, error);
	if (m->rowid && store_set_state(m->rowid, st, error, m->attempts) < 0)
		store_trouble("cannot save a message state");
}

/* The contact's chat state. */
void core_peer_state(const char *jid, enum chat_state st)
{
	struct conv *cv = conv_find(jid);
	if (cv == NULL || cv->peer_state == st)
		return;
	cv->peer_state = st;
	core_emit_conv_changed(cv);
}

/* An archive page arrived. */
void core_archive_page_done(const char *jid, bool done)
{
	struct conv *cv = conv_find(jid);
	if (cv == NULL)
		return;
	cv->archive_busy = false;
	cv->archive_done = done;
	core_emit_conv_changed(cv);
}

/* Ask the server's archive for what is older than anything held. */
static void archive_load_older(struct conv *cv, const struct core_backend *b)
{
	const char *before = NULL;
	for (size_t i = 0; i < cv->len && before == NULL; i++)
		before = cv->msgs[i]->stanza_id;
	cv->archive_busy = true;
	cv->page_count = 0;
	if (core_conn_state() != CONN_ONLINE || b == NULL || b->fetch_older == NULL ||
	    b->fetch_older(cv->jid, before) < 0) {
		cv->archive_busy = false;
		cv->archive_done = core_conn_state() == CONN_ONLINE;
		core_notice(cv, LEVEL_INFO, "%s",
		            core_conn_state() == CONN_ONLINE
		                ? "no older messages: the server keeps no archive"
		                : "older messages can be loaded from the archive once connected");
	}
	core_emit_conv_changed(cv);
}

/* Show older messages of cv. */
void core_load_older(struct conv *cv)
{
	if (cv == NULL || cv->type == CONV_CONSOLE || cv->archive_busy)
		return;
	if (!cv->history_done && store_ready()) {
		long long before = oldest_rowid(cv);
		if (before > 0 || cv->len == 0) {
			if (history_load_page(cv, before) > 0)
				return;
		} else {
			cv->history_done = true;
		}
	}
	if (!cv->archive_done)
		archive_load_older(cv, core_backend());
}

/* Pages core_show_stored() may load to reach a message. */
#define SHOW_MAX_PAGES 50

/* The message with rowid in cv, or NULL. */
static struct message *find_rowid(struct conv *cv, long long rowid)
{
	for (size_t i = 0; i < cv->len; i++)
		if (cv->msgs[i]->rowid == rowid)
			return cv->msgs[i];
	return NULL;
}

/* Focus the chat with jid and bring a stored message into view. */
int core_show_stored(const char *jid, long long rowid)
{
	struct conv *cv = conv_open(jid);
	conv_focus(cv);
	struct message *m = find_rowid(cv, rowid);
	for (int page = 0; m == NULL && page < SHOW_MAX_PAGES && !cv->history_done; page++) {
		long long before = oldest_rowid(cv);
		if (before <= 0 || history_load_page(cv, before) == 0)
			break;
		m = find_rowid(cv, rowid);
	}
	if (m == NULL) {
		core_notice(cv, LEVEL_INFO,
		            "that message is too far back to show here; "
		            "/history export writes the whole conversation");
		return -1;
	}
	core_emit_show_message(cv, m);
	return 0;
}

/* Start the history batch of one read from the server (see core.h). */
void core_write_batch_begin(void)
{
	store_batch_begin();
}

/* True when rowid is one of the n in lost. */
static bool rowid_lost(long long rowid, const int64_t *lost, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lost[i] == rowid)
			return true;
	return false;
}

/* A failed commit: the messages of the batch are not stored after all;
 * history_write_ok() stores them once writing works again. */
static void forget_lost_rowids(const int64_t *lost, size_t n)
{
	size_t nconv;
	struct conv **convs = conv_list(&nconv);
	for (size_t c = 0; c < nconv; c++)
		for (size_t i = 0; i < convs[c]->len; i++) {
			struct message *m = convs[c]->msgs[i];
			if (m->rowid > 0 && rowid_lost(m->rowid, lost, n))
				m->rowid = 0;
		}
}

/* Commit the batch before what confirms its messages is sent (see core.h). */
void core_write_batch_end(void)
{
	const int64_t *lost;
	size_t n;
	bool wrote = batch_wrote;
	batch_wrote = false;
	conv_saves_flush();
	if (store_batch_commit(&lost, &n) == 0) {
		if (wrote)
			history_write_ok();
		return;
	}
	forget_lost_rowids(lost, n);
	rostercache_lost();
	store_trouble("cannot save a message");
}
