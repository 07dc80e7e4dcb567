/* search.c - XEP-0055 user directories: finding our server's directory
 * through service discovery, asking a directory for its search fields
 * (legacy fields or a data form) and reading its results */
#include <stdlib.h>
#include <string.h>

#include "dataform.h"
#include "jid.h"
#include "log.h"
#include "strbuf.h"
#include "timer.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define SEARCH_NS "jabber:iq:search"
/* Entities asked whether they are a directory: our domain and its first items. */
#define DISCOVER_MAX 32
/* A directory that has not answered by then is taken as absent. */
#define DISCOVER_TIMEOUT_MS 10000
/* Legacy fields kept from one answer (XEP-0055 defines four). */
#define LEGACY_MAX 32
/* Bytes of a legacy element name we accept as a field name. */
#define LEGACY_NAME_MAX 64

/* The legacy fields XEP-0055 defines, with the words we show for them. */
static const struct {
	const char *var, *label;
} legacy_labels[] = {
    {"first", "First name"},
    {"last", "Last name"},
    {"nick", "Nickname"},
    {"email", "Email"},
};

/* What the last discovery found: the directory of domain (NULL: none). */
static struct {
	bool known;
	char *domain;
	char *service;
} cache;

/* The addresses of the last results, in order (NULL: the row had none). */
static struct {
	char **jids;
	size_t n;
} last;

/* A discovery under way: is our domain, or one of its items, a directory? */
struct discover {
	xsearch_form_fn fn;
	void *arg;
	char *domain;
	char **cands;        /* candidates, domain first, NULL-terminated */
	size_t n;            /* candidates */
	signed char *answer; /* per candidate: 0 waiting, 1 directory, -1 not */
	size_t refs;         /* disco#info queries not yet answered */
	bool finished;       /* fn has been called */
	unsigned timer;
};

/* One candidate's disco#info question. */
struct cand_ask {
	struct discover *d;
	size_t i;
};

/* Who waits for a directory's fields or results. */
struct search_ask {
	char *service;
	bool discovered;
	xsearch_form_fn form_fn;
	xsearch_results_fn results_fn;
	void *arg;
};

static void fields_request(const char *service, bool discovered, xsearch_form_fn fn, void *arg);

/* True when an element child is the tag name. */
static bool tag_is(xmpp_stanza_t *c, const char *name)
{
	const char *n = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
	return n && strcmp(n, name) == 0;
}

/* Forget the addresses of the last results. */
static void last_clear(void)
{
	for (size_t i = 0; i < last.n; i++)
		free(last.jids[i]);
	free(last.jids);
	last.jids = NULL;
	last.n = 0;
}

/* Remember the addresses of results r. */
static void last_keep(const struct xsearch_results *r)
{
	last_clear();
	last.jids = xcalloc(r->n + 1, sizeof(*last.jids));
	for (size_t i = 0; i < r->n; i++)
		last.jids[i] = xstrdup(r->rows[i].jid);
	last.n = r->n;
}

/* The addresses of the rows of the last results. */
char *const *xsearch_last(size_t *n)
{
	*n = last.n;
	return last.jids;
}

/* Forget what discovery found and the last results (between unit tests,
 * and at exit). */
void xsearch_reset(void)
{
	free(cache.domain);
	free(cache.service);
	memset(&cache, 0, sizeof(cache));
	last_clear();
}

/* The directory found for our domain, when discovery already ran this
 * session; *known tells whether it did. */
const char *xsearch_cached(bool *known)
{
	*known = cache.known && cache.domain && xs.domain && strcmp(cache.domain, xs.domain) == 0;
	return *known ? cache.service : NULL;
}

/* Free a discovery once its answer went out and no query refers to it. */
static void discover_release(struct discover *d)
{
	if (!d->finished || d->refs > 0)
		return;
	timer_cancel(d->timer);
	strv_free(d->cands);
	free(d->answer);
	free(d->domain);
	free(d);
}

/* Give the discovery's answer: service (NULL: none), or lost (the session
 * ended). A complete answer is remembered for the session. */
static void discover_finish(struct discover *d, const char *service, bool lost, bool complete)
{
	d->finished = true;
	timer_cancel(d->timer);
	d->timer = 0;
	if (lost) {
		d->fn(NULL, NULL, d->arg);
		return;
	}
	if (complete || service) {
		free(cache.domain);
		free(cache.service);
		cache.known = true;
		cache.domain = xstrdup(d->domain);
		cache.service = xstrdup(service);
	}
	if (service) {
		fields_request(service, true, d->fn, d->arg);
		return;
	}
	char *why = xasprintf(complete ? "your server %s lists no user directory; name one: /find "
	                                 "SERVICE"
	                               : "no user directory of your server %s answered in time",
	                      d->domain);
	d->fn(NULL, why, d->arg);
	free(why);
}

/* Conclude when the answers so far decide: the first candidate (in order)
 * that is a directory, once every one before it said no. */
static void discover_try(struct discover *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->answer[i] == 0)
			return;
		if (d->answer[i] > 0) {
			discover_finish(d, d->cands[i], false, true);
			return;
		}
	}
	discover_finish(d, NULL, false, true);
}

/* Some candidate never answered: take the best one that did. */
static void discover_timeout(void *arg)
{
	struct discover *d = arg;
	d->timer = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->answer[i] > 0) {
			discover_finish(d, d->cands[i], false, true);
			return;
		}
	discover_finish(d, NULL, false, false);
}

/* A candidate's disco#info answer (r NULL and error NULL: session over). */
static void discover_info(const struct xdisco_result *r, const char *error, void *arg)
{
	struct cand_ask *ask = arg;
	struct discover *d = ask->d;
	size_t i = ask->i;
	free(ask);
	d->refs--;
	if (!d->finished) {
		if (r == NULL && error == NULL) {
			discover_finish(d, NULL, true, false);
		} else {
			d->answer[i] = r && xdisco_has(r->features, SEARCH_NS) ? 1 : -1;
			discover_try(d);
		}
	}
	discover_release(d);
}

/* True when jid (an item of our domain) may be asked: a plain JID, not our
 * domain again, not a node, not asked already. */
static bool candidate_ok(const struct discover *d, const struct xdisco_item *it)
{
	if (it->node || it->jid == NULL || !jid_valid(it->jid) || d->n >= DISCOVER_MAX)
		return false;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->cands[i], it->jid) == 0)
			return false;
	return true;
}

/* Our domain's items arrived: ask each candidate for its disco#info. */
static void discover_items(const struct xdisco_result *r, const char *error, void *arg)
{
	struct discover *d = arg;
	if (r == NULL && error == NULL) {
		discover_finish(d, NULL, true, false);
		discover_release(d);
		return;
	}
	d->cands = xcalloc(DISCOVER_MAX + 1, sizeof(*d->cands));
	d->cands[d->n++] = xstrdup(d->domain);
	for (size_t i = 0; r && i < r->nitems; i++)
		if (candidate_ok(d, &r->items[i]))
			d->cands[d->n++] = xstrdup(r->items[i].jid);
	d->answer = xcalloc(d->n, sizeof(*d->answer));
	/* one reference more while sending: a full queue of pending IQs cancels
	 * (answers) the oldest at once, which may be one of ours */
	d->refs = d->n + 1;
	d->timer = timer_add(DISCOVER_TIMEOUT_MS, discover_timeout, d);
	for (size_t i = 0; i < d->n; i++) {
		struct cand_ask *ask = xmalloc(sizeof(*ask));
		ask->d = d;
		ask->i = i;
		xdisco_query(d->cands[i], NULL, false, discover_info, ask);
	}
	d->refs--;
	discover_release(d);
}

/* Find our server's directory, then ask it for its fields. */
static void discover_start(xsearch_form_fn fn, void *arg)
{
	struct discover *d = xcalloc(1, sizeof(*d));
	d->fn = fn;
	d->arg = arg;
	d->domain = xstrdup(xs.domain);
	xdisco_query(d->domain, NULL, true, discover_items, d);
}

/* Ask service (NULL: our server's directory) for its search fields. */
void xsearch_fields(const char *service, xsearch_form_fn fn, void *arg)
{
	if (xs.phase != XS_ONLINE || xs.domain == NULL) {
		fn(NULL, "not connected: /connect first", arg);
		return;
	}
	if (service) {
		fields_request(service, false, fn, arg);
		return;
	}
	bool known;
	const char *found = xsearch_cached(&known);
	if (!known) {
		discover_start(fn, arg);
	} else if (found) {
		fields_request(found, true, fn, arg);
	} else {
		char *why = xasprintf("your server %s lists no user directory; name one: /find "
		                      "SERVICE",
		                      xs.domain);
		fn(NULL, why, arg);
		free(why);
	}
}

/* Free a form from xsearch_fields. */
void xsearch_form_free(struct xsearch_form *f)
{
	if (f == NULL)
		return;
	free(f->service);
	free(f->instructions);
	dataform_free(f->form);
	free(f);
}

/* Words for a legacy field: XEP-0055's four get names, others their own. */
static const char *legacy_label(const char *var)
{
	for (size_t i = 0; i < sizeof(legacy_labels) / sizeof(legacy_labels[0]); i++)
		if (strcmp(legacy_labels[i].var, var) == 0)
			return legacy_labels[i].label;
	return NULL;
}

/* True when name can be sent back as an element name as it is: short,
 * ASCII letters, digits, '-' and '_' only (so sanitizing changed nothing). */
static bool legacy_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > LEGACY_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* Legacy fields (<first/>, <nick/>, ..., and a <key/> to send back) as a
 * form of text-single fields. */
static struct dataform *legacy_form_new(xmpp_stanza_t *q)
{
	struct dataform *f = dataform_new("form");
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(q); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
		if (name == NULL || strcmp(name, "instructions") == 0 || strcmp(name, "x") == 0 ||
		    !legacy_name_ok(name) || dataform_field(f, name))
			continue;
		if (f->nfields == LEGACY_MAX) {
			f->dropped++;
			continue;
		}
		if (strcmp(name, "key") == 0) {
			/* an old-style session key: returned as it came, never asked */
			char *key = xs_child_text(c, NULL, SANITIZE_LINE, XS_LINE_MAX);
			struct df_field *fl = dataform_add_field(f, name, DF_HIDDEN, NULL, false);
			const char *err;
			df_field_set(fl, key, &err);
			free(key);
			continue;
		}
		dataform_add_field(f, name, DF_TEXT_SINGLE, legacy_label(name), false);
	}
	return f;
}

/* The directory's answer to our fields query, turned into a form. */
static struct xsearch_form *form_new(xmpp_stanza_t *reply, const struct search_ask *ask)
{
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name_and_ns(reply, "query", SEARCH_NS);
	if (q == NULL)
		return NULL;
	struct xsearch_form *f = xcalloc(1, sizeof(*f));
	f->service = xstrdup(ask->service);
	f->discovered = ask->discovered;
	f->instructions = xs_child_text(q, "instructions", SANITIZE_MULTILINE, XS_LINE_MAX);
	f->form = dataform_find(q);
	if (f->form == NULL) {
		f->legacy = true;
		f->form = legacy_form_new(q);
	}
	return f;
}

/* The answer to a fields query. */
static void fields_answer(xmpp_stanza_t *reply, void *arg)
{
	struct search_ask *ask = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	if (reply == NULL) {
		ask->form_fn(NULL, NULL, ask->arg);
	} else if (type && strcmp(type, "result") == 0) {
		struct xsearch_form *f = form_new(reply, ask);
		if (f)
			ask->form_fn(f, NULL, ask->arg);
		else
			ask->form_fn(NULL, "the answer had no search fields", ask->arg);
	} else {
		char *err = xs_error_text(reply);
		char *why = xasprintf("%s refused to say how to search it: %s", ask->service, err);
		ask->form_fn(NULL, why, ask->arg);
		free(why);
		free(err);
	}
	free(ask->service);
	free(ask);
}

/* A new jabber:iq:search iq of type to service, and its <query/>. */
static xmpp_stanza_t *search_iq_new(const char *type, const char *service, xmpp_stanza_t **q)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", type, id, service);
	*q = xs_add_child(iq, "query", SEARCH_NS);
	return iq;
}

/* Send the fields query to service. */
static void fields_request(const char *service, bool discovered, xsearch_form_fn fn, void *arg)
{
	struct search_ask *ask = xcalloc(1, sizeof(*ask));
	ask->service = xstrdup(service);
	ask->discovered = discovered;
	ask->form_fn = fn;
	ask->arg = arg;
	xmpp_stanza_t *q;
	xmpp_stanza_t *iq = search_iq_new("get", service, &q);
	xiq_send(iq, fields_answer, ask);
	xmpp_stanza_release(iq);
}

/* Free the rows of a result. */
static void results_free(struct xsearch_results *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->rows[i].jid);
		free(r->rows[i].text);
	}
	free(r->rows);
}

/* Keep a row: jid when it is a valid JID (its bare form), the text made one
 * bounded line. Takes text. Rows past XSEARCH_ROWS_MAX are only counted. */
static void results_add(struct xsearch_results *r, const char *jid, char *text)
{
	r->total++;
	if (r->n == XSEARCH_ROWS_MAX) {
		free(text);
		return;
	}
	struct xsearch_row *row = &r->rows[r->n++];
	row->jid = jid && jid_valid(jid) ? jid_bare(jid) : NULL;
	row->text = sanitize(text, strlen(text), SANITIZE_LINE, XSEARCH_ROW_MAX);
	free(text);
}

/* Append "label: value" to a row's text. */
static void row_append(struct strbuf *sb, const char *label, const char *value)
{
	if (value == NULL || *value == '\0' || sb->len >= XSEARCH_ROW_MAX)
		return;
	if (sb->len)
		strbuf_adds(sb, "; ");
	strbuf_addf(sb, "%s: %s", label, value);
}

/* The column heading of var in a result form: its reported label, else var. */
static const char *column_label(const struct dataform *f, const char *var)
{
	for (size_t i = 0; i < f->nreported; i++)
		if (f->reported[i].var && strcmp(f->reported[i].var, var) == 0)
			return df_field_name(&f->reported[i]);
	return var;
}

/* Rows of a data form result: the field "jid" is the address, the others
 * are shown with their column headings. total counts the <item/>s sent. */
static void results_from_form(struct xsearch_results *r, const struct dataform *f, size_t sent)
{
	for (size_t i = 0; i < f->nitems; i++) {
		const struct df_item *it = &f->items[i];
		const char *jid = NULL;
		struct strbuf sb = STRBUF_INIT;
		for (size_t k = 0; k < it->nfields; k++) {
			const struct df_field *fl = &it->fields[k];
			if (fl->var && strcmp(fl->var, "jid") == 0) {
				jid = fl->values[0];
				continue;
			}
			char *value = df_field_value_text(fl);
			row_append(&sb, column_label(f, fl->var ? fl->var : "?"), value);
			free(value);
		}
		results_add(r, jid, strbuf_detach(&sb));
	}
	if (sent > r->total)
		r->total = sent;
}

/* Number of <item/> children of el. */
static size_t count_items(xmpp_stanza_t *el)
{
	size_t n = 0;
	for (xmpp_stanza_t *c = el ? xmpp_stanza_get_children(el) : NULL; c;
	     c = xmpp_stanza_get_next(c))
		n += tag_is(c, "item");
	return n;
}

/* Rows of a legacy result: <item jid='..'><first/>...</item>. */
static void results_from_legacy(struct xsearch_results *r, xmpp_stanza_t *q)
{
	for (xmpp_stanza_t *it = xmpp_stanza_get_children(q); it; it = xmpp_stanza_get_next(it)) {
		if (!tag_is(it, "item"))
			continue;
		struct strbuf sb = STRBUF_INIT;
		for (xmpp_stanza_t *c = xmpp_stanza_get_children(it); c;
		     c = xmpp_stanza_get_next(c)) {
			const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
			if (name == NULL || sb.len >= XSEARCH_ROW_MAX)
				continue;
			char *label = sanitize(name, strlen(name), SANITIZE_LINE, LEGACY_NAME_MAX);
			char *value = xs_child_text(c, NULL, SANITIZE_LINE, XS_LINE_MAX);
			row_append(&sb, legacy_label(label) ? legacy_label(label) : label, value);
			free(value);
			free(label);
		}
		char *jid = xs_attr(it, "jid");
		results_add(r, jid, strbuf_detach(&sb));
		free(jid);
	}
}

/* The answer to a search. */
static void results_answer(xmpp_stanza_t *reply, void *arg)
{
	struct search_ask *ask = arg;
	const char *type = reply ? xmpp_stanza_get_type(reply) : NULL;
	xmpp_stanza_t *q =
	    reply ? xmpp_stanza_get_child_by_name_and_ns(reply, "query", SEARCH_NS) : NULL;
	if (reply == NULL) {
		ask->results_fn(NULL, NULL, ask->arg);
	} else if (type && strcmp(type, "result") == 0) {
		struct xsearch_results r = {0};
		r.rows = xcalloc(XSEARCH_ROWS_MAX, sizeof(*r.rows));
		struct dataform *f = q ? dataform_find(q) : NULL;
		if (f)
			results_from_form(
			    &r, f,
			    count_items(xmpp_stanza_get_child_by_name_and_ns(q, "x", DF_NS)));
		else if (q)
			results_from_legacy(&r, q);
		last_keep(&r);
		ask->results_fn(&r, NULL, ask->arg);
		dataform_free(f);
		results_free(&r);
	} else {
		char *err = xs_error_text(reply);
		char *why = xasprintf("%s refused the search: %s", ask->service, err);
		ask->results_fn(NULL, why, ask->arg);
		free(why);
		free(err);
	}
	free(ask->service);
	free(ask);
}

/* Legacy submission: each field that has a value as <var>value</var>. */
static void legacy_submit_fill(xmpp_stanza_t *q, const struct dataform *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const struct df_field *fl = &f->fields[i];
		if (fl->var == NULL || fl->nvalues == 0 || fl->values[0][0] == '\0')
			continue;
		xs_add_text(xs_add_child(q, fl->var, NULL), fl->values[0]);
	}
}

/* Send the filled-in form f to its directory. */
void xsearch_submit(const struct xsearch_form *f, xsearch_results_fn fn, void *arg)
{
	if (xs.phase != XS_ONLINE) {
		fn(NULL, "not connected: /connect first", arg);
		return;
	}
	xmpp_stanza_t *q;
	xmpp_stanza_t *iq = search_iq_new("set", f->service, &q);
	if (f->legacy) {
		legacy_submit_fill(q, f->form);
	} else {
		xmpp_stanza_t *x = dataform_submit_new(f->form);
		xmpp_stanza_add_child(q, x);
		xmpp_stanza_release(x);
	}
	struct search_ask *ask = xcalloc(1, sizeof(*ask));
	ask->service = xstrdup(f->service);
	ask->results_fn = fn;
	ask->arg = arg;
	log_debug("searching the user directory %s", f->service);
	xiq_send(iq, results_answer, ask);
	xmpp_stanza_release(iq);
}
