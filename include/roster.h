/* roster.h - contacts and their resources (UI-free model) */
#ifndef NATTER_ROSTER_H
#define NATTER_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "presence.h"

enum subscription { SUB_NONE = 0, SUB_TO, SUB_FROM, SUB_BOTH };

struct resource {
	char *name; /* resource part, sanitized; "" when the presence came from the bare JID */
	enum show show;
	int priority;
	char *status; /* sanitized, may be NULL */
	struct resource *next;
};

struct contact {
	char *jid;     /* bare JID, lower-case */
	char *name;    /* roster name, sanitized, may be NULL */
	char **groups; /* NULL-terminated, sanitized; may be empty */
	enum subscription sub;
	bool ask;                   /* subscription request pending (ask='subscribe') */
	bool in_roster;             /* false for strangers we only saw presence from */
	struct resource *resources; /* online resources, highest priority first */
	struct resource *suspended; /* presence kept while a session may be resumed */
	bool stale;                 /* not (yet) in the roster result being applied */
};

/* All contacts in the roster, in no particular order. */
struct contact **roster_items(size_t *n);
/* Find a contact by bare JID (any case); NULL if absent. */
struct contact *roster_find(const char *jid);
/* Add or update a roster item from a roster result or push; takes copies.
 * groups is NULL-terminated or NULL. Raises roster_changed. */
struct contact *roster_upsert(const char *jid, const char *name, char *const *groups,
                              enum subscription sub, bool ask);
/* Remove a roster item (subscription='remove'). Raises roster_changed. */
void roster_remove(const char *jid);
/* Apply presence: show SHOW_OFFLINE removes the resource. Unknown JIDs are
 * ignored (returns false). Raises presence_changed. */
bool roster_presence(const char *jid, const char *resource, enum show show, int priority,
                     const char *status);
/* Mark everybody offline (on disconnect). */
void roster_all_offline(void);
/* Forget the whole roster. */
void roster_clear(void);
/* A full roster result begins: every contact is stale until listed again. */
void roster_mark_stale(void);
/* The roster result is applied: drop the contacts it did not list. */
void roster_drop_stale(void);
/* The connection dropped and may be resumed: show everybody offline but keep
 * their presence aside. */
void roster_suspend(void);
/* The session came back: resumed restores the kept presence (the server
 * replays what changed meanwhile), otherwise it is dropped (fresh presence
 * will arrive). */
void roster_resume(bool resumed);
/* The contact's best presence (highest priority, then most available). */
enum show contact_show(const struct contact *c);
/* The best resource's status text, or NULL. */
const char *contact_status(const struct contact *c);
/* Name to show: roster name or JID. */
const char *contact_label(const struct contact *c);
/* Subscription name ("none", "to", "from", "both"). */
const char *subscription_name(enum subscription s);
/* Free everything (at exit). */
void roster_free_all(void);

#endif
