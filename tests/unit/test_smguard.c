/* test_smguard.c - XEP-0198 acks checked against what natter sent, and
 * the scanner handing acks over while it captures nothing else */
#include <stdio.h>

#include "unit.h"

#include "guard.h"
#include "xmpp_internal.h"

#define ACK(h) "<a xmlns='urn:xmpp:sm:3' h='" h "'/>"

/* The check's verdict on ack xml: true when it lets it through. */
static bool ack_ok(const char *xml)
{
	char *why = xsm_check(xml, strlen(xml));
	bool ok = why == NULL;
	free(why);
	return ok;
}

/* Send n stanzas, as libstrophe's log reports them. */
static void sent(int n)
{
	for (int i = 0; i < n; i++)
		xsm_note_sent(i % 3 == 0 ? "<message to='bob@example.org'><body>x</body></message>"
		              : i % 3 == 1
		                  ? "<presence/>"
		                  : "<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
}

/* Counts up to what was sent pass; more, backwards or unreadable do not. */
static void test_counts(void **state)
{
	(void)state;
	xsm_reset();
	assert_true(ack_ok(ACK("500"))); /* no stream management: nothing to check */
	xsm_note_sent("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
	xsm_note_sent("<r xmlns='urn:xmpp:sm:3'/>"); /* not a stanza */
	sent(5);
	assert_true(ack_ok(ACK("0")));
	assert_true(ack_ok(ACK("3")));
	assert_true(ack_ok("<a xmlns='urn:xmpp:sm:3'  h = \"5\" />"));
	assert_false(ack_ok(ACK("6")));    /* more than sent */
	assert_false(ack_ok(ACK("4")));    /* backwards */
	assert_false(ack_ok(ACK("five"))); /* libstrophe would drop its whole queue */
	assert_false(ack_ok(ACK("")));
	assert_false(ack_ok(ACK("-1")));
	assert_false(ack_ok(ACK("99999999999")));
	assert_false(ack_ok("<a xmlns='urn:xmpp:sm:3'/>"));
	assert_false(ack_ok("<a xmlns='urn:xmpp:sm:3' hh='1'/>"));
	/* a resumed stream: the count goes on */
	xsm_note_sent("<resume xmlns='urn:xmpp:sm:3' h='0' previd='x'/>");
	assert_true(ack_ok("<resumed xmlns='urn:xmpp:sm:3' h='5' previd='x'/>"));
	assert_false(ack_ok("<resumed xmlns='urn:xmpp:sm:3' h='9' previd='x'/>"));
	sent(1);
	assert_true(ack_ok(ACK("6")));
	/* a new <enable/> starts over */
	xsm_note_sent("<enable xmlns='urn:xmpp:sm:3'/>");
	assert_false(ack_ok(ACK("1")));
	xsm_reset();
}

static int calls;
static char seen[600];

/* The scanner's element hook: record what it was given. */
static char *record(const char *xml, size_t len, void *arg)
{
	(void)arg;
	calls++;
	snprintf(seen, sizeof(seen), "%.*s", (int)len, xml);
	return NULL;
}

/* With capture off the scanner still hands over <a/> and <resumed/>, and
 * nothing else; an ack too long to be one is refused. */
static void test_scanner_hands_over_acks(void **state)
{
	(void)state;
	struct xmlscan *s = xmlscan_new(record, NULL);
	const char *head = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>";
	assert_null(xmlscan_feed(s, head, strlen(head)));
	xmlscan_capture(s, false);
	calls = 0;
	const char *traffic = "<message from='b@x'><a>not an ack</a><body>hi</body></message>"
	                      "<!-- a comment -->"
	                      "<alpha/><a xmlns='urn:xmpp:sm:3' h='7'/><r xmlns='urn:xmpp:sm:3'/>";
	for (size_t i = 0; traffic[i]; i++) /* split at every byte */
		assert_null(xmlscan_feed(s, traffic + i, 1));
	assert_int_equal(calls, 1);
	assert_string_equal(seen, "<a xmlns='urn:xmpp:sm:3' h='7'/>");
	char long_ack[700];
	snprintf(long_ack, sizeof(long_ack), "<a xmlns='urn:xmpp:sm:3' x='%0600d' h='1'/>", 0);
	assert_non_null(xmlscan_feed(s, long_ack, strlen(long_ack)));
	xmlscan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_scanner_hands_over_acks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
