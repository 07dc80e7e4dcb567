/* room.c - the model of group chat rooms and their occupants */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "core_internal.h"
#include "jid.h"
#include "settings.h"
#include "xmalloc.h"

/* An occupant with its place in the array and its hash chain. */
struct occ {
	struct occupant o; /* first: a struct occupant * is a struct occ * */
	size_t pos;
	struct occ *next;
};

/* The nick index: chained buckets, grown to keep chains short. */
struct nick_index {
	struct occ **buckets;
	size_t nbuckets;
};

static struct room **rooms;
static size_t nrooms, caprooms;
static const struct room_backend *rbackend;
bool (*room_created_hook)(struct room *r);

/* Register the room backend. */
void room_set_backend(const struct room_backend *b)
{
	rbackend = b;
}

/* The registered room backend (for rooms.c). */
const struct room_backend *room_backend(void)
{
	return rbackend;
}

/* A room's state or subject changed: tell the front end. */
void core_emit_room_changed(struct room *r)
{
	void *ud;
	const struct core_listener *l = core_listener(&ud);
	if (l && l->room_changed)
		l->room_changed(ud, r);
}

/* An occupant changed (NULL: many): tell the front end. */
void core_emit_occupant_changed(struct room *r, const struct occupant *o)
{
	void *ud;
	const struct core_listener *l = core_listener(&ud);
	if (l && l->occupant_changed)
		l->occupant_changed(ud, r, o);
}

/* FNV-1a hash of a nick. */
static size_t nick_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* Put o into its bucket. */
static void index_link(struct nick_index *ix, struct occ *o)
{
	size_t b = nick_hash(o->o.nick) % ix->nbuckets;
	o->next = ix->buckets[b];
	ix->buckets[b] = o;
}

/* Double the buckets when chains would grow long. */
static void index_grow(struct room *r)
{
	struct nick_index *ix = r->index;
	if (r->noccupants < ix->nbuckets)
		return;
	free(ix->buckets);
	ix->nbuckets *= 2;
	ix->buckets = xcalloc(ix->nbuckets, sizeof(*ix->buckets));
	for (size_t i = 0; i < r->noccupants; i++)
		index_link(ix, (struct occ *)r->occupants[i]);
}

/* Take o out of its bucket. */
static void index_unlink(struct nick_index *ix, struct occ *o)
{
	struct occ **pp = &ix->buckets[nick_hash(o->o.nick) % ix->nbuckets];
	while (*pp && *pp != o)
		pp = &(*pp)->next;
	if (*pp)
		*pp = o->next;
}

/* All rooms. */
struct room **room_list(size_t *n)
{
	*n = nrooms;
	return rooms;
}

/* The room with this bare JID. */
struct room *room_find(const char *jid)
{
	if (jid == NULL)
		return NULL;
	for (size_t i = 0; i < nrooms; i++)
		if (jid_bare_eq(rooms[i]->jid, jid) && jid_resource(jid) == NULL)
			return rooms[i];
	return NULL;
}

/* Find or create a room record. */
struct room *room_get(const char *jid)
{
	char *bare = jid_bare(jid);
	struct room *r = room_find(bare);
	if (r) {
		free(bare);
		return r;
	}
	r = xcalloc(1, sizeof(*r));
	r->jid = bare;
	struct nick_index *ix = xcalloc(1, sizeof(*ix));
	ix->nbuckets = 16;
	ix->buckets = xcalloc(ix->nbuckets, sizeof(*ix->buckets));
	r->index = ix;
	if (nrooms == caprooms) {
		caprooms = caprooms ? caprooms * 2 : 8;
		rooms = xreallocarray(rooms, caprooms, sizeof(*rooms));
	}
	rooms[nrooms++] = r;
	return r;
}

/* Free one occupant. */
static void occ_free(struct occ *o)
{
	free(o->o.nick);
	free(o->o.jid);
	free(o->o.status);
	free(o);
}

/* Forget every occupant. */
void room_occupants_clear(struct room *r)
{
	struct nick_index *ix = r->index;
	for (size_t i = 0; i < r->noccupants; i++)
		occ_free((struct occ *)r->occupants[i]);
	r->noccupants = 0;
	memset(ix->buckets, 0, ix->nbuckets * sizeof(*ix->buckets));
	core_emit_occupant_changed(r, NULL);
}

/* Forget a room; its tab (if any) stays with no room. */
void room_free(struct room *r)
{
	for (size_t i = 0; i < nrooms; i++) {
		if (rooms[i] == r) {
			rooms[i] = rooms[--nrooms];
			break;
		}
	}
	struct nick_index *ix = r->index;
	for (size_t i = 0; i < r->noccupants; i++)
		occ_free((struct occ *)r->occupants[i]);
	free(r->occupants);
	free(ix->buckets);
	free(ix);
	free(r->jid);
	free(r->nick);
	free(r->password);
	free(r->subject);
	free(r->error);
	free(r);
}

/* Free all rooms. */
void room_free_all(void)
{
	while (nrooms > 0)
		room_free(rooms[0]);
	free(rooms);
	rooms = NULL;
	caprooms = 0;
}

/* The occupant with this nick, through the index. */
struct occupant *room_occupant_find(const struct room *r, const char *nick)
{
	const struct nick_index *ix = r->index;
	if (nick == NULL)
		return NULL;
	for (struct occ *o = ix->buckets[nick_hash(nick) % ix->nbuckets]; o; o = o->next)
		if (strcmp(o->o.nick, nick) == 0)
			return &o->o;
	return NULL;
}

/* Append a new occupant to the array and the index. */
static struct occ *occ_add(struct room *r, const char *nick)
{
	struct occ *o = xcalloc(1, sizeof(*o));
	o->o.nick = xstrdup(nick);
	if (r->noccupants == r->capoccupants) {
		r->capoccupants = r->capoccupants ? r->capoccupants * 2 : 16;
		r->occupants = xreallocarray(r->occupants, r->capoccupants, sizeof(*r->occupants));
	}
	o->pos = r->noccupants;
	r->occupants[r->noccupants++] = &o->o;
	index_link(r->index, o);
	index_grow(r);
	return o;
}

/* Add or update an occupant. */
struct occupant *room_occupant_set(struct room *r, const char *nick, const char *jid,
                                   enum muc_role role, enum muc_affil affil, enum show show,
                                   const char *status)
{
	struct occupant *oc = room_occupant_find(r, nick);
	if (oc == NULL)
		oc = &occ_add(r, nick)->o;
	if (jid)
		xstrset(&oc->jid, jid);
	oc->role = role;
	oc->affil = affil;
	oc->show = show;
	xstrset(&oc->status, status);
	core_emit_occupant_changed(r, oc);
	return oc;
}

/* Take o out of the array (the last one fills its place) and the index. */
static void occ_detach(struct room *r, struct occ *o)
{
	index_unlink(r->index, o);
	struct occ *last = (struct occ *)r->occupants[--r->noccupants];
	r->occupants[o->pos] = &last->o;
	last->pos = o->pos;
}

/* Remove an occupant. */
void room_occupant_remove(struct room *r, const char *nick)
{
	struct occ *o = (struct occ *)room_occupant_find(r, nick);
	if (o == NULL)
		return;
	occ_detach(r, o);
	occ_free(o);
	core_emit_occupant_changed(r, NULL);
}

/* Rename an occupant, keeping what we know of it. */
void room_occupant_rename(struct room *r, const char *old_nick, const char *new_nick)
{
	struct occ *o = (struct occ *)room_occupant_find(r, old_nick);
	if (o == NULL || strcmp(old_nick, new_nick) == 0)
		return;
	room_occupant_remove(r, new_nick);
	index_unlink(r->index, o);
	xstrset(&o->o.nick, new_nick);
	index_link(r->index, o);
	core_emit_occupant_changed(r, &o->o);
}

static const char *const role_names[] = {"none", "visitor", "participant", "moderator"};
static const char *const affil_names[] = {"none", "outcast", "member", "admin", "owner"};

/* Name of a role. */
const char *muc_role_name(enum muc_role r)
{
	return (unsigned)r <= ROLE_MODERATOR ? role_names[r] : "none";
}

/* Name of an affiliation. */
const char *muc_affil_name(enum muc_affil a)
{
	return (unsigned)a <= AFFIL_OWNER ? affil_names[a] : "none";
}

/* Parse a role word. */
int muc_role_parse(const char *s, enum muc_role *out)
{
	for (int i = 0; s && i <= ROLE_MODERATOR; i++) {
		if (strcasecmp(s, role_names[i]) == 0) {
			*out = (enum muc_role)i;
			return 0;
		}
	}
	return -1;
}

/* Parse an affiliation word. */
int muc_affil_parse(const char *s, enum muc_affil *out)
{
	for (int i = 0; s && i <= AFFIL_OWNER; i++) {
		if (strcasecmp(s, affil_names[i]) == 0) {
			*out = (enum muc_affil)i;
			return 0;
		}
	}
	return -1;
}

/* Our nick for a new join. */
char *room_default_nick(void)
{
	const char *n = setting_str("nick");
	if (n && *n)
		return xstrdup(n);
	char *local = jid_local(setting_str("jid"));
	return local ? local : xstrdup("natter");
}

/* A line in the room's tab (the console when it has none). */
void room_notice(struct room *r, enum msg_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	core_notice(r ? r->conv : NULL, lvl, "%s", text);
	free(text);
}

/* The tab title: the room and its topic. */
static void room_retitle(struct room *r)
{
	if (r->conv == NULL)
		return;
	free(r->conv->title);
	if (r->subject && *r->subject)
		r->conv->title = xasprintf("%s: %s", r->jid, r->subject);
	else
		r->conv->title = xstrdup(r->jid);
	core_emit_conv_changed(r->conv);
}

/* Set the topic. */
void room_set_subject(struct room *r, const char *subject, const char *by)
{
	xstrset(&r->subject, subject && *subject ? subject : NULL);
	room_retitle(r);
	if (r->subject && by)
		room_notice(r, LEVEL_INFO, "%s set the topic: %s", by, r->subject);
	else if (r->subject)
		room_notice(r, LEVEL_INFO, "topic: %s", r->subject);
	else if (by)
		room_notice(r, LEVEL_INFO, "%s cleared the topic", by);
	core_emit_room_changed(r);
}

/* Set the room's state and why. */
void room_set_state(struct room *r, enum room_state st, const char *error)
{
	r->state = st;
	xstrset(&r->error, error);
	if (st != ROOM_JOINED && st != ROOM_JOINING)
		room_occupants_clear(r);
	core_emit_room_changed(r);
}

/* Whether joins and parts are shown: setting show_joins on, off or N. */
bool room_show_joins(const struct room *r)
{
	const char *v = setting_str("show_joins");
	if (v == NULL || strcmp(v, "on") == 0)
		return true;
	if (strcmp(v, "off") == 0)
		return false;
	char *end;
	long n = strtol(v, &end, 10);
	if (end == v || *end)
		return true;
	return r->noccupants <= (size_t)n;
}
