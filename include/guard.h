/* guard.h - natter's own limits on what a server may send, checked on the
 * raw bytes before libstrophe parses them (libstrophe 0.12 has none).
 *
 * libstrophe reads its socket with recv() before TLS and SSL_read() after.
 * natter defines both symbols (src/xmpp/guard.c; the dynamic linker binds
 * libstrophe's calls to them) and calls the real ones, so every byte read
 * from the watched socket goes through an XML scanner (src/xmpp/xmlscan.c)
 * before libstrophe sees it. A top-level element larger than
 * GUARD_MAX_STANZA, nesting deeper than GUARD_MAX_DEPTH, an end tag that does
 * not match its start tag, or a hook's veto makes that read fail: libstrophe
 * closes the connection without parsing any of those bytes, and the session
 * reports the reason and reconnects with back-off (or not, when the hook
 * marked the failure permanent). Reads of other sockets pass through. */
#ifndef NATTER_GUARD_H
#define NATTER_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUARD_MAX_STANZA  (4u * 1024 * 1024) /* bytes of one top-level element */
#define GUARD_MAX_DEPTH   64                 /* element nesting, the stream counted */
#define GUARD_MAX_NAME    256                /* bytes of an element's qualified name */
#define GUARD_MAX_CAPTURE (64u * 1024)       /* bytes of a captured negotiation element */

/* ---- the scanner (pure: no I/O; unit-tested and fuzzed) ---- */

struct xmlscan;

/* Called with each complete top-level element (a child of <stream:stream>)
 * while capture is on: NULL lets it through, otherwise a reason (caller of
 * the hook frees it) why the connection must end. */
typedef char *(*xmlscan_element_fn)(const char *xml, size_t len, void *arg);

/* New scanner at the start of a stream; fn (may be NULL) gets captured elements. */
struct xmlscan *xmlscan_new(xmlscan_element_fn fn, void *arg);
/* Free a scanner. */
void xmlscan_free(struct xmlscan *s);
/* Turn capture of top-level elements on (during stream negotiation) or off. */
void xmlscan_capture(struct xmlscan *s, bool on);
/* Scan the next len bytes of the stream. NULL when they may be parsed, else
 * why not (plain words; the scanner keeps it, and refuses everything after). */
const char *xmlscan_feed(struct xmlscan *s, const char *buf, size_t len);
/* Current element depth (1 inside <stream:stream>), for tests. */
unsigned xmlscan_depth(const struct xmlscan *s);

/* ---- the guard on libstrophe's socket ---- */

struct guard_hooks {
	/* A whole top-level element seen during negotiation (see xmlscan_element_fn). */
	xmlscan_element_fn element;
	/* The first read after the TLS handshake (ssl is the OpenSSL SSL *):
	 * NULL lets it through, otherwise a reason (freed by the guard). */
	char *(*tls_ready)(void *ssl);
};

/* Watch fd, libstrophe's new socket (called from the sockopt callback):
 * a fresh scanner with capture on, hooks (may be NULL) kept by pointer. */
void guard_watch(int fd, const struct guard_hooks *hooks);
/* Negotiation is over (bound or resumed): stop capturing top-level elements. */
void guard_online(void);
/* Stop watching (connection gone). */
void guard_unwatch(void);
/* True once TLS carried the watched stream (kept until the next guard_watch):
 * libstrophe then reports OpenSSL's error codes where it otherwise reports
 * an errno. */
bool guard_tls(void);
/* Why the last read was refused, or NULL; cleared by guard_watch. */
const char *guard_refused(void);
/* Give up a TLS handshake on the watched socket that is still running at
 * at_ms (now_ms() clock; 0: never): libstrophe's handshake loop blocks the
 * whole program and never times out by itself. */
void guard_deadline(uint64_t at_ms);
/* Words for the login step the watched stream is waiting on ("TLS
 * handshake", "no answer to STARTTLS", ...), for a login watchdog. */
const char *guard_step(void);

#endif
