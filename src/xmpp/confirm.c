/* confirm.c - when the server has our messages: a coalesced ping barrier
 * after them on the same stream, whose answer proves they arrived */
#include <stdlib.h>

#include "core.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define PENDING_MAX 4096

/* An outgoing message the server has not confirmed yet. */
struct pending_msg {
	char *to;
	char *id;
	unsigned barrier; /* 0 = not yet covered by a barrier */
};

static struct pending_msg pending[PENDING_MAX];
static size_t npending;
static unsigned barrier_seq, barrier_in_flight;

/* Drop pending entry i. */
static void pending_drop(size_t i)
{
	free(pending[i].to);
	free(pending[i].id);
	pending[i] = pending[--npending];
}

static void send_barrier(void);

/* The server answered our barrier: everything sent before it has arrived. */
static void barrier_done(xmpp_stanza_t *reply, void *arg)
{
	unsigned seq = (unsigned)(size_t)arg;
	if (barrier_in_flight != seq)
		return; /* a barrier of an earlier stream */
	barrier_in_flight = 0;
	if (reply == NULL)
		return;
	for (size_t i = npending; i-- > 0;) {
		if (pending[i].barrier == seq) {
			core_message_state(pending[i].to, pending[i].id, MSG_SENT, NULL);
			pending_drop(i);
		}
	}
	for (size_t i = 0; i < npending; i++)
		if (pending[i].barrier == 0) {
			send_barrier();
			break;
		}
}

/* Cover every unconfirmed message with one server round trip. */
static void send_barrier(void)
{
	barrier_seq = barrier_seq + 1 ? barrier_seq + 1 : 1;
	for (size_t i = 0; i < npending; i++)
		if (pending[i].barrier == 0)
			pending[i].barrier = barrier_seq;
	barrier_in_flight = barrier_seq;
	xping_barrier(barrier_done, (void *)(size_t)barrier_seq);
}

/* True when no more messages can be tracked. */
bool xconfirm_full(void)
{
	return npending == PENDING_MAX;
}

/* A message just went onto the stream: confirm it with the next barrier. */
void xconfirm_add(const char *to, const char *id)
{
	if (npending == PENDING_MAX)
		return;
	pending[npending++] = (struct pending_msg){xstrdup(to), xstrdup(id), 0};
	if (!barrier_in_flight)
		send_barrier();
}

/* The stream is gone: the outbox (core) decides what happens to these. */
void xconfirm_forget(void)
{
	while (npending > 0)
		pending_drop(npending - 1);
	barrier_in_flight = 0;
}

/* Fail every message the server has not confirmed (tests, shutdown). */
void xmessage_fail_pending(const char *why)
{
	while (npending > 0) {
		core_message_state(pending[npending - 1].to, pending[npending - 1].id, MSG_FAILED,
		                   why);
		pending_drop(npending - 1);
	}
	barrier_in_flight = 0;
}
