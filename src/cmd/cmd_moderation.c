/* cmd_moderation.c - /kick, /ban, /role, /affiliation, /affiliations and
 * /destroy: moderating and administering the room of the focused tab */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "room.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* A change sent to a room, waiting for its answer. */
struct mod_op {
	char *room; /* bare room JID (the room may be gone when the answer comes) */
	char *done; /* what to say on success */
	char *what; /* what failed, for the error */
};

/* The conversation of the room with jid (the console when it has none). */
static struct conv *room_conv(const char *jid)
{
	struct room *r = room_find(jid);
	return r ? r->conv : NULL;
}

/* The room of the tab the command was typed in, joined and online; else
 * says why not and returns NULL. */
struct room *cmd_room_here(struct cmd_ctx *ctx)
{
	struct room *r = room_of_conv(ctx->conv ? ctx->conv : conv_focused());
	if (r == NULL) {
		cmd_error(ctx, "not in a room tab: switch to the room's tab first");
		return NULL;
	}
	if (core_conn_state() != CONN_ONLINE) {
		cmd_error(ctx, "not connected");
		return NULL;
	}
	if (r->state != ROOM_JOINED) {
		core_notice(r->conv, LEVEL_ERROR, "you are not in %s (use /join)", r->jid);
		return NULL;
	}
	return r;
}

/* The room's answer to a change. */
static void mod_done(const char *error, void *arg)
{
	struct mod_op *op = arg;
	if (error)
		core_notice(room_conv(op->room), LEVEL_ERROR, "could not %s: %s", op->what, error);
	else
		core_notice(room_conv(op->room), LEVEL_INFO, "%s", op->done);
	free(op->room);
	free(op->done);
	free(op->what);
	free(op);
}

/* A new change record for room r; done and what are taken (freed later). */
static struct mod_op *mod_op_new(const struct room *r, char *done, char *what)
{
	struct mod_op *op = xmalloc(sizeof(*op));
	op->room = xstrdup(r->jid);
	op->done = done;
	op->what = what;
	return op;
}

/* True when we are a moderator in r (or do not know our own role yet);
 * else says so in the room's tab. */
static bool need_moderator(const struct room *r)
{
	const struct occupant *me = r->nick ? room_occupant_find(r, r->nick) : NULL;
	if (me == NULL || me->role == ROLE_MODERATOR)
		return true;
	core_notice(r->conv, LEVEL_ERROR, "you are not a moderator in %s", r->jid);
	return false;
}

/* The occupant nick in r; else says there is none and returns NULL. */
static const struct occupant *need_occupant(const struct room *r, const char *nick)
{
	const struct occupant *o = room_occupant_find(r, nick);
	if (o == NULL)
		core_notice(r->conv, LEVEL_ERROR, "nobody called %s is in %s", nick, r->jid);
	return o;
}

/* The bare JID that who names in r: an occupant's real JID (when the room
 * shows it), else who itself when it is a JID. NULL after saying why not.
 * Caller frees. */
static char *resolve_jid(const struct room *r, const char *who)
{
	const struct occupant *o = room_occupant_find(r, who);
	if (o && o->jid)
		return jid_bare(o->jid);
	if (strchr(who, '@') && jid_valid(who))
		return jid_bare(who);
	if (o)
		core_notice(r->conv, LEVEL_ERROR,
		            "%s's address is hidden in this room: give their JID instead", who);
	else
		core_notice(r->conv, LEVEL_ERROR, "%s is neither an occupant of %s nor a JID", who,
		            r->jid);
	return NULL;
}

/* /kick NICK [REASON]. */
int cmd_exec_kick(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct room *r = cmd_room_here(ctx);
	if (r == NULL || !need_moderator(r) || need_occupant(r, argv[0]) == NULL)
		return -1;
	struct mod_op *op =
	    mod_op_new(r, xasprintf("kicked %s", argv[0]), xasprintf("kick %s", argv[0]));
	xmuc_set_role(r->jid, argv[0], ROLE_NONE, argc > 1 ? argv[1] : NULL, mod_done, op);
	return 0;
}

/* /ban JID [REASON] (a nick stands for its real JID when the room shows it). */
int cmd_exec_ban(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct room *r = cmd_room_here(ctx);
	char *jid = r ? resolve_jid(r, argv[0]) : NULL;
	if (jid == NULL)
		return -1;
	struct mod_op *op = mod_op_new(r, xasprintf("banned %s", jid), xasprintf("ban %s", jid));
	xmuc_set_affil(r->jid, jid, AFFIL_OUTCAST, argc > 1 ? argv[1] : NULL, mod_done, op);
	free(jid);
	return 0;
}

/* /role NICK moderator|participant|visitor. */
int cmd_exec_role(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	enum muc_role role;
	if (muc_role_parse(argv[1], &role) != 0 || role == ROLE_NONE) {
		cmd_error(ctx, "unknown role %s: use moderator, participant or visitor", argv[1]);
		return -1;
	}
	struct room *r = cmd_room_here(ctx);
	if (r == NULL || !need_moderator(r) || need_occupant(r, argv[0]) == NULL)
		return -1;
	struct mod_op *op = mod_op_new(r, xasprintf("%s is now a %s", argv[0], muc_role_name(role)),
	                               xasprintf("make %s a %s", argv[0], muc_role_name(role)));
	xmuc_set_role(r->jid, argv[0], role, NULL, mod_done, op);
	return 0;
}

/* /affiliation JID owner|admin|member|none|outcast. */
int cmd_exec_affiliation(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	enum muc_affil affil;
	if (muc_affil_parse(argv[1], &affil) != 0) {
		cmd_error(ctx, "unknown affiliation %s: use owner, admin, member, none or outcast",
		          argv[1]);
		return -1;
	}
	struct room *r = cmd_room_here(ctx);
	char *jid = r ? resolve_jid(r, argv[0]) : NULL;
	if (jid == NULL)
		return -1;
	const char *name = muc_affil_name(affil);
	struct mod_op *op = mod_op_new(r, xasprintf("%s's affiliation is now %s", jid, name),
	                               xasprintf("make %s %s", jid, name));
	xmuc_set_affil(r->jid, jid, affil, NULL, mod_done, op);
	free(jid);
	return 0;
}

/* A list query for one affiliation. */
struct list_op {
	char *room;
	enum muc_affil affil;
};

/* Print one affiliation list in the room's tab. */
static void list_done(const struct xmuc_affil_item *items, size_t n, size_t total,
                      const char *error, void *arg)
{
	struct list_op *op = arg;
	struct conv *cv = room_conv(op->room);
	const char *name = muc_affil_name(op->affil);
	if (error) {
		core_notice(cv, LEVEL_ERROR, "could not list the %s affiliations: %s", name, error);
	} else {
		core_notice(cv, LEVEL_INFO, "%s (%zu):", name, n);
		for (size_t i = 0; i < n; i++)
			core_notice(cv, LEVEL_INFO, "  %s%s%s%s%s", items[i].jid,
			            items[i].nick ? " as " : "", items[i].nick ? items[i].nick : "",
			            items[i].reason ? ": " : "",
			            items[i].reason ? items[i].reason : "");
		if (total > n)
			core_notice(cv, LEVEL_INFO, "  (%zu more entries not shown)", total - n);
	}
	free(op->room);
	free(op);
}

/* Ask room r for its list of affil. */
static void list_ask(const struct room *r, enum muc_affil affil)
{
	struct list_op *op = xmalloc(sizeof(*op));
	op->room = xstrdup(r->jid);
	op->affil = affil;
	xmuc_affil_list(r->jid, affil, list_done, op);
}

/* /affiliations [TYPE]. */
int cmd_exec_affiliations(struct cmd_ctx *ctx, int argc, char **argv)
{
	enum muc_affil affil = AFFIL_NONE;
	if (argc > 0 && (muc_affil_parse(argv[0], &affil) != 0 || affil == AFFIL_NONE)) {
		cmd_error(ctx, "unknown affiliation %s: use owner, admin, member or outcast",
		          argv[0]);
		return -1;
	}
	struct room *r = cmd_room_here(ctx);
	if (r == NULL)
		return -1;
	if (argc > 0) {
		list_ask(r, affil);
		return 0;
	}
	static const enum muc_affil all[] = {AFFIL_OWNER, AFFIL_ADMIN, AFFIL_MEMBER, AFFIL_OUTCAST};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		list_ask(r, all[i]);
	return 0;
}

/* A /destroy waiting for the user to type the room's name. */
struct destroy_op {
	char *room;
	char *reason;
};

/* True when typed names room (its full JID or its local part). */
static bool names_room(const char *typed, const char *room)
{
	char *local = jid_local(room);
	bool yes = strcasecmp(typed, room) == 0 || (local && strcasecmp(typed, local) == 0);
	free(local);
	return yes;
}

/* The user's confirmation of /destroy. */
static void destroy_confirmed(const char *text, void *arg)
{
	struct destroy_op *d = arg;
	struct conv *cv = room_conv(d->room);
	if (text == NULL || !names_room(text, d->room)) {
		core_notice(cv, LEVEL_INFO, "%s was not destroyed", d->room);
	} else if (core_conn_state() != CONN_ONLINE) {
		core_notice(cv, LEVEL_ERROR, "not connected: %s was not destroyed", d->room);
	} else {
		struct mod_op *op = xmalloc(sizeof(*op));
		op->room = xstrdup(d->room);
		op->done = xasprintf("%s was destroyed", d->room);
		op->what = xasprintf("destroy %s", d->room);
		xmuc_destroy(d->room, d->reason, mod_done, op);
	}
	free(d->room);
	free(d->reason);
	free(d);
}

/* /destroy [REASON]: after the user types the room's name. */
int cmd_exec_destroy(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct room *r = cmd_room_here(ctx);
	if (r == NULL)
		return -1;
	struct destroy_op *d = xmalloc(sizeof(*d));
	d->room = xstrdup(r->jid);
	d->reason = argc > 0 ? xstrdup(argv[0]) : NULL;
	core_notice(r->conv, LEVEL_INFO,
	            "destroying %s removes it for everyone; type its name to confirm, "
	            "anything else keeps it",
	            r->jid);
	char *prompt = xasprintf("Room to destroy (%s): ", r->jid);
	core_ask(prompt, false, destroy_confirmed, d);
	free(prompt);
	return 0;
}

/* Complete the nicks of the focused room's occupants (first argument). */
char **cmd_complete_occupant(int argi, const char *prefix)
{
	struct room *r = room_of_conv(conv_focused());
	if (argi != 0 || r == NULL)
		return NULL;
	struct cands c = {0};
	for (size_t i = 0; i < r->noccupants; i++)
		cands_add(&c, r->occupants[i]->nick, prefix);
	return cands_finish(&c);
}

/* Complete /role NICK ROLE. */
char **cmd_complete_role(int argi, const char *prefix)
{
	if (argi == 0)
		return cmd_complete_occupant(argi, prefix);
	struct cands c = {0};
	if (argi == 1)
		for (enum muc_role x = ROLE_VISITOR; x <= ROLE_MODERATOR; x++)
			cands_add(&c, muc_role_name(x), prefix);
	return cands_finish(&c);
}

/* Complete /affiliation NICK-OR-JID AFFILIATION and /affiliations TYPE. */
char **cmd_complete_affil(int argi, const char *prefix)
{
	if (argi == 0 && room_of_conv(conv_focused()))
		return cmd_complete_occupant(argi, prefix);
	struct cands c = {0};
	if (argi == 1)
		for (enum muc_affil x = AFFIL_NONE; x <= AFFIL_OWNER; x++)
			cands_add(&c, muc_affil_name(x), prefix);
	return cands_finish(&c);
}

/* Complete /affiliations TYPE. */
char **cmd_complete_affil_type(int argi, const char *prefix)
{
	struct cands c = {0};
	if (argi == 0)
		for (enum muc_affil x = AFFIL_OUTCAST; x <= AFFIL_OWNER; x++)
			cands_add(&c, muc_affil_name(x), prefix);
	return cands_finish(&c);
}
