/* message.c - one-to-one messages: receive, send, receipts, confirmation */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define RECEIPTS_NS        "urn:xmpp:receipts"
#define DELAY_NS           "urn:xmpp:delay"
#define SID_NS             "urn:xmpp:sid:0"
#define PENDING_MAX        4096
#define STAMP_FUTURE_SLACK (24 * 3600)

/* An outgoing message the server has not confirmed yet. */
struct pending_msg {
	char *to;
	char *id;
	unsigned barrier; /* 0 = not yet covered by a barrier */
};

static struct pending_msg pending[PENDING_MAX];
static size_t npending;
static unsigned barrier_seq, barrier_in_flight;

/* The message with id in the chat with jid, or NULL. */
static struct message *find_outgoing(const char *jid, const char *id, struct conv **cv_out)
{
	struct conv *cv = jid && id ? conv_find(jid) : NULL;
	struct message *m = cv ? conv_find_msg(cv, id) : NULL;
	if (m && m->dir != MSG_OUT)
		m = NULL;
	*cv_out = cv;
	return m;
}

/* Raise a message's state (never back down, except to failed). */
static void raise_state(const char *jid, const char *id, enum msg_state st, const char *error)
{
	struct conv *cv;
	struct message *m = find_outgoing(jid, id, &cv);
	if (m == NULL)
		return;
	if (st == MSG_FAILED || m->state < st)
		conv_set_state(cv, m, st, error);
}

/* Drop pending entry i. */
static void pending_drop(size_t i)
{
	free(pending[i].to);
	free(pending[i].id);
	pending[i] = pending[--npending];
}

static void send_barrier(void);

/* The server answered our barrier: everything sent before it has arrived. */
static void barrier_done(xmpp_stanza_t *reply, void *arg)
{
	unsigned seq = (unsigned)(size_t)arg;
	barrier_in_flight = 0;
	if (reply == NULL)
		return;
	for (size_t i = npending; i-- > 0;) {
		if (pending[i].barrier == seq) {
			raise_state(pending[i].to, pending[i].id, MSG_SENT, NULL);
			pending_drop(i);
		}
	}
	for (size_t i = 0; i < npending; i++)
		if (pending[i].barrier == 0) {
			send_barrier();
			break;
		}
}

/* Cover every unconfirmed message with one server round trip. */
static void send_barrier(void)
{
	barrier_seq = barrier_seq + 1 ? barrier_seq + 1 : 1;
	for (size_t i = 0; i < npending; i++)
		if (pending[i].barrier == 0)
			pending[i].barrier = barrier_seq;
	barrier_in_flight = barrier_seq;
	xping_barrier(barrier_done, (void *)(size_t)barrier_seq);
}

/* Fail every message the server has not confirmed. */
void xmessage_fail_pending(const char *why)
{
	while (npending > 0) {
		raise_state(pending[npending - 1].to, pending[npending - 1].id, MSG_FAILED, why);
		pending_drop(npending - 1);
	}
	barrier_in_flight = 0;
}

/* Send a chat message with a receipt request and our origin-id. */
int xmessage_send(const char *to, const char *body, const char *id)
{
	if (xs.phase != XS_ONLINE)
		return -1;
	if (npending == PENDING_MAX)
		return -1;
	xmpp_stanza_t *msg = xs_stanza_new("message", "chat", id, to);
	xs_add_text(xs_add_child(msg, "body", NULL), body);
	xs_add_child(msg, "request", RECEIPTS_NS);
	xmpp_stanza_set_id(xs_add_child(msg, "origin-id", SID_NS), id);
	xs_send(msg);
	xmpp_stanza_release(msg);
	pending[npending++] = (struct pending_msg){xstrdup(to), xstrdup(id), 0};
	if (!barrier_in_flight)
		send_barrier();
	return 0;
}

/* Time of a XEP-0203 delay stamp; now when absent or absurd. */
static time_t delay_time(xmpp_stanza_t *st)
{
	time_t now = time(NULL);
	xmpp_stanza_t *d = xmpp_stanza_get_child_by_name_and_ns(st, "delay", DELAY_NS);
	const char *stamp = d ? xmpp_stanza_get_attribute(d, "stamp") : NULL;
	struct tm tm = {0};
	if (stamp == NULL || sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	                            &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return now;
	if (tm.tm_year < 1990 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return now;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	if (t == (time_t)-1 || t > now + STAMP_FUTURE_SLACK)
		return now;
	return t;
}

/* Answer a receipt request, but only to contacts that see our presence. */
static void answer_receipt(xmpp_stanza_t *st, const char *from)
{
	const char *id = xmpp_stanza_get_id(st);
	if (id == NULL || xmpp_stanza_get_child_by_name_and_ns(st, "request", RECEIPTS_NS) == NULL)
		return;
	struct contact *c = roster_find(from);
	if (c == NULL || (c->sub != SUB_FROM && c->sub != SUB_BOTH))
		return;
	char rid[24];
	random_id(rid, sizeof(rid));
	xmpp_stanza_t *msg = xs_stanza_new("message", NULL, rid, from);
	xmpp_stanza_set_id(xs_add_child(msg, "received", RECEIPTS_NS), id);
	xs_send(msg);
	xmpp_stanza_release(msg);
}

/* An error bounced back for one of our messages. */
static void message_error(xmpp_stanza_t *st, const char *bare)
{
	const char *id = xmpp_stanza_get_id(st);
	struct conv *cv;
	/* only the contact or our own server may fail a message to the contact */
	if (find_outgoing(bare, id, &cv) == NULL)
		return;
	char *why = xs_error_text(st);
	raise_state(bare, id, MSG_FAILED, why);
	free(why);
}

/* A XEP-0184 receipt from the contact we wrote to. */
static void message_receipt(xmpp_stanza_t *received, const char *bare)
{
	const char *id = xmpp_stanza_get_attribute(received, "id");
	raise_state(bare, id, MSG_DELIVERED, NULL);
}

/* A chat message with a body: show it in the contact's tab. */
static void message_body(xmpp_stanza_t *st, const char *from, const char *bare)
{
	char *body = xs_child_text(st, "body", SANITIZE_MULTILINE, XS_BODY_MAX);
	if (body == NULL || *body == '\0') {
		free(body);
		return;
	}
	char *clean_bare = sanitize_str(bare, SANITIZE_LINE);
	struct contact *c = roster_find(bare);
	const char *label = c ? contact_label(c) : clean_bare;
	char *id = xs_attr(st, "id");
	struct conv *cv = conv_open(clean_bare);
	conv_add(cv, MSG_IN, label, body, id, delay_time(st));
	answer_receipt(st, from);
	free(id);
	free(clean_bare);
	free(body);
}

/* The handler for every <message/>. */
int xh_message(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)conn;
	(void)ud;
	const char *from = xmpp_stanza_get_from(st);
	const char *type = xmpp_stanza_get_type(st);
	if (from == NULL || !jid_valid(from))
		return 1;
	if (type && (strcmp(type, "groupchat") == 0 || strcmp(type, "headline") == 0))
		return 1; /* rooms and headlines come with their own issues */
	char *bare = jid_bare(from);
	if (type && strcmp(type, "error") == 0) {
		message_error(st, bare);
	} else {
		xmpp_stanza_t *rec =
		    xmpp_stanza_get_child_by_name_and_ns(st, "received", RECEIPTS_NS);
		if (rec)
			message_receipt(rec, bare);
		message_body(st, from, bare);
	}
	free(bare);
	return 1;
}
