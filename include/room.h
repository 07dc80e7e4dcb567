/* room.h - group chat rooms and their occupants (UI-free model, XEP-0045) */
#ifndef NATTER_ROOM_H
#define NATTER_ROOM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "conv.h"
#include "presence.h"

enum muc_role { ROLE_NONE = 0, ROLE_VISITOR, ROLE_PARTICIPANT, ROLE_MODERATOR };
enum muc_affil { AFFIL_NONE = 0, AFFIL_OUTCAST, AFFIL_MEMBER, AFFIL_ADMIN, AFFIL_OWNER };
enum room_state { ROOM_PARTED = 0, ROOM_JOINING, ROOM_JOINED, ROOM_FAILED };

struct occupant {
	char *nick; /* sanitized */
	char *jid;  /* real bare JID when the room shows it, else NULL */
	enum muc_role role;
	enum muc_affil affil;
	enum show show;
	char *status;          /* sanitized, may be NULL */
	enum chat_state state; /* XEP-0085 in the room */
};

struct room {
	char *jid;      /* bare room JID, lower case */
	char *nick;     /* our nick in the room */
	char *password; /* NULL when none */
	char *subject;  /* topic, sanitized, may be NULL */
	enum room_state state;
	char *error;       /* why joining failed or we were removed (plain words), or NULL */
	bool autojoin;     /* from a bookmark */
	struct conv *conv; /* its tab (type CONV_ROOM), NULL while it has none */
	struct occupant **occupants; /* unordered; see room_occupant_find */
	size_t noccupants, capoccupants;
	void *index; /* private: nick -> occupant hash */
};

/* All rooms we know (joined, joining, or with a tab). */
struct room **room_list(size_t *n);
/* The room with this bare JID (any case), or NULL. */
struct room *room_find(const char *jid);
/* Find or create a room record. */
struct room *room_get(const char *jid);
/* Forget a room (after parting and closing its tab). */
void room_free(struct room *r);
/* The occupant with this nick (exact), or NULL. O(1). */
struct occupant *room_occupant_find(const struct room *r, const char *nick);
/* Add or update an occupant from presence (copies strings). Raises occupant_changed. */
struct occupant *room_occupant_set(struct room *r, const char *nick, const char *jid,
                                   enum muc_role role, enum muc_affil affil, enum show show,
                                   const char *status);
/* Remove an occupant (left, kicked, banned). Raises occupant_changed with NULL. */
void room_occupant_remove(struct room *r, const char *nick);
/* Rename an occupant (nick change, status 303). */
void room_occupant_rename(struct room *r, const char *old_nick, const char *new_nick);
/* Forget every occupant (we left or were disconnected). */
void room_occupants_clear(struct room *r);
/* Names for the enums (commands, UI, man page). */
const char *muc_role_name(enum muc_role r);
const char *muc_affil_name(enum muc_affil a);
/* Parse role/affiliation words; 0 or -1. */
int muc_role_parse(const char *s, enum muc_role *out);
int muc_affil_parse(const char *s, enum muc_affil *out);
/* Free all rooms (at exit). */
void room_free_all(void);

/* Actions (src/core/rooms.c); each reports its errors in plain words in the
 * room's tab (or the console) and returns 0 or -1. */
int core_room_join(const char *room_jid, const char *nick, const char *password);
int core_room_part(struct room *r, const char *reason);
int core_room_nick(struct room *r, const char *nick);
int core_room_topic(struct room *r, const char *topic);
/* Open (and focus) the private-message tab with nick in r. */
struct conv *core_room_private(struct room *r, const char *nick);
/* The room a conversation belongs to (a room tab or a room PM), or NULL. */
struct room *room_of_conv(const struct conv *cv);
/* After login: rejoin the rooms we were in (and autojoin bookmarks), paced. */
void core_rooms_session_started(bool resumed);

/* Raised by the model (src/core/room.c); front ends do not call these. */
void core_emit_room_changed(struct room *r);
void core_emit_occupant_changed(struct room *r, const struct occupant *o);

/* The protocol side of rooms, registered by src/xmpp/muc.c (or a test
 * double). Each returns 0 when the stanza went out, -1 when offline. */
struct room_backend {
	/* Enter r as r->nick; history since 'since' (0: the last maxstanzas). */
	int (*join)(const struct room *r, time_t since, int maxstanzas);
	int (*part)(const struct room *r, const char *reason);
	int (*nick)(const struct room *r, const char *nick);
	int (*subject)(const struct room *r, const char *subject);
};
/* Register the room backend (NULL: none). */
void room_set_backend(const struct room_backend *b);
/* Called when a new room we created waits for its configuration (status
 * 201); returns true when it took over (/roomconfig), false to accept the
 * default configuration at once. NULL: always accept. */
extern bool (*room_created_hook)(struct room *r);
/* Our nick for a new join: setting nick, else our JID's local part. Caller frees. */
char *room_default_nick(void);
/* Say in r's tab (or the console) that something happened; status lines. */
void room_notice(struct room *r, enum msg_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set the topic (sanitized) and the tab title; by may be NULL. */
void room_set_subject(struct room *r, const char *subject, const char *by);
/* The room is joined / left / failed (error in plain words, may be NULL). */
void room_set_state(struct room *r, enum room_state st, const char *error);
/* Forget pending rejoins (at exit and between unit tests). */
void rooms_reset(void);
/* True when joins/parts are shown in r (setting show_joins). */
bool room_show_joins(const struct room *r);

#endif
