/* carbons.c - XEP-0280 message carbons: copies of what our other devices
 * send and receive, accepted only from our own bare JID */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "util.h"
#include "xmpp_internal.h"

#define CARBONS_NS "urn:xmpp:carbons:2"
#define FORWARD_NS "urn:xmpp:forward:0"
#define CLIENT_NS  "jabber:client"
#define DELAY_NS   "urn:xmpp:delay"
#define SID_NS     "urn:xmpp:sid:0"

/* The last enable request failed and was reported: do not repeat it. */
static bool failure_reported;

/* The server answered our enable request. */
static void enable_done(xmpp_stanza_t *reply, void *arg)
{
	(void)arg;
	if (reply == NULL)
		return; /* the session ended first */
	const char *type = xmpp_stanza_get_type(reply);
	if (type && strcmp(type, "result") == 0) {
		failure_reported = false;
		return;
	}
	if (failure_reported)
		return;
	failure_reported = true;
	char *why = xs_error_text(reply);
	core_info("The server does not copy messages from your other devices here (carbons "
	          "refused: %s).",
	          why);
	free(why);
}

/* Ask the server to copy us the messages of our other devices. */
void xcarbons_enable(void)
{
	if (xs.phase != XS_ONLINE)
		return;
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, NULL);
	xs_add_child(iq, "enable", CARBONS_NS);
	xiq_send(iq, enable_done, NULL);
	xmpp_stanza_release(iq);
}

/* The only element child of st, or NULL when it has none or several. */
static xmpp_stanza_t *only_child(xmpp_stanza_t *st)
{
	xmpp_stanza_t *found = NULL;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
		if (!xmpp_stanza_is_tag(c))
			continue;
		if (found)
			return NULL;
		found = c;
	}
	return found;
}

/* The forwarded message inside a <received/> or <sent/> wrapper, or NULL
 * when the wrapper does not have exactly the shape XEP-0280 gives it. */
static xmpp_stanza_t *forwarded_message(xmpp_stanza_t *wrapper, xmpp_stanza_t **fwd_out)
{
	xmpp_stanza_t *fwd = only_child(wrapper);
	const char *ns = fwd ? xmpp_stanza_get_ns(fwd) : NULL;
	if (fwd == NULL || strcmp(xmpp_stanza_get_name(fwd), "forwarded") != 0 || ns == NULL ||
	    strcmp(ns, FORWARD_NS) != 0)
		return NULL;
	xmpp_stanza_t *msg = NULL;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(fwd); c; c = xmpp_stanza_get_next(c)) {
		if (!xmpp_stanza_is_tag(c))
			continue;
		const char *name = xmpp_stanza_get_name(c);
		const char *cns = xmpp_stanza_get_ns(c);
		if (strcmp(name, "delay") == 0 && cns && strcmp(cns, DELAY_NS) == 0)
			continue;
		/* one message, in the client namespace; written without one it
		 * inherits the forward namespace, which is sloppy but not forged */
		if (msg || strcmp(name, "message") != 0 ||
		    (cns && strcmp(cns, CLIENT_NS) != 0 && strcmp(cns, FORWARD_NS) != 0))
			return NULL;
		msg = c;
	}
	*fwd_out = fwd;
	return msg;
}

/* True for a message type a carbon may carry to us (one-to-one). */
static bool chat_type(xmpp_stanza_t *msg)
{
	const char *type = xmpp_stanza_get_type(msg);
	return type == NULL || strcmp(type, "chat") == 0 || strcmp(type, "normal") == 0;
}

/* True when jid is our own account (any resource, or none). */
static bool is_own(const char *jid)
{
	return jid && xs.bare_jid && jid_bare_eq(jid, xs.bare_jid);
}

/* A message sent to us and copied here: handled like a live one. */
static void carbon_received(xmpp_stanza_t *msg)
{
	const char *from = xmpp_stanza_get_from(msg);
	const char *to = xmpp_stanza_get_to(msg);
	if (from == NULL || !jid_valid(from) || (to && !is_own(to))) {
		log_debug("carbons: ignored a received copy without a proper from/to");
		return;
	}
	xmessage_incoming(msg, from, false);
}

/* Our id for a copied message: its id, else its origin-id. Caller frees. */
static char *own_message_id(xmpp_stanza_t *msg)
{
	char *id = xs_attr(msg, "id");
	if (id == NULL)
		id = xs_attr(xmpp_stanza_get_child_by_name_and_ns(msg, "origin-id", SID_NS), "id");
	return id;
}

/* Show a copied own message (with a body) in the chat with conv_jid. */
static void show_own(xmpp_stanza_t *msg, const char *conv_jid, time_t ts)
{
	struct xedit_sender es = {.conv_jid = conv_jid, .type = CONV_CHAT, .dir = MSG_OUT};
	if (xedits_handle(msg, &es))
		return; /* our correction, retraction or reactions from another device */
	char *body = xs_child_text(msg, "body", SANITIZE_MULTILINE, XS_BODY_MAX);
	if (body == NULL || *body == '\0') {
		free(body);
		return;
	}
	char *local = jid_local(xs.bare_jid);
	char *label = sanitize_str(local ? local : xs.bare_jid, SANITIZE_LINE);
	char *id = own_message_id(msg);
	char *stanza_id = xmam_stanza_id(msg);
	struct msg_in in = {
	    .conv_jid = conv_jid,
	    .dir = MSG_OUT,
	    .from = label,
	    .body = body,
	    .id = id,
	    .stanza_id = stanza_id,
	    .ts = ts,
	};
	core_message_in(&in);
	xmam_live_archived(stanza_id);
	/* The server copied it to us, so the server has it. */
	if (id)
		core_message_state(conv_jid, id, MSG_SENT, NULL);
	free(stanza_id);
	free(id);
	free(label);
	free(local);
	free(body);
}

/* A message one of our other devices sent: shown as our own. */
static void carbon_sent(xmpp_stanza_t *msg, time_t ts)
{
	const char *from = xmpp_stanza_get_from(msg);
	const char *to = xmpp_stanza_get_to(msg);
	if (to == NULL || !jid_valid(to) || (from && !is_own(from))) {
		log_debug("carbons: ignored a sent copy without a proper from/to");
		return;
	}
	char *bare = jid_bare(to);
	char *clean = sanitize_str(bare, SANITIZE_LINE);
	show_own(msg, clean, ts);
	free(clean);
	free(bare);
}

/* The carbon wrapper of st, or NULL; *sent tells which kind it is. */
static xmpp_stanza_t *carbon_wrapper(xmpp_stanza_t *st, bool *sent)
{
	xmpp_stanza_t *w = xmpp_stanza_get_child_by_name_and_ns(st, "received", CARBONS_NS);
	*sent = w == NULL;
	if (w == NULL)
		w = xmpp_stanza_get_child_by_name_and_ns(st, "sent", CARBONS_NS);
	return w;
}

/* Handle a carbon in st, refusing it unless our own bare JID sent it. */
bool xcarbons_handle(xmpp_stanza_t *st, const char *from)
{
	bool sent;
	xmpp_stanza_t *w = carbon_wrapper(st, &sent);
	if (w == NULL)
		return false;
	char *clean_from = sanitize_str(from ? from : "(none)", SANITIZE_LINE);
	xmpp_stanza_t *fwd = NULL, *msg = NULL;
	/* Only our own server speaks for our account: anyone else (or one of
	 * our own resources) could forge what "we" sent or received. */
	if (!is_own(from) || jid_resource(from) != NULL)
		log_debug("carbons: ignored a carbon from %s", clean_from);
	else if ((msg = forwarded_message(w, &fwd)) == NULL)
		log_debug("carbons: ignored a malformed carbon");
	else if (!chat_type(msg))
		log_debug("carbons: ignored a carbon of a non-chat message");
	else if (sent)
		carbon_sent(msg, xmpp_stanza_get_child_by_name_and_ns(fwd, "delay", DELAY_NS)
		                     ? xmessage_time(fwd)
		                     : xmessage_time(msg));
	else
		carbon_received(msg);
	free(clean_from);
	return true;
}
