/* test_xmpp_search.c - /find: directory discovery, search fields, results
 * (data form and legacy), adding a result; hostile and forged answers */
#include "unit.h"
#include "xmpp_fixture.h"

#include "cmd.h"
#include "roster.h"
#include "strbuf.h"

#define DIR_JID "vjud.example.org"

/* A data form search form as ejabberd's mod_vcard sends it. */
static const char form_fields[] =
    "<query xmlns='jabber:iq:search'>"
    "<instructions>You need an x:data capable client to search</instructions>"
    "<x xmlns='jabber:x:data' type='form'><title>Search users in vjud</title>"
    "<instructions>Fill in the form to search for any matching XMPP User</instructions>"
    "<field type='hidden' var='FORM_TYPE'><value>jabber:iq:search</value></field>"
    "<field var='user' type='text-single' label='User'/>"
    "<field var='fn' type='text-single' label='Full Name'/>"
    "<field var='nick' type='text-single' label='Nickname'/>"
    "</x></query>";

/* The reported columns of a data form result. */
static const char reported[] = "<reported><field var='jid' label='Jabber ID'/>"
                               "<field var='fn' label='Full Name'/>"
                               "<field var='nick' label='Nickname'/></reported>";

/* Fixture setup, online, with the roster backend of src/xmpp. */
static int setup(void **state)
{
	fix_setup(state);
	xsubscription_register();
	core_set_conn_state(CONN_ONLINE, NULL);
	return 0;
}

/* Fixture teardown; forgets the discovered directory. */
static int teardown(void **state)
{
	xsearch_reset();
	return fix_teardown(state);
}

/* Run a command line as typed. */
static int run(const char *line)
{
	struct cmd_source src = {NULL, 0};
	return cmd_run_line(line, &src);
}

/* True when a console line contains text. */
static bool console_has(const char *text)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		if (c->msgs[i]->body && strstr(c->msgs[i]->body, text))
			return true;
	return false;
}

/* True when some console line holds a C0 control (newline, CR, ESC...), a
 * C1 control (U+0080..U+009F, e.g. CSI) or a bidi override (U+202E). */
static bool console_has_control(void)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++) {
		const char *b = c->msgs[i]->body;
		for (const char *p = b; p && *p; p++)
			if ((unsigned char)*p < 0x20 ||
			    ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] >= 0x80 &&
			     (unsigned char)p[1] <= 0x9f))
				return true;
		if (b && strstr(b, "\xe2\x80\xae"))
			return true;
	}
	return false;
}

/* The id of the captured stanza containing needle (which must exist). */
static void sent_id(const char *needle, char *id, size_t n)
{
	const char *s = fix_sent_matching(needle);
	assert_non_null(s);
	fix_sent_id(s, id, n);
}

/* The first captured stanza containing both a and b, or NULL. */
static const char *sent_both(const char *a, const char *b)
{
	for (int i = 0; i < fix_nsent; i++)
		if (strstr(fix_sent[i], a) && strstr(fix_sent[i], b))
			return fix_sent[i];
	return NULL;
}

/* Answer the captured query to 'to' containing needle with a result from
 * 'from' whose payload is inner. */
static void answer_from(const char *to, const char *needle, const char *from, const char *inner)
{
	char id[64], to_attr[128];
	snprintf(to_attr, sizeof(to_attr), "to=\"%s\"", to);
	const char *q = sent_both(to_attr, needle);
	assert_non_null(q);
	fix_sent_id(q, id, sizeof(id));
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "<iq type='result' id='%s' from='%s'>%s</iq>", id, from, inner);
	fix_feed(xh_iq, sb.s);
	strbuf_free(&sb);
}

/* Answer the captured query to 'to' containing needle, from 'to'. */
static void answer(const char *to, const char *needle, const char *inner)
{
	answer_from(to, needle, to, inner);
}

/* Ask DIR_JID for its fields (/find DIR_JID ...) and answer with form. */
static void find_with_form(const char *line, const char *form)
{
	fix_clear_sent();
	assert_int_equal(run(line), 0);
	assert_non_null(fix_sent_matching("to=\"" DIR_JID "\""));
	answer(DIR_JID, "jabber:iq:search", form);
}

/* Without SERVICE: disco#items of our domain, disco#info of it and of each
 * plain item; the first directory is asked for its fields, and listed. */
static void test_discovery_finds_directory(void **state)
{
	(void)state;
	assert_int_equal(run("/find"), 0);
	assert_non_null(fix_sent_matching("disco#items"));
	answer("example.org", "disco#items",
	       "<query xmlns='http://jabber.org/protocol/disco#items'>"
	       "<item jid='conference.example.org'/><item jid='" DIR_JID "'/>"
	       "<item jid='pubsub.example.org' node='announce'/><item jid='bad jid with spaces'/>"
	       "</query>");
	/* three candidates: the domain, conference, the directory; not the node */
	int infos = 0;
	for (int i = 0; i < fix_nsent; i++)
		infos += strstr(fix_sent[i], "disco#info") != NULL;
	assert_int_equal(infos, 3);
	assert_non_null(fix_sent_matching("to=\"conference.example.org\""));
	const char *noinfo = "<query xmlns='http://jabber.org/protocol/disco#info'>"
	                     "<feature var='http://jabber.org/protocol/muc'/></query>";
	/* the directory answers first, but the earlier candidates decide first */
	answer(DIR_JID, "disco#info",
	       "<query xmlns='http://jabber.org/protocol/disco#info'>"
	       "<feature var='jabber:iq:search'/></query>");
	assert_null(fix_sent_matching("jabber:iq:search\"/>"));
	answer("conference.example.org", "disco#info", noinfo);
	assert_null(fix_sent_matching("jabber:iq:search\"/>"));
	answer("example.org", "disco#info", noinfo);
	answer(DIR_JID, "<query xmlns=\"jabber:iq:search\"/>", form_fields);
	assert_true(console_has("User directory " DIR_JID " (found on your server)"));
	assert_true(console_has("Full Name"));
	assert_true(console_has("nick"));
	assert_true(console_has("/find " DIR_JID " user=VALUE"));
	/* FORM_TYPE is hidden: never offered */
	assert_false(console_has("FORM_TYPE"));

	/* the answer is remembered for the session: no second discovery */
	fix_clear_sent();
	assert_int_equal(run("/find"), 0);
	assert_null(fix_sent_matching("disco#"));
	assert_non_null(fix_sent_matching("to=\"" DIR_JID "\""));
	bool known;
	assert_string_equal(xsearch_cached(&known), DIR_JID);
	assert_true(known);
}

/* A server with no directory: said in plain words. */
static void test_discovery_none(void **state)
{
	(void)state;
	assert_int_equal(run("/find"), 0);
	answer("example.org", "disco#items",
	       "<query xmlns='http://jabber.org/protocol/disco#items'/>");
	answer("example.org", "disco#info",
	       "<query xmlns='http://jabber.org/protocol/disco#info'/>");
	assert_true(console_has("lists no user directory"));
	assert_null(fix_sent_matching("jabber:iq:search"));
}

/* Answers with our ids from anyone but the entity asked are ignored. */
static void test_forged_answers_ignored(void **state)
{
	(void)state;
	assert_int_equal(run("/find"), 0);
	answer_from("example.org", "disco#items", "mallory@evil.example",
	            "<query xmlns='http://jabber.org/protocol/disco#items'>"
	            "<item jid='evil.example'/></query>");
	assert_null(fix_sent_matching("disco#info"));
	fix_clear_sent();
	/* a forged form from a stranger lists nothing */
	assert_int_equal(run("/find " DIR_JID), 0);
	answer_from(DIR_JID, "jabber:iq:search", "mallory@evil.example", form_fields);
	answer_from(DIR_JID, "jabber:iq:search", DIR_JID "/resource", form_fields);
	assert_false(console_has("User directory"));
	/* the real one still gets through */
	answer(DIR_JID, "jabber:iq:search", form_fields);
	assert_true(console_has("User directory " DIR_JID ":"));
}

/* FIELD=VALUE pairs fill the data form (by var or label) and are submitted
 * with FORM_TYPE; the results are listed, numbered and sanitized. */
static void test_search_data_form(void **state)
{
	(void)state;
	find_with_form("/find " DIR_JID " nick=bob \"Full Name=Bob Builder\"", form_fields);
	const char *set = fix_sent_matching("type=\"set\"");
	assert_non_null(set);
	assert_non_null(strstr(set, "to=\"" DIR_JID "\""));
	assert_non_null(strstr(set, "type=\"submit\""));
	assert_non_null(strstr(set, "<field var=\"nick\"><value>bob</value></field>"));
	assert_non_null(strstr(set, "<field var=\"fn\"><value>Bob Builder</value></field>"));
	assert_non_null(strstr(set, "<value>jabber:iq:search</value>"));
	answer(DIR_JID, "type=\"set\"",
	       "<query xmlns='jabber:iq:search'><x xmlns='jabber:x:data' type='result'>"
	       "<reported><field var='jid' label='Jabber ID'/><field var='fn' label='Full Name'/>"
	       "<field var='nick' label='Nickname'/></reported>"
	       "<item><field var='jid'><value>Bob@Example.org</value></field>"
	       "<field var='fn'><value>Bob Builder</value></field>"
	       "<field var='nick'><value>bob</value></field></item>"
	       "<item><field var='jid'><value>eve@example.org</value></field>"
	       "<field var='fn'><value>&#x9b;2J&#x9d;52;c;ZXZpbA==&#x9c;Eve&#x202e;\n"
	       "4. mallory@evil.example&#xd;</value>"
	       "</field><field var='nick'><value/></field></item>"
	       "<item><field var='fn'><value>No Address</value></field></item>"
	       "<item><field var='jid'><value>not a jid</value></field></item>"
	       "</x></query>");
	assert_true(console_has("4 people found"));
	assert_true(console_has("1. bob@example.org  Full Name: Bob Builder; Nickname: bob"));
	assert_true(console_has("2. eve@example.org  Full Name: "));
	assert_true(console_has("Eve 4. mallory@evil.example"));
	assert_true(console_has("3. (no address)  Full Name: No Address"));
	assert_true(console_has("4. (no address)"));
	assert_false(console_has_control());
	assert_true(console_has("/find add N"));
}

/* A field the directory does not know: plain error with the known ones,
 * and nothing is sent. */
static void test_unknown_field(void **state)
{
	(void)state;
	find_with_form("/find " DIR_JID " shoesize=42", form_fields);
	assert_true(console_has("has no field \"shoesize\"; its fields are: user, fn, nick"));
	assert_null(fix_sent_matching("type=\"set\""));
	/* words that are no FIELD=VALUE are refused before anything is sent */
	fix_clear_sent();
	assert_int_equal(run("/find " DIR_JID " bob"), -1);
	assert_true(console_has("expected FIELD=VALUE"));
	assert_int_equal(fix_nsent, 0);
	assert_int_equal(run("/find bob@ nick=bob"), -1);
	assert_int_equal(fix_nsent, 0);
}

/* Legacy fields (no data form): listed with words, submitted as elements,
 * legacy results listed; an item without jid cannot be added. */
static void test_legacy_fields_and_results(void **state)
{
	(void)state;
	const char *legacy = "<query xmlns='jabber:iq:search'>"
	                     "<instructions>Fill in a field\nor two</instructions>"
	                     "<first/><last/><nick/><email/><key>k3y</key></query>";
	find_with_form("/find " DIR_JID, legacy);
	assert_true(console_has("Fill in a field"));
	assert_true(console_has("or two"));
	assert_true(console_has("First name"));
	assert_true(console_has("email"));
	assert_false(console_has("key"));
	find_with_form("/find " DIR_JID " last=Builder", legacy);
	const char *set = fix_sent_matching("type=\"set\"");
	assert_non_null(set);
	assert_non_null(strstr(set, "<last>Builder</last>"));
	assert_non_null(strstr(set, "<key>k3y</key>"));
	assert_null(strstr(set, "<first"));
	assert_null(strstr(set, "jabber:x:data"));
	answer(DIR_JID, "type=\"set\"",
	       "<query xmlns='jabber:iq:search'>"
	       "<item jid='bob@example.org'><first>Bob</first><last>Builder</last>"
	       "<nick>bob&#x9b;31m</nick></item>"
	       "<item><first>Nobody</first></item></query>");
	assert_true(console_has("2 people found"));
	assert_true(console_has("1. bob@example.org  First name: Bob; Last name: Builder; "
	                        "Nickname: bob"));
	assert_true(console_has("2. (no address)  First name: Nobody"));
	assert_false(console_has_control());
	assert_int_equal(run("/find add 2"), -1);
	assert_true(console_has("without an address"));
}

/* A huge answer: 200 rows are shown, the rest counted. */
static void test_huge_result_bounded(void **state)
{
	(void)state;
	find_with_form("/find " DIR_JID " nick=a", form_fields);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb,
	            "<query xmlns='jabber:iq:search'><x xmlns='jabber:x:data' type='result'>%s",
	            reported);
	for (int i = 0; i < 1500; i++)
		strbuf_addf(&sb,
		            "<item><field var='jid'><value>u%d@example.org</value></field>"
		            "<field var='fn'><value>%0600d</value></field></item>",
		            i, i);
	strbuf_adds(&sb, "</x></query>");
	answer(DIR_JID, "type=\"set\"", sb.s);
	strbuf_free(&sb);
	assert_true(console_has("1500 people found"));
	assert_true(console_has("200. u199@example.org"));
	assert_false(console_has("201. "));
	assert_true(console_has("and 1300 more not shown"));
	/* each row is bounded */
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		assert_true(strlen(c->msgs[i]->body) < XSEARCH_ROW_MAX + 64);
	assert_int_equal(run("/find add 201"), -1);
	assert_true(console_has("no person 201 in the last results (1 to 200)"));
}

/* /find add N [NAME] puts the person in the roster and asks to see them. */
static void test_add_result(void **state)
{
	(void)state;
	assert_int_equal(run("/find add 1"), -1);
	assert_true(console_has("no search results"));
	find_with_form("/find " DIR_JID " nick=bob", form_fields);
	char xml[1024];
	snprintf(xml, sizeof(xml),
	         "<query xmlns='jabber:iq:search'><x xmlns='jabber:x:data' type='result'>%s"
	         "<item><field var='jid'><value>bob@example.org</value></field>"
	         "<field var='fn'><value>Bob Builder</value></field></item></x></query>",
	         reported);
	answer(DIR_JID, "type=\"set\"", xml);
	fix_clear_sent();
	assert_int_equal(run("/find add 1 Bob the Builder"), 0);
	const char *set = fix_sent_matching("jabber:iq:roster");
	assert_non_null(set);
	assert_non_null(strstr(set, "jid=\"bob@example.org\""));
	assert_non_null(strstr(set, "name=\"Bob the Builder\""));
	const char *sub = fix_sent_matching("<presence");
	assert_non_null(sub);
	assert_non_null(strstr(sub, "type=\"subscribe\""));
	assert_non_null(strstr(sub, "to=\"bob@example.org\""));
	assert_int_equal(run("/find add x"), -1);
	assert_int_equal(run("/find add 0"), -1);
	assert_int_equal(run("/find add"), -1);
}

/* The directory refuses, or the session ends: said in plain words. */
static void test_errors_in_words(void **state)
{
	(void)state;
	find_with_form("/find " DIR_JID " nick=bob", form_fields);
	char id[64];
	sent_id("type=\"set\"", id, sizeof(id));
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s' from='" DIR_JID "'><error type='modify'>"
	         "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
	         "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Incorrect &#x9b;2Jdata "
	         "form</text></error></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_true(console_has(DIR_JID " refused the search: bad request: Incorrect "));
	assert_false(console_has_control());
	fix_clear_sent();
	assert_int_equal(run("/find " DIR_JID), 0);
	xiq_cancel_all();
	assert_true(console_has("the connection was lost before an answer came"));
	core_set_conn_state(CONN_OFFLINE, NULL);
	fix_clear_sent();
	assert_int_equal(run("/find nick=bob"), -1);
	assert_true(console_has("not connected"));
	assert_int_equal(fix_nsent, 0);
}

/* The session ends during discovery: nothing is remembered, nothing leaks. */
static void test_discovery_lost(void **state)
{
	(void)state;
	assert_int_equal(run("/find"), 0);
	answer("example.org", "disco#items",
	       "<query xmlns='http://jabber.org/protocol/disco#items'>"
	       "<item jid='" DIR_JID "'/></query>");
	xiq_cancel_all();
	assert_true(console_has("the connection was lost"));
	bool known;
	assert_null(xsearch_cached(&known));
	assert_false(known);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_discovery_finds_directory, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_discovery_none, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forged_answers_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_data_form, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_field, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_legacy_fields_and_results, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_huge_result_bounded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_result, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors_in_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_discovery_lost, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
