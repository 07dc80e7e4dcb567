/* floor.c - the benchmark's "floor" client: libstrophe alone, no UI.
 *
 * It logs in (STARTTLS, certificate checked against --cafile), sends initial
 * presence, and then either counts incoming chat messages until --count
 * have arrived, or sits idle for --idle seconds. It prints one line of
 * key=value figures: what XMPP parsing and TLS cost on this machine, the
 * limit natter's own figures are compared with (tests/bench/compare.py).
 *
 *   floor --jid J --password P --port N --cafile F [--host H]
 *         [--count N] [--idle S] [--timeout S] [--ready FILE] [--roster 1]
 *         [--room ROOM/NICK --history N]
 *
 * --ready FILE is created once the client is logged in, so a driver knows
 * when to start sending. Exits 0 when the count was reached or the idle time
 * passed, 1 on a login failure or timeout. --roster 1 asks for the roster
 * after login and reports roster_s (launch to result) and roster_items; with
 * neither --count nor --idle it exits once the roster is in. --room joins
 * ROOM as NICK right after login, asking for N messages of room history,
 * and reports room_s (join sent to the Nth history message) and room_msgs;
 * it exits once they are in. first_mono and
 * last_mono are CLOCK_MONOTONIC times, comparable with a driver's clock. Talks only to --host
 * (default 127.0.0.1). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <openssl/ssl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strophe.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

struct floor {
	const char *jid, *password, *host, *cafile, *ready;
	unsigned short port;
	long count, seen;
	double idle, timeout;
	double login_at, first_at, last_at, login_cpu;
	bool roster; /* --roster: ask for the roster, time its result */
	double roster_at;
	long roster_items;
	const char *room; /* --room ROOM/NICK: join, time the history */
	long history, room_seen;
	double join_at, room_at;
	int state; /* 0 connecting, 1 online, -1 failed */
};

/* libstrophe 0.12 selects on its socket with the full timeout even when
 * OpenSSL already holds decrypted data, so a client must notice that data
 * itself or stall for the timeout (natter's guard does the same). The floor
 * defines SSL_read to learn libstrophe's SSL object. */
static SSL *last_ssl;

/* OpenSSL's SSL_read, noting which SSL object libstrophe reads. */
int SSL_read(SSL *ssl, void *buf, int num)
{
	static int (*real)(SSL *, void *, int);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "SSL_read");
	last_ssl = ssl;
	return real(ssl, buf, num);
}

/* True when OpenSSL holds data libstrophe has not read yet. */
static bool tls_pending(void)
{
	return last_ssl && SSL_has_pending(last_ssl);
}

/* Seconds on the monotonic clock. */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) this process used so far. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* A number from /proc/self/status ("VmRSS", "voluntary_ctxt_switches"...), or -1. */
static long proc_status(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(key);
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	if (f)
		fclose(f);
	return v;
}

/* Count a chat message that has a body (room messages apart). */
static int on_message(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)conn;
	struct floor *fl = ud;
	if (xmpp_stanza_get_child_by_name(st, "body") == NULL)
		return 1;
	const char *type = xmpp_stanza_get_type(st);
	if (type && strcmp(type, "groupchat") == 0) {
		if (++fl->room_seen == fl->history)
			fl->room_at = now_s();
		return 1;
	}
	double t = now_s();
	if (fl->seen++ == 0)
		fl->first_at = t;
	fl->last_at = t;
	return 1;
}

/* The roster result: note when it came and how many items it had. */
static int on_roster(xmpp_conn_t *conn, xmpp_stanza_t *st, void *ud)
{
	(void)conn;
	struct floor *fl = ud;
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name(st, "query");
	fl->roster_items = 0;
	for (xmpp_stanza_t *c = q ? xmpp_stanza_get_children(q) : NULL; c;
	     c = xmpp_stanza_get_next(c))
		fl->roster_items++;
	fl->roster_at = now_s();
	return 0;
}

/* Ask for the roster (jabber:iq:roster get). */
static void request_roster(xmpp_conn_t *conn, struct floor *fl)
{
	xmpp_ctx_t *ctx = xmpp_conn_get_context(conn);
	xmpp_stanza_t *iq = xmpp_iq_new(ctx, "get", "roster1");
	xmpp_stanza_t *q = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(q, "query");
	xmpp_stanza_set_ns(q, "jabber:iq:roster");
	xmpp_stanza_add_child(iq, q);
	xmpp_stanza_release(q);
	xmpp_id_handler_add(conn, on_roster, "roster1", fl);
	xmpp_send(conn, iq);
	xmpp_stanza_release(iq);
}

/* Join fl->room asking for fl->history messages of history. */
static void join_room(xmpp_conn_t *conn, struct floor *fl)
{
	xmpp_ctx_t *ctx = xmpp_conn_get_context(conn);
	xmpp_stanza_t *pres = xmpp_presence_new(ctx);
	xmpp_stanza_set_to(pres, fl->room);
	xmpp_stanza_t *x = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(x, "x");
	xmpp_stanza_set_ns(x, "http://jabber.org/protocol/muc");
	xmpp_stanza_t *h = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(h, "history");
	char n[32];
	snprintf(n, sizeof(n), "%ld", fl->history);
	xmpp_stanza_set_attribute(h, "maxstanzas", n);
	xmpp_stanza_add_child(x, h);
	xmpp_stanza_release(h);
	xmpp_stanza_add_child(pres, x);
	xmpp_stanza_release(x);
	fl->join_at = now_s();
	xmpp_send(conn, pres);
	xmpp_stanza_release(pres);
}

/* Connection events: send presence once logged in, note failures. */
static void on_conn(xmpp_conn_t *conn, xmpp_conn_event_t status, int error, xmpp_stream_error_t *se,
                    void *ud)
{
	(void)error;
	(void)se;
	struct floor *fl = ud;
	if (status != XMPP_CONN_CONNECT) {
		if (status == XMPP_CONN_DISCONNECT || status == XMPP_CONN_FAIL)
			fl->state = -1;
		return;
	}
	xmpp_handler_add(conn, on_message, NULL, "message", NULL, fl);
	if (fl->roster)
		request_roster(conn, fl);
	xmpp_stanza_t *pres = xmpp_presence_new(xmpp_conn_get_context(conn));
	xmpp_send(conn, pres);
	xmpp_stanza_release(pres);
	if (fl->room)
		join_room(conn, fl);
	fl->state = 1;
	fl->login_at = now_s();
	fl->login_cpu = cpu_s();
	if (fl->ready) {
		int fd = open(fl->ready, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0)
			close(fd);
	}
}

/* Parse the command line into fl; false on a usage error. */
static bool parse_args(struct floor *fl, int argc, char **argv)
{
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];
		if (strcmp(k, "--jid") == 0)
			fl->jid = v;
		else if (strcmp(k, "--password") == 0)
			fl->password = v;
		else if (strcmp(k, "--host") == 0)
			fl->host = v;
		else if (strcmp(k, "--port") == 0)
			fl->port = (unsigned short)atoi(v);
		else if (strcmp(k, "--cafile") == 0)
			fl->cafile = v;
		else if (strcmp(k, "--count") == 0)
			fl->count = atol(v);
		else if (strcmp(k, "--idle") == 0)
			fl->idle = atof(v);
		else if (strcmp(k, "--timeout") == 0)
			fl->timeout = atof(v);
		else if (strcmp(k, "--ready") == 0)
			fl->ready = v;
		else if (strcmp(k, "--roster") == 0)
			fl->roster = atoi(v) != 0;
		else if (strcmp(k, "--room") == 0)
			fl->room = v;
		else if (strcmp(k, "--history") == 0)
			fl->history = atol(v);
		else
			return false;
	}
	return fl->jid && fl->password && fl->port && fl->cafile && argc % 2 == 1 &&
	       (fl->room == NULL || fl->history > 0);
}

/* Run libstrophe's own loop until done, failed or out of time. */
static void run(xmpp_ctx_t *ctx, struct floor *fl)
{
	double start = now_s(), idle_from = 0;
	long v0 = 0, n0 = 0;
	for (;;) {
		xmpp_run_once(ctx, tls_pending() ? 0 : 1000);
		double t = now_s();
		if (fl->state < 0 || t - start > fl->timeout)
			break;
		if (fl->state == 1 && fl->count > 0 && fl->seen >= fl->count)
			break;
		if (fl->roster_at > 0 && fl->count == 0 && fl->idle == 0)
			break;
		if (fl->room_at > 0 && fl->count == 0 && fl->idle == 0)
			break;
		if (fl->state == 1 && fl->idle > 0 && idle_from == 0) {
			idle_from = t;
			v0 = proc_status("voluntary_ctxt_switches");
			n0 = proc_status("nonvoluntary_ctxt_switches");
		}
		if (idle_from > 0 && t - idle_from >= fl->idle) {
			long sw = proc_status("voluntary_ctxt_switches") - v0 +
			          proc_status("nonvoluntary_ctxt_switches") - n0;
			printf("floor idle_seconds=%.1f idle_wakeups=%ld idle_wakeups_per_s=%.2f\n",
			       t - idle_from, sw, (double)sw / (t - idle_from));
			break;
		}
	}
}

/* Log in, count or idle or fetch the roster, print the figures. */
int main(int argc, char **argv)
{
	struct floor fl = {.host = "127.0.0.1", .timeout = 600};
	if (!parse_args(&fl, argc, argv)) {
		fprintf(stderr, "usage: floor --jid J --password P --port N --cafile F "
		                "[--host H] [--count N] [--idle S] [--timeout S] [--ready FILE] "
		                "[--roster 1] [--room ROOM/NICK --history N]\n");
		return 2;
	}
	xmpp_initialize();
	xmpp_ctx_t *ctx = xmpp_ctx_new(NULL, NULL);
	xmpp_conn_t *conn = xmpp_conn_new(ctx);
	xmpp_conn_set_flags(conn, XMPP_CONN_FLAG_MANDATORY_TLS);
	xmpp_conn_set_jid(conn, fl.jid);
	xmpp_conn_set_pass(conn, fl.password);
	xmpp_conn_set_cafile(conn, fl.cafile);
	double t0 = now_s();
	if (xmpp_connect_client(conn, fl.host, fl.port, on_conn, &fl) != XMPP_EOK)
		return 1;
	run(ctx, &fl);
	bool ok = fl.state == 1 && (fl.count == 0 || fl.seen >= fl.count) &&
	          (!fl.roster || fl.roster_at > 0) && (!fl.room || fl.room_at > 0);
	printf("floor ok=%d login_s=%.3f messages=%ld burst_wall_s=%.3f cpu_s=%.3f rss_kb=%ld "
	       "hwm_kb=%ld login_cpu_s=%.3f first_mono=%.6f last_mono=%.6f roster_s=%.3f "
	       "roster_items=%ld room_s=%.3f room_msgs=%ld\n",
	       ok, fl.login_at > 0 ? fl.login_at - t0 : -1.0, fl.seen,
	       fl.seen ? fl.last_at - fl.first_at : 0.0, cpu_s(), proc_status("VmRSS"),
	       proc_status("VmHWM"), fl.login_cpu, fl.first_at, fl.last_at,
	       fl.roster_at > 0 ? fl.roster_at - t0 : -1.0, fl.roster_items,
	       fl.room_at > 0 ? fl.room_at - fl.join_at : -1.0, fl.room_seen);
	fflush(stdout);
	xmpp_conn_release(conn);
	xmpp_ctx_free(ctx);
	xmpp_shutdown();
	return ok ? 0 : 1;
}
