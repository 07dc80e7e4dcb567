/* jid.h - JID parsing without libstrophe */
#ifndef NATTER_JID_H
#define NATTER_JID_H

#include <stdbool.h>

/* Bare JID (local@domain or domain) of jid, lower-cased local and domain.
 * Caller frees. NULL for NULL. */
char *jid_bare(const char *jid);
/* Domain part of jid. Caller frees. */
char *jid_domain(const char *jid);
/* Local part of jid, or NULL when there is none. Caller frees. */
char *jid_local(const char *jid);
/* Pointer to the resource inside jid (after the first '/'), or NULL. */
const char *jid_resource(const char *jid);
/* True when jid looks like a usable JID: non-empty domain, no spaces or
 * control characters, parts within 1023 bytes, valid UTF-8. */
bool jid_valid(const char *jid);
/* True when a and b have the same bare JID (case-insensitive). */
bool jid_bare_eq(const char *a, const char *b);

#endif
