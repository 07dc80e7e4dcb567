/* cmd_msg.c - /msg: open a chat and maybe send a first message */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conv.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"

/* /msg NICK [TEXT] in a room's tab: the private tab with that occupant. */
static int msg_occupant(struct room *r, int argc, char **argv)
{
	struct conv *cv = core_room_private(r, argv[0]);
	if (cv == NULL)
		return -1;
	if (argc < 2)
		return 0;
	return core_send(cv, argv[1]) < 0 ? -1 : 0;
}

/* /msg JID [TEXT]: open and focus the chat with JID, send TEXT if given. */
int cmd_exec_msg(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct room *r = room_of_conv(ctx->conv);
	if (r && (strchr(argv[0], '@') == NULL || room_occupant_find(r, argv[0])))
		return msg_occupant(r, argc, argv);
	if (!jid_valid(argv[0])) {
		cmd_error(ctx, "not a valid JID: %s", argv[0]);
		return -1;
	}
	char *bare = jid_bare(argv[0]);
	struct conv *cv = conv_open(bare);
	free(bare);
	conv_focus(cv);
	if (argc < 2)
		return 0;
	return core_send(cv, argv[1]) < 0 ? -1 : 0;
}
