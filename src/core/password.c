/* password.c - running password_cmd */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "password.h"
#include "timer.h"
#include "xmalloc.h"

#define PASSWORD_MAX 1024

/* Child side: stdin from /dev/null, stdout to the pipe, then exec sh -c. */
static void password_child(const char *cmd, int out)
{
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0)
		dup2(null, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/* Read from fd until the first newline, EOF, the size limit or the deadline. */
static ssize_t read_line_bounded(int fd, char *buf, size_t max, uint64_t deadline)
{
	size_t len = 0;
	while (len < max && memchr(buf, '\n', len) == NULL) {
		uint64_t now = now_ms();
		if (now >= deadline)
			return -1;
		struct pollfd p = {fd, POLLIN, 0};
		int r = poll(&p, 1, (int)(deadline - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		ssize_t n = read(fd, buf + len, max - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

/* Run cmd and return the first line of its output. */
char *password_from_cmd(const char *cmd, int timeout_ms, const char **err)
{
	int fds[2];
	if (pipe(fds) < 0) {
		*err = "cannot create a pipe";
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		*err = "cannot start a process";
		return NULL;
	}
	if (pid == 0)
		password_child(cmd, fds[1]);
	close(fds[1]);
	char buf[PASSWORD_MAX + 1];
	ssize_t len = read_line_bounded(fds[0], buf, PASSWORD_MAX, now_ms() + (uint64_t)timeout_ms);
	close(fds[0]);
	if (len < 0)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	char *nl = len > 0 ? memchr(buf, '\n', (size_t)len) : NULL;
	size_t linelen = nl ? (size_t)(nl - buf) : (len > 0 ? (size_t)len : 0);
	char *out = NULL;
	if (len < 0)
		*err = "password_cmd did not answer in time";
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		*err = "password_cmd failed (non-zero exit)";
	else if (linelen == 0)
		*err = "password_cmd printed no password";
	else
		out = xstrndup(buf, linelen);
	explicit_bzero(buf, sizeof(buf));
	return out;
}

/* Wipe and free a secret. */
void password_free(char *secret)
{
	if (secret) {
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
}
