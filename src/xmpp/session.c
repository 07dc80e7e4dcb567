/* session.c - the connection: connect, disconnect, pump libstrophe */
#include <errno.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "autojoin.h"
#include "core.h"
#include "guard.h"
#include "jid.h"
#include "log.h"
#include "session.h"
#include "settings.h"
#include "timer.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* After a read that may have pulled a new TLS record into OpenSSL's buffer,
 * libstrophe needs this many more xmpp_run_once() calls to empty it: a record
 * holds at most 16 KiB and each call consumes at most 4 KiB of it. */
#define TLS_DRAIN_CALLS 5
/* Bound on xmpp_run_once() calls per pump, so a flood cannot starve the keyboard. */
#define PUMP_MAX_CALLS 256
/* While negotiating or closing, let libstrophe run its own timeouts this often. */
#define STROPHE_TICK_MS 1000

struct xsession xs = {.fd = -1};
static const xmpp_log_t strophe_log = {xlog_handler, NULL};
static bool pump_again;
static unsigned login_timer; /* the login watchdog, while a login runs */

/* Stanzas handlers sent while a history batch is open (see pump_once). */
static struct {
	bool on;
	xmpp_stanza_t **v;
	size_t len, cap;
} held;

/* Send through the live connection; held while a batch is open. */
static void send_live(xmpp_stanza_t *st)
{
	if (xs.conn == NULL)
		return;
	if (!held.on) {
		xmpp_send(xs.conn, st);
		return;
	}
	if (held.len == held.cap) {
		held.cap = held.cap ? held.cap * 2 : 32;
		held.v = xreallocarray(held.v, held.cap, sizeof(*held.v));
	}
	held.v[held.len++] = xmpp_stanza_clone(st); /* a reference, not a copy */
}

/* Stop holding and send what was held, in order (dropped when the
 * connection is gone: a new stream has its own state). */
static void release_held(void)
{
	held.on = false;
	for (size_t i = 0; i < held.len; i++) {
		if (xs.conn)
			xmpp_send(xs.conn, held.v[i]);
		xmpp_stanza_release(held.v[i]);
	}
	held.len = 0;
}

/* One xmpp_run_once() whose history writes are one transaction, committed
 * before anything they confirm goes out: the receipts the handlers send are
 * held until then, and the XEP-0198 ack libstrophe queues while parsing is
 * written by the next call, after the commit. One commit per read instead
 * of one per message. */
static void pump_once(void)
{
	core_write_batch_begin();
	held.on = true;
	xmpp_run_once(xs.ctx, 0);
	core_write_batch_end();
	release_held();
}

void (*xs_send_hook)(xmpp_stanza_t *st) = send_live;

/* Send a stanza. */
void xs_send(xmpp_stanza_t *st)
{
	xs_send_hook(st);
}

/* Record why this attempt failed; the first reason is the real one. */
void xs_fail(const char *fmt, ...)
{
	if (xs.fail_reason)
		return;
	va_list ap;
	va_start(ap, fmt);
	xs.fail_reason = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Note the socket libstrophe just created, and set TCP keepalive on it. */
static int sockopt_cb(xmpp_conn_t *conn, void *sock)
{
	xs.fd = *(int *)sock;
	guard_watch(xs.fd, &xauth_guard_hooks); /* TLS pin and login checks (authguard.c) */
	return xmpp_sockopt_cb_keepalive(conn, sock);
}

/* Words for how the stream ended, from libstrophe's error and stream error. */
static char *end_reason(int error, xmpp_stream_error_t *se)
{
	if (xs.fail_reason)
		return xstrdup(xs.fail_reason);
	if (xs.sasl_failed)
		return xstrdup("the server refused the login: wrong username or password");
	if (se) {
		xmpp_stanza_t *child = se->stanza ? xmpp_stanza_get_children(se->stanza) : NULL;
		const char *name = child ? xmpp_stanza_get_name(child) : NULL;
		char *cond = sanitize_str(name ? name : "unknown", SANITIZE_LINE);
		char *text = se->text
		                 ? sanitize(se->text, strlen(se->text), SANITIZE_LINE, XS_LINE_MAX)
		                 : NULL;
		char *r = xasprintf("stream error from the server (%s)%s%s", cond, text ? ": " : "",
		                    text ? text : "");
		free(text);
		free(cond);
		return r;
	}
	if (error)
		return xasprintf("connection failed: %s", strerror(error));
	return xstrdup("the server closed the connection");
}

/* Stop the login watchdog. */
static void login_watchdog_stop(void)
{
	timer_cancel(login_timer);
	login_timer = 0;
	guard_deadline(0);
}

/* The login took longer than login_timeout: say at which step the server
 * stopped answering and drop the connection, so the usual back-off follows.
 * Shutting the socket down makes libstrophe's next read see the end. */
static void login_watchdog_fire(void *arg)
{
	(void)arg;
	login_timer = 0;
	if (xs.conn == NULL || xs.phase != XS_CONNECTING)
		return;
	xs_fail("the server stopped answering during login (%s)", guard_step());
	if (xs.fd >= 0)
		shutdown(xs.fd, SHUT_RDWR);
	pump_again = true;
}

/* Start the login watchdog for the attempt that just began. */
static void login_watchdog_start(void)
{
	uint64_t ms = (uint64_t)setting_int("login_timeout") * 1000;
	timer_cancel(login_timer);
	login_timer = timer_add(ms, login_watchdog_fire, NULL);
	guard_deadline(now_ms() + ms);
}

/* Words for how a TLS stream ended: libstrophe then reports OpenSSL's
 * error code where it otherwise reports an errno. */
static const char *tls_end_words(int error)
{
	switch (error) {
	case SSL_ERROR_ZERO_RETURN:
		return "the server closed the connection";
	case SSL_ERROR_SYSCALL:
		return "the connection was lost";
	default:
		return "the connection was lost (TLS error)";
	}
}

/* Reset per-connection state after the stream is gone. With may_resume the
 * contacts' presence is kept aside for a resumed session. */
static void session_down(bool may_resume)
{
	login_watchdog_stop();
	guard_unwatch();
	xping_stop();
	xiq_cancel_all();
	xconfirm_forget();
	core_session_ended();
	if (may_resume)
		roster_suspend();
	else
		roster_all_offline();
	core_set_own_jid(NULL);
	xs.fd = -1;
	xs.phase = XS_IDLE;
	xs.closing = false;
	free(xs.full_jid);
	xs.full_jid = NULL;
}

/* We are bound (or resumed): fetch the roster, announce presence, start the
 * heartbeat, and let the outbox send what waits. */
static void session_up(xmpp_conn_t *conn)
{
	bool resumed = xs.resumed;
	xs.resumed = false;
	xs.phase = XS_ONLINE;
	xs.reconnect_attempt = 0;
	login_watchdog_stop();
	guard_online();
	xstrset(&xs.full_jid, xmpp_conn_get_bound_jid(conn));
	char *shown = sanitize_str(xs.full_jid, SANITIZE_LINE);
	core_set_own_jid(shown);
	core_set_conn_state(CONN_ONLINE, NULL);
	core_info("%s as %s%s", resumed ? "session resumed" : "connected", shown,
	          xmpp_conn_is_secured(conn) ? " (TLS verified)" : "");
	free(shown);
	roster_resume(resumed);
	if (!resumed) {
		xroster_request();
		xpresence_send(core_presence_show(), core_presence_status());
		xcarbons_enable(); /* a resumed session keeps carbons on */
		/* the server pushes blocklist changes only to clients that asked */
		xblocking_session_started();
	}
	xping_start();
	xmam_session_started(); /* also restarts a catch-up a drop cut short */
	core_session_started(resumed);
	core_rooms_session_started(resumed);
	xbookmarks_session_started(resumed); /* paced autojoin skips rooms just rejoined */
}

/* Where to connect: (host or NULL for DNS SRV, port or 0). */
static const char *connect_target(unsigned short *port)
{
	const char *server = setting_str("server");
	*port = (unsigned short)setting_int("port");
	return *server ? server : (*port ? xs.domain : NULL);
}

/* Seconds before reconnect attempt n: doubling from reconnect_min up to
 * reconnect_max, with +-25% jitter so clients of a restarted server spread out. */
static unsigned reconnect_delay_ms(unsigned n)
{
	uint64_t lo = (uint64_t)setting_int("reconnect_min") * 1000;
	uint64_t hi = (uint64_t)setting_int("reconnect_max") * 1000;
	uint64_t d = lo;
	for (unsigned i = 0; i < n && d < hi; i++)
		d *= 2;
	if (d > hi)
		d = hi;
	unsigned r = 0;
	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (unsigned)now_ms();
	return (unsigned)(d * (750 + r % 501) / 1000);
}

static void conn_handler(xmpp_conn_t *conn, xmpp_conn_event_t status, int error,
                         xmpp_stream_error_t *stream_error, void *ud);

/* Start a (re)connection attempt on xs.conn. 0 or -1. */
static int connect_attempt(void)
{
	unsigned short port;
	const char *host = connect_target(&port);
	free(xs.fail_reason);
	xs.fail_reason = NULL;
	xs.sasl_failed = xs.permanent = xs.resumed = false;
	xs.user_disconnect = false;
	xs.phase = XS_CONNECTING;
	core_set_conn_state(CONN_CONNECTING, NULL);
	core_info("connecting to %s%s%s…", host ? host : xs.domain, port ? ":" : "",
	          port ? setting_str("port") : "");
	if (xmpp_connect_client(xs.conn, host, port, conn_handler, NULL) != XMPP_EOK) {
		xs.phase = XS_IDLE;
		xs_fail("cannot reach %s (name not found or no network)", host ? host : xs.domain);
		return -1;
	}
	login_watchdog_start();
	pump_again = true;
	return 0;
}

static void reconnect_schedule(const char *reason);

static xmpp_conn_t *conn_new_from_settings(const char *password);

/* Replace xs.conn (disconnected) by a fresh one with the same settings and
 * its XEP-0198 state. libstrophe 0.12.2's parser reset frees its pending
 * text but keeps its length: when a stream ended inside a stanza (a drop, a
 * parse error), reusing the conn corrupts the next connection's first text
 * (heap bytes before it, or a write through NULL). */
static void conn_renew(void)
{
	xmpp_conn_t *old = xs.conn;
	xmpp_conn_t *conn = conn_new_from_settings(xmpp_conn_get_pass(old));
	xmpp_sm_state_t *sm = xmpp_conn_get_sm_state(old);
	if (sm && xmpp_conn_set_sm_state(conn, sm) != XMPP_EOK)
		xmpp_free_sm_state(sm);
	xs.conn = conn;
	xmpp_conn_release(old);
}

/* The back-off is over: try again, on a fresh conn that carries the
 * resumption state of the old one. */
static void reconnect_fire(void *arg)
{
	(void)arg;
	xs.reconnect_timer = 0;
	if (xs.conn == NULL)
		return;
	conn_renew();
	xs.reconnect_attempt++;
	if (connect_attempt() < 0)
		reconnect_schedule(xs.fail_reason);
}

/* Plan the next attempt and say when it will be. */
static void reconnect_schedule(const char *reason)
{
	unsigned ms = reconnect_delay_ms(xs.reconnect_attempt);
	timer_cancel(xs.reconnect_timer);
	xs.reconnect_timer = timer_add(ms, reconnect_fire, NULL);
	char *text = xasprintf("%s; reconnecting in %u s", reason ? reason : "connection lost",
	                       (ms + 999) / 1000);
	core_set_conn_state(CONN_ERROR, text);
	free(text);
}

/* Stop a planned reconnect. */
static void reconnect_cancel(void)
{
	timer_cancel(xs.reconnect_timer);
	xs.reconnect_timer = 0;
}

/* libstrophe's connection callback. */
static void conn_handler(xmpp_conn_t *conn, xmpp_conn_event_t status, int error,
                         xmpp_stream_error_t *stream_error, void *ud)
{
	(void)ud;
	if (status == XMPP_CONN_CONNECT) {
		session_up(conn);
		return;
	}
	if (status == XMPP_CONN_RAW_CONNECT)
		return;
	if (stream_error && stream_error->type == XMPP_SE_CONFLICT) {
		/* two clients on one resource would kick each other forever */
		xs_fail("another client logged in with the same resource (%s); "
		        "/set resource to tell them apart",
		        setting_str("resource"));
		xs.permanent = true;
	}
	if (error && guard_tls())
		xs_fail("%s", tls_end_words(error));
	char *reason = end_reason(error, stream_error);
	bool by_user = xs.user_disconnect;
	bool was_online = xs.phase == XS_ONLINE;
	bool retry = !by_user && !xs.permanent && !xs.sasl_failed && setting_bool("reconnect") &&
	             conn == xs.conn;
	session_down(retry);
	if (by_user) {
		core_set_conn_state(CONN_OFFLINE, NULL);
		core_info("disconnected");
	} else {
		core_error("%s: %s", was_online ? "disconnected" : "could not connect", reason);
		if (retry)
			reconnect_schedule(reason);
		else
			core_set_conn_state(CONN_ERROR, reason);
	}
	free(reason);
	/* the conn cannot be freed inside its own handler; a conn kept for a
	 * reconnect keeps its XEP-0198 state for resumption */
	if (!retry && conn == xs.conn) {
		xs.dead_conn = conn;
		xs.conn = NULL;
	}
	pump_again = true;
}

/* Free a connection left over from the last attempt. */
static void release_dead_conn(void)
{
	if (xs.dead_conn) {
		xmpp_conn_release(xs.dead_conn);
		xs.dead_conn = NULL;
	}
}

/* Configure a new libstrophe connection from the settings. */
static xmpp_conn_t *conn_new_from_settings(const char *password)
{
	xmpp_conn_t *conn = xmpp_conn_new(xs.ctx);
	long flags = XMPP_CONN_FLAG_MANDATORY_TLS;
	if (setting_bool("direct_tls"))
		flags |= XMPP_CONN_FLAG_LEGACY_SSL;
	xmpp_conn_set_flags(conn, flags);
	char *full = xasprintf("%s/%s", xs.bare_jid, setting_str("resource"));
	xmpp_conn_set_jid(conn, *setting_str("resource") ? full : xs.bare_jid);
	free(full);
	xmpp_conn_set_pass(conn, password);
	if (*setting_str("cafile"))
		xmpp_conn_set_cafile(conn, setting_str("cafile"));
	xmpp_conn_set_certfail_handler(conn, xtls_certfail);
	xmpp_conn_set_sockopt_callback(conn, sockopt_cb);
	xmpp_handler_add(conn, xh_iq, NULL, "iq", NULL, NULL);
	xmpp_handler_add(conn, xh_presence, NULL, "presence", NULL, NULL);
	xmpp_handler_add(conn, xh_message, NULL, "message", NULL, NULL);
	return conn;
}

/* Drop the current conn (disconnected) and any planned reconnect. */
static void conn_drop(void)
{
	reconnect_cancel();
	release_dead_conn();
	if (xs.conn) {
		xmpp_conn_t *conn = xs.conn;
		xs.conn = NULL;
		xmpp_conn_release(conn);
	}
}

/* Backend: start connecting with the current settings (a fresh conn). */
static int backend_connect(const char *password)
{
	conn_drop();
	free(xs.bare_jid);
	xs.bare_jid = jid_bare(setting_str("jid"));
	free(xs.domain);
	xs.domain = jid_domain(xs.bare_jid);
	xs.reconnect_attempt = 0;
	xs.conn = conn_new_from_settings(password);
	if (connect_attempt() < 0) {
		core_set_conn_state(CONN_ERROR, xs.fail_reason);
		core_error("could not connect: %s", xs.fail_reason);
		conn_drop();
		return -1;
	}
	return 0;
}

/* Backend: close the stream politely, or stop waiting to reconnect. */
static void backend_disconnect(void)
{
	if (xs.conn && xs.phase == XS_IDLE) {
		conn_drop();
		core_set_conn_state(CONN_OFFLINE, NULL);
		core_info("disconnected (no more reconnect attempts)");
		return;
	}
	reconnect_cancel();
	if (xs.conn == NULL)
		return;
	xs.user_disconnect = true;
	if (xs.phase == XS_ONLINE)
		xpresence_send(SHOW_OFFLINE, NULL);
	xs.closing = true;
	xmpp_disconnect(xs.conn);
	pump_again = true;
}

/* Backend: a message already on a resumed stream. */
static void backend_track(const char *to, const char *id)
{
	if (xs.phase == XS_ONLINE)
		xconfirm_add(to, id);
}

/* Backend: presence. */
static void backend_presence(enum show show, const char *status)
{
	if (xs.phase == XS_ONLINE)
		xpresence_send(show, status);
}

static const struct core_backend backend = {
    .connect = backend_connect,
    .disconnect = backend_disconnect,
    .send_message = xmessage_send,
    .send_presence = backend_presence,
    .track_message = backend_track,
    .send_displayed = xmarkers_send_displayed,
    .send_chat_state = xchatstate_send,
    .send_room_chat_state = xmuc_chat_state_send,
    .fetch_older = xmam_fetch_older,
    .register_account = xregister_start,
    .change_password = xregister_change_password,
    .unregister = xregister_remove,
    .send_edit = xedit_send,
};

/* Free the session's strings and reset it to its initial state. */
static void session_forget(void)
{
	free(xs.bare_jid);
	free(xs.full_jid);
	free(xs.domain);
	free(xs.fail_reason);
	memset(&xs, 0, sizeof(xs));
	xs.fd = -1;
}

/* Create the libstrophe context and register as the core backend. */
void session_init(void)
{
	xmpp_initialize();
	xs.ctx = xmpp_ctx_new(NULL, &strophe_log);
	core_set_backend(&backend);
	xsubscription_register();
	xmuc_register();
}

/* Free everything. */
void session_shutdown(void)
{
	reconnect_cancel();
	xmam_reset();
	xsearch_reset();
	xmuc_reset();
	xbookmarks_reset();
	xselfping_reset();
	autojoin_reset();
	xcaps_reset();
	xblocking_reset();
	if (xs.conn) {
		xs.user_disconnect = true;
		xmpp_disconnect(xs.conn);
		xmpp_run_once(xs.ctx, 0);
	}
	if (xs.conn) {
		/* releasing a live conn runs its handler: let it not stash the conn */
		xmpp_conn_t *conn = xs.conn;
		xs.conn = NULL;
		xmpp_conn_release(conn);
	}
	release_dead_conn();
	xiq_cancel_all();
	if (xs.ctx)
		xmpp_ctx_free(xs.ctx);
	xs.ctx = NULL;
	xmpp_shutdown();
	session_forget();
}

/* Socket to watch, or -1. */
int session_fd(void)
{
	return xs.conn ? xs.fd : -1;
}

/* True while the TCP connect on fd has not completed yet. */
static bool tcp_connect_pending(int fd)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	return getpeername(fd, (struct sockaddr *)&peer, &len) < 0 && errno == ENOTCONN;
}

/* True while connecting or while libstrophe holds unsent data. */
bool session_want_write(void)
{
	if (xs.conn == NULL || xs.fd < 0)
		return false;
	/* A connected socket is always writable: asking for it while the stream
	 * is negotiated (or while libstrophe holds stanzas it may not send until
	 * then) would spin. Negotiation writes are flushed by every pump, and the
	 * select timeout is capped meanwhile (session_timeout). */
	if (xs.phase == XS_CONNECTING)
		return tcp_connect_pending(xs.fd);
	return xs.phase == XS_ONLINE && xmpp_conn_send_queue_len(xs.conn) > 0;
}

/* True when fd has data to read right now. */
static bool fd_readable(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};
	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

/* Run libstrophe until the socket and the TLS buffer are both empty. */
void session_pump(void)
{
	/* at least one call: flush what commands queued; while negotiating,
	 * what a call queued (the stream header once TCP is up) is written by
	 * the next one, and waiting for the next tick would cost a second */
	int drain = xs.phase == XS_CONNECTING ? 3 : 1;
	pump_again = false;
	release_dead_conn();
	for (int i = 0; i < PUMP_MAX_CALLS && xs.conn; i++) {
		if (xs.fd >= 0 && fd_readable(xs.fd))
			drain = TLS_DRAIN_CALLS;
		else if (drain-- <= 0)
			break;
		pump_once();
	}
	release_dead_conn();
}

/* Milliseconds until libstrophe needs a call without socket activity. */
int session_timeout(void)
{
	if (pump_again)
		return 0;
	/* libstrophe's own timers run only inside xmpp_run_once(): negotiation
	 * timeouts, and the forced close when a server never answers our </stream> */
	if (xs.conn && (xs.phase == XS_CONNECTING || xs.closing))
		return STROPHE_TICK_MS;
	return -1;
}

/* Use ctx and a fake bound JID, capturing sends (unit tests). */
void xs_test_setup(xmpp_ctx_t *ctx, const char *full_jid, void (*send)(xmpp_stanza_t *))
{
	xs.ctx = ctx;
	xs.phase = XS_ONLINE;
	xs.full_jid = xstrdup(full_jid);
	xs.bare_jid = jid_bare(full_jid);
	xs.domain = jid_domain(full_jid);
	xs_send_hook = send;
	core_set_backend(&backend);
	xsubscription_register();
	xmuc_register();
}

/* Undo xs_test_setup. */
void xs_test_teardown(void)
{
	xiq_cancel_all();
	session_forget();
	xs_send_hook = send_live;
	core_set_backend(NULL);
	room_set_backend(NULL);
	xmuc_reset();
}
