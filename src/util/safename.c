/* safename.c - a safe local file name from a name remote data offered */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "strbuf.h"
#include "utf8.h"
#include "xmalloc.h"

/* Longest extension (".pdf") kept when a long name is cut. */
#define EXT_MAX 16

/* True for code points that must not reach a file name: controls, bidi
 * controls and marks, zero-width characters, separators of lines. */
static bool unsafe_cp(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return true;
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return true;
	if ((cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff)
		return true;
	return cp == 0x2028 || cp == 0x2029;
}

/* The part of s after its last '/' or '\'. */
static const char *last_part(const char *s)
{
	const char *base = s;
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base;
}

/* Copy s into sb with every unsafe character or bad byte made '_'. */
static void copy_clean(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0 || unsafe_cp(cp)) {
			strbuf_addch(sb, '_');
			i += n < 0 ? 1 : (size_t)n;
			continue;
		}
		strbuf_add(sb, s + i, (size_t)n);
		i += (size_t)n;
	}
}

/* The longest prefix of s (len bytes) of at most max bytes that ends on a
 * character boundary. */
static size_t cut_at_char(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* s cut to SAFE_NAME_MAX bytes, keeping a short extension. Caller frees. */
static char *bounded(const char *s)
{
	size_t len = strlen(s);
	if (len <= SAFE_NAME_MAX)
		return xstrdup(s);
	const char *dot = strrchr(s, '.');
	size_t ext = dot && strlen(dot) <= EXT_MAX ? strlen(dot) : 0;
	size_t head = cut_at_char(s, len - ext, SAFE_NAME_MAX - ext);
	char *out = xmalloc(head + ext + 1);
	memcpy(out, s, head);
	memcpy(out + head, s + len - ext, ext + 1);
	return out;
}

/* Drop leading dots, dashes and blanks and trailing dots and blanks. */
static char *trimmed(const char *s)
{
	while (*s == '.' || *s == '-' || *s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	return xstrndup(s, n);
}

/* A safe basename for a remote file name; see fsutil.h. */
char *fsutil_safe_name(const char *remote)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "", 0);
	copy_clean(&sb, last_part(remote ? remote : ""));
	char *t = trimmed(sb.s);
	strbuf_free(&sb);
	char *out = bounded(t);
	free(t);
	/* cutting can leave a trailing dot or blank before the extension */
	t = trimmed(out);
	free(out);
	if (*t == '\0') {
		free(t);
		return xstrdup("download");
	}
	return t;
}
