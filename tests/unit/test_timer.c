/* test_timer.c - timer ordering, cancelling and re-adding from callbacks */
#include "unit.h"

#include <time.h>

#include "timer.h"

/* What the callbacks did, in order. */
static int fired[32];
static int nfired;

/* Sleep for ms milliseconds. */
static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Callback: record the int arg points at. */
static void record(void *arg)
{
	if (nfired < 32)
		fired[nfired++] = *(int *)arg;
}

/* Start each test with no timers and an empty record. */
static int reset(void **state)
{
	(void)state;
	timer_clear();
	nfired = 0;
	return 0;
}

/* Timers fire in order of due time, ties in the order they were added. */
static void test_order(void **state)
{
	static int v[] = {0, 1, 2, 3, 4, 5};

	(void)state;
	timer_add(30, record, &v[3]);
	timer_add(10, record, &v[1]);
	timer_add(0, record, &v[0]);
	timer_add(20, record, &v[2]);
	timer_add(0, record, &v[4]);
	timer_add(0, record, &v[5]);
	sleep_ms(40);
	timer_run_due();
	assert_int_equal(nfired, 6);
	assert_int_equal(fired[0], 0);
	assert_int_equal(fired[1], 4);
	assert_int_equal(fired[2], 5);
	assert_int_equal(fired[3], 1);
	assert_int_equal(fired[4], 2);
	assert_int_equal(fired[5], 3);
	assert_int_equal(timer_next(), -1);
}

/* Only due timers run; later ones wait and timer_next says how long. */
static void test_not_due(void **state)
{
	static int a = 1, b = 2;
	int64_t next;

	(void)state;
	assert_int_equal(timer_next(), -1);
	timer_add(0, record, &a);
	timer_add(10000, record, &b);
	assert_int_equal(timer_next(), 0);
	timer_run_due();
	assert_int_equal(nfired, 1);
	assert_int_equal(fired[0], 1);
	next = timer_next();
	assert_true(next > 9000 && next <= 10000);
	timer_run_due();
	assert_int_equal(nfired, 1);
}

/* Cancelled timers never fire; bad ids are ignored. */
static void test_cancel(void **state)
{
	static int a = 1, b = 2, c = 3;
	unsigned ia, ib, ic;

	(void)state;
	ia = timer_add(0, record, &a);
	ib = timer_add(0, record, &b);
	ic = timer_add(5000, record, &c);
	assert_true(ia > 0 && ib > 0 && ic > 0);
	assert_true(ia != ib && ib != ic && ia != ic);
	timer_cancel(ib);
	timer_cancel(0);
	timer_cancel(ic + 1000);
	timer_run_due();
	assert_int_equal(nfired, 1);
	assert_int_equal(fired[0], 1);
	/* Cancelling a timer that already fired does nothing. */
	timer_cancel(ia);
	timer_cancel(ic);
	assert_int_equal(timer_next(), -1);
}

static int readds;

/* Callback: re-add itself with 0 ms, as a naive "run again soon" would. */
static void readd_self(void *arg)
{
	readds++;
	timer_add(0, readd_self, arg);
}

/* A callback re-adding a 0 ms timer runs once per timer_run_due call. */
static void test_readd_zero(void **state)
{
	(void)state;
	readds = 0;
	timer_add(0, readd_self, NULL);
	timer_run_due();
	assert_int_equal(readds, 1);
	assert_int_equal(timer_next(), 0);
	timer_run_due();
	assert_int_equal(readds, 2);
	timer_clear();
	assert_int_equal(timer_next(), -1);
}

static unsigned victim;

/* Callback: record, then cancel the timer whose id is in victim. */
static void cancel_victim(void *arg)
{
	record(arg);
	timer_cancel(victim);
}

/* A callback can cancel a timer that is due in the same pass. */
static void test_cancel_from_callback(void **state)
{
	static int a = 1, b = 2, c = 3;

	(void)state;
	timer_add(0, cancel_victim, &a);
	victim = timer_add(0, record, &b);
	timer_add(0, record, &c);
	timer_run_due();
	assert_int_equal(nfired, 2);
	assert_int_equal(fired[0], 1);
	assert_int_equal(fired[1], 3);
}

/* Callback: add another timer that is due later. */
static void add_later(void *arg)
{
	record(arg);
	timer_add(10000, record, arg);
}

/* A callback can add timers; they wait for their own time. */
static void test_add_from_callback(void **state)
{
	static int a = 1, b = 2;

	(void)state;
	timer_add(0, add_later, &a);
	timer_add(0, record, &b);
	timer_run_due();
	assert_int_equal(nfired, 2);
	assert_int_equal(fired[0], 1);
	assert_int_equal(fired[1], 2);
	assert_true(timer_next() > 9000);
}

/* Callback: cancel everything. */
static void clear_all(void *arg)
{
	record(arg);
	timer_clear();
}

/* timer_clear from inside a callback stops the pass cleanly. */
static void test_clear_from_callback(void **state)
{
	static int a = 1, b = 2;

	(void)state;
	timer_add(0, clear_all, &a);
	timer_add(0, record, &b);
	timer_run_due();
	assert_int_equal(nfired, 1);
	assert_int_equal(timer_next(), -1);
}

/* Many timers keep their order through the sorted insert. */
static void test_many(void **state)
{
	static int v[20];
	int i;

	(void)state;
	for (i = 19; i >= 0; i--) {
		v[i] = i;
		/* 5 ms apart, so adding them cannot take long enough to tie. */
		timer_add((uint64_t)i * 5, record, &v[i]);
	}
	sleep_ms(110);
	timer_run_due();
	assert_int_equal(nfired, 20);
	for (i = 0; i < 20; i++)
		assert_int_equal(fired[i], i);
}

/* The monotonic clock moves forward with real time. */
static void test_now_ms(void **state)
{
	uint64_t a = now_ms(), b;

	(void)state;
	sleep_ms(20);
	b = now_ms();
	assert_true(b >= a + 19);
	assert_true(b < a + 1000);
}

/* Run the timer tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_order, reset),
	    cmocka_unit_test_setup(test_not_due, reset),
	    cmocka_unit_test_setup(test_cancel, reset),
	    cmocka_unit_test_setup(test_readd_zero, reset),
	    cmocka_unit_test_setup(test_cancel_from_callback, reset),
	    cmocka_unit_test_setup(test_add_from_callback, reset),
	    cmocka_unit_test_setup(test_clear_from_callback, reset),
	    cmocka_unit_test_setup(test_many, reset),
	    cmocka_unit_test(test_now_ms),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	timer_clear();
	return failed;
}
