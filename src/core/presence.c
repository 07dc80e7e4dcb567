/* presence.c - presence names */
#include <string.h>

#include "presence.h"

static const char *const show_names[] = {
    [SHOW_OFFLINE] = "offline", [SHOW_DND] = "dnd",       [SHOW_XA] = "xa",
    [SHOW_AWAY] = "away",       [SHOW_ONLINE] = "online", [SHOW_CHAT] = "chat",
};

/* Name used in commands and stanzas. */
const char *show_name(enum show s)
{
	if ((unsigned)s >= sizeof(show_names) / sizeof(show_names[0]))
		return "offline";
	return show_names[s];
}

/* Parse a /status word ("offline" is not a presence one can set). */
int show_parse(const char *word, enum show *out)
{
	for (enum show s = SHOW_DND; s <= SHOW_CHAT; s++) {
		if (strcmp(word, show_names[s]) == 0) {
			*out = s;
			return 0;
		}
	}
	return -1;
}
