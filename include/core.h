/* core.h - the UI-free core: connection state, actions, and typed events */
#ifndef NATTER_CORE_H
#define NATTER_CORE_H

#include <stdbool.h>

#include "conv.h"
#include "presence.h"
#include "room.h"
#include "roster.h"

enum conn_state { CONN_OFFLINE = 0, CONN_CONNECTING, CONN_ONLINE, CONN_ERROR };

/* Called with the text typed at a secret prompt (NULL if cancelled). */
typedef void (*secret_fn)(const char *secret, void *arg);

/* What a front end hears about. Every member may be NULL. Handlers must not
 * draw: they mark what is dirty and the loop redraws once per pass. */
struct core_listener {
	void (*conn_changed)(void *ud); /* state, reason or own presence */
	void (*roster_changed)(void *ud, const struct contact *c); /* NULL: many changed */
	void (*conv_opened)(void *ud, struct conv *cv);
	void (*conv_closed)(void *ud, struct conv *cv); /* cv is freed after this returns */
	void (*focus_changed)(void *ud, struct conv *cv);
	void (*message_added)(void *ud, struct conv *cv, const struct message *m);
	void (*message_changed)(void *ud, struct conv *cv, const struct message *m);
	/* Title, chat state, unread marker or older history of cv changed. */
	void (*conv_changed)(void *ud, struct conv *cv);
	/* A room's state, subject, nick or settings changed. */
	void (*room_changed)(void *ud, struct room *r);
	/* One occupant joined/changed/left (NULL: many changed at once). */
	void (*occupant_changed)(void *ud, struct room *r, const struct occupant *o);
	/* A live event in cv worth the user's attention (level: this event's, a
	 * highlight or a message); the front end rings the bell per setting. */
	void (*alert)(void *ud, struct conv *cv, enum activity level);
	/* Scroll cv (focused) so that m is in view (a /search hit). */
	void (*show_message)(void *ud, struct conv *cv, const struct message *m);
	/* Ask for a secret on the input line, hidden; call done(text or NULL, arg).
	 * Used only when ask is NULL. */
	void (*ask_secret)(void *ud, const char *prompt, secret_fn done, void *arg);
	/* Ask a question on the input line, the typed text hidden or shown; call
	 * done(text, arg) once, with NULL when the user cancels (Esc, Ctrl-C). */
	void (*ask)(void *ud, const char *prompt, bool hidden, secret_fn done, void *arg);
	/* Drop the question being asked, if any (its done gets NULL). */
	void (*ask_cancel)(void *ud);
};

/* How an account operation on the server ended (ok: it was done). */
typedef void (*account_fn)(bool ok, void *arg);

/* The protocol side, registered by src/xmpp (or a test double). */
struct core_backend {
	/* Start connecting with the current settings and this password. */
	int (*connect)(const char *password);
	void (*disconnect)(void);
	/* Send a chat message; id is natter's id for it. 0 if handed to the stream. */
	int (*send_message)(const char *to, const char *body, const char *id);
	/* A message already on the stream (resumed session): report it sent
	 * once the server confirms it. */
	void (*track_message)(const char *to, const char *id);
	void (*send_presence)(enum show show, const char *status);
	/* XEP-0333: tell 'to' that message id was displayed. */
	void (*send_displayed)(const char *to, const char *id);
	/* XEP-0085: our chat state towards 'to'. */
	void (*send_chat_state)(const char *to, enum chat_state st);
	/* XEP-0085 in a room we are in (groupchat, not stored). */
	void (*send_room_chat_state)(const char *room, enum chat_state st);
	/* Ask the archive for a page of jid's messages older than before_stanza_id
	 * (NULL: the newest). Results arrive through core_message_in with
	 * archived set, then core_archive_page_done(). 0 if asked. */
	int (*fetch_older)(const char *jid, const char *before_stanza_id);
	/* XEP-0077 (src/xmpp/register.c). Each says in the console what happens,
	 * asks the server's other questions itself, and calls done(ok, arg) once
	 * at the end; returns 0 when started, -1 (done not called) when not. */
	/* Create username on server (a connection of its own, not logged in). */
	int (*register_account)(const char *server, const char *username, const char *password,
	                        account_fn done, void *arg);
	/* Change our password on the server (online). */
	int (*change_password)(const char *password, account_fn done, void *arg);
	/* Delete our account on the server, then disconnect (online). */
	int (*unregister)(account_fn done, void *arg);
	/* XEP-0308/0424/0444 towards 'to' (a chat or a room): EDIT_CORRECT
	 * sends text as a correction of target with the new id; EDIT_RETRACT
	 * retracts target; EDIT_REACT sends our whole set of reactions to
	 * target (text: emoji separated by '\n', empty for none). 0 if sent. */
	int (*send_edit)(const char *to, enum edit_kind kind, const char *target, const char *text,
	                 const char *id);
};

/* A message from the protocol side (live, carbon, archive or offline). All
 * strings already sanitized by src/xmpp. */
struct msg_in {
	const char *conv_jid; /* bare JID of the other party */
	enum msg_dir dir;     /* MSG_IN, or MSG_OUT for our own from another device */
	const char *from;     /* label to show for the sender */
	const char *body;
	const char *id;        /* the stanza's id or origin-id */
	const char *stanza_id; /* our server's archive id, or NULL */
	time_t ts;
	bool archived; /* from the archive: no notification, may be old */
	bool markable; /* the sender asked for chat markers */
};

/* Register the (single) front end. */
void core_set_listener(const struct core_listener *l, void *ud);
/* Register the protocol backend. */
void core_set_backend(const struct core_backend *b);

/* Events, raised by the model; front ends do not call these. */
void core_emit_conn_changed(void);
void core_emit_roster_changed(const struct contact *c);
void core_emit_conv_opened(struct conv *cv);
void core_emit_conv_closed(struct conv *cv);
void core_emit_focus_changed(struct conv *cv);
void core_emit_message_added(struct conv *cv, const struct message *m);
void core_emit_message_changed(struct conv *cv, const struct message *m);

/* Print a line in the console tab. */
void core_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print an error line in the console tab. */
void core_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a line in conversation cv (the console if cv is NULL). */
void core_notice(struct conv *cv, enum msg_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Connection state, as shown in the status line. */
enum conn_state core_conn_state(void);
/* Why the last connection failed or ended (NULL when none). */
const char *core_conn_reason(void);
/* Set by the backend; reason may be NULL. Raises conn_changed. */
void core_set_conn_state(enum conn_state st, const char *reason);
/* Our own JID once bound (full JID), or NULL. */
const char *core_own_jid(void);
/* Set by the backend after resource binding (NULL when offline). */
void core_set_own_jid(const char *jid);

/* Actions (from commands and the input line). Each reports its own errors
 * to the console and returns 0 on success, -1 on failure. */
int core_connect(void);
void core_disconnect(void);
/* Send text to the chat in cv (opening nothing new). */
int core_send(struct conv *cv, const char *text);
/* Set our presence and broadcast it when online. */
void core_set_presence(enum show show, const char *status);
/* Our chosen presence. */
enum show core_presence_show(void);
const char *core_presence_status(void);
/* Ask the front end for a secret; calls done(NULL, arg) if there is none. */
void core_ask_secret(const char *prompt, secret_fn done, void *arg);

/* Questions on the input line (src/core/prompt.c, askform.c). Only one is
 * asked at a time; every done callback is called exactly once. */
/* Ask a question, the typed text hidden or shown; done(NULL, arg) when the
 * user cancels (Esc, Ctrl-C), when another question is being asked, or when
 * there is no front end to ask. */
void core_ask(const char *prompt, bool hidden, secret_fn done, void *arg);
/* Drop the question being asked (its done gets NULL). */
void core_ask_cancel(void);
/* Called with 1 for yes, 0 for no, -1 when cancelled. */
typedef void (*yesno_fn)(int yes, void *arg);
/* Ask a yes/no question ("[y/n]" is added); asks again until answered. */
void core_ask_yesno(const char *question, yesno_fn done, void *arg);
/* Ask for a new password twice, hidden, until both agree (an empty one is
 * refused); done(password, arg), or done(NULL, arg) when cancelled. */
void core_ask_new_password(const char *what, secret_fn done, void *arg);

struct dataform;
enum form_result { FORM_DONE, FORM_CANCELLED, FORM_UNANSWERABLE };
/* How walking a form ended. */
typedef void (*form_fn)(enum form_result r, void *arg);
/* Show the form's title, instructions and notes, then ask its fields one at
 * a time (label, description, choices; private ones hidden), checking each
 * answer for the field's type; fields named in preset (NULL-terminated, may
 * be NULL) are filled in already and not asked. A required question that
 * needs a picture or sound without a web address (a CAPTCHA) ends it with
 * FORM_UNANSWERABLE, after saying so. f must stay alive until done. */
void core_ask_form(struct dataform *f, const char *const *preset, form_fn done, void *arg);

/* Accounts on the server (src/core/account.c): see struct core_backend.
 * Each returns 0 when started (done is called later), -1 after saying why
 * not (done is not called). */
int core_register(const char *server, const char *username, const char *password, account_fn done,
                  void *arg);
int core_change_password(const char *password, account_fn done, void *arg);
int core_unregister(account_fn done, void *arg);
/* Connect with the current settings and this password (just created or
 * typed) instead of password/password_cmd. 0, or -1 after saying why not. */
int core_connect_password(const char *password);

/* Take a message from the network: de-duplicated (stanza-id, origin-id)
 * against memory and the history database, stored, then shown. Returns the
 * message, or NULL when it was a duplicate. */
struct message *core_message_in(const struct msg_in *in);
/* A state change for one of our messages (by id, in the chat with jid). The
 * state only moves forward, except to failed. */
void core_message_state(const char *jid, const char *id, enum msg_state st, const char *error);
/* The contact's chat state changed. */
void core_peer_state(const char *jid, enum chat_state st);
/* An archive page for jid has been delivered; done = nothing older exists. */
void core_archive_page_done(const char *jid, bool done);
/* Show older messages of cv: the next page from the history database, or
 * from the server's archive once the local history is exhausted. */
void core_load_older(struct conv *cv);
/* The user has seen everything in cv (focused and scrolled to the bottom):
 * send a displayed marker where the contact asked and may know. */
void core_mark_seen(struct conv *cv);
/* The user is typing in cv's input line (called on each edit). */
void core_user_typing(struct conv *cv);
/* The user pressed a key (called by the front end on each; XEP-0012 idle). */
void core_user_active(void);
/* Seconds since the user last pressed a key (src/core/activity.c). */
long core_idle_seconds(void);
/* The connection is up (after login or resumption): send what waits. */
void core_session_started(bool resumed);
/* The connection is gone: what was not confirmed stays in the outbox. */
void core_session_ended(void);
/* r's state changed (src/xmpp after our self-presence, a failed join or a
 * removal; rooms.c after /part): joined, the messages typed in its tab
 * meanwhile go out; when it can no longer be joined they are failed. */
void core_room_outbox(struct room *r);
/* Open the history database of the account in setting jid (if not open). */
void core_history_open(void);
/* One history transaction around each read from the server (the xmpp layer
 * calls begin before xmpp_run_once() and end after it, before it sends what
 * the handlers queued): end commits; when that fails, the messages of the
 * batch are kept on screen and saved once writing works again. */
void core_write_batch_begin(void);
void core_write_batch_end(void);
/* Focus the chat with jid and bring the stored message rowid into view,
 * loading older history as needed (bounded). 0, or -1 when it is too far back
 * or gone (then a notice says so). */
int core_show_stored(const char *jid, long long rowid);
/* Raised by the model: cv's title, chat state, marker or history changed. */
void core_emit_conv_changed(struct conv *cv);

/* Highlights and tab activity (src/core/highlight.c). */
/* True when body mentions our nick in r (whole word, any case) or one of the
 * highlight_words setting's words. */
bool core_mentions_me(const struct room *r, const char *body);
/* m (held in cv) arrived; live: now, not from an archive or history. Raises
 * cv's activity level when cv is not focused (status line, message, or a
 * mention in a room) and, when live, tells the front end (alert) about
 * highlights and messages. Returns this message's level. */
enum activity core_activity(struct conv *cv, const struct message *m, bool live);
/* The user looked at cv: its activity goes back to none. */
void core_activity_seen(struct conv *cv);

/* Corrections, retractions and reactions (src/core/edits.c). The apply
 * functions take edits src/xmpp has already checked came from the original
 * sender; text is sanitized. Each stores the change and raises
 * message_changed. */
/* m now reads body (the first original text is kept), marked edited. */
void core_message_correct(struct conv *cv, struct message *m, const char *body);
/* m is retracted: its text is gone from memory, screen and history. */
void core_message_retract(struct conv *cv, struct message *m);
/* who's reactions on m become these n emoji (bounded; the rest ignored). */
void core_message_react(struct conv *cv, struct message *m, const char *who,
                        const char *const *emoji, size_t n);
/* Remember who sent m in a room ("id:OCCUPANT-ID" or "jid:REAL-JID"). */
void core_message_author(struct message *m, const char *author);
/* True when e is one reaction we keep: one emoji (a single grapheme: a base
 * with modifiers, ZWJ sequences, a flag, a keycap), at most EDITS_EMOJI_MAX
 * bytes of valid UTF-8, nothing else (src/core/emoji.c). */
bool edits_emoji_ok(const char *e);
/* The key core_message_react() uses for us. */
#define EDITS_ME "me"
/* /correct: replace our last message in cv with text. 0 or -1 (said why). */
int core_correct(struct conv *cv, const char *text);
/* /retract: retract our last message in cv. 0 or -1 (said why). */
int core_retract(struct conv *cv);
/* /react: toggle our reaction emoji on the newest message from the other
 * side in cv. 0 or -1 (said why). */
int core_react(struct conv *cv, const char *emoji);
/* Limits on reactions kept per message. */
#define EDITS_MAX_DISTINCT  20  /* different emoji */
#define EDITS_MAX_REACTIONS 200 /* (sender, emoji) pairs */
#define EDITS_EMOJI_MAX     32  /* bytes of one reaction */

/* Free all core state (at exit). */
void core_free_all(void);

#endif
