/* bookmarks.c - rooms bookmarked on the server: XEP-0402 PEP native
 * bookmarks (with +notify for live changes) when our account has them, else
 * XEP-0048 in private XML storage (XEP-0049); autojoin at login */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "autojoin.h"
#include "core.h"
#include "jid.h"
#include "log.h"
#include "settings.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define BM_NS        "urn:xmpp:bookmarks:1"
#define BM_COMPAT    "urn:xmpp:bookmarks:1#compat"
#define PUBSUB_NS    "http://jabber.org/protocol/pubsub"
#define EVENT_NS     "http://jabber.org/protocol/pubsub#event"
#define PUBLISH_OPTS "http://jabber.org/protocol/pubsub#publish-options"
#define PUBLISH_FEAT "http://jabber.org/protocol/pubsub#publish"
#define PRIVATE_NS   "jabber:iq:private"
#define STORAGE_NS   "storage:bookmarks"
#define DATA_NS      "jabber:x:data"
#define NICK_MAX     256  /* bytes of a nick kept */
#define PASSWORD_MAX 1024 /* bytes of a room password kept */

enum bm_kind { BM_UNKNOWN = 0, BM_PEP, BM_PRIVATE };

static struct xbookmark *marks;
static size_t nmarks;
static bool known;
static enum bm_kind kind;
static unsigned session_gen; /* answers for an older session are stale */

/* Free the strings of one bookmark. */
static void mark_clear(struct xbookmark *b)
{
	free(b->jid);
	free(b->name);
	free(b->nick);
	free(b->password);
	memset(b, 0, sizeof(*b));
}

/* Forget every bookmark (the list is unknown again). */
static void marks_clear(void)
{
	for (size_t i = 0; i < nmarks; i++)
		mark_clear(&marks[i]);
	free(marks);
	marks = NULL;
	nmarks = 0;
	known = false;
}

/* Forget everything (at exit and between unit tests). */
void xbookmarks_reset(void)
{
	marks_clear();
	kind = BM_UNKNOWN;
	session_gen++;
}

/* Index of the bookmark of jid (bare, lower case), or nmarks. */
static size_t mark_index(const char *jid)
{
	for (size_t i = 0; i < nmarks; i++)
		if (strcmp(marks[i].jid, jid) == 0)
			return i;
	return nmarks;
}

/* Order bookmarks by JID for listing. */
static int mark_cmp(const void *a, const void *b)
{
	return strcmp(((const struct xbookmark *)a)->jid, ((const struct xbookmark *)b)->jid);
}

/* Add or replace b (taking its strings); false when the list is full. */
static bool mark_put(struct xbookmark *b)
{
	size_t i = mark_index(b->jid);
	if (i < nmarks) {
		mark_clear(&marks[i]);
		marks[i] = *b;
		return true;
	}
	if (nmarks == XBOOKMARKS_MAX) {
		mark_clear(b);
		return false;
	}
	marks = xreallocarray(marks, nmarks + 1, sizeof(*marks));
	marks[nmarks++] = *b;
	qsort(marks, nmarks, sizeof(*marks), mark_cmp);
	return true;
}

/* Remove the bookmark of jid, if any. */
static void mark_drop(const char *jid)
{
	size_t i = mark_index(jid);
	if (i == nmarks)
		return;
	mark_clear(&marks[i]);
	memmove(&marks[i], &marks[i + 1], (nmarks - i - 1) * sizeof(*marks));
	nmarks--;
}

/* The bookmarks, sorted by JID; NULL while not known. */
const struct xbookmark *xbookmarks_list(size_t *n)
{
	static const struct xbookmark none;
	*n = known ? nmarks : 0;
	if (!known)
		return NULL;
	return marks ? marks : &none;
}

/* How they are kept on the server, in words. */
const char *xbookmarks_kind(void)
{
	return kind == BM_PEP ? "XEP-0402" : kind == BM_PRIVATE ? "XEP-0048" : NULL;
}

/* A room JID from the network as a safe bare JID (lower case), or NULL when
 * it is no usable room address. Caller frees. */
static char *room_jid_from(const char *raw)
{
	if (raw == NULL || !jid_valid(raw) || jid_resource(raw) || strchr(raw, '@') == NULL)
		return NULL;
	char *bare = jid_bare(raw);
	char *clean = sanitize_str(bare, SANITIZE_LINE);
	/* anything the sanitizer had to change cannot be a room we may join */
	bool ok = strcmp(clean, bare) == 0;
	free(clean);
	if (!ok) {
		free(bare);
		return NULL;
	}
	return bare;
}

/* Text of child name of el, sanitized and bounded; NULL when absent or empty. */
static char *child_line(xmpp_stanza_t *el, const char *name, size_t max)
{
	char *t = xs_child_text(el, name, SANITIZE_LINE, max);
	if (t && *t == '\0') {
		free(t);
		t = NULL;
	}
	return t;
}

/* True for the XML Schema boolean true. */
static bool attr_true(xmpp_stanza_t *el, const char *attr)
{
	const char *v = xmpp_stanza_get_attribute(el, attr);
	return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* Fill b from a <conference/> of either kind (jid already checked). */
static void conference_read(struct xbookmark *b, xmpp_stanza_t *conf, char *jid)
{
	b->jid = jid;
	char *name = xs_attr(conf, "name");
	b->name = name && *name ? name : NULL;
	if (b->name == NULL)
		free(name);
	b->nick = child_line(conf, "nick", NICK_MAX);
	b->password = child_line(conf, "password", PASSWORD_MAX);
	b->autojoin = attr_true(conf, "autojoin");
}

/* A XEP-0402 <item id=JID><conference/></item> as a bookmark; false when junk. */
static bool pep_item_read(xmpp_stanza_t *item, struct xbookmark *b)
{
	xmpp_stanza_t *conf = xmpp_stanza_get_child_by_name_and_ns(item, "conference", BM_NS);
	char *jid = conf ? room_jid_from(xmpp_stanza_get_attribute(item, "id")) : NULL;
	if (jid == NULL)
		return false;
	conference_read(b, conf, jid);
	return true;
}

/* A XEP-0048 <conference jid=JID/> as a bookmark; false when junk. */
static bool storage_conf_read(xmpp_stanza_t *conf, struct xbookmark *b)
{
	char *jid = room_jid_from(xmpp_stanza_get_attribute(conf, "jid"));
	if (jid == NULL)
		return false;
	conference_read(b, conf, jid);
	return true;
}

/* Name of a child element ("" for text). */
static const char *el_name(xmpp_stanza_t *c)
{
	const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
	return n ? n : "";
}

/* Replace the list by the bookmarks under parent (items or storage). */
static void list_from(xmpp_stanza_t *parent, bool pep)
{
	marks_clear();
	known = true;
	size_t skipped = 0;
	for (xmpp_stanza_t *c = parent ? xmpp_stanza_get_children(parent) : NULL; c;
	     c = xmpp_stanza_get_next(c)) {
		struct xbookmark b = {0};
		if (strcmp(el_name(c), pep ? "item" : "conference") != 0)
			continue;
		if (!(pep ? pep_item_read(c, &b) : storage_conf_read(c, &b)) || !mark_put(&b))
			skipped++;
	}
	if (skipped)
		log_debug("bookmarks: %zu unusable or beyond %d ignored", skipped, XBOOKMARKS_MAX);
}

/* Our nick for a bookmark without one. Caller frees. */
static char *default_nick(void)
{
	if (*setting_str("nick"))
		return xstrdup(setting_str("nick"));
	char *local = jid_local(xs.bare_jid ? xs.bare_jid : setting_str("jid"));
	return local ? local : xstrdup("natter");
}

/* Queue the paced join of b. */
static void join_mark(const struct xbookmark *b)
{
	char *nick = b->nick ? xstrdup(b->nick) : default_nick();
	autojoin_enqueue(b->jid, nick, b->password);
	free(nick);
}

/* Join every bookmark with autojoin (paced). */
static void autojoin_all(void)
{
	for (size_t i = 0; i < nmarks; i++)
		if (marks[i].autojoin)
			join_mark(&marks[i]);
}

/* True when an answer is an error of this condition. */
static bool error_is(xmpp_stanza_t *reply, const char *cond)
{
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(reply, "error");
	return err && xmpp_stanza_get_child_by_name(err, cond) != NULL;
}

/* True when reply is a result. */
static bool is_result(xmpp_stanza_t *reply)
{
	const char *t = reply ? xmpp_stanza_get_type(reply) : NULL;
	return t && strcmp(t, "result") == 0;
}

/* The answer to fetching the PEP node (arg: the session it was asked in). */
static void pep_fetched(xmpp_stanza_t *reply, void *arg)
{
	if (reply == NULL || (uintptr_t)arg != session_gen)
		return;
	if (!is_result(reply)) {
		/* no node yet means no bookmarks yet */
		if (error_is(reply, "item-not-found"))
			list_from(NULL, true);
		else
			log_debug("bookmarks: the server refused to list them");
		return;
	}
	xmpp_stanza_t *ps = xmpp_stanza_get_child_by_name_and_ns(reply, "pubsub", PUBSUB_NS);
	xmpp_stanza_t *items = ps ? xmpp_stanza_get_child_by_name(ps, "items") : NULL;
	const char *node = items ? xmpp_stanza_get_attribute(items, "node") : NULL;
	list_from(node && strcmp(node, BM_NS) == 0 ? items : NULL, true);
	autojoin_all();
}

/* The <storage/> of a private storage answer, or NULL. */
static xmpp_stanza_t *storage_of(xmpp_stanza_t *reply)
{
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name_and_ns(reply, "query", PRIVATE_NS);
	return q ? xmpp_stanza_get_child_by_name_and_ns(q, "storage", STORAGE_NS) : NULL;
}

/* The answer to fetching private storage at login. */
static void private_fetched(xmpp_stanza_t *reply, void *arg)
{
	if (reply == NULL || (uintptr_t)arg != session_gen)
		return;
	if (!is_result(reply)) {
		log_debug("bookmarks: private storage refused");
		return;
	}
	list_from(storage_of(reply), false);
	autojoin_all();
}

/* Send the get of our bookmarks of the current kind; fn gets the answer. */
static void fetch_send(xiq_fn fn, void *arg)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, NULL);
	if (kind == BM_PEP) {
		xmpp_stanza_t *ps = xs_add_child(iq, "pubsub", PUBSUB_NS);
		xmpp_stanza_set_attribute(xs_add_child(ps, "items", NULL), "node", BM_NS);
	} else {
		xs_add_child(xs_add_child(iq, "query", PRIVATE_NS), "storage", STORAGE_NS);
	}
	xiq_send(iq, fn, arg);
	xmpp_stanza_release(iq);
}

/* Our account's features: choose the kind of bookmarks, then fetch them. */
static void account_features(char *const *features, void *arg)
{
	if (features == NULL || (uintptr_t)arg != session_gen)
		return;
	bool pep = xdisco_has(features, BM_COMPAT) ||
	           (xdisco_has(features, PUBLISH_FEAT) && xdisco_has(features, PUBLISH_OPTS));
	kind = pep ? BM_PEP : BM_PRIVATE;
	fetch_send(pep ? pep_fetched : private_fetched, arg);
}

/* After login: learn the kind, fetch, autojoin. A resumed session is still
 * in its rooms and keeps its list. */
void xbookmarks_session_started(bool resumed)
{
	if (resumed && known)
		return;
	session_gen++;
	xdisco_info(NULL, account_features, (void *)(uintptr_t)session_gen);
}

/* Apply one PEP notification <items/> (from our own account). */
static void event_items(xmpp_stanza_t *items)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(items); c; c = xmpp_stanza_get_next(c)) {
		struct xbookmark b = {0};
		if (strcmp(el_name(c), "retract") == 0) {
			char *jid = room_jid_from(xmpp_stanza_get_attribute(c, "id"));
			if (jid)
				mark_drop(jid);
			free(jid);
		} else if (strcmp(el_name(c), "item") == 0 && pep_item_read(c, &b)) {
			/* another client asked for autojoin: XEP-0402 says join */
			bool join = b.autojoin && core_conn_state() == CONN_ONLINE;
			char *jid = xstrdup(b.jid);
			if (mark_put(&b) && join)
				join_mark(&marks[mark_index(jid)]);
			free(jid);
		}
	}
}

/* A bookmarks notification: only our own account may change our list. */
bool xbookmarks_message(xmpp_stanza_t *st, const char *from)
{
	xmpp_stanza_t *ev = xmpp_stanza_get_child_by_name_and_ns(st, "event", EVENT_NS);
	xmpp_stanza_t *c = ev ? xmpp_stanza_get_children(ev) : NULL;
	for (; c; c = xmpp_stanza_get_next(c)) {
		const char *node = xmpp_stanza_get_attribute(c, "node");
		if (node && strcmp(node, BM_NS) == 0)
			break;
	}
	if (c == NULL)
		return false;
	if (from == NULL || xs.bare_jid == NULL || !jid_bare_eq(from, xs.bare_jid) ||
	    jid_resource(from)) {
		log_debug("bookmarks notification from someone else ignored");
		return true;
	}
	if (strcmp(el_name(c), "purge") == 0) {
		marks_clear();
		known = true;
	} else if (strcmp(el_name(c), "items") == 0) {
		event_items(c);
	}
	return true;
}

/* A change waiting for the server. */
struct bm_change {
	struct xbookmark b; /* b.jid only, for a removal */
	bool remove;
	xdone_fn fn;
	void *arg;
};

/* Free a change (and its bookmark). */
static void change_free(struct bm_change *ch)
{
	mark_clear(&ch->b);
	free(ch);
}

/* Tell whoever asked how the change ended, and free it. */
static void change_done(struct bm_change *ch, xmpp_stanza_t *reply)
{
	if (reply == NULL) {
		ch->fn(XQ_LOST, ch->arg);
	} else if (!is_result(reply)) {
		char *err = xs_error_text(reply);
		ch->fn(err, ch->arg);
		free(err);
	} else {
		ch->fn(NULL, ch->arg);
	}
	change_free(ch);
}

/* Apply a change the server accepted to our copy of the list. */
static void change_apply(struct bm_change *ch)
{
	known = true;
	if (ch->remove) {
		mark_drop(ch->b.jid);
		return;
	}
	struct xbookmark copy = {xstrdup(ch->b.jid), xstrdup(ch->b.name), xstrdup(ch->b.nick),
	                         xstrdup(ch->b.password), ch->b.autojoin};
	mark_put(&copy);
}

/* The server's answer to a publish, retract or storage write. */
static void change_answered(xmpp_stanza_t *reply, void *arg)
{
	struct bm_change *ch = arg;
	if (is_result(reply))
		change_apply(ch);
	change_done(ch, reply);
}

/* Add <nick/> and <password/> of b to conf. */
static void conference_children(xmpp_stanza_t *conf, const struct xbookmark *b)
{
	if (b->nick)
		xs_add_text(xs_add_child(conf, "nick", NULL), b->nick);
	if (b->password)
		xs_add_text(xs_add_child(conf, "password", NULL), b->password);
}

/* Add a publish-options field with one value. */
static void option_field(xmpp_stanza_t *x, const char *var, const char *value, bool hidden)
{
	xmpp_stanza_t *f = xs_add_child(x, "field", NULL);
	xmpp_stanza_set_attribute(f, "var", var);
	if (hidden)
		xmpp_stanza_set_type(f, "hidden");
	xs_add_text(xs_add_child(f, "value", NULL), value);
}

/* XEP-0402's node configuration: kept, many items, only for us. */
static void publish_options(xmpp_stanza_t *pubsub)
{
	xmpp_stanza_t *x =
	    xs_add_child(xs_add_child(pubsub, "publish-options", NULL), "x", DATA_NS);
	xmpp_stanza_set_type(x, "submit");
	option_field(x, "FORM_TYPE", PUBLISH_OPTS, true);
	option_field(x, "pubsub#persist_items", "true", false);
	option_field(x, "pubsub#max_items", "max", false);
	option_field(x, "pubsub#send_last_published_item", "never", false);
	option_field(x, "pubsub#access_model", "whitelist", false);
}

/* Publish or retract one PEP item. */
static void pep_change_send(struct bm_change *ch)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, NULL);
	xmpp_stanza_t *ps = xs_add_child(iq, "pubsub", PUBSUB_NS);
	if (ch->remove) {
		xmpp_stanza_t *r = xs_add_child(ps, "retract", NULL);
		xmpp_stanza_set_attribute(r, "node", BM_NS);
		xmpp_stanza_set_attribute(r, "notify", "true");
		xmpp_stanza_set_id(xs_add_child(r, "item", NULL), ch->b.jid);
	} else {
		xmpp_stanza_t *pub = xs_add_child(ps, "publish", NULL);
		xmpp_stanza_set_attribute(pub, "node", BM_NS);
		xmpp_stanza_t *item = xs_add_child(pub, "item", NULL);
		xmpp_stanza_set_id(item, ch->b.jid);
		xmpp_stanza_t *conf = xs_add_child(item, "conference", BM_NS);
		if (ch->b.name)
			xmpp_stanza_set_attribute(conf, "name", ch->b.name);
		xmpp_stanza_set_attribute(conf, "autojoin", ch->b.autojoin ? "true" : "false");
		conference_children(conf, &ch->b);
		publish_options(ps);
	}
	xiq_send(iq, change_answered, ch);
	xmpp_stanza_release(iq);
}

/* A XEP-0048 <conference/> for b, to be added to a storage. */
static xmpp_stanza_t *storage_conf_new(const struct xbookmark *b)
{
	xmpp_stanza_t *conf = xs_stanza_new("conference", NULL, NULL, NULL);
	xmpp_stanza_set_attribute(conf, "jid", b->jid);
	if (b->name)
		xmpp_stanza_set_attribute(conf, "name", b->name);
	xmpp_stanza_set_attribute(conf, "autojoin", b->autojoin ? "true" : "false");
	conference_children(conf, b);
	return conf;
}

/* True when c is the <conference/> of jid in a storage. */
static bool is_conf_of(xmpp_stanza_t *c, const char *jid)
{
	const char *j = xmpp_stanza_get_attribute(c, "jid");
	return strcmp(el_name(c), "conference") == 0 && j && jid_bare_eq(j, jid);
}

/* Write old (the storage as just fetched, may be NULL) back with the change:
 * everything else in it (web bookmarks, other clients' extensions) kept. */
static void private_write(struct bm_change *ch, xmpp_stanza_t *old)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, NULL);
	xmpp_stanza_t *storage =
	    xs_add_child(xs_add_child(iq, "query", PRIVATE_NS), "storage", STORAGE_NS);
	for (xmpp_stanza_t *c = old ? xmpp_stanza_get_children(old) : NULL; c;
	     c = xmpp_stanza_get_next(c)) {
		if (!xmpp_stanza_is_tag(c) || is_conf_of(c, ch->b.jid))
			continue;
		xmpp_stanza_t *copy = xmpp_stanza_copy(c);
		xmpp_stanza_add_child(storage, copy);
		xmpp_stanza_release(copy);
	}
	if (!ch->remove) {
		xmpp_stanza_t *conf = storage_conf_new(&ch->b);
		xmpp_stanza_add_child(storage, conf);
		xmpp_stanza_release(conf);
	}
	xiq_send(iq, change_answered, ch);
	xmpp_stanza_release(iq);
}

/* Private storage read for a change: the list is refreshed, then written. */
static void private_read_for_change(xmpp_stanza_t *reply, void *arg)
{
	struct bm_change *ch = arg;
	if (!is_result(reply)) {
		change_done(ch, reply);
		return;
	}
	xmpp_stanza_t *storage = storage_of(reply);
	list_from(storage, false);
	private_write(ch, storage);
}

/* Start a change: PEP changes one item, private storage is rewritten whole. */
static void change_start(struct bm_change *ch)
{
	if (xs.phase != XS_ONLINE || kind == BM_UNKNOWN) {
		ch->fn(xs.phase != XS_ONLINE ? "not connected"
		                             : "the server has not said yet how it keeps bookmarks",
		       ch->arg);
		change_free(ch);
		return;
	}
	if (kind == BM_PEP)
		pep_change_send(ch);
	else
		fetch_send(private_read_for_change, ch);
}

/* Add or replace the bookmark b (strings copied). */
void xbookmarks_set(const struct xbookmark *b, xdone_fn fn, void *arg)
{
	struct bm_change *ch = xcalloc(1, sizeof(*ch));
	ch->b = (struct xbookmark){jid_bare(b->jid), xstrdup(b->name), xstrdup(b->nick),
	                           xstrdup(b->password), b->autojoin};
	ch->fn = fn;
	ch->arg = arg;
	change_start(ch);
}

/* Remove the bookmark of room. */
void xbookmarks_remove(const char *room, xdone_fn fn, void *arg)
{
	struct bm_change *ch = xcalloc(1, sizeof(*ch));
	ch->b.jid = jid_bare(room);
	ch->remove = true;
	ch->fn = fn;
	ch->arg = arg;
	change_start(ch);
}
