/* test_xmlscan.c - the stream scanner: verdicts independent of how the
 * stream is split, each refusal class, restarts, capture, hostile inputs */
#include "unit.h"

#include <stdio.h>
#include <time.h>

#include "guard.h"
#include "xmalloc.h"

#define HDR                                                                                        \
	"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "                               \
	"xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"

/* A stream and the start of the reason it must get (NULL: accepted). */
struct scan_case {
	const char *in;
	const char *reason;
	unsigned depth; /* depth after the whole input, when accepted */
};

static const struct scan_case cases[] = {
    {HDR, NULL, 1},
    {"  \n" HDR "<message to='a'><body>x &amp; y</body></message> ", NULL, 1},
    {HDR "<a x='>' y=\"<\"/><b x=\">\">t</b>", NULL, 1},
    {HDR "<a><!-- a comment <b> --><![CDATA[ <c> ]] ]]></a>", NULL, 1},
    {HDR "<a><?pi <b>?></a>", NULL, 1},
    {HDR "<stream:features/>" HDR "<success/>", NULL, 1}, /* restarts */
    {HDR "<a/></stream:stream>", NULL, 0},
    {HDR "<x:a xmlns:x='u'><x:b/></x:a>", NULL, 1},
    {HDR "<a></b>", "the server sent malformed XML (end tag </b> does not match <a>)", 0},
    {HDR "<a><b></a></b>", "the server sent malformed XML (end tag </a> does not match <b>)", 0},
    {HDR "</a>", "the server sent malformed XML (end tag </a> does not match <stream:stream>)", 0},
    {"<message/>", "the server sent malformed XML (an element outside the stream)", 0},
    {"hello" HDR, "the server sent malformed XML (text outside the stream)", 0},
    {"<!DOCTYPE x [<!ENTITY a 'b'>]>" HDR, "the server sent a DOCTYPE", 0},
    {HDR "<a><!ENTITY x 'y'></a>", "the server sent a DOCTYPE", 0},
    {"<!-- c -->" HDR, "the server sent malformed XML (a comment outside the stream)", 0},
    {HDR "< a/>", "the server sent malformed XML ('<' that starts no tag)", 0},
    {HDR "<a <b>", "the server sent malformed XML ('<' inside a tag)", 0},
    {HDR "<a/ >", "the server sent malformed XML ('/' inside a tag", 0},
    {HDR "<a\x1b[2J>", "the server sent malformed XML (a forbidden character", 0},
};

/* Feed in pieces of at most step bytes; the reason, or NULL. */
static const char *feed_split(struct xmlscan *s, const char *in, size_t len, size_t step)
{
	const char *why = NULL;
	for (size_t i = 0; i < len && why == NULL; i += step)
		why = xmlscan_feed(s, in + i, len - i < step ? len - i : step);
	return why;
}

/* Feed in two pieces split at cut. */
static const char *feed_cut(struct xmlscan *s, const char *in, size_t len, size_t cut)
{
	const char *why = xmlscan_feed(s, in, cut);
	return why ? why : xmlscan_feed(s, in + cut, len - cut);
}

/* Check one verdict against a case. */
static void check_verdict(const struct scan_case *c, struct xmlscan *s, const char *why)
{
	if (c->reason == NULL) {
		if (why)
			fail_msg("%s: refused: %s", c->in, why);
		assert_int_equal(xmlscan_depth(s), c->depth);
	} else {
		if (why == NULL)
			fail_msg("%s: accepted", c->in);
		if (strncmp(why, c->reason, strlen(c->reason)) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", c->in, why, c->reason);
	}
}

/* Every case gives the same verdict in one piece, byte by byte, and cut at
 * every position. */
static void test_cases_any_split(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct scan_case *c = &cases[k];
		size_t len = strlen(c->in);
		for (size_t cut = 0; cut <= len; cut++) {
			struct xmlscan *s = xmlscan_new(NULL, NULL);
			check_verdict(c, s, feed_cut(s, c->in, len, cut));
			xmlscan_free(s);
		}
		struct xmlscan *s = xmlscan_new(NULL, NULL);
		check_verdict(c, s, feed_split(s, c->in, len, 1));
		xmlscan_free(s);
	}
}

/* After a refusal, everything is refused. */
static void test_refusal_sticks(void **state)
{
	(void)state;
	struct xmlscan *s = xmlscan_new(NULL, NULL);
	assert_non_null(xmlscan_feed(s, "<a/>", 4));
	assert_non_null(xmlscan_feed(s, " ", 1));
	xmlscan_free(s);
}

/* What the capture hook saw. */
struct seen {
	int n;
	char last[256];
	const char *veto; /* refuse elements containing this */
};

/* Capture hook: remember the element, veto when asked. */
static char *on_element(const char *xml, size_t len, void *arg)
{
	struct seen *seen = arg;
	seen->n++;
	snprintf(seen->last, sizeof(seen->last), "%.*s", (int)len, xml);
	if (seen->veto && strstr(seen->last, seen->veto))
		return xstrdup("vetoed");
	return NULL;
}

/* Capture hands over whole top-level elements, however they were split,
 * not stream headers or comments; off, nothing. */
static void test_capture(void **state)
{
	(void)state;
	const char *in = HDR "<stream:features><starttls xmlns='x'><required/></starttls>"
	                     "</stream:features><!-- c -->" HDR "<proceed a='>'/>";
	size_t len = strlen(in);
	for (size_t step = 1; step <= len; step += 7) {
		struct seen seen = {0};
		struct xmlscan *s = xmlscan_new(on_element, &seen);
		xmlscan_capture(s, true);
		assert_null(feed_split(s, in, len, step));
		assert_int_equal(seen.n, 2);
		assert_string_equal(seen.last, "<proceed a='>'/>");
		xmlscan_capture(s, false);
		assert_null(xmlscan_feed(s, "<message/>", 10));
		assert_int_equal(seen.n, 2);
		xmlscan_free(s);
	}
	struct seen seen = {.veto = "failure"};
	struct xmlscan *s = xmlscan_new(on_element, &seen);
	xmlscan_capture(s, true);
	const char *bad = HDR "<failure><x/></failure>";
	assert_string_equal(xmlscan_feed(s, bad, strlen(bad)), "vetoed");
	xmlscan_free(s);
}

/* A captured element larger than GUARD_MAX_CAPTURE is refused. */
static void test_capture_limit(void **state)
{
	(void)state;
	struct seen seen = {0};
	struct xmlscan *s = xmlscan_new(on_element, &seen);
	xmlscan_capture(s, true);
	assert_null(xmlscan_feed(s, HDR "<a>", strlen(HDR) + 3));
	char *text = xmalloc(GUARD_MAX_CAPTURE);
	memset(text, 'x', GUARD_MAX_CAPTURE);
	const char *why = xmlscan_feed(s, text, GUARD_MAX_CAPTURE);
	assert_non_null(why);
	assert_non_null(strstr(why, "negotiation element larger than 64 KiB"));
	free(text);
	xmlscan_free(s);
}

/* 10,000 nested opens: refused at depth 65, whatever the split. */
static void test_deep_nesting(void **state)
{
	(void)state;
	size_t n = 10000;
	char *in = xmalloc(strlen(HDR) + 3 * n + 1);
	strcpy(in, HDR);
	for (size_t i = 0; i < n; i++)
		memcpy(in + strlen(HDR) + 3 * i, "<a>", 3);
	size_t len = strlen(HDR) + 3 * n;
	for (size_t step = 1; step < 5000; step = step * 3 + 1) {
		struct xmlscan *s = xmlscan_new(NULL, NULL);
		const char *why = feed_split(s, in, len, step);
		assert_non_null(why);
		assert_string_equal(why, "the server sent XML nested deeper than 64 elements");
		assert_int_equal(xmlscan_depth(s), GUARD_MAX_DEPTH);
		xmlscan_free(s);
	}
	free(in);
}

/* 64 levels, the stream counted, pass. */
static void test_depth_limit_exact(void **state)
{
	(void)state;
	struct xmlscan *s = xmlscan_new(NULL, NULL);
	assert_null(xmlscan_feed(s, HDR, strlen(HDR)));
	for (int i = 1; i < GUARD_MAX_DEPTH; i++)
		assert_null(xmlscan_feed(s, "<a>", 3));
	assert_int_equal(xmlscan_depth(s), GUARD_MAX_DEPTH);
	assert_null(xmlscan_feed(s, "<b/>", 4));
	assert_non_null(xmlscan_feed(s, "<a>", 3));
	xmlscan_free(s);
}

/* A name longer than GUARD_MAX_NAME is refused, split or not. */
static void test_long_name(void **state)
{
	(void)state;
	char name[GUARD_MAX_NAME + 2];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	for (size_t step = 1; step < 400; step *= 7) {
		struct xmlscan *s = xmlscan_new(NULL, NULL);
		assert_null(xmlscan_feed(s, HDR "<", strlen(HDR) + 1));
		const char *why = feed_split(s, name, strlen(name), step);
		assert_non_null(why);
		assert_non_null(strstr(why, "element name longer than 256 bytes"));
		xmlscan_free(s);
	}
	struct xmlscan *s = xmlscan_new(NULL, NULL);
	name[GUARD_MAX_NAME] = '\0';
	assert_null(xmlscan_feed(s, HDR "<", strlen(HDR) + 1));
	assert_null(xmlscan_feed(s, name, strlen(name)));
	assert_null(xmlscan_feed(s, "/>", 2));
	xmlscan_free(s);
}

/* Unterminated constructs are not refused (more may come) and keep depth. */
static void test_unterminated(void **state)
{
	(void)state;
	const char *ins[] = {HDR "<a x='>>>>", HDR "<!-- -- >", HDR "<![CDATA[ ]>",
	                     HDR "<?pi ?",     HDR "<a",        HDR "</stream:stream"};
	for (size_t i = 0; i < sizeof(ins) / sizeof(ins[0]); i++) {
		struct xmlscan *s = xmlscan_new(NULL, NULL);
		assert_null(xmlscan_feed(s, ins[i], strlen(ins[i])));
		assert_int_equal(xmlscan_depth(s), 1);
		xmlscan_free(s);
	}
}

/* A 5 MiB stanza in 4 KiB feeds is refused once it passes 4 MiB, before
 * its end; a stanza of exactly the limit passes. Prints the scan speed. */
static void test_big_stanza(void **state)
{
	(void)state;
	size_t big = 5u * 1024 * 1024;
	char *body = xmalloc(big);
	memset(body, 'x', big);
	struct xmlscan *s = xmlscan_new(NULL, NULL);
	assert_null(xmlscan_feed(s, HDR "<message><body>", strlen(HDR) + 15));
	size_t fed = 15;
	const char *why = NULL;
	for (size_t i = 0; i < big && why == NULL; i += 4096) {
		why = xmlscan_feed(s, body + i, 4096);
		fed += 4096;
	}
	assert_non_null(why);
	assert_string_equal(why, "the server sent a stanza larger than 4 MiB");
	assert_true(fed > GUARD_MAX_STANZA && fed <= GUARD_MAX_STANZA + 4096);
	xmlscan_free(s);

	/* exactly the limit: <m>...</m> */
	s = xmlscan_new(NULL, NULL);
	assert_null(xmlscan_feed(s, HDR "<m>", strlen(HDR) + 3));
	assert_null(xmlscan_feed(s, body, GUARD_MAX_STANZA - 7));
	assert_null(xmlscan_feed(s, "</m>", 4));
	assert_null(xmlscan_feed(s, "<m>x</m>", 8));
	xmlscan_free(s);
	free(body);
}

/* Scan speed over typical stanzas (printed, not asserted). */
static void test_speed(void **state)
{
	(void)state;
	const char *st = "<message from='bob@example.org/phone' to='alice@example.org' "
	                 "type='chat' id='a1b2c3'><body>Hello there, how are you doing today? "
	                 "This is a fairly ordinary message body.</body><active "
	                 "xmlns='http://jabber.org/protocol/chatstates'/></message>";
	size_t one = strlen(st), n = 20000;
	char *buf = xmalloc(one * n);
	for (size_t i = 0; i < n; i++)
		memcpy(buf + i * one, st, one);
	struct xmlscan *s = xmlscan_new(NULL, NULL);
	assert_null(xmlscan_feed(s, HDR, strlen(HDR)));
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int rep = 0; rep < 10; rep++)
		assert_null(feed_split(s, buf, one * n, 4096));
	clock_gettime(CLOCK_MONOTONIC, &b);
	double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	double mb = 10.0 * (double)(one * n) / 1e6;
	printf("xmlscan: %.0f MB in %.3f s = %.0f MB/s (stanzas of %zu bytes, 4 KiB feeds)\n", mb,
	       secs, mb / secs, one);
	xmlscan_free(s);
	free(buf);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases_any_split), cmocka_unit_test(test_refusal_sticks),
	    cmocka_unit_test(test_capture),         cmocka_unit_test(test_capture_limit),
	    cmocka_unit_test(test_deep_nesting),    cmocka_unit_test(test_depth_limit_exact),
	    cmocka_unit_test(test_long_name),       cmocka_unit_test(test_unterminated),
	    cmocka_unit_test(test_big_stanza),      cmocka_unit_test(test_speed),
	};
	return cmocka_run_group_tests_name("xmlscan", tests, NULL, NULL);
}
