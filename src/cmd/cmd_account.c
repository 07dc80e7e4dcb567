/* cmd_account.c - /register, /password, /unregister and /account: the
 * account itself, with every question asked on the input line */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "password.h"
#include "settings.h"
#include "store.h"
#include "xmalloc.h"

/* A /register in progress: what it needs between questions. */
struct regflow {
	char *jid;
	char *password;
};

/* Wipe and free a /register flow. */
static void regflow_free(struct regflow *r)
{
	free(r->jid);
	password_free(r->password);
	free(r);
}

/* The last step: log in as the new account, if the user wants to. */
static void login_answer(int yes, void *arg)
{
	struct regflow *r = arg;
	const char *err = NULL;
	if (yes != 1) {
		core_info("not logging in; /connect %s logs in later", r->jid);
	} else if (store_ready() && strcmp(setting_str("jid"), r->jid) != 0) {
		/* this run's history database belongs to the account used before */
		core_info("natter keeps one account per run: start it again (natter -a NAME, or "
		          "with /connect %s) to log in",
		          r->jid);
	} else if (setting_set("jid", r->jid, &err) < 0) {
		core_error("%s", err);
	} else {
		core_connect_password(r->password);
	}
	regflow_free(r);
}

/* Ask whether to log in now. */
static void ask_login(struct regflow *r)
{
	char *q = xasprintf("Log in as %s now?", r->jid);
	core_ask_yesno(q, login_answer, r);
	free(q);
}

/* Write the account to natterrc (with the password or not). */
static void save_account(struct regflow *r, bool with_password)
{
	const char *err = NULL;
	char *name = config_add_account(r->jid, with_password ? r->password : NULL, &err);
	if (name == NULL) {
		core_error("not saved in %s: %s", config_path(), err);
		return;
	}
	core_info("saved in %s as account %s%s; natter -a %s uses it", config_path(), name,
	          with_password ? " (with its password)" : " (natter asks for the password)", name);
	free(name);
}

/* Save the password too, or not. */
static void save_password_answer(int yes, void *arg)
{
	struct regflow *r = arg;
	if (yes < 0) {
		core_info("not saved");
		regflow_free(r);
		return;
	}
	save_account(r, yes == 1);
	ask_login(r);
}

/* Save the account, or not. */
static void save_answer(int yes, void *arg)
{
	struct regflow *r = arg;
	if (yes < 0) {
		core_info("the account exists; /connect %s logs in", r->jid);
		regflow_free(r);
	} else if (yes == 0) {
		ask_login(r);
	} else {
		core_ask_yesno("Save the password in natterrc too (only you can read the file)?",
		               save_password_answer, r);
	}
}

/* The server's verdict on the new account. */
static void registered(bool ok, void *arg)
{
	struct regflow *r = arg;
	if (!ok) {
		regflow_free(r);
		return;
	}
	char *q = xasprintf("Save %s in %s?", r->jid, config_path());
	core_ask_yesno(q, save_answer, r);
	free(q);
}

/* The chosen password: go to the server. */
static void register_password(const char *password, void *arg)
{
	struct regflow *r = arg;
	if (password == NULL) {
		core_info("registration cancelled");
		regflow_free(r);
		return;
	}
	r->password = xstrdup(password);
	char *server = jid_domain(r->jid);
	char *user = jid_local(r->jid);
	if (core_register(server, user, r->password, registered, r) < 0)
		regflow_free(r);
	free(server);
	free(user);
}

/* True when s is a plain server name (a domain: no '@', '/' or blanks). */
static bool is_server_name(const char *s)
{
	return jid_valid(s) && strpbrk(s, "@/ \t") == NULL;
}

/* /register SERVER USERNAME: create an account. */
int cmd_exec_register(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	if (!is_server_name(argv[0])) {
		cmd_error(ctx, "%s is not a server name (like example.org)", argv[0]);
		return -1;
	}
	char *jid = xasprintf("%s@%s", argv[1], argv[0]);
	if (strpbrk(argv[1], "@/ \t") || !jid_valid(jid)) {
		cmd_error(ctx, "%s is not a user name (letters and digits, no '@' or '/')",
		          argv[1]);
		free(jid);
		return -1;
	}
	if (core_conn_state() == CONN_ONLINE || core_conn_state() == CONN_CONNECTING) {
		cmd_error(ctx,
		          "natter uses one account at a time: /disconnect first, then /register");
		free(jid);
		return -1;
	}
	struct regflow *r = xcalloc(1, sizeof(*r));
	r->jid = jid;
	core_info("creating %s: choose its password (Esc cancels)", jid);
	core_ask_new_password(jid, register_password, r);
	return 0;
}

/* The new password is set on the server: keep the settings in step. */
static void password_changed(bool ok, void *arg)
{
	char *password = arg;
	const char *err = NULL;
	if (ok && *setting_str("password")) {
		if (setting_set("password", password, &err) < 0)
			core_error("%s", err);
		else
			core_info("the password setting holds the new password now; change the "
			          "/set password line of %s too if it has one",
			          config_path());
	} else if (ok && *setting_str("password_cmd")) {
		core_info("password_cmd still gives the old password: change it in your password "
		          "manager");
	}
	password_free(password);
}

/* The new password, typed twice. */
static void password_typed(const char *password, void *arg)
{
	(void)arg;
	if (password == NULL) {
		core_info("password not changed");
		return;
	}
	char *copy = xstrdup(password);
	if (core_change_password(copy, password_changed, copy) < 0)
		password_free(copy);
}

/* Our bare JID while online, or NULL after saying we are not. Caller frees. */
static char *online_jid(struct cmd_ctx *ctx)
{
	if (core_conn_state() != CONN_ONLINE || core_own_jid() == NULL) {
		cmd_error(ctx, "not connected: /connect first");
		return NULL;
	}
	return jid_bare(core_own_jid());
}

/* /password: change the account's password on the server. */
int cmd_exec_password(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	char *jid = online_jid(ctx);
	if (jid == NULL)
		return -1;
	core_ask_new_password(jid, password_typed, NULL);
	free(jid);
	return 0;
}

/* The account is gone (or not). */
static void unregistered(bool ok, void *arg)
{
	(void)arg;
	if (ok)
		core_info("its lines in %s (if any) can go now", config_path());
}

/* The confirmation: the JID typed again. */
static void unregister_confirmed(const char *text, void *arg)
{
	char *jid = arg;
	char *typed = NULL;
	if (text) {
		while (isspace((unsigned char)*text))
			text++;
		size_t n = strlen(text);
		while (n > 0 && isspace((unsigned char)text[n - 1]))
			n--;
		typed = xstrndup(text, n);
	}
	if (typed == NULL)
		core_info("account not deleted");
	else if (!jid_bare_eq(typed, jid) || strchr(typed, '/'))
		core_error("account not deleted: what you typed is not %s", jid);
	else
		core_unregister(unregistered, NULL);
	free(typed);
	free(jid);
}

/* /unregister: delete the account on the server, after a confirmation. */
int cmd_exec_unregister(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	char *jid = online_jid(ctx);
	if (jid == NULL)
		return -1;
	core_info("this deletes the account %s on the server for ever, with its contacts and "
	          "everything the server keeps for it",
	          jid);
	char *prompt = xasprintf("Type %s to delete it (Esc cancels): ", jid);
	core_ask(prompt, false, unregister_confirmed, jid);
	free(prompt);
	return 0;
}

/* /account: list the accounts of natterrc. */
static int list_accounts(void)
{
	char *const *names = config_accounts();
	char *const *jids = config_account_jids();
	const char *in_use = config_account_in_use();
	if (names[0] == NULL) {
		core_info("%s has no /account blocks; the account is %s", config_path(),
		          *setting_str("jid") ? setting_str("jid") : "not set (/set jid)");
		return 0;
	}
	core_info("accounts in %s (natter -a NAME picks one):", config_path());
	for (size_t i = 0; names[i]; i++)
		core_info("  %s%s%s%s", names[i], *jids[i] ? " — " : "", jids[i],
		          in_use && strcmp(in_use, names[i]) == 0 ? " (in use)" : "");
	return 0;
}

/* /account NAME typed (not read from natterrc): say how to use it. */
static int account_typed(struct cmd_ctx *ctx, const char *name)
{
	const char *in_use = config_account_in_use();
	char *const *names = config_accounts();
	bool known = false;
	for (size_t i = 0; names[i]; i++)
		known = known || strcmp(names[i], name) == 0;
	if (in_use && strcmp(in_use, name) == 0)
		core_info("account %s is the one in use", name);
	else if (known)
		core_info("natter uses one account per run: start it with natter -a %s", name);
	else
		cmd_error(ctx, "no account %s in %s (/account lists them)", name, config_path());
	return known ? 0 : -1;
}

/* /account [NAME]: list the accounts, or (in natterrc) start a block. */
int cmd_exec_account(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *err = NULL;
	if (argc == 0)
		return list_accounts();
	if (ctx->src && ctx->src->file && strcmp(ctx->src->file, "-e") != 0) {
		if (config_block_begin(argv[0], &err) == 0)
			return 0;
		cmd_error(ctx, "/account %s: %s", argv[0], err);
		return -1;
	}
	return account_typed(ctx, argv[0]);
}
