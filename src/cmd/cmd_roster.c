/* cmd_roster.c - /roster: list, add, remove, rename, group, fold, filter, search */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "presence.h"
#include "roster.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"

#define SEARCH_SHOWN_MAX 200 /* contacts /roster search lists */

/* The subcommands and their usage lines. */
static const struct {
	const char *name, *usage;
} subs[] = {
    {"add", "/roster add JID [NAME]"},     {"remove", "/roster remove JID"},
    {"rename", "/roster rename JID NAME"}, {"group", "/roster group JID [GROUP...]"},
    {"fold", "/roster fold GROUP"},        {"filter", "/roster filter [TEXT]"},
    {"search", "/roster search TEXT"},
};
#define NSUBS (sizeof(subs) / sizeof(subs[0]))

/* Order contacts by the label shown, then by JID, for qsort. */
static int cmp_contact(const void *a, const void *b)
{
	const struct contact *x = *(const struct contact *const *)a;
	const struct contact *y = *(const struct contact *const *)b;
	int d = strcasecmp(contact_label(x), contact_label(y));
	return d ? d : strcmp(x->jid, y->jid);
}

/* Print one contact: name, JID, subscription, groups, presence and status. */
static void print_contact(const struct contact *c)
{
	const char *status = contact_status(c);
	char *who = c->name && *c->name ? xasprintf("%s <%s>", c->name, c->jid) : xstrdup(c->jid);
	struct strbuf groups = STRBUF_INIT;
	for (size_t i = 0; c->groups && c->groups[i]; i++)
		strbuf_addf(&groups, "%s%s", i ? ", " : "  groups: ", c->groups[i]);
	core_info("  %s  subscription %s%s%s  %s%s%s", who, subscription_name(c->sub),
	          c->ask ? " (request pending)" : "", strbuf_str(&groups),
	          show_name(contact_show(c)), status ? ": " : "", status ? status : "");
	strbuf_free(&groups);
	free(who);
}

/* The in-roster contacts that match needle (NULL: all), sorted; *n set.
 * Caller frees the array. */
static struct contact **sorted_contacts(const char *needle, size_t *n)
{
	size_t all;
	struct contact **items = roster_items(&all);
	struct contact **v = xcalloc(all + 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < all; i++)
		if (items[i]->in_roster && (needle == NULL || contact_matches(items[i], needle)))
			v[(*n)++] = items[i];
	qsort(v, *n, sizeof(*v), cmp_contact);
	return v;
}

/* Print the pending subscription requests, if any. */
static void print_pending(void)
{
	size_t n;
	struct sub_request *const *reqs = roster_pending(&n);
	if (n == 0)
		return;
	core_info("Waiting for your answer (%zu): /accept JID or /deny JID", n);
	for (size_t i = 0; i < n; i++) {
		char *when = format_time(reqs[i]->when, "%Y-%m-%d %H:%M");
		core_info("  %s  asked %s%s%s", reqs[i]->jid, when, reqs[i]->status ? ": " : "",
		          reqs[i]->status ? reqs[i]->status : "");
		free(when);
	}
}

/* /roster: every contact, then the requests waiting for an answer. */
static int roster_list(void)
{
	size_t shown;
	struct contact **v = sorted_contacts(NULL, &shown);
	if (shown == 0)
		core_info("the roster is empty");
	else
		core_info("Roster (%zu contact%s):", shown, shown == 1 ? "" : "s");
	for (size_t i = 0; i < shown; i++)
		print_contact(v[i]);
	free(v);
	print_pending();
	return 0;
}

/* argv[from..] joined by single spaces, or NULL when there are none. Caller frees. */
static char *join_words(int argc, char **argv, int from)
{
	if (from >= argc)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (int i = from; i < argc; i++)
		strbuf_addf(&sb, "%s%s", i > from ? " " : "", argv[i]);
	return strbuf_detach(&sb);
}

/* /roster search TEXT: matching contacts in the console. */
static int roster_search(const char *text)
{
	size_t n;
	struct contact **v = sorted_contacts(text, &n);
	if (n == 0)
		core_info("no contact's name, JID or group contains \"%s\"", text);
	else
		core_info("%zu contact%s match%s \"%s\":", n, n == 1 ? "" : "s", n == 1 ? "es" : "",
		          text);
	for (size_t i = 0; i < n && i < SEARCH_SHOWN_MAX; i++)
		print_contact(v[i]);
	if (n > SEARCH_SHOWN_MAX)
		core_info("  ... and %zu more: narrow the search", n - SEARCH_SHOWN_MAX);
	free(v);
	return 0;
}

/* /roster filter [TEXT]: narrow the roster pane, or show everything again. */
static int roster_filter_cmd(const char *text)
{
	roster_filter_set(text);
	if (text == NULL) {
		core_info("roster filter off: the pane shows every contact");
		return 0;
	}
	size_t n;
	free(sorted_contacts(text, &n));
	core_info("roster filter \"%s\": %zu contact%s match (/roster filter alone turns it off)",
	          text, n, n == 1 ? "" : "s");
	return 0;
}

/* /roster fold GROUP: fold the group in the pane, or unfold it. */
static int roster_fold(const char *group)
{
	bool fold = !roster_group_folded(group);
	roster_group_fold(group, fold);
	core_info("roster group %s %s", group, fold ? "folded" : "unfolded");
	return 0;
}

/* Usage line of subcommand sub, or NULL when there is none called so. */
static const char *sub_usage(const char *sub)
{
	for (size_t i = 0; i < NSUBS; i++)
		if (strcmp(subs[i].name, sub) == 0)
			return subs[i].usage;
	return NULL;
}

/* True for the subcommands whose text starts at the first argument. */
static bool text_from_first(const char *sub)
{
	return strcmp(sub, "filter") == 0 || strcmp(sub, "search") == 0 || strcmp(sub, "fold") == 0;
}

/* Run subcommand argv[0] with its arguments: 0, -1 on failure, -2 when the
 * arguments do not fit it. */
static int roster_sub_run(const char *sub, int argc, char **argv, const char *rest)
{
	if (strcmp(sub, "add") == 0 && argc >= 2)
		return roster_add_contact(argv[1], rest);
	if (strcmp(sub, "remove") == 0 && argc == 2)
		return roster_remove_contact(argv[1]);
	if (strcmp(sub, "rename") == 0 && argc >= 3)
		return roster_rename_contact(argv[1], rest);
	if (strcmp(sub, "group") == 0 && argc >= 2)
		return roster_set_groups(argv[1], argv + 2);
	if (strcmp(sub, "fold") == 0 && rest)
		return roster_fold(rest);
	if (strcmp(sub, "filter") == 0)
		return roster_filter_cmd(rest);
	if (strcmp(sub, "search") == 0 && rest)
		return roster_search(rest);
	return -2;
}

/* Check the subcommand, run it, and show its usage when misused. */
static int roster_sub(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *usage = sub_usage(argv[0]);
	if (usage == NULL) {
		cmd_error(ctx,
		          "unknown subcommand /roster %s (add, remove, rename, group, fold, "
		          "filter or search)",
		          argv[0]);
		return -1;
	}
	char *rest = join_words(argc, argv, text_from_first(argv[0]) ? 1 : 2);
	int rc = roster_sub_run(argv[0], argc, argv, rest);
	free(rest);
	if (rc == -2)
		cmd_error(ctx, "usage: %s", usage);
	return rc < 0 ? -1 : 0;
}

/* Group names of the roster starting with prefix, added to c. */
static void add_group_names(struct cands *c, const char *prefix)
{
	size_t n;
	struct contact **items = roster_items(&n);
	for (size_t i = 0; i < n; i++)
		for (size_t g = 0; items[i]->groups && items[i]->groups[g]; g++)
			cands_add(c, items[i]->groups[g], prefix);
}

/* Complete /roster: subcommands, then JIDs (roster and pending), then groups. */
char **cmd_complete_roster(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	if (argi == 0) {
		for (size_t i = 0; i < NSUBS; i++)
			cands_add(&c, subs[i].name, prefix);
		return cands_finish(&c);
	}
	if (argi >= 2) {
		add_group_names(&c, prefix);
		return cands_finish(&c);
	}
	size_t n;
	struct contact **items = roster_items(&n);
	for (size_t i = 0; i < n; i++)
		if (items[i]->in_roster)
			cands_add(&c, items[i]->jid, prefix);
	struct sub_request *const *reqs = roster_pending(&n);
	for (size_t i = 0; i < n; i++)
		cands_add(&c, reqs[i]->jid, prefix);
	add_group_names(&c, prefix);
	return cands_finish(&c);
}

/* /roster [SUBCOMMAND ...]. */
int cmd_exec_roster(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc == 0)
		return roster_list();
	return roster_sub(ctx, argc, argv);
}
