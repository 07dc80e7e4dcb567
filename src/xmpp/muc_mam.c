/* muc_mam.c - room archives (XEP-0313 against the room, XEP-0059 paging):
 * what was said while we were away, and older pages when scrolling up */
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

#define MAM_NS     XMAMQ_NS
#define FORWARD_NS "urn:xmpp:forward:0"

#define CURSOR_PREFIX "mam:room:"
#define CATCHUP_MAX   100 /* results per catch-up page */
#define NEWEST_MAX    50  /* newest results fetched when no archive id is known */
#define OLDER_MAX     50  /* results per page when scrolling up */
#define CATCHUP_PAGES 20  /* pages per catch-up, so a flood cannot run forever */
#define QUERIES_MAX   64  /* room archive queries in flight */

enum arch_support { ARCH_UNKNOWN = 0, ARCH_YES, ARCH_NO };

/* What we know of one room's archive. */
struct room_arch {
	char *room; /* bare room JID, lower case */
	enum arch_support support;
	bool caught_up;   /* this join's catch-up is complete: live ids move the cursor */
	bool newest_only; /* no cursor (or it expired): one page of the newest */
	unsigned pages, fresh;
	char *cursor; /* newest room archive id seen (also in store_kv) */
};

/* One page asked of a room's archive. */
struct room_query {
	char qid[24];
	char *room;
	bool older;       /* scrolling up, else the catch-up */
	char *after;      /* catch-up: the archive id this page starts after */
	unsigned results; /* results that answered this query */
	unsigned fresh;   /* of which core had not seen before */
};

static struct room_arch **archs;
static size_t narchs;
static struct room_query *queries[QUERIES_MAX];
static size_t nqueries;

/* The record of room's archive, created when absent. */
static struct room_arch *arch_get(const char *room)
{
	for (size_t i = 0; i < narchs; i++)
		if (jid_bare_eq(archs[i]->room, room))
			return archs[i];
	archs = xreallocarray(archs, narchs + 1, sizeof(*archs));
	struct room_arch *a = xcalloc(1, sizeof(*a));
	a->room = xstrdup(room);
	archs[narchs++] = a;
	return a;
}

/* The store key of room's cursor. Caller frees. */
static char *cursor_key_new(const char *room)
{
	return xasprintf("%s%s", CURSOR_PREFIX, room);
}

/* The archive id to continue room's catch-up from, or NULL. */
static const char *cursor_get(struct room_arch *a)
{
	if (a->cursor == NULL && store_ready()) {
		char *key = cursor_key_new(a->room);
		a->cursor = store_kv_get(key);
		free(key);
	}
	return a->cursor;
}

/* Remember id as the newest archive id of a's room. */
static void cursor_save(struct room_arch *a, const char *id)
{
	xstrset(&a->cursor, id);
	char *key = cursor_key_new(a->room);
	if (store_ready() && store_kv_set(key, id) < 0)
		log_debug("muc mam: could not save the room archive cursor: %s", store_error());
	free(key);
}

/* A new query of room's archive, registered as in flight (NULL: too many). */
static struct room_query *query_new(const char *room, bool older, const char *after)
{
	if (nqueries == QUERIES_MAX)
		return NULL;
	struct room_query *q = xcalloc(1, sizeof(*q));
	random_id(q->qid, sizeof(q->qid));
	q->room = xstrdup(room);
	q->older = older;
	q->after = xstrdup(after);
	queries[nqueries++] = q;
	return q;
}

/* Unregister and free q. */
static void query_free(struct room_query *q)
{
	for (size_t i = 0; i < nqueries; i++)
		if (queries[i] == q) {
			queries[i] = queries[--nqueries];
			break;
		}
	free(q->room);
	free(q->after);
	free(q);
}

/* The query in flight with this queryid, or NULL. */
static struct room_query *query_by_qid(const char *qid)
{
	for (size_t i = 0; qid && i < nqueries; i++)
		if (strcmp(queries[i]->qid, qid) == 0)
			return queries[i];
	return NULL;
}

/* The query in flight for room (older: a scroll-up page), or NULL. */
static struct room_query *query_by_room(const char *room, bool older)
{
	for (size_t i = 0; i < nqueries; i++)
		if (queries[i]->older == older && jid_bare_eq(queries[i]->room, room))
			return queries[i];
	return NULL;
}

/* Send q to its room: after q->after, or before (NULL: left out; "": the
 * newest page), at most max results; fn gets the answer and q's queryid. */
static void query_send(struct room_query *q, const char *before, unsigned max, xiq_fn fn)
{
	xmpp_stanza_t *iq = xmamq_new(q->room, q->qid, NULL, q->after, before, max);
	/* the queryid, not q: a reset may free q before the answer comes */
	xiq_send(iq, fn, xstrdup(q->qid));
	xmpp_stanza_release(iq);
}

static void catchup_answer(xmpp_stanza_t *reply, void *arg);

/* Ask a's room for the next catch-up page: after the cursor, or the newest. */
static void catchup_send(struct room_arch *a)
{
	const char *after = a->newest_only ? NULL : cursor_get(a);
	a->newest_only = after == NULL;
	struct room_query *q = query_new(a->room, false, after);
	if (q == NULL) {
		log_debug("muc mam: too many archive queries in flight");
		return;
	}
	query_send(q, after ? NULL : "", after ? CATCHUP_MAX : NEWEST_MAX, catchup_answer);
}

/* a's catch-up is over; complete: live messages now move the cursor. */
static void catchup_finish(struct room_arch *a, bool complete)
{
	a->caught_up = complete;
	struct room *r = room_find(a->room);
	if (r && a->fresh > 0)
		room_notice(r, LEVEL_INFO, "%u message%s from the room's archive", a->fresh,
		            a->fresh == 1 ? "" : "s");
}

/* The room refused a catch-up page. */
static void catchup_failed(struct room_arch *a, struct room_query *q, xmpp_stanza_t *reply)
{
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(reply, "error");
	if (q->after && err && xmpp_stanza_get_child_by_name(err, "item-not-found")) {
		/* the room expired the last message we saw: only the newest then */
		a->newest_only = true;
		catchup_send(a);
		return;
	}
	char *why = xs_error_text(reply);
	struct room *r = room_find(a->room);
	if (r)
		room_notice(r, LEVEL_ERROR, "could not fetch what was said while you were away: %s",
		            why);
	free(why);
	catchup_finish(a, false);
}

/* A catch-up page is in: continue after its last result until complete. */
static void catchup_page(struct room_arch *a, struct room_query *q, xmpp_stanza_t *reply)
{
	bool complete;
	char *last = xmamq_fin(reply, &complete);
	a->pages++;
	a->fresh += q->fresh;
	bool stuck = last && q->after && strcmp(last, q->after) == 0;
	if (last)
		cursor_save(a, last);
	if (a->newest_only || complete || q->results == 0 || last == NULL)
		catchup_finish(a, true);
	else if (stuck || a->pages >= CATCHUP_PAGES)
		catchup_finish(a, false); /* the rest comes at the next join */
	else
		catchup_send(a);
	free(last);
}

/* The answer to a catch-up page (NULL: the session ended). */
static void catchup_answer(xmpp_stanza_t *reply, void *arg)
{
	char *qid = arg;
	struct room_query *q = query_by_qid(qid);
	free(qid);
	if (q == NULL)
		return;
	struct room_arch *a = arch_get(q->room);
	if (reply && xmamq_failed(reply))
		catchup_failed(a, q, reply);
	else if (reply)
		catchup_page(a, q, reply);
	query_free(q);
}

/* The room's disco#info answer: remember whether it keeps an archive, and
 * catch up when it does. */
static void disco_answer(char *const *features, void *arg)
{
	char *room = arg;
	struct room *r = room_find(room);
	if (features && r && r->state == ROOM_JOINED) {
		struct room_arch *a = arch_get(room);
		a->support = xdisco_has(features, MAM_NS) ? ARCH_YES : ARCH_NO;
		if (a->support == ARCH_YES && query_by_room(room, false) == NULL) {
			a->pages = a->fresh = 0;
			a->newest_only = false;
			catchup_send(a);
		}
	}
	free(room);
}

/* We are in room: learn whether it keeps an archive, then catch up. */
void xmuc_mam_joined(const char *room)
{
	struct room_arch *a = arch_get(room);
	a->caught_up = false;
	xdisco_info(room, disco_answer, xstrdup(a->room));
}

/* True when room's archive is known (so its join asks for no history). */
bool xmuc_mam_known(const char *room)
{
	for (size_t i = 0; i < narchs; i++)
		if (jid_bare_eq(archs[i]->room, room))
			return archs[i]->support == ARCH_YES;
	return false;
}

/* The answer to an older page (NULL: the session ended). */
static void older_answer(xmpp_stanza_t *reply, void *arg)
{
	char *qid = arg;
	struct room_query *q = query_by_qid(qid);
	free(qid);
	if (q == NULL)
		return;
	char *room = xstrdup(q->room);
	unsigned results = q->results;
	/* free first: core may ask for the next page from inside page_done */
	query_free(q);
	bool complete = true;
	if (reply && xmamq_failed(reply)) {
		char *why = xs_error_text(reply);
		struct room *r = room_find(room);
		if (r)
			room_notice(r, LEVEL_ERROR, "could not load older messages of the room: %s",
			            why);
		free(why);
	} else if (reply) {
		free(xmamq_fin(reply, &complete));
	}
	core_archive_page_done(room, reply == NULL ? false : complete || results == 0);
	free(room);
}

/* A page of room's archive before before_stanza_id (NULL: the newest). */
int xmuc_mam_fetch_older(const char *room, const char *before_stanza_id)
{
	if (xs.phase != XS_ONLINE || !xmuc_mam_known(room))
		return -1;
	if (query_by_room(room, true))
		return 0; /* its answer is on the way */
	struct room_query *q = query_new(room, true, NULL);
	if (q == NULL)
		return -1;
	query_send(q, before_stanza_id ? before_stanza_id : "", OLDER_MAX, older_answer);
	return 0;
}

/* True when cv holds one of our messages with this id (sent under another nick). */
static bool our_id(const char *room, const char *id)
{
	struct conv *cv = id ? conv_find(room) : NULL;
	for (size_t i = cv ? cv->len : 0; i-- > 0;)
		if (cv->msgs[i]->dir == MSG_OUT && cv->msgs[i]->id &&
		    strcmp(cv->msgs[i]->id, id) == 0)
			return true;
	return false;
}

/* Hand an archived room message from nick to core. */
static void archived_body(struct room_query *q, xmpp_stanza_t *msg, const char *nick,
                          const char *archive_id, time_t ts, const char *body)
{
	struct room *r = room_find(q->room);
	char *id = xmamq_message_id(msg);
	bool own = (r && r->nick && strcmp(nick, r->nick) == 0) || our_id(q->room, id);
	struct msg_in in = {
	    .conv_jid = r ? r->jid : q->room,
	    .dir = own ? MSG_OUT : MSG_IN,
	    .from = nick,
	    .body = body,
	    .id = id,
	    .stanza_id = archive_id,
	    .ts = ts,
	    .archived = true,
	};
	if (core_message_in(&in))
		q->fresh++;
	free(id);
}

/* The room message the archive forwarded: a groupchat body from one of the
 * room's occupants (subjects and anything else are skipped). */
static void archived_message(struct room_query *q, xmpp_stanza_t *msg, const char *archive_id,
                             time_t ts)
{
	const char *type = xmpp_stanza_get_type(msg);
	const char *from = xmpp_stanza_get_from(msg);
	const char *res = from && jid_valid(from) ? jid_resource(from) : NULL;
	if (type == NULL || strcmp(type, "groupchat") != 0 || res == NULL || *res == '\0' ||
	    !jid_bare_eq(from, q->room) || xmpp_stanza_get_child_by_name(msg, "subject")) {
		log_debug("muc mam: skipped an archived message (not an occupant's groupchat)");
		return;
	}
	char *nick = sanitize(res, strlen(res), SANITIZE_LINE, XS_LINE_MAX);
	struct room *r = room_find(q->room);
	if (r && *nick && xmuc_edit(msg, r, nick)) {
		/* an archived edit changes its message (if we have it); it is no
		 * message of its own, and its fallback body is not shown */
		free(nick);
		return;
	}
	char *body = xs_child_text(msg, "body", SANITIZE_MULTILINE, XS_BODY_MAX);
	if (body && *body && *nick)
		archived_body(q, msg, nick, archive_id, ts, body);
	free(body);
	free(nick);
}

/* Take one <result/> of q. */
static void result_take(struct room_query *q, xmpp_stanza_t *result)
{
	q->results++;
	char *archive_id = xs_attr(result, "id");
	xmpp_stanza_t *fwd = xmpp_stanza_get_child_by_name_and_ns(result, "forwarded", FORWARD_NS);
	xmpp_stanza_t *msg = fwd ? xmpp_stanza_get_child_by_name(fwd, "message") : NULL;
	if (archive_id == NULL || *archive_id == '\0' || msg == NULL) {
		log_debug("muc mam: ignored a result without id or forwarded message");
	} else {
		time_t now = time(NULL), ts = xmessage_time(fwd);
		/* a stamp from the future would sort after live messages */
		archived_message(q, msg, archive_id, ts > now ? now : ts);
	}
	free(archive_id);
}

/* A message with an archive result: ours when its queryid is a room query
 * in flight; taken only when it comes from that room itself. */
bool xmuc_mam_message(xmpp_stanza_t *st)
{
	xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns(st, "result", MAM_NS);
	struct room_query *q =
	    result ? query_by_qid(xmpp_stanza_get_attribute(result, "queryid")) : NULL;
	if (q == NULL)
		return false;
	const char *from = xmpp_stanza_get_from(st);
	if (from && jid_valid(from) && jid_resource(from) == NULL && jid_bare_eq(from, q->room))
		result_take(q, result);
	else
		log_debug("muc mam: ignored a room archive result not from that room");
	return true;
}

/* A live message with room's archive id: the newest, once caught up. */
void xmuc_mam_live(const char *room, const char *stanza_id)
{
	if (stanza_id == NULL || *stanza_id == '\0')
		return;
	for (size_t i = 0; i < narchs; i++)
		if (jid_bare_eq(archs[i]->room, room) && archs[i]->caught_up)
			cursor_save(archs[i], stanza_id);
}

/* Forget every room's archive state and the queries in flight. */
void xmuc_mam_reset(void)
{
	while (nqueries > 0)
		query_free(queries[nqueries - 1]);
	while (narchs > 0) {
		struct room_arch *a = archs[--narchs];
		free(a->room);
		free(a->cursor);
		free(a);
	}
	free(archs);
	archs = NULL;
}
