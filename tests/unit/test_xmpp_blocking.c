/* test_xmpp_blocking.c - XEP-0191: the blocklist from the server, its pushes
 * (only from our account), /block, /unblock and /blocked */
#include "unit.h"
#include "xmpp_fixture.h"

#include "cmd.h"
#include "conv.h"

/* Fixture, online. */
static int setup(void **state)
{
	fix_setup(state);
	core_set_conn_state(CONN_ONLINE, NULL);
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	xblocking_reset();
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

/* The blocklist joined with spaces ("?" when not known). */
static char *list_text(void)
{
	static char buf[1024];
	char **v = xblocking_list();
	if (v == NULL)
		return strcpy(buf, "?");
	buf[0] = '\0';
	for (size_t i = 0; v[i]; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, v[i]);
	}
	strv_free(v);
	return buf;
}

/* Log in: the blocklist is asked for; answer it with items. */
static void login_with_list(const char *items)
{
	char id[32], xml[1024];
	fix_clear_sent();
	xblocking_session_started();
	const char *q = fix_sent_matching("urn:xmpp:blocking");
	assert_non_null(q);
	assert_non_null(strstr(q, "<blocklist"));
	fix_sent_id(q, id, sizeof(id));
	snprintf(
	    xml, sizeof(xml),
	    "<iq type='result' id='%s'><blocklist xmlns='urn:xmpp:blocking'>%s</blocklist></iq>",
	    id, items);
	fix_feed(xh_iq, xml);
}

/* The list at login, sorted; junk items skipped; hostile text made harmless. */
static void test_list_at_login(void **state)
{
	(void)state;
	assert_string_equal(list_text(), "?");
	login_with_list("<item jid='zed@example.org'/><item jid='spam.example'/>"
	                "<item/><item jid='bad jid@x'/><item jid='ev\xc2\x9bil@example.org'/>");
	char *text = list_text();
	assert_non_null(strstr(text, "spam.example zed@example.org"));
	assert_null(strstr(text, "bad jid"));
	assert_null(strstr(text, "\xc2\x9b"));
	assert_int_equal(cmd_run_line("/blocked", NULL), 0);
	assert_true(console_has("you block 2 JIDs:"));
	assert_true(console_has("  spam.example"));
}

/* Pushes from our server apply and are acknowledged; from anyone else (a
 * contact, even our own other resource) they change nothing. */
static void test_pushes_only_from_our_account(void **state)
{
	(void)state;
	login_with_list("");
	fix_clear_sent();
	fix_feed(xh_iq, "<iq type='set' id='p1'><block xmlns='urn:xmpp:blocking'>"
	                "<item jid='a@example.org'/><item jid='b@example.org'/></block></iq>");
	assert_string_equal(list_text(), "a@example.org b@example.org");
	assert_non_null(strstr(fix_sent_matching("id=\"p1\""), "type=\"result\""));
	fix_feed(xh_iq,
	         "<iq type='set' id='p2' from='alice@example.org'>"
	         "<unblock xmlns='urn:xmpp:blocking'><item jid='a@example.org'/></unblock></iq>");
	assert_string_equal(list_text(), "b@example.org");
	fix_feed(xh_iq, "<iq type='set' id='p3' from='mallory@evil.example'>"
	                "<unblock xmlns='urn:xmpp:blocking'/></iq>");
	fix_feed(xh_iq,
	         "<iq type='set' id='p4' from='alice@example.org/other'>"
	         "<block xmlns='urn:xmpp:blocking'><item jid='c@example.org'/></block></iq>");
	assert_string_equal(list_text(), "b@example.org");
	assert_non_null(strstr(fix_sent_matching("id=\"p3\""), "type=\"error\""));
	assert_non_null(strstr(fix_sent_matching("id=\"p4\""), "type=\"error\""));
	/* an empty unblock from the server unblocks everybody */
	fix_feed(xh_iq, "<iq type='set' id='p5'><unblock xmlns='urn:xmpp:blocking'/></iq>");
	assert_string_equal(list_text(), "");
	assert_int_equal(cmd_run_line("/blocked", NULL), 0);
	assert_true(console_has("you block nobody"));
}

/* /block sends the request; the answer is reported in words. */
static void test_block_command(void **state)
{
	(void)state;
	char id[32], xml[512];
	login_with_list("");
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/block Bob@Example.org", NULL), 0);
	const char *q = fix_sent_matching("<block");
	assert_non_null(q);
	assert_non_null(strstr(q, "type=\"set\""));
	assert_non_null(strstr(q, "<item jid=\"bob@example.org\"/>"));
	fix_sent_id(q, id, sizeof(id));
	/* a forged answer from someone else does nothing */
	snprintf(xml, sizeof(xml), "<iq type='result' id='%s' from='bob@example.org'/>", id);
	fix_feed(xh_iq, xml);
	assert_false(console_has("blocked bob"));
	snprintf(xml, sizeof(xml), "<iq type='result' id='%s'/>", id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("blocked bob@example.org: nothing they send reaches you"));
	assert_string_equal(list_text(), "bob@example.org");
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/unblock bob@example.org", NULL), 0);
	q = fix_sent_matching("<unblock");
	assert_non_null(q);
	fix_sent_id(q, id, sizeof(id));
	snprintf(xml, sizeof(xml), "<iq type='result' id='%s' from='alice@example.org'/>", id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("unblocked bob@example.org"));
	assert_string_equal(list_text(), "");
}

/* A server without blocking says so in plain words. */
static void test_server_without_blocking(void **state)
{
	(void)state;
	char id[32], xml[512];
	fix_clear_sent();
	xblocking_session_started();
	fix_sent_id(fix_sent_matching("blocklist"), id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s'><error type='cancel'>"
	         "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_string_equal(list_text(), "?");
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/blocked", NULL), 0);
	fix_sent_id(fix_sent_matching("blocklist"), id, sizeof(id));
	snprintf(
	    xml, sizeof(xml),
	    "<iq type='error' id='%s'><error type='cancel'>"
	    "<feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	    id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("cannot list blocked JIDs: your server does not support blocking"));
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/block x@example.org", NULL), 0);
	fix_sent_id(fix_sent_matching("<block"), id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s'><error type='cancel'>"
	         "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("could not block x@example.org: your server does not support "
	                        "blocking (XEP-0191)"));
}

/* Bad JIDs and offline use are refused without sending anything. */
static void test_refused_input(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/block not a jid", NULL), -1);
	assert_int_equal(cmd_run_line("/block", NULL), -1);
	core_set_conn_state(CONN_OFFLINE, NULL);
	assert_int_equal(cmd_run_line("/block bob@example.org", NULL), -1);
	assert_int_equal(cmd_run_line("/blocked", NULL), -1);
	assert_int_equal(fix_nsent, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_list_at_login, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pushes_only_from_our_account, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_block_command, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_server_without_blocking, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_input, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
