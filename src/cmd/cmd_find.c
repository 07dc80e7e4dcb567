/* cmd_find.c - /find: search a user directory (XEP-0055), add a result */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core.h"
#include "dataform.h"
#include "handlers.h"
#include "jid.h"
#include "roster.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* Options of a list field shown with its name; more are summed up. */
#define OPTIONS_SHOWN 10

/* A /find waiting for the directory: the FIELD=VALUE pairs typed. */
struct find_req {
	char **names;
	char **values;
	size_t n;
};

/* Free a request. */
static void find_req_free(struct find_req *req)
{
	for (size_t i = 0; i < req->n; i++) {
		free(req->names[i]);
		free(req->values[i]);
	}
	free(req->names);
	free(req->values);
	free(req);
}

/* Print each line of text (several when it has newlines), indented. */
static void print_lines(const char *text)
{
	char *copy = xstrdup(text);
	char *save = NULL;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		core_info("  %s", l);
	free(copy);
}

/* The choices of a list field ("one of: a, b, ..."), or "" when none.
 * Caller frees. */
static char *options_text(const struct df_field *fl)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < fl->noptions && i < OPTIONS_SHOWN; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : " (one of: ", fl->options[i].value);
	if (fl->noptions > OPTIONS_SHOWN)
		strbuf_addf(&sb, ", and %zu more", fl->noptions - OPTIONS_SHOWN);
	if (fl->noptions)
		strbuf_adds(&sb, ")");
	return strbuf_detach(&sb);
}

/* Print one field the user may fill in: its name to type and its label. */
static void print_field(const struct df_field *fl)
{
	char *opts = options_text(fl);
	const char *hint = fl->type == DF_BOOLEAN ? " (yes or no)" : "";
	if (fl->label && strcasecmp(fl->label, fl->var) != 0)
		core_info("    %-12s %s%s%s", fl->var, fl->label, hint, opts);
	else
		core_info("    %s%s%s", fl->var, hint, opts);
	free(opts);
}

/* The first field the user may fill in, or NULL. */
static const struct df_field *first_askable(const struct dataform *form)
{
	for (size_t i = 0; i < form->nfields; i++)
		if (df_field_askable(&form->fields[i]))
			return &form->fields[i];
	return NULL;
}

/* List what the directory asks for, so the user knows what to type. */
static void print_form(const struct xsearch_form *f)
{
	const struct dataform *form = f->form;
	if (f->discovered)
		core_info("User directory %s (found on your server):", f->service);
	else
		core_info("User directory %s:", f->service);
	if (!f->legacy && form->title && *form->title)
		print_lines(form->title);
	for (size_t i = 0; !f->legacy && form->instructions[i]; i++)
		print_lines(form->instructions[i]);
	if (f->legacy && f->instructions && *f->instructions)
		print_lines(f->instructions);
	const struct df_field *first = first_askable(form);
	if (first == NULL) {
		core_info("  it asks for no field that natter can fill in");
		return;
	}
	core_info("  Fields (FIELD, then what it means):");
	for (size_t i = 0; i < form->nfields; i++)
		if (df_field_askable(&form->fields[i]))
			print_field(&form->fields[i]);
	core_info("  Search with FIELD=VALUE pairs, e.g. /find %s %s=VALUE", f->service,
	          first->var);
}

/* The field the user means by name: a field's var, else its label (any
 * case); only fields the user fills in. */
static struct df_field *field_named(struct dataform *form, const char *name)
{
	for (size_t i = 0; i < form->nfields; i++)
		if (df_field_askable(&form->fields[i]) &&
		    strcasecmp(form->fields[i].var, name) == 0)
			return &form->fields[i];
	for (size_t i = 0; i < form->nfields; i++)
		if (df_field_askable(&form->fields[i]) && form->fields[i].label &&
		    strcasecmp(form->fields[i].label, name) == 0)
			return &form->fields[i];
	return NULL;
}

/* "user, fn, nick" - the names of the fields the user may fill in. Caller frees. */
static char *field_names(const struct dataform *form)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < form->nfields; i++)
		if (df_field_askable(&form->fields[i]))
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", form->fields[i].var);
	return strbuf_detach(&sb);
}

/* Put the typed values into the form; false (after saying why) when a
 * field is unknown or a value does not fit. */
static bool fill_form(struct xsearch_form *f, const struct find_req *req)
{
	for (size_t i = 0; i < req->n; i++) {
		struct df_field *fl = field_named(f->form, req->names[i]);
		const char *err = NULL;
		if (fl == NULL) {
			char *names = field_names(f->form);
			char *shown = sanitize_str(req->names[i], SANITIZE_LINE);
			core_error("/find: %s has no field \"%s\"; its fields are: %s", f->service,
			           shown, *names ? names : "(none)");
			free(shown);
			free(names);
			return false;
		}
		if (df_field_set(fl, req->values[i], &err) < 0) {
			core_error("/find: %s: %s", fl->var, err);
			return false;
		}
	}
	return true;
}

/* Print the people found, numbered (as /find add counts them). */
static void print_results(const struct xsearch_results *r)
{
	if (r->total == 0) {
		core_info("/find: nobody matched the search");
		return;
	}
	core_info("/find: %zu %s found:", r->total, r->total == 1 ? "person" : "people");
	for (size_t i = 0; i < r->n; i++) {
		const struct xsearch_row *row = &r->rows[i];
		core_info("  %zu. %s%s%s", i + 1, row->jid ? row->jid : "(no address)",
		          *row->text ? "  " : "", row->text);
	}
	if (r->total > r->n)
		core_info("  ... and %zu more not shown: narrow the search", r->total - r->n);
	core_info("  /find add N [NAME] adds person N to your roster");
}

/* The directory's answer to the search. */
static void on_results(const struct xsearch_results *r, const char *error, void *arg)
{
	(void)arg;
	if (r)
		print_results(r);
	else
		core_error("/find: %s", error ? error : XQ_LOST);
}

/* The directory said what it asks for: list it, or search with the pairs. */
static void on_form(struct xsearch_form *f, const char *error, void *arg)
{
	struct find_req *req = arg;
	if (f == NULL) {
		core_error("/find: %s", error ? error : XQ_LOST);
	} else if (req->n == 0) {
		print_form(f);
	} else if (fill_form(f, req)) {
		core_info("/find: searching %s…", f->service);
		xsearch_submit(f, on_results, NULL);
	}
	xsearch_form_free(f);
	find_req_free(req);
}

/* Split FIELD=VALUE words into req; false (after saying why) when one is
 * not of that form. */
static bool parse_pairs(struct cmd_ctx *ctx, int argc, char **argv, struct find_req *req)
{
	req->names = xcalloc((size_t)argc + 1, sizeof(*req->names));
	req->values = xcalloc((size_t)argc + 1, sizeof(*req->values));
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (eq == NULL || eq == argv[i]) {
			cmd_error(ctx,
			          "/find: expected FIELD=VALUE, not \"%s\" (/find alone lists "
			          "the fields)",
			          argv[i]);
			return false;
		}
		req->names[req->n] = xstrndup(argv[i], (size_t)(eq - argv[i]));
		req->values[req->n++] = xstrdup(eq + 1);
	}
	return true;
}

/* The words from argv[i] on joined by spaces, or NULL when none. Caller frees. */
static char *join_words(int argc, char **argv, int i)
{
	if (i >= argc)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (; i < argc; i++)
		strbuf_addf(&sb, "%s%s", sb.len ? " " : "", argv[i]);
	return strbuf_detach(&sb);
}

/* /find add N [NAME]: add person N of the last results to the roster. */
static int find_add(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc < 1) {
		cmd_error(ctx, "usage: /find add N [NAME]");
		return -1;
	}
	size_t count;
	char *const *jids = xsearch_last(&count);
	if (count == 0) {
		cmd_error(ctx, "/find add: no search results to add from: search with /find first");
		return -1;
	}
	char *end;
	long n = strtol(argv[0], &end, 10);
	if (*argv[0] == '\0' || *end != '\0' || n < 1 || (size_t)n > count) {
		cmd_error(ctx, "/find add: no person %s in the last results (1 to %zu)", argv[0],
		          count);
		return -1;
	}
	const char *jid = jids[n - 1];
	if (jid == NULL) {
		cmd_error(ctx, "/find add: person %ld came without an address to add", n);
		return -1;
	}
	char *name = join_words(argc, argv, 1);
	int rc = roster_add_contact(jid, name);
	free(name);
	return rc;
}

/* /find [SERVICE] [FIELD=VALUE...], or /find add N [NAME]. */
int cmd_exec_find(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc > 0 && strcasecmp(argv[0], "add") == 0)
		return find_add(ctx, argc - 1, argv + 1);
	if (core_conn_state() != CONN_ONLINE) {
		cmd_error(ctx, "/find: not connected: /connect first");
		return -1;
	}
	const char *service = NULL;
	if (argc > 0 && strchr(argv[0], '=') == NULL) {
		if (!jid_valid(argv[0])) {
			cmd_error(ctx, "/find: not a valid JID for a directory: %s", argv[0]);
			return -1;
		}
		service = argv[0];
		argc--;
		argv++;
	}
	struct find_req *req = xcalloc(1, sizeof(*req));
	if (!parse_pairs(ctx, argc, argv, req)) {
		find_req_free(req);
		return -1;
	}
	xsearch_fields(service, on_form, req);
	return 0;
}
