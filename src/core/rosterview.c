/* rosterview.c - what the roster pane shows (filter, folded groups), and
 * the matching that /roster search shares with the filter */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "roster.h"
#include "util.h"
#include "xmalloc.h"

static char *filter;  /* NULL when off */
static char **folded; /* NULL-terminated names of folded groups, or NULL */

/* ASCII lower case of c. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when needle sits at text, compared without ASCII case. */
static bool starts_here(const char *text, const char *needle)
{
	for (; *needle; text++, needle++)
		if (*text == '\0' || lower(*text) != lower(*needle))
			return false;
	return true;
}

/* True when text contains needle, ignoring ASCII case. */
bool roster_text_has(const char *text, const char *needle)
{
	if (text == NULL)
		return false;
	for (const char *p = text;; p++) {
		if (starts_here(p, needle))
			return true;
		if (*p == '\0')
			return false;
	}
}

/* True when c's name, JID or a group contains needle. */
bool contact_matches(const struct contact *c, const char *needle)
{
	if (roster_text_has(c->jid, needle) || roster_text_has(c->name, needle))
		return true;
	for (size_t i = 0; c->groups && c->groups[i]; i++)
		if (roster_text_has(c->groups[i], needle))
			return true;
	return false;
}

/* Narrow the pane to matching contacts. */
void roster_filter_set(const char *text)
{
	xstrset(&filter, text && *text ? text : NULL);
	core_emit_roster_changed(NULL);
}

/* The pane's filter, "" when off. */
const char *roster_filter(void)
{
	return filter ? filter : "";
}

/* Index of group in folded, or -1. */
static long fold_index(const char *group)
{
	for (size_t i = 0; folded && folded[i]; i++)
		if (strcmp(folded[i], group) == 0)
			return (long)i;
	return -1;
}

/* Fold or unfold a group. */
void roster_group_fold(const char *group, bool fold)
{
	long i = fold_index(group);
	size_t n = folded ? strv_len(folded) : 0;
	if (fold && i < 0) {
		folded = xreallocarray(folded, n + 2, sizeof(*folded));
		folded[n] = xstrdup(group);
		folded[n + 1] = NULL;
	} else if (!fold && i >= 0) {
		free(folded[i]);
		memmove(&folded[i], &folded[i + 1], (n - (size_t)i) * sizeof(*folded));
	}
	core_emit_roster_changed(NULL);
}

/* True when group is folded. */
bool roster_group_folded(const char *group)
{
	return fold_index(group) >= 0;
}

/* Forget the filter and the folds. */
void rosterview_free(void)
{
	free(filter);
	filter = NULL;
	strv_free(folded);
	folded = NULL;
}
