/* cmd_roster.c - /roster: the contact list in the console */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "presence.h"
#include "roster.h"
#include "xmalloc.h"

/* Order contacts by the label shown, then by JID, for qsort. */
static int cmp_contact(const void *a, const void *b)
{
	const struct contact *x = *(const struct contact *const *)a;
	const struct contact *y = *(const struct contact *const *)b;
	int d = strcasecmp(contact_label(x), contact_label(y));
	return d ? d : strcmp(x->jid, y->jid);
}

/* Print one contact: name, JID, subscription, presence and status. */
static void print_contact(const struct contact *c)
{
	const char *status = contact_status(c);
	char *who = c->name && *c->name ? xasprintf("%s <%s>", c->name, c->jid) : xstrdup(c->jid);
	core_info("  %s  subscription %s%s  %s%s%s", who, subscription_name(c->sub),
	          c->ask ? " (request pending)" : "", show_name(contact_show(c)),
	          status ? ": " : "", status ? status : "");
	free(who);
}

/* /roster: list every contact in the roster. */
int cmd_exec_roster(struct cmd_ctx *ctx, int argc, char **argv)
{
	size_t n, shown = 0;
	struct contact **all = roster_items(&n);
	(void)ctx;
	(void)argc;
	(void)argv;
	struct contact **v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		if (all[i]->in_roster)
			v[shown++] = all[i];
	qsort(v, shown, sizeof(*v), cmp_contact);
	if (shown == 0)
		core_info("the roster is empty");
	else
		core_info("Roster (%zu contact%s):", shown, shown == 1 ? "" : "s");
	for (size_t i = 0; i < shown; i++)
		print_contact(v[i]);
	free(v);
	return 0;
}
