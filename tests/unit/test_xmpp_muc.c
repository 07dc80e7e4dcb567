/* test_xmpp_muc.c - rooms over the wire: joining, occupants, messages,
 * subjects, private messages, errors, and who may say what */
#include "unit.h"
#include "xmpp_fixture.h"

#define ROOM "room@muc.example.org"
#define MUCU "http://jabber.org/protocol/muc#user"

/* A presence from nick in ROOM with role participant; extra goes inside <x/>. */
static void occupant_presence(const char *nick, const char *type, const char *extra)
{
	char xml[2048];
	snprintf(xml, sizeof(xml),
	         "<presence from='" ROOM "/%s'%s%s%s><x xmlns='" MUCU "'>"
	         "<item affiliation='member' role='participant'/>%s</x></presence>",
	         nick, type ? " type='" : "", type ? type : "", type ? "'" : "", extra);
	fix_feed(xh_presence, xml);
}

/* Online, joined to ROOM as alice, with bob in the room. */
static struct room *joined(void)
{
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(core_room_join(ROOM, "alice", NULL), 0);
	occupant_presence("bob", NULL, "");
	occupant_presence("alice", NULL, "<status code='110'/>");
	struct room *r = room_find(ROOM);
	assert_non_null(r);
	assert_int_equal(r->state, ROOM_JOINED);
	return r;
}

/* The number of lines in cv containing needle. */
static int count_lines(const struct conv *cv, const char *needle)
{
	int n = 0;
	for (size_t i = 0; cv && i < cv->len; i++)
		if (strstr(cv->msgs[i]->body, needle))
			n++;
	return n;
}

/* Joining sends presence to room/nick with the MUC <x/> and a history request. */
static void test_join_sends_presence(void **state)
{
	(void)state;
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(core_room_join(ROOM, "alice", "s3cret"), 0);
	const char *p = fix_sent_matching("http://jabber.org/protocol/muc\"");
	assert_non_null(p);
	assert_non_null(strstr(p, "to=\"" ROOM "/alice\""));
	assert_non_null(strstr(p, "maxstanzas=\"20\""));
	assert_non_null(strstr(p, "<password>s3cret</password>"));
	struct room *r = room_find(ROOM);
	assert_int_equal(r->state, ROOM_JOINING);
	assert_non_null(r->conv);
	assert_int_equal(r->conv->type, CONV_ROOM);
	assert_ptr_equal(conv_focused(), r->conv);
}

/* room_history sets how many messages a first join asks for. */
static void test_join_history_setting(void **state)
{
	(void)state;
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(setting_set("room_history", "500", NULL), 0);
	assert_int_equal(core_room_join(ROOM, "alice", NULL), 0);
	const char *p = fix_sent_matching("http://jabber.org/protocol/muc\"");
	assert_int_equal(setting_set("room_history", NULL, NULL), 0);
	assert_non_null(p);
	assert_non_null(strstr(p, "maxstanzas=\"500\""));
}

/* The self-presence (110) makes us joined; others become occupants. */
static void test_self_presence_and_occupants(void **state)
{
	(void)state;
	struct room *r = joined();
	assert_int_equal(r->noccupants, 2);
	struct occupant *bob = room_occupant_find(r, "bob");
	assert_non_null(bob);
	assert_int_equal(bob->role, ROLE_PARTICIPANT);
	assert_int_equal(bob->affil, AFFIL_MEMBER);
	assert_int_equal(count_lines(r->conv, "you joined " ROOM " as alice"), 1);
	occupant_presence("carol", NULL, "");
	assert_int_equal(count_lines(r->conv, "carol joined"), 1);
	occupant_presence("carol", "unavailable", "");
	assert_null(room_occupant_find(r, "carol"));
	assert_int_equal(count_lines(r->conv, "carol left"), 1);
}

/* Status 110 for another nick does not make it ours or end our stay. */
static void test_status_110_for_other_nick(void **state)
{
	(void)state;
	struct room *r = joined();
	occupant_presence("mallory", "unavailable", "<status code='110'/><status code='307'/>");
	assert_int_equal(r->state, ROOM_JOINED);
	assert_string_equal(r->nick, "alice");
	occupant_presence("bob", NULL, "<status code='110'/>");
	assert_string_equal(r->nick, "alice");
	assert_int_equal(r->state, ROOM_JOINED);
}

/* Groupchat: from the room's occupants to the room tab; our reflected
 * message is not shown twice; forged rooms and rooms we are not in are
 * ignored. */
static void test_groupchat(void **state)
{
	(void)state;
	struct room *r = joined();
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='g1'>"
	                     "<body>hello &#x9b;31mall&#x202e;</body>"
	                     "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='s1'/></message>");
	assert_int_equal(count_lines(r->conv, "hello"), 1);
	struct message *m = r->conv->msgs[r->conv->len - 1];
	assert_string_equal(m->from, "bob");
	assert_int_equal(m->dir, MSG_IN);
	assert_string_equal(m->stanza_id, "s1");
	assert_null(strstr(m->body, "\xc2\x9b"));
	assert_null(strstr(m->body, "\xe2\x80\xae"));
	/* same stanza-id again (history replay): once */
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='g1'>"
	                     "<body>hello &#x9b;31mall&#x202e;</body>"
	                     "<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>"
	                     "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='s1'/></message>");
	assert_int_equal(count_lines(r->conv, "hello"), 1);
	/* a stanza-id from someone else is not the room's */
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='g2'>"
	                     "<body>second</body>"
	                     "<stanza-id xmlns='urn:xmpp:sid:0' by='evil@example.org' id='x'/>"
	                     "</message>");
	assert_null(r->conv->msgs[r->conv->len - 1]->stanza_id);
	/* another room, a room we are not in */
	size_t before = r->conv->len;
	fix_feed(xh_message, "<message type='groupchat' from='other@muc.example.org/bob'>"
	                     "<body>forged</body></message>");
	assert_int_equal(r->conv->len, before);
	assert_null(conv_find("other@muc.example.org"));
	/* our own message, sent then reflected */
	assert_int_equal(core_send(r->conv, "mine"), 0);
	struct message *mine = r->conv->msgs[r->conv->len - 1];
	const char *sent = fix_sent_matching("<body>mine</body>");
	assert_non_null(sent);
	assert_non_null(strstr(sent, "type=\"groupchat\""));
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<message type='groupchat' from='" ROOM "/alice' id='%s'><body>mine</body>"
	         "<origin-id xmlns='urn:xmpp:sid:0' id='%s'/></message>",
	         mine->id, mine->id);
	fix_feed(xh_message, xml);
	assert_int_equal(count_lines(r->conv, "mine"), 1);
	assert_int_equal(mine->state, MSG_DELIVERED);
}

/* Subject: from an occupant (status line, title), not from a stranger. */
static void test_subject(void **state)
{
	(void)state;
	struct room *r = joined();
	/* the subject right after joining may come from someone who left */
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/gone'>"
	                     "<subject>first &#x9d;0;title&#x202e;topic</subject></message>");
	assert_non_null(r->subject);
	assert_null(strstr(r->subject, "\xc2\x9d"));
	assert_null(strstr(r->subject, "\xe2\x80\xae"));
	assert_non_null(strstr(r->conv->title, "topic"));
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/stranger'>"
	                     "<subject>forged</subject></message>");
	assert_null(strstr(r->subject, "forged"));
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob'>"
	                     "<subject>new topic</subject><body>bob set it</body></message>");
	assert_string_equal(r->subject, "new topic");
	assert_int_equal(count_lines(r->conv, "bob set the topic: new topic"), 1);
	assert_string_equal(r->conv->title, ROOM ": new topic");
	/* our own change refused: said in words, the topic stays */
	assert_int_equal(core_room_topic(r, "mine"), 0);
	const char *sent = fix_sent_matching("<subject>mine</subject>");
	assert_non_null(sent);
	char id[64], xml[512];
	fix_sent_id(sent, id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<message type='error' from='" ROOM "' id='%s'><error type='auth'>"
	         "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
	         id);
	fix_feed(xh_message, xml);
	assert_int_equal(count_lines(r->conv, "the room refused the topic: forbidden"), 1);
	assert_string_equal(r->subject, "new topic");
}

/* Private messages go to their own tab, even from a nick named like a contact. */
static void test_private_message(void **state)
{
	(void)state;
	char *groups[] = {NULL};
	roster_upsert("bob@example.org", "bob", groups, SUB_BOTH, false);
	struct room *r = joined();
	fix_feed(xh_message, "<message type='chat' from='" ROOM "/bob' id='p1'>"
	                     "<body>psst</body><x xmlns='" MUCU "'/></message>");
	struct conv *pm = conv_find(ROOM "/bob");
	assert_non_null(pm);
	assert_int_equal(pm->type, CONV_PRIVATE);
	assert_string_equal(pm->jid, ROOM "/bob");
	assert_int_equal(count_lines(pm, "psst"), 1);
	assert_int_equal(count_lines(r->conv, "psst"), 0);
	assert_null(conv_find("bob@example.org"));
	assert_ptr_equal(room_of_conv(pm), r);
	/* our answer goes out as chat to room/nick with the muc#user <x/> */
	assert_int_equal(core_send(pm, "back"), 0);
	const char *sent = fix_sent_matching("<body>back</body>");
	assert_non_null(sent);
	assert_non_null(strstr(sent, "to=\"" ROOM "/bob\""));
	assert_non_null(strstr(sent, "type=\"chat\""));
	assert_non_null(strstr(sent, MUCU));
}

/* Nick changes (303), ours and others'. */
static void test_nick_change(void **state)
{
	(void)state;
	struct room *r = joined();
	fix_feed(xh_presence, "<presence from='" ROOM "/bob' type='unavailable'>"
	                      "<x xmlns='" MUCU "'><item nick='robert' role='participant'/>"
	                      "<status code='303'/></x></presence>");
	assert_null(room_occupant_find(r, "bob"));
	assert_non_null(room_occupant_find(r, "robert"));
	assert_int_equal(count_lines(r->conv, "bob is now known as robert"), 1);
	assert_int_equal(core_room_nick(r, "alicia"), 0);
	assert_non_null(fix_sent_matching("to=\"" ROOM "/alicia\""));
	fix_feed(xh_presence, "<presence from='" ROOM "/alice' type='unavailable'>"
	                      "<x xmlns='" MUCU "'><item nick='alicia' role='participant'/>"
	                      "<status code='303'/><status code='110'/></x></presence>");
	assert_string_equal(r->nick, "alicia");
	assert_int_equal(r->state, ROOM_JOINED);
}

/* Join errors and removals in plain words. */
static void test_join_errors(void **state)
{
	(void)state;
	static const struct {
		const char *cond, *words;
	} cases[] = {
	    {"conflict", "the nick alice is taken"},   {"forbidden", "banned"},
	    {"registration-required", "members only"}, {"not-authorized", "password"},
	    {"item-not-found", "no such room"},        {"service-unavailable", "full"},
	};
	core_set_conn_state(CONN_ONLINE, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(core_room_join(ROOM, "alice", NULL), 0);
		char xml[512];
		snprintf(xml, sizeof(xml),
		         "<presence from='" ROOM "/alice' type='error'><error type='cancel'>"
		         "<%s xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>",
		         cases[i].cond);
		fix_feed(xh_presence, xml);
		struct room *r = room_find(ROOM);
		assert_int_equal(r->state, ROOM_FAILED);
		assert_non_null(strstr(r->error, cases[i].words));
	}
}

/* Kicked, banned, destroyed: we are out, and told why. */
static void test_removed(void **state)
{
	(void)state;
	struct room *r = joined();
	occupant_presence("alice", "unavailable", "<status code='110'/><status code='307'/>");
	assert_int_equal(r->state, ROOM_PARTED);
	assert_non_null(strstr(r->error, "kicked"));
	assert_int_equal(r->noccupants, 0);
	r = joined();
	fix_feed(xh_presence, "<presence from='" ROOM "/alice' type='unavailable'>"
	                      "<x xmlns='" MUCU "'><item role='none'/><status code='110'/>"
	                      "<destroy jid='new@muc.example.org'><reason>moved</reason></destroy>"
	                      "</x></presence>");
	assert_int_equal(r->state, ROOM_PARTED);
	assert_non_null(strstr(r->error, "destroyed: moved"));
	assert_non_null(strstr(r->error, "new@muc.example.org"));
	/* groupchat after leaving is ignored */
	size_t before = r->conv->len;
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob'>"
	                     "<body>late</body></message>");
	assert_int_equal(r->conv->len, before);
}

/* Creating a room accepts the default configuration. */
static void test_created_room(void **state)
{
	(void)state;
	core_set_conn_state(CONN_ONLINE, NULL);
	core_room_join(ROOM, "alice", NULL);
	occupant_presence("alice", NULL, "<status code='110'/><status code='201'/>");
	const char *iq = fix_sent_matching("muc#owner");
	assert_non_null(iq);
	assert_non_null(strstr(iq, "type=\"submit\""));
}

/* A fresh session rejoins, asking for history since the last message; a
 * resumed one does nothing. */
static void test_rejoin(void **state)
{
	(void)state;
	struct room *r = joined();
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='g1'>"
	                     "<body>before</body></message>");
	fix_clear_sent();
	core_rooms_session_started(true);
	assert_int_equal(fix_nsent, 0);
	core_rooms_session_started(false);
	const char *p = fix_sent_matching("to=\"" ROOM "/alice\"");
	assert_non_null(p);
	assert_non_null(strstr(p, "since=\""));
	assert_int_equal(r->state, ROOM_JOINING);
	assert_int_equal(r->noccupants, 0);
}

/* Many occupants, with hostile nicks. */
static void test_huge_room(void **state)
{
	(void)state;
	struct room *r = joined();
	for (int i = 0; i < 3000; i++) {
		char nick[32];
		snprintf(nick, sizeof(nick), "n%d&#x202e;", i);
		occupant_presence(nick, NULL, "");
	}
	assert_int_equal(r->noccupants, 3002);
	/* joins are not shown in big rooms (show_joins 50) */
	assert_int_equal(count_lines(r->conv, "n2999"), 0);
	for (size_t i = 0; i < r->noccupants; i++)
		assert_null(strstr(r->occupants[i]->nick, "\xe2\x80\xae"));
}

/* Run the tests. */
/* How many captured stanzas contain needle. */
static int sent_count_of(const char *needle)
{
	int n = 0;
	for (int i = 0; i < fix_nsent; i++)
		n += strstr(fix_sent[i], needle) != NULL;
	return n;
}

/* Typing in a room tab tells the room (groupchat, not archived), once per
 * change; not while we are out of the room. Occupants' states are shown. */
static void test_room_chat_states(void **state)
{
	(void)state;
	struct room *r = joined();
	fix_clear_sent();
	core_user_typing(r->conv);
	core_user_typing(r->conv);
	assert_int_equal(sent_count_of("<composing"), 1);
	const char *s = fix_sent_matching("<composing");
	assert_non_null(strstr(s, "type=\"groupchat\""));
	assert_non_null(strstr(s, "to=\"" ROOM "\""));
	assert_non_null(strstr(s, "urn:xmpp:hints"));
	assert_null(strstr(s, "<body"));
	fix_feed(xh_message,
	         "<message type='groupchat' from='" ROOM "/bob'>"
	         "<composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
	assert_int_equal(room_occupant_find(r, "bob")->state, CHAT_COMPOSING);
	/* a state from someone not in the room changes nobody */
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/ghost'>"
	                     "<paused xmlns='http://jabber.org/protocol/chatstates'/></message>");
	assert_null(room_occupant_find(r, "ghost"));
	core_room_part(r, NULL);
	fix_clear_sent();
	r->conv->own_state = CHAT_NONE;
	core_user_typing(r->conv);
	assert_int_equal(sent_count_of("chatstates"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_room_chat_states, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_join_history_setting, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_join_sends_presence, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_self_presence_and_occupants, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_status_110_for_other_nick, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_groupchat, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_subject, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_private_message, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_nick_change, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_join_errors, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_removed, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_created_room, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_rejoin, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_huge_room, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
