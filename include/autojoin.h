/* autojoin.h - paced joining of rooms (bookmarks with autojoin, rejoins) */
#ifndef NATTER_AUTOJOIN_H
#define NATTER_AUTOJOIN_H

#include <stddef.h>
#include <stdint.h>

/* Joins per second once the burst is spent, and the burst itself: a few
 * joins a second stay under every server's flood limits. */
#define AUTOJOIN_RATE  3
#define AUTOJOIN_BURST 3

/* A token bucket (all zero: full). */
struct pace {
	uint64_t last_ms;   /* when tokens was last brought up to date */
	uint64_t millitoks; /* tokens x 1000 */
	int started;
};

/* Take one token at time now_ms from a bucket refilled with rate tokens a
 * second and holding at most burst. Returns 0 when taken, else the
 * milliseconds until one will be there (nothing taken). A pure function of
 * its arguments, so tests drive it with a fake clock. */
uint64_t pace_take(struct pace *p, uint64_t now_ms, unsigned rate, unsigned burst);

/* Join room_jid (nick and password may be NULL) through core_room_join,
 * paced by the bucket above on natter's timers; a room already queued is
 * not queued twice, and one already joined or joining when its turn comes is
 * skipped. The queue is dropped when the connection is not online. */
void autojoin_enqueue(const char *room_jid, const char *nick, const char *password);
/* Rooms waiting for their turn. */
size_t autojoin_pending(void);
/* Drop the queue and its timer (disconnect, exit, tests). */
void autojoin_reset(void);

#endif
