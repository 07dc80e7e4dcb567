/* test_xmpp_info.c - /info (roster lines, version, last activity, vCard as
 * answers arrive, forged and late answers, timeouts) and our answers to
 * version and last activity queries */
#include "unit.h"
#include "xmpp_fixture.h"

#include "cmd.h"
#include "conv.h"
#include "roster.h"

/* How long /info and /disco wait (src/cmd/cmd_info.c). */
extern unsigned cmd_info_timeout_ms;

/* Fixture, online, with bob (both, online as phone) and dave (none). */
static int setup(void **state)
{
	fix_setup(state);
	const char *groups[] = {"Friends", NULL};
	roster_upsert("bob@example.org", "Bob", (char *const *)groups, SUB_BOTH, false);
	roster_presence("bob@example.org", "phone", SHOW_AWAY, 5, "at lunch");
	roster_upsert("dave@example.org", NULL, NULL, SUB_NONE, true);
	core_set_conn_state(CONN_ONLINE, NULL);
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	cmd_info_timeout_ms = 15000;
	xcaps_reset();
	return fix_teardown(state);
}

/* True when the console shows a line containing text. */
static bool console_has(const char *text)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		if (strstr(c->msgs[i]->body, text))
			return true;
	return false;
}

/* How many console lines contain text. */
static int console_count(const char *text)
{
	int n = 0;
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		n += strstr(c->msgs[i]->body, text) != NULL;
	return n;
}

/* True when no console line has a control character or bidi override. */
static bool console_clean(void)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++) {
		const unsigned char *b = (const unsigned char *)c->msgs[i]->body;
		for (const unsigned char *p = b; *p; p++)
			if (*p < 0x20 || *p == 0x7f ||
			    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
				return false;
		if (strstr((const char *)b, "\xe2\x80\xae"))
			return false;
	}
	return true;
}

/* Feed a get query of namespace ns from 'from' with id. */
static void feed_get(const char *from, const char *id, const char *ns)
{
	char xml[512];
	snprintf(xml, sizeof(xml), "<iq type='get' id='%s' from='%s'><query xmlns='%s'/></iq>", id,
	         from, ns);
	fix_feed(xh_iq, xml);
}

/* The captured answer with id, asserted present. */
static const char *answer(const char *id)
{
	char needle[64];
	snprintf(needle, sizeof(needle), "id=\"%s\"", id);
	const char *s = fix_sent_matching(needle);
	assert_non_null(s);
	return s;
}

/* Version: contacts get natter's name and version (never the OS), strangers
 * and contacts without subscription do not; "none" and "all" do what they say. */
static void test_version_answer_policy(void **state)
{
	(void)state;
	feed_get("bob@example.org/phone", "v1", "jabber:iq:version");
	const char *a = answer("v1");
	assert_non_null(strstr(a, "type=\"result\""));
	assert_non_null(strstr(a, "<name>natter</name>"));
	assert_non_null(strstr(a, "<version>" NATTER_VERSION "</version>"));
	assert_null(strstr(a, "<os>"));
	feed_get("mallory@evil.example/x", "v2", "jabber:iq:version");
	assert_non_null(strstr(answer("v2"), "service-unavailable"));
	feed_get("dave@example.org/x", "v3", "jabber:iq:version");
	assert_non_null(strstr(answer("v3"), "service-unavailable"));
	feed_get("alice@example.org/laptop", "v4", "jabber:iq:version");
	assert_non_null(strstr(answer("v4"), "<name>natter</name>"));
	assert_int_equal(setting_set("version_reply", "all", NULL), 0);
	feed_get("mallory@evil.example/x", "v5", "jabber:iq:version");
	assert_non_null(strstr(answer("v5"), "<name>natter</name>"));
	assert_int_equal(setting_set("version_reply", "none", NULL), 0);
	feed_get("bob@example.org/phone", "v6", "jabber:iq:version");
	assert_non_null(strstr(answer("v6"), "service-unavailable"));
	const char *err = NULL;
	assert_int_equal(setting_set("version_reply", "friends", &err), -1);
	assert_string_equal(err, "version_reply must be none, contacts or all");
	assert_int_equal(setting_set("last_reply", "", &err), -1);
}

/* Last activity: the idle time in seconds for those allowed. */
static void test_last_answer_policy(void **state)
{
	(void)state;
	core_user_active();
	feed_get("bob@example.org/phone", "l1", "jabber:iq:last");
	const char *a = answer("l1");
	assert_non_null(strstr(a, "type=\"result\""));
	assert_true(strstr(a, "seconds=\"0\"") || strstr(a, "seconds=\"1\""));
	feed_get("mallory@evil.example/x", "l2", "jabber:iq:last");
	assert_non_null(strstr(answer("l2"), "service-unavailable"));
	assert_int_equal(setting_set("last_reply", "none", NULL), 0);
	feed_get("bob@example.org/phone", "l3", "jabber:iq:last");
	assert_non_null(strstr(answer("l3"), "service-unavailable"));
}

/* Ids of the queries /info sent. */
struct info_ids {
	char version[32], idle[32], seen[32], vcard[32];
};

/* Run /info bob@example.org and collect the ids of its four queries. */
static void run_info(struct info_ids *ids)
{
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/info bob@example.org", NULL), 0);
	assert_int_equal(fix_nsent, 4);
	for (int i = 0; i < fix_nsent; i++) {
		const char *s = fix_sent[i];
		bool full = strstr(s, "to=\"bob@example.org/phone\"") != NULL;
		char *out = strstr(s, "jabber:iq:version") ? ids->version
		            : strstr(s, "jabber:iq:last")  ? (full ? ids->idle : ids->seen)
		                                           : ids->vcard;
		if (strstr(s, "vcard-temp"))
			assert_non_null(strstr(s, "to=\"bob@example.org\""));
		fix_sent_id(s, out, 32);
	}
}

/* /info shows the roster's lines at once and each answer as it arrives. */
static void test_info_fills_in(void **state)
{
	(void)state;
	struct info_ids ids;
	char xml[2048];
	run_info(&ids);
	assert_true(console_has("About bob@example.org:"));
	assert_true(console_has("name in your roster: Bob"));
	assert_true(console_has("groups: Friends"));
	assert_true(console_has("subscription both: you see each other's presence"));
	assert_true(console_has("resource phone: away, priority 5, status: at lunch"));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org/phone'>"
	         "<query xmlns='jabber:iq:version'><name>slixmpp</name><version>1.8.5</version>"
	         "<os>Linux</os></query></iq>",
	         ids.version);
	fix_feed(xh_iq, xml);
	assert_true(console_has("bob@example.org/phone: client slixmpp 1.8.5 on Linux"));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org/phone'>"
	         "<query xmlns='jabber:iq:last' seconds='125'/></iq>",
	         ids.idle);
	fix_feed(xh_iq, xml);
	assert_true(console_has("bob@example.org/phone: idle for 2 minutes"));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org'>"
	         "<query xmlns='jabber:iq:last' seconds='7200'>gone fishing</query></iq>",
	         ids.seen);
	fix_feed(xh_iq, xml);
	assert_true(console_has("bob@example.org: last seen 2 hours ago: gone fishing"));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org'><vCard xmlns='vcard-temp'>"
	         "<FN>Bob Builder</FN><EMAIL><WORK/><USERID>bob@work.example</USERID></EMAIL>"
	         "</vCard></iq>",
	         ids.vcard);
	fix_feed(xh_iq, xml);
	assert_true(console_has("bob@example.org: full name: Bob Builder"));
	assert_true(console_has("bob@example.org: email (work): bob@work.example"));
	/* all answered: the timer is gone, nothing more is said */
	cmd_info_timeout_ms = 0;
	timer_run_due();
	assert_false(console_has("no answer"));
}

/* Answers from anyone but the entity asked change nothing; hostile text is
 * shown harmless and bounded. */
static void test_info_forged_and_hostile(void **state)
{
	(void)state;
	struct info_ids ids;
	char xml[8192];
	run_info(&ids);
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='mallory@evil.example/x'>"
	         "<query xmlns='jabber:iq:version'><name>Forged</name></query></iq>",
	         ids.version);
	fix_feed(xh_iq, xml);
	/* another resource of bob is not the one asked either */
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org/laptop'>"
	         "<query xmlns='jabber:iq:version'><name>Forged</name></query></iq>",
	         ids.version);
	fix_feed(xh_iq, xml);
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='mallory@evil.example'>"
	         "<vCard xmlns='vcard-temp'><FN>Forged</FN></vCard></iq>",
	         ids.vcard);
	fix_feed(xh_iq, xml);
	assert_false(console_has("Forged"));
	char longname[3000];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org/phone'>"
	         "<query xmlns='jabber:iq:version'><name>Evil\xc2\x9b"
	         "2J\xe2\x80\xae"
	         "client</name><version>%s</version></query></iq>",
	         ids.version, longname);
	fix_feed(xh_iq, xml);
	assert_true(console_has("client Evil"));
	assert_false(console_has(longname));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org/phone'>"
	         "<query xmlns='jabber:iq:last' seconds='-5'/></iq>",
	         ids.idle);
	fix_feed(xh_iq, xml);
	assert_true(console_has("idle time not known (an answer natter cannot read)"));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s' from='bob@example.org'><error type='auth'>"
	         "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
	         "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>no\nway\xc2\x9d</text></error></iq>",
	         ids.seen);
	fix_feed(xh_iq, xml);
	assert_true(console_has("last seen not known (forbidden: no way"));
	assert_true(console_clean());
}

/* Unanswered questions are reported after the timeout; late answers are
 * dropped; a lost connection is said in words. */
static void test_info_timeout_and_lost(void **state)
{
	(void)state;
	struct info_ids ids;
	char xml[512];
	cmd_info_timeout_ms = 0;
	run_info(&ids);
	snprintf(
	    xml, sizeof(xml),
	    "<iq type='result' id='%s' from='bob@example.org'><vCard xmlns='vcard-temp'/></iq>",
	    ids.vcard);
	fix_feed(xh_iq, xml);
	assert_true(console_has("bob@example.org: no vCard"));
	timer_run_due();
	assert_true(console_has("bob@example.org/phone: no answer about the client"));
	assert_true(console_has("bob@example.org/phone: no answer about the idle time"));
	assert_true(console_has("bob@example.org: no answer about when they were last seen"));
	assert_false(console_has("no answer about the vCard"));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org/phone'>"
	         "<query xmlns='jabber:iq:version'><name>Late</name></query></iq>",
	         ids.version);
	fix_feed(xh_iq, xml);
	assert_false(console_has("Late"));
	/* a second /info, then the session ends before any answer */
	cmd_info_timeout_ms = 60000;
	run_info(&ids);
	xiq_cancel_all();
	assert_int_equal(console_count("the connection was lost before an answer came"), 4);
}

/* /info of a stranger: not in the roster, no resources, still asks the
 * account; a full JID asks that resource; bad input and offline refused. */
static void test_info_stranger_and_errors(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/info carol@elsewhere.example/tablet", NULL), 0);
	assert_true(console_has("not in your roster"));
	assert_non_null(fix_sent_matching("to=\"carol@elsewhere.example/tablet\""));
	assert_non_null(fix_sent_matching("vcard-temp"));
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/info dave@example.org", NULL), 0);
	assert_true(console_has("no resource online that natter knows of"));
	assert_true(console_has("your request is pending"));
	assert_int_equal(fix_nsent, 2); /* last seen and vCard only */
	assert_int_equal(cmd_run_line("/info bad jid", NULL), -1);
	assert_int_equal(cmd_run_line("/info @", NULL), -1);
	core_set_conn_state(CONN_OFFLINE, NULL);
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/info bob@example.org", NULL), -1);
	assert_int_equal(fix_nsent, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_version_answer_policy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_last_answer_policy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_info_fills_in, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_info_forged_and_hostile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_info_timeout_and_lost, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_info_stranger_and_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
