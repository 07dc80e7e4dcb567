/* vcard.c - XEP-0054 vCards: reading anyone's in plain words, and changing
 * one field of our own (fetch, change, publish) */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define VCARD_NS "vcard-temp"
/* Fields natter keeps from one vCard; the rest is counted as truncated. */
#define VCARD_FIELDS_MAX 48
/* Longest value shown. */
#define VCARD_VALUE_MAX 1024

/* Fields /vcard set knows (see set_element for how each is written). */
const char *const xvcard_fields[] = {"bday", "desc", "email", "fn",    "nickname", "note",
                                     "org",  "role", "tel",   "title", "url",      NULL};

/* A vCard element whose text is shown as it is, and its label. */
struct simple_field {
	const char *el, *label;
};

static const struct simple_field simple_fields[] = {
    {"FN", "full name"},
    {"NICKNAME", "nickname"},
    {"BDAY", "birthday"},
    {"URL", "web page"},
    {"TITLE", "title"},
    {"ROLE", "role"},
    {"JABBERID", "chat address"},
    {"NOTE", "note"},
    {"DESC", "about"},
    {NULL, NULL},
};

/* Type markers (empty child elements) shown after a label, in plain words. */
static const struct simple_field type_words[] = {
    {"HOME", "home"},   {"WORK", "work"},   {"CELL", "mobile"}, {"FAX", "fax"},
    {"PAGER", "pager"}, {"VIDEO", "video"}, {NULL, NULL},
};

/* Who waits for a vCard. */
struct vcard_ask {
	xvcard_fn fn;
	void *arg;
};

/* A /vcard set in progress. */
struct vcard_set {
	char *field; /* lower case, one of xvcard_fields */
	char *value; /* "" removes the field */
	xdone_fn fn;
	void *arg;
};

/* The element name of a child, or "" for text nodes. */
static const char *tag_name(xmpp_stanza_t *c)
{
	const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
	return name ? name : "";
}

/* Add a field to v (label and value copied; empty values are skipped). */
static void vc_add(struct xvcard *v, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	if (v->n == VCARD_FIELDS_MAX) {
		v->truncated = true;
		return;
	}
	v->fields[v->n].label = xstrdup(label);
	v->fields[v->n].value = xstrdup(value);
	v->n++;
}

/* Sanitized text of child name of el, or NULL. */
static char *sub_text(xmpp_stanza_t *el, const char *name)
{
	return xs_child_text(el, name, SANITIZE_LINE, VCARD_VALUE_MAX);
}

/* "label (home, work)" from the type markers inside el. Caller frees. */
static char *typed_label(xmpp_stanza_t *el, const char *label)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, label);
	size_t n = 0;
	for (const struct simple_field *t = type_words; t->el; t++) {
		if (xmpp_stanza_get_child_by_name(el, t->el) == NULL)
			continue;
		strbuf_addf(&sb, "%s%s", n++ ? ", " : " (", t->label);
	}
	if (n)
		strbuf_addch(&sb, ')');
	return strbuf_detach(&sb);
}

/* Join the texts of the children names of el with sep, skipping empty ones. */
static char *join_parts(xmpp_stanza_t *el, const char *const *names, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; names[i]; i++) {
		char *t = sub_text(el, names[i]);
		if (t && *t)
			strbuf_addf(&sb, "%s%s", sb.len ? sep : "", t);
		free(t);
	}
	strbuf_adds(&sb, "");
	return strbuf_detach(&sb);
}

/* Total bytes of el's text without copying it (a photo may be huge). */
static size_t text_len(xmpp_stanza_t *el)
{
	size_t n = 0;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(el); c; c = xmpp_stanza_get_next(c)) {
		const char *t = xmpp_stanza_is_text(c) ? xmpp_stanza_get_text_ptr(c) : NULL;
		n += t ? strlen(t) : 0;
	}
	return n;
}

/* A photo is described, never shown: its type and size, or its address. */
static char *photo_words(xmpp_stanza_t *el)
{
	char *type = sub_text(el, "TYPE");
	char *ext = sub_text(el, "EXTVAL");
	xmpp_stanza_t *bin = xmpp_stanza_get_child_by_name(el, "BINVAL");
	char *s;
	if (ext && *ext) {
		s = xasprintf("a picture at %s (not shown)", ext);
	} else {
		/* base64 holds 3 bytes in 4 characters (line breaks aside) */
		size_t kb = (bin ? text_len(bin) : 0) * 3 / 4 / 1024;
		s = xasprintf("a picture%s%s, about %zu KB (not shown)",
		              type && *type ? " of type " : "", type && *type ? type : "",
		              kb ? kb : 1);
	}
	free(type);
	free(ext);
	return s;
}

/* One structured field (N, EMAIL, TEL, ADR, ORG, PHOTO) into v. */
static bool add_structured(struct xvcard *v, xmpp_stanza_t *el, const char *name)
{
	static const char *const n_parts[] = {"PREFIX", "GIVEN",  "MIDDLE",
	                                      "FAMILY", "SUFFIX", NULL};
	static const char *const adr_parts[] = {"POBOX",  "EXTADD", "STREET", "LOCALITY",
	                                        "REGION", "PCODE",  "CTRY",   NULL};
	static const char *const org_parts[] = {"ORGNAME", "ORGUNIT", NULL};
	static const char *const email_parts[] = {"USERID", NULL};
	static const char *const tel_parts[] = {"NUMBER", NULL};
	const char *const *parts = NULL;
	const char *label = NULL, *sep = ", ";
	char *value = NULL;
	if (strcmp(name, "N") == 0)
		parts = n_parts, label = "name", sep = " ";
	else if (strcmp(name, "ADR") == 0)
		parts = adr_parts, label = "address";
	else if (strcmp(name, "ORG") == 0)
		parts = org_parts, label = "organization";
	else if (strcmp(name, "EMAIL") == 0)
		parts = email_parts, label = "email";
	else if (strcmp(name, "TEL") == 0)
		parts = tel_parts, label = "phone";
	else if (strcmp(name, "PHOTO") == 0)
		value = photo_words(el), label = "photo";
	else
		return false;
	if (parts)
		value = join_parts(el, parts, sep);
	char *full = typed_label(el, label);
	vc_add(v, full, value);
	free(full);
	free(value);
	return true;
}

/* One child of <vCard/> into v (unknown elements are skipped). */
static void add_element(struct xvcard *v, xmpp_stanza_t *el)
{
	const char *name = tag_name(el);
	for (const struct simple_field *f = simple_fields; f->el; f++) {
		if (strcmp(name, f->el) != 0)
			continue;
		char *t = xs_child_text(el, NULL, SANITIZE_LINE, VCARD_VALUE_MAX);
		vc_add(v, f->label, t);
		free(t);
		return;
	}
	add_structured(v, el, name);
}

/* Free the fields of v. */
static void vcard_clear(struct xvcard *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->fields[i].label);
		free(v->fields[i].value);
	}
	free(v->fields);
}

/* The answer to our vCard query. */
static void vcard_answer(xmpp_stanza_t *reply, void *arg)
{
	struct vcard_ask *ask = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (reply == NULL) {
		ask->fn(NULL, NULL, ask->arg);
	} else if (type && strcmp(type, "result") == 0) {
		struct xvcard v = {xcalloc(VCARD_FIELDS_MAX, sizeof(*v.fields)), 0, false};
		xmpp_stanza_t *card =
		    xmpp_stanza_get_child_by_name_and_ns(reply, "vCard", VCARD_NS);
		for (xmpp_stanza_t *c = card ? xmpp_stanza_get_children(card) : NULL; c;
		     c = xmpp_stanza_get_next(c))
			add_element(&v, c);
		ask->fn(&v, NULL, ask->arg);
		vcard_clear(&v);
	} else {
		char *err = xs_error_text(reply);
		ask->fn(NULL, err, ask->arg);
		free(err);
	}
	free(ask);
}

/* A vCard get to jid (our account when NULL). */
static xmpp_stanza_t *vcard_get_new(const char *jid)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, jid);
	xs_add_child(iq, "vCard", VCARD_NS);
	return iq;
}

/* Fetch jid's vCard (ours when NULL). */
void xvcard_query(const char *jid, xvcard_fn fn, void *arg)
{
	xmpp_stanza_t *iq = vcard_get_new(jid);
	struct vcard_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, vcard_answer, ask);
	xmpp_stanza_release(iq);
}

/* Free a set request. */
static void set_free(struct vcard_set *vs)
{
	free(vs->field);
	free(vs->value);
	free(vs);
}

/* Add <name>text</name> under parent; returns the new element. */
static xmpp_stanza_t *add_text_el(xmpp_stanza_t *parent, const char *name, const char *text)
{
	xmpp_stanza_t *el = xs_add_child(parent, name, NULL);
	xs_add_text(el, text);
	return el;
}

/* Write field = value under card the way vcard-temp structures it. */
static void set_element(xmpp_stanza_t *card, const char *el, const char *value)
{
	if (strcmp(el, "EMAIL") == 0) {
		xmpp_stanza_t *e = xs_add_child(card, "EMAIL", NULL);
		xs_add_child(e, "INTERNET", NULL);
		add_text_el(e, "USERID", value);
	} else if (strcmp(el, "TEL") == 0) {
		xmpp_stanza_t *t = xs_add_child(card, "TEL", NULL);
		xs_add_child(t, "VOICE", NULL);
		add_text_el(t, "NUMBER", value);
	} else if (strcmp(el, "ORG") == 0) {
		add_text_el(xs_add_child(card, "ORG", NULL), "ORGNAME", value);
	} else {
		add_text_el(card, el, value);
	}
}

/* A copy of our vCard (old may be NULL) with every el replaced by value. */
static xmpp_stanza_t *card_changed(xmpp_stanza_t *old, const char *el, const char *value)
{
	xmpp_stanza_t *card = xmpp_stanza_new(xs.ctx);
	xmpp_stanza_set_name(card, "vCard");
	xmpp_stanza_set_ns(card, VCARD_NS);
	for (xmpp_stanza_t *c = old ? xmpp_stanza_get_children(old) : NULL; c;
	     c = xmpp_stanza_get_next(c)) {
		/* whitespace between elements is dropped; the rest kept as it is */
		if (xmpp_stanza_is_tag(c) && strcasecmp(tag_name(c), el) != 0)
			xmpp_stanza_add_child_ex(card, xmpp_stanza_copy(c), 0);
	}
	if (*value)
		set_element(card, el, value);
	return card;
}

/* The server's answer to our publish. */
static void publish_answer(xmpp_stanza_t *reply, void *arg)
{
	struct vcard_set *vs = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (reply == NULL) {
		vs->fn(XQ_LOST, vs->arg);
	} else if (type && strcmp(type, "result") == 0) {
		vs->fn(NULL, vs->arg);
	} else {
		char *err = xs_error_text(reply);
		vs->fn(err, vs->arg);
		free(err);
	}
	set_free(vs);
}

/* Publish card (taken) as our vCard. */
static void publish(xmpp_stanza_t *card, struct vcard_set *vs)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, NULL);
	xmpp_stanza_add_child_ex(iq, card, 0);
	xiq_send(iq, publish_answer, vs);
	xmpp_stanza_release(iq);
}

/* Our current vCard arrived: change the field and publish. */
static void set_fetched(xmpp_stanza_t *reply, void *arg)
{
	struct vcard_set *vs = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	char *err = NULL;
	if (reply == NULL) {
		vs->fn(XQ_LOST, vs->arg);
	} else if (type && strcmp(type, "result") != 0 &&
	           !xmpp_stanza_get_child_by_name(xmpp_stanza_get_child_by_name(reply, "error"),
	                                          "item-not-found")) {
		err = xs_error_text(reply);
		vs->fn(err, vs->arg);
	} else {
		/* no vCard yet (an empty result or item-not-found): start from nothing */
		xmpp_stanza_t *old = xmpp_stanza_get_child_by_name_and_ns(reply, "vCard", VCARD_NS);
		char *el = xstrdup(vs->field);
		for (char *p = el; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		publish(card_changed(old, el, vs->value), vs);
		free(el);
		return;
	}
	free(err);
	set_free(vs);
}

/* Fetch our vCard, set one field and publish it. */
void xvcard_set(const char *field, const char *value, xdone_fn fn, void *arg)
{
	struct vcard_set *vs = xmalloc(sizeof(*vs));
	vs->field = xstrdup(field);
	for (char *p = vs->field; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	vs->value = xstrdup(value ? value : "");
	vs->fn = fn;
	vs->arg = arg;
	xmpp_stanza_t *iq = vcard_get_new(NULL);
	xiq_send(iq, set_fetched, vs);
	xmpp_stanza_release(iq);
}
