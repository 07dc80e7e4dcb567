/* chatstate.c - XEP-0085 chat states we send, and XEP-0333 displayed markers */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "core_internal.h"
#include "timer.h"

#define PAUSED_AFTER_MS 5000

/* True when the contact of cv may learn what we do (presence subscription);
 * in a room, everyone there while we are in it. */
static bool may_tell(const struct conv *cv)
{
	if (cv->type == CONV_ROOM) {
		const struct room *r = room_of_conv(cv);
		return r && r->state == ROOM_JOINED && core_conn_state() == CONN_ONLINE;
	}
	const struct contact *c = roster_find(cv->jid);
	return c && (c->sub == SUB_FROM || c->sub == SUB_BOTH) && core_conn_state() == CONN_ONLINE;
}

/* Tell the contact our chat state if it changed. */
static void chatstate_set(struct conv *cv, enum chat_state st)
{
	const struct core_backend *b = core_backend();
	bool room = cv->type == CONV_ROOM;
	void (*send)(const char *, enum chat_state) = b == NULL ? NULL
	                                              : room    ? b->send_room_chat_state
	                                                        : b->send_chat_state;
	if (cv->own_state == st || !may_tell(cv) || send == NULL)
		return;
	cv->own_state = st;
	send(cv->jid, st);
}

/* Typing stopped for a while. */
static void typing_paused(void *arg)
{
	struct conv *cv = arg;
	cv->typing_timer = 0;
	chatstate_set(cv, CHAT_PAUSED);
}

/* The user edits the input line of cv. */
void core_user_typing(struct conv *cv)
{
	if (cv == NULL || (cv->type != CONV_CHAT && cv->type != CONV_ROOM))
		return;
	chatstate_set(cv, CHAT_COMPOSING);
	timer_cancel(cv->typing_timer);
	cv->typing_timer = timer_add(PAUSED_AFTER_MS, typing_paused, cv);
}

/* A message went out: it carries <active/>. */
void chatstate_sent(struct conv *cv)
{
	timer_cancel(cv->typing_timer);
	cv->typing_timer = 0;
	cv->own_state = CHAT_ACTIVE;
}

/* The tab closes: we are gone. */
void chatstate_conv_closed(struct conv *cv)
{
	timer_cancel(cv->typing_timer);
	cv->typing_timer = 0;
	if (cv->own_state != CHAT_NONE)
		chatstate_set(cv, CHAT_GONE);
}

/* The user has seen all of cv: one displayed marker for the newest message
 * that asked for one (it covers the earlier ones). */
void core_mark_seen(struct conv *cv)
{
	if (cv == NULL || cv->type != CONV_CHAT)
		return;
	struct message *newest = NULL;
	for (size_t i = cv->len; i-- > 0;) {
		struct message *m = cv->msgs[i];
		if (m->dir != MSG_IN)
			continue;
		if (m->displayed_sent)
			break;
		m->displayed_sent = true;
		if (newest == NULL && m->markable && m->id)
			newest = m;
	}
	const struct core_backend *b = core_backend();
	if (newest && may_tell(cv) && b && b->send_displayed)
		b->send_displayed(cv->jid, newest->id);
}
