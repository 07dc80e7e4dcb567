/* mam.c - our server's message archive (XEP-0313), paged with XEP-0059:
 * catch-up after every login, older pages when the user scrolls up */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "store.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define MAM_NS      XMAMQ_NS
#define FORWARD_NS  "urn:xmpp:forward:0"
#define SID_NS      "urn:xmpp:sid:0"
#define RECEIPTS_NS "urn:xmpp:receipts"

#define CURSOR_KEY    "mam:last"
#define CATCHUP_MAX   100 /* results per catch-up page */
#define FIRST_RUN_MAX 50  /* newest results fetched when no archive id is known */
#define OLDER_MAX     50  /* results per page when scrolling up */
#define CATCHUP_PAGES 50  /* pages per catch-up, so a flood cannot run forever */
#define QUERIES_MAX   64  /* archive queries in flight */

enum mam_support { MAM_UNKNOWN = 0, MAM_YES, MAM_NO };
enum catchup_state { CATCHUP_IDLE = 0, CATCHUP_RUNNING, CATCHUP_DONE };

/* One archive query (one page) in flight. */
struct mam_query {
	char qid[24];
	char *with;       /* scrolling: the conversation; NULL for the catch-up */
	char *after;      /* catch-up: the archive id this page starts after */
	unsigned results; /* results that answered this query */
	unsigned fresh;   /* of which core had not seen before */
};

/* What the archive said at the end of a page. */
struct mam_fin {
	bool complete; /* nothing more in the direction we page */
	char *last;    /* RSM <last/>: id of the page's newest result, or NULL */
};

static struct mam_query *queries[QUERIES_MAX];
static size_t nqueries;
static enum mam_support support;
static bool told_no_archive;

static struct {
	enum catchup_state state;
	unsigned pages;
	unsigned fresh;
	bool newest_only; /* first run (or lost cursor): one page of the newest */
} catchup;

/* The newest archive id we know for the account cursor_account (the store
 * keeps it across runs; this copy also serves when no store is open). */
static char *cursor, *cursor_account;

/* A new query for with (NULL: the catch-up), registered as in flight. */
static struct mam_query *query_new(const char *with, const char *after)
{
	struct mam_query *q = xcalloc(1, sizeof(*q));
	random_id(q->qid, sizeof(q->qid));
	q->with = xstrdup(with);
	q->after = xstrdup(after);
	queries[nqueries++] = q;
	return q;
}

/* Unregister and free q. */
static void query_free(struct mam_query *q)
{
	for (size_t i = 0; i < nqueries; i++)
		if (queries[i] == q) {
			queries[i] = queries[--nqueries];
			break;
		}
	free(q->with);
	free(q->after);
	free(q);
}

/* The query in flight with this queryid, or NULL. */
static struct mam_query *query_by_qid(const char *qid)
{
	for (size_t i = 0; qid && i < nqueries; i++)
		if (strcmp(queries[i]->qid, qid) == 0)
			return queries[i];
	return NULL;
}

/* The older-page query in flight for jid, or NULL. */
static struct mam_query *query_by_with(const char *jid)
{
	for (size_t i = 0; i < nqueries; i++)
		if (queries[i]->with && jid_bare_eq(queries[i]->with, jid))
			return queries[i];
	return NULL;
}

/* Send q to our archive: q->with filters the conversation, q->after and
 * before (NULL: left out; "": an empty <before/>, the newest page) and max
 * choose the page. */
static void query_send(struct mam_query *q, const char *before, unsigned max, xiq_fn fn)
{
	xmpp_stanza_t *iq = xmamq_new(NULL, q->qid, q->with, q->after, before, max);
	xiq_send(iq, fn, q);
	xmpp_stanza_release(iq);
}

/* Read the <fin/> of an archive answer. */
static struct mam_fin fin_read(xmpp_stanza_t *reply)
{
	struct mam_fin fin;
	fin.last = xmamq_fin(reply, &fin.complete);
	return fin;
}

/* True when reply is an error with this condition. */
static bool error_is(xmpp_stanza_t *reply, const char *condition)
{
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(reply, "error");
	return err && xmpp_stanza_get_child_by_name(err, condition);
}

/* The archive id to continue from (NULL when none is known). */
static const char *cursor_get(void)
{
	if (cursor_account && strcmp(cursor_account, xs.bare_jid) != 0) {
		/* another account's archive: its ids mean nothing here */
		xstrset(&cursor, NULL);
		xstrset(&cursor_account, NULL);
	}
	if (cursor == NULL && store_ready()) {
		cursor = store_kv_get(CURSOR_KEY);
		xstrset(&cursor_account, cursor ? xs.bare_jid : NULL);
	}
	return cursor;
}

/* Remember id as the newest archive id we have seen, here and in the store. */
static void cursor_save(const char *id)
{
	xstrset(&cursor, id);
	xstrset(&cursor_account, xs.bare_jid);
	if (store_ready() && store_kv_set(CURSOR_KEY, id) < 0)
		log_debug("mam: could not save the archive cursor: %s", store_error());
}

static void catchup_answer(xmpp_stanza_t *reply, void *arg);

/* Ask for the next catch-up page: after the cursor, or the newest page. */
static void catchup_send(void)
{
	const char *after = catchup.newest_only ? NULL : cursor_get();
	catchup.newest_only = after == NULL;
	struct mam_query *q = query_new(NULL, after);
	query_send(q, after ? NULL : "", after ? CATCHUP_MAX : FIRST_RUN_MAX, catchup_answer);
}

/* The catch-up is over; complete: the cursor now follows live messages. */
static void catchup_finish(bool complete)
{
	catchup.state = complete ? CATCHUP_DONE : CATCHUP_IDLE;
	if (catchup.fresh > 0)
		core_info("%u new message%s from the server archive", catchup.fresh,
		          catchup.fresh == 1 ? "" : "s");
}

/* The archive refused a catch-up page. */
static void catchup_failed(struct mam_query *q, xmpp_stanza_t *reply)
{
	if (q->after && error_is(reply, "item-not-found")) {
		/* the archive expired the last message we saw (only once: the
		 * newest page has no cursor to refuse) */
		catchup.newest_only = true;
		core_info("the server archive no longer holds the last message natter saw: "
		          "fetching only the newest messages");
		catchup_send();
		return;
	}
	char *why = xs_error_text(reply);
	core_error("could not fetch the messages that arrived while you were away from the "
	           "server archive: %s",
	           why);
	free(why);
	catchup_finish(false);
}

/* A catch-up page is in: continue after its last result until complete. */
static void catchup_page(struct mam_query *q, const struct mam_fin *fin)
{
	catchup.pages++;
	catchup.fresh += q->fresh;
	bool stuck = fin->last && q->after && strcmp(fin->last, q->after) == 0;
	if (fin->last)
		cursor_save(fin->last);
	if (catchup.newest_only || fin->complete || q->results == 0 || fin->last == NULL) {
		catchup_finish(true);
	} else if (stuck) {
		log_debug("mam: the archive answered the same page twice; catch-up stopped");
		catchup_finish(false);
	} else if (catchup.pages >= CATCHUP_PAGES) {
		core_info("the server archive holds more than %u messages that arrived while you "
		          "were away: the rest is fetched at the next connection",
		          CATCHUP_PAGES * CATCHUP_MAX);
		catchup_finish(false);
	} else {
		catchup_send();
	}
}

/* The answer to a catch-up page (NULL: the session ended). */
static void catchup_answer(xmpp_stanza_t *reply, void *arg)
{
	struct mam_query *q = arg;
	if (reply == NULL) {
		catchup.state = CATCHUP_IDLE;
	} else if (xmamq_failed(reply)) {
		catchup_failed(q, reply);
	} else {
		struct mam_fin fin = fin_read(reply);
		catchup_page(q, &fin);
		free(fin.last);
	}
	query_free(q);
}

/* Start fetching what arrived since the cursor. */
static void catchup_start(void)
{
	memset(&catchup, 0, sizeof(catchup));
	catchup.state = CATCHUP_RUNNING;
	catchup_send();
}

/* Our account's disco#info answer: start the catch-up if it has an archive. */
static void disco_answer(char *const *features, void *arg)
{
	(void)arg;
	if (features == NULL)
		return; /* the session ended: the next one asks again */
	if (xdisco_has(features, MAM_NS)) {
		support = MAM_YES;
		catchup_start();
		return;
	}
	support = MAM_NO;
	log_debug("mam: our account has no archive (no %s feature)", MAM_NS);
	if (!told_no_archive)
		core_info("the server keeps no message archive: messages sent while you are "
		          "offline arrive as offline messages when you connect");
	told_no_archive = true;
}

/* Learn whether our account has an archive, then catch up. */
void xmam_session_started(void)
{
	support = MAM_UNKNOWN;
	memset(&catchup, 0, sizeof(catchup));
	xdisco_info(NULL, disco_answer, NULL);
}

/* The answer to an older page (NULL: the session ended). */
static void older_answer(xmpp_stanza_t *reply, void *arg)
{
	struct mam_query *q = arg;
	char *jid = xstrdup(q->with);
	unsigned results = q->results;
	/* free first: core may ask for the next page from inside page_done */
	query_free(q);
	if (reply == NULL) {
		core_archive_page_done(jid, false);
	} else if (xmamq_failed(reply)) {
		char *why = xs_error_text(reply);
		core_error("could not load older messages with %s from the server archive: %s", jid,
		           why);
		free(why);
		core_archive_page_done(jid, true);
	} else {
		struct mam_fin fin = fin_read(reply);
		core_archive_page_done(jid, fin.complete || results == 0);
		free(fin.last);
	}
	free(jid);
}

/* Backend fetch_older: a page of jid's archive before before_stanza_id. */
int xmam_fetch_older(const char *jid, const char *before_stanza_id)
{
	struct room *r = jid && jid_valid(jid) && jid_resource(jid) == NULL ? room_find(jid) : NULL;
	if (r)
		return xmuc_mam_fetch_older(r->jid, before_stanza_id); /* the room's own archive */
	if (xs.phase != XS_ONLINE || support != MAM_YES || jid == NULL || !jid_valid(jid))
		return -1;
	if (query_by_with(jid))
		return 0; /* its answer is on the way */
	if (nqueries == QUERIES_MAX) {
		log_debug("mam: too many archive queries in flight");
		return -1;
	}
	struct mam_query *q = query_new(jid, NULL);
	query_send(q, before_stanza_id ? before_stanza_id : "", OLDER_MAX, older_answer);
	return 0;
}

/* The label for the sender of an archived message. Caller frees. */
static char *sender_label_new(bool own, const char *conv)
{
	if (own) {
		char *local = jid_local(xs.bare_jid);
		char *label = sanitize_str(local ? local : "me", SANITIZE_LINE);
		free(local);
		return label;
	}
	struct contact *c = roster_find(conv);
	return xstrdup(c ? contact_label(c) : conv);
}

/* A receipt or displayed marker the contact sent for one of our messages. */
static void archived_state(xmpp_stanza_t *msg, const char *conv)
{
	xmpp_stanza_t *rec = xmpp_stanza_get_child_by_name_and_ns(msg, "received", RECEIPTS_NS);
	const char *id = rec ? xmpp_stanza_get_attribute(rec, "id") : NULL;
	if (id && *id)
		core_message_state(conv, id, MSG_DELIVERED, NULL);
	xmarkers_handle(msg, conv);
}

/* Hand an archived chat message with a body to core. */
static void archived_body(struct mam_query *q, xmpp_stanza_t *msg, bool own, const char *conv,
                          const char *archive_id, time_t ts, char *body)
{
	char *label = sender_label_new(own, conv);
	char *id = xmamq_message_id(msg);
	struct msg_in in = {
	    .conv_jid = conv,
	    .dir = own ? MSG_OUT : MSG_IN,
	    .from = label,
	    .body = body,
	    .id = id,
	    .stanza_id = archive_id,
	    .ts = ts,
	    .archived = true,
	    .markable = !own && xmarkers_markable(msg),
	};
	if (core_message_in(&in))
		q->fresh++;
	free(id);
	free(label);
}

/* True when an archived message of this type belongs in a chat tab. */
static bool chat_type(const char *type)
{
	return type == NULL || strcmp(type, "chat") == 0 || strcmp(type, "normal") == 0;
}

/* The message our archive forwarded: ours (dir out, the chat is with its
 * 'to') or the contact's (the chat is with its 'from'). */
static void archived_message(struct mam_query *q, xmpp_stanza_t *msg, const char *archive_id,
                             time_t ts)
{
	const char *from = xmpp_stanza_get_from(msg);
	if (!chat_type(xmpp_stanza_get_type(msg)) || from == NULL || !jid_valid(from)) {
		log_debug("mam: skipped an archived message (no sender, or not a chat)");
		return;
	}
	bool own = jid_bare_eq(from, xs.bare_jid);
	const char *peer = own ? xmpp_stanza_get_to(msg) : from;
	if (peer == NULL || !jid_valid(peer)) {
		log_debug("mam: skipped an archived message of ours without a recipient");
		return;
	}
	char *bare = jid_bare(peer);
	char *conv = sanitize_str(bare, SANITIZE_LINE);
	struct xedit_sender es = {
	    .conv_jid = conv, .type = CONV_CHAT, .dir = own ? MSG_OUT : MSG_IN};
	if (xedits_handle(msg, &es)) {
		/* an archived edit changes its message (if we have it); it is no
		 * message of its own, and its fallback body is not shown */
		free(conv);
		free(bare);
		return;
	}
	char *body = xs_child_text(msg, "body", SANITIZE_MULTILINE, XS_BODY_MAX);
	if (body && *body)
		archived_body(q, msg, own, conv, archive_id, ts, body);
	else if (!own)
		archived_state(msg, conv);
	free(body);
	free(conv);
	free(bare);
}

/* Take one <result/> of query q. */
static void result_take(struct mam_query *q, xmpp_stanza_t *result)
{
	q->results++;
	char *archive_id = xs_attr(result, "id");
	xmpp_stanza_t *fwd = xmpp_stanza_get_child_by_name_and_ns(result, "forwarded", FORWARD_NS);
	xmpp_stanza_t *msg = fwd ? xmpp_stanza_get_child_by_name(fwd, "message") : NULL;
	if (archive_id == NULL || *archive_id == '\0' || msg == NULL) {
		log_debug("mam: ignored a result without id or forwarded message");
	} else {
		time_t now = time(NULL), ts = xmessage_time(fwd);
		/* a stamp from the future would sort after live messages */
		archived_message(q, msg, archive_id, ts > now ? now : ts);
	}
	free(archive_id);
}

/* True when from (the outer message's sender) is our own archive: no from,
 * or exactly our bare JID. */
static bool from_our_archive(const char *from)
{
	return from == NULL ||
	       (jid_valid(from) && jid_resource(from) == NULL && jid_bare_eq(from, xs.bare_jid));
}

/* A message carrying an archive result: taken only from our archive and
 * for a query of ours. */
bool xmam_message(xmpp_stanza_t *st)
{
	xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns(st, "result", MAM_NS);
	if (result == NULL)
		return false;
	if (xmuc_mam_message(st))
		return true; /* a room's archive answering us */
	struct mam_query *q = query_by_qid(xmpp_stanza_get_attribute(result, "queryid"));
	if (!from_our_archive(xmpp_stanza_get_from(st)))
		log_debug("mam: ignored an archive result that is not from our own archive");
	else if (q == NULL)
		log_debug("mam: ignored an archive result for no query of ours");
	else
		result_take(q, result);
	return true;
}

/* Our archive's stanza-id on msg, when the server is known to keep one.
 * The server appends its own after whatever the sender put in, and a
 * server that fails to strip a forged one (Prosody 0.12 delivers the
 * sender's copy too) leaves two: the last one by our JID is the server's. */
char *xmam_stanza_id(xmpp_stanza_t *msg)
{
	if (support != MAM_YES)
		return NULL;
	xmpp_stanza_t *last = NULL;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(msg); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
		const char *ns = xmpp_stanza_get_ns(c);
		const char *by = xmpp_stanza_get_attribute(c, "by");
		if (name && strcmp(name, "stanza-id") == 0 && ns && strcmp(ns, SID_NS) == 0 && by &&
		    from_our_archive(by))
			last = c;
	}
	char *id = last ? xs_attr(last, "id") : NULL;
	if (id && *id == '\0') {
		free(id);
		id = NULL;
	}
	return id;
}

/* A live message's archive id: the newest once the catch-up is complete. */
void xmam_live_archived(const char *stanza_id)
{
	if (stanza_id && *stanza_id && catchup.state == CATCHUP_DONE)
		cursor_save(stanza_id);
}

/* Forget the archive state; pending queries go with xiq_cancel_all(). */
void xmam_reset(void)
{
	support = MAM_UNKNOWN;
	told_no_archive = false;
	memset(&catchup, 0, sizeof(catchup));
	xstrset(&cursor, NULL);
	xstrset(&cursor_account, NULL);
}
