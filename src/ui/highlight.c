/* highlight.c - the front end's side of highlights: when to ring the bell,
 * how busy a tab looks, and what a tab is called */
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "uitext.h"
#include "xmalloc.h"

/* True when the bell setting asks for a bell for this event: "highlight"
 * for mentions, "message" also for chats and room PMs, "all" also for every
 * room message. */
bool bell_wanted(const char *setting, enum conv_type type, enum activity level)
{
	if (level == ACT_HIGHLIGHT)
		return strcmp(setting, "off") != 0;
	if (level != ACT_MESSAGE)
		return false;
	if (strcmp(setting, "all") == 0)
		return true;
	return strcmp(setting, "message") == 0 && (type == CONV_CHAT || type == CONV_PRIVATE);
}

/* The tab bar's level for cv. */
enum activity tab_activity(const struct conv *cv)
{
	enum activity a = cv->activity;
	if (cv->unread > 0 && a < ACT_MESSAGE)
		a = ACT_MESSAGE;
	if (cv->highlight)
		a = ACT_HIGHLIGHT;
	return a;
}

/* "room/nick" for a room PM whose JID is room@service/nick. Caller frees. */
static char *private_title(const char *jid)
{
	const char *res = jid_resource(jid);
	char *local = jid_local(jid);
	char *t = xasprintf("%s/%s", local && *local ? local : jid, res ? res : "");
	free(local);
	return t;
}

/* Short tab title. Caller frees. */
char *tab_title(const struct conv *cv)
{
	if (cv->type == CONV_ROOM && cv->jid) {
		char *local = jid_local(cv->jid);
		if (local && *local)
			return local;
		free(local);
		return xstrdup(cv->jid);
	}
	if (cv->type == CONV_PRIVATE && cv->jid)
		return private_title(cv->jid);
	return xstrdup(cv->title ? cv->title : cv->jid ? cv->jid : "console");
}
