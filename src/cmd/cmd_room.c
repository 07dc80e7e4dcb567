/* cmd_room.c - /join, /part, /nick, /topic and /me */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "settings.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* A join waiting for the room service to be found. */
struct pending_join {
	char *local, *nick, *password;
};

/* The room service is known (or not): join now. */
static void service_found(const char *service, const char *error, void *arg)
{
	struct pending_join *pj = arg;
	if (service) {
		char *room = xasprintf("%s@%s", pj->local, service);
		core_room_join(room, pj->nick, pj->password);
		free(room);
	} else {
		core_error("cannot join %s: %s", pj->local, error ? error : XQ_LOST);
	}
	free(pj->local);
	free(pj->nick);
	free(pj->password);
	free(pj);
}

/* Join ROOM without a service: muc_service, or ask the server. */
static int join_local(struct cmd_ctx *ctx, char *local, const char *nick, const char *password)
{
	const char *svc = setting_str("muc_service");
	if (svc && *svc) {
		char *room = xasprintf("%s@%s", local, svc);
		int rc = core_room_join(room, nick, password);
		free(room);
		return rc;
	}
	if (core_conn_state() != CONN_ONLINE) {
		cmd_error(ctx, "give the room as room@service, or /set muc_service, while offline");
		return -1;
	}
	struct pending_join *pj = xcalloc(1, sizeof(*pj));
	pj->local = xstrdup(local);
	pj->nick = xstrdup(nick);
	pj->password = xstrdup(password);
	xmuc_find_service(service_found, pj);
	return 0;
}

/* /join ROOM[@SERVICE][/NICK] [PASSWORD]; without arguments, accept the
 * newest invitation. */
int cmd_exec_join(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc == 0)
		return cmd_join_invited(ctx);
	char *spec = xstrdup(argv[0]);
	char *slash = strchr(spec, '/');
	const char *nick = NULL;
	if (slash) {
		*slash = '\0';
		nick = slash + 1;
	}
	const char *password = argc > 1 ? argv[1] : NULL;
	int rc;
	if (*spec == '\0' || (nick && *nick == '\0')) {
		cmd_error(ctx, "usage: /join ROOM[@SERVICE][/NICK] [PASSWORD]");
		rc = -1;
	} else if (strchr(spec, '@') == NULL) {
		rc = join_local(ctx, spec, nick, password);
	} else {
		rc = core_room_join(spec, nick, password);
	}
	free(spec);
	return rc;
}

/* The room of the focused tab, or NULL after saying so. */
static struct room *ctx_room(struct cmd_ctx *ctx)
{
	struct room *r = room_of_conv(ctx->conv);
	if (r == NULL)
		cmd_error(ctx, "this is not a room: switch to the room's tab first");
	return r;
}

/* /part [REASON] */
int cmd_exec_part(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct room *r = ctx_room(ctx);
	if (r == NULL)
		return -1;
	return core_room_part(r, argc > 0 ? argv[0] : NULL);
}

/* /nick NICK */
int cmd_exec_nick(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	struct room *r = ctx_room(ctx);
	if (r == NULL)
		return -1;
	return core_room_nick(r, argv[0]);
}

/* /topic [TEXT]: show or set the topic. */
int cmd_exec_topic(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct room *r = ctx_room(ctx);
	if (r == NULL)
		return -1;
	if (argc == 0) {
		room_notice(r, LEVEL_INFO, "topic: %s", r->subject ? r->subject : "(none)");
		return 0;
	}
	return core_room_topic(r, argv[0]);
}

/* /me ACTION: "* nick action" in a room or a chat (XEP-0245). */
int cmd_exec_me(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	if (ctx->conv == NULL || ctx->conv->type == CONV_CONSOLE) {
		cmd_error(ctx, "this is the console: /me works in chats and rooms");
		return -1;
	}
	char *text = xasprintf("/me %s", argv[0]);
	int rc = core_send(ctx->conv, text);
	free(text);
	return rc < 0 ? -1 : 0;
}
