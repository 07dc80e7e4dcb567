/* cmd_invite.c - /invite JID [REASON], and /join without arguments, which
 * accepts the newest invitation */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "room.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* /invite JID [REASON]: invite JID to the room of the focused tab. */
int cmd_exec_invite(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (!jid_valid(argv[0]) || strchr(argv[0], '@') == NULL) {
		cmd_error(ctx, "not a valid JID: %s", argv[0]);
		return -1;
	}
	struct room *r = cmd_room_here(ctx);
	if (r == NULL)
		return -1;
	const char *reason = argc > 1 ? argv[1] : NULL;
	xmuc_invite_send(r->jid, argv[0], reason);
	core_notice(r->conv, LEVEL_INFO, "invited %s to %s", argv[0], r->jid);
	return 0;
}

/* /join without arguments: join the room of the newest invitation. */
int cmd_join_invited(struct cmd_ctx *ctx)
{
	const struct xmuc_invite *inv = xmuc_invite_last();
	if (inv == NULL) {
		cmd_error(ctx, "no invitation to accept: use /join ROOM");
		return -1;
	}
	char *room = xstrdup(inv->room);
	char *password = inv->password ? xstrdup(inv->password) : NULL;
	xmuc_invite_forget(room);
	int rc = core_room_join(room, NULL, password);
	free(password);
	free(room);
	return rc;
}
