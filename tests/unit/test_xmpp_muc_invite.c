/* test_xmpp_muc_invite.c - room invitations: mediated ones only from a
 * room, direct ones from anyone (shown with who sent them), floods bounded,
 * and /invite */
#include "unit.h"
#include "xmpp_fixture.h"

#include "cmd.h"
#include "conv.h"
#include "room.h"
#include "xmalloc.h"

#define ROOM "tea@conference.example.org"

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
	xmuc_invite_reset();
	return fix_teardown(state);
}

/* How many console lines contain text. */
static size_t console_count(const char *text)
{
	struct conv *c = conv_console();
	size_t n = 0;
	for (size_t i = 0; i < c->len; i++)
		if (strstr(c->msgs[i]->body, text))
			n++;
	return n;
}

/* Answer the last captured disco#info query as 'from' with these features. */
static void disco_answer(const char *from, const char *features)
{
	char id[32], xml[2048];
	const char *q = fix_sent_matching("disco#info");
	assert_non_null(q);
	fix_sent_id(q, id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq from='%s' type='result' id='%s'>"
	         "<query xmlns='http://jabber.org/protocol/disco#info'>%s</query></iq>",
	         from, id, features);
	fix_feed(xh_iq, xml);
}

#define MEDIATED(from, inviter)                                                                    \
	"<message from='" from "' to='alice@example.org'>"                                         \
	"<x xmlns='http://jabber.org/protocol/muc#user'><invite from='" inviter "'>"               \
	"<reason>join us</reason></invite><password>secret</password></x></message>"

/* A mediated invitation from a room is checked, then shown and kept. */
static void test_mediated(void **state)
{
	(void)state;
	fix_feed(xh_message, MEDIATED(ROOM, "bob@example.org/pc"));
	assert_null(xmuc_invite_last());
	assert_non_null(strstr(fix_sent_matching("disco#info"), "to=\"" ROOM "\""));
	/* an answer from elsewhere does not count */
	disco_answer("mallory@evil.example", "<feature var='http://jabber.org/protocol/muc'/>");
	assert_null(xmuc_invite_last());
	disco_answer(ROOM, "<identity category='conference' type='text'/>"
	                   "<feature var='http://jabber.org/protocol/muc'/>");
	const struct xmuc_invite *inv = xmuc_invite_last();
	assert_non_null(inv);
	assert_string_equal(inv->room, ROOM);
	assert_string_equal(inv->from, "bob@example.org");
	assert_string_equal(inv->password, "secret");
	assert_true(inv->mediated);
	assert_int_equal(console_count("bob@example.org (not in your contacts) invites you to " ROOM
	                               " (join us)"),
	                 1);
	assert_int_equal(console_count("/join"), 1);
}

/* Forged mediated invitations: from a full JID, or from something that is no room. */
static void test_mediated_forged(void **state)
{
	(void)state;
	fix_feed(xh_message, MEDIATED("mallory@evil.example/x", "bob@example.org"));
	assert_int_equal(fix_nsent, 0);
	fix_feed(xh_message, MEDIATED("evil.example", "bob@example.org"));
	assert_int_equal(fix_nsent, 0);
	fix_feed(xh_message, MEDIATED("mallory@evil.example", "bob@example.org"));
	disco_answer("mallory@evil.example", "<identity category='account' type='registered'/>");
	assert_null(xmuc_invite_last());
	assert_int_equal(console_count("invites you"), 0);
}

/* A direct invitation from a stranger is shown with who sent it, sanitized,
 * and never joined by itself. */
static void test_direct_stranger(void **state)
{
	(void)state;
	fix_feed(xh_message, "<message from='stranger@spam.example/bot'>"
	                     "<x xmlns='jabber:x:conference' jid='" ROOM "' "
	                     "reason='free \xe2\x80\xae"
	                     "stuff\xc2\x9b"
	                     "2J'/></message>");
	const struct xmuc_invite *inv = xmuc_invite_last();
	assert_non_null(inv);
	assert_false(inv->mediated);
	assert_string_equal(inv->from, "stranger@spam.example");
	assert_null(strstr(inv->reason, "\xe2\x80\xae"));
	assert_null(strstr(inv->reason, "\xc2\x9b"));
	assert_int_equal(console_count("stranger@spam.example (not in your contacts) invites you "
	                               "directly to " ROOM),
	                 1);
	assert_null(room_find(ROOM)); /* not joined */
	assert_int_equal(fix_nsent, 0);
}

/* Direct invitations without a usable room JID are ignored. */
static void test_direct_bad_room(void **state)
{
	(void)state;
	fix_feed(xh_message, "<message from='bob@example.org/pc'>"
	                     "<x xmlns='jabber:x:conference' jid='not a jid'/></message>");
	fix_feed(xh_message, "<message from='bob@example.org/pc'>"
	                     "<x xmlns='jabber:x:conference'/></message>");
	fix_feed(xh_message,
	         "<message from='bob@example.org/pc'>"
	         "<x xmlns='jabber:x:conference' jid='a@b\xe2\x80\xae.org'/></message>");
	assert_null(xmuc_invite_last());
	assert_int_equal(console_count("invites you"), 0);
}

/* A flood of invitations: notices bounded, the list bounded, newest kept. */
static void test_flood(void **state)
{
	(void)state;
	char xml[512];
	for (int i = 0; i < 200; i++) {
		snprintf(xml, sizeof(xml),
		         "<message from='spam%d@spam.example/x'>"
		         "<x xmlns='jabber:x:conference' jid='room%d@conference.spam.example'/>"
		         "</message>",
		         i, i);
		fix_feed(xh_message, xml);
	}
	size_t shown = console_count("invites you");
	assert_true(shown > 0);
	assert_true(shown <= 10);
	const struct xmuc_invite *inv = xmuc_invite_last();
	assert_non_null(inv);
	assert_string_not_equal(inv->room, "room199@conference.spam.example");
	/* an accepted invitation is forgotten */
	xmuc_invite_forget(inv->room);
	assert_true(xmuc_invite_last() != inv);
}

/* /invite in a room tab sends a mediated invitation through the room. */
static void test_invite_command(void **state)
{
	(void)state;
	struct cmd_source src = {NULL, 0};
	assert_int_equal(cmd_run_line("/invite bob@example.org come along", &src), -1);
	struct conv *cv = conv_open_type(ROOM, CONV_ROOM);
	struct room *r = room_get(ROOM);
	r->conv = cv;
	r->state = ROOM_JOINED;
	conv_focus(cv);
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/invite not-a-jid", &src), -1);
	assert_int_equal(fix_nsent, 0);
	assert_int_equal(cmd_run_line("/invite bob@example.org come along", &src), 0);
	assert_int_equal(fix_nsent, 1);
	const char *s = fix_sent[0];
	assert_non_null(strstr(s, "to=\"" ROOM "\""));
	assert_non_null(strstr(s, "<invite to=\"bob@example.org\"><reason>come along</reason>"));
	/* an invitation to a room we are in needs no check */
	fix_clear_sent();
	fix_feed(xh_message, MEDIATED(ROOM, "carol@example.org"));
	assert_int_equal(fix_nsent, 0);
	assert_non_null(xmuc_invite_last());
}

/* Error and groupchat messages carrying invite elements are not invitations. */
static void test_not_invitations(void **state)
{
	(void)state;
	fix_feed(xh_message, "<message type='error' from='bob@example.org/pc'>"
	                     "<x xmlns='jabber:x:conference' jid='" ROOM "'/></message>");
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob'>"
	                     "<x xmlns='jabber:x:conference' jid='" ROOM "'/></message>");
	assert_null(xmuc_invite_last());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_mediated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mediated_forged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_direct_stranger, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_direct_bad_room, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_flood, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_invite_command, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_invitations, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
