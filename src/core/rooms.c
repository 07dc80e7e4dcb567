/* rooms.c - room actions: join, part, nick, topic, private tabs, rejoin */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "core_internal.h"
#include "jid.h"
#include "sanitize.h"
#include "settings.h"
#include "timer.h"
#include "xmalloc.h"

#define REJOIN_PACE_MS 200 /* between two rejoins after a fresh login */

const struct room_backend *room_backend(void);

static unsigned rejoin_timer;
static char **pending; /* room JIDs to rejoin, the next one last */
static size_t npending;

/* Time of the newest message held in cv (0 when none): history is asked
 * for from then on, and what overlaps is de-duplicated. */
static time_t newest_message(const struct conv *cv)
{
	for (size_t i = cv ? cv->len : 0; i-- > 0;)
		if (cv->msgs[i]->dir != MSG_SYSTEM)
			return cv->msgs[i]->ts;
	return 0;
}

/* Send r's join presence (with its history request) when online. */
static int room_send_join(struct room *r)
{
	const struct room_backend *b = room_backend();
	if (core_conn_state() != CONN_ONLINE || b == NULL || b->join == NULL) {
		room_notice(r, LEVEL_INFO, "you will join %s once connected", r->jid);
		return 0;
	}
	time_t since = newest_message(r->conv);
	room_set_state(r, ROOM_JOINING, NULL);
	return b->join(r, since, (int)setting_int("room_history"));
}

/* Check a nick we are about to use; NULL when fine, else why not. */
static const char *nick_problem(const char *nick)
{
	const char *why = NULL;
	if (nick == NULL || *nick == '\0')
		return "a nick cannot be empty";
	if (strlen(nick) > 1023)
		return "that nick is too long";
	if (!sanitize_check_outgoing(nick, &why))
		return why;
	if (strpbrk(nick, "\r\n\t"))
		return "a nick cannot hold line breaks or tabs";
	return NULL;
}

/* Join a room (room@service), as nick (NULL: the default nick). */
int core_room_join(const char *room_jid, const char *nick, const char *password)
{
	char *local = room_jid && jid_valid(room_jid) ? jid_local(room_jid) : NULL;
	if (local == NULL) {
		core_error("not a room address: %s (use room@service)", room_jid ? room_jid : "");
		return -1;
	}
	free(local);
	char *want = nick ? xstrdup(nick) : room_default_nick();
	const char *why = nick_problem(want);
	if (why) {
		core_error("cannot join with that nick: %s", why);
		free(want);
		return -1;
	}
	struct room *r = room_get(room_jid);
	free(r->nick);
	r->nick = want;
	xstrset(&r->password, password && *password ? password : NULL);
	struct conv *cv = conv_open_type(r->jid, CONV_ROOM);
	conv_focus(cv);
	if (r->state == ROOM_JOINED) {
		room_notice(r, LEVEL_INFO, "you are in %s already", r->jid);
		return 0;
	}
	return room_send_join(r);
}

/* Leave a room; its tab stays until closed. */
int core_room_part(struct room *r, const char *reason)
{
	const struct room_backend *b = room_backend();
	if (r == NULL)
		return -1;
	if (r->state == ROOM_JOINED || r->state == ROOM_JOINING) {
		if (core_conn_state() == CONN_ONLINE && b && b->part)
			b->part(r, reason);
	}
	room_set_state(r, ROOM_PARTED, NULL);
	room_notice(r, LEVEL_INFO, "you left %s", r->jid);
	core_room_outbox(r); /* what waited for a rejoin cannot go now */
	return 0;
}

/* Change our nick in a room (the room confirms with a 303 presence). */
int core_room_nick(struct room *r, const char *nick)
{
	const struct room_backend *b = room_backend();
	const char *why = nick_problem(nick);
	if (r == NULL)
		return -1;
	if (why) {
		room_notice(r, LEVEL_ERROR, "cannot use that nick: %s", why);
		return -1;
	}
	if (r->state != ROOM_JOINED || core_conn_state() != CONN_ONLINE) {
		/* not in the room: the next join uses it */
		xstrset(&r->nick, nick);
		room_notice(r, LEVEL_INFO, "you will be %s when you join", nick);
		core_emit_room_changed(r);
		return 0;
	}
	if (b == NULL || b->nick == NULL || b->nick(r, nick) < 0) {
		room_notice(r, LEVEL_ERROR, "could not ask for the nick change");
		return -1;
	}
	return 0;
}

/* Set the room's topic (the room confirms it with a subject message). */
int core_room_topic(struct room *r, const char *topic)
{
	const struct room_backend *b = room_backend();
	const char *why = NULL;
	if (r == NULL)
		return -1;
	if (!sanitize_check_outgoing(topic ? topic : "", &why)) {
		room_notice(r, LEVEL_ERROR, "topic not set: %s", why);
		return -1;
	}
	if (r->state != ROOM_JOINED || core_conn_state() != CONN_ONLINE || b == NULL ||
	    b->subject == NULL || b->subject(r, topic ? topic : "") < 0) {
		room_notice(r, LEVEL_ERROR, "topic not set: you are not in %s", r->jid);
		return -1;
	}
	return 0;
}

/* Open and focus the PM tab with nick in r. */
struct conv *core_room_private(struct room *r, const char *nick)
{
	if (r == NULL || nick == NULL || *nick == '\0')
		return NULL;
	char *full = xasprintf("%s/%s", r->jid, nick);
	struct conv *cv = conv_open_type(full, CONV_PRIVATE);
	free(full);
	conv_focus(cv);
	return cv;
}

/* The room of a room tab or a room PM tab. */
struct room *room_of_conv(const struct conv *cv)
{
	if (cv == NULL || cv->jid == NULL || (cv->type != CONV_ROOM && cv->type != CONV_PRIVATE))
		return NULL;
	char *bare = jid_bare(cv->jid);
	struct room *r = room_find(bare);
	free(bare);
	return r;
}

/* Rejoin the next room that waits for it, then come back for the others. */
static void rejoin_next(void *arg)
{
	(void)arg;
	rejoin_timer = 0;
	while (npending > 0) {
		char *jid = pending[--npending];
		struct room *r = room_find(jid);
		free(jid);
		if (r == NULL || r->state != ROOM_JOINING)
			continue; /* parted or forgotten meanwhile */
		room_send_join(r);
		if (npending > 0)
			rejoin_timer = timer_add(REJOIN_PACE_MS, rejoin_next, NULL);
		return;
	}
}

/* Forget the rooms waiting to be rejoined. */
static void pending_clear(void)
{
	timer_cancel(rejoin_timer);
	rejoin_timer = 0;
	while (npending > 0)
		free(pending[--npending]);
}

/* After login: rejoin the rooms we were in, a little apart. */
void core_rooms_session_started(bool resumed)
{
	if (resumed)
		return; /* the server kept us in every room */
	pending_clear();
	size_t n;
	struct room **v = room_list(&n);
	for (size_t i = n; i-- > 0;) {
		if (v[i]->state != ROOM_JOINED && v[i]->state != ROOM_JOINING && !v[i]->autojoin)
			continue;
		room_occupants_clear(v[i]);
		v[i]->state = ROOM_JOINING;
		pending = xreallocarray(pending, npending + 1, sizeof(*pending));
		pending[npending++] = xstrdup(v[i]->jid);
	}
	rejoin_next(NULL);
}

/* Forget the rooms' pending work (at exit and between unit tests). */
void rooms_reset(void)
{
	pending_clear();
	free(pending);
	pending = NULL;
}
