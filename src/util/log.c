/* log.c - the debug log switched on by -v */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "strbuf.h"
#include "xmalloc.h"

static int log_fd = -1;

/* Open the debug log at path, private to the user, appending. */
int log_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	/* An existing file may have been created with looser permissions. */
	if (fchmod(fd, 0600) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	log_close();
	log_fd = fd;
	return 0;
}

/* True when a debug log is open. */
bool log_enabled(void)
{
	return log_fd >= 0;
}

/* Append "YYYY-MM-DD HH:MM:SS.mmm " for the current local time. */
static void log_stamp(struct strbuf *sb)
{
	struct timespec ts;
	struct tm tm;
	char buf[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	strbuf_addf(sb, "%s.%03ld ", buf, ts.tv_nsec / 1000000L);
}

/* Write all of buf to the log, retrying short writes. */
static void log_write(const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(log_fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Write a time-stamped line to the debug log if it is open. */
void log_debug(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char *msg;

	if (log_fd < 0)
		return;
	log_stamp(&sb);
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	strbuf_adds(&sb, msg);
	free(msg);
	strbuf_addch(&sb, '\n');
	/* One write per line so lines from a crash or a second process never mix. */
	log_write(sb.s, sb.len);
	strbuf_free(&sb);
}

/* Close the debug log. */
void log_close(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}
