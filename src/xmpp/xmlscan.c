/* xmlscan.c - a byte-level scanner over the server's XML stream: size, depth,
 * name-length and tag-matching limits checked before libstrophe parses. It
 * allocates once per scanner, never per byte; text and attribute values are
 * skipped with memchr. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "sanitize.h"
#include "xmalloc.h"

enum state {
	ST_TEXT,      /* character data (or whitespace between stanzas) */
	ST_LT,        /* just after '<' */
	ST_BANG,      /* after "<!": "--" for a comment or "[CDATA[" */
	ST_COMMENT,   /* inside <!-- ... --> */
	ST_CDATA,     /* inside <![CDATA[ ... ]]> */
	ST_PI,        /* inside <? ... ?> */
	ST_STAG_NAME, /* the name of a start tag */
	ST_STAG,      /* attributes of a start tag */
	ST_ATTR,      /* a quoted attribute value */
	ST_EMPTY,     /* after '/' in a start tag: '>' must follow */
	ST_ETAG_NAME, /* the name of an end tag */
	ST_ETAG_END,  /* whitespace after an end tag's name, then '>' */
};

struct xmlscan {
	xmlscan_element_fn fn;
	void *arg;
	enum state st;
	unsigned depth;                    /* 1 inside <stream:stream> */
	unsigned run;                      /* progress through a multi-byte delimiter */
	char quote;                        /* the quote of the current attribute value */
	char name[GUARD_MAX_NAME + 1];     /* the tag name being read */
	size_t name_len;                   /* its length */
	char (*stack)[GUARD_MAX_NAME + 1]; /* open elements' names; [0] the stream */
	uint64_t pos;                      /* bytes scanned so far */
	uint64_t unit_start;               /* where the current top-level construct began */
	bool in_unit;                      /* inside a construct begun at depth <= 1 */
	bool capture;                      /* collecting top-level elements */
	bool capturing;                    /* the current unit is being collected */
	bool sm_ack;                       /* it is an ack collected with capture off */
	char *cap;                         /* GUARD_MAX_CAPTURE bytes, allocated on first use */
	size_t cap_len;
	char *reason; /* why the stream was refused, or NULL */
};

/* Bytes of an ack (or of a name) collected with capture off. */
#define XMLSCAN_ACK_MAX 512

static const char bang_comment[] = "--";
static const char bang_cdata[] = "[CDATA[";

/* New scanner at the start of a stream. */
struct xmlscan *xmlscan_new(xmlscan_element_fn fn, void *arg)
{
	struct xmlscan *s = xcalloc(1, sizeof(*s));
	s->fn = fn;
	s->arg = arg;
	s->stack = xcalloc(GUARD_MAX_DEPTH + 1, sizeof(*s->stack));
	return s;
}

/* Free a scanner. */
void xmlscan_free(struct xmlscan *s)
{
	if (s == NULL)
		return;
	free(s->stack);
	free(s->cap);
	free(s->reason);
	free(s);
}

/* Turn capture of top-level elements on or off. */
void xmlscan_capture(struct xmlscan *s, bool on)
{
	s->capture = on;
	if (!on)
		s->capturing = false;
}

/* Current element depth. */
unsigned xmlscan_depth(const struct xmlscan *s)
{
	return s->depth;
}

/* Refuse the stream for reason (a string the scanner takes). */
static void refuse_own(struct xmlscan *s, char *reason)
{
	if (s->reason == NULL)
		s->reason = reason;
	else
		free(reason);
}

/* Refuse the stream with a fixed reason. */
static void refuse(struct xmlscan *s, const char *reason)
{
	refuse_own(s, xstrdup(reason));
}

/* Refuse as malformed XML, saying what was wrong. */
static void malformed(struct xmlscan *s, const char *what)
{
	refuse_own(s, xasprintf("the server sent malformed XML (%s)", what));
}

/* True for the bytes XML counts as whitespace. */
static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* True for a byte that ends a tag name. */
static bool ends_name(unsigned char c)
{
	return is_space(c) || c == '>' || c == '/';
}

/* True for a byte that may not appear in a name at all. */
static bool bad_in_name(unsigned char c)
{
	return c < 0x20 || c == '<' || c == '=' || c == '"' || c == '\'' || c == 0x7f;
}

/* True when the name just read has the local name "stream". */
static bool name_is_stream(const struct xmlscan *s)
{
	const char *colon = memchr(s->name, ':', s->name_len);
	const char *local = colon ? colon + 1 : s->name;
	size_t n = s->name_len - (size_t)(local - s->name);
	return n == 6 && memcmp(local, "stream", 6) == 0;
}

/* Append buf[from, upto) to the capture buffer, refusing past its limit. */
static void cap_add(struct xmlscan *s, const char *buf, size_t from, size_t upto)
{
	if (!s->capturing || upto <= from)
		return;
	size_t n = upto - from;
	if (!s->capture && s->cap_len + n > XMLSCAN_ACK_MAX) {
		/* with capture off only a name or an ack is collected: a comment or
		 * a name this long is no ack, an ack this long is broken */
		if (s->sm_ack)
			refuse(s, "the server sent a malformed stream management ack");
		s->capturing = false;
		s->cap_len = 0;
		return;
	}
	if (n > GUARD_MAX_CAPTURE - s->cap_len) {
		refuse_own(s, xasprintf("the server sent a negotiation element larger than %u KiB",
		                        GUARD_MAX_CAPTURE / 1024));
		return;
	}
	if (s->cap == NULL)
		s->cap = xmalloc(GUARD_MAX_CAPTURE);
	memcpy(s->cap + s->cap_len, buf + from, n);
	s->cap_len += n;
}

/* A construct begun at depth <= 1 starts at the '<' at buf[i]. */
static void unit_begin(struct xmlscan *s, size_t i)
{
	s->in_unit = true;
	s->unit_start = s->pos + i;
	s->capturing = s->depth == 1; /* with capture off, until the name is known */
	s->sm_ack = false;
	s->cap_len = 0;
}

/* The unit ends at buf[i] (inclusive); element says it was a top-level element. */
static void unit_end(struct xmlscan *s, const char *buf, size_t *cap_from, size_t i, bool element)
{
	if (s->pos + i + 1 - s->unit_start > GUARD_MAX_STANZA)
		refuse_own(s, xasprintf("the server sent a stanza larger than %u MiB",
		                        GUARD_MAX_STANZA / (1024 * 1024)));
	cap_add(s, buf, *cap_from, i + 1);
	*cap_from = i + 1;
	s->in_unit = false;
	if (s->capturing && element && s->reason == NULL && s->fn) {
		char *why = s->fn(s->cap, s->cap_len, s->arg);
		if (why)
			refuse_own(s, why);
	}
	s->capturing = false;
	s->cap_len = 0;
}

/* A start tag's name is complete: check its length was within bounds. */
static void name_done(struct xmlscan *s)
{
	s->name[s->name_len] = '\0';
}

/* Add byte c to the tag name being read. */
static void name_add(struct xmlscan *s, unsigned char c)
{
	if (bad_in_name(c)) {
		malformed(s, "a forbidden character in an element name");
		return;
	}
	if (s->name_len >= GUARD_MAX_NAME) {
		refuse_own(s, xasprintf("the server sent an element name longer than %d bytes",
		                        GUARD_MAX_NAME));
		return;
	}
	s->name[s->name_len++] = (char)c;
}

/* True when the start tag just read names a top-level element that is
 * captured even with capture off: XEP-0198's <a/> and <resumed/>, whose
 * counts are checked before libstrophe acts on them. Both are tiny. */
static bool name_is_sm_ack(const struct xmlscan *s)
{
	const char *colon = memchr(s->name, ':', s->name_len);
	const char *local = colon ? colon + 1 : s->name;
	return strcmp(local, "a") == 0 || strcmp(local, "resumed") == 0;
}

/* A start tag's name is known: with capture off, a top-level element is
 * collected only when it is an ack (the bytes so far were kept to learn
 * the name). */
static void start_tag_named(struct xmlscan *s)
{
	if (s->depth != 1 || s->capture || !s->capturing)
		return;
	s->sm_ack = name_is_sm_ack(s);
	if (!s->sm_ack) {
		s->capturing = false;
		s->cap_len = 0;
	}
}

/* A start tag ended at buf[i]; empty for "<x/>". */
static void start_tag_done(struct xmlscan *s, const char *buf, size_t *cap_from, size_t i,
                           bool empty)
{
	s->st = ST_TEXT;
	bool stream = s->depth <= 1 && name_is_stream(s);
	if (stream) {
		/* a header at depth 1 is a restart (after STARTTLS, after SASL) */
		memcpy(s->stack[0], s->name, s->name_len + 1);
		s->depth = empty ? 0 : 1;
		s->capturing = false;
		unit_end(s, buf, cap_from, i, false);
		return;
	}
	if (s->depth == 0) {
		malformed(s, "an element outside the stream");
		return;
	}
	if (empty) {
		if (s->depth == 1)
			unit_end(s, buf, cap_from, i, true);
		return;
	}
	if (s->depth >= GUARD_MAX_DEPTH) {
		refuse_own(s, xasprintf("the server sent XML nested deeper than %d elements",
		                        GUARD_MAX_DEPTH));
		return;
	}
	memcpy(s->stack[s->depth], s->name, s->name_len + 1);
	s->depth++;
}

/* An end tag ended at buf[i]: it must close the innermost open element. */
static void end_tag_done(struct xmlscan *s, const char *buf, size_t *cap_from, size_t i)
{
	s->st = ST_TEXT;
	if (s->depth == 0) {
		malformed(s, "an end tag outside the stream");
		return;
	}
	const char *open = s->stack[s->depth - 1];
	if (strcmp(open, s->name) != 0) {
		char *got = sanitize_str(s->name, SANITIZE_LINE);
		char *want = sanitize_str(open, SANITIZE_LINE);
		char *what = xasprintf("end tag </%s> does not match <%s>", got, want);
		malformed(s, what);
		free(what);
		free(want);
		free(got);
		return;
	}
	s->depth--;
	if (s->depth <= 1)
		unit_end(s, buf, cap_from, i, s->depth == 1);
}

/* Skip text from buf[i]; the index of the next '<', or len. */
static size_t scan_text(struct xmlscan *s, const char *buf, size_t i, size_t len)
{
	const char *lt = memchr(buf + i, '<', len - i);
	size_t end = lt ? (size_t)(lt - buf) : len;
	if (s->depth == 0) {
		for (size_t k = i; k < end; k++)
			if (!is_space((unsigned char)buf[k])) {
				malformed(s, "text outside the stream");
				return len;
			}
	}
	return end;
}

/* The byte after '<' at buf[i]. */
static void after_lt(struct xmlscan *s, unsigned char c)
{
	s->name_len = 0;
	s->run = 0;
	if (c == '/') {
		s->st = ST_ETAG_NAME;
	} else if (c == '?') {
		s->st = ST_PI;
	} else if (c == '!') {
		s->st = ST_BANG;
	} else if (ends_name(c)) {
		malformed(s, "'<' that starts no tag");
	} else {
		s->st = ST_STAG_NAME;
		name_add(s, c);
	}
}

/* A byte after "<!": a comment, a CDATA section, or a refused declaration.
 * name_len says which was chosen by the first byte (1 comment, 2 CDATA). */
static void after_bang(struct xmlscan *s, unsigned char c)
{
	if (s->run == 0)
		s->name_len = c == '-' ? 1 : c == '[' ? 2 : 0;
	const char *want = s->name_len == 1 ? bang_comment : bang_cdata;
	if (s->name_len == 0 || c != (unsigned char)want[s->run]) {
		refuse(s, "the server sent a DOCTYPE or entity declaration, which XMPP forbids");
		return;
	}
	if (want[++s->run] != '\0')
		return;
	if (s->depth == 0)
		malformed(s, s->name_len == 1 ? "a comment outside the stream"
		                              : "CDATA outside the stream");
	s->st = s->name_len == 1 ? ST_COMMENT : ST_CDATA;
	s->run = 0;
}

/* Scan a byte of a comment, CDATA section or PI; true when it ended there. */
static bool scan_special(struct xmlscan *s, unsigned char c)
{
	switch (s->st) {
	case ST_COMMENT: /* ends with "-->" */
		if (c == '>' && s->run >= 2)
			return true;
		s->run = c == '-' ? s->run + 1 : 0;
		return false;
	case ST_CDATA: /* ends with "]]>" */
		if (c == '>' && s->run >= 2)
			return true;
		s->run = c == ']' ? s->run + 1 : 0;
		return false;
	default: /* a PI ends with "?>" */
		if (c == '>' && s->run == 1)
			return true;
		s->run = c == '?';
		return false;
	}
}

/* One byte of a start tag after its name (outside attribute values). */
static void scan_stag(struct xmlscan *s, const char *buf, size_t *cap_from, size_t i)
{
	unsigned char c = (unsigned char)buf[i];
	if (c == '>')
		start_tag_done(s, buf, cap_from, i, false);
	else if (c == '/')
		s->st = ST_EMPTY;
	else if (c == '"' || c == '\'') {
		s->quote = (char)c;
		s->st = ST_ATTR;
	} else if (c == '<')
		malformed(s, "'<' inside a tag");
}

/* One byte at buf[i] in a state other than text or attribute value. */
static void scan_byte(struct xmlscan *s, const char *buf, size_t *cap_from, size_t i)
{
	unsigned char c = (unsigned char)buf[i];
	switch (s->st) {
	case ST_LT:
		after_lt(s, c);
		break;
	case ST_BANG:
		after_bang(s, c);
		break;
	case ST_COMMENT:
	case ST_CDATA:
	case ST_PI:
		if (scan_special(s, c)) {
			s->st = ST_TEXT;
			if (s->in_unit && s->depth <= 1)
				unit_end(s, buf, cap_from, i, false);
		}
		break;
	case ST_STAG_NAME:
		if (ends_name(c)) {
			name_done(s);
			start_tag_named(s);
			s->st = ST_STAG;
			scan_stag(s, buf, cap_from, i);
		} else
			name_add(s, c);
		break;
	case ST_STAG:
		scan_stag(s, buf, cap_from, i);
		break;
	case ST_EMPTY:
		if (c != '>')
			malformed(s, "'/' inside a tag not followed by '>'");
		else
			start_tag_done(s, buf, cap_from, i, true);
		break;
	case ST_ETAG_NAME:
		if (ends_name(c)) {
			name_done(s);
			s->st = ST_ETAG_END;
			if (c == '>')
				end_tag_done(s, buf, cap_from, i);
			else if (c == '/')
				malformed(s, "'/' inside an end tag");
		} else
			name_add(s, c);
		break;
	case ST_ETAG_END:
		if (c == '>')
			end_tag_done(s, buf, cap_from, i);
		else if (!is_space(c))
			malformed(s, "something after the name of an end tag");
		break;
	default:
		break;
	}
}

/* Refuse when the current unit has grown past the stanza limit. */
static void check_unit_size(struct xmlscan *s, size_t len)
{
	if (s->in_unit && s->pos + len - s->unit_start > GUARD_MAX_STANZA)
		refuse_own(s, xasprintf("the server sent a stanza larger than %u MiB",
		                        GUARD_MAX_STANZA / (1024 * 1024)));
}

/* Scan the next len bytes of the stream. */
const char *xmlscan_feed(struct xmlscan *s, const char *buf, size_t len)
{
	size_t i = 0, cap_from = 0;
	while (i < len && s->reason == NULL) {
		if (s->st == ST_TEXT) {
			i = scan_text(s, buf, i, len);
			if (i >= len)
				break;
			if (!s->in_unit && s->depth <= 1) {
				unit_begin(s, i);
				cap_from = i;
			}
			s->st = ST_LT;
		} else if (s->st == ST_ATTR) {
			const char *q = memchr(buf + i, s->quote, len - i);
			if (q == NULL)
				break;
			i = (size_t)(q - buf);
			s->st = ST_STAG;
		} else {
			scan_byte(s, buf, &cap_from, i);
		}
		i++;
	}
	if (s->reason == NULL) {
		check_unit_size(s, len);
		if (s->in_unit)
			cap_add(s, buf, cap_from, len);
	}
	s->pos += len;
	return s->reason;
}
