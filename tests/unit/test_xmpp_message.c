/* test_xmpp_message.c - incoming messages, sending, receipts, confirmation */
#include <time.h>

#include "unit.h"
#include "xmpp_fixture.h"

/* A contact who sees our presence. */
static void add_bob(void)
{
	char *groups[] = {NULL};
	roster_upsert("bob@example.org", "Bob", groups, SUB_BOTH, false);
}

/* An incoming chat opens a tab, counts unread and shows sanitized text. */
static void test_incoming_opens_tab(void **state)
{
	(void)state;
	add_bob();
	fix_feed(xh_message, "<message type='chat' from='bob@example.org/phone' id='m1'>"
	                     "<body>hi &#x9b;2J there&#x202e;!&#xd;\nline two</body></message>");
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_int_equal(cv->len, 1);
	assert_int_equal(cv->unread, 1);
	assert_int_equal(conv_total_unread(), 1);
	struct message *m = cv->msgs[0];
	assert_int_equal(m->dir, MSG_IN);
	assert_string_equal(m->from, "Bob");
	assert_null(strstr(m->body, "\xc2\x9b"));
	assert_null(strstr(m->body, "\xe2\x80\xae"));
	assert_null(strchr(m->body, '\r'));
	assert_non_null(strstr(m->body, "!\nline two"));
	/* the receipt request-less message gets no receipt */
	assert_null(fix_sent_matching("urn:xmpp:receipts"));
}

/* Messages without body, from, or of other types leave the model alone. */
static void test_ignored_messages(void **state)
{
	(void)state;
	fix_feed(xh_message, "<message type='chat'><body>no from</body></message>");
	fix_feed(xh_message, "<message type='chat' from='bad jid@x'><body>x</body></message>");
	fix_feed(xh_message, "<message type='chat' from='bob@example.org'/>");
	fix_feed(xh_message, "<message type='groupchat' from='room@muc.example.org/n'>"
	                     "<body>room</body></message>");
	size_t n;
	conv_list(&n);
	assert_int_equal(n, 1);
}

/* Receipts are answered only to contacts with a presence subscription. */
static void test_receipts_answered_to_subscribed_only(void **state)
{
	(void)state;
	add_bob();
	fix_feed(xh_message, "<message type='chat' from='stranger@example.org/x' id='s1'>"
	                     "<body>hello</body><request xmlns='urn:xmpp:receipts'/></message>");
	assert_null(fix_sent_matching("urn:xmpp:receipts"));
	fix_feed(xh_message, "<message type='chat' from='bob@example.org/x' id='b1'>"
	                     "<body>hello</body><request xmlns='urn:xmpp:receipts'/></message>");
	const char *r = fix_sent_matching("urn:xmpp:receipts");
	assert_non_null(r);
	assert_non_null(strstr(r, "to=\"bob@example.org/x\""));
	assert_non_null(strstr(r, "id=\"b1\""));
}

/* Send a message from the chat with bob and return it. */
static struct message *send_to_bob(const char *text)
{
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_open("bob@example.org");
	assert_int_equal(core_send(cv, text), 0);
	return cv->msgs[cv->len - 1];
}

/* Sending builds a proper stanza; the barrier's answer marks it sent. */
static void test_send_then_sent(void **state)
{
	(void)state;
	add_bob();
	struct message *m = send_to_bob("héllo 世界");
	assert_int_equal(m->state, MSG_SENDING);
	const char *out = fix_sent_matching("<body>");
	assert_non_null(out);
	assert_non_null(strstr(out, "to=\"bob@example.org\""));
	assert_non_null(strstr(out, "héllo 世界"));
	assert_non_null(strstr(out, "urn:xmpp:receipts"));
	assert_non_null(strstr(out, "urn:xmpp:sid:0"));
	const char *ping = fix_sent_matching("urn:xmpp:ping");
	assert_non_null(ping);
	char id[32], xml[256];
	fix_sent_id(ping, id, sizeof(id));
	/* a spoofed answer does not confirm anything */
	snprintf(xml, sizeof(xml), "<iq type='result' id='%s' from='bob@example.org'/>", id);
	fix_feed(xh_iq, xml);
	assert_int_equal(m->state, MSG_SENDING);
	snprintf(xml, sizeof(xml), "<iq type='result' id='%s' from='example.org'/>", id);
	fix_feed(xh_iq, xml);
	assert_int_equal(m->state, MSG_SENT);
}

/* A receipt from the contact marks delivered; from anyone else it does not. */
static void test_receipt_marks_delivered(void **state)
{
	(void)state;
	add_bob();
	struct message *m = send_to_bob("ping?");
	char xml[256];
	snprintf(xml, sizeof(xml),
	         "<message from='mallory@evil.example/x'><received xmlns='urn:xmpp:receipts' "
	         "id='%s'/></message>",
	         m->id);
	fix_feed(xh_message, xml);
	assert_int_equal(m->state, MSG_SENDING);
	snprintf(xml, sizeof(xml),
	         "<message from='bob@example.org/x'><received xmlns='urn:xmpp:receipts' "
	         "id='%s'/></message>",
	         m->id);
	fix_feed(xh_message, xml);
	assert_int_equal(m->state, MSG_DELIVERED);
}

/* An error bounce fails the message with the reason in words. */
static void test_error_fails_message(void **state)
{
	(void)state;
	add_bob();
	struct message *m = send_to_bob("are you there");
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<message type='error' from='bob@example.org' id='%s'><error type='cancel'>"
	         "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
	         "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>gone &#x9b;fishing</text>"
	         "</error></message>",
	         m->id);
	fix_feed(xh_message, xml);
	assert_int_equal(m->state, MSG_FAILED);
	assert_non_null(strstr(m->error, "service unavailable"));
	assert_non_null(strstr(m->error, "fishing"));
	assert_null(strstr(m->error, "\xc2\x9b"));
}

/* Losing the connection fails what the server never confirmed. */
static void test_disconnect_fails_unconfirmed(void **state)
{
	(void)state;
	add_bob();
	struct message *m = send_to_bob("lost?");
	xmessage_fail_pending("connection lost before the server confirmed it");
	assert_int_equal(m->state, MSG_FAILED);
	assert_non_null(strstr(m->error, "connection lost"));
}

/* Count captured message stanzas with a body containing text. */
static int sent_bodies(const char *text)
{
	int n = 0;
	for (int i = 0; i < fix_nsent; i++)
		if (strstr(fix_sent[i], "<body>") && strstr(fix_sent[i], text))
			n++;
	return n;
}

/* Typed while offline: queued (sending), sent when the session starts. */
static void test_send_offline_queued(void **state)
{
	(void)state;
	core_set_conn_state(CONN_OFFLINE, NULL);
	struct conv *cv = conv_open("bob@example.org");
	assert_int_equal(core_send(cv, "nobody home"), 0);
	struct message *m = cv->msgs[cv->len - 1];
	assert_int_equal(m->state, MSG_SENDING);
	assert_int_equal(fix_nsent, 0);
	assert_int_equal(core_send(cv, "bell \a"), -1);
	core_set_conn_state(CONN_ONLINE, NULL);
	core_session_started(false);
	assert_int_equal(sent_bodies("nobody home"), 1);
	assert_int_equal(m->attempts, 1);
	assert_int_equal(m->state, MSG_SENDING);
}

/* Not confirmed before a disconnect: resent once with the same id after a
 * fresh login, then failed; after a resumed session libstrophe resends it,
 * so natter only waits for the confirmation. */
static void test_unconfirmed_resent_once_then_failed(void **state)
{
	(void)state;
	add_bob();
	struct message *m = send_to_bob("lost in transit");
	char *id = strdup(m->id);
	xconfirm_forget();
	core_session_ended();
	core_session_started(true); /* resumed: no resend */
	assert_int_equal(sent_bodies("lost in transit"), 1);
	assert_int_equal(m->state, MSG_SENDING);
	xconfirm_forget();
	core_session_ended();
	core_session_started(false); /* fresh session: resent once, same id */
	assert_int_equal(sent_bodies("lost in transit"), 2);
	char idattr[64];
	snprintf(idattr, sizeof(idattr), "id=\"%s\"", id);
	int same_id = 0;
	for (int i = 0; i < fix_nsent; i++)
		if (strstr(fix_sent[i], "lost in transit") && strstr(fix_sent[i], idattr))
			same_id++;
	assert_int_equal(same_id, 2);
	xconfirm_forget();
	core_session_ended();
	core_session_started(false); /* still unconfirmed: failed, not dropped */
	assert_int_equal(sent_bodies("lost in transit"), 2);
	assert_int_equal(m->state, MSG_FAILED);
	assert_non_null(strstr(m->error, "not confirmed"));
	free(id);
}

/* Delay stamps: the original time is used unless it is absurd. */
static void test_delay_stamps(void **state)
{
	(void)state;
	fix_feed(xh_message,
	         "<message type='chat' from='bob@example.org/x'><body>old</body>"
	         "<delay xmlns='urn:xmpp:delay' stamp='2020-01-02T03:04:05Z'/></message>");
	fix_feed(xh_message,
	         "<message type='chat' from='bob@example.org/x'><body>future</body>"
	         "<delay xmlns='urn:xmpp:delay' stamp='9999-01-01T00:00:00Z'/></message>");
	fix_feed(xh_message,
	         "<message type='chat' from='bob@example.org/x'><body>junk</body>"
	         "<delay xmlns='urn:xmpp:delay' stamp='2020-13-45T99:99:99Z'/></message>");
	struct conv *cv = conv_find("bob@example.org");
	assert_int_equal(cv->len, 3);
	assert_int_equal(cv->msgs[0]->ts, 1577934245);
	time_t now = time(NULL);
	assert_true(cv->msgs[1]->ts >= now - 5 && cv->msgs[1]->ts <= now + 5);
	assert_true(cv->msgs[2]->ts >= now - 5 && cv->msgs[2]->ts <= now + 5);
}

/* A huge body is cut, not refused, and the cut is marked. */
static void test_huge_body_cut(void **state)
{
	(void)state;
	size_t n = 200 * 1024;
	char *xml = malloc(n + 200);
	int k = sprintf(xml, "<message type='chat' from='bob@example.org/x'><body>");
	memset(xml + k, 'a', n);
	strcpy(xml + k + n, "</body></message>");
	fix_feed(xh_message, xml);
	free(xml);
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_true(strlen(cv->msgs[0]->body) <= XS_BODY_MAX + 4);
	assert_non_null(strstr(cv->msgs[0]->body, "…"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_incoming_opens_tab, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_ignored_messages, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_receipts_answered_to_subscribed_only, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_send_then_sent, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_receipt_marks_delivered, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_error_fails_message, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_disconnect_fails_unconfirmed, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_send_offline_queued, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_unconfirmed_resent_once_then_failed, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_delay_stamps, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_huge_body_cut, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("xmpp_message", tests, NULL, NULL);
}
