/* xmpp_internal.h - what the files of src/xmpp share (and unit tests use) */
#ifndef NATTER_XMPP_INTERNAL_H
#define NATTER_XMPP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <strophe.h>
#include <time.h>

#include "conv.h"
#include "core.h"
#include "presence.h"
#include "roster.h"
#include "sanitize.h"

/* Limits on what we keep from the network. */
#define XS_BODY_MAX   (64 * 1024) /* bytes of a message body shown */
#define XS_LINE_MAX   1024        /* status texts, names, error texts */
#define XS_IQ_PENDING 512         /* outstanding IQs we wait for */

/* XS_REGISTERING: a stream of src/xmpp/register.c, not logged in, on which
 * nothing but registration IQs are sent (xs.bare_jid is then the server). */
enum xs_phase { XS_IDLE = 0, XS_CONNECTING, XS_ONLINE, XS_REGISTERING };

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
	bool permanent;  /* retrying cannot help (certificate, no TLS, login refused) */
	bool resumed;    /* libstrophe resumed the XEP-0198 session */
	bool roster_ver; /* this connection's server versions rosters (RFC 6121 2.6) */
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

/* Roster editing (src/xmpp/roster.c): the roster backend's set_item and
 * remove_item (see struct roster_backend); a refusal is reported in the
 * console, the change itself arrives as a roster push. */
int xroster_set_item(const char *jid, const char *name, char *const *groups);
int xroster_remove_item(const char *jid);

/* Presence subscriptions (src/xmpp/subscription.c). */
/* A presence of any type but unavailable from 'from' (a valid JID):
 * subscription requests and answers go to core, other types are ignored. */
void xsubscription_in(xmpp_stanza_t *st, const char *type, const char *from);
/* Send a subscription presence (the roster backend's send_subscription). */
int xsubscription_send(const char *jid, enum sub_presence type);
/* Register the roster backend with core (at each login, by xroster_request;
 * unit tests call it themselves). */
void xsubscription_register(void);

/* Presence (src/xmpp/presence.c). */
int xh_presence(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud);
void xpresence_send(enum show show, const char *status);

/* Messages (src/xmpp/message.c). */
int xh_message(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud);
int xmessage_send(const char *to, const char *body, const char *id);
/* Archive queries, shared by mam.c and muc_mam.c (src/xmpp/mam_query.c). */
#define XMAMQ_NS     "urn:xmpp:mam:2"
#define XMAMQ_RSM_NS "http://jabber.org/protocol/rsm"
/* A XEP-0313 query iq to 'to' (NULL: our account) with queryid qid, filtered
 * by with (or NULL), paged after/before (NULL: left out; "" for before: the
 * newest page), at most max results. Caller sends and releases it. */
xmpp_stanza_t *xmamq_new(const char *to, const char *qid, const char *with, const char *after,
                         const char *before, unsigned max);
/* RSM <last/> of an answer's <fin/> or NULL; *complete set. Caller frees. */
char *xmamq_fin(xmpp_stanza_t *reply, bool *complete);
/* True when an answer is not a result. */
bool xmamq_failed(xmpp_stanza_t *reply);
/* A message's origin-id, else its id (sanitized). Caller frees. */
char *xmamq_message_id(xmpp_stanza_t *msg);

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
/* The <delay/> child of st whose from= is the bare JID by (a room's own
 * history stamp), or NULL: a delay anybody else added is not believed. */
xmpp_stanza_t *xmessage_delay_by(xmpp_stanza_t *st, const char *by);
/* Time of that delay's stamp; now when st has none from by. */
time_t xmessage_time_by(xmpp_stanza_t *st, const char *by);

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

/* --- Who is who: disco, caps, version, last activity, vCard, blocking, nick.
 * The query functions below are also called by src/cmd (/info, /disco,
 * /block, /vcard). Every string they hand over is sanitized. A callback
 * gets error == NULL and its result on success, a plain-words error and no
 * result when the entity refused, and both NULL when the session ended. */

/* A task that succeeds or fails (error in plain words, NULL on success). */
typedef void (*xdone_fn)(const char *error, void *arg);
/* The error for a query the session ended before it was answered. */
#define XQ_LOST "the connection was lost before an answer came"

/* Full disco#info and disco#items answers (src/xmpp/disco.c). */
struct xdisco_identity {
	char *category, *type, *name; /* name may be NULL */
};
struct xdisco_item {
	char *jid, *name, *node; /* name and node may be NULL */
};
struct xdisco_result {
	struct xdisco_identity *ids;
	size_t nids;
	char **features; /* NULL-terminated */
	struct xdisco_item *items;
	size_t nitems;
	bool truncated; /* more than natter keeps were listed */
};
typedef void (*xdisco_result_fn)(const struct xdisco_result *r, const char *error, void *arg);
/* Ask jid (node may be NULL) for its disco#info, or with items its disco#items. */
void xdisco_query(const char *jid, const char *node, bool items, xdisco_result_fn fn, void *arg);
/* Add our identity and features (as the settings allow) to a disco#info <query/>. */
void xdisco_own_fill(xmpp_stanza_t *query);
/* Answer a disco#info get (our own, or our caps node). */
void xdisco_answer_info(xmpp_stanza_t *iq);
/* Answer a disco#items get (we have none). */
void xdisco_answer_items(xmpp_stanza_t *iq);

/* XEP-0115 entity capabilities (src/xmpp/caps.c). */
#define XCAPS_NODE "https://natter.invalid/caps"
/* The verification hash of a disco#info <query/> with hash "sha-1" or
 * "sha-256" (base64), or NULL when the answer is malformed (duplicate
 * identities, features or forms) or the hash unknown. Caller frees. */
char *xcaps_hash(xmpp_stanza_t *query, const char *hash);
/* Our own ver (sha-1) for the current settings. Caller frees. */
char *xcaps_own_ver(void);
/* Add our <c/> element to an outgoing available presence. */
void xcaps_add(xmpp_stanza_t *presence);
/* A contact's available presence from full JID 'from': learn its caps. */
void xcaps_presence(const char *from, xmpp_stanza_t *presence);
/* 'from' went offline: forget its caps. */
void xcaps_unavailable(const char *from);
/* Sanitized client name from jid's verified caps ("Gajim (pc)"), or NULL.
 * Caller frees. */
char *xcaps_client(const char *full_jid);
/* True when jid's verified caps list feature var. */
bool xcaps_has(const char *full_jid, const char *var);
/* Forget everything in memory (at exit and between unit tests). */
void xcaps_reset(void);

/* Answers to others' queries: "none", "contacts" or "all" in setting name. */
bool xreply_allowed(const char *setting, const char *from);
/* True when from is our own account (or no from: our server) or a roster
 * contact with a subscription: the "contacts" of those settings. */
bool xreply_contact(const char *from);

/* XEP-0092 software version (src/xmpp/version.c). */
struct xversion {
	char *name, *version, *os; /* any may be NULL */
};
typedef void (*xversion_fn)(const struct xversion *v, const char *error, void *arg);
void xversion_query(const char *jid, xversion_fn fn, void *arg);
/* Answer a version get as setting version_reply allows. */
void xversion_answer(xmpp_stanza_t *iq);

/* XEP-0012 last activity (src/xmpp/last.c). */
struct xlast {
	long seconds; /* idle (full JID) or since last seen (bare JID) */
	char *status; /* may be NULL */
};
typedef void (*xlast_fn)(const struct xlast *l, const char *error, void *arg);
void xlast_query(const char *jid, xlast_fn fn, void *arg);
/* Answer a last activity get (our idle time) as setting last_reply allows. */
void xlast_answer(xmpp_stanza_t *iq);

/* XEP-0202 entity time (src/xmpp/time.c): answer a time get as setting
 * time_reply allows. */
void xtime_answer(xmpp_stanza_t *iq);

/* XEP-0050 ad-hoc commands (src/xmpp/adhoc.c): natter offers none. */
#define XADHOC_NS "http://jabber.org/protocol/commands"
/* Answer disco#items on the commands node: empty to contacts, else
 * service-unavailable. */
void xadhoc_answer_list(xmpp_stanza_t *iq);
/* Answer an execute: item-not-found to contacts, else service-unavailable. */
void xadhoc_answer_execute(xmpp_stanza_t *iq);

/* XEP-0054 vCards (src/xmpp/vcard.c). */
struct xvcard_field {
	char *label; /* plain words: "full name", "email (work)" */
	char *value;
};
struct xvcard {
	struct xvcard_field *fields;
	size_t n;
	bool truncated; /* more fields than natter shows */
};
typedef void (*xvcard_fn)(const struct xvcard *v, const char *error, void *arg);
/* Fetch jid's vCard (ours when NULL). An absent vCard gives n == 0. */
void xvcard_query(const char *jid, xvcard_fn fn, void *arg);
/* Fetch our vCard, set FIELD (any case; empty value removes it) and publish. */
void xvcard_set(const char *field, const char *value, xdone_fn fn, void *arg);
/* The fields /vcard set knows, NULL-terminated, lower case. */
extern const char *const xvcard_fields[];

/* XEP-0172 user nickname via PEP (src/xmpp/nick.c). */
void xnick_publish(const char *nick, xdone_fn fn, void *arg);

/* XEP-0191 blocking (src/xmpp/blocking.c). */
/* After login: fetch the blocklist (the server then sends us its pushes). */
void xblocking_session_started(void);
/* A blocklist push (iq set): applied only from our own account. */
void xblocking_push(xmpp_stanza_t *iq);
/* Block or unblock jid. */
void xblocking_change(const char *jid, bool block, xdone_fn fn, void *arg);
/* Fetch the blocklist again. */
void xblocking_fetch(xdone_fn fn, void *arg);
/* The blocked JIDs, sorted, NULL-terminated (caller frees with strv_free);
 * NULL while the list is not known. */
char **xblocking_list(void);
/* Forget the list (at exit and between unit tests). */
void xblocking_reset(void);

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

/* XEP-0055 user directories (src/xmpp/search.c; used by src/cmd/cmd_find.c). */
#define XSEARCH_ROWS_MAX 200 /* result rows kept; the rest are only counted */
#define XSEARCH_ROW_MAX  512 /* bytes of one row's text */
struct dataform;
/* What a directory asks for. Every string is sanitized. */
struct xsearch_form {
	char *service;         /* the directory's JID (as asked) */
	bool discovered;       /* found through service discovery on our server */
	bool legacy;           /* plain jabber:iq:search fields, no data form */
	char *instructions;    /* the directory's own words, or NULL */
	struct dataform *form; /* its fields (legacy ones as text-single fields) */
};
/* One person found. */
struct xsearch_row {
	char *jid;  /* bare JID, or NULL when the row had no valid one */
	char *text; /* the other fields on one line: "Full Name: Bob Builder; ..." */
};
struct xsearch_results {
	struct xsearch_row *rows;
	size_t n;     /* rows kept, at most XSEARCH_ROWS_MAX */
	size_t total; /* rows the directory sent */
};
/* Called with a form (fn owns it: xsearch_form_free) or a plain-words error;
 * both NULL when the session ended first. */
typedef void (*xsearch_form_fn)(struct xsearch_form *f, const char *error, void *arg);
/* Called with the results (valid during the call) or a plain-words error;
 * both NULL when the session ended first. */
typedef void (*xsearch_results_fn)(const struct xsearch_results *r, const char *error, void *arg);
/* Ask service for its search fields. service NULL: our server's directory,
 * found through disco#items and disco#info of our domain, and remembered for
 * that domain until xsearch_reset(). */
void xsearch_fields(const char *service, xsearch_form_fn fn, void *arg);
/* Send f, with values set through dataform_set, to its directory. The
 * answer is only accepted from that directory. f may be freed at once. */
void xsearch_submit(const struct xsearch_form *f, xsearch_results_fn fn, void *arg);
/* Free a form that xsearch_fields handed over (NULL is fine). */
void xsearch_form_free(struct xsearch_form *f);
/* The directory discovery found for our domain this session (NULL: none);
 * *known is false when discovery has not run. */
const char *xsearch_cached(bool *known);
/* The bare JIDs of the rows of the last results, in order (an entry is NULL
 * when its row had none); *n is the number of rows. */
char *const *xsearch_last(size_t *n);
/* Forget the discovered directory and the last results (at exit and
 * between unit tests). */
void xsearch_reset(void);

/* XEP-0077 in-band registration (src/xmpp/register.c): the backend's
 * register_account, change_password and unregister (see core.h). */
int xregister_start(const char *server, const char *username, const char *password, account_fn done,
                    void *arg);
int xregister_change_password(const char *password, account_fn done, void *arg);
int xregister_remove(account_fn done, void *arg);
/* For unit tests: xregister_start() as if the encrypted stream to server had
 * just come up (the registration questions are asked for at once). */
int xregister_start_on_stream(const char *server, const char *username, const char *password,
                              account_fn done, void *arg);
/* Plain words for a registration error answer st (conflict: the name is
 * taken, ...), with the server's own text. Caller frees. */
char *xregister_error_text(xmpp_stanza_t *st);

/* TLS certificate failures (src/xmpp/tls.c). */
int xtls_certfail(const xmpp_tlscert_t *cert, const char *errormsg);
/* Plain words for an OpenSSL verification error string. */
const char *xtls_reason(const char *openssl_error);
/* The first read after the TLS handshake (ssl: the SSL *): NULL when the
 * account has no pin or the presented certificate is the pinned one, else
 * why not (caller frees; the session is marked permanent). */
char *xtls_check_pin(void *ssl);
/* SHA-256 (64 lower-case hex digits) of the last leaf certificate presented, or NULL. */
const char *xtls_last_fingerprint(void);
/* Forget the last presented certificate (unit tests). */
void xtls_reset(void);

/* Per-account files: TLS pins and the SCRAM memory (src/xmpp/pins.c). */
/* Path of file name in the account's data directory, or NULL. Caller frees. */
char *xpins_account_file(const char *bare, const char *name);
/* "AB:CD:.." or "abcd.." (any case) to 64 lower-case hex digits: 0, or -1. */
int xpins_normalize(const char *in, char out[65]);
/* 64 hex digits as "AB:CD:..." (out holds 96 bytes). */
void xpins_pretty(const char *hex, char out[96]);
/* The pin (64 hex digits) of domain for account bare, or NULL. Caller frees. */
char *xpins_get(const char *bare, const char *domain);
/* Pin fingerprint fp for domain of account bare (file 0600, atomic): 0 or -1. */
int xpins_set(const char *bare, const char *domain, const char *fp);
/* Remove domain's pin: 1 removed, 0 there was none, -1 error. */
int xpins_forget(const char *bare, const char *domain);
/* The SCRAM mechanism account bare logged in with before, or NULL. Caller frees. */
char *xpins_scram_seen(const char *bare);
/* Remember a successful SCRAM login (mech like "SCRAM-SHA-1"): 0 or -1. */
int xpins_scram_remember(const char *bare, const char *mech);

/* The login guard (src/xmpp/authguard.c): hooks on the raw stream during
 * negotiation (see guard.h) against STARTTLS failure, legacy auth, SASL
 * downgrades and hostile SCRAM servers. */
struct guard_hooks;
extern const struct guard_hooks xauth_guard_hooks;
/* Something natter sent (libstrophe's "SENT:" log line), for the SCRAM checks. */
void xauth_note_sent(const char *xml);
/* Forget what the guard learned of the current login (new connection, tests). */
void xauth_reset(void);
/* The element hook (for tests): NULL lets xml through, else why not (caller frees). */
char *xauth_element(const char *xml, size_t len, void *arg);
/* The tls_ready hook (for tests). */
char *xauth_tls_ready(void *ssl);
/* For unit tests: the password to check SCRAM server signatures with when
 * there is no connection (NULL: none). */
void xauth_test_password(const char *password);

/* The libstrophe log handler: debug log, raw XML log, failure detection. */
void xlog_handler(void *ud, xmpp_log_level_t level, const char *area, const char *msg);
/* Copy of xml with SASL payloads and passwords replaced by "[redacted]". Caller frees. */
char *xlog_redact(const char *xml);

/* XEP-0045 moderation and administration (src/xmpp/muc_admin.c). Every
 * answer is accepted only from the room; fn gets NULL on success, else a
 * plain-words error (XQ_LOST when the session ended). reason may be NULL. */
#define XMUC_AFFIL_MAX 1000 /* affiliation list entries kept; the rest are counted */
/* Give nick in room a role (ROLE_NONE kicks). */
void xmuc_set_role(const char *room, const char *nick, enum muc_role role, const char *reason,
                   xdone_fn fn, void *arg);
/* Give jid in room an affiliation (AFFIL_OUTCAST bans). */
void xmuc_set_affil(const char *room, const char *jid, enum muc_affil affil, const char *reason,
                    xdone_fn fn, void *arg);
/* One entry of an affiliation list (sanitized; nick and reason may be NULL). */
struct xmuc_affil_item {
	char *jid, *nick, *reason;
};
/* Called with the entries (valid during the call; total counts those
 * dropped beyond XMUC_AFFIL_MAX and invalid ones) or with a plain-words error. */
typedef void (*xmuc_affils_fn)(const struct xmuc_affil_item *items, size_t n, size_t total,
                               const char *error, void *arg);
/* List who has affiliation affil in room. */
void xmuc_affil_list(const char *room, enum muc_affil affil, xmuc_affils_fn fn, void *arg);
/* Destroy room (owners only). */
void xmuc_destroy(const char *room, const char *reason, xdone_fn fn, void *arg);
/* Plain words for a muc#admin/muc#owner error answer. Caller frees. */
char *xmuc_admin_error(xmpp_stanza_t *reply);

/* Room configuration, muc#owner (src/xmpp/muc_config.c). */
struct dataform;
/* Called with the room's configuration form (fn owns it: dataform_free) or
 * a plain-words error. */
typedef void (*xmuc_form_fn)(struct dataform *f, const char *error, void *arg);
/* Fetch room's configuration form. */
void xmuc_config_fetch(const char *room, xmuc_form_fn fn, void *arg);
/* Submit f (values set through dataform_set) as room's configuration. f may
 * be freed at once. */
void xmuc_config_submit(const char *room, const struct dataform *f, xdone_fn fn, void *arg);
/* Tell room the configuration is not changed (the form was cancelled). */
void xmuc_config_cancel(const char *room);

/* Invitations (src/xmpp/muc_invite.c). */
#define XMUC_INVITES_MAX 16 /* invitations remembered; older ones are forgotten */
/* An invitation we received (sanitized; reason and password may be NULL). */
struct xmuc_invite {
	char *room; /* bare room JID */
	char *from; /* who invites (bare JID as known) */
	char *reason;
	char *password;
	bool mediated; /* came through the room (XEP-0045), else direct (XEP-0249) */
};
/* Invite jid to room, mediated through the room and directly (XEP-0249). */
void xmuc_invite_send(const char *room, const char *jid, const char *reason);
/* A <message/> from 'from' carrying an invitation: handled here (mediated
 * ones only from a room, checked through disco#info; direct ones from
 * anyone) and true returned; false when st carries none. */
bool xmuc_invite_message(xmpp_stanza_t *st, const char *from);
/* The newest invitation not yet used, or NULL. */
const struct xmuc_invite *xmuc_invite_last(void);
/* Forget the invitation to room (it was accepted). */
void xmuc_invite_forget(const char *room);
/* Forget every invitation (at exit and between unit tests). */
void xmuc_invite_reset(void);

/* Room bookmarks (src/xmpp/bookmarks.c): XEP-0402 PEP native bookmarks when
 * our account announces them (urn:xmpp:bookmarks:1#compat, or PEP with
 * publish-options), else XEP-0048 in private XML storage. What the server
 * holds is untrusted: kept only with a valid room JID, sanitized, bounded. */
#define XBOOKMARKS_MAX 1000 /* bookmarks kept; the rest are ignored */
struct xbookmark {
	char *jid;      /* bare room JID, lower case */
	char *name;     /* may be NULL */
	char *nick;     /* may be NULL */
	char *password; /* may be NULL */
	bool autojoin;
};
/* After login (or a resumption that lost the list): learn how the server
 * keeps bookmarks, fetch them and queue paced joins of those with autojoin. */
void xbookmarks_session_started(bool resumed);
/* A <message/> from 'from' carrying a bookmarks PEP notification: applied
 * only when from is our own bare JID. False when st carries none. */
bool xbookmarks_message(xmpp_stanza_t *st, const char *from);
/* The bookmarks sorted by JID (valid until the next change), *n set; NULL
 * (and *n == 0) while they are not known yet. */
const struct xbookmark *xbookmarks_list(size_t *n);
/* "XEP-0402" or "XEP-0048" once known, else NULL. */
const char *xbookmarks_kind(void);
/* Add or replace the bookmark b->jid (strings copied); fn(NULL or error, arg). */
void xbookmarks_set(const struct xbookmark *b, xdone_fn fn, void *arg);
/* Remove the bookmark of room; fn(NULL or error, arg). */
void xbookmarks_remove(const char *room, xdone_fn fn, void *arg);
/* Forget the list (at exit and between unit tests). */
void xbookmarks_reset(void);

/* XEP-0410 self-ping of the rooms we are in (src/xmpp/selfping.c). */
enum xselfping_verdict { SELFPING_IN, SELFPING_OUT, SELFPING_UNSURE };
/* A stanza from 'from' arrived: a room of ours that talks is alive (and a
 * joined room is watched from its first stanza on). */
void xselfping_seen(const char *from);
/* What an answer to a self-ping means (reply NULL: no answer in time). */
enum xselfping_verdict xselfping_verdict(xmpp_stanza_t *reply);
/* Rooms watched (each with one timer). */
size_t xselfping_watched(void);
/* Stop watching every room (at exit and between unit tests). */
void xselfping_reset(void);

/* XEP-0045 rooms (src/xmpp/muc.c, muc_presence.c, muc_message.c). */
/* Register the room backend with core (at session init and in unit tests). */
void xmuc_register(void);
/* A presence from a room we are in or joining: handled (true), else false. */
bool xmuc_presence(xmpp_stanza_t *st, const char *from);
/* A message that is room traffic (groupchat, a room PM, a room's error):
 * handled (true), else false. Groupchat from rooms we are not in is dropped. */
bool xmuc_message(xmpp_stanza_t *st, const char *from, const char *type);
/* Send to a room (groupchat) or to room/nick (a PM); false when 'to' is no
 * room of ours. */
bool xmuc_send(const char *to, const char *body, const char *id);
/* Send our chat state to a room we are in (groupchat, <no-store/>). */
void xmuc_chat_state_send(const char *room, enum chat_state cs);
/* True when the muc#user <x/> (may be NULL) carries status code. */
bool xmuc_has_status(xmpp_stanza_t *x, int code);
/* Plain words for a join error presence (nick: the one we asked for). Caller frees. */
char *xmuc_join_error(xmpp_stanza_t *st, const char *nick);
/* Accept the default configuration of a room we created (instant room). */
void xmuc_instant_room(const char *room);
/* The id prefix of our subject changes (a refusal is told as such). */
#define XMUC_SUBJECT_ID "subject-"
/* The next subject from room is the one sent right after our join. */
void xmuc_subject_expect(const char *room);
/* Find our server's room service (disco#items, identity conference/text);
 * fn(service or NULL, error, arg). */
typedef void (*xmuc_service_fn)(const char *service, const char *error, void *arg);
void xmuc_find_service(xmuc_service_fn fn, void *arg);
/* Forget the rooms' protocol state (at exit and between unit tests). */
void xmuc_reset(void);

/* Room archives, XEP-0313 against the room (src/xmpp/muc_mam.c). */
/* We are in room (self-presence): ask its disco#info and, when it keeps an
 * archive, fetch what was said since the newest room archive id we know
 * (store_kv "mam:room:JID"), in bounded pages. */
void xmuc_mam_joined(const char *room);
/* True when room is known to keep an archive (a join then asks for no history). */
bool xmuc_mam_known(const char *room);
/* A <message/> with an archive <result/> answering one of our room queries:
 * handled (taken only from that room) and true; false for any other. */
bool xmuc_mam_message(xmpp_stanza_t *st);
/* fetch_older for a room: a page of its archive before before_stanza_id
 * (NULL: the newest). 0 if asked, -1 when offline or it keeps no archive. */
int xmuc_mam_fetch_older(const char *room, const char *before_stanza_id);
/* A live groupchat message carried the room's archive id stanza_id. */
void xmuc_mam_live(const char *room, const char *stanza_id);
/* Forget the room archive state (at exit and between unit tests). */
void xmuc_mam_reset(void);

/* Corrections, retractions and reactions (XEP-0308/0424/0444): who sent a
 * message that may change an earlier one. src/xmpp/edits.c applies an edit
 * only to a message of the same sender in the same conversation. */
struct xedit_sender {
	const char *conv_jid; /* conversation key (sanitized): bare JID, room, or room/nick */
	enum conv_type type;  /* CONV_CHAT, CONV_ROOM or CONV_PRIVATE */
	enum msg_dir dir;     /* MSG_IN: the other side; MSG_OUT: us (carbon, reflection) */
	const char *nick;     /* rooms and room PMs: the occupant's nick (sanitized) */
	const char *author;   /* rooms: "jid:" real JID or "id:" occupant-id, or NULL */
};
#define XEDIT_ID_MAX 256 /* longest message id an edit may name */
/* Handle st's <replace/>, <retract/>, <apply-to/> or <reactions/> when it
 * has one (true: the caller shows no body). */
bool xedits_handle(xmpp_stanza_t *st, const struct xedit_sender *s);
/* The message of s's conversation with this id (stanza-id when by_sid) that
 * s itself sent, newest first; NULL (and *cv_out NULL) when there is none. */
struct message *xedit_target(const struct xedit_sender *s, xmpp_stanza_t *el, bool by_sid,
                             struct conv **cv_out);
/* The reaction key for s (see core_message_react). Caller frees. */
char *xedit_who(const struct xedit_sender *s);
/* Each handles its element of st for s; true when st had one. */
bool xcorrect_handle(xmpp_stanza_t *st, const struct xedit_sender *s);
bool xretract_handle(xmpp_stanza_t *st, const struct xedit_sender *s);
bool xreactions_handle(xmpp_stanza_t *st, const struct xedit_sender *s);
/* Fill an outgoing message with a correction, a retraction or reactions. */
void xcorrect_build(xmpp_stanza_t *msg, const char *target, const char *text, const char *id);
void xretract_build(xmpp_stanza_t *msg, const char *target);
void xreactions_build(xmpp_stanza_t *msg, const char *target, const char *set);
/* The backend's send_edit (struct core_backend). */
int xedit_send(const char *to, enum edit_kind kind, const char *target, const char *text,
               const char *id);
/* The author key of nick's messages in r (see struct xedit_sender). Caller frees. */
char *xmuc_author(xmpp_stanza_t *st, const char *room, const char *nick);
/* A correction, retraction or reactions from nick in room r, live or
 * archived (true: handled, no body to show). */
bool xmuc_edit(xmpp_stanza_t *st, struct room *r, const char *nick);

/* XEP-0198 acks (smguard.c): note what libstrophe wrote (its "SENT:" log
 * text), and check an <a/> or <resumed/> the server sent (NULL: possible,
 * else why the connection must end; caller frees). */
void xsm_note_sent(const char *xml);
char *xsm_check(const char *xml, size_t len);
/* Forget the count (tests). */
void xsm_reset(void);

#endif
