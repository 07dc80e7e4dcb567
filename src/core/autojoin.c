/* autojoin.c - joining many rooms without tripping flood limits: a queue
 * drained by a token bucket on natter's timers, so the loop never waits */
#include "autojoin.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "room.h"
#include "timer.h"
#include "xmalloc.h"

/* One room waiting for its turn. */
struct aj_entry {
	char *jid, *nick, *password;
};

static struct aj_entry *queue;
static size_t qlen, qcap;
static struct pace bucket;
static unsigned pace_timer;

/* Take a token if the bucket, refilled up to now, holds one. */
uint64_t pace_take(struct pace *p, uint64_t now, unsigned rate, unsigned burst)
{
	uint64_t cap = (uint64_t)(burst ? burst : 1) * 1000;
	if (rate == 0)
		rate = 1;
	if (!p->started) {
		p->started = 1;
		p->millitoks = cap;
	} else if (now > p->last_ms) {
		/* 1 ms at rate r per second refills r millitokens */
		uint64_t gained = (now - p->last_ms) * rate;
		p->millitoks = p->millitoks + gained > cap ? cap : p->millitoks + gained;
	}
	p->last_ms = now > p->last_ms ? now : p->last_ms;
	if (p->millitoks >= 1000) {
		p->millitoks -= 1000;
		return 0;
	}
	return (1000 - p->millitoks + rate - 1) / rate;
}

/* Free one entry's strings. */
static void entry_free(struct aj_entry *e)
{
	free(e->jid);
	free(e->nick);
	free(e->password);
}

/* Drop the queue and its timer. */
void autojoin_reset(void)
{
	for (size_t i = 0; i < qlen; i++)
		entry_free(&queue[i]);
	free(queue);
	queue = NULL;
	qlen = qcap = 0;
	timer_cancel(pace_timer);
	pace_timer = 0;
	bucket = (struct pace){0};
}

/* Rooms waiting. */
size_t autojoin_pending(void)
{
	return qlen;
}

/* True when r needs no join: we are in it or on our way. */
static bool already_in(const char *jid)
{
	struct room *r = room_find(jid);
	return r && (r->state == ROOM_JOINING || r->state == ROOM_JOINED);
}

/* Join the head of the queue and remove it. */
static void join_head(void)
{
	struct aj_entry e = queue[0];
	memmove(queue, queue + 1, (qlen - 1) * sizeof(*queue));
	qlen--;
	/* joining opens the room's tab; the user stays where they are typing */
	struct conv *focus = conv_focused();
	if (!already_in(e.jid) && core_room_join(e.jid, e.nick, e.password) == 0) {
		struct room *r = room_find(e.jid);
		if (r)
			r->autojoin = true;
	}
	if (conv_focused() != focus)
		conv_focus(focus);
	entry_free(&e);
}

static void pump(void *arg);

/* Join what the bucket allows now; wait on a timer for the rest. */
static void pump(void *arg)
{
	(void)arg;
	pace_timer = 0;
	if (core_conn_state() != CONN_ONLINE) {
		autojoin_reset();
		return;
	}
	while (qlen > 0) {
		if (already_in(queue[0].jid)) {
			/* skipping costs the server nothing: no token */
			struct aj_entry e = queue[0];
			memmove(queue, queue + 1, (qlen - 1) * sizeof(*queue));
			qlen--;
			entry_free(&e);
			continue;
		}
		uint64_t wait = pace_take(&bucket, now_ms(), AUTOJOIN_RATE, AUTOJOIN_BURST);
		if (wait > 0) {
			pace_timer = timer_add(wait, pump, NULL);
			return;
		}
		join_head();
	}
}

/* Queue a paced join of room_jid. */
void autojoin_enqueue(const char *room_jid, const char *nick, const char *password)
{
	char *jid = jid_bare(room_jid);
	for (size_t i = 0; i < qlen; i++)
		if (strcmp(queue[i].jid, jid) == 0) {
			free(jid);
			return;
		}
	if (qlen == qcap) {
		qcap = qcap ? qcap * 2 : 16;
		queue = xreallocarray(queue, qcap, sizeof(*queue));
	}
	queue[qlen++] = (struct aj_entry){jid, xstrdup(nick), xstrdup(password)};
	if (pace_timer == 0)
		pump(NULL);
}
