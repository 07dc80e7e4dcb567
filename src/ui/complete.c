/* complete.c - Tab completion through cmd_complete(); several candidates are
 * listed on a hint line above the input, never printed to the terminal */
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#include <stdio.h>
#include <readline/readline.h>
/* clang-format on */

#include "cmd.h"
#include "strbuf.h"
#include "uipriv.h"
#include "util.h"
#include "xmalloc.h"

static char *hint;
/* Candidates handed to readline's generator, as readline wants to see them. */
static char **cands;
static size_t cand_next;

/* The candidate hint shown above the input line, or NULL. */
const char *complete_hint(void)
{
	return hint;
}

/* Drop the hint. */
void complete_hint_clear(void)
{
	if (hint == NULL)
		return;
	free(hint);
	hint = NULL;
	ui_mark_dirty(DIRTY_VIEW);
}

/* Free completion state. */
void complete_free(void)
{
	free(hint);
	hint = NULL;
	strv_free(cands);
	cands = NULL;
}

/* readline's generator: hand out the prepared candidates one by one. */
static char *generate(const char *text, int state)
{
	(void)text;
	if (state == 0)
		cand_next = 0;
	if (cands == NULL || cands[cand_next] == NULL)
		return NULL;
	return xstrdup(cands[cand_next++]);
}

/* Rewrite candidates for the word cmd_complete() chose (starting at ws) so
 * that they replace readline's word (starting at start) instead. */
static void rebase(char **c, const char *line, size_t ws, size_t start)
{
	size_t k = 0;
	for (size_t i = 0; c[i]; i++) {
		char *s;
		if (ws > start) {
			s = xasprintf("%.*s%s", (int)(ws - start), line + start, c[i]);
		} else if (strncmp(c[i], line + ws, start - ws) == 0) {
			s = xstrdup(c[i] + (start - ws));
		} else {
			free(c[i]);
			continue;
		}
		free(c[i]);
		c[k++] = s;
	}
	c[k] = NULL;
}

/* rl_attempted_completion_function: ask the command table. */
static char **attempt(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1; /* never fall back to file names */
	char *before = xstrndup(rl_line_buffer, (size_t)end);
	size_t ws = (size_t)start;
	char **c = cmd_complete(before, &ws);
	if (c && ws != (size_t)start && ws <= (size_t)end)
		rebase(c, before, ws, (size_t)start);
	free(before);
	if (c == NULL || c[0] == NULL) {
		strv_free(c);
		return NULL;
	}
	cands = c;
	char **matches = rl_completion_matches(text, generate);
	strv_free(cands);
	cands = NULL;
	return matches;
}

/* readline would print the candidates: put them on the hint line instead. */
static void show_matches(char **matches, int num, int max_len)
{
	(void)max_len;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 1; i <= num; i++) {
		if (i > 1)
			strbuf_adds(&sb, "  ");
		strbuf_adds(&sb, matches[i]);
	}
	free(hint);
	hint = strbuf_detach(&sb);
	ui_mark_dirty(DIRTY_VIEW | DIRTY_INPUT);
}

/* Route readline's Tab completion through cmd_complete(). */
void complete_init(void)
{
	rl_attempted_completion_function = attempt;
	rl_completion_display_matches_hook = show_matches;
	/* Words are separated by blanks only: JIDs contain '@' and '/'. */
	rl_completer_word_break_characters = " \t";
	rl_variable_bind("show-all-if-ambiguous", "on");
}
