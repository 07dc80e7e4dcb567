/* cmd_info.c - /info JID and /disco [JID [NODE]]: who or what is at a JID,
 * shown in the console, each answer adding its lines as it arrives */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "roster.h"
#include "strbuf.h"
#include "timer.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* Queries one /info or /disco sends at most. */
#define INFO_PARTS_MAX 12
/* Online resources /info asks about. */
#define INFO_RESOURCES_MAX 5

unsigned cmd_info_timeout_ms = 15000;

struct info_req;

/* One query of a request. */
struct info_part {
	struct info_req *req;
	char *who;  /* whom the lines are about: the JID, or JID/resource */
	char *what; /* for "no answer about ...": "the client", "the vCard" */
	bool answered;
};

/* A /info or /disco: its queries, and a timer that gives up on them. */
struct info_req {
	char *jid; /* sanitized */
	struct info_part parts[INFO_PARTS_MAX];
	size_t nparts;
	size_t waiting; /* parts not answered yet */
	unsigned timer;
	bool timed_out;
};

/* Words for a feature a user may look for; NULL-terminated pairs. */
static const char *const feature_words[][2] = {
    {"http://jabber.org/protocol/disco#info", "service discovery"},
    {"http://jabber.org/protocol/disco#items", "lists items"},
    {"http://jabber.org/protocol/muc", "group chat (MUC)"},
    {"http://jabber.org/protocol/pubsub", "publish-subscribe"},
    {"http://jabber.org/protocol/commands", "ad-hoc commands"},
    {"http://jabber.org/protocol/caps", "entity capabilities"},
    {"http://jabber.org/protocol/chatstates", "typing notifications"},
    {"jabber:iq:register", "account registration"},
    {"jabber:iq:search", "user search"},
    {"jabber:iq:version", "software version"},
    {"jabber:iq:last", "last activity"},
    {"jabber:iq:roster", "contact list"},
    {"jabber:iq:private", "private storage"},
    {"vcard-temp", "vCards"},
    {"msgoffline", "offline messages"},
    {"urn:xmpp:blocking", "blocking"},
    {"urn:xmpp:mam:2", "message archive"},
    {"urn:xmpp:carbons:2", "copies of messages to all your devices"},
    {"urn:xmpp:http:upload:0", "file upload"},
    {"urn:xmpp:ping", "ping"},
    {"urn:xmpp:receipts", "delivery receipts"},
    {"urn:xmpp:chat-markers:0", "read markers"},
    {"urn:xmpp:time", "local time"},
    {NULL, NULL},
};

/* What an identity (category, type) is, in words; NULL-terminated triples. */
static const char *const identity_words[][3] = {
    {"server", "im", "an XMPP server"},
    {"conference", "text", "a group chat (MUC) service"},
    {"store", "file", "a file upload service"},
    {"directory", "user", "a user directory (people search)"},
    {"pubsub", "service", "a publish-subscribe service"},
    {"pubsub", "pep", "personal eventing (PEP)"},
    {"proxy", "bytestreams", "a file transfer proxy"},
    {"account", "registered", "a registered account"},
    {NULL, NULL, NULL},
};

/* Print a line about part's subject in the console. */
static __attribute__((format(printf, 2, 3))) void say(const struct info_part *p, const char *fmt,
                                                      ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	core_info("%s: %s", p->who, text);
	free(text);
}

/* A new request about jid (copied). It counts as waiting for itself until
 * req_start, so an answer that comes while its queries are being sent (an
 * overflowing IQ table answers the oldest at once) cannot free it early. */
static struct info_req *req_new(const char *jid)
{
	struct info_req *r = xcalloc(1, sizeof(*r));
	r->jid = xstrdup(jid);
	r->waiting = 1;
	return r;
}

/* Free a request whose queries have all come back. */
static void req_free(struct info_req *r)
{
	for (size_t i = 0; i < r->nparts; i++) {
		free(r->parts[i].who);
		free(r->parts[i].what);
	}
	free(r->jid);
	free(r);
}

/* A new part of r about who (NULL: r's JID), for "no answer about what". */
static struct info_part *part_new(struct info_req *r, const char *who, const char *what)
{
	struct info_part *p = &r->parts[r->nparts++];
	p->req = r;
	p->who = xstrdup(who ? who : r->jid);
	p->what = xstrdup(what);
	r->waiting++;
	return p;
}

/* Time is up: say which questions went unanswered. Late answers are dropped. */
static void req_timeout(void *arg)
{
	struct info_req *r = arg;
	r->timer = 0;
	r->timed_out = true;
	for (size_t i = 0; i < r->nparts; i++)
		if (!r->parts[i].answered)
			say(&r->parts[i], "no answer about %s", r->parts[i].what);
}

/* Every part was sent: start the timer (unless all were answered already). */
static void req_start(struct info_req *r)
{
	if (--r->waiting == 0)
		req_free(r);
	else
		r->timer = timer_add(cmd_info_timeout_ms, req_timeout, r);
}

/* True when the answer for p should be shown (not after the timeout). Also
 * says so when the session ended first. */
static bool part_show(struct info_part *p, bool lost)
{
	if (p->req->timed_out)
		return false;
	if (lost)
		say(p, "no answer about %s (%s)", p->what, XQ_LOST);
	return !lost;
}

/* p's answer has been handled; the request goes when all have. */
static void part_done(struct info_part *p)
{
	struct info_req *r = p->req;
	p->answered = true;
	if (--r->waiting > 0)
		return;
	timer_cancel(r->timer);
	req_free(r);
}

/* Plain words for a duration in seconds. Caller frees. */
static char *duration_words(long s)
{
	static const struct {
		long secs;
		const char *unit;
	} units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (s >= units[i].secs || units[i].secs == 1) {
			long n = s / units[i].secs;
			return xasprintf("%ld %s%s", n, units[i].unit, n == 1 ? "" : "s");
		}
	return xstrdup("");
}

/* The version answer of one resource. */
static void info_version(const struct xversion *v, const char *error, void *arg)
{
	struct info_part *p = arg;
	if (part_show(p, v == NULL && error == NULL)) {
		if (error)
			say(p, "client not known (%s)", error);
		else if (v->name == NULL)
			say(p, "the client did not give its name");
		else
			say(p, "client %s%s%s%s%s", v->name, v->version ? " " : "",
			    v->version ? v->version : "", v->os ? " on " : "", v->os ? v->os : "");
	}
	part_done(p);
}

/* The last activity answer: idle time of a resource, or last seen of the account. */
static void info_last(const struct xlast *l, const char *error, void *arg)
{
	struct info_part *p = arg;
	bool resource = strchr(p->who, '/') != NULL;
	if (part_show(p, l == NULL && error == NULL)) {
		char *d = l ? duration_words(l->seconds) : NULL;
		if (error)
			say(p, "%s not known (%s)", resource ? "idle time" : "last seen", error);
		else if (resource)
			say(p, l->seconds == 0 ? "active now" : "idle for %s", d);
		else if (l->seconds == 0)
			say(p, "online now%s%s", l->status ? ": " : "", l->status ? l->status : "");
		else
			say(p, "last seen %s ago%s%s", d, l->status ? ": " : "",
			    l->status ? l->status : "");
		free(d);
	}
	part_done(p);
}

/* The vCard answer. */
static void info_vcard(const struct xvcard *v, const char *error, void *arg)
{
	struct info_part *p = arg;
	if (part_show(p, v == NULL && error == NULL)) {
		if (error)
			say(p, "no vCard (%s)", error);
		else if (v->n == 0)
			say(p, "no vCard");
		for (size_t i = 0; v && i < v->n; i++)
			say(p, "%s: %s", v->fields[i].label, v->fields[i].value);
		if (v && v->truncated)
			say(p, "(more vCard fields not shown)");
	}
	part_done(p);
}

/* Plain words for a subscription state. */
static const char *subscription_words(const struct contact *c)
{
	switch (c->sub) {
	case SUB_BOTH:
		return "you see each other's presence";
	case SUB_TO:
		return "you see their presence, they do not see yours";
	case SUB_FROM:
		return "they see your presence, you do not see theirs";
	case SUB_NONE:
		break;
	}
	return "neither sees the other's presence";
}

/* The roster's lines: name, groups, subscription. */
static void show_contact(const struct contact *c)
{
	if (c == NULL || !c->in_roster) {
		core_info("  not in your roster");
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; c->groups && c->groups[i]; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", c->groups[i]);
	if (c->name && *c->name)
		core_info("  name in your roster: %s", c->name);
	if (sb.len)
		core_info("  groups: %s", sb.s);
	core_info("  subscription %s: %s%s", subscription_name(c->sub), subscription_words(c),
	          c->ask ? " (your request is pending)" : "");
	strbuf_free(&sb);
}

/* One online resource's line from the roster model. */
static void show_resource(const struct resource *res)
{
	core_info("  resource %s: %s, priority %d%s%s", *res->name ? res->name : "(none)",
	          show_name(res->show), res->priority, res->status ? ", status: " : "",
	          res->status ? res->status : "");
}

/* Ask one online resource (full JID) for its client and idle time. */
static void ask_resource(struct info_req *r, const char *full)
{
	char *client = xcaps_client(full);
	if (client)
		core_info("  %s announces itself as %s", full, client);
	free(client);
	xversion_query(full, info_version, part_new(r, full, "the client"));
	xlast_query(full, info_last, part_new(r, full, "the idle time"));
}

/* Ask about each online resource (or the one in a full JID). */
static void ask_resources(struct info_req *r, const struct contact *c, const char *resource)
{
	size_t n = 0;
	for (const struct resource *res = c ? c->resources : NULL; res; res = res->next) {
		if (resource && strcmp(res->name, resource) != 0)
			continue;
		show_resource(res);
		if (n++ < INFO_RESOURCES_MAX && *res->name) {
			char *full = xasprintf("%s/%s", r->jid, res->name);
			ask_resource(r, full);
			free(full);
		}
	}
	if (n == 0 && resource) {
		char *full = xasprintf("%s/%s", r->jid, resource);
		ask_resource(r, full);
		free(full);
	} else if (n == 0) {
		core_info("  no resource online that natter knows of");
	}
}

/* True when online; otherwise says so. */
static bool need_online(struct cmd_ctx *ctx)
{
	if (core_conn_state() == CONN_ONLINE)
		return true;
	cmd_error(ctx, "not connected");
	return false;
}

/* /info JID: what the roster knows, then client, activity and vCard as
 * they arrive. */
int cmd_exec_info(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	if (!jid_valid(argv[0])) {
		cmd_error(ctx, "not a valid JID: %s", argv[0]);
		return -1;
	}
	if (!need_online(ctx))
		return -1;
	char *bare = jid_bare(argv[0]);
	const char *resource = jid_resource(argv[0]);
	struct contact *c = roster_find(bare);
	struct info_req *r = req_new(bare);
	core_info("About %s:", bare);
	show_contact(c);
	ask_resources(r, c, resource);
	xlast_query(bare, info_last, part_new(r, NULL, "when they were last seen"));
	xvcard_query(bare, info_vcard, part_new(r, NULL, "the vCard"));
	req_start(r);
	free(bare);
	return 0;
}

/* Words for an identity. Caller frees. */
static char *identity_text(const struct xdisco_identity *id)
{
	const char *words = NULL;
	for (size_t i = 0; identity_words[i][0] && !words; i++)
		if (strcmp(id->category, identity_words[i][0]) == 0 &&
		    strcmp(id->type, identity_words[i][1]) == 0)
			words = identity_words[i][2];
	char *base = strcmp(id->category, "gateway") == 0
	                 ? xasprintf("a gateway to another network (%s)", id->type)
	             : words ? xstrdup(words)
	                     : xasprintf("%s (%s)", id->category, id->type);
	char *s = id->name ? xasprintf("%s, named \"%s\"", base, id->name) : xstrdup(base);
	free(base);
	return s;
}

/* Words for a feature, or NULL. */
static const char *feature_text(const char *var)
{
	for (size_t i = 0; feature_words[i][0]; i++)
		if (strcmp(var, feature_words[i][0]) == 0)
			return feature_words[i][1];
	return NULL;
}

/* The disco#info answer: identities and features. */
static void disco_info_done(const struct xdisco_result *res, const char *error, void *arg)
{
	struct info_part *p = arg;
	if (part_show(p, res == NULL && error == NULL)) {
		if (error) {
			say(p, "cannot tell what it is (%s)", error);
		} else {
			for (size_t i = 0; i < res->nids; i++) {
				char *t = identity_text(&res->ids[i]);
				say(p, "is %s", t);
				free(t);
			}
			size_t n = strv_len(res->features);
			say(p, "offers %zu feature%s%s", n, n == 1 ? "" : "s", n ? ":" : "");
			for (size_t i = 0; i < n; i++) {
				const char *w = feature_text(res->features[i]);
				core_info("  %s%s%s%s", res->features[i], w ? " (" : "", w ? w : "",
				          w ? ")" : "");
			}
		}
	}
	part_done(p);
}

/* The disco#items answer. */
static void disco_items_done(const struct xdisco_result *res, const char *error, void *arg)
{
	struct info_part *p = arg;
	if (part_show(p, res == NULL && error == NULL)) {
		if (error) {
			say(p, "cannot list its items (%s)", error);
		} else {
			say(p, "lists %zu item%s%s", res->nitems, res->nitems == 1 ? "" : "s",
			    res->nitems ? " (/disco ITEM tells what one is):" : "");
			for (size_t i = 0; i < res->nitems; i++) {
				const struct xdisco_item *it = &res->items[i];
				core_info("  %s%s%s%s%s%s", it->jid, it->name ? " \"" : "",
				          it->name ? it->name : "", it->name ? "\"" : "",
				          it->node ? " node " : "", it->node ? it->node : "");
			}
		}
		if (res && res->truncated)
			say(p, "(more were listed than natter shows)");
	}
	part_done(p);
}

/* /disco [JID [NODE]]: what an entity is and offers, and what it lists. */
int cmd_exec_disco(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc > 0 && !jid_valid(argv[0])) {
		cmd_error(ctx, "not a valid JID: %s", argv[0]);
		return -1;
	}
	if (!need_online(ctx))
		return -1;
	const char *jid = argc > 0 ? argv[0] : xs.domain;
	const char *node = argc > 1 ? argv[1] : NULL;
	struct info_req *r = req_new(jid);
	char *who = node ? xasprintf("%s node %s", jid, node) : xstrdup(jid);
	core_info("Asking %s…", who);
	xdisco_query(jid, node, false, disco_info_done, part_new(r, who, "what it is"));
	xdisco_query(jid, node, true, disco_items_done, part_new(r, who, "its items"));
	req_start(r);
	free(who);
	return 0;
}
