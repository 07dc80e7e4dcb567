/* session.h - the XMPP session on top of libstrophe (src/xmpp) */
#ifndef NATTER_SESSION_H
#define NATTER_SESSION_H

#include <stdbool.h>

/* Create the libstrophe context and register as the core backend. */
void session_init(void);
/* Free everything. */
void session_shutdown(void);
/* Socket to watch for reading, or -1 when there is none. */
int session_fd(void);
/* True when the loop should also wait for the socket to become writable
 * (connecting, or libstrophe has queued data). */
bool session_want_write(void);
/* Let libstrophe read, parse and write until nothing is pending, including
 * data already decrypted inside the TLS layer. */
void session_pump(void);
/* Milliseconds until libstrophe needs a call without socket activity
 * (connect timeouts), or -1. */
int session_timeout(void);
/* Open the raw XML log (with secrets redacted). */
int session_rawlog_open(const char *path);

#endif
