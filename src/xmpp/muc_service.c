/* muc_service.c - find our server's room service (XEP-0030) */
#include <stdlib.h>
#include <string.h>

#include "jid.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* A search for the room service under way. */
struct svc_find {
	xmuc_service_fn fn;
	void *arg;
	char **items; /* the server's items still to ask, the next one last */
	size_t n;
};

static void ask_next(struct svc_find *f);

/* End a search with a result or an error. */
static void svc_done(struct svc_find *f, const char *service, const char *error)
{
	f->fn(service, error, f->arg);
	while (f->n > 0)
		free(f->items[--f->n]);
	free(f->items);
	free(f);
}

/* One item's disco#info: a conference/text identity ends the search. */
static void item_info(const struct xdisco_result *r, const char *error, void *arg)
{
	struct svc_find *f = arg;
	char *jid = f->items[--f->n];
	bool found = false;
	for (size_t i = 0; r && !error && i < r->nids; i++)
		if (r->ids[i].category && r->ids[i].type &&
		    strcmp(r->ids[i].category, "conference") == 0 &&
		    strcmp(r->ids[i].type, "text") == 0)
			found = true;
	if (r == NULL && error == NULL)
		svc_done(f, NULL, NULL);
	else if (found)
		svc_done(f, jid, NULL);
	else
		ask_next(f);
	free(jid);
}

/* Ask the next item, or give up. */
static void ask_next(struct svc_find *f)
{
	if (f->n == 0) {
		svc_done(f, NULL, "your server has no room service: give the room as room@service");
		return;
	}
	xdisco_query(f->items[f->n - 1], NULL, false, item_info, f);
}

/* The server's disco#items: ask each item what it is, in order. */
static void server_items(const struct xdisco_result *r, const char *error, void *arg)
{
	struct svc_find *f = arg;
	if (r == NULL) {
		svc_done(f, NULL, error);
		return;
	}
	for (size_t i = r->nitems; i-- > 0;) {
		if (r->items[i].jid == NULL || r->items[i].node || !jid_valid(r->items[i].jid))
			continue;
		f->items = xreallocarray(f->items, f->n + 1, sizeof(*f->items));
		f->items[f->n++] = xstrdup(r->items[i].jid);
	}
	ask_next(f);
}

/* Find the room service of our server. */
void xmuc_find_service(xmuc_service_fn fn, void *arg)
{
	struct svc_find *f = xcalloc(1, sizeof(*f));
	f->fn = fn;
	f->arg = arg;
	if (xs.phase != XS_ONLINE || xs.domain == NULL) {
		svc_done(f, NULL, "not connected");
		return;
	}
	xdisco_query(xs.domain, NULL, true, server_items, f);
}
