/* version.c - XEP-0092 software version: asking others, answering as the
 * version_reply setting allows; and who may ask us such things */
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "roster.h"
#include "settings.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define VERSION_NS "jabber:iq:version"
/* Longest name, version or OS natter shows. */
#define VERSION_FIELD_MAX 256

/* Who waits for a version answer. */
struct version_ask {
	xversion_fn fn;
	void *arg;
};

/* True when from is our own account or a roster contact with a subscription. */
static bool is_contact(const char *from)
{
	if (from == NULL || jid_bare_eq(from, xs.bare_jid))
		return true;
	char *bare = jid_bare(from);
	struct contact *c = roster_find(bare);
	free(bare);
	return c && c->in_roster && c->sub != SUB_NONE;
}

/* Our own account or a contact with a subscription (for other files). */
bool xreply_contact(const char *from)
{
	return is_contact(from);
}

/* May 'from' have an answer, by the policy in setting (none|contacts|all)? */
bool xreply_allowed(const char *setting, const char *from)
{
	const char *policy = setting_str(setting);
	if (strcmp(policy, "all") == 0)
		return true;
	if (strcmp(policy, "contacts") == 0)
		return is_contact(from);
	return false;
}

/* Add <name>text</name> under parent. */
static void add_text_child(xmpp_stanza_t *parent, const char *name, const char *text)
{
	xs_add_text(xs_add_child(parent, name, NULL), text);
}

/* Answer a version get: natter and its version; never the OS. */
void xversion_answer(xmpp_stanza_t *iq)
{
	if (!xreply_allowed("version_reply", xmpp_stanza_get_from(iq))) {
		xiq_reply_error(iq, "cancel", "service-unavailable");
		return;
	}
	xmpp_stanza_t *res =
	    xs_stanza_new("iq", "result", xmpp_stanza_get_id(iq), xmpp_stanza_get_from(iq));
	xmpp_stanza_t *q = xs_add_child(res, "query", VERSION_NS);
	add_text_child(q, "name", "natter");
	add_text_child(q, "version", NATTER_VERSION);
	xs_send(res);
	xmpp_stanza_release(res);
}

/* Sanitized text of child name of q, NULL when absent or empty. */
static char *field(xmpp_stanza_t *q, const char *name)
{
	char *v = xs_child_text(q, name, SANITIZE_LINE, VERSION_FIELD_MAX);
	if (v && *v == '\0') {
		free(v);
		v = NULL;
	}
	return v;
}

/* The answer to our version query. */
static void version_answer(xmpp_stanza_t *reply, void *arg)
{
	struct version_ask *ask = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	xmpp_stanza_t *q =
	    reply ? xmpp_stanza_get_child_by_name_and_ns(reply, "query", VERSION_NS) : NULL;
	if (reply == NULL) {
		ask->fn(NULL, NULL, ask->arg);
	} else if (type && strcmp(type, "result") == 0 && q) {
		struct xversion v = {field(q, "name"), field(q, "version"), field(q, "os")};
		ask->fn(&v, NULL, ask->arg);
		free(v.name);
		free(v.version);
		free(v.os);
	} else {
		char *err = type && strcmp(type, "result") == 0 ? xstrdup("an empty answer")
		                                                : xs_error_text(reply);
		ask->fn(NULL, err, ask->arg);
		free(err);
	}
	free(ask);
}

/* Ask jid which software it runs. */
void xversion_query(const char *jid, xversion_fn fn, void *arg)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, jid);
	xs_add_child(iq, "query", VERSION_NS);
	struct version_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, version_answer, ask);
	xmpp_stanza_release(iq);
}
