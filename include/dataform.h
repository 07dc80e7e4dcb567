/* dataform.h - XEP-0004 data forms: read what a server sent, fill it in from
 * what the user types, and build the answer (src/xmpp/dataform.c) */
#ifndef NATTER_DATAFORM_H
#define NATTER_DATAFORM_H

#include <stdbool.h>
#include <stddef.h>

/* libstrophe's stanza type (xmpp_stanza_t), kept opaque here so that code
 * outside src/xmpp can use forms without libstrophe's header. */
struct _xmpp_stanza_t;

#define DF_NS "jabber:x:data"

/* Limits on what is kept from a form: the rest is dropped (and counted). */
#define DF_MAX_FIELDS       200
#define DF_MAX_VALUES       100  /* per field */
#define DF_MAX_OPTIONS      200  /* per field */
#define DF_MAX_MEDIA        8    /* media URIs per field */
#define DF_MAX_ITEMS        1000 /* result rows */
#define DF_MAX_INSTRUCTIONS 16
#define DF_TEXT_MAX         4096 /* bytes of an instruction, description or value */

enum df_type {
	DF_TEXT_SINGLE = 0, /* also when the type attribute is absent */
	DF_TEXT_PRIVATE,
	DF_TEXT_MULTI,
	DF_BOOLEAN,
	DF_LIST_SINGLE,
	DF_LIST_MULTI,
	DF_JID_SINGLE,
	DF_JID_MULTI,
	DF_FIXED,
	DF_HIDDEN,
	DF_UNKNOWN, /* a type XEP-0004 does not define: treated as text-single */
};

struct df_option {
	char *label; /* NULL when the server gave none */
	char *value;
};

/* A XEP-0221 media element's URI (a picture or sound, e.g. a CAPTCHA). */
struct df_media {
	char *type; /* MIME type, or NULL */
	char *uri;  /* http(s):, cid: (bits of binary in the stanza), ... */
};

struct df_field {
	char *var; /* NULL only for fixed fields */
	enum df_type type;
	char *type_name; /* the type as sent (for DF_UNKNOWN), or NULL */
	char *label;     /* NULL when the server gave none */
	char *desc;      /* NULL when none */
	bool required;
	char **values; /* NULL-terminated (never NULL itself) */
	size_t nvalues;
	struct df_option *options;
	size_t noptions;
	struct df_media *media;
	size_t nmedia;
};

/* A result row (<item/>): fields with var and values only. */
struct df_item {
	struct df_field *fields;
	size_t nfields;
};

/* Every string is sanitized network text (sanitize.h), safe to show. */
struct dataform {
	char *type; /* "form", "submit", "cancel" or "result" (as sent) */
	char *title;
	char **instructions; /* NULL-terminated (never NULL itself) */
	struct df_field *fields;
	size_t nfields;
	struct df_field *reported; /* column headings of the result rows */
	size_t nreported;
	struct df_item *items;
	size_t nitems;
	size_t dropped; /* fields, rows, values... left out because of the limits */
};

/* Read <x xmlns='jabber:x:data'/> (x itself). Fields other than fixed ones
 * without a var, and repeated vars, are dropped. NULL when x is no data form.
 * Free with dataform_free. */
struct dataform *dataform_parse(struct _xmpp_stanza_t *x);
/* The first data form child of parent, parsed, or NULL. Free with dataform_free. */
struct dataform *dataform_find(struct _xmpp_stanza_t *parent);
/* A new empty form of the given type (e.g. legacy fields turned into a form
 * to be asked like one). Free with dataform_free. */
struct dataform *dataform_new(const char *type);
/* Add a field to f and return it (owned by f; valid until the next add).
 * label may be NULL. */
struct df_field *dataform_add_field(struct dataform *f, const char *var, enum df_type type,
                                    const char *label, bool required);
void dataform_free(struct dataform *f);

/* The field named var, or NULL. */
struct df_field *dataform_field(const struct dataform *f, const char *var);
/* The first value of field var, or NULL when it has none. */
const char *dataform_value(const struct dataform *f, const char *var);
/* The form's FORM_TYPE (value of the hidden field of that name), or NULL. */
const char *dataform_form_type(const struct dataform *f);
/* The first required field that has no value (not fixed), or NULL. */
const struct df_field *dataform_missing(const struct dataform *f);

/* What to call the field when asking: its label, else its var. */
const char *df_field_name(const struct df_field *fl);
/* XEP-0004's name of a type ("text-single"...). */
const char *df_type_name(enum df_type t);
/* True when the user answers this field (not fixed or hidden). */
bool df_field_askable(const struct df_field *fl);
/* Set fl's value(s) from text the user typed, checked for its type:
 *  boolean: yes/no, y/n, true/false, on/off, 1/0;
 *  list-single: an option's value, label or number (any text if no options);
 *  list-multi: such choices separated by commas;
 *  jid-single: a valid JID; jid-multi: JIDs separated by commas or blanks;
 *  text types, hidden and unknown types: the text as typed (one value);
 *  fixed fields take no answer. Empty text clears the value(s).
 * Text with characters XML forbids is refused. Returns 0, or -1 with *err
 * set to a static plain-words reason (the field is then unchanged). */
int df_field_set(struct df_field *fl, const char *text, const char **err);
/* df_field_set() on the field named var; -1 with *err when there is none. */
int dataform_set(struct dataform *f, const char *var, const char *text, const char **err);
/* Current value(s) as the user would type them ("yes", "a, b"); "" when
 * none. Caller frees. */
char *df_field_value_text(const struct df_field *fl);

/* A new <x xmlns='jabber:x:data' type='submit'/> with every field of f that
 * has a var (fixed ones left out) and its values. The caller releases it
 * with xmpp_stanza_release. */
struct _xmpp_stanza_t *dataform_submit_new(const struct dataform *f);

#endif
