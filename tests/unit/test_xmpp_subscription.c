/* test_xmpp_subscription.c - subscription requests and answers (floods and
 * hostile JIDs included), /accept, /deny and /roster editing as stanzas */
#include "unit.h"
#include "xmpp_fixture.h"

#include "cmd.h"
#include "roster.h"

/* The fixture, online as alice with the roster backend registered. */
static int setup(void **state)
{
	fix_setup(state);
	xsubscription_register();
	core_set_own_jid("alice@example.org/natter");
	core_set_conn_state(CONN_ONLINE, NULL);
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	roster_set_backend(NULL);
	return fix_teardown(state);
}

/* Number of console lines containing text. */
static int console_count(const char *text)
{
	struct conv *c = conv_console();
	int n = 0;
	for (size_t i = 0; i < c->len; i++)
		n += strstr(c->msgs[i]->body, text) != NULL;
	return n;
}

/* The newest console line. */
static const char *console_last(void)
{
	struct conv *c = conv_console();
	assert_true(c->len > 0);
	return c->msgs[c->len - 1]->body;
}

/* Feed a presence of type from jid. */
static void feed_sub(const char *type, const char *from)
{
	char xml[512];
	snprintf(xml, sizeof(xml), "<presence type='%s' from='%s'/>", type, from);
	fix_feed(xh_presence, xml);
}

/* Run a command line. */
static int run(const char *line)
{
	return cmd_run_line(line, NULL);
}

/* A request is kept, shown once, and nothing is sent or added. */
static void test_request_pending(void **state)
{
	(void)state;
	fix_feed(xh_presence, "<presence type='subscribe' from='Carol@Example.org/phone'>"
	                      "<status>it is me, Carol</status></presence>");
	const struct sub_request *r = roster_pending_find("carol@example.org");
	assert_non_null(r);
	assert_string_equal(r->jid, "carol@example.org");
	assert_string_equal(r->status, "it is me, Carol");
	assert_non_null(strstr(console_last(), "carol@example.org asks to see your presence"));
	assert_non_null(strstr(console_last(), "/accept carol@example.org"));
	/* the same request again: no second notice */
	feed_sub("subscribe", "carol@example.org");
	assert_int_equal(console_count("carol@example.org asks"), 1);
	size_t n;
	roster_pending(&n);
	assert_int_equal(n, 1);
	assert_int_equal(fix_nsent, 0);
	assert_null(roster_find("carol@example.org"));
}

/* /accept answers subscribed, asks back when we lack their presence, and
 * clears the request; /deny answers unsubscribed. */
static void test_accept_and_deny(void **state)
{
	(void)state;
	feed_sub("subscribe", "carol@example.org");
	feed_sub("subscribe", "dave@example.org");
	assert_int_equal(run("/accept carol@example.org"), 0);
	const char *yes = fix_sent_matching("type=\"subscribed\"");
	assert_non_null(yes);
	assert_non_null(strstr(yes, "to=\"carol@example.org\""));
	const char *back = fix_sent_matching("type=\"subscribe\"");
	assert_non_null(back);
	assert_non_null(strstr(back, "to=\"carol@example.org\""));
	assert_null(roster_pending_find("carol@example.org"));
	assert_non_null(strstr(console_last(), "carol@example.org can now see your presence"));
	fix_clear_sent();
	assert_int_equal(run("/deny dave@example.org"), 0);
	assert_int_equal(fix_nsent, 1);
	assert_non_null(strstr(fix_sent[0], "type=\"unsubscribed\""));
	assert_non_null(strstr(fix_sent[0], "to=\"dave@example.org\""));
	assert_null(roster_pending_find("dave@example.org"));
	assert_non_null(strstr(console_last(), "denied dave@example.org's request"));
}

/* A contact whose presence we see already is not asked again. */
static void test_accept_no_subscribe_back(void **state)
{
	(void)state;
	roster_upsert("bob@example.org", "Bob", NULL, SUB_TO, false);
	feed_sub("subscribe", "bob@example.org");
	assert_int_equal(run("/accept bob@example.org"), 0);
	assert_int_equal(fix_nsent, 1);
	assert_non_null(strstr(fix_sent[0], "type=\"subscribed\""));
}

/* Bad JIDs, our own JID and a full JID are refused before anything is sent. */
static void test_accept_refuses_bad_jids(void **state)
{
	(void)state;
	assert_int_equal(run("/accept not a jid"), -1);
	assert_int_equal(run("/accept @example.org"), -1);
	assert_non_null(strstr(console_last(), "not a valid JID"));
	assert_int_equal(run("/accept alice@example.org"), -1);
	assert_string_equal(console_last(), "that is your own account");
	assert_int_equal(run("/deny bob@example.org/phone"), -1);
	assert_non_null(strstr(console_last(), "use bob@example.org"));
	assert_int_equal(fix_nsent, 0);
	core_set_conn_state(CONN_OFFLINE, NULL);
	assert_int_equal(run("/accept carol@example.org"), -1);
	assert_non_null(strstr(console_last(), "not connected"));
	assert_int_equal(fix_nsent, 0);
}

/* auto_accept: none keeps requests, roster accepts contacts only, all
 * accepts anyone; the roster is never changed by it. */
static void test_auto_accept(void **state)
{
	(void)state;
	const char *err = NULL;
	assert_int_equal(setting_set("auto_accept", "sometimes", &err), -1);
	assert_string_equal(err, "auto_accept must be none, roster or all");
	roster_upsert("bob@example.org", "Bob", NULL, SUB_TO, false);
	feed_sub("subscribe", "bob@example.org");
	assert_int_equal(fix_nsent, 0); /* default none */
	assert_non_null(roster_pending_find("bob@example.org"));
	roster_pending_remove("bob@example.org");

	assert_int_equal(setting_set("auto_accept", "roster", &err), 0);
	feed_sub("subscribe", "bob@example.org");
	feed_sub("subscribe", "mallory@evil.example");
	assert_int_equal(fix_nsent, 1);
	assert_non_null(strstr(fix_sent[0], "to=\"bob@example.org\""));
	assert_non_null(strstr(fix_sent[0], "type=\"subscribed\""));
	assert_null(roster_pending_find("bob@example.org"));
	assert_non_null(roster_pending_find("mallory@evil.example"));
	fix_clear_sent();

	assert_int_equal(setting_set("auto_accept", "all", &err), 0);
	feed_sub("subscribe", "trent@example.net");
	assert_int_equal(fix_nsent, 1);
	assert_non_null(strstr(fix_sent[0], "to=\"trent@example.net\""));
	assert_null(fix_sent_matching("type=\"subscribe\""));
	assert_null(roster_find("trent@example.net"));
	assert_null(roster_find("mallory@evil.example"));
}

/* A flood stays bounded: 500 kept (the oldest dropped), five notices, then
 * one line per kind when the minute ends. */
static void test_flood_bounded(void **state)
{
	(void)state;
	enum { FLOOD = 2000 };
	size_t before = conv_console()->len;
	for (int i = 0; i < FLOOD; i++) {
		char jid[64];
		snprintf(jid, sizeof(jid), "spam%04d@evil.example", i);
		feed_sub("subscribe", jid);
	}
	size_t n;
	struct sub_request *const *reqs = roster_pending(&n);
	assert_int_equal(n, ROSTER_PENDING_MAX);
	assert_string_equal(reqs[0]->jid, "spam1500@evil.example");
	assert_string_equal(reqs[n - 1]->jid, "spam1999@evil.example");
	assert_int_equal(conv_console()->len - before, ROSTER_NOTICES_PER_SPELL);
	assert_int_equal(console_count("asks to see your presence"), ROSTER_NOTICES_PER_SPELL);
	roster_pending_spell_end();
	assert_int_equal(console_count("1995 more subscription requests arrived"), 1);
	assert_int_equal(console_count("dropped the 1500 oldest subscription requests"), 1);
	assert_int_equal(conv_console()->len - before, ROSTER_NOTICES_PER_SPELL + 2);
	/* the next minute announces again */
	feed_sub("subscribe", "late@example.org");
	assert_non_null(strstr(console_last(), "late@example.org asks"));
	assert_int_equal(fix_nsent, 0);
	size_t count;
	roster_items(&count);
	assert_int_equal(count, 0);
}

/* Hostile JIDs and types: nothing kept, nothing shown, nothing sent. */
static void test_hostile_requests(void **state)
{
	(void)state;
	char xml[8192];
	/* a bidi override would show another JID than the one asking */
	fix_feed(xh_presence,
	         "<presence type='subscribe' from='bob&#x202e;gro.elpmaxe@evil.example'/>");
	/* an 8-bit CSI inside the JID */
	fix_feed(xh_presence, "<presence type='subscribe' from='x&#x9b;2J@evil.example'/>");
	/* longer than anything we show */
	int k = snprintf(xml, sizeof(xml), "<presence type='subscribe' from='");
	memset(xml + k, 'a', 1000);
	snprintf(xml + k + 1000, sizeof(xml) - (size_t)k - 1000, "@%0500d.example'/>", 0);
	fix_feed(xh_presence, xml);
	fix_feed(xh_presence, "<presence type='subscribe' from='has space@example.org'/>");
	fix_feed(xh_presence, "<presence type='subscribe'/>");
	fix_feed(xh_presence, "<presence type='subscribe' from=''/>");
	fix_feed(xh_presence, "<presence type='probe' from='eve@example.org'/>");
	fix_feed(xh_presence, "<presence type='SUBSCRIBE' from='eve@example.org'/>");
	/* our own account asking is no request */
	feed_sub("subscribe", "alice@example.org/other");
	size_t n;
	roster_pending(&n);
	assert_int_equal(n, 0);
	assert_int_equal(fix_nsent, 0);
	assert_int_equal(console_count("asks"), 0);
}

/* A request's text is sanitized and bounded. */
static void test_request_status_sanitized(void **state)
{
	(void)state;
	char xml[8192];
	int k = snprintf(xml, sizeof(xml),
	                 "<presence type='subscribe' from='eve@example.org'>"
	                 "<status>&#x9b;31mhi&#x202e;");
	memset(xml + k, 'z', 3000);
	snprintf(xml + k + 3000, sizeof(xml) - (size_t)k - 3000, "</status></presence>");
	fix_feed(xh_presence, xml);
	const struct sub_request *r = roster_pending_find("eve@example.org");
	assert_non_null(r);
	assert_null(strstr(r->status, "\xc2\x9b"));
	assert_null(strstr(r->status, "\xe2\x80\xae"));
	assert_true(strlen(r->status) <= XS_LINE_MAX + 4);
	assert_null(strstr(console_last(), "\xc2\x9b"));
}

/* Answers update contacts in the roster and say so; strangers' answers and
 * repeats change nothing. */
static void test_answers(void **state)
{
	(void)state;
	roster_upsert("bob@example.org", "Bob", NULL, SUB_NONE, true);
	struct contact *b = roster_find("bob@example.org");
	feed_sub("subscribed", "bob@example.org");
	assert_int_equal(b->sub, SUB_TO);
	assert_false(b->ask);
	assert_non_null(strstr(console_last(), "bob@example.org accepted your request"));
	size_t lines = conv_console()->len;
	feed_sub("subscribed", "bob@example.org");
	assert_int_equal(conv_console()->len, lines);

	roster_upsert("carl@example.org", NULL, NULL, SUB_BOTH, false);
	struct contact *c = roster_find("carl@example.org");
	feed_sub("unsubscribe", "carl@example.org");
	assert_int_equal(c->sub, SUB_TO);
	assert_non_null(strstr(console_last(), "carl@example.org no longer sees your presence"));
	feed_sub("unsubscribed", "carl@example.org");
	assert_int_equal(c->sub, SUB_NONE);
	assert_non_null(strstr(console_last(), "no longer shares their presence"));

	roster_upsert("dora@example.org", NULL, NULL, SUB_FROM, true);
	feed_sub("unsubscribed", "dora@example.org");
	assert_int_equal(roster_find("dora@example.org")->sub, SUB_FROM);
	assert_non_null(strstr(console_last(), "did not accept your request"));

	lines = conv_console()->len;
	feed_sub("subscribed", "mallory@evil.example");
	feed_sub("unsubscribed", "mallory@evil.example");
	feed_sub("unsubscribe", "mallory@evil.example");
	assert_null(roster_find("mallory@evil.example"));
	assert_int_equal(conv_console()->len, lines);
	/* a withdrawn request goes away */
	feed_sub("subscribe", "nell@example.org");
	feed_sub("unsubscribe", "nell@example.org");
	assert_null(roster_pending_find("nell@example.org"));
	assert_non_null(strstr(console_last(), "nell@example.org withdrew"));
	assert_int_equal(fix_nsent, 0);
}

/* /roster add: a roster set with the name, then a subscription request. */
static void test_roster_add(void **state)
{
	(void)state;
	assert_int_equal(run("/roster add Carol@Example.org Carol <C> Smith"), 0);
	assert_int_equal(fix_nsent, 2);
	assert_non_null(strstr(fix_sent[0], "<iq "));
	assert_non_null(strstr(fix_sent[0], "type=\"set\""));
	assert_non_null(strstr(fix_sent[0], "<query xmlns=\"jabber:iq:roster\">"
	                                    "<item jid=\"carol@example.org\" "
	                                    "name=\"Carol &lt;C&gt; Smith\"/>"));
	assert_non_null(strstr(fix_sent[1], "<presence "));
	assert_non_null(strstr(fix_sent[1], "type=\"subscribe\""));
	assert_non_null(strstr(fix_sent[1], "to=\"carol@example.org\""));
	assert_non_null(strstr(console_last(), "adding carol@example.org to your roster"));
	/* the roster only changes when the server pushes */
	assert_null(roster_find("carol@example.org"));
	fix_clear_sent();
	assert_int_equal(run("/roster add dave@example.org"), 0);
	assert_non_null(strstr(fix_sent[0], "<item jid=\"dave@example.org\"/>"));
	fix_clear_sent();
	assert_int_equal(run("/roster add user@ Carol"), -1);
	assert_int_equal(run("/roster add eve@example.org bad\x01name"), -1);
	assert_non_null(strstr(console_last(), "cannot be sent"));
	assert_int_equal(run("/roster add"), -1);
	assert_string_equal(console_last(), "usage: /roster add JID [NAME]");
	assert_int_equal(fix_nsent, 0);
}

/* A refused change is explained in plain words. */
static void test_roster_change_refused(void **state)
{
	(void)state;
	char id[32], xml[512];
	assert_int_equal(run("/roster add carol@example.org"), 0);
	fix_sent_id(fix_sent_matching("jabber:iq:roster"), id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s'><error type='modify'><not-acceptable "
	         "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_non_null(
	    strstr(console_last(), "the server did not change carol@example.org in the roster"));
}

/* remove, rename and group send roster sets that keep the other fields. */
static void test_roster_edit(void **state)
{
	(void)state;
	char *groups[] = {"Work", "Old friends", NULL};
	roster_upsert("bob@example.org", "Bob", groups, SUB_BOTH, false);
	assert_int_equal(run("/roster rename bob@example.org Robert  B."), 0);
	assert_non_null(strstr(fix_sent[0], "<item jid=\"bob@example.org\" name=\"Robert B.\">"
	                                    "<group>Work</group><group>Old friends</group>"
	                                    "</item>"));
	fix_clear_sent();
	assert_int_equal(run("/roster group bob@example.org Home \"Old friends\" Home"), 0);
	assert_non_null(strstr(fix_sent[0], "<item jid=\"bob@example.org\" name=\"Bob\">"
	                                    "<group>Home</group><group>Old friends</group>"
	                                    "</item>"));
	assert_non_null(strstr(console_last(), "in the groups Home, Old friends"));
	fix_clear_sent();
	assert_int_equal(run("/roster group bob@example.org"), 0);
	assert_non_null(strstr(fix_sent[0], "<item jid=\"bob@example.org\" name=\"Bob\"/>"));
	fix_clear_sent();
	assert_int_equal(run("/roster remove BOB@example.org"), 0);
	assert_non_null(
	    strstr(fix_sent[0], "<item jid=\"bob@example.org\" subscription=\"remove\"/>"));
	fix_clear_sent();
	/* contacts not in the roster */
	assert_int_equal(run("/roster remove zed@example.org"), -1);
	assert_non_null(strstr(console_last(), "zed@example.org is not in your roster"));
	assert_int_equal(run("/roster rename zed@example.org Z"), -1);
	assert_int_equal(run("/roster group zed@example.org G"), -1);
	assert_int_equal(run("/roster rename bob@example.org"), -1);
	assert_string_equal(console_last(), "usage: /roster rename JID NAME");
	assert_int_equal(run("/roster frobnicate x"), -1);
	assert_non_null(strstr(console_last(), "unknown subcommand /roster frobnicate"));
	assert_int_equal(fix_nsent, 0);
}

/* Pushes for a pending JID that now has 'from' clear the request (answered
 * from another device). */
static void test_push_answers_request(void **state)
{
	(void)state;
	feed_sub("subscribe", "carol@example.org");
	fix_feed(xh_iq, "<iq type='set' id='p1'><query xmlns='jabber:iq:roster'>"
	                "<item jid='carol@example.org' subscription='from'/></query></iq>");
	assert_null(roster_pending_find("carol@example.org"));
}

/* /roster lists the pending requests after the contacts; search and filter
 * match names, JIDs and groups. */
static void test_roster_list_search_filter(void **state)
{
	(void)state;
	char *work[] = {"Work", NULL};
	roster_upsert("bob@example.org", "Bob", work, SUB_BOTH, false);
	roster_upsert("ann@example.org", "Ann", NULL, SUB_NONE, true);
	fix_feed(xh_presence, "<presence type='subscribe' from='carol@example.org'>"
	                      "<status>hello</status></presence>");
	assert_int_equal(run("/roster"), 0);
	assert_int_equal(console_count("Roster (2 contacts):"), 1);
	assert_int_equal(console_count("  Bob <bob@example.org>  subscription both  groups: Work  "
	                               "offline"),
	                 1);
	assert_int_equal(console_count("subscription none (request pending)"), 1);
	assert_int_equal(console_count("Waiting for your answer (1)"), 1);
	assert_non_null(strstr(console_last(), "carol@example.org  asked "));
	assert_non_null(strstr(console_last(), ": hello"));

	assert_int_equal(run("/roster search WORK"), 0);
	assert_int_equal(console_count("1 contact matches \"WORK\":"), 1);
	assert_int_equal(run("/roster search example"), 0);
	assert_int_equal(console_count("2 contacts match \"example\":"), 1);
	assert_int_equal(run("/roster search nobody"), 0);
	assert_non_null(strstr(console_last(), "no contact's name, JID or group contains"));
	assert_int_equal(run("/roster search"), -1);

	assert_int_equal(run("/roster filter an"), 0);
	assert_string_equal(roster_filter(), "an");
	assert_non_null(strstr(console_last(), "roster filter \"an\": 1 contact match"));
	assert_int_equal(run("/roster filter"), 0);
	assert_string_equal(roster_filter(), "");
	assert_int_equal(run("/roster fold Work"), 0);
	assert_true(roster_group_folded("Work"));
	assert_int_equal(run("/roster fold Work"), 0);
	assert_false(roster_group_folded("Work"));
	assert_int_equal(fix_nsent, 0);
}

/* Completion: subcommands, roster and pending JIDs, groups. */
static void test_completion(void **state)
{
	(void)state;
	size_t ws;
	char *work[] = {"Work", NULL};
	roster_upsert("bob@example.org", "Bob", work, SUB_FROM, false);
	feed_sub("subscribe", "bea@example.org");
	char **c = cmd_complete("/roster re", &ws);
	assert_non_null(c);
	assert_string_equal(c[0], "remove");
	assert_string_equal(c[1], "rename");
	assert_null(c[2]);
	strv_free(c);
	c = cmd_complete("/roster remove b", &ws);
	assert_string_equal(c[0], "bea@example.org");
	assert_string_equal(c[1], "bob@example.org");
	assert_null(c[2]);
	strv_free(c);
	c = cmd_complete("/roster group bob@example.org W", &ws);
	assert_string_equal(c[0], "Work");
	assert_null(c[1]);
	strv_free(c);
	c = cmd_complete("/accept b", &ws);
	assert_string_equal(c[0], "bea@example.org");
	assert_null(c[1]);
	strv_free(c);
	c = cmd_complete("/deny b", &ws);
	assert_string_equal(c[0], "bea@example.org");
	assert_string_equal(c[1], "bob@example.org");
	assert_null(c[2]);
	strv_free(c);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_request_pending, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accept_and_deny, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accept_no_subscribe_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accept_refuses_bad_jids, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_auto_accept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_flood_bounded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_requests, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_request_status_sanitized, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_answers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roster_add, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roster_change_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roster_edit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_push_answers_request, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roster_list_search_filter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_completion, setup, teardown),
	};
	return cmocka_run_group_tests_name("xmpp_subscription", tests, NULL, NULL);
}
