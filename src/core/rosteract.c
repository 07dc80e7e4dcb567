/* rosteract.c - roster editing and answers to subscription requests: the
 * actions behind /roster add|remove|rename|group, /accept and /deny */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "jid.h"
#include "roster.h"
#include "sanitize.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"

#define ROSTER_TEXT_MAX   1023 /* bytes of a roster name or group name */
#define ROSTER_GROUPS_MAX 64   /* groups of one contact (as src/xmpp keeps) */

static const struct roster_backend *backend;

/* Register the roster backend. */
void roster_set_backend(const struct roster_backend *b)
{
	backend = b;
}

/* The registered roster backend. */
const struct roster_backend *roster_backend(void)
{
	return backend;
}

/* The backend when online; otherwise NULL after saying why. */
static const struct roster_backend *online_backend(void)
{
	if (core_conn_state() != CONN_ONLINE || backend == NULL) {
		core_error("not connected: the roster lives on the server (/connect first)");
		return NULL;
	}
	return backend;
}

/* The bare form of a JID the user typed, or NULL after saying what is
 * wrong with it. Caller frees. */
static char *typed_jid(const char *jid)
{
	const char *own = core_own_jid();
	if (!jid_valid(jid)) {
		char *shown = sanitize_str(jid, SANITIZE_LINE);
		core_error("%s is not a valid JID (like user@example.org)", shown);
		free(shown);
		return NULL;
	}
	if (jid_resource(jid)) {
		char *bare = jid_bare(jid);
		core_error("contacts are bare JIDs: use %s, without the /resource", bare);
		free(bare);
		return NULL;
	}
	if (own && jid_bare_eq(jid, own)) {
		core_error("that is your own account");
		return NULL;
	}
	return jid_bare(jid);
}

/* True when text may be a roster name or group (what says "a name"). */
static bool text_ok(const char *text, const char *what)
{
	const char *why;
	if (*text == '\0') {
		core_error("%s cannot be empty", what);
		return false;
	}
	if (strlen(text) > ROSTER_TEXT_MAX) {
		core_error("%s is too long (at most %d bytes)", what, ROSTER_TEXT_MAX);
		return false;
	}
	if (!sanitize_check_outgoing(text, &why)) {
		core_error("%s cannot be sent: %s", what, why);
		return false;
	}
	return true;
}

/* The contact jid (typed) in our roster, or NULL after saying so. */
static struct contact *typed_contact(const char *jid)
{
	char *bare = typed_jid(jid);
	if (bare == NULL)
		return NULL;
	struct contact *c = roster_find(bare);
	if (c == NULL || !c->in_roster)
		core_error("%s is not in your roster (/roster add %s)", bare, bare);
	free(bare);
	return c && c->in_roster ? c : NULL;
}

/* True when we see c's presence or asked to. */
static bool sees_or_asked(const struct contact *c)
{
	return c && c->in_roster && (c->sub == SUB_TO || c->sub == SUB_BOTH || c->ask);
}

/* Add jid (with name) and ask to see its presence. */
int roster_add_contact(const char *jid, const char *name)
{
	const struct roster_backend *b = online_backend();
	if (b == NULL || (name && !text_ok(name, "the name")))
		return -1;
	char *bare = typed_jid(jid);
	if (bare == NULL)
		return -1;
	struct contact *c = roster_find(bare);
	bool in = c && c->in_roster;
	const char *keep_name = name ? name : in ? c->name : NULL;
	int rc = b->set_item(bare, keep_name, in ? c->groups : NULL);
	if (rc == 0 && !sees_or_asked(c))
		rc = b->send_subscription(bare, SUBP_SUBSCRIBE);
	if (rc == 0 && sees_or_asked(c))
		core_info("%s is in your roster already%s", bare, name ? "; renaming" : "");
	else if (rc == 0)
		core_info("adding %s to your roster and asking to see their presence", bare);
	free(bare);
	return rc < 0 ? -1 : 0;
}

/* Remove jid from the roster. */
int roster_remove_contact(const char *jid)
{
	const struct roster_backend *b = online_backend();
	struct contact *c = b ? typed_contact(jid) : NULL;
	if (c == NULL)
		return -1;
	char *bare = xstrdup(c->jid);
	int rc = b->remove_item(bare);
	if (rc == 0)
		core_info("removing %s from your roster: neither of you sees the other's presence "
		          "any more",
		          bare);
	free(bare);
	return rc < 0 ? -1 : 0;
}

/* Rename a contact. */
int roster_rename_contact(const char *jid, const char *name)
{
	const struct roster_backend *b = online_backend();
	struct contact *c = b ? typed_contact(jid) : NULL;
	if (c == NULL || !text_ok(name, "the name"))
		return -1;
	char *bare = xstrdup(c->jid);
	int rc = b->set_item(bare, name, c->groups);
	if (rc == 0)
		core_info("renaming %s to %s", bare, name);
	free(bare);
	return rc < 0 ? -1 : 0;
}

/* True when groups holds name before index i. */
static bool seen_before(char *const *groups, size_t i, const char *name)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(groups[k], name) == 0)
			return true;
	return false;
}

/* Copy of groups without duplicates, after checking each; NULL after an
 * error. Caller frees with strv_free. */
static char **groups_checked(char *const *groups)
{
	size_t n = groups ? strv_len(groups) : 0;
	if (n > ROSTER_GROUPS_MAX) {
		core_error("a contact can be in at most %d groups", ROSTER_GROUPS_MAX);
		return NULL;
	}
	char **out = xcalloc(n + 1, sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!text_ok(groups[i], "a group name")) {
			strv_free(out);
			return NULL;
		}
		if (!seen_before(groups, i, groups[i]))
			out[k++] = xstrdup(groups[i]);
	}
	return out;
}

/* Put a contact in exactly these groups. */
int roster_set_groups(const char *jid, char *const *groups)
{
	const struct roster_backend *b = online_backend();
	struct contact *c = b ? typed_contact(jid) : NULL;
	char **clean = c ? groups_checked(groups) : NULL;
	if (clean == NULL)
		return -1;
	char *bare = xstrdup(c->jid);
	int rc = b->set_item(bare, c->name, clean);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; clean[i]; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", clean[i]);
	if (rc == 0 && sb.len)
		core_info("putting %s in the group%s %s", bare, clean[1] ? "s" : "", sb.s);
	else if (rc == 0)
		core_info("taking %s out of every group", bare);
	strbuf_free(&sb);
	strv_free(clean);
	free(bare);
	return rc < 0 ? -1 : 0;
}

/* Let jid see our presence; ask for theirs when we do not see it. */
int roster_accept(const char *jid)
{
	const struct roster_backend *b = online_backend();
	char *bare = b ? typed_jid(jid) : NULL;
	if (bare == NULL)
		return -1;
	int rc = b->send_subscription(bare, SUBP_SUBSCRIBED);
	bool back = rc == 0 && !sees_or_asked(roster_find(bare));
	if (back)
		rc = b->send_subscription(bare, SUBP_SUBSCRIBE);
	if (rc == 0) {
		bool asked = roster_pending_remove(bare);
		core_info("%s %s see your presence%s", bare,
		          asked ? "can now" : "had not asked; they may",
		          back ? ", and you asked to see theirs" : "");
	}
	free(bare);
	return rc < 0 ? -1 : 0;
}

/* Refuse jid's request, or stop sharing our presence with jid. */
int roster_deny(const char *jid)
{
	const struct roster_backend *b = online_backend();
	char *bare = b ? typed_jid(jid) : NULL;
	if (bare == NULL)
		return -1;
	int rc = b->send_subscription(bare, SUBP_UNSUBSCRIBED);
	if (rc == 0) {
		const struct contact *c = roster_find(bare);
		if (roster_pending_remove(bare))
			core_info("denied %s's request to see your presence", bare);
		else if (c && (c->sub == SUB_FROM || c->sub == SUB_BOTH))
			core_info("%s no longer sees your presence", bare);
		else
			core_info("%s had not asked to see your presence; they may not", bare);
	}
	free(bare);
	return rc < 0 ? -1 : 0;
}
