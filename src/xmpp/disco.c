/* disco.c - XEP-0030 service discovery: which features an entity announces */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define DISCO_INFO_NS "http://jabber.org/protocol/disco#info"
/* More features than any server announces; the rest are ignored. */
#define FEATURES_MAX 256

/* Who waits for a disco#info answer. */
struct disco_ask {
	xdisco_fn fn;
	void *arg;
};

/* The feature vars of a disco#info answer, NULL-terminated (caller frees
 * with strv_free); empty when the answer is an error or has no <query/>. */
static char **features_new(xmpp_stanza_t *reply)
{
	const char *type = xmpp_stanza_get_type(reply);
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name_and_ns(reply, "query", DISCO_INFO_NS);
	char **v = xcalloc(FEATURES_MAX + 1, sizeof(*v));
	if (type == NULL || strcmp(type, "result") != 0 || q == NULL) {
		log_debug("disco#info query failed or had no <query/>");
		return v;
	}
	size_t n = 0;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(q); c && n < FEATURES_MAX;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
		const char *var = xmpp_stanza_get_attribute(c, "var");
		/* vars are only compared, never shown: no need to sanitize them */
		if (name && strcmp(name, "feature") == 0 && var)
			v[n++] = xstrdup(var);
	}
	return v;
}

/* The answer to our disco#info query (NULL when the session ended). */
static void disco_answer(xmpp_stanza_t *reply, void *arg)
{
	struct disco_ask *ask = arg;
	char **features = reply ? features_new(reply) : NULL;
	ask->fn(features, ask->arg);
	strv_free(features);
	free(ask);
}

/* Ask jid (our own account when NULL) which features it supports. */
void xdisco_info(const char *jid, xdisco_fn fn, void *arg)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, jid ? jid : xs.bare_jid);
	xs_add_child(iq, "query", DISCO_INFO_NS);
	struct disco_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, disco_answer, ask);
	xmpp_stanza_release(iq);
}

/* True when var is among the announced features. */
bool xdisco_has(char *const *features, const char *var)
{
	for (size_t i = 0; features && features[i]; i++)
		if (strcmp(features[i], var) == 0)
			return true;
	return false;
}
