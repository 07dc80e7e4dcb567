/* conv.h - conversations (tabs) and their messages (UI-free model) */
#ifndef NATTER_CONV_H
#define NATTER_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* CONV_ROOM: jid is the room's bare JID; CONV_PRIVATE: a room PM, jid is
 * room@service/nick (never merged with a contact of that name). */
enum conv_type { CONV_CONSOLE, CONV_CHAT, CONV_ROOM, CONV_PRIVATE };
enum msg_dir { MSG_IN, MSG_OUT, MSG_SYSTEM };
enum msg_state { MSG_STATE_NONE = 0, MSG_SENDING, MSG_SENT, MSG_DELIVERED, MSG_READ, MSG_FAILED };
enum msg_level { LEVEL_INFO, LEVEL_ERROR }; /* for MSG_SYSTEM lines */
/* What happened in a tab since the user last looked at it (the tab bar's
 * style): status lines (joins, parts), messages, or a mention of us. */
enum activity { ACT_NONE = 0, ACT_STATUS, ACT_MESSAGE, ACT_HIGHLIGHT };
/* XEP-0085 chat states. */
enum chat_state {
	CHAT_NONE = 0,
	CHAT_ACTIVE,
	CHAT_COMPOSING,
	CHAT_PAUSED,
	CHAT_INACTIVE,
	CHAT_GONE
};

/* One XEP-0444 reaction on a message: who (a key for the sender, see
 * src/core/edits.c) reacted with which emoji (sanitized, one grapheme). */
struct reaction {
	char *who;
	char *emoji;
};

/* What can be done to a message after it was sent (src/core/edits.c). */
enum edit_kind { EDIT_CORRECT, EDIT_RETRACT, EDIT_REACT };

struct message {
	unsigned long seq; /* sort key: increases in display order (time, then arrival) */
	long long rowid;   /* row in the history database, 0 if not stored */
	time_t ts;
	enum msg_dir dir;
	enum msg_level level;
	char *from;      /* who to show as sender (sanitized); NULL for system lines */
	char *body;      /* sanitized */
	char *id;        /* stanza id (for ours also the origin-id), may be NULL */
	char *stanza_id; /* our server's archive id (XEP-0359), may be NULL */
	enum msg_state state;
	char *error;         /* sanitized failure reason, may be NULL */
	int attempts;        /* outgoing: times handed to a stream */
	bool markable;       /* incoming: the sender wants chat markers (XEP-0333) */
	bool displayed_sent; /* incoming: seen by the user (a marker went out if asked) */
	char *author;   /* rooms: "id:" occupant-id or "jid:" real JID of the sender, or NULL */
	char *original; /* the text before the first correction (XEP-0308), or NULL */
	bool edited;    /* corrected by its sender */
	bool retracted; /* retracted by its sender (XEP-0424): body is empty */
	struct reaction *reactions; /* XEP-0444, bounded (src/core/edits.c) */
	size_t nreactions;
	unsigned id_hash;  /* message_id_hash(id), set by message_new; 0: not known */
	unsigned sid_hash; /* message_id_hash(stanza_id) as counted in its conv's seen filter */
};

/* A quick hash of a message id, never 0 (0 for NULL): duplicate checks
 * compare it before the strings. */
unsigned message_id_hash(const char *id);

struct conv {
	enum conv_type type;
	char *jid;             /* bare JID for chats; NULL for the console */
	char *title;           /* shown in tab bar */
	struct message **msgs; /* the newest messages, oldest first */
	size_t len;            /* messages held (<= scrollback setting) */
	size_t cap;            /* allocated slots in msgs */
	unsigned unread;
	bool highlight;             /* an unread message needs attention */
	enum activity activity;     /* raised by core_activity(), cleared on focus */
	unsigned long first_unread; /* seq of the oldest unread message (0: none) */
	unsigned long marker;       /* seq the "new messages" line is drawn above (0: none) */
	enum chat_state peer_state; /* what the contact is doing (XEP-0085) */
	enum chat_state own_state;  /* what we last told the contact */
	unsigned typing_timer;      /* turns composing into paused */
	bool history_done;          /* nothing older in the local history */
	bool archive_done;          /* nothing older in the server's archive either */
	bool archive_busy;          /* an archive page is being fetched */
	size_t page_count;          /* messages of the older page inserted so far (in front) */
	size_t head;                /* free slots before msgs in its allocation (cheap trims) */
	unsigned char *seen;        /* counting filter of id/stanza-id hashes held, or NULL */
	size_t seen_mask;           /* slots in seen minus 1 */
};

/* The console conversation (always exists, always tab 1). */
struct conv *conv_console(void);
/* Open conversations in tab order (console first). */
struct conv **conv_list(size_t *n);
/* Find the conversation for jid (a room PM only by its full JID); NULL if
 * not open. */
struct conv *conv_find(const char *jid);
/* Find or create the conversation with jid. Raises conv_opened if new. A
 * known room's bare JID gets a room tab, a full JID inside a known room a
 * room PM tab (keyed by room@service/nick), anything else a chat (bare). */
struct conv *conv_open(const char *jid);
/* Find or create the conversation with jid of this type (CONV_PRIVATE keeps
 * the resource). Raises conv_opened if new. */
struct conv *conv_open_type(const char *jid, enum conv_type type);
/* Close a chat (not the console). Raises conv_closed. */
void conv_close(struct conv *cv);
/* The focused conversation (never NULL). */
struct conv *conv_focused(void);
/* Focus cv, clearing its unread count. Raises focus_changed. */
void conv_focus(struct conv *cv);
/* Focus tab number n (1-based); returns false when there is no such tab. */
bool conv_focus_index(size_t n);
/* 1-based tab index of cv. */
size_t conv_index(const struct conv *cv);
/* Add a message (takes copies of strings) in time order: after every message
 * with ts <= its ts (so live messages append). Counts it unread when cv is not
 * focused and dir is MSG_IN. Raises message_added. Returns the stored message. */
struct message *conv_add(struct conv *cv, enum msg_dir dir, const char *from, const char *body,
                         const char *id, time_t ts);
/* conv_add() with a level for system lines. */
struct message *conv_add_level(struct conv *cv, enum msg_dir dir, enum msg_level level,
                               const char *from, const char *body, const char *id, time_t ts);
/* Add messages older than everything held (a history page), oldest first;
 * takes ownership of the array's messages. Raises conv_changed. */
void conv_prepend(struct conv *cv, struct message **msgs, size_t n);
/* A new message struct with copies of the strings (not in any conversation). */
struct message *message_new(enum msg_dir dir, const char *from, const char *body, const char *id,
                            time_t ts);
/* Free what corrections and reactions added to m (src/core/edits.c). */
void message_edits_free(struct message *m);
/* Free a message that is in no conversation. */
void message_free(struct message *m);
/* Find a message by its archive id; NULL if not held. */
struct message *conv_find_stanza_id(struct conv *cv, const char *stanza_id);
/* Insert m (from message_new) in time order, taking ownership. Counts it
 * unread when count_unread and cv is not focused. Raises message_added. */
struct message *conv_insert(struct conv *cv, struct message *m, bool count_unread);
/* Insert m, from a page of older messages, before everything that was held
 * when the page was asked for (the page's messages are the first
 * cv->page_count), in time order among them. Takes ownership; raises
 * message_added. */
struct message *conv_insert_older(struct conv *cv, struct message *m);
/* Count m (held in cv) as unread when it is incoming and cv is not focused. */
void conv_count_unread(struct conv *cv, const struct message *m);
/* Find an outgoing message by id in cv; NULL if gone. */
struct message *conv_find_msg(struct conv *cv, const char *id);
/* False when cv certainly holds no message whose id or stanza-id hashes to
 * hash (message_id_hash); true when it may (then search it). */
bool conv_may_hold(const struct conv *cv, unsigned hash);
/* Record m's stanza_id, set after m was added, in cv's duplicate filter. */
void conv_note_stanza_id(struct conv *cv, struct message *m);
/* Set a message's state (and error text); raises message_changed. */
void conv_set_state(struct conv *cv, struct message *m, enum msg_state st, const char *error);
/* Total unread messages over all conversations. */
unsigned conv_total_unread(void);
/* Free everything (at exit). */
void conv_free_all(void);

#endif
