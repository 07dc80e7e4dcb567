/* setaside.c - a damaged history database is moved aside, never deleted */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "storepriv.h"
#include "xmalloc.h"

/* SQLite's file header (https://www.sqlite.org/fileformat.html). */
#define HEADER_LEN 100
static const char magic[16] = "SQLite format 3";

/* What store_open() did that the user should hear about, or NULL. */
static char *open_notice;

/* A big-endian number of n bytes at p. */
static uint32_t be(const unsigned char *p, int n)
{
	uint32_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* True when header h (HEADER_LEN bytes) promises more pages than size holds:
 * the file was cut short. The page count is valid only when the change
 * counter matches "version-valid-for". */
static bool header_truncated(const unsigned char *h, off_t size)
{
	uint32_t page = be(h + 16, 2);
	uint32_t pages = be(h + 28, 4);
	if (page == 1)
		page = 65536;
	if (be(h + 24, 4) != be(h + 92, 4) || pages == 0)
		return false;
	return (uint64_t)size < (uint64_t)page * pages;
}

/* True when the file at path is plainly not a whole SQLite database: no
 * header, a wrong magic string, or shorter than its header says. An empty
 * file is a new database, not a damaged one. */
bool store_file_damaged(const char *path)
{
	unsigned char h[HEADER_LEN];
	struct stat st;
	/* O_NONBLOCK: a FIFO in its place must not hang us (store_open refuses it) */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool bad = false;
	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		bad = st.st_size < HEADER_LEN || read(fd, h, HEADER_LEN) != HEADER_LEN ||
		      memcmp(h, magic, sizeof(magic)) != 0 || header_truncated(h, st.st_size);
	}
	close(fd);
	return bad;
}

/* A name for the set-aside copy: PATH.corrupt-YYYYMMDD-HHMMSS, with -N
 * added when that exists already. Caller frees. */
static char *aside_name(const char *path)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	char *name = xasprintf("%s.corrupt-%s", path, stamp);
	for (int i = 2; access(name, F_OK) == 0 && i < 1000; i++) {
		free(name);
		name = xasprintf("%s.corrupt-%s-%d", path, stamp, i);
	}
	return name;
}

/* Rename path+suffix to aside+suffix when it exists. */
static int move_companion(const char *path, const char *aside, const char *suffix)
{
	char *from = xasprintf("%s%s", path, suffix);
	char *to = xasprintf("%s%s", aside, suffix);
	int rc = rename(from, to) < 0 && errno != ENOENT ? -1 : 0;
	free(from);
	free(to);
	return rc;
}

/* Move the damaged database at path (and its -wal and -shm) aside and note
 * it for store_open_notice(). 0, or -1 with the error set. */
int store_set_aside(const char *path)
{
	char *aside = aside_name(path);
	if (rename(path, aside) < 0) {
		store_set_error(store_errno_words_new("move aside the damaged", path, errno));
		free(aside);
		return -1;
	}
	/* The WAL belongs with the file it was written for: keep them paired. */
	if (move_companion(path, aside, "-wal") < 0 || move_companion(path, aside, "-shm") < 0) {
		store_set_error(store_errno_words_new("move aside the WAL of", path, errno));
		free(aside);
		return -1;
	}
	free(open_notice);
	open_notice = xasprintf("the history database was damaged; it was kept as %s and a "
	                        "new one was started",
	                        aside);
	free(aside);
	return 0;
}

/* Forget the last notice (a new store_open() begins). */
void store_notice_clear(void)
{
	free(open_notice);
	open_notice = NULL;
}

/* What the last store_open() did that the user should hear about, or NULL. */
const char *store_open_notice(void)
{
	return open_notice;
}
