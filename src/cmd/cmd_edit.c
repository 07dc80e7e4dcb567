/* cmd_edit.c - /correct, /retract and /react: change what was said */
#include "cmd.h"
#include "conv.h"
#include "core.h"
#include "handlers.h"

/* /correct TEXT: our last message in the focused tab now reads TEXT. */
int cmd_exec_correct(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	return core_correct(ctx->conv, argv[0]) < 0 ? -1 : 0;
}

/* /retract: take back our last message in the focused tab. */
int cmd_exec_retract(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return core_retract(ctx->conv) < 0 ? -1 : 0;
}

/* /react EMOJI: add (or, again, remove) a reaction to the newest message
 * from the other side in the focused tab. */
int cmd_exec_react(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	return core_react(ctx->conv, argv[0]) < 0 ? -1 : 0;
}
