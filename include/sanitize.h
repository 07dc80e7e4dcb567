/* sanitize.h - the one gate for untrusted text, and checks on text we send */
#ifndef NATTER_SANITIZE_H
#define NATTER_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

enum sanitize_mode {
	SANITIZE_LINE, /* one line: newlines and tabs become spaces (nicks, status, JIDs, names) */
	SANITIZE_MULTILINE, /* message bodies: '\n' kept, tab becomes spaces, CR dropped */
};

/* Make network text safe for the terminal and for logs. Returns a new valid
 * UTF-8 string (caller frees) in which:
 *  - invalid UTF-8 bytes become U+FFFD;
 *  - C0 controls (other than '\n' in MULTILINE mode), DEL and ESC are shown
 *    in caret notation ("^[", "^G", "^?"), so escape sequences never reach
 *    the terminal; CR is dropped;
 *  - C1 controls (U+0080..U+009F) become U+FFFD;
 *  - bidi embeddings/overrides/isolates (U+202A..U+202E, U+2066..U+2069)
 *    and U+2028/U+2029 separators are dropped (separators become a space);
 *  - the result is at most max_bytes long (0 = no limit), cut on a
 *    character boundary with "…" appended when cut.
 * NULL input gives NULL. */
char *sanitize(const char *in, size_t len, enum sanitize_mode mode, size_t max_bytes);
/* sanitize() of a NUL-terminated string with no length limit. */
char *sanitize_str(const char *in, enum sanitize_mode mode);

/* Check text the user wants to send. Returns true when XML 1.0 allows every
 * character (valid UTF-8; no C0 control except TAB, LF, CR; no U+FFFE/U+FFFF).
 * Otherwise returns false and, if why is not NULL, points it at a static
 * plain-words reason naming the first offending character. */
bool sanitize_check_outgoing(const char *text, const char **why);

#endif
