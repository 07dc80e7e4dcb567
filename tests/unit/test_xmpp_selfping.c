/* test_xmpp_selfping.c - XEP-0410: what each answer means, one ping per
 * silent room, rejoin when the room forgot us or does not answer */
#include "unit.h"
#include "xmpp_fixture.h"

#include <unistd.h>

#include "conv.h"
#include "room.h"

#define ROOM "den@conf.example"
#define SELF ROOM "/ally"

/* Fixture, online, self-ping after 1 s of silence, 1 s to answer. */
static int setup(void **state)
{
	fix_setup(state);
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(setting_set("muc_selfping", "1", NULL), 0);
	assert_int_equal(setting_set("ping_timeout", "1", NULL), 0);
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	xselfping_reset();
	return fix_teardown(state);
}

/* Parse xml into a stanza (caller releases). */
static xmpp_stanza_t *parse(const char *xml)
{
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(fix_ctx, xml);
	assert_non_null(st);
	return st;
}

/* The verdict for an iq answer of type with error condition cond. */
static enum xselfping_verdict verdict_of(const char *xml)
{
	xmpp_stanza_t *st = parse(xml);
	enum xselfping_verdict v = xselfping_verdict(st);
	xmpp_stanza_release(st);
	return v;
}

/* An error answer with condition cond. */
static enum xselfping_verdict error_verdict(const char *cond)
{
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='x'><error type='cancel'><%s "
	         "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         cond);
	return verdict_of(xml);
}

/* XEP-0410's table of answers. */
static void test_verdicts(void **state)
{
	(void)state;
	assert_int_equal(verdict_of("<iq type='result' id='x'/>"), SELFPING_IN);
	assert_int_equal(error_verdict("service-unavailable"), SELFPING_IN);
	assert_int_equal(error_verdict("feature-not-implemented"), SELFPING_IN);
	assert_int_equal(error_verdict("item-not-found"), SELFPING_IN);
	assert_int_equal(error_verdict("not-acceptable"), SELFPING_OUT);
	assert_int_equal(error_verdict("bad-request"), SELFPING_OUT);
	assert_int_equal(error_verdict("remote-server-not-found"), SELFPING_UNSURE);
	assert_int_equal(error_verdict("remote-server-timeout"), SELFPING_UNSURE);
	/* junk: a condition outside the stanzas namespace, no error at all */
	assert_int_equal(verdict_of("<iq type='error' id='x'><error><service-unavailable "
	                            "xmlns='urn:evil'/></error></iq>"),
	                 SELFPING_OUT);
	assert_int_equal(verdict_of("<iq type='error' id='x'/>"), SELFPING_OUT);
	assert_int_equal(xselfping_verdict(NULL), SELFPING_OUT);
}

/* A joined room with us as ally, watched after its first stanza. */
static struct room *joined_room(void)
{
	struct room *r = room_get(ROOM);
	r->nick = strdup("ally");
	r->state = ROOM_JOINED;
	xselfping_seen(ROOM "/bob");
	assert_int_equal(xselfping_watched(), 1);
	return r;
}

/* Let the silence interval pass and run the timers; the ping sent, or NULL. */
static const char *after_silence(void)
{
	fix_clear_sent();
	usleep(1020 * 1000);
	timer_run_due();
	return fix_sent_matching("urn:xmpp:ping");
}

/* Answer the ping with xml of type/payload from 'from'. */
static void answer_ping(const char *ping, const char *from, const char *type, const char *payload)
{
	char id[32], xml[512];
	fix_sent_id(ping, id, sizeof(id));
	snprintf(xml, sizeof(xml), "<iq type='%s' id='%s' from='%s'>%s</iq>", type, id, from,
	         payload);
	fix_clear_sent();
	fix_feed(xh_iq, xml);
}

/* True when a join presence to our occupant JID was sent. */
static bool rejoined(void)
{
	const char *p = fix_sent_matching("<presence");
	return p && strstr(p, "to=\"" SELF "\"") && strstr(p, "http://jabber.org/protocol/muc");
}

/* Silence, a ping to ourselves; not-acceptable (only from our occupant JID)
 * means the room forgot us: natter says so and joins again. */
static void test_dropped_rejoins(void **state)
{
	(void)state;
	struct room *r = joined_room();
	const char *ping = after_silence();
	assert_non_null(ping);
	assert_non_null(strstr(ping, "to=\"" SELF "\""));
	char saved[512];
	snprintf(saved, sizeof(saved), "%s", ping);
	const char *gone = "<error type='cancel'><not-acceptable "
	                   "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>";
	/* a forged answer from another occupant changes nothing */
	answer_ping(saved, ROOM "/mallory", "error", gone);
	assert_false(rejoined());
	answer_ping(saved, SELF, "error", gone);
	assert_true(rejoined());
	assert_int_equal(r->state, ROOM_JOINING);
	bool said = false;
	for (size_t i = 0; r->conv && i < r->conv->len; i++)
		said |= strstr(r->conv->msgs[i]->body, "joining again") != NULL;
	assert_true(said);
}

/* A result means we are in: no rejoin, and the next check waits a whole interval. */
static void test_in_room_rearms(void **state)
{
	(void)state;
	joined_room();
	const char *ping = after_silence();
	assert_non_null(ping);
	char saved[512];
	snprintf(saved, sizeof(saved), "%s", ping);
	answer_ping(saved, SELF, "result", "");
	assert_false(rejoined());
	assert_int_equal(xselfping_watched(), 1);
	assert_in_range(timer_next(), 900, 1000);
}

/* A talking room is not pinged; a silent one is, once. */
static void test_activity_postpones(void **state)
{
	(void)state;
	joined_room();
	usleep(600 * 1000);
	xselfping_seen(ROOM "/carol");
	fix_clear_sent();
	usleep(420 * 1000);
	timer_run_due();
	assert_null(fix_sent_matching("urn:xmpp:ping")); /* only 0.4 s of silence so far */
	int64_t left = timer_next();
	assert_in_range(left, 400, 700);
	usleep((useconds_t)(left + 20) * 1000);
	timer_run_due();
	const char *ping = fix_sent_matching("urn:xmpp:ping");
	assert_non_null(ping);
	fix_clear_sent();
	timer_run_due();
	assert_null(fix_sent_matching("urn:xmpp:ping")); /* one in flight at a time */
}

/* No answer within ping_timeout: rejoin too. */
static void test_no_answer_rejoins(void **state)
{
	(void)state;
	joined_room();
	assert_non_null(after_silence());
	fix_clear_sent();
	usleep(1020 * 1000);
	timer_run_due();
	assert_true(rejoined());
}

/* Only rooms we are in are watched, and nothing at all when switched off. */
static void test_only_joined_rooms(void **state)
{
	(void)state;
	xselfping_seen("bob@example.org/phone");
	xselfping_seen("example.org");
	xselfping_seen("unknown@conf.example/x");
	room_get("left@conf.example")->state = ROOM_PARTED;
	xselfping_seen("left@conf.example/x");
	assert_int_equal(xselfping_watched(), 0);
	assert_int_equal(timer_next(), -1);
	assert_int_equal(setting_set("muc_selfping", "0", NULL), 0);
	struct room *r = room_get(ROOM);
	r->state = ROOM_JOINED;
	xselfping_seen(ROOM "/bob");
	assert_int_equal(xselfping_watched(), 0);
	/* a watched room that is left stops being watched at its next check */
	assert_int_equal(setting_set("muc_selfping", "1", NULL), 0);
	xselfping_seen(ROOM "/bob");
	assert_int_equal(xselfping_watched(), 1);
	r->state = ROOM_PARTED;
	assert_null(after_silence());
	assert_int_equal(xselfping_watched(), 0);
	assert_int_equal(timer_next(), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dropped_rejoins, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_in_room_rearms, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_activity_postpones, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_answer_rejoins, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_only_joined_rooms, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
