/* cmd_tab.c - /tab and /close: moving between and closing tabs */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conv.h"
#include "handlers.h"

/* Parse a 1-based tab number; 0 when s is not a number. */
static size_t parse_tab(const char *s)
{
	char *end;
	if (!isdigit((unsigned char)*s))
		return 0;
	errno = 0;
	unsigned long n = strtoul(s, &end, 10);
	return (*end || errno) ? 0 : (size_t)n;
}

/* The tab /tab's argument names, relative to tab cur of n; 0 when none. */
static size_t tab_target(const char *arg, size_t cur, size_t n)
{
	if (strcmp(arg, "next") == 0)
		return cur % n + 1;
	if (strcmp(arg, "prev") == 0)
		return cur > 1 ? cur - 1 : n;
	return parse_tab(arg);
}

/* /tab N|next|prev: focus a tab. */
int cmd_exec_tab(struct cmd_ctx *ctx, int argc, char **argv)
{
	size_t n;
	(void)argc;
	conv_list(&n);
	size_t want = tab_target(argv[0], conv_index(ctx->conv), n);
	if (want == 0) {
		cmd_error(ctx, "usage: %s", cmd_find_exact("tab")->usage);
		return -1;
	}
	if (!conv_focus_index(want)) {
		cmd_error(ctx, "no tab %zu: there %s %zu", want, n == 1 ? "is" : "are", n);
		return -1;
	}
	return 0;
}

/* /close [N]: close the focused chat or the chat in tab N. */
int cmd_exec_close(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct conv *cv = ctx->conv;
	if (argc == 1) {
		size_t n, i = parse_tab(argv[0]);
		struct conv **convs = conv_list(&n);
		if (i == 0) {
			cmd_error(ctx, "usage: %s", cmd_find_exact("close")->usage);
			return -1;
		}
		if (i > n) {
			cmd_error(ctx, "no tab %zu: there %s %zu", i, n == 1 ? "is" : "are", n);
			return -1;
		}
		cv = convs[i - 1];
	}
	if (cv == NULL || cv->type == CONV_CONSOLE) {
		cmd_error(ctx, "the console cannot be closed (/quit leaves natter)");
		return -1;
	}
	conv_close(cv);
	return 0;
}
