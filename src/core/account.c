/* account.c - the account on the server: create it, change its password,
 * delete it (XEP-0077, done by the backend), and log in with a password */
#include "core.h"
#include "core_internal.h"
#include "jid.h"
#include "settings.h"

/* Create an account (a connection of its own, so only while disconnected). */
int core_register(const char *server, const char *username, const char *password, account_fn done,
                  void *arg)
{
	const struct core_backend *b = core_backend();
	enum conn_state st = core_conn_state();
	if (st == CONN_CONNECTING || st == CONN_ONLINE) {
		core_error("natter uses one account at a time: /disconnect first, then /register");
		return -1;
	}
	if (b == NULL || b->register_account == NULL) {
		core_error("cannot create accounts: no connection code");
		return -1;
	}
	if (st == CONN_ERROR)
		core_disconnect(); /* stop waiting to reconnect */
	return b->register_account(server, username, password, done, arg);
}

/* The backend, when we are online and it can do account changes; else
 * says why not and returns NULL. */
static const struct core_backend *online_backend(void)
{
	const struct core_backend *b = core_backend();
	if (core_conn_state() != CONN_ONLINE) {
		core_error("not connected: /connect first");
		return NULL;
	}
	if (b == NULL || b->change_password == NULL || b->unregister == NULL) {
		core_error("cannot change the account: no connection code");
		return NULL;
	}
	return b;
}

/* Change our password on the server. */
int core_change_password(const char *password, account_fn done, void *arg)
{
	const struct core_backend *b = online_backend();
	return b ? b->change_password(password, done, arg) : -1;
}

/* Delete our account on the server. */
int core_unregister(account_fn done, void *arg)
{
	const struct core_backend *b = online_backend();
	return b ? b->unregister(done, arg) : -1;
}

/* Connect with a given password. */
int core_connect_password(const char *password)
{
	const char *jid = setting_str("jid");
	const struct core_backend *b = core_backend();
	enum conn_state st = core_conn_state();
	if (*jid == '\0' || !jid_valid(jid)) {
		core_error("no valid account set: /set jid you@example.org first");
		return -1;
	}
	if (st == CONN_CONNECTING || st == CONN_ONLINE) {
		core_error("already %s: /disconnect first",
		           st == CONN_ONLINE ? "connected" : "connecting");
		return -1;
	}
	if (password == NULL || *password == '\0' || b == NULL) {
		core_error("not connecting: no password given");
		return -1;
	}
	core_history_open();
	return b->connect(password);
}
