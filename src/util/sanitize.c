/* sanitize.c - the one gate for untrusted text, and checks on text we send */
#include "sanitize.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"
#include "xmalloc.h"

#define TAB_SPACES   4 /* a tab in a message body becomes this many spaces */
#define GROWTH       4 /* most output bytes one input byte can give (a tab) */
#define ELLIPSIS     "\xe2\x80\xa6"
#define ELLIPSIS_LEN 3
#define REPLACEMENT  "\xef\xbf\xbd" /* U+FFFD */
#define MARKS_MAX    4              /* zero-width characters kept after one base character */

/* The output being built. Everything written so far is at most max bytes
 * (when max != 0); mark is the last character boundary at which "…" still
 * fits, so a cut can go back to it. */
struct out {
	char *s;
	size_t len;
	size_t max;
	size_t mark;
	int cut;
	int marks; /* zero-width characters since the last base character */
};

/* Stop output: go back to the mark and append "…". */
static void out_cut(struct out *o)
{
	o->cut = 1;
	/* A limit too small for "…" keeps what fits and shows no ellipsis. */
	if (o->max < ELLIPSIS_LEN)
		return;
	o->len = o->mark;
	memcpy(o->s + o->len, ELLIPSIS, ELLIPSIS_LEN);
	o->len += ELLIPSIS_LEN;
}

/* Append n single-byte characters, each of which is a character boundary. */
static void out_ascii(struct out *o, const char *p, size_t n)
{
	size_t start = o->len, room;
	int over = 0;

	if (o->max != 0) {
		room = o->max - o->len;
		if (n > room) {
			n = room;
			over = 1;
		}
	}
	memcpy(o->s + o->len, p, n);
	o->len += n;
	o->marks = 0;
	if (o->max >= ELLIPSIS_LEN && o->max - ELLIPSIS_LEN >= start)
		o->mark = o->len < o->max - ELLIPSIS_LEN ? o->len : o->max - ELLIPSIS_LEN;
	if (over)
		out_cut(o);
}

/* Append one character of n bytes, which must not be split. */
static void out_char(struct out *o, const char *p, size_t n)
{
	if (o->max != 0 && n > o->max - o->len) {
		out_cut(o);
		return;
	}
	memcpy(o->s + o->len, p, n);
	o->len += n;
	o->marks = 0;
	if (o->max >= ELLIPSIS_LEN && o->len <= o->max - ELLIPSIS_LEN)
		o->mark = o->len;
}

/* Length of the run of printable ASCII at the start of p. */
static size_t printable_run(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)p[i] >= 0x20 && (unsigned char)p[i] < 0x7f)
		i++;
	return i;
}

/* Show a C0 control or DEL safely: caret notation, except for line breaks
 * and tabs, which keep their meaning as white space. */
static void sanitize_control(struct out *o, unsigned char c, enum sanitize_mode mode)
{
	char caret[2];

	if (c == '\r')
		return;
	if (c == '\n') {
		out_ascii(o, mode == SANITIZE_MULTILINE ? "\n" : " ", 1);
		return;
	}
	if (c == '\t') {
		out_ascii(o, "        ", mode == SANITIZE_MULTILINE ? TAB_SPACES : 1);
		return;
	}
	caret[0] = '^';
	caret[1] = c == 0x7f ? '?' : (char)(c + 0x40);
	out_char(o, caret, 2);
}

/* True for the bidi embeddings, overrides and isolates that can reorder the
 * text around them. */
static int is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Keep a visible character, or a zero-width one (combining mark, joiner,
 * invisible format character) while its base has fewer than MARKS_MAX: a
 * pile of marks ("Zalgo" text) would bleed into the lines around it. */
static void out_visible(struct out *o, const char *p, size_t n, uint32_t cp)
{
	int marks = o->marks;

	if (utf8_cpwidth(cp) != 0) {
		out_char(o, p, n);
		return;
	}
	if (marks >= MARKS_MAX)
		return;
	out_char(o, p, n);
	o->marks = marks + 1;
}

/* Handle one character starting with a byte >= 0x80; returns bytes used. */
static size_t sanitize_nonascii(struct out *o, const char *p, size_t n)
{
	uint32_t cp;
	int k = utf8_decode(p, n, &cp);

	/* One U+FFFD per bad byte: resynchronise at the very next byte. */
	if (k < 0) {
		out_char(o, REPLACEMENT, 3);
		return 1;
	}
	if (cp <= 0x9f)
		out_char(o, REPLACEMENT, 3);
	else if (cp == 0x2028 || cp == 0x2029)
		out_ascii(o, " ", 1);
	else if (!is_bidi_control(cp))
		out_visible(o, p, (size_t)k, cp);
	return (size_t)k;
}

/* Room the output of len input bytes can need under a limit of max. */
static size_t out_capacity(size_t len, size_t max)
{
	if (len > (SIZE_MAX - 1) / GROWTH)
		fatal("sanitize: input of %zu bytes is too long", len);
	len *= GROWTH;
	if (max != 0 && max < len)
		len = max;
	return len + 1;
}

/* Make network text safe for the terminal and for logs. */
char *sanitize(const char *in, size_t len, enum sanitize_mode mode, size_t max_bytes)
{
	struct out o = {NULL, 0, max_bytes, 0, 0, 0};
	size_t cap, i = 0, run;
	unsigned char c;

	if (in == NULL)
		return NULL;
	cap = out_capacity(len, max_bytes);
	o.s = xmalloc(cap);
	while (i < len && !o.cut) {
		run = printable_run(in + i, len - i);
		if (run > 0) {
			out_ascii(&o, in + i, run);
			i += run;
			continue;
		}
		c = (unsigned char)in[i];
		if (c < 0x80) {
			sanitize_control(&o, c, mode);
			i++;
		} else {
			i += sanitize_nonascii(&o, in + i, len - i);
		}
	}
	o.s[o.len] = '\0';
	/* Give back what the worst-case estimate did not use. */
	if (cap - o.len > 32)
		o.s = xreallocarray(o.s, o.len + 1, 1);
	return o.s;
}

/* sanitize() of a NUL-terminated string with no length limit. */
char *sanitize_str(const char *in, enum sanitize_mode mode)
{
	if (in == NULL)
		return NULL;
	return sanitize(in, strlen(in), mode, 0);
}

/* Set *why to a reason naming cp, using a static buffer. */
static void refuse_char(const char **why, const char *what, uint32_t cp)
{
	static char reason[96];

	if (why == NULL)
		return;
	snprintf(reason, sizeof(reason), "%s U+%04X is not allowed in XMPP text", what,
	         (unsigned)cp);
	*why = reason;
}

/* Set *why to a reason naming an invalid byte, using a static buffer. */
static void refuse_byte(const char **why, unsigned char b, size_t pos)
{
	static char reason[96];

	if (why == NULL)
		return;
	snprintf(reason, sizeof(reason),
	         "the text is not valid UTF-8 (byte 0x%02X at position %zu)", b, pos + 1);
	*why = reason;
}

/* Check text the user wants to send against what XML 1.0 allows. */
bool sanitize_check_outgoing(const char *text, const char **why)
{
	size_t len, i = 0;
	uint32_t cp;
	int k;

	if (text == NULL)
		return true;
	len = strlen(text);
	while (i < len) {
		k = utf8_decode(text + i, len - i, &cp);
		if (k < 0) {
			refuse_byte(why, (unsigned char)text[i], i);
			return false;
		}
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
			refuse_char(why, "control character", cp);
			return false;
		}
		if (cp == 0xfffe || cp == 0xffff) {
			refuse_char(why, "the non-character", cp);
			return false;
		}
		i += (size_t)k;
	}
	return true;
}
