/* register.c - XEP-0077 in-band registration: creating an account on a
 * stream of its own (not logged in, TLS verified), changing the password,
 * deleting the account. The server's questions, legacy fields or a data
 * form, are asked on the input line (core_ask_form). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "dataform.h"
#include "jid.h"
#include "settings.h"
#include "timer.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define REGISTER_NS    "jabber:iq:register"
#define OOB_NS         "jabber:x:oob"
#define REG_TIMEOUT_MS 30000 /* for each answer of the server */

enum reg_kind { REG_CREATE, REG_PASSWORD, REG_REMOVE };

/* The one account operation in progress. */
struct reg {
	enum reg_kind kind;
	unsigned serial; /* callbacks carry it: a stale one finds no match */
	char *server, *username;
	char *password;
	account_fn done;
	void *arg;
	struct dataform *form; /* the server's questions */
	bool legacy;           /* form made of legacy fields: answered as elements */
	bool asking;           /* the user is answering the form */
	unsigned timer;
};

static struct reg *cur;
static unsigned serial_seq;
static xmpp_conn_t *reg_conn; /* the stream of a REG_CREATE */

/* XEP-0077's legacy fields, with what to call them. Others are ignored. */
static const struct {
	const char *name, *label;
} legacy_fields[] = {
    {"username", "Username"},
    {"nick", "Nickname"},
    {"password", "Password"},
    {"name", "Full name"},
    {"first", "First name"},
    {"last", "Last name"},
    {"email", "Email address"},
    {"address", "Street"},
    {"city", "City"},
    {"state", "State or region"},
    {"zip", "Postal code"},
    {"phone", "Telephone number"},
    {"url", "Web page"},
    {"date", "Date"},
    {"misc", "Other information"},
    {"text", "Text"},
    {"key", "Key"},
};

/* The callback argument for the operation in progress. */
static void *reg_arg(void)
{
	return (void *)(uintptr_t)cur->serial;
}

/* True when a callback's argument belongs to the operation in progress. */
static bool reg_is_current(void *arg)
{
	return cur && cur->serial == (unsigned)(uintptr_t)arg;
}

/* Close the registration stream (its handler releases it). */
static void close_reg_stream(void)
{
	if (reg_conn && xs.conn == reg_conn) {
		xs.user_disconnect = true;
		xs.closing = true;
		xmpp_disconnect(reg_conn);
	}
}

/* End the operation: ok or not, done is told once and everything wiped. */
static void reg_finish(bool ok)
{
	struct reg *r = cur;
	if (r == NULL)
		return;
	cur = NULL;
	timer_cancel(r->timer);
	if (r->asking)
		core_ask_cancel(); /* the form walk ends; its callback finds no cur */
	if (r->kind == REG_CREATE) {
		close_reg_stream();
		core_set_conn_state(CONN_OFFLINE, NULL);
	} else if (r->kind == REG_REMOVE && !ok) {
		xs.user_disconnect = false; /* the account stays: reconnect after a drop */
	}
	account_fn done = r->done;
	void *arg = r->arg;
	dataform_free(r->form);
	free(r->server);
	free(r->username);
	if (r->password)
		explicit_bzero(r->password, strlen(r->password));
	free(r->password);
	free(r);
	done(ok, arg);
}

/* Say why the operation failed, then end it. */
static void reg_fail(const char *why)
{
	if (cur == NULL)
		return;
	if (cur->kind == REG_CREATE)
		core_error("could not create the account %s@%s: %s", cur->username, cur->server,
		           why);
	else if (cur->kind == REG_PASSWORD)
		core_error("the password was not changed: %s", why);
	else
		core_error("the account was not deleted: %s", why);
	reg_finish(false);
}

/* The server did not answer in time. */
static void reg_timeout(void *arg)
{
	if (!reg_is_current(arg))
		return;
	cur->timer = 0;
	reg_fail("the server did not answer in time");
}

/* Wait (bounded) for the server's next answer. */
static void wait_for_server(void)
{
	timer_cancel(cur->timer);
	cur->timer = timer_add(REG_TIMEOUT_MS, reg_timeout, reg_arg());
}

/* Start an operation; NULL when another one is in progress. */
static struct reg *reg_begin(enum reg_kind kind, const char *password, account_fn done, void *arg)
{
	if (cur) {
		core_error("an account change is already in progress: finish or cancel it first");
		return NULL;
	}
	cur = xcalloc(1, sizeof(*cur));
	cur->kind = kind;
	cur->serial = ++serial_seq;
	cur->password = xstrdup(password);
	cur->done = done;
	cur->arg = arg;
	return cur;
}

/* --- error answers --- */

/* Plain words for an error condition of a registration answer. */
static const char *condition_words(const char *cond)
{
	static const struct {
		const char *cond, *words;
	} table[] = {
	    {"conflict", "the name is taken: choose another one"},
	    {"not-acceptable", "the server did not accept these details (a name it does not "
	                       "allow, a missing answer or a password too weak)"},
	    {"policy-violation", "the server's rules do not allow it"},
	    {"not-allowed", "the server does not allow it (registration is closed)"},
	    {"forbidden", "the server does not allow it (registration is closed)"},
	    {"service-unavailable", "the server does not offer in-band registration (it is "
	                            "closed, or done on the server's web site)"},
	    {"feature-not-implemented", "the server does not offer this"},
	    {"registration-required", "the account is not registered"},
	    {"not-authorized", "the server wants proof that it is you (for example the old "
	                       "password)"},
	    {"bad-request", "the server found the answers incomplete or wrong"},
	    {"jid-malformed", "that name is not valid on this server"},
	    {"resource-constraint", "the server is busy or limits how often accounts are "
	                            "made: try again later"},
	    {"internal-server-error", "the server had an internal error"},
	};
	for (size_t i = 0; cond && i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].cond, cond) == 0)
			return table[i].words;
	return NULL;
}

/* The defined condition element inside <error/>, or NULL. */
static const char *error_condition(xmpp_stanza_t *err)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(err); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
		const char *ns = xmpp_stanza_get_ns(c);
		if (name && strcmp(name, "text") != 0 && ns &&
		    strcmp(ns, "urn:ietf:params:xml:ns:xmpp-stanzas") == 0)
			return name;
	}
	return NULL;
}

/* Plain words for a registration error answer. Caller frees. */
char *xregister_error_text(xmpp_stanza_t *st)
{
	xmpp_stanza_t *err = xmpp_stanza_get_child_by_name(st, "error");
	const char *words = err ? condition_words(error_condition(err)) : NULL;
	if (words == NULL)
		return xs_error_text(st);
	char *text = xs_child_text(err, "text", SANITIZE_LINE, XS_LINE_MAX);
	char *out =
	    text && *text ? xasprintf("%s (the server says: %s)", words, text) : xstrdup(words);
	free(text);
	return out;
}

/* --- the server's questions --- */

/* The <query xmlns='jabber:iq:register'/> of an answer, or NULL. */
static xmpp_stanza_t *register_query(xmpp_stanza_t *reply)
{
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name(reply, "query");
	const char *ns = q ? xmpp_stanza_get_ns(q) : NULL;
	return ns && strcmp(ns, REGISTER_NS) == 0 ? q : NULL;
}

/* Label of a legacy field, or NULL when XEP-0077 defines no such field. */
static const char *legacy_label(const char *name)
{
	for (size_t i = 0; name && i < sizeof(legacy_fields) / sizeof(legacy_fields[0]); i++)
		if (strcmp(legacy_fields[i].name, name) == 0)
			return legacy_fields[i].label;
	return NULL;
}

/* Add legacy field el to f (once each), with its value as the default. */
static void add_legacy_field(struct dataform *f, xmpp_stanza_t *el)
{
	const char *name = xmpp_stanza_get_name(el);
	const char *label = legacy_label(name);
	if (label == NULL || dataform_field(f, name))
		return;
	enum df_type t = strcmp(name, "password") == 0 ? DF_TEXT_PRIVATE
	                 : strcmp(name, "key") == 0    ? DF_HIDDEN
	                                               : DF_TEXT_SINGLE;
	struct df_field *fl = dataform_add_field(f, name, t, label, true);
	char *v = xs_child_text(el, NULL, SANITIZE_LINE, DF_TEXT_MAX);
	if (v && *v)
		df_field_set(fl, v, NULL);
	free(v);
}

/* Legacy fields of query as a form to ask. */
static struct dataform *legacy_form(xmpp_stanza_t *query)
{
	struct dataform *f = dataform_new("form");
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c; c = xmpp_stanza_get_next(c))
		if (xmpp_stanza_is_tag(c))
			add_legacy_field(f, c);
	char *instr = xs_child_text(query, "instructions", SANITIZE_MULTILINE, DF_TEXT_MAX);
	if (instr && *instr) {
		f->instructions = xreallocarray(f->instructions, 2, sizeof(char *));
		f->instructions[0] = instr;
		f->instructions[1] = NULL;
	} else {
		free(instr);
	}
	return f;
}

/* The web address in a jabber:x:oob child of query, or NULL. Caller frees. */
static char *oob_url(xmpp_stanza_t *query)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c; c = xmpp_stanza_get_next(c)) {
		const char *ns = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_ns(c) : NULL;
		if (ns && strcmp(ns, OOB_NS) == 0)
			return xs_child_text(c, "url", SANITIZE_LINE, XS_LINE_MAX);
	}
	return NULL;
}

/* The questions of query: its data form, else its legacy fields. */
static struct dataform *questions_of(xmpp_stanza_t *query, bool *legacy)
{
	struct dataform *f = dataform_find(query);
	*legacy = f == NULL;
	return f ? f : legacy_form(query);
}

/* Fill in what we know, the username and the (new) password, and list in
 * preset (room for 3) the fields that need no question. */
static void preset_fields(struct reg *r, const char **preset)
{
	size_t n = 0;
	if (r->username && dataform_set(r->form, "username", r->username, NULL) == 0)
		preset[n++] = "username";
	if (r->password && dataform_set(r->form, "password", r->password, NULL) == 0)
		preset[n++] = "password";
	preset[n] = NULL;
}

/* --- submitting --- */

static void submit_answer(xmpp_stanza_t *reply, void *arg);

/* A new <iq type='set'><query xmlns='jabber:iq:register'/></iq>; *query is set. */
static xmpp_stanza_t *register_iq_new(xmpp_stanza_t **query)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "set", id, NULL);
	*query = xs_add_child(iq, "query", REGISTER_NS);
	return iq;
}

/* Add the legacy answers of f (every field with a value) to query. */
static void add_legacy_answers(xmpp_stanza_t *query, const struct dataform *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const struct df_field *fl = &f->fields[i];
		xmpp_stanza_t *el = xs_add_child(query, fl->var, NULL);
		if (fl->nvalues > 0)
			xs_add_text(el, fl->values[0]);
	}
}

/* Send the filled-in form (or legacy answers) and wait for the verdict. */
static void submit_form(void)
{
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = register_iq_new(&query);
	if (cur->legacy) {
		add_legacy_answers(query, cur->form);
	} else {
		xmpp_stanza_t *x = dataform_submit_new(cur->form);
		xmpp_stanza_add_child(query, x);
		xmpp_stanza_release(x);
	}
	if (cur->kind == REG_REMOVE)
		xs.user_disconnect = true; /* the server closes the stream once done */
	wait_for_server();
	xiq_send(iq, submit_answer, reg_arg());
	xmpp_stanza_release(iq);
}

/* The user has answered the form (or not). */
static void form_answered(enum form_result r, void *arg)
{
	if (!reg_is_current(arg))
		return;
	cur->asking = false;
	if (r == FORM_DONE)
		submit_form();
	else if (r == FORM_CANCELLED)
		reg_fail("cancelled");
	else
		reg_fail("the server asks a question natter cannot show");
}

/* Ask the form's remaining questions, then submit it. */
static void ask_questions(void)
{
	const char *preset[3];
	preset_fields(cur, preset);
	timer_cancel(cur->timer); /* the user takes the time needed */
	cur->timer = 0;
	cur->asking = true;
	core_ask_form(cur->form, preset, form_answered, reg_arg());
}

/* --- creating an account --- */

/* Say the account exists now and end. */
static void created(void)
{
	core_info("account %s@%s created", cur->username, cur->server);
	reg_finish(true);
}

/* The answer to our filled-in form. */
static void submit_answer(xmpp_stanza_t *reply, void *arg)
{
	if (!reg_is_current(arg))
		return;
	if (reply == NULL) {
		reg_fail("the connection ended before the server answered");
		return;
	}
	if (strcmp(xmpp_stanza_get_type(reply), "error") == 0) {
		char *why = xregister_error_text(reply);
		reg_fail(why);
		free(why);
		return;
	}
	if (cur->kind == REG_CREATE) {
		created();
	} else if (cur->kind == REG_PASSWORD) {
		if (xs.conn)
			xmpp_conn_set_pass(xs.conn, cur->password); /* for reconnects */
		core_info("password changed on the server");
		reg_finish(true);
	} else {
		core_info("account %s deleted from the server", xs.bare_jid ? xs.bare_jid : "");
		reg_finish(true);
		core_disconnect();
	}
}

/* True when query asks nothing we could answer; says where to go instead. */
static bool nothing_to_ask(xmpp_stanza_t *query)
{
	if (cur->form->nfields > 0)
		return false;
	char *url = oob_url(query);
	if (url && *url)
		reg_fail("this server creates accounts on its web site, not from a client: open "
		         "the address below in a web browser");
	else
		reg_fail("the server asked nothing a client can answer");
	if (url && *url)
		core_error("  %s", url);
	free(url);
	return true;
}

/* The server's registration questions. */
static void fields_answer(xmpp_stanza_t *reply, void *arg)
{
	if (!reg_is_current(arg))
		return;
	xmpp_stanza_t *query = reply ? register_query(reply) : NULL;
	if (reply == NULL) {
		reg_fail("the connection ended before the server answered");
		return;
	}
	if (strcmp(xmpp_stanza_get_type(reply), "error") == 0 || query == NULL) {
		char *why = query ? NULL : xregister_error_text(reply);
		reg_fail(why ? why : "the server sent no registration questions");
		free(why);
		return;
	}
	cur->form = questions_of(query, &cur->legacy);
	if (nothing_to_ask(query))
		return;
	char *url = oob_url(query);
	if (url && *url)
		core_info("(the server's web site also creates accounts: %s)", url);
	free(url);
	ask_questions();
}

/* TLS is up (or the stream is): ask for the registration questions. */
static void ask_for_fields(void)
{
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, NULL);
	xs_add_child(iq, "query", REGISTER_NS);
	xs.phase = XS_REGISTERING;
	wait_for_server();
	xiq_send(iq, fields_answer, reg_arg());
	xmpp_stanza_release(iq);
}

/* Stop the stream setup: say why and end. */
static void setup_failed(const char *why)
{
	reg_fail(xs.fail_reason ? xs.fail_reason : why);
}

/* <stream:features/>: insist on TLS first, then ask. */
static int on_features(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)ud;
	if (cur == NULL || cur->kind != REG_CREATE || conn != reg_conn ||
	    xs.phase == XS_REGISTERING)
		return 1;
	if (xmpp_conn_is_secured(conn)) {
		ask_for_fields();
		return 1;
	}
	xmpp_stanza_t *tls = xmpp_stanza_get_child_by_ns(st, XMPP_NS_TLS);
	if (tls == NULL) {
		setup_failed("the server does not offer encryption (STARTTLS); natter never "
		             "sends a password without it");
		return 1;
	}
	xmpp_stanza_t *start = xs_stanza_new("starttls", NULL, NULL, NULL);
	xmpp_stanza_set_ns(start, XMPP_NS_TLS);
	xmpp_send(conn, start);
	xmpp_stanza_release(start);
	wait_for_server();
	return 1;
}

/* <proceed/> or <failure/> of STARTTLS. */
static int on_tls(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)ud;
	const char *name = xmpp_stanza_get_name(st);
	const char *ns = xmpp_stanza_get_ns(st);
	/* libstrophe also calls this for stanzas with a child in the namespace
	 * (the <stream:features/> offering STARTTLS) */
	if (ns == NULL || strcmp(ns, XMPP_NS_TLS) != 0 || name == NULL)
		return 1;
	if (cur == NULL || conn != reg_conn)
		return 0;
	if (strcmp(name, "proceed") != 0) {
		setup_failed("the server could not start encryption (TLS)");
		return 0;
	}
	if (xmpp_conn_tls_start(conn) != 0) {
		setup_failed("encryption (TLS) could not be set up");
		return 0;
	}
	xmpp_conn_open_stream_default(conn);
	return 0;
}

/* <stream:error/>: remember it; the server closes the stream. */
static int on_stream_error(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)conn;
	(void)ud;
	xmpp_stanza_t *c = xmpp_stanza_get_children(st);
	while (c && !xmpp_stanza_is_tag(c))
		c = xmpp_stanza_get_next(c);
	const char *cond = c ? xmpp_stanza_get_name(c) : NULL;
	char *clean = sanitize_str(cond ? cond : "unknown", SANITIZE_LINE);
	xs_fail("the server ended the stream (%s)", clean);
	free(clean);
	return 1;
}

/* The stream is gone: forget it; a registration still waiting failed
 * (error: libstrophe's errno value, or 0). */
static void reg_stream_gone(xmpp_conn_t *conn, int error)
{
	if (conn == xs.conn) {
		/* libstrophe cannot free a conn inside its handler: the pump will */
		xs.dead_conn = conn;
		xs.conn = NULL;
		xs.fd = -1;
		xs.phase = XS_IDLE;
		xs.closing = false;
		core_set_conn_state(CONN_OFFLINE, NULL);
	}
	if (conn == reg_conn)
		reg_conn = NULL;
	if (cur && cur->kind == REG_CREATE) {
		char *why = xs.fail_reason       ? xstrdup(xs.fail_reason)
		            : xs.user_disconnect ? xstrdup("cancelled")
		            : error ? xasprintf("connection failed: %s", strerror(error))
		                    : xstrdup("the server closed the connection");
		reg_fail(why);
		free(why);
	}
	if (xs.conn == NULL)
		xiq_cancel_all(); /* registration queries will never be answered */
}

/* Connection events of the registration stream. */
static void reg_conn_handler(xmpp_conn_t *conn, xmpp_conn_event_t status, int error,
                             xmpp_stream_error_t *stream_error, void *ud)
{
	(void)stream_error;
	(void)ud;
	if (status == XMPP_CONN_RAW_CONNECT) {
		if (setting_bool("direct_tls") && xmpp_conn_tls_start(conn) != 0) {
			setup_failed("encryption (TLS) could not be set up");
			return;
		}
		xmpp_conn_open_stream_default(conn);
	} else if (status == XMPP_CONN_DISCONNECT || status == XMPP_CONN_FAIL) {
		reg_stream_gone(conn, error);
	}
}

/* Note the socket libstrophe made, for the loop to watch. */
static int reg_sockopt(xmpp_conn_t *conn, void *sock)
{
	xs.fd = *(int *)sock;
	return xmpp_sockopt_cb_keepalive(conn, sock);
}

/* A raw libstrophe connection to server, set up for registration. */
static xmpp_conn_t *reg_conn_new(const char *server)
{
	xmpp_conn_t *conn = xmpp_conn_new(xs.ctx);
	xmpp_conn_set_flags(conn, setting_bool("direct_tls") ? XMPP_CONN_FLAG_LEGACY_SSL : 0);
	xmpp_conn_set_jid(conn, server);
	if (*setting_str("cafile"))
		xmpp_conn_set_cafile(conn, setting_str("cafile"));
	xmpp_conn_set_certfail_handler(conn, xtls_certfail);
	xmpp_conn_set_sockopt_callback(conn, reg_sockopt);
	xmpp_handler_add(conn, xh_iq, NULL, "iq", NULL, NULL);
	xmpp_handler_add(conn, on_features, XMPP_NS_STREAMS, "features", NULL, NULL);
	xmpp_handler_add(conn, on_stream_error, XMPP_NS_STREAMS, "error", NULL, NULL);
	xmpp_handler_add(conn, on_tls, XMPP_NS_TLS, NULL, NULL, NULL);
	return conn;
}

/* Reset the session's per-attempt state for a registration stream. */
static void session_prepare(const char *server)
{
	xstrset(&xs.bare_jid, server); /* "our account" answering is the server */
	xstrset(&xs.domain, server);
	free(xs.fail_reason);
	xs.fail_reason = NULL;
	xs.sasl_failed = xs.permanent = xs.resumed = false;
	xs.user_disconnect = xs.closing = false;
	xs.phase = XS_CONNECTING;
}

/* Connect to server for registration; on failure the operation ends. */
static void reg_connect(const char *server)
{
	const char *host = *setting_str("server") ? setting_str("server") : NULL;
	unsigned short port = (unsigned short)setting_int("port");
	if (host == NULL && port)
		host = server;
	session_prepare(server);
	reg_conn = reg_conn_new(server);
	xs.conn = reg_conn;
	core_set_conn_state(CONN_CONNECTING, NULL);
	core_info("connecting to %s to create an account…", host ? host : server);
	if (xmpp_connect_raw(reg_conn, host, port, reg_conn_handler, NULL) != XMPP_EOK) {
		xs.conn = NULL;
		xs.phase = XS_IDLE;
		xmpp_conn_release(reg_conn);
		reg_conn = NULL;
		reg_fail("cannot reach the server (name not found or no network)");
		return;
	}
	wait_for_server();
}

/* Backend register_account. */
int xregister_start(const char *server, const char *username, const char *password, account_fn done,
                    void *arg)
{
	if (xs.conn || xs.ctx == NULL) {
		core_error("natter uses one connection at a time: /disconnect first");
		return -1;
	}
	if (reg_begin(REG_CREATE, password, done, arg) == NULL)
		return -1;
	cur->server = xstrdup(server);
	cur->username = xstrdup(username);
	reg_connect(server); /* on failure done was called: over, but started */
	return 0;
}

/* Unit tests: a registration on a stream that is up already. */
int xregister_start_on_stream(const char *server, const char *username, const char *password,
                              account_fn done, void *arg)
{
	if (reg_begin(REG_CREATE, password, done, arg) == NULL)
		return -1;
	cur->server = xstrdup(server);
	cur->username = xstrdup(username);
	xstrset(&xs.bare_jid, server);
	xstrset(&xs.domain, server);
	ask_for_fields();
	return 0;
}

/* --- changing the password, deleting the account (logged in) --- */

/* An error answer that carries a form asks for more (e.g. the old password):
 * ask it. False when it carries none. */
static bool asked_for_more(xmpp_stanza_t *reply)
{
	xmpp_stanza_t *query = register_query(reply);
	struct dataform *f = query ? dataform_find(query) : NULL;
	if (f == NULL || cur->form != NULL) { /* a second form would be a loop */
		dataform_free(f);
		return false;
	}
	char *why = xregister_error_text(reply);
	core_info("the server asks for more: %s", why);
	free(why);
	cur->form = f;
	cur->legacy = false;
	ask_questions();
	return true;
}

/* The answer to a password change or deletion in its simple form. */
static void change_answer(xmpp_stanza_t *reply, void *arg)
{
	if (!reg_is_current(arg))
		return;
	if (reply && strcmp(xmpp_stanza_get_type(reply), "error") == 0 && asked_for_more(reply)) {
		xs.user_disconnect = false;
		return;
	}
	submit_answer(reply, arg);
}

/* Check we are logged in with nothing else in progress; start kind. */
static bool change_begin(enum reg_kind kind, const char *password, account_fn done, void *arg)
{
	if (xs.phase != XS_ONLINE) {
		core_error("not connected: /connect first");
		return false;
	}
	if (reg_begin(kind, password, done, arg) == NULL)
		return false;
	cur->username = jid_local(xs.bare_jid);
	return true;
}

/* Backend change_password. */
int xregister_change_password(const char *password, account_fn done, void *arg)
{
	if (!change_begin(REG_PASSWORD, password, done, arg))
		return -1;
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = register_iq_new(&query);
	xs_add_text(xs_add_child(query, "username", NULL), cur->username ? cur->username : "");
	xs_add_text(xs_add_child(query, "password", NULL), password);
	wait_for_server();
	xiq_send(iq, change_answer, reg_arg());
	xmpp_stanza_release(iq);
	return 0;
}

/* Backend unregister. */
int xregister_remove(account_fn done, void *arg)
{
	if (!change_begin(REG_REMOVE, NULL, done, arg))
		return -1;
	xmpp_stanza_t *query;
	xmpp_stanza_t *iq = register_iq_new(&query);
	xs_add_child(query, "remove", NULL);
	xs.user_disconnect = true; /* the server closes the stream once done */
	wait_for_server();
	xiq_send(iq, change_answer, reg_arg());
	xmpp_stanza_release(iq);
	return 0;
}
