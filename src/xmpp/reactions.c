/* reactions.c - XEP-0444 Message Reactions: receive and send */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define REACTIONS_NS "urn:xmpp:reactions:0"
#define HINTS_NS     "urn:xmpp:hints"
#define MAX_SEEN     (EDITS_MAX_DISTINCT * 4) /* <reaction/> children looked at */

/* The sanitized text of a <reaction/>, or NULL when it is none we keep. */
static char *reaction_text(xmpp_stanza_t *c)
{
	const char *name = xmpp_stanza_get_name(c);
	if (!xmpp_stanza_is_tag(c) || name == NULL || strcmp(name, "reaction") != 0)
		return NULL;
	char *e = xs_child_text(c, NULL, SANITIZE_LINE, EDITS_EMOJI_MAX * 2);
	if (e && edits_emoji_ok(e))
		return e;
	free(e);
	return NULL;
}

/* A <reactions id=X/> in st: s's whole set of reactions on X (which s may
 * not have sent: anyone may react, but only for themselves). */
bool xreactions_handle(xmpp_stanza_t *st, const struct xedit_sender *s)
{
	xmpp_stanza_t *el = xmpp_stanza_get_child_by_name_and_ns(st, "reactions", REACTIONS_NS);
	if (el == NULL)
		return false;
	struct conv *cv = s->conv_jid ? conv_find(s->conv_jid) : NULL;
	const char *id = xmpp_stanza_get_attribute(el, "id");
	if (cv == NULL || cv->type != s->type || id == NULL || strlen(id) > XEDIT_ID_MAX)
		return true;
	char *clean = sanitize_str(id, SANITIZE_LINE);
	struct message *m =
	    cv->type == CONV_ROOM ? conv_find_stanza_id(cv, clean) : conv_find_msg(cv, clean);
	free(clean);
	if (m == NULL || m->dir == MSG_SYSTEM)
		return true;
	char *v[EDITS_MAX_DISTINCT];
	size_t n = 0, seen = 0;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(el);
	     c && n < EDITS_MAX_DISTINCT && seen < MAX_SEEN; c = xmpp_stanza_get_next(c), seen++) {
		char *e = reaction_text(c);
		if (e)
			v[n++] = e;
	}
	char *who = xedit_who(s);
	core_message_react(cv, m, who, (const char *const *)v, n);
	free(who);
	while (n > 0)
		free(v[--n]);
	return true;
}

/* Fill msg with our reactions (set: emoji separated by '\n') to target. */
void xreactions_build(xmpp_stanza_t *msg, const char *target, const char *set)
{
	xmpp_stanza_t *el = xs_add_child(msg, "reactions", REACTIONS_NS);
	xmpp_stanza_set_id(el, target);
	char *copy = xstrdup(set ? set : "");
	for (char *p = copy, *next; p && *p; p = next) {
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		xs_add_text(xs_add_child(el, "reaction", NULL), p);
	}
	free(copy);
	xs_add_child(msg, "store", HINTS_NS);
}
