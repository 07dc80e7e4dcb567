/* last.c - XEP-0012 last activity: how long someone has been idle or away,
 * and our own idle time for those the last_reply setting allows */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define LAST_NS "jabber:iq:last"
/* A hundred years: anything longer is junk. */
#define LAST_SECONDS_MAX (100L * 366 * 24 * 3600)

/* Who waits for a last activity answer. */
struct last_ask {
	xlast_fn fn;
	void *arg;
};

/* Answer a last activity get with our idle time (since the last keypress). */
void xlast_answer(xmpp_stanza_t *iq)
{
	if (!xreply_allowed("last_reply", xmpp_stanza_get_from(iq))) {
		xiq_reply_error(iq, "cancel", "service-unavailable");
		return;
	}
	xmpp_stanza_t *res =
	    xs_stanza_new("iq", "result", xmpp_stanza_get_id(iq), xmpp_stanza_get_from(iq));
	xmpp_stanza_t *q = xs_add_child(res, "query", LAST_NS);
	char secs[24];
	snprintf(secs, sizeof(secs), "%ld", core_idle_seconds());
	xmpp_stanza_set_attribute(q, "seconds", secs);
	xs_send(res);
	xmpp_stanza_release(res);
}

/* The seconds attribute as a number in range, or -1 when absent or junk. */
static long parse_seconds(const char *s)
{
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (errno || *end != '\0' || n > LAST_SECONDS_MAX)
		return -1;
	return n;
}

/* Hand a result's <query/> to ask, or say why it cannot be read. */
static void last_result(xmpp_stanza_t *q, struct last_ask *ask)
{
	long secs = q ? parse_seconds(xmpp_stanza_get_attribute(q, "seconds")) : -1;
	if (secs < 0) {
		ask->fn(NULL, "an answer natter cannot read", ask->arg);
		return;
	}
	struct xlast l = {secs, xs_child_text(q, NULL, SANITIZE_LINE, XS_LINE_MAX)};
	if (l.status && *l.status == '\0') {
		free(l.status);
		l.status = NULL;
	}
	ask->fn(&l, NULL, ask->arg);
	free(l.status);
}

/* The answer to our last activity query. */
static void last_answer(xmpp_stanza_t *reply, void *arg)
{
	struct last_ask *ask = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (reply == NULL) {
		ask->fn(NULL, NULL, ask->arg);
	} else if (type && strcmp(type, "result") == 0) {
		last_result(xmpp_stanza_get_child_by_name_and_ns(reply, "query", LAST_NS), ask);
	} else {
		char *err = xs_error_text(reply);
		ask->fn(NULL, err, ask->arg);
		free(err);
	}
	free(ask);
}

/* Ask jid (full: idle time; bare: since last seen) for its last activity. */
void xlast_query(const char *jid, xlast_fn fn, void *arg)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, jid);
	xs_add_child(iq, "query", LAST_NS);
	struct last_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, last_answer, ask);
	xmpp_stanza_release(iq);
}
