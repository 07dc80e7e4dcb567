/* guard.c - natter's recv(), SSL_read() and SSL_connect(): every byte read
 * from libstrophe's socket passes xmlscan before libstrophe parses it, and a
 * stalled TLS handshake ends at the login deadline (libstrophe's handshake
 * loop never gives up on its own). See guard.h. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "guard.h"
#include "timer.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

static struct {
	int fd;                          /* the watched socket, or -1 */
	struct xmlscan *scan;            /* over what the server sent on it */
	const struct guard_hooks *hooks; /* may be NULL */
	bool tls;                        /* SSL_read was used on fd: recv passes through */
	bool handshake;                  /* SSL_connect running on fd */
	bool authed;                     /* a SASL <success/> was seen */
	char last[16];                   /* local name of the last top-level element */
	uint64_t deadline;               /* now_ms() when a stalled login gives up, 0 never */
	char *refused;                   /* why reads on fd fail, or NULL */
} g = {.fd = -1};

/* Remember the last negotiation element's local name, then ask the hook. */
static char *seen_element(const char *xml, size_t len, void *arg)
{
	(void)arg;
	size_t i = 1, n = 0;
	while (i < len && !strchr(" \t\r\n/>", xml[i]))
		i++;
	const char *name = memchr(xml, ':', i);
	name = name ? name + 1 : xml + 1;
	n = (size_t)(xml + i - name);
	if (n >= sizeof(g.last))
		n = sizeof(g.last) - 1;
	memcpy(g.last, name, n);
	g.last[n] = '\0';
	if (strcmp(g.last, "success") == 0)
		g.authed = true;
	if (strcmp(g.last, "a") == 0 || strcmp(g.last, "resumed") == 0) {
		char *why = xsm_check(xml, len);
		if (why)
			return why;
	}
	if (g.hooks && g.hooks->element)
		return g.hooks->element(xml, len, NULL);
	return NULL;
}

/* Watch fd with a fresh scanner, capture on. */
void guard_watch(int fd, const struct guard_hooks *hooks)
{
	uint64_t deadline = g.deadline; /* set before libstrophe made the socket */
	xmlscan_free(g.scan);
	free(g.refused);
	memset(&g, 0, sizeof(g));
	g.deadline = deadline;
	g.fd = fd;
	g.hooks = hooks;
	g.scan = xmlscan_new(seen_element, NULL);
	xmlscan_capture(g.scan, true);
}

/* Negotiation is over: stop capturing. */
void guard_online(void)
{
	if (g.scan)
		xmlscan_capture(g.scan, false);
	g.deadline = 0;
}

/* Stop watching. */
void guard_unwatch(void)
{
	xmlscan_free(g.scan);
	g.scan = NULL;
	g.fd = -1;
	g.hooks = NULL;
	g.deadline = 0;
}

/* True once TLS carried the watched stream (until the next guard_watch). */
bool guard_tls(void)
{
	return g.tls;
}

/* Why the last read was refused, or NULL. */
const char *guard_refused(void)
{
	return g.refused;
}

/* Give up a stalled TLS handshake at at_ms (now_ms() clock; 0: never). */
void guard_deadline(uint64_t at_ms)
{
	g.deadline = at_ms;
}

/* Words for the login step natter is waiting on. */
const char *guard_step(void)
{
	if (g.handshake)
		return "TLS handshake";
	if (g.scan == NULL || xmlscan_depth(g.scan) == 0)
		return "no stream header";
	if (g.last[0] == '\0')
		return g.tls ? "no stream features after TLS" : "no stream features";
	if (strcmp(g.last, "features") == 0 && !g.tls)
		return "no answer to STARTTLS";
	if (strcmp(g.last, "proceed") == 0)
		return "TLS handshake";
	if (strcmp(g.last, "success") == 0)
		return "no stream features after authentication";
	if (strcmp(g.last, "features") == 0 && !g.authed)
		return "no answer to authentication";
	if (strcmp(g.last, "challenge") == 0)
		return "no answer to authentication";
	return "no answer to resource binding";
}

/* Refuse reads on fd from now on for reason; permanent ends retrying. */
static void refuse(const char *reason, bool permanent)
{
	if (g.refused == NULL)
		g.refused = xstrdup(reason);
	xs_fail("%s", reason);
	if (permanent)
		xs.permanent = true;
}

/* Scan n bytes just read from the watched socket; false when refused. */
static bool scan_ok(const void *buf, size_t n)
{
	if (g.refused)
		return false;
	const char *why = xmlscan_feed(g.scan, buf, n);
	if (why)
		refuse(why, false);
	return why == NULL;
}

/* Room to read into buf of len bytes on the watched socket: one byte is
 * kept for a terminating NUL, because libstrophe 0.12.2 logs its read buffer
 * with "%s" after a parse error (reading past the bytes it got, and past the
 * buffer when it was full). */
static size_t room(size_t len)
{
	return len > 1 ? len - 1 : len;
}

/* NUL-terminate what was read into buf (see room). */
static void terminate(void *buf, size_t len, size_t got)
{
	if (got < len)
		((char *)buf)[got] = '\0';
}

/* libstrophe's plaintext reads: scanned unless TLS took over the socket. */
ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	bool watched = fd == g.fd && fd >= 0 && g.scan && !g.tls && !(flags & MSG_PEEK);
	if (watched && g.refused) {
		errno = ECONNABORTED;
		return -1;
	}
	ssize_t n = recvfrom(fd, buf, watched ? room(len) : len, flags, NULL, NULL);
	if (!watched || n <= 0)
		return n;
	terminate(buf, len, (size_t)n);
	if (!scan_ok(buf, (size_t)n)) {
		errno = ECONNABORTED;
		return -1;
	}
	return n;
}

/* Fail an SSL call so SSL_get_error() says SSL_ERROR_SSL (not recoverable). */
static int ssl_fail(void)
{
	ERR_raise(ERR_LIB_SSL, SSL_R_PROTOCOL_IS_SHUTDOWN);
	return -1;
}

/* True when ssl runs on the watched socket. */
static bool ssl_watched(SSL *ssl)
{
	return g.fd >= 0 && g.scan && ssl && SSL_get_fd(ssl) == g.fd;
}

/* Ask the tls_ready hook once, on the first read after the handshake. */
static bool tls_ready_ok(SSL *ssl)
{
	if (g.tls)
		return true;
	g.tls = true;
	g.last[0] = '\0';
	if (g.hooks == NULL || g.hooks->tls_ready == NULL)
		return true;
	char *why = g.hooks->tls_ready(ssl);
	if (why == NULL)
		return true;
	refuse(why, true);
	free(why);
	return false;
}

/* libstrophe's TLS reads: scanned after decryption. */
int SSL_read(SSL *ssl, void *buf, int num)
{
	bool watched = ssl_watched(ssl);
	if (watched && (g.refused || !tls_ready_ok(ssl)))
		return ssl_fail();
	if (num < 0)
		return ssl_fail();
	size_t got = 0, len = (size_t)num;
	if (SSL_read_ex(ssl, buf, watched ? room(len) : len, &got) != 1)
		return SSL_get_error(ssl, 0) == SSL_ERROR_ZERO_RETURN ? 0 : -1;
	if (!watched)
		return (int)got;
	terminate(buf, len, got);
	if (!scan_ok(buf, got))
		return ssl_fail();
	return (int)got;
}

/* The real SSL_connect, or the same steps when it cannot be found. */
static int real_ssl_connect(SSL *ssl)
{
	static int (*real)(SSL *);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "SSL_connect");
	if (real && real != SSL_connect)
		return real(ssl);
	if (SSL_in_before(ssl))
		SSL_set_connect_state(ssl);
	return SSL_do_handshake(ssl);
}

/* libstrophe's handshake step: it loops on it until done, so a server that
 * stalls mid-handshake is given up here, at the login deadline. */
int SSL_connect(SSL *ssl)
{
	if (!ssl_watched(ssl))
		return real_ssl_connect(ssl);
	if (g.deadline && now_ms() >= g.deadline) {
		g.handshake = false;
		xs_fail("the server stopped answering during login (TLS handshake)");
		return ssl_fail();
	}
	g.handshake = true;
	int r = real_ssl_connect(ssl);
	int err = r == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, r);
	g.handshake = err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE;
	return r;
}
