/* cmd_block.c - /block, /unblock and /blocked: the server's blocklist (XEP-0191) */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* A /block or /unblock waiting for the server. */
struct block_cmd {
	char *jid;
	bool block;
};

/* True when online; otherwise says so. */
static bool need_online(struct cmd_ctx *ctx)
{
	if (core_conn_state() == CONN_ONLINE)
		return true;
	cmd_error(ctx, "not connected");
	return false;
}

/* The server's answer to /block or /unblock. */
static void block_done(const char *error, void *arg)
{
	struct block_cmd *bc = arg;
	if (error)
		core_error("could not %s %s: %s", bc->block ? "block" : "unblock", bc->jid, error);
	else if (bc->block)
		core_info("blocked %s: nothing they send reaches you, and they no longer see "
		          "your presence",
		          bc->jid);
	else
		core_info("unblocked %s", bc->jid);
	free(bc->jid);
	free(bc);
}

/* /block JID and /unblock JID. */
static int block_change(struct cmd_ctx *ctx, const char *jid, bool block)
{
	if (!jid_valid(jid)) {
		cmd_error(ctx, "not a valid JID: %s", jid);
		return -1;
	}
	if (!need_online(ctx))
		return -1;
	struct block_cmd *bc = xmalloc(sizeof(*bc));
	/* bare and domain JIDs are compared without case by servers; keep full ones */
	bc->jid = jid_resource(jid) ? xstrdup(jid) : jid_bare(jid);
	bc->block = block;
	xblocking_change(bc->jid, block, block_done, bc);
	return 0;
}

/* /block JID. */
int cmd_exec_block(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	return block_change(ctx, argv[0], true);
}

/* /unblock JID. */
int cmd_exec_unblock(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	return block_change(ctx, argv[0], false);
}

/* Print the blocklist. */
static void print_list(void)
{
	char **v = xblocking_list();
	size_t n = strv_len(v);
	if (n == 0)
		core_info("you block nobody");
	else
		core_info("you block %zu JID%s:", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		core_info("  %s", v[i]);
	strv_free(v);
}

/* The blocklist arrived for /blocked. */
static void blocked_done(const char *error, void *arg)
{
	(void)arg;
	if (error)
		core_error("cannot list blocked JIDs: %s", error);
	else
		print_list();
}

/* /blocked: the list as the server keeps it. */
int cmd_exec_blocked(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!need_online(ctx))
		return -1;
	char **v = xblocking_list();
	if (v) {
		print_list();
		strv_free(v);
	} else {
		xblocking_fetch(blocked_done, NULL);
	}
	return 0;
}

/* Complete /unblock from the blocklist. */
char **cmd_complete_blocked(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	if (argi != 0)
		return NULL;
	char **v = xblocking_list();
	for (size_t i = 0; v && v[i]; i++)
		cands_add(&c, v[i], prefix);
	strv_free(v);
	return cands_finish(&c);
}
