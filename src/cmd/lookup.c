/* lookup.c - finding a command by name, alias or unique prefix */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "handlers.h"
#include "util.h"

/* Room for "ambiguous command /x: a, b, ..." with every command listed. */
static char errbuf[512];

/* True when name is cmd's name or one of its aliases (any case). */
static int cmd_is_named(const struct cmd *c, const char *name)
{
	if (strcasecmp(c->name, name) == 0)
		return 1;
	for (size_t i = 0; i < 3 && c->aliases[i]; i++)
		if (strcasecmp(c->aliases[i], name) == 0)
			return 1;
	return 0;
}

/* The command whose name or alias is exactly name, or NULL. */
const struct cmd *cmd_find_exact(const char *name)
{
	for (const struct cmd *c = cmd_table; c->name; c++)
		if (cmd_is_named(c, name))
			return c;
	return NULL;
}

/* The word of c (name first, then aliases) that starts with prefix, or NULL. */
static const char *cmd_prefix_word(const struct cmd *c, const char *prefix)
{
	if (str_prefix(c->name, prefix))
		return c->name;
	for (size_t i = 0; i < 3 && c->aliases[i]; i++)
		if (str_prefix(c->aliases[i], prefix))
			return c->aliases[i];
	return NULL;
}

/* Compare two strings through pointers, for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fill errbuf with the ambiguity error listing the n matching words. */
static const char *ambiguous(const char *name, const char **words, size_t n)
{
	qsort(words, n, sizeof(*words), cmp_str);
	int len = snprintf(errbuf, sizeof(errbuf), "ambiguous command /%.64s: ", name);
	for (size_t i = 0; i < n && len > 0 && (size_t)len < sizeof(errbuf); i++)
		len += snprintf(errbuf + len, sizeof(errbuf) - (size_t)len, "%s%s", i ? ", " : "",
		                words[i]);
	return errbuf;
}

/* Look a command up by name, alias or unique prefix. */
const struct cmd *cmd_lookup(const char *name, const char **err)
{
	const char *dummy;
	if (err == NULL)
		err = &dummy;
	if (name == NULL)
		name = "";
	const struct cmd *found = *name ? cmd_find_exact(name) : NULL;
	if (found)
		return found;
	const char *words[64];
	size_t n = 0;
	for (const struct cmd *c = cmd_table; c->name && *name && n < 64; c++) {
		const char *w = cmd_prefix_word(c, name);
		if (w) {
			words[n++] = w;
			found = c;
		}
	}
	if (n == 1)
		return found;
	if (n > 1)
		*err = ambiguous(name, words, n);
	else {
		snprintf(errbuf, sizeof(errbuf), "unknown command /%.64s (try /help)", name);
		*err = errbuf;
	}
	return NULL;
}
