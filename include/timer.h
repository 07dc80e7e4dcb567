/* timer.h - natter's own timers, driven by the main loop */
#ifndef NATTER_TIMER_H
#define NATTER_TIMER_H

#include <stdint.h>

typedef void (*timer_fn)(void *arg);

/* Milliseconds on the monotonic clock. */
uint64_t now_ms(void);
/* Call fn(arg) once, after ms milliseconds. Returns an id > 0. */
unsigned timer_add(uint64_t ms, timer_fn fn, void *arg);
/* Cancel a timer (0 or an expired id is ignored). */
void timer_cancel(unsigned id);
/* Milliseconds until the next timer is due (0 if overdue), or -1 if none. */
int64_t timer_next(void);
/* Run every timer that is due. */
void timer_run_due(void);
/* Cancel all timers. */
void timer_clear(void);

#endif
