/* cmd_status.c - /status: our presence and status message */
#include <string.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "presence.h"

/* /status SHOW [MESSAGE]: set our presence. */
int cmd_exec_status(struct cmd_ctx *ctx, int argc, char **argv)
{
	enum show show;
	if (show_parse(argv[0], &show) < 0 || show == SHOW_OFFLINE) {
		cmd_error(ctx, "unknown presence %s: use online, chat, away, xa or dnd", argv[0]);
		return -1;
	}
	core_set_presence(show, argc > 1 ? argv[1] : NULL);
	return 0;
}
