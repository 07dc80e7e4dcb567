/* mam_query.c - what our account's archive (mam.c) and room archives
 * (muc_mam.c) share: building a XEP-0313 query with XEP-0059 paging and
 * reading its <fin/> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define DATA_NS "jabber:x:data"
#define SID_NS  "urn:xmpp:sid:0"

/* Add <field var=var [type=type]><value>value</value></field> to a form. */
static void form_field(xmpp_stanza_t *x, const char *var, const char *type, const char *value)
{
	xmpp_stanza_t *f = xs_add_child(x, "field", NULL);
	xmpp_stanza_set_attribute(f, "var", var);
	if (type)
		xmpp_stanza_set_attribute(f, "type", type);
	xs_add_text(xs_add_child(f, "value", NULL), value);
}

/* Add <name>text</name> to an RSM set (an empty element when text is ""). */
static void rsm_add(xmpp_stanza_t *set, const char *name, const char *text)
{
	xmpp_stanza_t *el = xs_add_child(set, name, NULL);
	if (*text)
		xs_add_text(el, text);
}

/* A new archive query iq (caller sends and releases it). */
xmpp_stanza_t *xmamq_new(const char *to, const char *qid, const char *with, const char *after,
                         const char *before, unsigned max)
{
	char id[24], maxs[16];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, to);
	xmpp_stanza_t *query = xs_add_child(iq, "query", XMAMQ_NS);
	xmpp_stanza_set_attribute(query, "queryid", qid);
	xmpp_stanza_t *x = xs_add_child(query, "x", DATA_NS);
	xmpp_stanza_set_type(x, "submit");
	form_field(x, "FORM_TYPE", "hidden", XMAMQ_NS);
	if (with)
		form_field(x, "with", NULL, with);
	xmpp_stanza_t *set = xs_add_child(query, "set", XMAMQ_RSM_NS);
	snprintf(maxs, sizeof(maxs), "%u", max);
	rsm_add(set, "max", maxs);
	if (after)
		rsm_add(set, "after", after);
	if (before)
		rsm_add(set, "before", before);
	return iq;
}

/* The RSM <last/> of an answer's <fin/> (NULL when absent or empty); *complete
 * says whether the archive has nothing more that way. Caller frees. */
char *xmamq_fin(xmpp_stanza_t *reply, bool *complete)
{
	xmpp_stanza_t *fin = xmpp_stanza_get_child_by_name_and_ns(reply, "fin", XMAMQ_NS);
	*complete = true;
	if (fin == NULL)
		return NULL;
	const char *c = xmpp_stanza_get_attribute(fin, "complete");
	*complete = c && (strcmp(c, "true") == 0 || strcmp(c, "1") == 0);
	xmpp_stanza_t *set = xmpp_stanza_get_child_by_name_and_ns(fin, "set", XMAMQ_RSM_NS);
	char *last = set ? xs_child_text(set, "last", SANITIZE_LINE, XS_LINE_MAX) : NULL;
	if (last && *last == '\0') {
		free(last);
		last = NULL;
	}
	return last;
}

/* True when reply is not a result. */
bool xmamq_failed(xmpp_stanza_t *reply)
{
	const char *type = xmpp_stanza_get_type(reply);
	return type == NULL || strcmp(type, "result") != 0;
}

/* The id peers use for msg: its origin-id, else its id (sanitized). Caller frees. */
char *xmamq_message_id(xmpp_stanza_t *msg)
{
	xmpp_stanza_t *oid = xmpp_stanza_get_child_by_name_and_ns(msg, "origin-id", SID_NS);
	char *id = oid ? xs_attr(oid, "id") : NULL;
	if (id && *id)
		return id;
	free(id);
	return xs_attr(msg, "id");
}
