/* cmd_history.c - /search, /jump and /history: the local message history */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "store.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"

#define SEARCH_MAX_HITS 50

/* The hits of the last /search, for /jump. */
struct last_hit {
	char *conv;
	long long rowid;
};
static struct last_hit hits[SEARCH_MAX_HITS];
static size_t nhits;

/* Forget the last search's hits. */
static void hits_clear(void)
{
	for (size_t i = 0; i < nhits; i++)
		free(hits[i].conv);
	nhits = 0;
}

/* The words of argv from i on, joined by spaces. Caller frees. */
static char *join_words(int argc, char **argv, int i)
{
	struct strbuf sb = STRBUF_INIT;
	for (; i < argc; i++) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_adds(&sb, argv[i]);
	}
	return strbuf_detach(&sb);
}

/* Print one hit in the console: "[N] DATE JID <sender> snippet". */
static void hit_print(size_t n, const struct store_hit *h)
{
	char *when = format_time(h->msg->ts, "%Y-%m-%d %H:%M");
	core_info("[%zu] %s %s <%s> %s", n, when, h->msg->conv,
	          h->msg->sender ? h->msg->sender : "?", h->snippet ? h->snippet : h->msg->body);
	free(when);
}

/* /search [-c JID] TEXT: full-text search of the history. */
int cmd_exec_search(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *conv = NULL;
	int first = 0;
	if (argc >= 2 && strcmp(argv[0], "-c") == 0) {
		if (!jid_valid(argv[1])) {
			cmd_error(ctx, "not a valid JID: %s", argv[1]);
			return -1;
		}
		conv = argv[1];
		first = 2;
	}
	if (first >= argc) {
		cmd_error(ctx, "usage: /search [-c JID] TEXT");
		return -1;
	}
	if (!store_ready()) {
		cmd_error(ctx, "no history to search yet (it opens with /connect)");
		return -1;
	}
	char *query = join_words(argc, argv, first);
	char *bare = conv ? jid_bare(conv) : NULL;
	struct store_hit *found = NULL;
	size_t n = store_search(bare, query, SEARCH_MAX_HITS, &found);
	hits_clear();
	core_info("search for \"%s\"%s%s: %zu hit%s%s", query, bare ? " in " : "", bare ? bare : "",
	          n, n == 1 ? "" : "s", n ? " (/jump N shows one in its conversation)" : "");
	for (size_t i = 0; i < n; i++) {
		hit_print(i + 1, &found[i]);
		hits[nhits++] = (struct last_hit){xstrdup(found[i].msg->conv), found[i].msg->rowid};
	}
	store_hits_free(found, n);
	free(bare);
	free(query);
	return 0;
}

/* /jump N: show hit N of the last search in its conversation. */
int cmd_exec_jump(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	char *end;
	long n = strtol(argv[0], &end, 10);
	if (*end || n < 1 || (size_t)n > nhits) {
		cmd_error(
		    ctx, nhits ? "no hit %s: the last /search had %zu" : "no hit %s: /search first",
		    argv[0], nhits);
		return -1;
	}
	return core_show_stored(hits[n - 1].conv, hits[n - 1].rowid) < 0 ? -1 : 0;
}

/* /history export JID [FILE]: write a conversation as plain text. */
int cmd_exec_history(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (strcmp(argv[0], "export") != 0 || argc < 2) {
		cmd_error(ctx, "usage: /history export JID [FILE]");
		return -1;
	}
	if (!jid_valid(argv[1])) {
		cmd_error(ctx, "not a valid JID: %s", argv[1]);
		return -1;
	}
	char *bare = jid_bare(argv[1]);
	char *path = argc > 2 ? xstrdup(argv[2]) : xasprintf("%s.txt", bare);
	int rc = store_ready() ? store_export(bare, path) : -1;
	if (rc < 0)
		cmd_error(ctx, "could not export %s to %s: %s", bare, path,
		          store_ready() ? store_error()
		                        : "no history yet (it opens with /connect)");
	else
		core_info("exported the conversation with %s to %s", bare, path);
	free(path);
	free(bare);
	return rc;
}
