/* smguard.c - XEP-0198 acks checked against what natter really sent.
 *
 * libstrophe 0.12.2 drops from its resend queue every stanza an ack says
 * the server handled: an ack counting more stanzas than were sent (or an
 * unreadable count, which it takes as "all") empties the queue, and what was
 * in it is lost if the stream is resumed later. The guard shows natter each
 * <a/> and <resumed/> before libstrophe parses it (guard.h); an impossible
 * count ends the connection instead, with libstrophe's queue intact. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"
#include "xmpp_internal.h"

static struct {
	bool enabled;    /* <enable/> sent: the server counts what follows */
	uint64_t sent;   /* stanzas sent since then (resends counted again) */
	uint64_t last_h; /* the highest count the server acknowledged */
} sm;

/* True when xml starts with the start tag of element name. */
static bool starts_tag(const char *xml, const char *name)
{
	size_t n = strlen(name);
	return xml[0] == '<' && strncmp(xml + 1, name, n) == 0 &&
	       (xml[1 + n] == ' ' || xml[1 + n] == '>' || xml[1 + n] == '/' || xml[1 + n] == '\t' ||
	        xml[1 + n] == '\n' || xml[1 + n] == '\r');
}

/* Note what libstrophe just wrote (its "SENT:" log line): <enable/> starts
 * the count, each message, presence or iq adds one. Counting a resent
 * stanza twice only makes the check more lenient, never wrong. */
void xsm_note_sent(const char *xml)
{
	if (starts_tag(xml, "enable")) {
		sm.enabled = true;
		sm.sent = 0;
		sm.last_h = 0;
	} else if (sm.enabled && (starts_tag(xml, "message") || starts_tag(xml, "presence") ||
	                          starts_tag(xml, "iq"))) {
		sm.sent++;
	}
}

/* Forget the count (a new session without stream management; tests). */
void xsm_reset(void)
{
	memset(&sm, 0, sizeof(sm));
}

/* The value of attribute h in the start tag of xml (len bytes), or NULL
 * when it is absent. Caller frees. */
static char *attr_h(const char *xml, size_t len)
{
	for (size_t i = 1; i + 2 < len && xml[i] != '>'; i++) {
		bool at_h = (xml[i - 1] == ' ' || xml[i - 1] == '\t' || xml[i - 1] == '\n' ||
		             xml[i - 1] == '\r') &&
		            xml[i] == 'h';
		size_t j = i + 1;
		while (at_h && j < len && (xml[j] == ' ' || xml[j] == '\t'))
			j++;
		if (!at_h || j + 1 >= len || xml[j] != '=')
			continue;
		j++;
		while (j < len && (xml[j] == ' ' || xml[j] == '\t'))
			j++;
		if (j >= len || (xml[j] != '"' && xml[j] != '\''))
			return NULL;
		const char *end = memchr(xml + j + 1, xml[j], len - j - 1);
		return end ? xstrndup(xml + j + 1, (size_t)(end - xml - j - 1)) : NULL;
	}
	return NULL;
}

/* h as a count: decimal digits, at most 2^32 - 1; false otherwise. */
static bool parse_count(const char *h, uint64_t *out)
{
	uint64_t v = 0;
	if (h == NULL || *h == '\0' || strlen(h) > 10)
		return false;
	for (const char *p = h; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return v <= UINT32_MAX;
}

/* Check an <a/> or <resumed/> (xml, len bytes) the server sent: NULL when
 * its count is possible, else why the connection must end (caller frees). */
char *xsm_check(const char *xml, size_t len)
{
	if (!sm.enabled)
		return NULL; /* libstrophe ignores acks without stream management */
	char *h = attr_h(xml, len);
	uint64_t v = 0;
	bool ok = parse_count(h, &v);
	char *why = NULL;
	if (!ok) {
		char *shown = h ? sanitize(h, strlen(h), SANITIZE_LINE, 32) : xstrdup("none");
		why = xasprintf("the server sent an unreadable stream management count (h=%s)",
		                shown);
		free(shown);
	} else if (v < sm.last_h) {
		why = xasprintf("the server's stream management count went backwards (%llu after "
		                "%llu)",
		                (unsigned long long)v, (unsigned long long)sm.last_h);
	} else if (sm.sent < UINT32_MAX && v > sm.sent) {
		why = xasprintf("the server acknowledged %llu stanzas but natter sent only %llu",
		                (unsigned long long)v, (unsigned long long)sm.sent);
	} else {
		sm.last_h = v;
	}
	free(h);
	return why;
}
