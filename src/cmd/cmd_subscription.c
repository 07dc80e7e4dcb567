/* cmd_subscription.c - /accept and /deny: answers to subscription requests */
#include <stddef.h>

#include "cmd.h"
#include "handlers.h"
#include "roster.h"

/* /accept JID: let JID see our presence (and ask for theirs). */
int cmd_exec_accept(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	return roster_accept(argv[0]);
}

/* /deny JID: refuse JID's request, or stop sharing our presence. */
int cmd_exec_deny(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	return roster_deny(argv[0]);
}

/* Add the JIDs of the pending requests that start with prefix. */
static void add_pending(struct cands *c, const char *prefix)
{
	size_t n;
	struct sub_request *const *reqs = roster_pending(&n);
	for (size_t i = 0; i < n; i++)
		cands_add(c, reqs[i]->jid, prefix);
}

/* Complete /accept: the JIDs waiting for an answer. */
char **cmd_complete_pending(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	if (argi != 0)
		return NULL;
	add_pending(&c, prefix);
	return cands_finish(&c);
}

/* Complete /deny: waiting JIDs, and contacts who see our presence. */
char **cmd_complete_deny(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	size_t n;
	if (argi != 0)
		return NULL;
	add_pending(&c, prefix);
	struct contact **items = roster_items(&n);
	for (size_t i = 0; i < n; i++)
		if (items[i]->in_roster && (items[i]->sub == SUB_FROM || items[i]->sub == SUB_BOTH))
			cands_add(&c, items[i]->jid, prefix);
	return cands_finish(&c);
}
