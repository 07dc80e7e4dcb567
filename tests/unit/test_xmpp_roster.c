/* test_xmpp_roster.c - roster results and pushes, including hostile ones */
#include "unit.h"
#include "xmpp_fixture.h"

/* Request the roster and return the id natter used. */
static void request_roster(char *id, size_t n)
{
	xroster_request();
	const char *q = fix_sent_matching("jabber:iq:roster");
	assert_non_null(q);
	fix_sent_id(q, id, n);
}

/* A roster result from our account fills the model. */
static void test_result_applied(void **state)
{
	(void)state;
	char id[32], xml[1024];
	request_roster(id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s'><query xmlns='jabber:iq:roster'>"
	         "<item jid='Bob@Example.org' name='Bob' subscription='both'><group>Friends</group>"
	         "<group>Work</group></item>"
	         "<item jid='carol@example.org' subscription='to' ask='subscribe'/>"
	         "</query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	struct contact *b = roster_find("bob@example.org");
	assert_non_null(b);
	assert_string_equal(b->jid, "bob@example.org");
	assert_string_equal(b->name, "Bob");
	assert_int_equal(b->sub, SUB_BOTH);
	assert_string_equal(b->groups[0], "Friends");
	assert_string_equal(b->groups[1], "Work");
	assert_null(b->groups[2]);
	struct contact *c = roster_find("carol@example.org");
	assert_non_null(c);
	assert_true(c->ask);
	assert_int_equal(c->sub, SUB_TO);
}

/* A stranger answering with our query's id is ignored (libstrophe matches ids only). */
static void test_result_from_stranger_ignored(void **state)
{
	(void)state;
	char id[32], xml[1024];
	request_roster(id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='mallory@evil.example'>"
	         "<query xmlns='jabber:iq:roster'><item jid='evil@evil.example' "
	         "subscription='both'/></query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_null(roster_find("evil@evil.example"));
	/* the real answer still gets through afterwards */
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='alice@example.org'>"
	         "<query xmlns='jabber:iq:roster'><item jid='bob@example.org' "
	         "subscription='both'/></query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_non_null(roster_find("bob@example.org"));
}

/* Pushes from our account apply and are acknowledged. */
static void test_push_applied_and_acked(void **state)
{
	(void)state;
	fix_feed(xh_iq,
	         "<iq type='set' id='p1'><query xmlns='jabber:iq:roster'>"
	         "<item jid='dave@example.org' name='Dave' subscription='none'/></query></iq>");
	assert_non_null(roster_find("dave@example.org"));
	const char *ack = fix_sent_matching("id=\"p1\"");
	assert_non_null(ack);
	assert_non_null(strstr(ack, "type=\"result\""));
	fix_feed(xh_iq, "<iq type='set' id='p2' from='alice@example.org'>"
	                "<query xmlns='jabber:iq:roster'>"
	                "<item jid='dave@example.org' subscription='remove'/></query></iq>");
	assert_null(roster_find("dave@example.org"));
}

/* Pushes from anyone else, even our own full JID, are refused. */
static void test_push_from_others_refused(void **state)
{
	(void)state;
	fix_feed(xh_iq, "<iq type='set' id='x1' from='mallory@evil.example'>"
	                "<query xmlns='jabber:iq:roster'>"
	                "<item jid='evil@evil.example' subscription='both'/></query></iq>");
	fix_feed(xh_iq, "<iq type='set' id='x2' from='alice@example.org/other'>"
	                "<query xmlns='jabber:iq:roster'>"
	                "<item jid='evil2@evil.example' subscription='both'/></query></iq>");
	assert_null(roster_find("evil@evil.example"));
	assert_null(roster_find("evil2@evil.example"));
	const char *err = fix_sent_matching("id=\"x1\"");
	assert_non_null(err);
	assert_non_null(strstr(err, "service-unavailable"));
}

/* Hostile items: bad JIDs skipped, names sanitized, groups bounded. */
static void test_hostile_items(void **state)
{
	(void)state;
	char xml[16384];
	int n = snprintf(xml, sizeof(xml),
	                 "<iq type='set' id='h1'><query xmlns='jabber:iq:roster'>"
	                 "<item subscription='both'/>"
	                 "<item jid='' subscription='both'/>"
	                 "<item jid='has space@example.org'/>"
	                 "<item jid='x@example.org/res'/>"
	                 "<item jid='eve@example.org' name='&#x9b;31mred&#x202e;&#xd;x'>");
	for (int i = 0; i < 100; i++)
		n += snprintf(xml + n, sizeof(xml) - (size_t)n, "<group>g%d</group>", i);
	snprintf(xml + n, sizeof(xml) - (size_t)n, "</item></query></iq>");
	fix_feed(xh_iq, xml);
	size_t count;
	roster_items(&count);
	assert_int_equal(count, 1);
	struct contact *e = roster_find("eve@example.org");
	assert_non_null(e);
	/* XML forbids ESC itself, but allows the 8-bit CSI (U+009B), CR and bidi overrides */
	assert_null(strstr(e->name, "\xc2\x9b"));
	assert_non_null(strstr(e->name, "31mred"));
	assert_null(strstr(e->name, "\xe2\x80\xae"));
	assert_null(strchr(e->name, '\r'));
	assert_int_equal(strv_len(e->groups), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_result_applied, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_result_from_stranger_ignored, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_push_applied_and_acked, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_push_from_others_refused, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_items, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("xmpp_roster", tests, NULL, NULL);
}
