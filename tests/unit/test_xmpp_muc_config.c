/* test_xmpp_muc_config.c - /roomconfig: the owner form fetched from the
 * room only, set by FIELD=VALUE or walked on the input line, and forms
 * with weird fields */
#include "unit.h"
#include "xmpp_fixture.h"

#include "cmd.h"
#include "conv.h"
#include "room.h"
#include "xmalloc.h"

#define ROOM "tea@conference.example.org"

static struct room *room;
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

/* Fixture, online, in ROOM. */
static int setup(void **state)
{
	fix_setup(state);
	core_set_listener(&listener, NULL);
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_open_type(ROOM, CONV_ROOM);
	room = room_get(ROOM);
	room->conv = cv;
	room->state = ROOM_JOINED;
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
	for (size_t i = 0; i < room->conv->len; i++)
		if (strstr(room->conv->msgs[i]->body, text))
			return true;
	return false;
}

/* Run a command line as typed. */
static int run(const char *line)
{
	struct cmd_source src = {NULL, 0};
	return cmd_run_line(line, &src);
}

#define FORM                                                                                       \
	"<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "            \
	"type='form'>"                                                                             \
	"<field var='FORM_TYPE' type='hidden'><value>"                                             \
	"http://jabber.org/protocol/muc#roomconfig</value></field>"                                \
	"<field var='muc#roomconfig_roomname' type='text-single' label='Title'>"                   \
	"<value>Old</value></field>"                                                               \
	"<field var='muc#roomconfig_persistentroom' type='boolean' label='Persistent'>"            \
	"<value>0</value></field>"                                                                 \
	"<field var='weird\xe2\x80\xae' type='no-such-type' label='\xc2\x9b"                       \
	"2J'/>"                                                                                    \
	"<field type='fixed'><value>just words</value></field>"                                    \
	"<field var='muc#roomconfig_roomname' type='text-single'><value>dup</value></field>"       \
	"</x></query>"

/* The id of the last captured stanza (a static buffer). */
static const char *last_id(void)
{
	static char id[32];
	assert_true(fix_nsent > 0);
	fix_sent_id(fix_sent[fix_nsent - 1], id, sizeof(id));
	return id;
}

/* Answer iq id as from. */
static void answer(const char *id, const char *from, const char *type, const char *inner)
{
	char xml[4096];
	snprintf(xml, sizeof(xml), "<iq from='%s' type='%s' id='%s'>%s</iq>", from, type, id,
	         inner);
	fix_feed(xh_iq, xml);
}

/* FIELD=VALUE by short name and by label, submitted; only the room's form counts. */
static void test_set_fields(void **state)
{
	(void)state;
	assert_int_equal(run("/roomconfig roomname=\"Tea room\" persistent=yes"), 0);
	assert_non_null(strstr(fix_sent[fix_nsent - 1], "type=\"get\""));
	assert_non_null(strstr(fix_sent[fix_nsent - 1], "muc#owner"));
	char id[32];
	strcpy(id, last_id());
	fix_clear_sent();
	answer(id, "mallory@evil.example", "result", FORM);
	assert_int_equal(fix_nsent, 0);
	answer(id, ROOM, "result", FORM);
	assert_int_equal(fix_nsent, 1);
	const char *s = fix_sent[0];
	assert_non_null(strstr(s, "type=\"set\""));
	assert_non_null(strstr(s, "type=\"submit\""));
	assert_non_null(strstr(s, "<value>Tea room</value>"));
	assert_null(strstr(s, "Old"));
	assert_null(strstr(s, "dup"));
	assert_non_null(strstr(s, "var=\"muc#roomconfig_persistentroom\"><value>1</value>"));
	answer(last_id(), ROOM, "result", "");
	assert_true(room_has("configuration of " ROOM " is saved"));
}

/* An unknown field or a bad value: nothing submitted, the form cancelled. */
static void test_bad_assign(void **state)
{
	(void)state;
	assert_int_equal(run("/roomconfig colour=blue"), 0);
	answer(last_id(), ROOM, "result", FORM);
	assert_true(room_has("the room has no setting colour"));
	assert_non_null(strstr(fix_sent[fix_nsent - 1], "type=\"cancel\""));
	assert_int_equal(run("/roomconfig persistent=perhaps"), 0);
	answer(last_id(), ROOM, "result", FORM);
	assert_non_null(strstr(fix_sent[fix_nsent - 1], "type=\"cancel\""));
	assert_null(fix_sent_matching("type=\"submit\""));
}

/* Walking the form: weird fields asked as text, shown sanitized, submitted. */
static void test_walk(void **state)
{
	(void)state;
	assert_int_equal(run("/roomconfig"), 0);
	answer(last_id(), ROOM, "result", FORM);
	int asked = 0;
	while (asked_done && asked < 10) {
		secret_fn done = asked_done;
		asked_done = NULL;
		asked++;
		done(asked == 1 ? "New name" : "", asked_arg);
	}
	assert_int_equal(asked, 3); /* title, persistent, the weird one */
	const char *s = fix_sent_matching("type=\"submit\"");
	assert_non_null(s);
	assert_non_null(strstr(s, "<value>New name</value>"));
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++) {
		assert_null(strstr(c->msgs[i]->body, "\xc2\x9b"));
		assert_null(strstr(c->msgs[i]->body, "\xe2\x80\xae"));
	}
}

/* Cancelling the walk tells the room; refusals are told in plain words. */
static void test_cancel_and_refusal(void **state)
{
	(void)state;
	assert_int_equal(run("/roomconfig"), 0);
	answer(last_id(), ROOM, "result", FORM);
	assert_non_null(asked_done);
	asked_done(NULL, asked_arg);
	assert_non_null(strstr(fix_sent[fix_nsent - 1], "type=\"cancel\""));
	assert_true(room_has("was not changed"));
	assert_int_equal(run("/roomconfig show"), 0);
	answer(
	    last_id(), ROOM, "error",
	    "<error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>");
	assert_true(room_has("could not get the configuration of " ROOM
	                     ": you are not allowed to do that in this room"));
	assert_int_equal(run("/roomconfig show"), 0);
	answer(last_id(), ROOM, "result", "<query xmlns='http://jabber.org/protocol/muc#owner'/>");
	assert_true(room_has("the room sent no configuration form"));
	assert_int_equal(run("/roomconfig show"), 0);
	answer(last_id(), ROOM, "result", FORM);
	assert_true(room_has("muc#roomconfig_roomname=Old"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_set_fields, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_assign, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel_and_refusal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
