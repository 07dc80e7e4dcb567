/* complete.c - Tab completion of command names and arguments */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conv.h"
#include "handlers.h"
#include "presence.h"
#include "roster.h"
#include "settings.h"
#include "util.h"
#include "xmalloc.h"

/* Add a copy of word when it starts with prefix (case-insensitive). */
void cands_add(struct cands *c, const char *word, const char *prefix)
{
	if (word == NULL || !str_prefix(word, prefix))
		return;
	if (c->n + 1 >= c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n++] = xstrdup(word);
	c->v[c->n] = NULL;
}

/* Compare two strings through pointers, for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort, drop duplicates and hand the vector over (NULL when empty). */
char **cands_finish(struct cands *c)
{
	if (c->n == 0)
		return NULL;
	qsort(c->v, c->n, sizeof(*c->v), cmp_str);
	size_t out = 1;
	for (size_t i = 1; i < c->n; i++) {
		if (strcmp(c->v[i], c->v[out - 1]) == 0)
			free(c->v[i]);
		else
			c->v[out++] = c->v[i];
	}
	c->v[out] = NULL;
	return c->v;
}

/* Roster JIDs and open chats, for the first argument. */
char **cmd_complete_jid(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	size_t n;
	if (argi != 0)
		return NULL;
	struct contact **items = roster_items(&n);
	for (size_t i = 0; i < n; i++)
		cands_add(&c, items[i]->jid, prefix);
	struct conv **convs = conv_list(&n);
	for (size_t i = 0; i < n; i++)
		cands_add(&c, convs[i]->jid, prefix);
	return cands_finish(&c);
}

/* Setting names, for the first argument. */
char **cmd_complete_setting(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	if (argi != 0)
		return NULL;
	for (const struct setting *s = settings_table; s->name; s++)
		cands_add(&c, s->name, prefix);
	return cands_finish(&c);
}

/* Command and setting names, for /help. */
char **cmd_complete_topic(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	if (argi != 0)
		return NULL;
	for (const struct cmd *cmd = cmd_table; cmd->name; cmd++)
		cands_add(&c, cmd->name, prefix);
	for (const struct setting *s = settings_table; s->name; s++)
		cands_add(&c, s->name, prefix);
	return cands_finish(&c);
}

/* Presence words one can set, for /status. */
char **cmd_complete_show(int argi, const char *prefix)
{
	static const enum show shows[] = {SHOW_ONLINE, SHOW_CHAT, SHOW_AWAY, SHOW_XA, SHOW_DND};
	struct cands c = {NULL, 0, 0};
	if (argi != 0)
		return NULL;
	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++)
		cands_add(&c, show_name(shows[i]), prefix);
	return cands_finish(&c);
}

/* "next" and "prev", for /tab. */
char **cmd_complete_tab(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	if (argi != 0)
		return NULL;
	cands_add(&c, "next", prefix);
	cands_add(&c, "prev", prefix);
	return cands_finish(&c);
}

/* Command names and aliases starting with prefix. */
static char **complete_name(const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	for (const struct cmd *cmd = cmd_table; cmd->name; cmd++) {
		cands_add(&c, cmd->name, prefix);
		for (size_t i = 0; i < 3 && cmd->aliases[i]; i++)
			cands_add(&c, cmd->aliases[i], prefix);
	}
	return cands_finish(&c);
}

/* Number of blank-separated words in the n bytes at s. */
static int count_words(const char *s, size_t n)
{
	int words = 0;
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]) && (i == 0 || isspace((unsigned char)s[i - 1])))
			words++;
	return words;
}

/* Complete an argument of the command named in line[1..name_end). */
static char **complete_arg(const char *line, size_t name_end, size_t start)
{
	char *name = xstrndup(line + 1, name_end - 1);
	const struct cmd *c = cmd_lookup(name, NULL);
	free(name);
	if (c == NULL || c->complete == NULL)
		return NULL;
	int argi = count_words(line + name_end, start - name_end);
	if (c->max_args >= 0 && argi >= c->max_args)
		return NULL;
	return c->complete(argi, line + start);
}

/* Candidates for the word before the cursor. */
char **cmd_complete(const char *line, size_t *word_start)
{
	size_t len = strlen(line), start = len;
	while (start > 0 && !isspace((unsigned char)line[start - 1]))
		start--;
	*word_start = start;
	if (line[0] != '/' || line[1] == '/')
		return NULL;
	size_t name_end = 1;
	while (line[name_end] && !isspace((unsigned char)line[name_end]))
		name_end++;
	if (line[name_end] == '\0') {
		*word_start = 1;
		return complete_name(line + 1);
	}
	return complete_arg(line, name_end, start);
}
