/* loop.c - the one select() loop: keyboard, XMPP socket, signals, timers */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "session.h"
#include "spawnargv.h"
#include "timer.h"
#include "ui.h"
#include "xmalloc.h"

static int sigpipe_fds[2] = {-1, -1};
static bool quitting;
static int exit_status;
static bool stdin_open = true;
static unsigned long wakeups;

/* Signal handler: hand the signal number to the loop through the pipe. */
static void on_signal(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;
	(void)!write(sigpipe_fds[1], &b, 1);
	errno = saved;
}

/* Make fd non-blocking and close-on-exec. */
static void fd_setup(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Install the signal handlers. */
void loop_init(void)
{
	if (pipe(sigpipe_fds) < 0)
		fatal("cannot create the signal pipe: %s", strerror(errno));
	fd_setup(sigpipe_fds[0]);
	fd_setup(sigpipe_fds[1]);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	int sigs[] = {SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGCHLD, SIGTSTP, SIGCONT};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Ask the loop to stop. */
void loop_quit(int status)
{
	quitting = true;
	exit_status = status;
}

/* Number of select() returns so far. */
unsigned long loop_wakeups(void)
{
	return wakeups;
}

/* SIGTSTP: give the terminal back as the shell had it, stop, and take it
 * again (redrawn) when continued. */
static void loop_suspend(void)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	ui_suspend();
	sigaction(SIGTSTP, &sa, &old);
	kill(getpid(), SIGTSTP);
	/* Here again after SIGCONT. */
	sigaction(SIGTSTP, &old, NULL);
	ui_resume();
}

/* Handle the signals that arrived. */
static void loop_signals(void)
{
	unsigned char buf[64];
	ssize_t n;
	while ((n = read(sigpipe_fds[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == SIGWINCH) {
				ui_resize();
			} else if (buf[i] == SIGTSTP) {
				loop_suspend();
			} else if (buf[i] == SIGCONT) {
				/* also after a SIGSTOP we never saw: repaint */
				ui_resume();
			} else if (buf[i] == SIGCHLD) {
				/* password_cmd children are reaped where they run */
				spawn_reap();
			} else {
				log_debug("leaving on signal %d", buf[i]);
				loop_quit(0);
			}
		}
	}
}

/* The smallest non-negative of a and b (-1 means none). */
static int64_t min_timeout(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/* Wait for the next event; returns select()'s result. */
static int loop_wait(fd_set *rfds, fd_set *wfds)
{
	FD_ZERO(rfds);
	FD_ZERO(wfds);
	int max = sigpipe_fds[0];
	FD_SET(sigpipe_fds[0], rfds);
	if (stdin_open)
		FD_SET(STDIN_FILENO, rfds);
	int xfd = session_fd();
	if (xfd >= 0) {
		FD_SET(xfd, rfds);
		if (session_want_write())
			FD_SET(xfd, wfds);
		if (xfd > max)
			max = xfd;
	}
	int64_t t = min_timeout(timer_next(), session_timeout());
	t = min_timeout(t, ui_timeout());
	struct timeval tv = {(time_t)(t / 1000), (suseconds_t)(t % 1000) * 1000};
	int r = select(max + 1, rfds, wfds, NULL, t < 0 ? NULL : &tv);
	wakeups++;
	return r;
}

/* Run until loop_quit(). */
int loop_run(void)
{
	fd_set rfds, wfds;
	while (!quitting) {
		ui_draw();
		int r = loop_wait(&rfds, &wfds);
		if (r < 0 && errno != EINTR)
			fatal("select: %s", strerror(errno));
		if (r > 0 && FD_ISSET(sigpipe_fds[0], &rfds))
			loop_signals();
		if (r > 0 && stdin_open && FD_ISSET(STDIN_FILENO, &rfds) && ui_input() < 0) {
			/* the terminal is gone (SSH dropped, EOF): leave, do not spin */
			log_debug("terminal closed; leaving");
			stdin_open = false;
			loop_quit(0);
		}
		timer_run_due();
		session_pump();
	}
	return exit_status;
}
