/* cmd_quit.c - /quit (and /exit) */
#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "loop.h"

/* /quit: say goodbye to the server and stop the loop. */
int cmd_exec_quit(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	core_disconnect();
	loop_quit(0);
	return 0;
}
