/* test_xmpp_carbons.c - XEP-0280 carbons: enabling, accepted copies, forgeries */
#include <time.h>

#include "unit.h"
#include "xmpp_fixture.h"

/* A contact who sees our presence. */
static void add_bob(void)
{
	char *groups[] = {NULL};
	roster_upsert("bob@example.org", "Bob", groups, SUB_BOTH, false);
}

/* Feed a carbon: outer from, wrapper (received|sent) and the forwarded part. */
static void feed_carbon(const char *from, const char *wrapper, const char *forwarded)
{
	char xml[2048];
	snprintf(xml, sizeof(xml),
	         "<message from='%s' to='alice@example.org/natter' type='chat'>"
	         "<%s xmlns='urn:xmpp:carbons:2'>%s</%s></message>",
	         from, wrapper, forwarded, wrapper);
	fix_feed(xh_message, xml);
}

/* Number of open conversations, console included. */
static size_t nconvs(void)
{
	size_t n;
	conv_list(&n);
	return n;
}

#define FWD_FROM_BOB                                                                               \
	"<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "                    \
	"from='bob@example.org/phone' to='alice@example.org/other' type='chat' id='r1'>"           \
	"<body>hello from bob</body><request xmlns='urn:xmpp:receipts'/></message></forwarded>"

#define FWD_TO_BOB                                                                                 \
	"<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "                    \
	"from='alice@example.org/other' to='bob@example.org/phone' type='chat' id='s1'>"           \
	"<body>written elsewhere</body></message></forwarded>"

/* Enabling sends the request; a refusal is reported once, in words. */
static void test_enable_and_refusal(void **state)
{
	(void)state;
	struct conv *console = conv_console();
	size_t before = console->len;
	xcarbons_enable();
	const char *iq = fix_sent_matching("urn:xmpp:carbons:2");
	assert_non_null(iq);
	assert_non_null(strstr(iq, "<iq"));
	assert_non_null(strstr(iq, "type=\"set\""));
	assert_non_null(strstr(iq, "<enable"));
	char id[32], xml[512];
	fix_sent_id(iq, id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s'><error type='cancel'><feature-not-implemented "
	         "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_int_equal(console->len, before + 1);
	const char *line = console->msgs[console->len - 1]->body;
	assert_non_null(strstr(line, "carbons"));
	assert_non_null(strstr(line, "feature not implemented"));
	/* the next session's refusal says nothing new */
	fix_clear_sent();
	xcarbons_enable();
	fix_sent_id(fix_sent_matching("urn:xmpp:carbons:2"), id, sizeof(id));
	snprintf(xml, sizeof(xml), "<iq type='error' id='%s'/>", id);
	fix_feed(xh_iq, xml);
	assert_int_equal(console->len, before + 1);
}

/* A successful enable says nothing. */
static void test_enable_ok_is_quiet(void **state)
{
	(void)state;
	struct conv *console = conv_console();
	size_t before = console->len;
	xcarbons_enable();
	char id[32], xml[256];
	fix_sent_id(fix_sent_matching("urn:xmpp:carbons:2"), id, sizeof(id));
	snprintf(xml, sizeof(xml), "<iq type='result' id='%s' from='alice@example.org'/>", id);
	fix_feed(xh_iq, xml);
	assert_int_equal(console->len, before);
}

/* A received carbon from our own bare JID shows like a live message, but
 * its receipt is left to the device that got the original. */
static void test_received_carbon(void **state)
{
	(void)state;
	add_bob();
	feed_carbon("alice@example.org", "received", FWD_FROM_BOB);
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_int_equal(cv->len, 1);
	assert_int_equal(cv->msgs[0]->dir, MSG_IN);
	assert_string_equal(cv->msgs[0]->from, "Bob");
	assert_string_equal(cv->msgs[0]->body, "hello from bob");
	assert_string_equal(cv->msgs[0]->id, "r1");
	assert_int_equal(cv->unread, 1);
	assert_null(fix_sent_matching("urn:xmpp:receipts"));
}

/* A sent carbon is our own message from another device, shown as sent. */
static void test_sent_carbon(void **state)
{
	(void)state;
	add_bob();
	feed_carbon("alice@example.org", "sent", FWD_TO_BOB);
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_int_equal(cv->len, 1);
	struct message *m = cv->msgs[0];
	assert_int_equal(m->dir, MSG_OUT);
	assert_string_equal(m->from, "alice");
	assert_string_equal(m->body, "written elsewhere");
	assert_string_equal(m->id, "s1");
	assert_int_equal(m->state, MSG_SENT);
	assert_int_equal(cv->unread, 0);
	/* the same copy again adds nothing */
	feed_carbon("alice@example.org", "sent", FWD_TO_BOB);
	assert_int_equal(cv->len, 1);
}

/* The stamp on the forwarded part gives the sent carbon's time (and a
 * message written without its namespace is still taken). */
static void test_sent_carbon_delay(void **state)
{
	(void)state;
	feed_carbon("alice@example.org", "sent",
	            "<forwarded xmlns='urn:xmpp:forward:0'>"
	            "<delay xmlns='urn:xmpp:delay' stamp='2020-01-02T03:04:05Z'/>"
	            "<message from='alice@example.org/other' to='bob@example.org' id='d1'>"
	            "<body>old</body></message></forwarded>");
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_int_equal(cv->msgs[0]->ts, 1577934245);
}

/* The carbon of a message this client sent is not shown twice, and it
 * proves the server has it. */
static void test_carbon_of_own_message(void **state)
{
	(void)state;
	add_bob();
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_open("bob@example.org");
	assert_int_equal(core_send(cv, "from here"), 0);
	struct message *m = cv->msgs[cv->len - 1];
	assert_int_equal(m->state, MSG_SENDING);
	char fwd[512];
	snprintf(fwd, sizeof(fwd),
	         "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	         "from='alice@example.org/natter' "
	         "to='bob@example.org' type='chat' id='%s'><body>from here</body>"
	         "<origin-id xmlns='urn:xmpp:sid:0' id='%s'/></message></forwarded>",
	         m->id, m->id);
	feed_carbon("alice@example.org", "sent", fwd);
	assert_int_equal(cv->len, 1);
	assert_int_equal(m->state, MSG_SENT);
}

/* Carbons from anyone but our own bare JID are ignored, body and all. */
static void test_forged_carbons(void **state)
{
	(void)state;
	add_bob();
	const char *forgers[] = {"bob@example.org/x",    "bob@example.org",
	                         "mallory@evil.example", "alice@example.org/other",
	                         "example.org",          "alice@example.org.evil.example"};
	for (size_t i = 0; i < sizeof(forgers) / sizeof(forgers[0]); i++) {
		feed_carbon(forgers[i], "received", FWD_FROM_BOB);
		feed_carbon(forgers[i], "sent", FWD_TO_BOB);
	}
	assert_int_equal(nconvs(), 1);
	assert_null(conv_find("bob@example.org"));
}

/* Wrappers that do not have the shape of a carbon are refused. */
static void test_malformed_carbons(void **state)
{
	(void)state;
	const char *bad[] = {
	    /* message directly in the wrapper */
	    "<message xmlns='jabber:client' from='bob@example.org/x' "
	    "to='alice@example.org'><body>a</body></message>",
	    /* forwarded in the wrong namespace */
	    "<forwarded xmlns='urn:xmpp:forward:1'><message xmlns='jabber:client' "
	    "from='bob@example.org/x'>"
	    "<body>b</body></message></forwarded>",
	    /* two messages */
	    "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	    "from='bob@example.org/x'>"
	    "<body>c</body></message><message xmlns='jabber:client' "
	    "from='carol@example.org/x'><body>c2</body>"
	    "</message></forwarded>",
	    /* something else next to the message */
	    "<forwarded xmlns='urn:xmpp:forward:0'><iq from='bob@example.org/x'/>"
	    "<message xmlns='jabber:client' "
	    "from='bob@example.org/x'><body>d</body></message></forwarded>",
	    /* two forwarded elements */
	    "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	    "from='bob@example.org/x'>"
	    "<body>e</body></message></forwarded><forwarded xmlns='urn:xmpp:forward:0'>"
	    "<message xmlns='jabber:client' "
	    "from='carol@example.org/x'><body>e2</body></message></forwarded>",
	    /* the message in a foreign namespace */
	    "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:server' "
	    "from='bob@example.org/x'><body>f</body></message></forwarded>",
	    /* a carbon inside the carbon */
	    "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	    "from='alice@example.org'>"
	    "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
	    "<message xmlns='jabber:client' "
	    "from='bob@example.org/x'><body>g</body></message></forwarded></received>"
	    "</message></forwarded>",
	    /* forwarded with no message */
	    "<forwarded xmlns='urn:xmpp:forward:0'/>",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		feed_carbon("alice@example.org", "received", bad[i]);
	assert_int_equal(nconvs(), 1);
	struct conv *alice = conv_find("alice@example.org");
	assert_true(alice == NULL || alice->len == 0);
}

/* The forwarded message must name its parties properly. */
static void test_carbons_missing_parties(void **state)
{
	(void)state;
	/* received: no from */
	feed_carbon("alice@example.org", "received",
	            "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	            "to='alice@example.org'>"
	            "<body>who?</body></message></forwarded>");
	/* received: addressed to somebody else */
	feed_carbon("alice@example.org", "received",
	            "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	            "from='bob@example.org/x' "
	            "to='carol@example.org'><body>not ours</body></message></forwarded>");
	/* received: invalid from */
	feed_carbon(
	    "alice@example.org", "received",
	    "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='bad jid@x'>"
	    "<body>bad</body></message></forwarded>");
	/* sent: no to */
	feed_carbon("alice@example.org", "sent",
	            "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	            "from='alice@example.org/o'>"
	            "<body>to whom?</body></message></forwarded>");
	/* sent: from somebody else */
	feed_carbon("alice@example.org", "sent",
	            "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	            "from='bob@example.org/x' "
	            "to='carol@example.org'><body>bob's words</body></message></forwarded>");
	/* group chat and error copies are not one-to-one messages */
	feed_carbon(
	    "alice@example.org", "received",
	    "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='groupchat' "
	    "from='room@muc.example.org/n'><body>room</body></message></forwarded>");
	feed_carbon(
	    "alice@example.org", "received",
	    "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='error' "
	    "from='bob@example.org/x'><body>err</body></message></forwarded>");
	assert_int_equal(nconvs(), 1);
}

/* A displayed marker the contact sent to our other device reads ours too. */
static void test_received_carbon_with_marker(void **state)
{
	(void)state;
	add_bob();
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_open("bob@example.org");
	assert_int_equal(core_send(cv, "read me"), 0);
	struct message *m = cv->msgs[cv->len - 1];
	char fwd[512];
	snprintf(fwd, sizeof(fwd),
	         "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
	         "from='bob@example.org/x' "
	         "to='alice@example.org/other' type='chat'>"
	         "<displayed xmlns='urn:xmpp:chat-markers:0' id='%s'/></message></forwarded>",
	         m->id);
	feed_carbon("alice@example.org", "received", fwd);
	assert_int_equal(m->state, MSG_READ);
	assert_int_equal(cv->len, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_enable_and_refusal, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_enable_ok_is_quiet, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_received_carbon, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_sent_carbon, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_sent_carbon_delay, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_carbon_of_own_message, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_forged_carbons, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_malformed_carbons, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_carbons_missing_parties, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_received_carbon_with_marker, fix_setup,
	                                    fix_teardown),
	};
	return cmocka_run_group_tests_name("xmpp_carbons", tests, NULL, NULL);
}
