/* presence.h - presence values shared by core, xmpp and ui */
#ifndef NATTER_PRESENCE_H
#define NATTER_PRESENCE_H

enum show {
	SHOW_OFFLINE = 0,
	SHOW_DND,
	SHOW_XA,
	SHOW_AWAY,
	SHOW_ONLINE,
	SHOW_CHAT, /* larger is "more available" */
};

/* Name used in commands and stanzas ("online", "away", ...). */
const char *show_name(enum show s);
/* Parse a /status word; returns 0 and sets *out, or -1. */
int show_parse(const char *word, enum show *out);

#endif
