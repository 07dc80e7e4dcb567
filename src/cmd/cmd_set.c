/* cmd_set.c - /set and /unset */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "settings.h"
#include "util.h"
#include "xmalloc.h"

/* The value as typed, or without its quotes when it is one quoted word
 * ('pass show xmpp' or "two words"). Caller frees. */
static char *unquote_whole(const char *v)
{
	if (v[0] != '"' && v[0] != '\'')
		return xstrdup(v);
	int argc = 0;
	char **words = split_args(v, &argc);
	char *out = words && argc == 1 ? xstrdup(words[0]) : xstrdup(v);
	for (int i = 0; words && i < argc; i++)
		explicit_bzero(words[i], strlen(words[i]));
	strv_free(words);
	return out;
}

/* Print one setting and its value in the console (secrets as set/unset). */
void cmd_show_setting(const struct setting *s)
{
	const char *v = setting_str(s->name);
	if (s->secret)
		core_info("%s = %s", s->name, *v ? "(set)" : "(unset)");
	else if (*v == '\0')
		core_info("%s = \"\"", s->name);
	else
		core_info("%s = %s", s->name, v);
}

/* Describe a setting's type, range and default. Caller frees. */
char *cmd_setting_kind(const struct setting *s)
{
	switch (s->type) {
	case SET_INT:
		return xasprintf("number %ld..%ld, default %s", s->min, s->max, s->def);
	case SET_BOOL:
		return xasprintf("on/off, default %s", s->def);
	case SET_STRING:
		break;
	}
	return *s->def ? xasprintf("text, default %s", s->def) : xstrdup("text, empty by default");
}

/* The setting called name, or NULL after reporting that there is none. */
static const struct setting *find_or_complain(struct cmd_ctx *ctx, const char *name)
{
	const struct setting *s = setting_find(name);
	if (s == NULL)
		cmd_error(ctx, "unknown setting %s (/set lists them)", name);
	return s;
}

/* Confirm a change on the input line; natterrc stays quiet unless wrong. */
static void confirm(struct cmd_ctx *ctx, const struct setting *s)
{
	if (ctx->src->file == NULL)
		cmd_show_setting(s);
}

/* /set [NAME [VALUE]]: list, show or change settings. */
int cmd_exec_set(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *err = NULL;
	if (argc == 0) {
		for (const struct setting *s = settings_table; s->name; s++)
			cmd_show_setting(s);
		return 0;
	}
	const struct setting *s = find_or_complain(ctx, argv[0]);
	if (s == NULL)
		return -1;
	if (argc == 1) {
		cmd_show_setting(s);
		return 0;
	}
	char *value = unquote_whole(argv[1]);
	int rc = setting_set(s->name, value, &err);
	explicit_bzero(value, strlen(value));
	free(value);
	if (rc < 0) {
		cmd_error(ctx, "%s", err);
		return -1;
	}
	confirm(ctx, s);
	return 0;
}

/* /unset NAME: back to the default. */
int cmd_exec_unset(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	const struct setting *s = find_or_complain(ctx, argv[0]);
	if (s == NULL)
		return -1;
	setting_unset(s->name);
	confirm(ctx, s);
	return 0;
}
