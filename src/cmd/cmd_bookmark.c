/* cmd_bookmark.c - /bookmark add|remove and /bookmarks: rooms bookmarked on
 * the server (XEP-0402 or XEP-0048), joined at login when marked autojoin */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conv.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "room.h"
#include "settings.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* A change waiting for the server: what to say when it is done. */
struct bm_cmd {
	char *jid;
	bool remove, autojoin;
};

/* The server's answer to /bookmark add or remove. */
static void bookmark_done(const char *error, void *arg)
{
	struct bm_cmd *bc = arg;
	if (error)
		core_error("could not %s the bookmark of %s: %s", bc->remove ? "remove" : "save",
		           bc->jid, error);
	else if (bc->remove)
		core_info("removed the bookmark of %s", bc->jid);
	else
		core_info("bookmarked %s%s", bc->jid,
		          bc->autojoin ? " (joined automatically at login)" : "");
	free(bc->jid);
	free(bc);
}

/* The bookmark of jid as the server last told us, or NULL. */
static const struct xbookmark *bookmark_find(const char *jid)
{
	size_t n;
	const struct xbookmark *v = xbookmarks_list(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].jid, jid) == 0)
			return &v[i];
	return NULL;
}

/* The room named by arg (ROOM[@SERVICE][/NICK]), or the focused room when
 * arg is NULL; *nick gets a NICK given. NULL after saying why. Caller frees. */
static char *room_arg(struct cmd_ctx *ctx, const char *arg, char **nick)
{
	*nick = NULL;
	if (arg == NULL) {
		struct room *r = room_of_conv(ctx->conv ? ctx->conv : conv_focused());
		if (r == NULL)
			cmd_error(ctx, "name a room (room@service), or run this in a room's tab");
		return r ? xstrdup(r->jid) : NULL;
	}
	char *full = strchr(arg, '@') || !*setting_str("muc_service")
	                 ? xstrdup(arg)
	                 : xasprintf("%s@%s", arg, setting_str("muc_service"));
	if (!jid_valid(full) || strchr(full, '@') == NULL) {
		cmd_error(ctx, "not a room address: %s (use room@service)", arg);
		free(full);
		return NULL;
	}
	if (jid_resource(full) && *jid_resource(full))
		*nick = xstrdup(jid_resource(full));
	char *jid = jid_bare(full);
	free(full);
	return jid;
}

/* The nick a join would use: setting nick, else our JID's local part. Caller frees. */
static char *default_nick(void)
{
	if (*setting_str("nick"))
		return xstrdup(setting_str("nick"));
	return jid_local(setting_str("jid"));
}

/* /bookmark add [ROOM] [autojoin]: nick and password of the room kept. */
static int bookmark_add(struct cmd_ctx *ctx, int argc, char **argv)
{
	bool autojoin = argc > 0 && strcmp(argv[argc - 1], "autojoin") == 0;
	if (autojoin)
		argc--;
	if (argc > 1) {
		cmd_error(ctx, "usage: /bookmark add [ROOM] [autojoin]");
		return -1;
	}
	char *nick;
	char *jid = room_arg(ctx, argc ? argv[0] : NULL, &nick);
	if (jid == NULL)
		return -1;
	struct room *r = room_find(jid);
	const struct xbookmark *old = bookmark_find(jid);
	if (nick == NULL && !(r && r->nick) && !(old && old->nick))
		nick = default_nick();
	struct xbookmark b = {
	    .jid = jid,
	    .name = old ? old->name : NULL,
	    .nick = nick           ? nick
	            : r && r->nick ? r->nick
	            : old          ? old->nick
	                           : NULL,
	    .password = r && r->password ? r->password
	                : old            ? old->password
	                                 : NULL,
	    .autojoin = autojoin,
	};
	struct bm_cmd *bc = xcalloc(1, sizeof(*bc));
	bc->jid = xstrdup(jid);
	bc->autojoin = autojoin;
	xbookmarks_set(&b, bookmark_done, bc);
	free(nick);
	free(jid);
	return 0;
}

/* /bookmark remove [ROOM]. */
static int bookmark_remove(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc > 1) {
		cmd_error(ctx, "usage: /bookmark remove [ROOM]");
		return -1;
	}
	char *nick;
	char *jid = room_arg(ctx, argc ? argv[0] : NULL, &nick);
	free(nick);
	if (jid == NULL)
		return -1;
	size_t n;
	if (xbookmarks_list(&n) && bookmark_find(jid) == NULL) {
		cmd_error(ctx, "%s has no bookmark", jid);
		free(jid);
		return -1;
	}
	struct bm_cmd *bc = xcalloc(1, sizeof(*bc));
	bc->jid = jid;
	bc->remove = true;
	xbookmarks_remove(jid, bookmark_done, bc);
	return 0;
}

/* /bookmark add|remove ... */
int cmd_exec_bookmark(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (core_conn_state() != CONN_ONLINE) {
		cmd_error(ctx, "not connected");
		return -1;
	}
	if (strcmp(argv[0], "add") == 0)
		return bookmark_add(ctx, argc - 1, argv + 1);
	if (strcmp(argv[0], "remove") == 0)
		return bookmark_remove(ctx, argc - 1, argv + 1);
	cmd_error(ctx, "unknown /bookmark action %s (add or remove)", argv[0]);
	return -1;
}

/* One line of /bookmarks. */
static void print_bookmark(const struct xbookmark *b)
{
	core_info("  %s%s%s%s%s%s%s", b->jid, b->nick ? " as " : "", b->nick ? b->nick : "",
	          b->autojoin ? ", autojoin" : "", b->password ? ", with password" : "",
	          b->name ? " — " : "", b->name ? b->name : "");
}

/* /bookmarks: the list as the server keeps it. */
int cmd_exec_bookmarks(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	size_t n;
	const struct xbookmark *v = xbookmarks_list(&n);
	if (v == NULL) {
		cmd_error(ctx, core_conn_state() == CONN_ONLINE
		                   ? "the bookmarks have not arrived from the server yet"
		                   : "not connected");
		return -1;
	}
	if (n == 0)
		core_info("no bookmarks");
	else
		core_info("%zu bookmark%s (%s):", n, n == 1 ? "" : "s", xbookmarks_kind());
	for (size_t i = 0; i < n; i++)
		print_bookmark(&v[i]);
	return 0;
}

/* Complete /bookmark: the action, then rooms (bookmarked and open), then autojoin. */
char **cmd_complete_bookmark(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	if (argi == 0) {
		cands_add(&c, "add", prefix);
		cands_add(&c, "remove", prefix);
	} else if (argi == 1) {
		size_t n, nr;
		const struct xbookmark *v = xbookmarks_list(&n);
		for (size_t i = 0; i < n; i++)
			cands_add(&c, v[i].jid, prefix);
		struct room **rooms = room_list(&nr);
		for (size_t i = 0; i < nr; i++)
			if (bookmark_find(rooms[i]->jid) == NULL)
				cands_add(&c, rooms[i]->jid, prefix);
		cands_add(&c, "autojoin", prefix);
	} else if (argi == 2) {
		cands_add(&c, "autojoin", prefix);
	}
	return cands_finish(&c);
}
