/* muc_invite.c - room invitations: sending them (mediated through the room,
 * XEP-0045, or direct, XEP-0249) and showing the ones we receive */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jid.h"
#include "log.h"
#include "room.h"
#include "roster.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define MUC_NS        "http://jabber.org/protocol/muc"
#define MUC_USER_NS   "http://jabber.org/protocol/muc#user"
#define CONFERENCE_NS "jabber:x:conference"
#define REASON_MAX    512
/* Mediated invitations from unknown senders being checked through disco. */
#define CHECKS_MAX 4
/* At most NOTICES_MAX invitations are shown per NOTICE_WINDOW seconds. */
#define NOTICES_MAX   8
#define NOTICE_WINDOW 60

/* Invitations received, oldest first. */
static struct xmuc_invite *invites[XMUC_INVITES_MAX];
static size_t ninvites;
/* Mediated invitations waiting for their disco#info check. */
static size_t nchecks;
/* Flood bound: notices shown in the current window, and those held back. */
static time_t window_start;
static unsigned window_shown;
static unsigned suppressed;

/* Free one invitation. */
static void invite_free(struct xmuc_invite *inv)
{
	if (inv == NULL)
		return;
	free(inv->room);
	free(inv->from);
	free(inv->reason);
	free(inv->password);
	free(inv);
}

/* Remove entry i from the list and free it. */
static void invite_remove_at(size_t i)
{
	invite_free(invites[i]);
	memmove(&invites[i], &invites[i + 1], (ninvites - i - 1) * sizeof(*invites));
	ninvites--;
}

/* Forget the invitation to room. */
void xmuc_invite_forget(const char *room)
{
	for (size_t i = 0; i < ninvites; i++) {
		if (jid_bare_eq(invites[i]->room, room)) {
			invite_remove_at(i);
			return;
		}
	}
}

/* Forget every invitation. */
void xmuc_invite_reset(void)
{
	while (ninvites > 0)
		invite_remove_at(ninvites - 1);
	nchecks = 0;
	window_start = 0;
	window_shown = 0;
	suppressed = 0;
}

/* The newest invitation not yet used, or NULL. */
const struct xmuc_invite *xmuc_invite_last(void)
{
	return ninvites ? invites[ninvites - 1] : NULL;
}

/* Keep inv as the newest invitation (one per room; the oldest goes when full). */
static void invite_keep(struct xmuc_invite *inv)
{
	xmuc_invite_forget(inv->room);
	if (ninvites == XMUC_INVITES_MAX)
		invite_remove_at(0);
	invites[ninvites++] = inv;
}

/* True when another notice may be shown now (the flood bound). */
static bool notice_allowed(void)
{
	time_t now = time(NULL);
	if (now - window_start >= NOTICE_WINDOW) {
		window_start = now;
		window_shown = 0;
	}
	if (window_shown >= NOTICES_MAX) {
		suppressed++;
		return false;
	}
	window_shown++;
	return true;
}

/* "Name (jid)" for a contact, "jid (not in your contacts)" for a stranger.
 * Caller frees. */
static char *who_text(const char *jid)
{
	if (jid == NULL)
		return xstrdup("someone");
	struct contact *c = roster_find(jid);
	if (c == NULL)
		return xasprintf("%s (not in your contacts)", jid);
	if (c->name && *c->name)
		return xasprintf("%s (%s)", c->name, jid);
	return xstrdup(jid);
}

/* Say in the console (and the inviter's chat tab) that inv arrived. */
static void invite_announce(const struct xmuc_invite *inv)
{
	char *who = who_text(inv->from);
	char *reason = inv->reason && *inv->reason ? xasprintf(" (%s)", inv->reason) : xstrdup("");
	const char *how = inv->mediated ? "" : " directly";
	core_notice(NULL, LEVEL_INFO, "%s invites you%s to %s%s — /join or Alt-J to accept", who,
	            how, inv->room, reason);
	struct conv *cv = inv->from ? conv_find(inv->from) : NULL;
	if (cv)
		core_notice(cv, LEVEL_INFO, "%s invites you%s to %s%s — /join or Alt-J to accept",
		            who, how, inv->room, reason);
	if (suppressed) {
		core_notice(NULL, LEVEL_INFO,
		            "(%u more invitations came too fast and were not shown)", suppressed);
		suppressed = 0;
	}
	free(reason);
	free(who);
}

/* Take a checked invitation: remember and show it (within the flood bound). */
static void invite_accept(struct xmuc_invite *inv)
{
	if (!notice_allowed()) {
		log_debug("invitation to a room dropped: too many at once");
		invite_free(inv);
		return;
	}
	invite_keep(inv);
	invite_announce(inv);
}

/* The bare JID in raw, when it is a valid JID whose bare form needs no
 * sanitizing (so what is shown is what would be joined); else NULL. Caller frees. */
static char *clean_bare(const char *raw)
{
	if (raw == NULL || !jid_valid(raw))
		return NULL;
	char *bare = jid_bare(raw);
	char *clean = sanitize_str(bare, SANITIZE_LINE);
	bool same = strcmp(clean, bare) == 0;
	free(clean);
	if (!same) {
		free(bare);
		return NULL;
	}
	return bare;
}

/* The disco#info answer about the sender of a mediated invitation. */
static void check_answer(char *const *features, void *arg)
{
	struct xmuc_invite *inv = arg;
	if (nchecks > 0)
		nchecks--;
	if (features && xdisco_has(features, MUC_NS)) {
		invite_accept(inv);
		return;
	}
	if (features)
		log_debug("invitation from something that is no room: ignored");
	invite_free(inv);
}

/* A mediated invitation from 'from': only a room sends those. */
static void mediated_in(xmpp_stanza_t *x, xmpp_stanza_t *invite, const char *from)
{
	char *room = jid_resource(from) ? NULL : clean_bare(from);
	char *local = room ? jid_local(room) : NULL;
	if (local == NULL || jid_bare_eq(room, xs.bare_jid)) {
		log_debug("mediated invitation not from a room JID: ignored");
		free(local);
		free(room);
		return;
	}
	free(local);
	struct xmuc_invite *inv = xcalloc(1, sizeof(*inv));
	inv->room = room;
	inv->from = clean_bare(xmpp_stanza_get_attribute(invite, "from"));
	inv->reason = xs_child_text(invite, "reason", SANITIZE_LINE, REASON_MAX);
	inv->password = xs_child_text(x, "password", SANITIZE_LINE, XS_LINE_MAX);
	inv->mediated = true;
	struct room *r = room_find(room);
	if (r && r->state == ROOM_JOINED) {
		invite_accept(inv);
		return;
	}
	if (nchecks >= CHECKS_MAX) {
		log_debug("too many invitations being checked: one ignored");
		invite_free(inv);
		return;
	}
	nchecks++;
	xdisco_info(room, check_answer, inv);
}

/* A direct invitation (XEP-0249) from anyone: shown with who sent it. */
static void direct_in(xmpp_stanza_t *x, const char *from)
{
	char *room = clean_bare(xmpp_stanza_get_attribute(x, "jid"));
	if (room == NULL) {
		log_debug("direct invitation without a valid room JID: ignored");
		return;
	}
	struct xmuc_invite *inv = xcalloc(1, sizeof(*inv));
	inv->room = room;
	inv->from = clean_bare(from);
	char *reason = xs_attr(x, "reason");
	if (reason && strlen(reason) > REASON_MAX)
		reason[REASON_MAX] = '\0';
	inv->reason = reason;
	inv->password = xs_attr(x, "password");
	invite_accept(inv);
}

/* Handle an invitation in st; false when it carries none. */
bool xmuc_invite_message(xmpp_stanza_t *st, const char *from)
{
	const char *type = xmpp_stanza_get_type(st);
	if (type && (strcmp(type, "error") == 0 || strcmp(type, "groupchat") == 0))
		return false;
	xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns(st, "x", MUC_USER_NS);
	xmpp_stanza_t *invite = x ? xmpp_stanza_get_child_by_name(x, "invite") : NULL;
	if (invite) {
		mediated_in(x, invite, from);
		return true;
	}
	x = xmpp_stanza_get_child_by_name_and_ns(st, "x", CONFERENCE_NS);
	if (x == NULL)
		return false;
	direct_in(x, from);
	return true;
}

/* True when one of jid's online resources (or jid itself, when full)
 * announces direct invitations in its verified caps. */
static bool wants_direct(const char *jid)
{
	if (jid_resource(jid))
		return xcaps_has(jid, CONFERENCE_NS);
	struct contact *c = roster_find(jid);
	for (struct resource *res = c ? c->resources : NULL; res; res = res->next) {
		char *full = xasprintf("%s/%s", jid, res->name);
		bool yes = *res->name && xcaps_has(full, CONFERENCE_NS);
		free(full);
		if (yes)
			return true;
	}
	return false;
}

/* Send a direct invitation (XEP-0249) to jid. */
static void send_direct(const char *room, const char *jid, const char *reason, const char *password)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *msg = xs_stanza_new("message", NULL, id, jid);
	xmpp_stanza_t *x = xs_add_child(msg, "x", CONFERENCE_NS);
	xmpp_stanza_set_attribute(x, "jid", room);
	if (reason && *reason)
		xmpp_stanza_set_attribute(x, "reason", reason);
	if (password)
		xmpp_stanza_set_attribute(x, "password", password);
	xs_send(msg);
	xmpp_stanza_release(msg);
}

/* Send a mediated invitation (XEP-0045) through room. */
static void send_mediated(const char *room, const char *jid, const char *reason)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *msg = xs_stanza_new("message", NULL, id, room);
	xmpp_stanza_t *x = xs_add_child(msg, "x", MUC_USER_NS);
	xmpp_stanza_t *inv = xs_add_child(x, "invite", NULL);
	xmpp_stanza_set_attribute(inv, "to", jid);
	if (reason && *reason)
		xs_add_text(xs_add_child(inv, "reason", NULL), reason);
	xs_send(msg);
	xmpp_stanza_release(msg);
}

/* Invite jid to room: directly when its caps say it understands that,
 * else through the room (which also works for clients we know nothing of). */
void xmuc_invite_send(const char *room, const char *jid, const char *reason)
{
	struct room *r = room_find(room);
	if (wants_direct(jid))
		send_direct(room, jid, reason, r ? r->password : NULL);
	else
		send_mediated(room, jid, reason);
}
