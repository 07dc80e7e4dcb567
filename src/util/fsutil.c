/* fsutil.c - private files and XDG directories */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jid.h"
#include "strbuf.h"
#include "xmalloc.h"

/* mkdir() one directory, accepting one that already exists. */
static int mkdir_one(const char *path, mode_t mode)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* Create a directory and its parents. */
int mkdir_p(const char *path, mode_t mode)
{
	char *copy, *p;
	int rc = 0;

	if (path == NULL || *path == '\0') {
		errno = ENOENT;
		return -1;
	}
	copy = xstrdup(path);
	for (p = copy + 1; *p != '\0' && rc == 0; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		rc = mkdir_one(copy, mode);
		*p = '/';
	}
	if (rc == 0)
		rc = mkdir_one(copy, mode);
	free(copy);
	return rc;
}

/* Write all len bytes of data to fd. */
static int write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync the directory holding path so a rename in it survives a crash. */
static void sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Fill the temporary file fd with data and make it durable and private. */
static int fill_temp(int fd, const void *data, size_t len)
{
	if (fchmod(fd, 0600) < 0)
		return -1;
	if (write_all(fd, data, len) < 0)
		return -1;
	return fsync(fd);
}

/* Replace path by data through a private temporary file and rename(). */
int write_file_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = xasprintf("%s.tmpXXXXXX", path);
	int fd, rc, saved;

	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		errno = saved;
		return -1;
	}
	rc = fill_temp(fd, data, len);
	saved = errno;
	/* On Linux close() releases fd even when it fails, so never repeat it. */
	if (close(fd) < 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp, path) < 0) {
		rc = -1;
		saved = errno;
	}
	if (rc < 0)
		unlink(tmp);
	else
		sync_parent(path);
	free(tmp);
	errno = saved;
	return rc;
}

/* The user's home directory, from $HOME or the password database. */
static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home != NULL && *home != '\0')
		return home;
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir != NULL && *pw->pw_dir != '\0')
		return pw->pw_dir;
	return "/";
}

/* natter's directory under an XDG base directory. */
char *xdg_dir(const char *env, const char *home_fallback)
{
	const char *base = getenv(env);
	const char *home;

	/* The XDG spec says relative paths in these variables are invalid. */
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/natter", base);
	home = home_dir();
	return xasprintf("%s%s%s/natter", home, home[strlen(home) - 1] == '/' ? "" : "/",
	                 home_fallback);
}

/* Read everything fd holds, up to max bytes. */
static char *read_fd(int fd, size_t max, size_t *len_out)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	ssize_t n;

	strbuf_add(&sb, "", 0);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			strbuf_free(&sb);
			return NULL;
		}
		if (n == 0)
			break;
		if ((size_t)n > max - sb.len) {
			strbuf_free(&sb);
			errno = EFBIG;
			return NULL;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	if (len_out != NULL)
		*len_out = sb.len;
	return strbuf_detach(&sb);
}

/* Read a whole file of at most max bytes. */
char *read_file(const char *path, size_t max, size_t *len_out)
{
	struct stat st;
	char *data;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	data = read_fd(fd, max, len_out);
	saved = errno;
	close(fd);
	errno = saved;
	return data;
}

/* The data directory of an account; see fsutil.h. */
char *account_data_dir(const char *bare)
{
	if (bare == NULL || !jid_valid(bare) || strchr(bare, '/'))
		return NULL;
	char *base = xdg_dir("XDG_DATA_HOME", ".local/share");
	char *dir = xasprintf("%s/%s", base, bare);
	free(base);
	return dir;
}
