/* roster.h - contacts and their resources (UI-free model) */
#ifndef NATTER_ROSTER_H
#define NATTER_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

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
/* Changes whenever contacts are freed or many change at once (removal,
 * clear, dropped stale items, everybody offline, suspend, resume). Between
 * two changes a contact pointer stays valid, and roster_changed(c) names
 * every contact that changed, so a view may update itself contact by
 * contact; when the epoch moved it must rebuild. */
unsigned long roster_epoch(void);
/* Changes whenever a contact was added or removed or its name changed (so
 * whatever a view derived from all the names must be derived again). */
unsigned long roster_names_serial(void);
/* Free everything (at exit): contacts, pending requests, filter, folds. */
void roster_free_all(void);

/* --- rosterview.c: what the roster pane shows, and local search --- */

/* True when text contains needle, ASCII letters compared without case
 * (every text contains ""). NULL text contains nothing. */
bool roster_text_has(const char *text, const char *needle);
/* True when c's name, JID or one of its groups contains needle. */
bool contact_matches(const struct contact *c, const char *needle);
/* Narrow the roster pane to the contacts that match text (NULL or "": no
 * filter). Raises roster_changed(NULL). */
void roster_filter_set(const char *text);
/* The pane's filter ("" when off). */
const char *roster_filter(void);
/* Fold (collapse) or unfold a group of the roster pane. Raises
 * roster_changed(NULL). */
void roster_group_fold(const char *group, bool folded);
/* True when the group is folded. */
bool roster_group_folded(const char *group);
/* Forget the filter and the folds. */
void rosterview_free(void);

/* --- pending.c: subscription requests, waiting for /accept or /deny --- */

#define ROSTER_PENDING_MAX       500 /* requests kept; the oldest go first */
#define ROSTER_NOTICES_PER_SPELL 5   /* request notices before they are summed up */
#define ROSTER_NOTICE_SPELL_MS   60000

/* Subscription presence types (RFC 6121). */
enum sub_presence { SUBP_SUBSCRIBE, SUBP_SUBSCRIBED, SUBP_UNSUBSCRIBE, SUBP_UNSUBSCRIBED };

/* Someone asks to see our presence. */
struct sub_request {
	char *jid;    /* bare JID, sanitized */
	char *status; /* what they wrote with the request (sanitized), may be NULL */
	time_t when;
};

/* A subscription presence from the network (jid bare and sanitized, status
 * sanitized or NULL). subscribe: accepted at once when the auto_accept
 * setting allows it, otherwise kept as a pending request and announced
 * (once per JID, and at most ROSTER_NOTICES_PER_SPELL notices a minute;
 * then one line sums them up). The others update the contact's shown
 * state and say so in the console; they never add anyone to the roster. */
void roster_sub_in(const char *jid, enum sub_presence type, const char *status);
/* Pending requests, oldest first (n set to the count). */
struct sub_request *const *roster_pending(size_t *n);
/* jid's pending request (bare JID, any case), or NULL. */
const struct sub_request *roster_pending_find(const char *jid);
/* Forget jid's request; false when there was none. Raises roster_changed(NULL). */
bool roster_pending_remove(const char *jid);
/* The notice spell ended: print the lines that sum up what was not
 * announced or was dropped. Called by its timer (and by tests). */
void roster_pending_spell_end(void);
/* Forget every request and the notice state. */
void roster_pending_free_all(void);

/* --- rosteract.c: roster editing and subscription answers --- */

/* The protocol side of roster editing, registered by src/xmpp. Each returns
 * 0 when the request was handed to the stream. */
struct roster_backend {
	/* Add or update jid's roster item (name may be NULL; groups NULL-terminated). */
	int (*set_item)(const char *jid, const char *name, char *const *groups);
	/* Remove jid from the roster (subscription='remove'). */
	int (*remove_item)(const char *jid);
	/* Send a subscription presence of type to jid. */
	int (*send_subscription)(const char *jid, enum sub_presence type);
};

/* Register the roster backend (NULL: none). */
void roster_set_backend(const struct roster_backend *b);
/* The registered roster backend, or NULL. */
const struct roster_backend *roster_backend(void);
/* Actions for /roster and /accept, /deny. Each checks its arguments,
 * reports problems in plain words in the console and returns 0 or -1. */
/* Add jid (name may be NULL) and ask to see its presence. */
int roster_add_contact(const char *jid, const char *name);
/* Remove jid from the roster (which also ends both subscriptions). */
int roster_remove_contact(const char *jid);
/* Give jid the roster name name. */
int roster_rename_contact(const char *jid, const char *name);
/* Put jid in exactly these groups (NULL-terminated; empty: no group). */
int roster_set_groups(const char *jid, char *const *groups);
/* Let jid see our presence, and ask to see theirs when we do not. */
int roster_accept(const char *jid);
/* Refuse jid's request, or stop sharing our presence with jid. */
int roster_deny(const char *jid);

#endif
