/* cmd_help.c - /help: commands and settings explained from their tables */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "settings.h"
#include "xmalloc.h"

/* Print text in the console, one line per line of text. */
static void print_lines(const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		core_info("%.*s", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

/* Print every command with its one-line help. */
static void help_all(void)
{
	core_info("Commands (/help COMMAND for more, /help set for the settings):");
	for (const struct cmd *c = cmd_table; c->name; c++)
		core_info("  /%-11s %s", c->name, c->help);
}

/* Print every setting with its type, default and help. */
static void help_settings(void)
{
	core_info("Settings (/set NAME VALUE changes one):");
	for (const struct setting *s = settings_table; s->name; s++) {
		char *kind = cmd_setting_kind(s);
		core_info("  %s (%s): %s", s->name, kind, s->help);
		free(kind);
	}
}

/* Print a command's usage, aliases and long help. */
static void help_command(const struct cmd *c)
{
	core_info("usage: %s", c->usage);
	for (size_t i = 0; i < 3 && c->aliases[i]; i++)
		core_info("alias: /%s", c->aliases[i]);
	print_lines(c->long_help);
	if (strcmp(c->name, "set") == 0)
		help_settings();
}

/* Print one setting's help and its current value. */
static void help_setting(const struct setting *s)
{
	char *kind = cmd_setting_kind(s);
	core_info("%s (%s): %s", s->name, kind, s->help);
	free(kind);
	cmd_show_setting(s);
}

/* /help [COMMAND|SETTING]: list commands or explain one thing. */
int cmd_exec_help(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc == 0) {
		help_all();
		return 0;
	}
	const char *topic = argv[0] + (argv[0][0] == '/');
	const char *err = NULL;
	const struct cmd *c = cmd_find_exact(topic);
	const struct setting *s = c ? NULL : setting_find(topic);
	if (c == NULL && s == NULL && *topic)
		c = cmd_lookup(topic, &err);
	if (c)
		help_command(c);
	else if (s)
		help_setting(s);
	else if (err && strncmp(err, "ambiguous", 9) == 0)
		cmd_error(ctx, "%s", err);
	else
		cmd_error(ctx, "no command or setting named %s (try /help)", argv[0]);
	return c || s ? 0 : -1;
}
