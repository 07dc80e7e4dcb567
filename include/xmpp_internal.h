/* xmpp_internal.h - what the files of src/xmpp share (and unit tests use) */
#ifndef NATTER_XMPP_INTERNAL_H
#define NATTER_XMPP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <strophe.h>
#include <time.h>

#include "conv.h"
#include "presence.h"
#include "sanitize.h"

/* Limits on what we keep from the network. */
#define XS_BODY_MAX   (64 * 1024) /* bytes of a message body shown */
#define XS_LINE_MAX   1024        /* status texts, names, error texts */
#define XS_IQ_PENDING 512         /* outstanding IQs we wait for */

enum xs_phase { XS_IDLE = 0, XS_CONNECTING, XS_ONLINE };

/* The one session (one account per running natter). */
struct xsession {
	xmpp_ctx_t *ctx;
	xmpp_conn_t *conn;
	xmpp_conn_t *dead_conn; /* released on the next pump, not inside its handler */
	int fd;
	enum xs_phase phase;
	bool user_disconnect; /* /disconnect or /quit: not an error */
	bool closing;         /* xmpp_disconnect() called: libstrophe's close timer must run */
	char *bare_jid;       /* our bare JID (lower case) */
	char *full_jid;       /* bound full JID */
	char *domain;
	char *fail_reason; /* first plain-words reason recorded for this attempt */
	bool sasl_failed;
	bool permanent; /* retrying cannot help (certificate, no TLS, login refused) */
	bool resumed;   /* libstrophe resumed the XEP-0198 session */
	unsigned reconnect_timer;
	unsigned reconnect_attempt; /* attempts since the last successful login */
	unsigned ping_timer;        /* next heartbeat */
	unsigned ping_deadline;
};

extern struct xsession xs;

/* Send a stanza (through a hook that unit tests replace). Does not release it. */
void xs_send(xmpp_stanza_t *st);
/* The hook xs_send() calls; defaults to xmpp_send on the live connection. */
extern void (*xs_send_hook)(xmpp_stanza_t *st);
/* For unit tests: use ctx, pretend to be bound as full_jid, capture sends. */
void xs_test_setup(xmpp_ctx_t *ctx, const char *full_jid, void (*send)(xmpp_stanza_t *));
/* For unit tests: forget what xs_test_setup set. */
void xs_test_teardown(void);

/* Record the reason this connection attempt failed (first one wins). */
void xs_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sanitized text content of the child element name of st (or of st itself
 * when name is NULL); NULL if absent. Caller frees. */
char *xs_child_text(xmpp_stanza_t *st, const char *name, enum sanitize_mode mode, size_t max);
/* Sanitized copy of attribute attr of st, NULL if absent. Caller frees. */
char *xs_attr(xmpp_stanza_t *st, const char *attr);
/* New stanza of the given name with type, id and to set (each may be NULL). */
xmpp_stanza_t *xs_stanza_new(const char *name, const char *type, const char *id, const char *to);
/* Add a child element <name xmlns=ns/> to parent and return it (owned by parent). */
xmpp_stanza_t *xs_add_child(xmpp_stanza_t *parent, const char *name, const char *ns);
/* Add a text child to parent. */
void xs_add_text(xmpp_stanza_t *parent, const char *text);
/* Plain-words text of an error stanza's <error/> (condition and text); caller frees. */
char *xs_error_text(xmpp_stanza_t *st);

/* IQs. Called with the answer (type result or error) from the entity we asked. */
typedef void (*xiq_fn)(xmpp_stanza_t *reply, void *arg);
/* Send iq (must have an id) and call fn when its answer comes from 'to'
 * (our own account when to is NULL). fn(NULL, arg) when the session ends. */
void xiq_send(xmpp_stanza_t *iq, xiq_fn fn, void *arg);
/* Forget every pending IQ, calling each fn(NULL, arg). */
void xiq_cancel_all(void);
/* True when an answer from 'from' may answer a query we sent to 'to'. */
bool xiq_from_ok(const char *from, const char *to);
/* Reply to a get/set iq with an error condition (e.g. "service-unavailable"). */
void xiq_reply_error(xmpp_stanza_t *iq, const char *type, const char *condition);
/* The libstrophe handler for every <iq/>. */
int xh_iq(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud);

/* Roster (src/xmpp/roster.c). */
void xroster_request(void);
/* Handle a roster push (iq set jabber:iq:roster); returns true if handled. */
void xroster_push(xmpp_stanza_t *iq);
/* Apply a roster result. */
void xroster_result(xmpp_stanza_t *reply, void *arg);

/* Presence (src/xmpp/presence.c). */
int xh_presence(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud);
void xpresence_send(enum show show, const char *status);

/* Messages (src/xmpp/message.c). */
int xh_message(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud);
int xmessage_send(const char *to, const char *body, const char *id);
/* Confirmation of sent messages (src/xmpp/confirm.c). */
bool xconfirm_full(void);
void xconfirm_add(const char *to, const char *id);
void xconfirm_forget(void);
/* Every message still waiting for the server's confirmation is failed with why. */
void xmessage_fail_pending(const char *why);
/* A one-to-one message from 'from' (live, or the inner message of a received
 * carbon): receipts, chat markers, chat states and body. Receipt requests are
 * answered only when live. */
void xmessage_incoming(xmpp_stanza_t *st, const char *from, bool live);
/* Time of the XEP-0203 delay stamp on st; now when absent or absurd. */
time_t xmessage_time(xmpp_stanza_t *st);

/* XEP-0280 carbons (src/xmpp/carbons.c). */
/* Ask the server to copy us the messages of our other devices (after login). */
void xcarbons_enable(void);
/* If st (from 'from') wraps a carbon, handle it when it comes from our own
 * bare JID, ignore it otherwise, and return true; false when it is none. */
bool xcarbons_handle(xmpp_stanza_t *st, const char *from);

/* XEP-0333 chat markers (src/xmpp/markers.c). */
/* Apply the markers in a message from bare to our messages in that chat. */
void xmarkers_handle(xmpp_stanza_t *st, const char *bare);
/* True when the sender of st asked for chat markers. */
bool xmarkers_markable(xmpp_stanza_t *st);
/* Ask for chat markers on our outgoing message msg. */
void xmarkers_add_markable(xmpp_stanza_t *msg);
/* Tell 'to' that message id was displayed (the backend's send_displayed). */
void xmarkers_send_displayed(const char *to, const char *id);

/* XEP-0085 chat states (src/xmpp/chatstates.c). */
/* Apply the chat state in a message from bare; had_body: it carried a body. */
void xchatstates_handle(xmpp_stanza_t *st, const char *bare, bool had_body);
/* Add chat state cs to our outgoing message msg. */
void xchatstate_add(xmpp_stanza_t *msg, enum chat_state cs);
/* Send our chat state towards 'to' (the backend's send_chat_state). */
void xchatstate_send(const char *to, enum chat_state cs);

/* Heartbeat and pings (src/xmpp/ping.c). */
void xping_start(void);
void xping_stop(void);
/* Answer an incoming ping. */
void xping_answer(xmpp_stanza_t *iq);
/* Ask the server for a round trip; fn runs when it answers. */
void xping_barrier(xiq_fn fn, void *arg);

/* Service discovery (src/xmpp/disco.c). Called with the features the entity
 * announced (NULL-terminated, freed after the call; empty when it answered
 * with an error), or with NULL when the session ended first. */
typedef void (*xdisco_fn)(char *const *features, void *arg);
/* Ask jid (our own account when NULL) for its disco#info. */
void xdisco_info(const char *jid, xdisco_fn fn, void *arg);
/* True when features (may be NULL) lists var. */
bool xdisco_has(char *const *features, const char *var);

/* Message archive, XEP-0313 with XEP-0059 paging (src/xmpp/mam.c). */
/* After login: learn whether our archive exists, then fetch what arrived
 * since the newest archive id we know (store_kv "mam:last"). */
void xmam_session_started(void);
/* A <message/> carrying an archive <result/>: handled here (accepted only
 * from our own archive, answering a query of ours). Returns false when st is
 * no archive result, true when it was one (taken or refused): callers then
 * ignore st. */
bool xmam_message(xmpp_stanza_t *st);
/* Backend fetch_older: a page of jid's archive older than before_stanza_id
 * (NULL: the newest). 0 if asked (or already being asked), -1 when offline
 * or the server keeps no archive. */
int xmam_fetch_older(const char *jid, const char *before_stanza_id);
/* The XEP-0359 stanza-id our own archive gave msg (by= our bare JID), or
 * NULL (also while the server is not known to keep an archive, since only
 * then does it strip forged ones). Caller frees. */
char *xmam_stanza_id(xmpp_stanza_t *msg);
/* A live message with our archive's stanza-id arrived: once this session's
 * catch-up is complete, it becomes the archive cursor. */
void xmam_live_archived(const char *stanza_id);
/* Forget the archive state (at exit and between unit tests). */
void xmam_reset(void);

/* TLS certificate failures (src/xmpp/tls.c). */
int xtls_certfail(const xmpp_tlscert_t *cert, const char *errormsg);
/* Plain words for an OpenSSL verification error string. */
const char *xtls_reason(const char *openssl_error);

/* The libstrophe log handler: debug log, raw XML log, failure detection. */
void xlog_handler(void *ud, xmpp_log_level_t level, const char *area, const char *msg);
/* Copy of xml with SASL payloads and passwords replaced by "[redacted]". Caller frees. */
char *xlog_redact(const char *xml);

#endif
