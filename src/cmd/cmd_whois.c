/* cmd_whois.c - /whois: who is behind a nick in the focused room */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "confusable.h"
#include "core.h"
#include "handlers.h"
#include "room.h"

/* One line about o: nick, real JID (or that the room hides it), role,
 * affiliation and status. */
static void whois_line(struct room *r, const char *lead, const struct occupant *o)
{
	room_notice(r, LEVEL_INFO, "%s%s: %s, %s, %s%s%s", lead, o->nick,
	            o->jid ? o->jid : "real JID hidden by the room", muc_role_name(o->role),
	            muc_affil_name(o->affil), o->status ? "; status: " : "",
	            o->status ? o->status : "");
}

/* /whois NICK: the occupant's real JID (when the room shows it), role and
 * affiliation, and every other occupant whose nick looks the same. */
int cmd_exec_whois(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	struct room *r = room_of_conv(ctx->conv ? ctx->conv : conv_focused());
	if (r == NULL) {
		cmd_error(ctx, "not in a room tab: /whois tells who is behind a nick in a room");
		return -1;
	}
	const struct occupant *o = room_occupant_find(r, argv[0]);
	if (o == NULL) {
		room_notice(r, LEVEL_ERROR, "nobody called %s is in %s", argv[0], r->jid);
		return -1;
	}
	whois_line(r, "", o);
	for (size_t i = 0; i < r->noccupants; i++) {
		const struct occupant *p = r->occupants[i];
		if (p != o && names_confusable(p->nick, o->nick))
			whois_line(r, "looks alike, but is another occupant: ", p);
	}
	return 0;
}
