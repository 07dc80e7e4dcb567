/* test_xmpp_markers.c - XEP-0333 chat markers, both ways */
#include "unit.h"
#include "xmpp_fixture.h"

/* A contact who sees our presence. */
static void add_bob(void)
{
	char *groups[] = {NULL};
	roster_upsert("bob@example.org", "Bob", groups, SUB_BOTH, false);
}

/* Send text to bob and return our message. */
static struct message *send_to_bob(const char *text)
{
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_open("bob@example.org");
	assert_int_equal(core_send(cv, text), 0);
	return cv->msgs[cv->len - 1];
}

/* Feed a message from 'from' carrying marker element name for id. */
static void feed_marker(const char *from, const char *name, const char *id)
{
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<message from='%s' type='chat'><%s xmlns='urn:xmpp:chat-markers:0' id='%s'/>"
	         "</message>",
	         from, name, id);
	fix_feed(xh_message, xml);
}

/* Our messages ask for markers (and say we are active). */
static void test_outgoing_markable(void **state)
{
	(void)state;
	add_bob();
	send_to_bob("mark me");
	const char *out = fix_sent_matching("<body>");
	assert_non_null(out);
	assert_non_null(strstr(out, "<markable xmlns=\"urn:xmpp:chat-markers:0\"/>"));
	assert_non_null(strstr(out, "<active xmlns=\"http://jabber.org/protocol/chatstates\"/>"));
}

/* A displayed marker reads that message and every earlier one of ours,
 * but not later ones, and never a failed one. */
static void test_displayed_reads_earlier(void **state)
{
	(void)state;
	add_bob();
	struct message *m1 = send_to_bob("one");
	struct message *m2 = send_to_bob("two");
	struct message *m3 = send_to_bob("three");
	struct message *m4 = send_to_bob("four");
	core_message_state("bob@example.org", m1->id, MSG_FAILED, "lost");
	core_message_state("bob@example.org", m2->id, MSG_DELIVERED, NULL);
	feed_marker("bob@example.org/phone", "displayed", m3->id);
	assert_int_equal(m1->state, MSG_FAILED);
	assert_int_equal(m2->state, MSG_READ);
	assert_int_equal(m3->state, MSG_READ);
	assert_int_equal(m4->state, MSG_SENDING);
	/* acknowledged means displayed too */
	feed_marker("bob@example.org/laptop", "acknowledged", m4->id);
	assert_int_equal(m4->state, MSG_READ);
}

/* Markers from anyone but the contact, or for ids we do not hold, change nothing. */
static void test_displayed_from_stranger_ignored(void **state)
{
	(void)state;
	add_bob();
	struct message *m = send_to_bob("private");
	feed_marker("mallory@evil.example/x", "displayed", m->id);
	feed_marker("mallory@evil.example/x", "received", m->id);
	feed_marker("bob@example.org/phone", "displayed", "no-such-id");
	feed_marker("bob@example.org/phone", "displayed", "");
	assert_int_equal(m->state, MSG_SENDING);
	assert_null(conv_find("mallory@evil.example"));
}

/* A received marker is a delivery receipt; it never takes back a read. */
static void test_received_marker(void **state)
{
	(void)state;
	add_bob();
	struct message *m = send_to_bob("arrived?");
	feed_marker("bob@example.org/phone", "received", m->id);
	assert_int_equal(m->state, MSG_DELIVERED);
	feed_marker("bob@example.org/phone", "displayed", m->id);
	feed_marker("bob@example.org/phone", "received", m->id);
	assert_int_equal(m->state, MSG_READ);
}

/* Markers in the wrong namespace are not markers. */
static void test_marker_wrong_namespace(void **state)
{
	(void)state;
	add_bob();
	struct message *m = send_to_bob("ns");
	char xml[256];
	snprintf(xml, sizeof(xml),
	         "<message from='bob@example.org/x'><displayed xmlns='urn:xmpp:chat-markers:1' "
	         "id='%s'/></message>",
	         m->id);
	fix_feed(xh_message, xml);
	assert_int_equal(m->state, MSG_SENDING);
}

/* Incoming messages remember whether the sender asked for markers. */
static void test_incoming_markable(void **state)
{
	(void)state;
	fix_feed(xh_message,
	         "<message type='chat' from='bob@example.org/x' id='a'><body>asks</body>"
	         "<markable xmlns='urn:xmpp:chat-markers:0'/></message>");
	fix_feed(xh_message, "<message type='chat' from='bob@example.org/x' id='b'><body>no</body>"
	                     "</message>");
	fix_feed(xh_message,
	         "<message type='chat' from='bob@example.org/x' id='c'><body>wrong</body>"
	         "<markable xmlns='urn:xmpp:chat-markers:9'/></message>");
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_int_equal(cv->len, 3);
	assert_true(cv->msgs[0]->markable);
	assert_false(cv->msgs[1]->markable);
	assert_false(cv->msgs[2]->markable);
}

/* The displayed marker we send: to subscribed contacts only, when online. */
static void test_send_displayed(void **state)
{
	(void)state;
	add_bob();
	xmarkers_send_displayed("bob@example.org", "their-id");
	assert_int_equal(fix_nsent, 1);
	const char *out = fix_sent[0];
	assert_non_null(strstr(out, "to=\"bob@example.org\""));
	assert_non_null(strstr(out, "type=\"chat\""));
	const char *d = strstr(out, "<displayed ");
	assert_non_null(d);
	assert_non_null(strstr(d, "xmlns=\"urn:xmpp:chat-markers:0\""));
	assert_non_null(strstr(d, "id=\"their-id\""));
	assert_null(strstr(out, "<body"));
	/* a stranger learns nothing */
	xmarkers_send_displayed("stranger@example.org", "x");
	char *groups[] = {NULL};
	roster_upsert("carol@example.org", NULL, groups, SUB_TO, false);
	xmarkers_send_displayed("carol@example.org", "y");
	assert_int_equal(fix_nsent, 1);
	/* nor does anyone while we are offline */
	xs.phase = XS_IDLE;
	xmarkers_send_displayed("bob@example.org", "z");
	xs.phase = XS_ONLINE;
	assert_int_equal(fix_nsent, 1);
}

/* Seeing a chat sends one displayed marker, for the newest markable message. */
static void test_mark_seen_through_core(void **state)
{
	(void)state;
	add_bob();
	core_set_conn_state(CONN_ONLINE, NULL);
	fix_feed(xh_message, "<message type='chat' from='bob@example.org/x' id='old'><body>1</body>"
	                     "<markable xmlns='urn:xmpp:chat-markers:0'/></message>");
	fix_feed(xh_message, "<message type='chat' from='bob@example.org/x' id='new'><body>2</body>"
	                     "<markable xmlns='urn:xmpp:chat-markers:0'/></message>");
	fix_clear_sent();
	core_mark_seen(conv_find("bob@example.org"));
	assert_int_equal(fix_nsent, 1);
	assert_non_null(strstr(fix_sent[0], "<displayed "));
	assert_non_null(strstr(fix_sent[0], "id=\"new\""));
	assert_non_null(strstr(fix_sent[0], "to=\"bob@example.org\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_outgoing_markable, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_displayed_reads_earlier, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_displayed_from_stranger_ignored, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_received_marker, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_marker_wrong_namespace, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_incoming_markable, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_send_displayed, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_mark_seen_through_core, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("xmpp_markers", tests, NULL, NULL);
}
