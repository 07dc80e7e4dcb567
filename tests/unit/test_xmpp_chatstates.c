/* test_xmpp_chatstates.c - XEP-0085 chat states, both ways */
#include "unit.h"
#include "xmpp_fixture.h"

/* A contact who sees our presence, with a chat tab open. */
static struct conv *open_bob(void)
{
	char *groups[] = {NULL};
	roster_upsert("bob@example.org", "Bob", groups, SUB_BOTH, false);
	return conv_open("bob@example.org");
}

/* Feed a body-less message from bob carrying element name in namespace ns. */
static void feed_state(const char *name, const char *ns)
{
	char xml[256];
	snprintf(xml, sizeof(xml),
	         "<message type='chat' from='bob@example.org/phone'><%s xmlns='%s'/></message>",
	         name, ns);
	fix_feed(xh_message, xml);
}

#define CS_NS "http://jabber.org/protocol/chatstates"

/* Each state the contact sends shows; nothing is added to the chat. */
static void test_incoming_states(void **state)
{
	(void)state;
	struct conv *cv = open_bob();
	const struct {
		const char *name;
		enum chat_state st;
	} cases[] = {
	    {"composing", CHAT_COMPOSING}, {"paused", CHAT_PAUSED}, {"inactive", CHAT_INACTIVE},
	    {"gone", CHAT_GONE},           {"active", CHAT_ACTIVE}, {"composing", CHAT_COMPOSING},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		feed_state(cases[i].name, CS_NS);
		assert_int_equal(cv->peer_state, cases[i].st);
	}
	assert_int_equal(cv->len, 0);
	assert_int_equal(cv->unread, 0);
}

/* Unknown elements and foreign namespaces are not chat states. */
static void test_incoming_junk_ignored(void **state)
{
	(void)state;
	struct conv *cv = open_bob();
	feed_state("composing", CS_NS);
	feed_state("paused", "urn:example:not-chatstates");
	feed_state("dancing", CS_NS);
	assert_int_equal(cv->peer_state, CHAT_COMPOSING);
}

/* A message that arrives means the contact stopped typing. */
static void test_body_means_active(void **state)
{
	(void)state;
	struct conv *cv = open_bob();
	feed_state("composing", CS_NS);
	fix_feed(xh_message, "<message type='chat' from='bob@example.org/phone'><body>done</body>"
	                     "</message>");
	assert_int_equal(cv->peer_state, CHAT_ACTIVE);
	assert_int_equal(cv->len, 1);
	/* a body with an explicit state takes that state */
	fix_feed(xh_message, "<message type='chat' from='bob@example.org/phone'><body>more</body>"
	                     "<composing xmlns='" CS_NS "'/></message>");
	assert_int_equal(cv->peer_state, CHAT_COMPOSING);
}

/* Chat states from strangers open no tab. */
static void test_stranger_opens_nothing(void **state)
{
	(void)state;
	fix_feed(xh_message, "<message type='chat' from='stranger@example.org/x'>"
	                     "<composing xmlns='" CS_NS "'/></message>");
	size_t n;
	conv_list(&n);
	assert_int_equal(n, 1);
	assert_null(conv_find("stranger@example.org"));
}

/* Our chat state goes out alone, kept out of the archive. */
static void test_send_state(void **state)
{
	(void)state;
	xchatstate_send("bob@example.org", CHAT_COMPOSING);
	assert_int_equal(fix_nsent, 1);
	const char *out = fix_sent[0];
	assert_non_null(strstr(out, "<message "));
	assert_non_null(strstr(out, "to=\"bob@example.org\""));
	assert_non_null(strstr(out, "type=\"chat\""));
	assert_non_null(strstr(out, "<composing xmlns=\"" CS_NS "\"/>"));
	assert_non_null(strstr(out, "<no-store xmlns=\"urn:xmpp:hints\"/>"));
	assert_null(strstr(out, "<body"));
	fix_clear_sent();
	const char *names[] = {NULL, "active", "composing", "paused", "inactive", "gone"};
	for (int cs = CHAT_ACTIVE; cs <= CHAT_GONE; cs++) {
		char want[96];
		snprintf(want, sizeof(want), "<%s xmlns=\"" CS_NS "\"/>", names[cs]);
		xchatstate_send("bob@example.org", (enum chat_state)cs);
		assert_int_equal(fix_nsent, 1);
		assert_non_null(strstr(fix_sent[0], want));
		fix_clear_sent();
	}
	/* no state, or offline: nothing */
	xchatstate_send("bob@example.org", CHAT_NONE);
	xs.phase = XS_IDLE;
	xchatstate_send("bob@example.org", CHAT_COMPOSING);
	xs.phase = XS_ONLINE;
	assert_int_equal(fix_nsent, 0);
}

/* Typing in a chat tab reaches the contact through the backend. */
static void test_typing_through_core(void **state)
{
	(void)state;
	struct conv *cv = open_bob();
	core_set_conn_state(CONN_ONLINE, NULL);
	core_user_typing(cv);
	const char *out = fix_sent_matching("<composing");
	assert_non_null(out);
	assert_non_null(strstr(out, "to=\"bob@example.org\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_incoming_states, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_incoming_junk_ignored, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_body_means_active, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_stranger_opens_nothing, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_send_state, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_typing_through_core, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("xmpp_chatstates", tests, NULL, NULL);
}
