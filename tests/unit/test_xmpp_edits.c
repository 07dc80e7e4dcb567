/* test_xmpp_edits.c - corrections, retractions and reactions over the wire
 * (XEP-0308/0424/0444), and the hostile ones that must change nothing */
#include "unit.h"
#include "utf8.h"
#include "xmpp_fixture.h"

#define BOB    "bob@example.org"
#define CAROL  "carol@example.org"
#define ROOM   "room@muc.example.org"
#define MUCU   "http://jabber.org/protocol/muc#user"
#define CORR   "urn:xmpp:message-correct:0"
#define RETR   "urn:xmpp:message-retract:1"
#define REACT  "urn:xmpp:reactions:0"
#define THUMBS "\xf0\x9f\x91\x8d"
#define HEART  "\xe2\x9d\xa4"

/* A chat message from 'from' with id, body and extra children. */
static void chat(const char *from, const char *id, const char *body, const char *extra)
{
	char xml[8192];
	snprintf(xml, sizeof(xml),
	         "<message type='chat' from='%s' to='alice@example.org/natter' id='%s'>"
	         "%s%s%s%s</message>",
	         from, id, body ? "<body>" : "", body ? body : "", body ? "</body>" : "", extra);
	fix_feed(xh_message, xml);
}

/* The conversation with jid (must exist). */
static struct conv *conv_of(const char *jid)
{
	struct conv *cv = conv_find(jid);
	assert_non_null(cv);
	return cv;
}

/* Bob has said "helo" (id b1) and we have said "hi" (id o1). */
static struct conv *chat_with_bob(void)
{
	chat(BOB "/phone", "b1", "helo", "");
	struct conv *cv = conv_of(BOB);
	struct msg_in out = {
	    .conv_jid = BOB, .dir = MSG_OUT, .from = "alice", .body = "hi", .id = "o1"};
	assert_non_null(core_message_in(&out));
	assert_int_equal(cv->len, 2);
	return cv;
}

/* Bob corrects his own message: it reads the new text, marked edited. */
static void test_correct_by_sender(void **state)
{
	(void)state;
	struct conv *cv = chat_with_bob();
	chat(BOB "/laptop", "b2", "hello", "<replace xmlns='" CORR "' id='b1'/>");
	assert_int_equal(cv->len, 2);
	assert_string_equal(cv->msgs[0]->body, "hello");
	assert_true(cv->msgs[0]->edited);
	assert_string_equal(cv->msgs[0]->original, "helo");
	chat(BOB "/laptop", "b3", "hello!", "<replace xmlns='" CORR "' id='b1'/>");
	assert_string_equal(cv->msgs[0]->body, "hello!");
	assert_string_equal(cv->msgs[0]->original, "helo");
}

/* Corrections from another contact, of unknown ids, of our own message by
 * the peer, and with absurd ids change nothing and show nothing. */
static void test_correct_refused(void **state)
{
	(void)state;
	struct conv *cv = chat_with_bob();
	chat(CAROL "/x", "c1", "pwned", "<replace xmlns='" CORR "' id='b1'/>");
	chat(BOB "/phone", "b2", "pwned", "<replace xmlns='" CORR "' id='nope'/>");
	chat(BOB "/phone", "b3", "pwned", "<replace xmlns='" CORR "' id='o1'/>");
	char big[600];
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	chat(BOB "/phone", "b4", "pwned", "<replace xmlns='" CORR "' id=''/>");
	char extra[800];
	snprintf(extra, sizeof(extra), "<replace xmlns='" CORR "' id='%s'/>", big);
	chat(BOB "/phone", "b5", "pwned", extra);
	assert_int_equal(cv->len, 2);
	assert_string_equal(cv->msgs[0]->body, "helo");
	assert_string_equal(cv->msgs[1]->body, "hi");
	assert_false(cv->msgs[0]->edited || cv->msgs[1]->edited);
	assert_null(conv_find(CAROL));
}

/* Our correction from another device (a sent carbon) changes our message,
 * never Bob's. */
static void test_correct_own_carbon(void **state)
{
	(void)state;
	struct conv *cv = chat_with_bob();
	fix_feed(xh_message,
	         "<message from='alice@example.org' to='alice@example.org/natter'>"
	         "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
	         "<message xmlns='jabber:client' type='chat' from='alice@example.org/pc'"
	         " to='" BOB "' id='o2'><body>hi there</body>"
	         "<replace xmlns='" CORR "' id='o1'/></message></forwarded></sent>"
	         "</message>");
	assert_string_equal(cv->msgs[1]->body, "hi there");
	fix_feed(xh_message,
	         "<message from='alice@example.org' to='alice@example.org/natter'>"
	         "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
	         "<message xmlns='jabber:client' type='chat' from='alice@example.org/pc'"
	         " to='" BOB "' id='o3'><body>mine now</body>"
	         "<replace xmlns='" CORR "' id='b1'/></message></forwarded></sent>"
	         "</message>");
	assert_string_equal(cv->msgs[0]->body, "helo");
	assert_int_equal(cv->msgs[0]->dir, MSG_IN);
	assert_int_equal(cv->len, 2);
}

/* Retractions: a stranger's and the peer's of our message are ignored; the
 * sender's own (both forms) empty the message. */
static void test_retract(void **state)
{
	(void)state;
	struct conv *cv = chat_with_bob();
	chat(CAROL "/x", "c1", NULL, "<retract xmlns='" RETR "' id='b1'/>");
	chat(BOB "/x", "b2", NULL, "<retract xmlns='" RETR "' id='o1'/>");
	assert_false(cv->msgs[0]->retracted || cv->msgs[1]->retracted);
	assert_string_equal(cv->msgs[0]->body, "helo");
	chat(BOB "/x", "b3", "fallback text", "<retract xmlns='" RETR "' id='b1'/>");
	assert_true(cv->msgs[0]->retracted);
	assert_string_equal(cv->msgs[0]->body, "");
	assert_int_equal(cv->len, 2); /* the fallback body is not shown */
	/* a correction after the retraction brings nothing back */
	chat(BOB "/x", "b4", "back", "<replace xmlns='" CORR "' id='b1'/>");
	assert_string_equal(cv->msgs[0]->body, "");
}

/* The older fastening form of a retraction is accepted from the sender. */
static void test_retract_fastening(void **state)
{
	(void)state;
	struct conv *cv = chat_with_bob();
	chat(CAROL "/x", "c1", NULL,
	     "<apply-to xmlns='urn:xmpp:fasten:0' id='b1'>"
	     "<retract xmlns='urn:xmpp:message-retract:0'/></apply-to>");
	assert_false(cv->msgs[0]->retracted);
	chat(BOB "/x", "b2", NULL,
	     "<apply-to xmlns='urn:xmpp:fasten:0' id='b1'>"
	     "<retract xmlns='urn:xmpp:message-retract:0'/></apply-to>");
	assert_true(cv->msgs[0]->retracted);
}

/* Reactions: each sender replaces only their own set. */
static void test_reactions(void **state)
{
	(void)state;
	struct conv *cv = chat_with_bob();
	const char *mine[] = {HEART};
	core_message_react(cv, cv->msgs[1], EDITS_ME, mine, 1);
	chat(BOB "/x", "r1", NULL,
	     "<reactions xmlns='" REACT "' id='o1'><reaction>" THUMBS "</reaction></reactions>");
	assert_int_equal(cv->msgs[1]->nreactions, 2);
	chat(BOB "/x", "r2", NULL, "<reactions xmlns='" REACT "' id='o1'></reactions>");
	assert_int_equal(cv->msgs[1]->nreactions, 1);
	assert_string_equal(cv->msgs[1]->reactions[0].who, EDITS_ME);
	/* carol cannot react in Bob's chat, nor remove ours */
	chat(CAROL "/x", "c1", NULL, "<reactions xmlns='" REACT "' id='o1'></reactions>");
	chat(CAROL "/x", "c2", NULL,
	     "<reactions xmlns='" REACT "' id='o1'><reaction>" THUMBS "</reaction></reactions>");
	assert_int_equal(cv->msgs[1]->nreactions, 1);
	assert_string_equal(cv->msgs[1]->reactions[0].emoji, HEART);
}

/* 10,000 reactions, huge and non-emoji strings: bounded and dropped. */
static void test_reactions_bounded(void **state)
{
	(void)state;
	struct conv *cv = chat_with_bob();
	size_t cap = 10000 * 40 + 256;
	char *xml = malloc(cap);
	size_t n = (size_t)snprintf(xml, cap,
	                            "<message type='chat' from='" BOB "/x' id='r1'>"
	                            "<reactions xmlns='" REACT "' id='o1'>");
	for (int i = 0; i < 10000; i++) {
		char e[8];
		int len = utf8_encode(0x1F300 + (uint32_t)(i % 700), e);
		e[len] = '\0';
		n += (size_t)snprintf(xml + n, cap - n, "<reaction>%s</reaction>", e);
	}
	snprintf(xml + n, cap - n, "</reactions></message>");
	fix_feed(xh_message, xml);
	free(xml);
	assert_true(cv->msgs[1]->nreactions <= EDITS_MAX_DISTINCT);
	assert_true(cv->msgs[1]->nreactions > 0);
	char big[4096 + 200];
	char huge[2048];
	for (size_t i = 0; i + 4 < sizeof(huge); i += 4)
		memcpy(huge + i, THUMBS, 4);
	huge[sizeof(huge) - 4] = '\0';
	snprintf(big, sizeof(big),
	         "<reactions xmlns='" REACT "' id='b1'><reaction>%s</reaction>"
	         "<reaction>abc</reaction><reaction>^[[31m</reaction>"
	         "<reaction>" THUMBS THUMBS "</reaction></reactions>",
	         huge);
	chat(BOB "/x", "r2", NULL, big);
	assert_int_equal(cv->msgs[0]->nreactions, 0);
}

/* What counts as one emoji. */
static void test_emoji_ok(void **state)
{
	(void)state;
	assert_true(edits_emoji_ok(THUMBS));
	assert_true(edits_emoji_ok(HEART "\xef\xb8\x8f"));                           /* with VS16 */
	assert_true(edits_emoji_ok(THUMBS "\xf0\x9f\x8f\xbd"));                      /* skin tone */
	assert_true(edits_emoji_ok("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"));             /* a flag */
	assert_true(edits_emoji_ok("1\xef\xb8\x8f\xe2\x83\xa3"));                    /* keycap 1 */
	assert_true(edits_emoji_ok("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb")); /* ZWJ */
	assert_false(edits_emoji_ok(""));
	assert_false(edits_emoji_ok("a"));
	assert_false(edits_emoji_ok("1"));
	assert_false(edits_emoji_ok(THUMBS THUMBS));
	assert_false(edits_emoji_ok(THUMBS " "));
	assert_false(edits_emoji_ok("\xe2\x80\x8d" THUMBS));
	assert_false(edits_emoji_ok("\xcc\x81"));
	assert_false(edits_emoji_ok("\xff"));
	assert_false(edits_emoji_ok("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xab"));
}

/* A presence from nick in ROOM with a real JID (or none) and extra children. */
static void occupant(const char *nick, const char *jid, const char *type, const char *extra)
{
	char xml[2048];
	snprintf(xml, sizeof(xml),
	         "<presence from='" ROOM "/%s'%s%s%s><x xmlns='" MUCU "'>"
	         "<item affiliation='member' role='participant'%s%s%s/>%s</x></presence>",
	         nick, type ? " type='" : "", type ? type : "", type ? "'" : "",
	         jid ? " jid='" : "", jid ? jid : "", jid ? "'" : "", extra);
	fix_feed(xh_presence, xml);
}

/* Joined to ROOM as alice, with bob (real JID bob_jid, or hidden) present. */
static struct conv *joined(const char *bob_jid)
{
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(core_room_join(ROOM, "alice", NULL), 0);
	occupant("bob", bob_jid, NULL, "");
	occupant("alice", NULL, NULL, "<status code='110'/>");
	struct room *r = room_find(ROOM);
	assert_int_equal(r->state, ROOM_JOINED);
	return r->conv;
}

/* A groupchat message from nick with extra children (stanza-id S-id). */
static void groupchat(const char *nick, const char *id, const char *body, const char *extra)
{
	char xml[2048];
	snprintf(xml, sizeof(xml),
	         "<message type='groupchat' from='" ROOM "/%s' id='%s'>%s%s%s"
	         "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='S-%s'/>%s</message>",
	         nick, id, body ? "<body>" : "", body ? body : "", body ? "</body>" : "", id,
	         extra);
	fix_feed(xh_message, xml);
}

/* The room message with body text, or NULL. */
static struct message *room_msg(struct conv *cv, const char *text)
{
	for (size_t i = 0; i < cv->len; i++)
		if (cv->msgs[i]->dir != MSG_SYSTEM && strcmp(cv->msgs[i]->body, text) == 0)
			return cv->msgs[i];
	return NULL;
}

/* In a room, someone who takes bob's nick after he left cannot correct or
 * retract his message (the real JID differs); bob himself can. */
static void test_room_nick_takeover(void **state)
{
	(void)state;
	struct conv *cv = joined("bob@example.org/pc");
	groupchat("bob", "g1", "first", "");
	struct message *m = room_msg(cv, "first");
	assert_non_null(m);
	occupant("bob", "bob@example.org/pc", "unavailable", "");
	occupant("bob", "mallory@example.org/x", NULL, "");
	groupchat("bob", "g2", "forged", "<replace xmlns='" CORR "' id='g1'/>");
	groupchat("bob", "g3", NULL, "<retract xmlns='" RETR "' id='S-g1'/>");
	assert_string_equal(m->body, "first");
	assert_false(m->retracted || m->edited);
	assert_null(room_msg(cv, "forged"));
	occupant("bob", "mallory@example.org/x", "unavailable", "");
	occupant("bob", "bob@example.org/phone", NULL, "");
	groupchat("bob", "g4", "fixed", "<replace xmlns='" CORR "' id='g1'/>");
	assert_string_equal(m->body, "fixed");
	groupchat("bob", "g5", NULL, "<retract xmlns='" RETR "' id='S-g1'/>");
	assert_true(m->retracted);
}

/* In a semi-anonymous room the XEP-0421 occupant-id tells occupants apart;
 * another occupant can neither retract nor correct, and reactions only
 * ever set the sender's own. */
static void test_room_occupant_id(void **state)
{
	(void)state;
	struct conv *cv = joined(NULL);
	occupant("carol", NULL, NULL, "");
	groupchat("bob", "g1", "hello", "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='B'/>");
	struct message *m = room_msg(cv, "hello");
	assert_non_null(m);
	groupchat("bob", "g2", "forged",
	          "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='M'/>"
	          "<replace xmlns='" CORR "' id='g1'/>");
	groupchat("carol", "g3", NULL, "<retract xmlns='" RETR "' id='S-g1'/>");
	assert_string_equal(m->body, "hello");
	assert_false(m->retracted);
	groupchat("carol", "g4", NULL,
	          "<reactions xmlns='" REACT "' id='S-g1'><reaction>" THUMBS
	          "</reaction></reactions>");
	groupchat("bob", "g5", NULL,
	          "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='B'/>"
	          "<reactions xmlns='" REACT "' id='S-g1'><reaction>" HEART
	          "</reaction></reactions>");
	assert_int_equal(m->nreactions, 2);
	groupchat("carol", "g6", NULL, "<reactions xmlns='" REACT "' id='S-g1'/>");
	assert_int_equal(m->nreactions, 1);
	assert_string_equal(m->reactions[0].emoji, HEART);
	groupchat("bob", "g7", "hello again",
	          "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='B'/>"
	          "<replace xmlns='" CORR "' id='g1'/>");
	assert_string_equal(m->body, "hello again");
}

/* What we send: a correction, a retraction and reactions. */
static void test_send(void **state)
{
	(void)state;
	assert_int_equal(xedit_send(BOB, EDIT_CORRECT, "o1", "fixed", "n1"), 0);
	const char *s = fix_sent_matching(CORR);
	assert_non_null(s);
	assert_non_null(strstr(s, "<replace id=\"o1\" xmlns=\"" CORR "\"/>"));
	assert_non_null(strstr(s, "<body>fixed</body>"));
	assert_int_equal(xedit_send(BOB, EDIT_RETRACT, "o1", NULL, NULL), 0);
	assert_non_null(strstr(fix_sent_matching(RETR), "id=\"o1\""));
	assert_int_equal(xedit_send(BOB, EDIT_REACT, "b1", THUMBS "\n" HEART, NULL), 0);
	s = fix_sent_matching(REACT);
	assert_non_null(strstr(s, "<reaction>" THUMBS "</reaction><reaction>" HEART "</reaction>"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_correct_by_sender, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_correct_refused, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_correct_own_carbon, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_retract, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_retract_fastening, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_reactions, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_reactions_bounded, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_emoji_ok, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_room_nick_takeover, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_room_occupant_id, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_send, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
