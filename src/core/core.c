/* core.c - connection state, actions and the event fan-out */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "core_internal.h"
#include "jid.h"
#include "log.h"
#include "password.h"
#include "sanitize.h"
#include "settings.h"
#include "store.h"
#include "util.h"
#include "xmalloc.h"

#define PASSWORD_CMD_TIMEOUT_MS 30000

static const struct core_listener *listener;
static void *listener_ud;
static const struct core_backend *backend;

static enum conn_state conn_state;
static char *conn_reason;
static char *own_jid;
static enum show own_show = SHOW_ONLINE;
static char *own_status;

/* Register the front end. */
void core_set_listener(const struct core_listener *l, void *ud)
{
	listener = l;
	listener_ud = ud;
}

/* Register the protocol backend. */
void core_set_backend(const struct core_backend *b)
{
	backend = b;
}

/* The registered backend. */
const struct core_backend *core_backend(void)
{
	return backend;
}

/* Connection state or own presence changed. */
void core_emit_conn_changed(void)
{
	if (listener && listener->conn_changed)
		listener->conn_changed(listener_ud);
}

/* A contact (or, with NULL, many) changed. */
void core_emit_roster_changed(const struct contact *c)
{
	if (listener && listener->roster_changed)
		listener->roster_changed(listener_ud, c);
}

/* A conversation was opened: load its history, then tell the front end. */
void core_emit_conv_opened(struct conv *cv)
{
	history_conv_opened(cv);
	if (listener && listener->conv_opened)
		listener->conv_opened(listener_ud, cv);
}

/* A conversation is about to be freed. */
void core_emit_conv_closed(struct conv *cv)
{
	chatstate_conv_closed(cv);
	history_conv_closed(cv);
	if (listener && listener->conv_closed)
		listener->conv_closed(listener_ud, cv);
}

/* The focused conversation changed. */
void core_emit_focus_changed(struct conv *cv)
{
	history_conv_focused(cv);
	if (listener && listener->focus_changed)
		listener->focus_changed(listener_ud, cv);
}

/* A message was appended. */
void core_emit_message_added(struct conv *cv, const struct message *m)
{
	if (listener && listener->message_added)
		listener->message_added(listener_ud, cv, m);
}

/* cv's title, chat state, marker or history changed. */
void core_emit_conv_changed(struct conv *cv)
{
	if (listener && listener->conv_changed)
		listener->conv_changed(listener_ud, cv);
}

/* Ask the front end to bring m into view. */
void core_emit_show_message(struct conv *cv, const struct message *m)
{
	if (listener && listener->show_message)
		listener->show_message(listener_ud, cv, m);
}

/* A message's state changed. */
void core_emit_message_changed(struct conv *cv, const struct message *m)
{
	if (listener && listener->message_changed)
		listener->message_changed(listener_ud, cv, m);
}

/* Add a system line to cv (console when NULL) and the debug log. */
static void notice_v(struct conv *cv, enum msg_level lvl, const char *fmt, va_list ap)
{
	char *text = xvasprintf(fmt, ap);
	if (cv == NULL)
		cv = conv_console();
	log_debug("%s: %s", lvl == LEVEL_ERROR ? "error" : "info", text);
	conv_add_level(cv, MSG_SYSTEM, lvl, NULL, text, NULL, 0);
	free(text);
}

/* Print a line in the console. */
void core_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	notice_v(NULL, LEVEL_INFO, fmt, ap);
	va_end(ap);
}

/* Print an error line in the console. */
void core_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	notice_v(NULL, LEVEL_ERROR, fmt, ap);
	va_end(ap);
}

/* Print a line in a conversation. */
void core_notice(struct conv *cv, enum msg_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	notice_v(cv, lvl, fmt, ap);
	va_end(ap);
}

/* Connection state. */
enum conn_state core_conn_state(void)
{
	return conn_state;
}

/* Why the last connection failed. */
const char *core_conn_reason(void)
{
	return conn_reason;
}

/* Set by the backend. */
void core_set_conn_state(enum conn_state st, const char *reason)
{
	conn_state = st;
	xstrset(&conn_reason, reason);
	core_emit_conn_changed();
}

/* Our full JID once bound. */
const char *core_own_jid(void)
{
	return own_jid;
}

/* Set after resource binding. */
void core_set_own_jid(const char *jid)
{
	xstrset(&own_jid, jid);
	core_emit_conn_changed();
}

/* Hand a password to the backend (NULL: the user cancelled). */
static void connect_with(const char *password, void *arg)
{
	(void)arg;
	if (password == NULL || *password == '\0') {
		core_error("not connecting: no password given");
		return;
	}
	if (backend == NULL || backend->connect(password) < 0)
		return;
}

/* Start connecting, finding the password first. */
int core_connect(void)
{
	const char *jid = setting_str("jid");
	if (*jid == '\0' || !jid_valid(jid)) {
		core_error("%s: use /set jid you@example.org (or /connect JID) first",
		           *jid ? "that jid is not valid" : "no account set");
		return -1;
	}
	core_history_open();
	if (conn_state == CONN_CONNECTING || conn_state == CONN_ONLINE) {
		core_error("already %s: /disconnect first",
		           conn_state == CONN_ONLINE ? "connected" : "connecting");
		return -1;
	}
	if (*setting_str("password")) {
		connect_with(setting_str("password"), NULL);
		return 0;
	}
	if (*setting_str("password_cmd")) {
		const char *err = NULL;
		char *pw =
		    password_from_cmd(setting_str("password_cmd"), PASSWORD_CMD_TIMEOUT_MS, &err);
		if (pw == NULL) {
			core_error("not connecting: %s", err);
			return -1;
		}
		connect_with(pw, NULL);
		password_free(pw);
		return 0;
	}
	char *prompt = xasprintf("Password for %s: ", jid);
	core_ask_secret(prompt, connect_with, NULL);
	free(prompt);
	return 0;
}

/* Close the connection. */
void core_disconnect(void)
{
	/* also while waiting to reconnect (CONN_ERROR): that wait stops */
	if (backend && conn_state != CONN_OFFLINE)
		backend->disconnect();
}

/* Set and broadcast our presence. */
void core_set_presence(enum show show, const char *status)
{
	own_show = show;
	xstrset(&own_status, status && *status ? status : NULL);
	if (conn_state == CONN_ONLINE && backend)
		backend->send_presence(own_show, own_status);
	core_emit_conn_changed();
}

/* Our chosen presence. */
enum show core_presence_show(void)
{
	return own_show;
}

/* Our status message. */
const char *core_presence_status(void)
{
	return own_status;
}

/* Ask the front end for a secret. */
void core_ask_secret(const char *prompt, secret_fn done, void *arg)
{
	core_ask(prompt, true, done, arg);
}

/* The registered front end (NULL when none) and its data. */
const struct core_listener *core_listener(void **ud)
{
	*ud = listener_ud;
	return listener;
}

/* Free all core state. */
void core_free_all(void)
{
	store_close();
	conv_free_all();
	roster_free_all();
	rooms_reset();
	room_free_all();
	free(conn_reason);
	free(own_jid);
	free(own_status);
	conn_reason = own_jid = own_status = NULL;
}
