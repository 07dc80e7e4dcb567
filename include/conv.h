/* conv.h - conversations (tabs) and their messages (UI-free model) */
#ifndef NATTER_CONV_H
#define NATTER_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum conv_type { CONV_CONSOLE, CONV_CHAT };
enum msg_dir { MSG_IN, MSG_OUT, MSG_SYSTEM };
enum msg_state { MSG_STATE_NONE = 0, MSG_SENDING, MSG_SENT, MSG_DELIVERED, MSG_READ, MSG_FAILED };
enum msg_level { LEVEL_INFO, LEVEL_ERROR }; /* for MSG_SYSTEM lines */

struct message {
	unsigned long seq; /* increasing per conversation */
	time_t ts;
	enum msg_dir dir;
	enum msg_level level;
	char *from; /* who to show as sender (sanitized); NULL for system lines */
	char *body; /* sanitized */
	char *id;   /* stanza id, may be NULL */
	enum msg_state state;
	char *error; /* sanitized failure reason, may be NULL */
};

struct conv {
	enum conv_type type;
	char *jid;             /* bare JID for chats; NULL for the console */
	char *title;           /* shown in tab bar */
	struct message **msgs; /* ring of the newest messages, oldest first */
	size_t len;            /* messages held (<= scrollback setting) */
	size_t cap;            /* allocated slots in msgs */
	unsigned long next_seq;
	unsigned unread;
	bool highlight; /* an unread message needs attention */
};

/* The console conversation (always exists, always tab 1). */
struct conv *conv_console(void);
/* Open conversations in tab order (console first). */
struct conv **conv_list(size_t *n);
/* Find the chat with this bare JID; NULL if not open. */
struct conv *conv_find(const char *jid);
/* Find or create the chat with jid (bare). Raises conv_opened if new. */
struct conv *conv_open(const char *jid);
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
/* Append a message (takes copies of strings). Counts it unread when cv is not
 * focused and dir is MSG_IN. Raises message_added. Returns the stored message. */
struct message *conv_add(struct conv *cv, enum msg_dir dir, const char *from, const char *body,
                         const char *id, time_t ts);
/* conv_add() with a level for system lines. */
struct message *conv_add_level(struct conv *cv, enum msg_dir dir, enum msg_level level,
                               const char *from, const char *body, const char *id, time_t ts);
/* Find an outgoing message by id in cv; NULL if gone. */
struct message *conv_find_msg(struct conv *cv, const char *id);
/* Set a message's state (and error text); raises message_changed. */
void conv_set_state(struct conv *cv, struct message *m, enum msg_state st, const char *error);
/* Total unread messages over all conversations. */
unsigned conv_total_unread(void);
/* Free everything (at exit). */
void conv_free_all(void);

#endif
