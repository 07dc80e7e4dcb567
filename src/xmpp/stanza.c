/* stanza.c - small helpers for reading and building stanzas */
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* Sanitized text of a child element (or of st itself when name is NULL). */
char *xs_child_text(xmpp_stanza_t *st, const char *name, enum sanitize_mode mode, size_t max)
{
	xmpp_stanza_t *el = name ? xmpp_stanza_get_child_by_name(st, name) : st;
	if (el == NULL)
		return NULL;
	char *raw = xmpp_stanza_get_text(el);
	if (raw == NULL)
		return xstrdup("");
	char *out = sanitize(raw, strlen(raw), mode, max);
	xmpp_free(xs.ctx, raw);
	return out;
}

/* Sanitized copy of an attribute. */
char *xs_attr(xmpp_stanza_t *st, const char *attr)
{
	const char *v = st ? xmpp_stanza_get_attribute(st, attr) : NULL;
	return v ? sanitize(v, strlen(v), SANITIZE_LINE, XS_LINE_MAX) : NULL;
}

/* A new stanza with the usual attributes. */
xmpp_stanza_t *xs_stanza_new(const char *name, const char *type, const char *id, const char *to)
{
	xmpp_stanza_t *st = xmpp_stanza_new(xs.ctx);
	xmpp_stanza_set_name(st, name);
	if (type)
		xmpp_stanza_set_type(st, type);
	if (id)
		xmpp_stanza_set_id(st, id);
	if (to)
		xmpp_stanza_set_to(st, to);
	return st;
}

/* Add <name xmlns=ns/> under parent. */
xmpp_stanza_t *xs_add_child(xmpp_stanza_t *parent, const char *name, const char *ns)
{
	xmpp_stanza_t *child = xmpp_stanza_new(xs.ctx);
	xmpp_stanza_set_name(child, name);
	if (ns)
		xmpp_stanza_set_ns(child, ns);
	xmpp_stanza_add_child(parent, child);
	xmpp_stanza_release(child);
	return child;
}

/* Add a text node under parent. */
void xs_add_text(xmpp_stanza_t *parent, const char *text)
{
	xmpp_stanza_t *t = xmpp_stanza_new(xs.ctx);
	xmpp_stanza_set_text(t, text);
	xmpp_stanza_add_child(parent, t);
	xmpp_stanza_release(t);
}

/* Words for an error stanza: "condition: text". */
char *xs_error_text(xmpp_stanza_t *st)
{
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(st, "error");
	if (err == NULL)
		return xstrdup("unknown error");
	struct strbuf sb = STRBUF_INIT;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(err); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_get_name(c);
		if (!xmpp_stanza_is_tag(c) || name == NULL || strcmp(name, "text") == 0)
			continue;
		char *clean = sanitize(name, strlen(name), SANITIZE_LINE, 64);
		for (char *p = clean; *p; p++)
			if (*p == '-')
				*p = ' ';
		strbuf_adds(&sb, clean);
		free(clean);
		break;
	}
	char *text = xs_child_text(err, "text", SANITIZE_LINE, XS_LINE_MAX);
	if (text && *text) {
		if (sb.len)
			strbuf_adds(&sb, ": ");
		strbuf_adds(&sb, text);
	}
	free(text);
	if (sb.len == 0)
		strbuf_adds(&sb, "unknown error");
	return strbuf_detach(&sb);
}
