/* run.c - the one line parser: /commands, and text for the focused chat */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conv.h"
#include "core.h"
#include "util.h"
#include "xmalloc.h"

/* True for the characters that separate words. */
static int is_blank(char c)
{
	return isspace((unsigned char)c);
}

/* First non-blank character at or after p. */
static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* End of the word starting at p. Quotes and backslashes follow the rules of
 * split_args() so the rest of the line begins where split_args stops. */
static const char *skip_word(const char *p)
{
	char quote = 0;
	for (; *p; p++) {
		if (*p == '\\' && quote != '\'') {
			if (p[1])
				p++;
		} else if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (is_blank(*p)) {
			break;
		}
	}
	return p;
}

/* The text after p without surrounding blanks, or NULL when there is none.
 * Caller frees. */
static char *rest_of_line(const char *p)
{
	p = skip_blanks(p);
	size_t n = strlen(p);
	while (n > 0 && is_blank(p[n - 1]))
		n--;
	return n ? xstrndup(p, n) : NULL;
}

/* Split args into words. With max > 0 the max-th word is the rest of the
 * line as typed, so "/msg bob hi  there" keeps both spaces. Returns NULL on
 * an unterminated quote. Caller frees with strv_free. */
static char **parse_args(const char *args, int max, int *argc)
{
	if (max <= 0)
		return split_args(args, argc);
	const char *p = args;
	for (int i = 0; i < max - 1; i++) {
		p = skip_blanks(p);
		if (*p == '\0')
			break;
		p = skip_word(p);
	}
	char *head = xstrndup(args, (size_t)(p - args));
	char **v = split_args(head, argc);
	free(head);
	char *rest = rest_of_line(p);
	if (v && rest) {
		v = xreallocarray(v, (size_t)*argc + 2, sizeof(*v));
		v[(*argc)++] = rest;
		v[*argc] = NULL;
	} else {
		free(rest);
	}
	return v;
}

/* Wipe and free arguments: they may hold a password. */
static void args_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		explicit_bzero(argv[i], strlen(argv[i]));
	strv_free(argv);
}

/* Parse the arguments of c and call its handler. */
static int run_args(struct cmd_ctx *ctx, const struct cmd *c, const char *args)
{
	int argc = 0;
	char **argv = parse_args(args, c->max_args, &argc);
	if (argv == NULL) {
		cmd_error(ctx, "unterminated quote in /%s", c->name);
		return -1;
	}
	int rc = -1;
	if (argc < c->min_args || (c->max_args >= 0 && argc > c->max_args))
		cmd_error(ctx, "usage: %s", c->usage);
	else
		rc = c->handler(ctx, argc, argv) < 0 ? -1 : 0;
	args_free(argv);
	return rc;
}

/* Run "name args" (the text after the '/'). */
static int run_command(struct cmd_ctx *ctx, const char *text)
{
	size_t n = 0;
	while (text[n] && !is_blank(text[n]))
		n++;
	if (n == 0) {
		cmd_error(ctx, "unknown command / (try /help)");
		return -1;
	}
	char *name = xstrndup(text, n);
	const char *err = NULL;
	const struct cmd *c = cmd_lookup(name, &err);
	free(name);
	if (c == NULL) {
		cmd_error(ctx, "%s", err);
		return -1;
	}
	return run_args(ctx, c, text + n);
}

/* Send text to the focused chat; the console has nobody to send to. */
static int run_text(struct cmd_ctx *ctx, const char *text)
{
	if (ctx->conv == NULL || ctx->conv->type == CONV_CONSOLE) {
		cmd_error(ctx, "this is the console: use /msg JID TEXT to start a chat");
		return -1;
	}
	return core_send(ctx->conv, text) < 0 ? -1 : 0;
}

/* Run one line typed, read from a file or given with -e. */
int cmd_run_line(const char *line, const struct cmd_source *src)
{
	static const struct cmd_source interactive = {NULL, 0};
	if (line == NULL || *skip_blanks(line) == '\0')
		return 0;
	struct cmd_ctx ctx = {src ? src : &interactive, conv_focused()};
	if (line[0] == '/' && line[1] != '/')
		return run_command(&ctx, line + 1);
	/* "//text" sends "/text": the way to start a message with a slash. */
	return run_text(&ctx, line[0] == '/' ? line + 1 : line);
}

/* Report an error for the command being run, in the console. */
void cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (ctx && ctx->src && ctx->src->file)
		core_error("%s:%d: %s", ctx->src->file, ctx->src->line, msg);
	else
		core_error("%s", msg);
	free(msg);
}
