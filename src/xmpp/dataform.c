/* dataform.c - XEP-0004 data forms: reading a form the network sent into a
 * bounded struct of sanitized strings (filling it in: dataform_fill.c) */
#include <stdlib.h>
#include <string.h>

#include "dataform.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define DF_MEDIA_NS "urn:xmpp:media-element"
/* Bytes of text kept from one form, so a hostile form stays small. */
#define DF_BUDGET (1024 * 1024)

static const char *const type_names[] = {
    [DF_TEXT_SINGLE] = "text-single",
    [DF_TEXT_PRIVATE] = "text-private",
    [DF_TEXT_MULTI] = "text-multi",
    [DF_BOOLEAN] = "boolean",
    [DF_LIST_SINGLE] = "list-single",
    [DF_LIST_MULTI] = "list-multi",
    [DF_JID_SINGLE] = "jid-single",
    [DF_JID_MULTI] = "jid-multi",
    [DF_FIXED] = "fixed",
    [DF_HIDDEN] = "hidden",
    [DF_UNKNOWN] = "unknown",
};

/* Parse state: what is left of the text budget, and what was dropped. */
struct df_parse {
	size_t budget;
	size_t dropped;
};

/* XEP-0004's name of a type. */
const char *df_type_name(enum df_type t)
{
	return t <= DF_UNKNOWN ? type_names[t] : "unknown";
}

/* The type for a type attribute (absent: text-single, as XEP-0004 says). */
static enum df_type type_from_name(const char *name)
{
	if (name == NULL)
		return DF_TEXT_SINGLE;
	for (int t = DF_TEXT_SINGLE; t < DF_UNKNOWN; t++)
		if (strcmp(name, type_names[t]) == 0)
			return (enum df_type)t;
	return DF_UNKNOWN;
}

/* True when st is the element name (in namespace ns when ns is not NULL). */
static bool is_elem(xmpp_stanza_t *st, const char *name, const char *ns)
{
	const char *n = xmpp_stanza_is_tag(st) ? xmpp_stanza_get_name(st) : NULL;
	const char *sns = ns ? xmpp_stanza_get_ns(st) : NULL;
	return n && strcmp(n, name) == 0 && (ns == NULL || (sns && strcmp(sns, ns) == 0));
}

/* Account for a kept string; NULL (and counted as dropped) once the budget
 * is spent. Takes s. */
static char *spend(struct df_parse *p, char *s)
{
	if (s == NULL)
		return NULL;
	size_t n = strlen(s) + 1;
	if (n > p->budget) {
		free(s);
		p->budget = 0;
		p->dropped++;
		return NULL;
	}
	p->budget -= n;
	return s;
}

/* Sanitized text of element el (one line, or several for multiline). */
static char *text_of(struct df_parse *p, xmpp_stanza_t *el, enum sanitize_mode mode)
{
	return spend(p, xs_child_text(el, NULL, mode, DF_TEXT_MAX));
}

/* Sanitized attribute attr of el. */
static char *attr_of(struct df_parse *p, xmpp_stanza_t *el, const char *attr)
{
	return spend(p, xs_attr(el, attr));
}

/* Append s (taken) to a NULL-terminated vector with *n entries, at most max. */
static void vec_push(struct df_parse *p, char ***v, size_t *n, size_t max, char *s)
{
	if (s == NULL)
		return;
	if (*n >= max) {
		free(s);
		p->dropped++;
		return;
	}
	*v = xreallocarray(*v, *n + 2, sizeof(**v));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

/* Read <option label='..'><value>..</value></option> into fl. */
static void parse_option(struct df_parse *p, struct df_field *fl, xmpp_stanza_t *el)
{
	xmpp_stanza_t *v = xmpp_stanza_get_child_by_name(el, "value");
	char *value = v ? text_of(p, v, SANITIZE_LINE) : NULL;
	if (value == NULL) {
		p->dropped++;
		return;
	}
	if (fl->noptions >= DF_MAX_OPTIONS) {
		free(value);
		p->dropped++;
		return;
	}
	fl->options = xreallocarray(fl->options, fl->noptions + 1, sizeof(*fl->options));
	fl->options[fl->noptions].value = value;
	fl->options[fl->noptions].label = attr_of(p, el, "label");
	fl->noptions++;
}

/* Read the <uri/> children of a XEP-0221 <media/> element into fl. */
static void parse_media(struct df_parse *p, struct df_field *fl, xmpp_stanza_t *el)
{
	for (xmpp_stanza_t *u = xmpp_stanza_get_children(el); u; u = xmpp_stanza_get_next(u)) {
		if (!is_elem(u, "uri", NULL))
			continue;
		char *uri = text_of(p, u, SANITIZE_LINE);
		if (uri == NULL || *uri == '\0' || fl->nmedia >= DF_MAX_MEDIA) {
			p->dropped += uri != NULL && *uri != '\0';
			free(uri);
			continue;
		}
		fl->media = xreallocarray(fl->media, fl->nmedia + 1, sizeof(*fl->media));
		fl->media[fl->nmedia].uri = uri;
		fl->media[fl->nmedia].type = attr_of(p, u, "type");
		fl->nmedia++;
	}
}

/* Read one child of <field/>. */
static void parse_field_child(struct df_parse *p, struct df_field *fl, xmpp_stanza_t *c)
{
	if (is_elem(c, "value", NULL))
		vec_push(p, &fl->values, &fl->nvalues, DF_MAX_VALUES, text_of(p, c, SANITIZE_LINE));
	else if (is_elem(c, "required", NULL))
		fl->required = true;
	else if (is_elem(c, "desc", NULL) && fl->desc == NULL)
		fl->desc = text_of(p, c, SANITIZE_MULTILINE);
	else if (is_elem(c, "option", NULL))
		parse_option(p, fl, c);
	else if (is_elem(c, "media", DF_MEDIA_NS))
		parse_media(p, fl, c);
}

/* Free what one field holds (not the field itself). */
static void field_clear(struct df_field *fl)
{
	free(fl->var);
	free(fl->type_name);
	free(fl->label);
	free(fl->desc);
	for (size_t i = 0; fl->type == DF_TEXT_PRIVATE && i < fl->nvalues; i++)
		explicit_bzero(fl->values[i], strlen(fl->values[i])); /* a password */
	strv_free(fl->values);
	for (size_t i = 0; i < fl->noptions; i++) {
		free(fl->options[i].label);
		free(fl->options[i].value);
	}
	free(fl->options);
	for (size_t i = 0; i < fl->nmedia; i++) {
		free(fl->media[i].type);
		free(fl->media[i].uri);
	}
	free(fl->media);
	memset(fl, 0, sizeof(*fl));
}

/* Read <field/> into fl; false when it cannot be kept (no var, not fixed). */
static bool parse_field(struct df_parse *p, struct df_field *fl, xmpp_stanza_t *el)
{
	memset(fl, 0, sizeof(*fl));
	fl->values = xcalloc(1, sizeof(*fl->values));
	const char *type = xmpp_stanza_get_type(el);
	fl->type = type_from_name(type);
	if (fl->type == DF_UNKNOWN)
		fl->type_name = attr_of(p, el, "type");
	fl->var = attr_of(p, el, "var");
	fl->label = attr_of(p, el, "label");
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(el); c; c = xmpp_stanza_get_next(c))
		parse_field_child(p, fl, c);
	if (fl->var == NULL && fl->type != DF_FIXED) {
		field_clear(fl);
		p->dropped++;
		return false;
	}
	return true;
}

/* The field named var among n fields, or NULL. */
static struct df_field *field_in(struct df_field *fields, size_t n, const char *var)
{
	for (size_t i = 0; var && i < n; i++)
		if (fields[i].var && strcmp(fields[i].var, var) == 0)
			return &fields[i];
	return NULL;
}

/* Read the <field/> children of el into *fields (bounded, vars unique). */
static void parse_fields(struct df_parse *p, xmpp_stanza_t *el, struct df_field **fields, size_t *n)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(el); c; c = xmpp_stanza_get_next(c)) {
		if (!is_elem(c, "field", NULL))
			continue;
		if (*n >= DF_MAX_FIELDS) {
			p->dropped++;
			continue;
		}
		struct df_field fl;
		if (!parse_field(p, &fl, c))
			continue;
		if (field_in(*fields, *n, fl.var)) {
			/* a second field of the same name could not be answered apart */
			field_clear(&fl);
			p->dropped++;
			continue;
		}
		*fields = xreallocarray(*fields, *n + 1, sizeof(**fields));
		(*fields)[(*n)++] = fl;
	}
}

/* Read a result row. */
static void parse_item(struct df_parse *p, struct dataform *f, xmpp_stanza_t *el)
{
	if (f->nitems >= DF_MAX_ITEMS) {
		p->dropped++;
		return;
	}
	struct df_item it = {NULL, 0};
	parse_fields(p, el, &it.fields, &it.nfields);
	f->items = xreallocarray(f->items, f->nitems + 1, sizeof(*f->items));
	f->items[f->nitems++] = it;
}

/* Read one child of <x/>. */
static void parse_form_child(struct df_parse *p, struct dataform *f, xmpp_stanza_t *c)
{
	if (is_elem(c, "title", NULL) && f->title == NULL) {
		f->title = text_of(p, c, SANITIZE_LINE);
	} else if (is_elem(c, "instructions", NULL)) {
		size_t n = strv_len(f->instructions);
		vec_push(p, &f->instructions, &n, DF_MAX_INSTRUCTIONS,
		         text_of(p, c, SANITIZE_MULTILINE));
	} else if (is_elem(c, "reported", NULL) && f->reported == NULL) {
		parse_fields(p, c, &f->reported, &f->nreported);
	} else if (is_elem(c, "item", NULL)) {
		parse_item(p, f, c);
	}
}

/* A new empty form. */
struct dataform *dataform_new(const char *type)
{
	struct dataform *f = xcalloc(1, sizeof(*f));
	f->type = xstrdup(type ? type : "form");
	f->instructions = xcalloc(1, sizeof(*f->instructions));
	return f;
}

/* Read <x xmlns='jabber:x:data'/>. */
struct dataform *dataform_parse(struct _xmpp_stanza_t *x)
{
	if (x == NULL || !is_elem(x, "x", DF_NS))
		return NULL;
	struct df_parse p = {DF_BUDGET, 0};
	char *type = xs_attr(x, "type");
	struct dataform *f = dataform_new(type ? type : "form");
	free(type);
	parse_fields(&p, x, &f->fields, &f->nfields);
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(x); c; c = xmpp_stanza_get_next(c))
		parse_form_child(&p, f, c);
	f->dropped = p.dropped;
	return f;
}

/* The first data form under parent. */
struct dataform *dataform_find(struct _xmpp_stanza_t *parent)
{
	if (parent == NULL)
		return NULL;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(parent); c; c = xmpp_stanza_get_next(c))
		if (is_elem(c, "x", DF_NS))
			return dataform_parse(c);
	return NULL;
}

/* Add a field made by the program (legacy fields asked like a form). */
struct df_field *dataform_add_field(struct dataform *f, const char *var, enum df_type type,
                                    const char *label, bool required)
{
	f->fields = xreallocarray(f->fields, f->nfields + 1, sizeof(*f->fields));
	struct df_field *fl = &f->fields[f->nfields++];
	memset(fl, 0, sizeof(*fl));
	fl->var = xstrdup(var);
	fl->type = type;
	fl->label = xstrdup(label);
	fl->required = required;
	fl->values = xcalloc(1, sizeof(*fl->values));
	return fl;
}

/* Free n fields and the array. */
static void fields_free(struct df_field *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		field_clear(&fields[i]);
	free(fields);
}

/* Free a form. */
void dataform_free(struct dataform *f)
{
	if (f == NULL)
		return;
	free(f->type);
	free(f->title);
	strv_free(f->instructions);
	fields_free(f->fields, f->nfields);
	fields_free(f->reported, f->nreported);
	for (size_t i = 0; i < f->nitems; i++)
		fields_free(f->items[i].fields, f->items[i].nfields);
	free(f->items);
	free(f);
}

/* The field named var. */
struct df_field *dataform_field(const struct dataform *f, const char *var)
{
	return f ? field_in(f->fields, f->nfields, var) : NULL;
}

/* First value of field var. */
const char *dataform_value(const struct dataform *f, const char *var)
{
	const struct df_field *fl = dataform_field(f, var);
	return fl && fl->nvalues > 0 ? fl->values[0] : NULL;
}

/* The FORM_TYPE of f. */
const char *dataform_form_type(const struct dataform *f)
{
	const struct df_field *fl = dataform_field(f, "FORM_TYPE");
	return fl && fl->type == DF_HIDDEN && fl->nvalues > 0 ? fl->values[0] : NULL;
}

/* The first required field without a value. */
const struct df_field *dataform_missing(const struct dataform *f)
{
	for (size_t i = 0; f && i < f->nfields; i++)
		if (f->fields[i].required && f->fields[i].type != DF_FIXED &&
		    f->fields[i].nvalues == 0)
			return &f->fields[i];
	return NULL;
}
