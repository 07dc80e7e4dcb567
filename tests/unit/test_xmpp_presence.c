/* test_xmpp_presence.c - presence per resource, pings, unknown IQs, log redaction */
#include "unit.h"
#include "xmpp_fixture.h"

/* bob in the roster. */
static void add_bob(void)
{
	roster_upsert("bob@example.org", "Bob", NULL, SUB_BOTH, false);
}

/* Presence per resource; the best one wins; unavailable removes it. */
static void test_presence_resources(void **state)
{
	(void)state;
	add_bob();
	struct contact *b = roster_find("bob@example.org");
	fix_feed(xh_presence, "<presence from='bob@example.org/phone'><show>away</show>"
	                      "<priority>1</priority><status>on the bus</status></presence>");
	assert_int_equal(contact_show(b), SHOW_AWAY);
	assert_string_equal(contact_status(b), "on the bus");
	fix_feed(xh_presence, "<presence from='bob@example.org/desk'><priority>5</priority>"
	                      "</presence>");
	assert_int_equal(contact_show(b), SHOW_ONLINE);
	assert_string_equal(b->resources->name, "desk");
	fix_feed(xh_presence, "<presence type='unavailable' from='bob@example.org/desk'/>");
	assert_int_equal(contact_show(b), SHOW_AWAY);
	fix_feed(xh_presence, "<presence type='unavailable' from='bob@example.org/phone'/>");
	assert_int_equal(contact_show(b), SHOW_OFFLINE);
	assert_null(b->resources);
}

/* Hostile presence: junk priority, huge status, escapes, strangers. */
static void test_presence_hostile(void **state)
{
	(void)state;
	add_bob();
	struct contact *b = roster_find("bob@example.org");
	char xml[8192];
	int n = snprintf(xml, sizeof(xml),
	                 "<presence from='bob@example.org/r&#x202e;x'><show>bogus</show>"
	                 "<priority>99999999999999999999</priority><status>&#x9b;2J");
	memset(xml + n, 'z', 4000);
	strcpy(xml + n + 4000, "</status></presence>");
	fix_feed(xh_presence, xml);
	assert_int_equal(contact_show(b), SHOW_ONLINE);
	assert_int_equal(b->resources->priority, 127);
	assert_null(strstr(b->resources->status, "\xc2\x9b"));
	assert_true(strlen(b->resources->status) <= XS_LINE_MAX + 4);
	assert_null(strstr(b->resources->name, "\xe2\x80\xae"));
	fix_feed(xh_presence, "<presence from='stranger@example.org/x'/>");
	assert_null(roster_find("stranger@example.org"));
	fix_feed(xh_presence, "<presence/>");
	fix_feed(xh_presence, "<presence from=''/>");
}

/* Subscription requests are shown in the console, never accepted. */
static void test_subscribe_shown_not_accepted(void **state)
{
	(void)state;
	fix_feed(xh_presence, "<presence type='subscribe' from='eve@example.org'/>");
	struct conv *con = conv_console();
	assert_true(con->len >= 1);
	assert_non_null(strstr(con->msgs[con->len - 1]->body, "eve@example.org asks"));
	assert_null(fix_sent_matching("subscribed"));
}

/* Our presence goes out with show and status. */
static void test_presence_out(void **state)
{
	(void)state;
	xpresence_send(SHOW_DND, "busy <now>");
	const char *p = fix_sent_matching("<presence");
	assert_non_null(p);
	assert_non_null(strstr(p, "<show>dnd</show>"));
	assert_non_null(strstr(p, "busy &lt;now&gt;"));
	fix_clear_sent();
	xpresence_send(SHOW_OFFLINE, NULL);
	assert_non_null(fix_sent_matching("type=\"unavailable\""));
}

/* Pings: answered for the server and contacts, refused to strangers. */
static void test_ping_answers(void **state)
{
	(void)state;
	add_bob();
	fix_feed(xh_iq,
	         "<iq type='get' id='p1' from='example.org'><ping xmlns='urn:xmpp:ping'/></iq>");
	fix_feed(
	    xh_iq,
	    "<iq type='get' id='p2' from='bob@example.org/x'><ping xmlns='urn:xmpp:ping'/></iq>");
	fix_feed(
	    xh_iq,
	    "<iq type='get' id='p3' from='eve@evil.example/x'><ping xmlns='urn:xmpp:ping'/></iq>");
	const char *a1 = fix_sent_matching("id=\"p1\"");
	const char *a2 = fix_sent_matching("id=\"p2\"");
	const char *a3 = fix_sent_matching("id=\"p3\"");
	assert_non_null(a1);
	assert_non_null(strstr(a1, "type=\"result\""));
	assert_non_null(strstr(a2, "type=\"result\""));
	assert_non_null(strstr(a3, "service-unavailable"));
}

/* Unknown requests get service-unavailable; stray results are ignored. */
static void test_unknown_iq(void **state)
{
	(void)state;
	fix_feed(xh_iq, "<iq type='get' id='u1' from='example.org'><query xmlns='urn:x:y'/></iq>");
	const char *a = fix_sent_matching("id=\"u1\"");
	assert_non_null(a);
	assert_non_null(strstr(a, "type=\"error\""));
	assert_non_null(strstr(a, "service-unavailable"));
	fix_clear_sent();
	fix_feed(xh_iq, "<iq type='result' id='nobody-asked' from='example.org'/>");
	fix_feed(xh_iq, "<iq id='no-type'/>");
	fix_feed(xh_iq, "<iq type='set'/>");
	assert_int_equal(fix_nsent, 1); /* only the error for the id-less set */
}

/* SASL payloads and passwords never reach the XML log. */
static void test_redaction(void **state)
{
	(void)state;
	struct {
		const char *in, *out;
	} cases[] = {
	    {"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
	     "mechanism='PLAIN'>AGFsaWNlAHNlY3JldA==</auth>",
	     "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>[redacted]</auth>"},
	    {"<response xmlns='x'>c=biws,r=abc,p=xyz</response>",
	     "<response xmlns='x'>[redacted]</response>"},
	    {"<challenge>cj1hYmM=</challenge>", "<challenge>[redacted]</challenge>"},
	    {"<success xmlns='x'>dj1abc</success>", "<success xmlns='x'>[redacted]</success>"},
	    {"<iq><query><username>a</username><password>hunter2</password></query></iq>",
	     "<iq><query><username>a</username><password>[redacted]</password></query></iq>"},
	    {"<success xmlns='x'/>", "<success xmlns='x'/>"},
	    {"<message><body>my password is hunter2</body></message>",
	     "<message><body>my password is hunter2</body></message>"},
	    {"<authx>keep</authx>", "<authx>keep</authx>"},
	    {"<auth mechanism='PLAIN'>unterminated", "<auth mechanism='PLAIN'>[redacted]"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = xlog_redact(cases[i].in);
		assert_string_equal(r, cases[i].out);
		free(r);
	}
}

/* Certificate errors in plain words. */
static void test_tls_reasons(void **state)
{
	(void)state;
	assert_non_null(strstr(xtls_reason("certificate has expired"), "expired"));
	assert_non_null(strstr(xtls_reason("Hostname mismatch"), "another host"));
	assert_non_null(strstr(xtls_reason("self-signed certificate"), "self-signed"));
	assert_non_null(strstr(xtls_reason("unable to get local issuer certificate"), "issuer"));
	assert_non_null(xtls_reason(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_presence_resources, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_presence_hostile, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_subscribe_shown_not_accepted, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_presence_out, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_ping_answers, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_iq, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_redaction, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_tls_reasons, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("xmpp_presence", tests, NULL, NULL);
}
