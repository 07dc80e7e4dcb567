/* timer.c - natter's own timers, driven by the main loop */
#include "timer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"

struct timer {
	uint64_t due; /* now_ms() at which it fires */
	uint64_t seq; /* order of creation: ties fire in the order added */
	unsigned id;
	timer_fn fn;
	void *arg;
};

/* Pending timers sorted by (due, seq); there are only ever a few dozen, so a
 * sorted array beats a heap on simplicity and is as fast in practice. */
static struct timer *timers;
static size_t ntimers, timers_cap;
static uint64_t next_seq;
static unsigned last_id;

/* Milliseconds on the monotonic clock. */
uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* True when timer a fires before timer b. */
static int timer_before(const struct timer *a, const struct timer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

/* Insert t at its place in the sorted array. */
static void timer_insert(const struct timer *t)
{
	size_t i = ntimers;

	if (ntimers == timers_cap) {
		timers_cap = timers_cap ? timers_cap * 2 : 16;
		timers = xreallocarray(timers, timers_cap, sizeof(*timers));
	}
	while (i > 0 && timer_before(t, &timers[i - 1]))
		i--;
	memmove(&timers[i + 1], &timers[i], (ntimers - i) * sizeof(*timers));
	timers[i] = *t;
	ntimers++;
}

/* Remove the timer at index i. */
static void timer_remove_at(size_t i)
{
	memmove(&timers[i], &timers[i + 1], (ntimers - i - 1) * sizeof(*timers));
	ntimers--;
}

/* Call fn(arg) once, after ms milliseconds. */
unsigned timer_add(uint64_t ms, timer_fn fn, void *arg)
{
	struct timer t;
	uint64_t now = now_ms();

	t.due = ms > UINT64_MAX - now ? UINT64_MAX : now + ms;
	t.seq = next_seq++;
	/* Ids only have to be unique among live timers; skip 0 on wrap-around. */
	if (++last_id == 0)
		last_id = 1;
	t.id = last_id;
	t.fn = fn;
	t.arg = arg;
	timer_insert(&t);
	return t.id;
}

/* Cancel a pending timer; unknown ids are ignored. */
void timer_cancel(unsigned id)
{
	size_t i;

	if (id == 0)
		return;
	for (i = 0; i < ntimers; i++) {
		if (timers[i].id == id) {
			timer_remove_at(i);
			return;
		}
	}
}

/* Milliseconds until the next timer, 0 if overdue, -1 if none. */
int64_t timer_next(void)
{
	uint64_t now, wait;

	if (ntimers == 0)
		return -1;
	now = now_ms();
	if (timers[0].due <= now)
		return 0;
	wait = timers[0].due - now;
	return wait > INT64_MAX ? INT64_MAX : (int64_t)wait;
}

/* Run the timers that were due when we were called. */
void timer_run_due(void)
{
	uint64_t now = now_ms(), limit = next_seq;
	struct timer t;

	/* Timers added by callbacks have seq >= limit and sort after every
	 * older timer that is due, so they wait for the next call: a callback
	 * re-adding itself with 0 ms cannot keep us here forever. The array is
	 * re-read each time because callbacks may add and cancel timers. */
	while (ntimers > 0 && timers[0].due <= now && timers[0].seq < limit) {
		t = timers[0];
		timer_remove_at(0);
		t.fn(t.arg);
	}
}

/* Cancel all timers and release their memory. */
void timer_clear(void)
{
	free(timers);
	timers = NULL;
	ntimers = 0;
	timers_cap = 0;
}
