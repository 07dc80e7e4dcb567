/* test_autojoin.c - paced joining: the token bucket as a pure function of a
 * fake clock, and the queue that joins bookmarked rooms a few at a time */
#include "unit.h"
#include "xmpp_fixture.h"

#include <unistd.h>

#include "autojoin.h"
#include "conv.h"
#include "room.h"

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
	autojoin_reset();
	return fix_teardown(state);
}

/* Join presences sent so far (to rooms, with the MUC element). */
static int joins_sent(void)
{
	int n = 0;
	for (int i = 0; i < fix_nsent; i++)
		if (strncmp(fix_sent[i], "<presence", 9) == 0 &&
		    strstr(fix_sent[i], "http://jabber.org/protocol/muc"))
			n++;
	return n;
}

/* A full bucket gives its burst at once, then one token per 1/rate s. */
static void test_bucket_burst_then_rate(void **state)
{
	(void)state;
	struct pace p = {0};
	uint64_t t = 5000;
	for (int i = 0; i < 3; i++)
		assert_int_equal(pace_take(&p, t, 3, 3), 0);
	uint64_t wait = pace_take(&p, t, 3, 3);
	assert_in_range(wait, 333, 334);
	/* nothing was taken by the refusal: just before the wait, still refused */
	assert_true(pace_take(&p, t + wait - 5, 3, 3) > 0);
	assert_int_equal(pace_take(&p, t + wait, 3, 3), 0);
	assert_true(pace_take(&p, t + wait, 3, 3) > 0);
}

/* However the clock is sampled, 100 rooms take about (100 - burst) / rate
 * seconds and never more than burst + rate * seconds joins happen. */
static void test_bucket_never_exceeds_rate(void **state)
{
	(void)state;
	struct pace p = {0};
	uint64_t start = 1000, t = start;
	int joined = 0;
	while (joined < 100) {
		uint64_t w = pace_take(&p, t, 3, 3);
		if (w == 0) {
			joined++;
			uint64_t secs = (t - start) / 1000;
			assert_true((uint64_t)joined <= 3 + 3 * (secs + 1));
		} else {
			t += w; /* the queue's timer fires when the bucket says */
		}
	}
	uint64_t took = t - start;
	assert_in_range(took, 32000, 33000); /* 97 joins at 3 a second */
}

/* Idle time refills only up to the burst. */
static void test_bucket_caps_at_burst(void **state)
{
	(void)state;
	struct pace p = {0};
	assert_int_equal(pace_take(&p, 0, 3, 3), 0);
	int taken = 0;
	while (pace_take(&p, 3600000, 3, 3) == 0)
		taken++;
	assert_int_equal(taken, 3);
}

/* Ten rooms: the burst joins at once, the rest wait on one timer; the focus
 * stays where the user is. */
static void test_queue_paces_joins(void **state)
{
	(void)state;
	struct conv *console = conv_console();
	conv_focus(console);
	char jid[64];
	for (int i = 0; i < 10; i++) {
		snprintf(jid, sizeof(jid), "room%d@conference.example.org", i);
		autojoin_enqueue(jid, "alice", NULL);
	}
	assert_int_equal(joins_sent(), AUTOJOIN_BURST);
	assert_int_equal(autojoin_pending(), 10 - AUTOJOIN_BURST);
	assert_ptr_equal(conv_focused(), console);
	int64_t next = timer_next();
	assert_in_range(next, 1, 1000 / AUTOJOIN_RATE + 1);
	/* the loop sleeps until then; nothing more goes out before */
	timer_run_due();
	assert_int_equal(joins_sent(), AUTOJOIN_BURST);
	usleep((useconds_t)(next + 5) * 1000);
	timer_run_due();
	assert_int_equal(joins_sent(), AUTOJOIN_BURST + 1);
	assert_int_equal(autojoin_pending(), 10 - AUTOJOIN_BURST - 1);
	struct room *r = room_find("room0@conference.example.org");
	assert_non_null(r);
	assert_true(r->autojoin);
	assert_int_equal(r->state, ROOM_JOINING);
}

/* A room queued twice is joined once; one already joined or joining is skipped. */
static void test_queue_skips_duplicates_and_joined(void **state)
{
	(void)state;
	room_get("busy@conference.example.org")->state = ROOM_JOINED;
	room_get("coming@conference.example.org")->state = ROOM_JOINING;
	autojoin_enqueue("busy@conference.example.org", "alice", NULL);
	autojoin_enqueue("Coming@Conference.example.org", "alice", NULL);
	assert_int_equal(joins_sent(), 0);
	assert_int_equal(autojoin_pending(), 0);
	for (int i = 0; i < 5; i++)
		autojoin_enqueue("same@conference.example.org", "alice", "secret");
	assert_int_equal(joins_sent(), 1);
	assert_non_null(strstr(fix_sent[0], "same@conference.example.org/alice"));
	assert_non_null(strstr(fix_sent[0], "<password>secret</password>"));
	assert_int_equal(autojoin_pending(), 0);
}

/* Offline, the queue is dropped when its turn comes, and nothing is sent. */
static void test_queue_dropped_offline(void **state)
{
	(void)state;
	for (int i = 0; i < 6; i++) {
		char jid[64];
		snprintf(jid, sizeof(jid), "r%d@conference.example.org", i);
		autojoin_enqueue(jid, "alice", NULL);
	}
	int sent = joins_sent();
	assert_true(autojoin_pending() > 0);
	core_set_conn_state(CONN_ERROR, "gone");
	usleep(400 * 1000);
	timer_run_due();
	assert_int_equal(autojoin_pending(), 0);
	assert_int_equal(joins_sent(), sent);
	assert_int_equal(timer_next(), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bucket_burst_then_rate),
	    cmocka_unit_test(test_bucket_never_exceeds_rate),
	    cmocka_unit_test(test_bucket_caps_at_burst),
	    cmocka_unit_test_setup_teardown(test_queue_paces_joins, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue_skips_duplicates_and_joined, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_queue_dropped_offline, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
