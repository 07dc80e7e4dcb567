/* util.c - small helpers with no better home */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "strbuf.h"
#include "xmalloc.h"

/* Fill buf with n random bytes from the kernel, or die. */
static void random_bytes(unsigned char *buf, size_t n)
{
	ssize_t got;

	while (n > 0) {
		got = getrandom(buf, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			fatal("getrandom: %s", strerror(errno));
		buf += got;
		n -= (size_t)got;
	}
}

/* Fill out with n-1 random lowercase letters and digits and a NUL. */
void random_id(char *out, size_t n)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char buf[64];
	size_t i = 0, j = sizeof(buf);

	if (n == 0)
		return;
	while (i < n - 1) {
		if (j == sizeof(buf)) {
			random_bytes(buf, sizeof(buf));
			j = 0;
		}
		/* Drop bytes >= 252 (7 * 36) so every character is equally likely. */
		if (buf[j] < 252)
			out[i++] = alphabet[buf[j] % 36];
		j++;
	}
	out[n - 1] = '\0';
}

/* True for the bytes that separate words. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Append one word of line starting at *pp to word, consuming quotes and
 * escapes; returns false on an unterminated quote. */
static bool split_word(const char **pp, struct strbuf *word)
{
	const char *p = *pp;
	char quote = 0;

	for (; *p != '\0' && (quote != 0 || !is_blank(*p)); p++) {
		if (quote == 0 && (*p == '"' || *p == '\'')) {
			quote = *p;
		} else if (quote != 0 && *p == quote) {
			quote = 0;
		} else if (*p == '\\' && quote != '\'' && p[1] != '\0' &&
		           (quote == 0 || p[1] == '"' || p[1] == '\\')) {
			/* Outside quotes a backslash escapes anything; inside double
			 * quotes only '"' and '\', so paths like "C:\dir" survive. */
			strbuf_addch(word, *++p);
		} else {
			strbuf_addch(word, *p);
		}
	}
	*pp = p;
	return quote == 0;
}

/* Split a command line into words. */
char **split_args(const char *line, int *argc)
{
	struct strbuf word = STRBUF_INIT;
	char **v = xcalloc(1, sizeof(*v));
	size_t n = 0;

	if (line == NULL)
		line = "";
	for (;;) {
		while (is_blank(*line))
			line++;
		if (*line == '\0')
			break;
		if (!split_word(&line, &word)) {
			strbuf_free(&word);
			strv_free(v);
			if (argc != NULL)
				*argc = 0;
			return NULL;
		}
		v = xreallocarray(v, n + 2, sizeof(*v));
		v[n++] = strbuf_detach(&word);
		v[n] = NULL;
	}
	if (argc != NULL)
		*argc = (int)n;
	return v;
}

/* Free a NULL-terminated string vector. */
void strv_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* Length of a NULL-terminated string vector. */
size_t strv_len(char *const *v)
{
	size_t n = 0;

	if (v == NULL)
		return 0;
	while (v[n] != NULL)
		n++;
	return n;
}

/* ASCII lower case of c. */
static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when s starts with prefix, ignoring ASCII case. */
bool str_prefix(const char *s, const char *prefix)
{
	if (s == NULL || prefix == NULL)
		return false;
	for (; *prefix != '\0'; s++, prefix++)
		if (*s == '\0' || ascii_lower(*s) != ascii_lower(*prefix))
			return false;
	return true;
}

/* Format t as local time into a new string. */
char *format_time(time_t t, const char *fmt)
{
	struct tm tm;
	size_t size, n;
	char *buf;

	if (localtime_r(&t, &tm) == NULL || fmt == NULL || *fmt == '\0')
		return xstrdup("");
	/* strftime() returns 0 both for "too small" and for an empty result,
	 * so stop growing at a size no sane format needs. */
	for (size = 64; size <= 65536; size *= 2) {
		buf = xmalloc(size);
		n = strftime(buf, size, fmt, &tm);
		if (n > 0)
			return buf;
		free(buf);
	}
	return xstrdup("");
}
