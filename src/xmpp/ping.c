/* ping.c - XEP-0199: the heartbeat, server round trips, answering pings */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "settings.h"
#include "timer.h"
#include "util.h"
#include "xmpp_internal.h"

#define PING_NS "urn:xmpp:ping"

static void heartbeat(void *arg);

/* Send a ping to our server; fn gets the answer. */
static void ping_server(xiq_fn fn, void *arg)
{
	char id[20];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, xs.domain);
	xs_add_child(iq, "ping", PING_NS);
	xiq_send(iq, fn, arg);
	xmpp_stanza_release(iq);
}

/* Arm the next heartbeat after ping_interval seconds (0 = off). */
static void heartbeat_arm(void)
{
	timer_cancel(xs.ping_timer);
	xs.ping_timer = 0;
	long secs = setting_int("ping_interval");
	if (secs > 0 && xs.phase == XS_ONLINE)
		xs.ping_timer = timer_add((uint64_t)secs * 1000, heartbeat, NULL);
}

/* No answer in time: the connection is dead even if TCP does not know yet. */
static void heartbeat_deadline(void *arg)
{
	(void)arg;
	xs.ping_deadline = 0;
	if (xs.conn == NULL || xs.phase != XS_ONLINE)
		return;
	xs_fail("no answer from the server for %ld s (heartbeat)", setting_int("ping_timeout"));
	xs.closing = true;
	xmpp_disconnect(xs.conn);
}

/* The server answered (any answer, even an error, proves the link works). */
static void heartbeat_answer(xmpp_stanza_t *reply, void *arg)
{
	(void)arg;
	timer_cancel(xs.ping_deadline);
	xs.ping_deadline = 0;
	if (reply)
		heartbeat_arm();
}

/* Time for a heartbeat ping. */
static void heartbeat(void *arg)
{
	(void)arg;
	xs.ping_timer = 0;
	if (xs.phase != XS_ONLINE)
		return;
	ping_server(heartbeat_answer, NULL);
	xs.ping_deadline =
	    timer_add((uint64_t)setting_int("ping_timeout") * 1000, heartbeat_deadline, NULL);
}

/* Start the heartbeat once online. */
void xping_start(void)
{
	heartbeat_arm();
}

/* Stop the heartbeat. */
void xping_stop(void)
{
	timer_cancel(xs.ping_timer);
	timer_cancel(xs.ping_deadline);
	xs.ping_timer = xs.ping_deadline = 0;
}

/* A round trip to the server whose answer confirms what was sent before it. */
void xping_barrier(xiq_fn fn, void *arg)
{
	ping_server(fn, arg);
}

/* Answer pings from our server, our account and roster contacts; others
 * learn nothing about whether we are here. */
void xping_answer(xmpp_stanza_t *iq)
{
	const char *from = xmpp_stanza_get_from(iq);
	bool known = from == NULL || jid_bare_eq(from, xs.domain) ||
	             jid_bare_eq(from, xs.bare_jid) || roster_find(from) != NULL;
	if (!known) {
		xiq_reply_error(iq, "cancel", "service-unavailable");
		return;
	}
	xmpp_stanza_t *result = xs_stanza_new("iq", "result", xmpp_stanza_get_id(iq), from);
	xs_send(result);
	xmpp_stanza_release(result);
}
