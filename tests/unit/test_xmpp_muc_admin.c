/* test_xmpp_muc_admin.c - /kick, /ban, /role, /affiliation, /affiliations
 * and /destroy: the stanzas sent, answers only from the room, hostile answers */
#include "unit.h"
#include "xmpp_fixture.h"

#include "cmd.h"
#include "conv.h"
#include "room.h"
#include "xmalloc.h"

#define ROOM "tea@conference.example.org"

static struct room *room;
/* What the fake front end's ask got, and its answer callback. */
static secret_fn asked_done;
static void *asked_arg;

/* The front end's question: remembered, answered by the test. */
static void fake_ask(void *ud, const char *prompt, bool hidden, secret_fn done, void *arg)
{
	(void)ud;
	(void)prompt;
	(void)hidden;
	asked_done = done;
	asked_arg = arg;
}

static const struct core_listener listener = {.ask = fake_ask};

/* Fixture, online, in ROOM as moderator "alice" with occupant "bob". */
static int setup(void **state)
{
	fix_setup(state);
	core_set_listener(&listener, NULL);
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_open_type(ROOM, CONV_ROOM);
	room = room_get(ROOM);
	room->conv = cv;
	room->state = ROOM_JOINED;
	xstrset(&room->nick, "alice");
	room_occupant_set(room, "alice", NULL, ROLE_MODERATOR, AFFIL_OWNER, SHOW_ONLINE, NULL);
	room_occupant_set(room, "bob", "bob@example.org/pc", ROLE_PARTICIPANT, AFFIL_MEMBER,
	                  SHOW_ONLINE, NULL);
	room_occupant_set(room, "eve", NULL, ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE, NULL);
	conv_focus(cv);
	asked_done = NULL;
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	core_set_listener(NULL, NULL);
	return fix_teardown(state);
}

/* True when the room's tab shows a line containing text. */
static bool room_has(const char *text)
{
	struct conv *c = room->conv;
	for (size_t i = 0; i < c->len; i++)
		if (strstr(c->msgs[i]->body, text))
			return true;
	return false;
}

/* Run a command line as typed. */
static int run(const char *line)
{
	struct cmd_source src = {NULL, 0};
	return cmd_run_line(line, &src);
}

/* Feed an iq answer with the id of the last captured stanza. */
static void answer(const char *from, const char *type, const char *inner)
{
	char id[32], xml[4096];
	assert_true(fix_nsent > 0);
	fix_sent_id(fix_sent[fix_nsent - 1], id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq from='%s' to='alice@example.org/natter' type='%s' id='%s'>%s</iq>", from,
	         type, id, inner);
	fix_feed(xh_iq, xml);
}

/* /kick sends role none with the reason; only the room's answer counts. */
static void test_kick(void **state)
{
	(void)state;
	assert_int_equal(run("/kick bob go away now"), 0);
	const char *s = fix_sent_matching("muc#admin");
	assert_non_null(s);
	assert_non_null(strstr(s, "to=\"" ROOM "\""));
	assert_non_null(strstr(s, "nick=\"bob\""));
	assert_non_null(strstr(s, "role=\"none\""));
	assert_non_null(strstr(s, "<reason>go away now</reason>"));
	/* a forged answer from someone else is ignored */
	answer("mallory@evil.example", "result", "");
	assert_false(room_has("kicked bob"));
	answer(ROOM, "result", "");
	assert_true(room_has("kicked bob"));
}

/* A refusal from the room is told in plain words in the room's tab. */
static void test_refused(void **state)
{
	(void)state;
	assert_int_equal(run("/role bob visitor"), 0);
	assert_non_null(strstr(fix_sent[fix_nsent - 1], "role=\"visitor\""));
	answer(ROOM, "error",
	       "<error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
	       "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>no\xc2\x9b"
	       "31m \xe2\x80\xae"
	       "way</text>"
	       "</error>");
	assert_true(room_has("could not make bob a visitor: the room does not allow that"));
	/* the C1 escape and the bidi override are not passed through */
	assert_false(room_has("\xc2\x9b"));
	assert_false(room_has("\xe2\x80\xae"));
}

/* Not a moderator: said at once, nothing sent. */
static void test_not_moderator(void **state)
{
	(void)state;
	room_occupant_set(room, "alice", NULL, ROLE_PARTICIPANT, AFFIL_MEMBER, SHOW_ONLINE, NULL);
	fix_clear_sent();
	assert_int_equal(run("/kick bob"), -1);
	assert_int_equal(fix_nsent, 0);
	assert_true(room_has("you are not a moderator"));
	assert_int_equal(run("/kick nobody"), -1);
}

/* /ban by nick uses the real JID when known; a hidden one is refused. */
static void test_ban(void **state)
{
	(void)state;
	assert_int_equal(run("/ban bob spam"), 0);
	const char *s = fix_sent[fix_nsent - 1];
	assert_non_null(strstr(s, "jid=\"bob@example.org\""));
	assert_non_null(strstr(s, "affiliation=\"outcast\""));
	answer(
	    ROOM, "error",
	    "<error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>");
	assert_true(room_has("could not ban bob@example.org: you are not allowed"));
	fix_clear_sent();
	assert_int_equal(run("/ban eve"), -1);
	assert_int_equal(fix_nsent, 0);
	assert_true(room_has("eve's address is hidden"));
	assert_int_equal(run("/ban carol@example.org"), 0);
	assert_non_null(strstr(fix_sent[fix_nsent - 1], "jid=\"carol@example.org\""));
}

/* /affiliation checks its word and sends the change. */
static void test_affiliation(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(run("/affiliation carol@example.org boss"), -1);
	assert_int_equal(fix_nsent, 0);
	assert_int_equal(run("/affiliation carol@example.org member"), 0);
	assert_non_null(strstr(fix_sent[0], "affiliation=\"member\""));
	answer(ROOM, "result", "");
	assert_true(room_has("carol@example.org's affiliation is now member"));
}

/* A huge list is bounded, invalid entries skipped, reasons sanitized. */
static void test_affiliations_huge(void **state)
{
	(void)state;
	assert_int_equal(run("/affiliations member"), 0);
	assert_non_null(strstr(fix_sent[fix_nsent - 1], "affiliation=\"member\""));
	size_t n = XMUC_AFFIL_MAX + 500;
	size_t cap = n * 80 + 512;
	char *inner = xmalloc(cap);
	size_t len = (size_t)snprintf(inner, cap,
	                              "<query xmlns='http://jabber.org/protocol/muc#admin'>"
	                              "<item affiliation='member' jid='bad jid'/>"
	                              "<item affiliation='member' jid='x@y.org'>"
	                              "<reason>\xc2\x9b"
	                              "31mred</reason></item>");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(inner + len, cap - len,
		                        "<item affiliation='member' jid='u%zu@example.org'/>", i);
	snprintf(inner + len, cap - len, "</query>");
	char id[32];
	fix_sent_id(fix_sent[fix_nsent - 1], id, sizeof(id));
	size_t xcap = cap + 256;
	char *xml = xmalloc(xcap);
	snprintf(xml, xcap, "<iq from='" ROOM "' type='result' id='%s'>%s</iq>", id, inner);
	size_t before = room->conv->len;
	fix_feed(xh_iq, xml);
	free(xml);
	free(inner);
	assert_true(room_has("more entries not shown"));
	assert_true(room_has("x@y.org: "));
	assert_false(room_has("bad jid"));
	assert_true(room->conv->len > before);
	assert_false(room_has("\xc2\x9b"));
}

/* /affiliations without a type asks for the four lists. */
static void test_affiliations_all(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(run("/affiliations"), 0);
	assert_int_equal(fix_nsent, 4);
	assert_non_null(fix_sent_matching("affiliation=\"owner\""));
	assert_non_null(fix_sent_matching("affiliation=\"outcast\""));
	assert_int_equal(run("/affiliations none"), -1);
}

/* /destroy only after the room's name is typed. */
static void test_destroy(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(run("/destroy closing time"), 0);
	assert_non_null(asked_done);
	asked_done("coffee", asked_arg);
	assert_int_equal(fix_nsent, 0);
	assert_true(room_has("was not destroyed"));
	assert_int_equal(run("/destroy closing time"), 0);
	asked_done(NULL, asked_arg);
	assert_int_equal(fix_nsent, 0);
	assert_int_equal(run("/destroy closing time"), 0);
	asked_done("tea", asked_arg);
	assert_int_equal(fix_nsent, 1);
	assert_non_null(strstr(fix_sent[0], "muc#owner"));
	assert_non_null(strstr(fix_sent[0], "<destroy><reason>closing time</reason></destroy>"));
	answer(ROOM, "result", "");
	assert_true(room_has(ROOM " was destroyed"));
}

/* Outside a room tab the commands refuse. */
static void test_not_in_room(void **state)
{
	(void)state;
	conv_focus(conv_console());
	fix_clear_sent();
	assert_int_equal(run("/kick bob"), -1);
	assert_int_equal(run("/destroy"), -1);
	assert_int_equal(fix_nsent, 0);
}

/* The session ends before the room answers: said, no crash. */
static void test_lost(void **state)
{
	(void)state;
	assert_int_equal(run("/kick bob"), 0);
	xiq_cancel_all();
	assert_true(room_has("could not kick bob: " XQ_LOST));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_kick, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_moderator, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ban, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_affiliation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_affiliations_huge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_affiliations_all, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_destroy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_in_room, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lost, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
