/* loop.h - the one select() loop */
#ifndef NATTER_LOOP_H
#define NATTER_LOOP_H

/* Install signal handlers (self-pipe) and ignore SIGPIPE. */
void loop_init(void);
/* Run until loop_quit(). Returns the exit status. */
int loop_run(void);
/* Ask the loop to stop after this pass. */
void loop_quit(int status);
/* Number of times select() has returned (for tests and benchmarks). */
unsigned long loop_wakeups(void);

#endif
