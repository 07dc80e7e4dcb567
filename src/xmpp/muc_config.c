/* muc_config.c - XEP-0045 room configuration through muc#owner: fetch the
 * room's data form, submit it, or cancel */
#include <stdlib.h>
#include <string.h>

#include "dataform.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define MUC_OWNER_NS "http://jabber.org/protocol/muc#owner"

/* Who waits for a configuration form. */
struct form_ask {
	xmuc_form_fn fn;
	void *arg;
};

/* Who waits for a submission. */
struct submit_ask {
	xdone_fn fn;
	void *arg;
};

/* A new iq to room with an empty muc#owner query; *query gets the query. */
static xmpp_stanza_t *owner_iq_new(const char *room, const char *type, xmpp_stanza_t **query)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", type, id, room);
	*query = xs_add_child(iq, "query", MUC_OWNER_NS);
	return iq;
}

/* True when reply is a result (not an error). */
static bool is_result(xmpp_stanza_t *reply)
{
	const char *type = xmpp_stanza_get_type(reply);
	return type && strcmp(type, "result") == 0;
}

/* The form in a result, or NULL. Free with dataform_free. */
static struct dataform *reply_form(xmpp_stanza_t *reply)
{
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(reply, "query", MUC_OWNER_NS);
	if (query == NULL)
		return NULL;
	struct dataform *f = dataform_find(query);
	if (f && f->type && strcmp(f->type, "form") != 0) {
		dataform_free(f);
		return NULL;
	}
	return f;
}

/* The answer to a form request. */
static void form_answer(xmpp_stanza_t *reply, void *arg)
{
	struct form_ask *ask = arg;
	if (reply == NULL) {
		ask->fn(NULL, XQ_LOST, ask->arg);
	} else if (!is_result(reply)) {
		char *err = xmuc_admin_error(reply);
		ask->fn(NULL, err, ask->arg);
		free(err);
	} else {
		struct dataform *f = reply_form(reply);
		if (f)
			ask->fn(f, NULL, ask->arg);
		else
			ask->fn(NULL, "the room sent no configuration form", ask->arg);
	}
	free(ask);
}

/* Fetch room's configuration form. */
void xmuc_config_fetch(const char *room, xmuc_form_fn fn, void *arg)
{
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = owner_iq_new(room, "get", &query);
	struct form_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, form_answer, ask);
	xmpp_stanza_release(iq);
}

/* The answer to a submission. */
static void submit_answer(xmpp_stanza_t *reply, void *arg)
{
	struct submit_ask *ask = arg;
	char *err = NULL;
	if (reply == NULL)
		err = xstrdup(XQ_LOST);
	else if (!is_result(reply))
		err = xmuc_admin_error(reply);
	ask->fn(err, ask->arg);
	free(err);
	free(ask);
}

/* Submit f as room's configuration. */
void xmuc_config_submit(const char *room, const struct dataform *f, xdone_fn fn, void *arg)
{
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = owner_iq_new(room, "set", &query);
	xmpp_stanza_t *x = dataform_submit_new(f);
	xmpp_stanza_add_child(query, x);
	xmpp_stanza_release(x);
	struct submit_ask *ask = xmalloc(sizeof(*ask));
	ask->fn = fn;
	ask->arg = arg;
	xiq_send(iq, submit_answer, ask);
	xmpp_stanza_release(iq);
}

/* The answer to a cancel: nothing to do (the room stays as it was). */
static void cancel_answer(xmpp_stanza_t *reply, void *arg)
{
	(void)reply;
	(void)arg;
}

/* Tell room the configuration is not changed. */
void xmuc_config_cancel(const char *room)
{
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = owner_iq_new(room, "set", &query);
	xmpp_stanza_t *x = xs_add_child(query, "x", DF_NS);
	xmpp_stanza_set_type(x, "cancel");
	xiq_send(iq, cancel_answer, NULL);
	xmpp_stanza_release(iq);
}
