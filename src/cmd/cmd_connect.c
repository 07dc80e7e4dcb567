/* cmd_connect.c - /connect and /disconnect */
#include <string.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "settings.h"

/* /connect [JID]: set the account if given, then connect. */
int cmd_exec_connect(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *err = NULL;
	if (argc == 1) {
		/* "/connect me@host secret" must not show the secret in an error. */
		if (strpbrk(argv[0], " \t")) {
			cmd_error(ctx, "usage: %s", cmd_find_exact("connect")->usage);
			return -1;
		}
		if (!jid_valid(argv[0])) {
			cmd_error(ctx, "not a valid JID: %s", argv[0]);
			return -1;
		}
		if (setting_set("jid", argv[0], &err) < 0) {
			cmd_error(ctx, "%s", err);
			return -1;
		}
	}
	return core_connect();
}

/* /disconnect: close the connection. */
int cmd_exec_disconnect(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (core_conn_state() == CONN_OFFLINE) {
		cmd_error(ctx, "not connected");
		return -1;
	}
	core_disconnect();
	return 0;
}
