/* subscription.c - presence subscriptions (RFC 6121 3): requests and
 * answers in, /accept, /deny and /roster add out. Nothing here changes the
 * roster itself: only the server's roster pushes do. */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "roster.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* The stanza type of each enum sub_presence. */
static const char *const sub_types[] = {
    [SUBP_SUBSCRIBE] = "subscribe",
    [SUBP_SUBSCRIBED] = "subscribed",
    [SUBP_UNSUBSCRIBE] = "unsubscribe",
    [SUBP_UNSUBSCRIBED] = "unsubscribed",
};

/* Parse a presence type; false when it is no subscription type. */
static bool sub_type_parse(const char *type, enum sub_presence *out)
{
	for (size_t i = 0; i < sizeof(sub_types) / sizeof(sub_types[0]); i++) {
		if (strcmp(type, sub_types[i]) == 0) {
			*out = (enum sub_presence)i;
			return true;
		}
	}
	return false;
}

/* A subscription presence from 'from' (a valid JID). */
void xsubscription_in(xmpp_stanza_t *st, const char *type, const char *from)
{
	enum sub_presence t;
	if (type == NULL || !sub_type_parse(type, &t))
		return;
	/* subscriptions are between bare JIDs; the server stamps the bare one */
	char *bare = jid_bare(from);
	char *clean = sanitize(bare, strlen(bare), SANITIZE_LINE, XS_LINE_MAX);
	if (strcmp(clean, bare) != 0 || !jid_valid(clean)) {
		/* a JID that only shows safely after changes could not be answered */
		log_debug("subscription presence from an unshowable JID ignored");
	} else {
		char *status = t == SUBP_SUBSCRIBE
		                   ? xs_child_text(st, "status", SANITIZE_LINE, XS_LINE_MAX)
		                   : NULL;
		roster_sub_in(clean, t, status);
		free(status);
	}
	free(clean);
	free(bare);
}

/* Send a subscription presence to jid (the roster backend's send_subscription). */
int xsubscription_send(const char *jid, enum sub_presence type)
{
	if (xs.phase != XS_ONLINE || (unsigned)type >= sizeof(sub_types) / sizeof(sub_types[0]))
		return -1;
	xmpp_stanza_t *pres = xs_stanza_new("presence", sub_types[type], NULL, jid);
	xs_send(pres);
	xmpp_stanza_release(pres);
	return 0;
}

static const struct roster_backend backend = {
    .set_item = xroster_set_item,
    .remove_item = xroster_remove_item,
    .send_subscription = xsubscription_send,
};

/* Register the roster backend with core. */
void xsubscription_register(void)
{
	roster_set_backend(&backend);
}
