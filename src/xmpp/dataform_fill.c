/* dataform_fill.c - filling in a XEP-0004 form from what the user typed,
 * checked for each field's type, and building the submitted <x/> */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dataform.h"
#include "jid.h"
#include "sanitize.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* What to call the field when asking. */
const char *df_field_name(const struct df_field *fl)
{
	if (fl->label && *fl->label)
		return fl->label;
	return fl->var ? fl->var : "(information)";
}

/* True when the user answers fl. */
bool df_field_askable(const struct df_field *fl)
{
	return fl->type != DF_FIXED && fl->type != DF_HIDDEN;
}

/* A copy of text without blanks around it. Caller frees. */
static char *trimmed(const char *text, size_t len)
{
	while (len > 0 && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	return xstrndup(text, len);
}

/* 1 for a yes word, 0 for a no word, -1 for anything else. */
static int parse_yes_no(const char *w)
{
	static const char *const yes[] = {"yes", "y", "true", "on", "1"};
	static const char *const no[] = {"no", "n", "false", "off", "0"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(w, yes[i]) == 0)
			return 1;
		if (strcasecmp(w, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* The option value the user means by w: a number from 1, a value, or a
 * label (any case). NULL when w names none. */
static const char *option_for(const struct df_field *fl, const char *w)
{
	char *end;
	long n = strtol(w, &end, 10);
	if (isdigit((unsigned char)*w) && *end == '\0' && n >= 1 && (size_t)n <= fl->noptions)
		return fl->options[n - 1].value;
	for (size_t i = 0; i < fl->noptions; i++)
		if (strcmp(fl->options[i].value, w) == 0)
			return fl->options[i].value;
	for (size_t i = 0; i < fl->noptions; i++)
		if (fl->options[i].label && strcasecmp(fl->options[i].label, w) == 0)
			return fl->options[i].value;
	return NULL;
}

/* A growing NULL-terminated list of new values. */
struct vals {
	char **v;
	size_t n;
};

/* Add a copy of s unless it is there already. False when the list is full. */
static bool vals_add(struct vals *vs, const char *s)
{
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i], s) == 0)
			return true;
	if (vs->n >= DF_MAX_VALUES)
		return false;
	vs->v = xreallocarray(vs->v, vs->n + 2, sizeof(*vs->v));
	vs->v[vs->n++] = xstrdup(s);
	vs->v[vs->n] = NULL;
	return true;
}

/* One word of a multi-value answer for fl; *err when it is not acceptable. */
static bool add_word(const struct df_field *fl, struct vals *vs, const char *w, const char **err)
{
	const char *value = w;
	if (fl->type == DF_LIST_MULTI && fl->noptions > 0 && (value = option_for(fl, w)) == NULL) {
		*err = "that is not one of the choices (type their numbers or values)";
		return false;
	}
	if (fl->type == DF_JID_MULTI && !jid_valid(w)) {
		*err = "that is not a valid JID (like user@example.org)";
		return false;
	}
	if (!vals_add(vs, value)) {
		*err = "too many values";
		return false;
	}
	return true;
}

/* Split text at seps into values checked for fl. */
static bool split_values(const struct df_field *fl, const char *text, const char *seps,
                         struct vals *vs, const char **err)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, seps);
		char *w = trimmed(p, n);
		bool ok = *w == '\0' || add_word(fl, vs, w, err);
		free(w);
		if (!ok)
			return false;
		p += n;
		if (*p)
			p++;
	}
	return true;
}

/* The single value the user means by w for a single-value field. */
static const char *single_value(const struct df_field *fl, const char *w, const char *raw,
                                const char **err)
{
	switch (fl->type) {
	case DF_BOOLEAN:
		switch (parse_yes_no(w)) {
		case 1:
			return "1";
		case 0:
			return "0";
		default:
			*err = "answer yes or no";
			return NULL;
		}
	case DF_LIST_SINGLE:
		if (fl->noptions == 0)
			return w;
		if (option_for(fl, w) == NULL)
			*err = "that is not one of the choices (type its number or value)";
		return option_for(fl, w);
	case DF_JID_SINGLE:
		if (!jid_valid(w))
			*err = "that is not a valid JID (like user@example.org)";
		return jid_valid(w) ? w : NULL;
	default:
		/* text is kept as typed: a password may begin or end with a blank */
		return raw;
	}
}

/* Replace fl's values by vs (taken). */
static void values_replace(struct df_field *fl, struct vals *vs)
{
	for (size_t i = 0; i < fl->nvalues; i++)
		explicit_bzero(fl->values[i], strlen(fl->values[i]));
	strv_free(fl->values);
	fl->values = vs->v ? vs->v : xcalloc(1, sizeof(char *));
	fl->nvalues = vs->n;
}

/* Work out the new values of fl from the user's text into vs. */
static bool values_from_text(const struct df_field *fl, const char *text, const char *w,
                             struct vals *vs, const char **err)
{
	if (*w == '\0')
		return true;
	if (fl->type == DF_LIST_MULTI)
		return split_values(fl, w, ",", vs, err);
	if (fl->type == DF_JID_MULTI)
		return split_values(fl, w, ", \t", vs, err);
	const char *v = single_value(fl, w, text, err);
	return v && vals_add(vs, v);
}

/* Set fl's values from user text. */
int df_field_set(struct df_field *fl, const char *text, const char **err)
{
	const char *dummy;
	if (err == NULL)
		err = &dummy;
	if (fl->type == DF_FIXED) {
		*err = "this field is only information: it takes no answer";
		return -1;
	}
	if (text == NULL)
		text = "";
	if (!sanitize_check_outgoing(text, err))
		return -1;
	char *w = trimmed(text, strlen(text));
	struct vals vs = {NULL, 0};
	bool ok = values_from_text(fl, text, w, &vs, err);
	explicit_bzero(w, strlen(w));
	free(w);
	if (!ok) {
		strv_free(vs.v);
		return -1;
	}
	values_replace(fl, &vs);
	return 0;
}

/* df_field_set on the field named var. */
int dataform_set(struct dataform *f, const char *var, const char *text, const char **err)
{
	struct df_field *fl = dataform_field(f, var);
	if (fl == NULL) {
		if (err)
			*err = "the form has no such field";
		return -1;
	}
	return df_field_set(fl, text, err);
}

/* Current values as the user would type them. Caller frees. */
char *df_field_value_text(const struct df_field *fl)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < fl->nvalues; i++) {
		const char *v = fl->values[i];
		if (i > 0)
			strbuf_adds(&sb, ", ");
		if (fl->type == DF_BOOLEAN)
			v = parse_yes_no(v) == 1 ? "yes" : "no";
		strbuf_adds(&sb, v);
	}
	return strbuf_detach(&sb);
}

/* Add <field var=..><value/>...</field> for fl to x. */
static void submit_field(xmpp_stanza_t *x, const struct df_field *fl)
{
	xmpp_stanza_t *field = xs_add_child(x, "field", NULL);
	xmpp_stanza_set_attribute(field, "var", fl->var);
	/* the types that matter: FORM_TYPE, and secrets the raw log redacts */
	if (fl->type == DF_HIDDEN || fl->type == DF_TEXT_PRIVATE)
		xmpp_stanza_set_type(field, df_type_name(fl->type));
	for (size_t i = 0; i < fl->nvalues; i++)
		xs_add_text(xs_add_child(field, "value", NULL), fl->values[i]);
}

/* The submitted form. */
struct _xmpp_stanza_t *dataform_submit_new(const struct dataform *f)
{
	xmpp_stanza_t *x = xs_stanza_new("x", "submit", NULL, NULL);
	xmpp_stanza_set_ns(x, DF_NS);
	for (size_t i = 0; i < f->nfields; i++)
		if (f->fields[i].var && f->fields[i].type != DF_FIXED)
			submit_field(x, &f->fields[i]);
	return x;
}
