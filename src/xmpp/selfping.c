/* selfping.c - XEP-0410 MUC self-ping: after muc_selfping seconds of silence
 * from a room we are in, ping our own occupant JID to learn whether the room
 * still knows us; if it forgot us (a restart, a lost stanza), join again */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "room.h"
#include "settings.h"
#include "timer.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define PING_NS    "urn:xmpp:ping"
#define STANZAS_NS "urn:ietf:params:xml:ns:xmpp-stanzas"

/* One room we are in: when it last spoke, and its single timer. */
struct watch {
	char *jid;          /* bare room JID, lower case */
	uint64_t last_seen; /* now_ms() of its last stanza */
	unsigned timer;     /* next check (silence or ping deadline) */
	bool in_flight;     /* a ping waits for its answer */
	unsigned gen;       /* which ping an answer belongs to */
};

/* What an answer carries to find its room again (the watch may be gone). */
struct ticket {
	char *jid;
	unsigned gen;
};

static struct watch **watches;
static size_t nwatches;
static unsigned next_gen;

/* Rooms watched. */
size_t xselfping_watched(void)
{
	return nwatches;
}

/* Milliseconds of silence before a ping; 0 when off. */
static uint64_t interval_ms(void)
{
	long s = setting_int("muc_selfping");
	return s > 0 ? (uint64_t)s * 1000 : 0;
}

/* Stop watching w and free it. */
static void watch_free(struct watch *w)
{
	for (size_t i = 0; i < nwatches; i++)
		if (watches[i] == w) {
			watches[i] = watches[--nwatches];
			break;
		}
	timer_cancel(w->timer);
	free(w->jid);
	free(w);
}

/* Stop watching every room. */
void xselfping_reset(void)
{
	while (nwatches > 0)
		watch_free(watches[0]);
	free(watches);
	watches = NULL;
}

/* The watch of the room whose bare JID starts from (any case), or NULL. */
static struct watch *watch_find(const char *from)
{
	const char *slash = strchr(from, '/');
	size_t len = slash ? (size_t)(slash - from) : strlen(from);
	for (size_t i = 0; i < nwatches; i++)
		if (strlen(watches[i]->jid) == len && strncasecmp(watches[i]->jid, from, len) == 0)
			return watches[i];
	return NULL;
}

static void watch_due(void *arg);

/* Check w again after ms. */
static void watch_arm(struct watch *w, uint64_t ms)
{
	timer_cancel(w->timer);
	w->timer = timer_add(ms, watch_due, w);
}

/* What an answer to a self-ping says about us in the room. */
enum xselfping_verdict xselfping_verdict(xmpp_stanza_t *reply)
{
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (type && strcmp(type, "result") == 0)
		return SELFPING_IN;
	if (type == NULL || strcmp(type, "error") != 0)
		return SELFPING_OUT;
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(reply, "error");
	xmpp_stanza_t *c = err ? xmpp_stanza_get_children(err) : NULL;
	while (c && !(xmpp_stanza_is_tag(c) && xmpp_stanza_get_ns(c) &&
	              strcmp(xmpp_stanza_get_ns(c), STANZAS_NS) == 0))
		c = xmpp_stanza_get_next(c);
	const char *cond = c ? xmpp_stanza_get_name(c) : "";
	/* the room passed the ping on to a client of ours that does not answer
	 * pings, or our nick changed meanwhile: either way we are in */
	if (strcmp(cond, "service-unavailable") == 0 ||
	    strcmp(cond, "feature-not-implemented") == 0 || strcmp(cond, "item-not-found") == 0)
		return SELFPING_IN;
	/* the room's server is unreachable: rejoining could not help now */
	if (strcmp(cond, "remote-server-not-found") == 0 ||
	    strcmp(cond, "remote-server-timeout") == 0)
		return SELFPING_UNSURE;
	return SELFPING_OUT; /* not-acceptable, and anything else XEP-0410 counts as out */
}

/* The room forgot us: say so and join again with the same nick and password. */
static void rejoin(struct watch *w, const char *why)
{
	struct room *r = room_find(w->jid);
	watch_free(w); /* the join's own presence starts a new watch */
	if (r == NULL || r->state != ROOM_JOINED)
		return;
	char *jid = xstrdup(r->jid), *nick = xstrdup(r->nick), *pw = xstrdup(r->password);
	room_occupants_clear(r);
	r->state = ROOM_PARTED;
	struct conv *focus = conv_focused();
	core_room_join(jid, nick, pw);
	if (conv_focused() != focus)
		conv_focus(focus); /* the user keeps typing where they were */
	r = room_find(jid);
	if (r)
		core_notice(r->conv, LEVEL_INFO,
		            "the room no longer had you in it (%s); joining again", why);
	free(jid);
	free(nick);
	free(pw);
}

/* The answer to a self-ping (or NULL when the session ended). */
static void ping_answered(xmpp_stanza_t *reply, void *arg)
{
	struct ticket *t = arg;
	struct watch *w = watch_find(t->jid);
	bool ours = w && w->in_flight && w->gen == t->gen;
	free(t->jid);
	free(t);
	if (!ours)
		return; /* answered after its deadline, or the room is gone */
	if (reply == NULL) {
		watch_free(w);
		return;
	}
	w->in_flight = false;
	enum xselfping_verdict v = xselfping_verdict(reply);
	if (v == SELFPING_OUT) {
		char *why = xs_error_text(reply);
		rejoin(w, why);
		free(why);
		return;
	}
	w->last_seen = now_ms();
	watch_arm(w, interval_ms());
}

/* Ping our own occupant JID in r. */
static void ping_send(struct watch *w, const struct room *r)
{
	char id[24];
	random_id(id, sizeof(id));
	char *to = xasprintf("%s/%s", r->jid, r->nick);
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, to);
	xs_add_child(iq, "ping", PING_NS);
	struct ticket *t = xmalloc(sizeof(*t));
	t->jid = xstrdup(w->jid);
	t->gen = w->gen = ++next_gen;
	w->in_flight = true;
	xiq_send(iq, ping_answered, t);
	xmpp_stanza_release(iq);
	free(to);
	watch_arm(w, (uint64_t)setting_int("ping_timeout") * 1000);
}

/* A watch's timer: a ping deadline passed, or the room may have gone silent. */
static void watch_due(void *arg)
{
	struct watch *w = arg;
	w->timer = 0;
	struct room *r = room_find(w->jid);
	uint64_t iv = interval_ms();
	if (xs.phase != XS_ONLINE || iv == 0 || r == NULL || r->state != ROOM_JOINED ||
	    r->nick == NULL) {
		watch_free(w);
		return;
	}
	if (w->in_flight) {
		w->in_flight = false;
		rejoin(w, "no answer to a self-ping");
		return;
	}
	uint64_t quiet = now_ms() - w->last_seen;
	if (quiet < iv)
		watch_arm(w, iv - quiet);
	else
		ping_send(w, r);
}

/* Start watching the room with bare JID jid. */
static void watch_add(const char *jid)
{
	struct watch *w = xcalloc(1, sizeof(*w));
	w->jid = xstrdup(jid);
	w->last_seen = now_ms();
	watches = xreallocarray(watches, nwatches + 1, sizeof(*watches));
	watches[nwatches++] = w;
	watch_arm(w, interval_ms());
}

/* A stanza from 'from': its room (if we are in it) is alive. */
void xselfping_seen(const char *from)
{
	if (from == NULL)
		return;
	struct watch *w = watch_find(from);
	if (w) {
		w->last_seen = now_ms();
		return;
	}
	/* called for every stanza: the setting is looked up only for a sender
	 * that may be a room */
	if (strchr(from, '@') == NULL || interval_ms() == 0)
		return; /* servers and components are no rooms */
	char *bare = jid_bare(from);
	struct room *r = room_find(bare);
	if (r && (r->state == ROOM_JOINING || r->state == ROOM_JOINED))
		watch_add(r->jid);
	free(bare);
}
