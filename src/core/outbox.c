/* outbox.c - our messages: stored before they are sent, queued while
 * offline, resent once after a reconnect, or failed, never dropped */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "core_internal.h"
#include "jid.h"
#include "sanitize.h"
#include "settings.h"
#include "store.h"
#include "util.h"
#include "xmalloc.h"

/* The sender label for our own messages. */
static char *own_label(void)
{
	char *local = jid_local(setting_str("jid"));
	return local ? local : xstrdup("me");
}

/* Save m's state and attempts. */
static void outbox_save(struct message *m)
{
	if (m->rowid && store_set_state(m->rowid, m->state, m->error, m->attempts) < 0)
		history_trouble("cannot save a message state");
}

/* Hand m to the stream; it stays "sending" until the server confirms it. */
static void outbox_send(struct conv *cv, struct message *m)
{
	const struct core_backend *b = core_backend();
	if (b == NULL || b->send_message(cv->jid, m->body, m->id) < 0) {
		conv_set_state(cv, m, MSG_FAILED, "could not hand the message to the connection");
	} else {
		m->attempts++;
		chatstate_sent(cv);
	}
	outbox_save(m);
}

/* Store a new outgoing message; without a database it lives on screen only. */
static void outbox_store(struct conv *cv, struct message *m)
{
	if (!store_ready())
		return;
	struct store_msg sm = {
	    .conv = cv->jid,
	    .ts = m->ts,
	    .dir = MSG_OUT,
	    .sender = m->from,
	    .body = m->body,
	    .id = m->id,
	    .state = MSG_SENDING,
	};
	long long rowid = store_add(&sm);
	if (rowid > 0) {
		m->rowid = rowid;
		history_write_ok();
	} else {
		/* one warning for a full disk, not one per message; it is still sent */
		history_trouble("cannot save a message");
	}
}

/* True when a message typed in r's tab can go out now or once we are back
 * in the room (joined, or being joined again). */
static bool room_will_take(const struct room *r)
{
	return r && (r->state == ROOM_JOINED || r->state == ROOM_JOINING);
}

/* Send text to the chat in cv: stored first, then sent or queued. */
int core_send(struct conv *cv, const char *text)
{
	const char *why = NULL;
	if (cv == NULL || cv->type == CONV_CONSOLE) {
		core_error("this is the console: use /msg JID TEXT to start a chat");
		return -1;
	}
	struct room *r = cv->type == CONV_ROOM ? room_of_conv(cv) : NULL;
	if (cv->type == CONV_ROOM && !room_will_take(r)) {
		core_notice(cv, LEVEL_ERROR, "not sent: you are not in this room (/join it again)");
		return -1;
	}
	if (!sanitize_check_outgoing(text, &why)) {
		core_notice(cv, LEVEL_ERROR, "not sent: %s", why);
		return -1;
	}
	char id[24];
	random_id(id, sizeof(id));
	char *me = r && r->nick ? xstrdup(r->nick) : own_label();
	struct message *m = message_new(MSG_OUT, me, text, id, 0);
	free(me);
	m->state = MSG_SENDING;
	conv_insert(cv, m, false);
	outbox_store(cv, m);
	if (core_conn_state() == CONN_ONLINE && (r == NULL || r->state == ROOM_JOINED))
		outbox_send(cv, m);
	return 0;
}

/* Find (or, for messages of an earlier run, load) the outgoing message. */
static struct message *outbox_find(const struct store_msg *sm, struct conv **cv_out)
{
	struct conv *cv = conv_open(sm->conv);
	*cv_out = cv;
	for (size_t i = cv->len; i-- > 0;)
		if (cv->msgs[i]->dir == MSG_OUT && cv->msgs[i]->rowid == sm->rowid)
			return cv->msgs[i];
	return NULL;
}

/* What to do with one unconfirmed message after (re)connecting. */
static void outbox_resume_msg(struct conv *cv, struct message *m, bool resumed)
{
	const struct core_backend *b = core_backend();
	if (m->attempts == 0) {
		outbox_send(cv, m); /* typed while offline */
	} else if (resumed && b && b->track_message) {
		b->track_message(cv->jid, m->id); /* libstrophe resends it itself */
	} else if (m->attempts == 1) {
		outbox_send(cv, m); /* once more, same id: peers can de-duplicate */
	} else {
		conv_set_state(cv, m, MSG_FAILED,
		               "not confirmed by the server, even after resending");
		outbox_save(m);
	}
}

/* After (re)connecting: a room's messages wait until we are back in the
 * room (our self-presence sends them: core_room_outbox), unless the server
 * kept us there; in a room we are not going back to they fail. */
static void outbox_resume_one(struct conv *cv, struct message *m, bool resumed)
{
	struct room *r = cv->type == CONV_ROOM ? room_of_conv(cv) : NULL;
	if (cv->type != CONV_ROOM || (resumed && r && r->state == ROOM_JOINED)) {
		outbox_resume_msg(cv, m, resumed);
	} else if (r == NULL || !(room_will_take(r) || r->autojoin)) {
		conv_set_state(cv, m, MSG_FAILED, "not sent: you are no longer in this room");
		outbox_save(m);
	}
}

/* Unconfirmed messages held in memory: all of them when there is no
 * database, or those a failed write left out of it (unsaved_only). */
static void outbox_resume_memory(bool resumed, bool unsaved_only)
{
	size_t n;
	struct conv **convs = conv_list(&n);
	for (size_t c = 0; c < n; c++)
		for (size_t i = 0; i < convs[c]->len; i++) {
			struct message *m = convs[c]->msgs[i];
			if (m->dir == MSG_OUT && m->state == MSG_SENDING &&
			    !(unsaved_only && m->rowid != 0))
				outbox_resume_one(convs[c], m, resumed);
		}
}

/* The session is up: send what was typed offline, resend what was lost. */
void core_session_started(bool resumed)
{
	if (!store_ready()) {
		outbox_resume_memory(resumed, false);
		return;
	}
	struct store_msg **v = NULL;
	size_t n = store_unconfirmed(&v);
	for (size_t i = 0; i < n; i++) {
		struct conv *cv;
		struct message *m = outbox_find(v[i], &cv);
		if (m == NULL) {
			/* older than the page shown: bring it in so its state is visible */
			m = message_new(MSG_OUT, v[i]->sender, v[i]->body, v[i]->id, v[i]->ts);
			m->rowid = v[i]->rowid;
			m->state = MSG_SENDING;
			m->attempts = v[i]->attempts;
			conv_insert(cv, m, false);
		}
		outbox_resume_one(cv, m, resumed);
	}
	store_msgs_free(v, n);
	outbox_resume_memory(resumed, true);
}

/* r's state changed: send what waits for it, or fail what no longer can go. */
void core_room_outbox(struct room *r)
{
	struct conv *cv = r ? r->conv : NULL;
	bool joined = r && r->state == ROOM_JOINED && core_conn_state() == CONN_ONLINE;
	for (size_t i = 0; cv && i < cv->len; i++) {
		struct message *m = cv->msgs[i];
		if (m->dir != MSG_OUT || m->state != MSG_SENDING)
			continue;
		if (joined) {
			outbox_resume_msg(cv, m, false);
		} else if (r->state == ROOM_FAILED ||
		           (r->state == ROOM_PARTED && m->attempts == 0)) {
			/* sent ones are confirmed (or not) by the server's round trip */
			conv_set_state(cv, m, MSG_FAILED,
			               r->state == ROOM_FAILED
			                   ? "not sent: could not join the room again"
			                   : "not sent: you left the room");
			outbox_save(m);
		}
	}
}

/* The session is gone: unconfirmed messages wait for the next one. */
void core_session_ended(void)
{
	size_t n;
	struct conv **convs = conv_list(&n);
	for (size_t c = 0; c < n; c++) {
		convs[c]->peer_state = CHAT_NONE;
		convs[c]->own_state = CHAT_NONE;
	}
}
