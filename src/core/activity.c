/* activity.c - when the user last touched the keyboard (XEP-0012 idle time) */
#include "core.h"
#include "timer.h"

/* now_ms() of the last key; 0 until the first one (then natter's start counts). */
static uint64_t last_input_ms;
static uint64_t start_ms;

/* The user pressed a key. */
void core_user_active(void)
{
	last_input_ms = now_ms();
}

/* Seconds since the last key (or since start-up when none was pressed). */
long core_idle_seconds(void)
{
	uint64_t now = now_ms();
	if (start_ms == 0)
		start_ms = now;
	uint64_t since = last_input_ms ? last_input_ms : start_ms;
	return now > since ? (long)((now - since) / 1000) : 0;
}
