/* test_fsutil.c - private files, directories, XDG paths and the debug log */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "log.h"
#include "xmalloc.h"

/* Remove path and everything below it. */
static void remove_tree(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *sub;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", path, de->d_name);
			remove_tree(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
		return;
	}
	unlink(path);
}

/* Give each test a fresh temporary directory in *state. */
static int setup_dir(void **state)
{
	char *dir = xstrdup("/tmp/natter-fsutil-XXXXXX");

	if (mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

/* Remove the test's directory. */
static int teardown_dir(void **state)
{
	log_close();
	remove_tree(*state);
	free(*state);
	return 0;
}

/* Permission bits of path, or -1. */
static int file_mode(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

/* Number of entries in dir besides "." and "..". */
static int count_entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* mkdir_p makes every level with the mode asked for. */
static void test_mkdir_p(void **state)
{
	char *deep = xasprintf("%s/a/b//c/", (char *)*state);
	char *mid = xasprintf("%s/a/b", (char *)*state);
	mode_t old = umask(0);

	assert_int_equal(mkdir_p(deep, 0700), 0);
	umask(old);
	assert_int_equal(file_mode(deep), 0700);
	assert_int_equal(file_mode(mid), 0700);
	/* Existing directories are fine, and keep their mode. */
	assert_int_equal(chmod(mid, 0755), 0);
	assert_int_equal(mkdir_p(deep, 0700), 0);
	assert_int_equal(file_mode(mid), 0755);
	free(deep);
	free(mid);
	errno = 0;
	assert_int_equal(mkdir_p("", 0700), -1);
	assert_int_equal(errno, ENOENT);
}

/* A plain file in the way is an error, not silently accepted. */
static void test_mkdir_p_file_in_way(void **state)
{
	char *file = xasprintf("%s/f", (char *)*state);
	char *below = xasprintf("%s/f/sub", (char *)*state);

	assert_int_equal(write_file_atomic(file, "x", 1), 0);
	errno = 0;
	assert_int_equal(mkdir_p(file, 0700), -1);
	assert_int_equal(errno, ENOTDIR);
	errno = 0;
	assert_int_equal(mkdir_p(below, 0700), -1);
	assert_int_equal(errno, ENOTDIR);
	free(file);
	free(below);
}

/* write_file_atomic leaves exactly the new file, mode 0600, no temp file. */
static void test_write_atomic(void **state)
{
	const char *dir = *state;
	char *path = xasprintf("%s/trust", dir);
	size_t len = 0;
	mode_t old;
	char *data;
	int fd;

	/* A loose existing file and a permissive umask must not leak through. */
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "old contents that are longer", 28), 28);
	close(fd);
	assert_int_equal(chmod(path, 0644), 0);
	old = umask(0);
	assert_int_equal(write_file_atomic(path, "new\0data", 8), 0);
	umask(old);
	assert_int_equal(file_mode(path), 0600);
	assert_int_equal(count_entries(dir), 1);
	data = read_file(path, 100, &len);
	assert_non_null(data);
	assert_int_equal(len, 8);
	assert_memory_equal(data, "new\0data", 9);
	free(data);
	assert_int_equal(write_file_atomic(path, "", 0), 0);
	data = read_file(path, 100, &len);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	free(data);
	assert_int_equal(count_entries(dir), 1);
	free(path);
}

/* A failed write reports errno and leaves nothing behind. */
static void test_write_atomic_fails(void **state)
{
	const char *dir = *state;
	char *missing = xasprintf("%s/no/such/file", dir);
	char *ro = xasprintf("%s/ro", dir), *in_ro = xasprintf("%s/ro/f", dir);

	errno = 0;
	assert_int_equal(write_file_atomic(missing, "x", 1), -1);
	assert_int_equal(errno, ENOENT);
	/* rename() over a directory fails after the temp file was written. */
	assert_int_equal(mkdir(ro, 0700), 0);
	errno = 0;
	assert_int_equal(write_file_atomic(ro, "x", 1), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(count_entries(dir), 1);
	if (geteuid() != 0) {
		assert_int_equal(chmod(ro, 0500), 0);
		errno = 0;
		assert_int_equal(write_file_atomic(in_ro, "x", 1), -1);
		assert_int_equal(errno, EACCES);
	}
	free(missing);
	free(ro);
	free(in_ro);
}

/* read_file reads whole files and refuses ones over the limit. */
static void test_read_file(void **state)
{
	char *path = xasprintf("%s/r", (char *)*state);
	size_t len = 99;
	char *data;

	assert_int_equal(write_file_atomic(path, "0123456789", 10), 0);
	data = read_file(path, 10, &len);
	assert_string_equal(data, "0123456789");
	assert_int_equal(len, 10);
	free(data);
	data = read_file(path, 10, NULL);
	assert_string_equal(data, "0123456789");
	free(data);
	errno = 0;
	assert_null(read_file(path, 9, &len));
	assert_int_equal(errno, EFBIG);
	free(path);
	errno = 0;
	assert_null(read_file("/nonexistent/natter/file", 10, NULL));
	assert_int_equal(errno, ENOENT);
}

/* Files whose size stat() cannot tell are still bounded while reading. */
static void test_read_file_unsized(void **state)
{
	char *data;
	size_t len = 0;

	(void)state;
	errno = 0;
	assert_null(read_file("/proc/self/status", 10, NULL));
	assert_int_equal(errno, EFBIG);
	data = read_file("/proc/self/status", 1 << 20, &len);
	assert_non_null(data);
	assert_true(len > 10);
	assert_int_equal(strlen(data), len);
	free(data);
}

/* Check xdg_dir(env, fallback) gives want. */
static void check_xdg(const char *env, const char *fallback, const char *want)
{
	char *got = xdg_dir(env, fallback);

	assert_string_equal(got, want);
	free(got);
}

/* XDG variables win when absolute; otherwise $HOME/<fallback>/natter. */
static void test_xdg_dir(void **state)
{
	(void)state;
	setenv("HOME", "/home/u", 1);
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	check_xdg("XDG_CONFIG_HOME", ".config", "/cfg/natter");
	unsetenv("XDG_CONFIG_HOME");
	check_xdg("XDG_CONFIG_HOME", ".config", "/home/u/.config/natter");
	setenv("XDG_DATA_HOME", "", 1);
	check_xdg("XDG_DATA_HOME", ".local/share", "/home/u/.local/share/natter");
	setenv("XDG_DATA_HOME", "relative/path", 1);
	check_xdg("XDG_DATA_HOME", ".local/share", "/home/u/.local/share/natter");
	setenv("HOME", "/home/v/", 1);
	check_xdg("XDG_DATA_HOME", ".local/share", "/home/v/.local/share/natter");
}

/* The debug log is private, appended to, and time-stamps each line. */
static void test_log(void **state)
{
	char *path = xasprintf("%s/debug.log", (char *)*state);
	regex_t re;
	char *data;
	int fd;

	fd = open(path, O_CREAT | O_WRONLY, 0644);
	assert_int_equal(write(fd, "earlier\n", 8), 8);
	close(fd);
	assert_int_equal(chmod(path, 0644), 0);
	log_debug("not open yet");
	assert_false(log_enabled());
	assert_int_equal(log_open(path), 0);
	assert_true(log_enabled());
	assert_int_equal(file_mode(path), 0600);
	log_debug("hello %s %d", "world", 5);
	log_debug("second");
	log_close();
	assert_false(log_enabled());
	log_debug("after close");
	data = read_file(path, 4096, NULL);
	assert_non_null(data);
	assert_int_equal(regcomp(&re,
	                         "^earlier\n"
	                         "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} "
	                         "hello world 5\n"
	                         "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} "
	                         "second\n$",
	                         REG_EXTENDED | REG_NOSUB),
	                 0);
	assert_int_equal(regexec(&re, data, 0, NULL, 0), 0);
	regfree(&re);
	free(data);
	free(path);
}

/* A new log file is created 0600 whatever the umask. */
static void test_log_new_file(void **state)
{
	char *path = xasprintf("%s/new.log", (char *)*state);
	mode_t old = umask(0);

	assert_int_equal(log_open(path), 0);
	umask(old);
	assert_int_equal(file_mode(path), 0600);
	assert_int_equal(log_open("/nonexistent/dir/log"), -1);
	/* A failed open leaves the previous log in use. */
	assert_true(log_enabled());
	log_close();
	free(path);
}

/* Run the fsutil tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_mkdir_p, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_mkdir_p_file_in_way, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_write_atomic, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_write_atomic_fails, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_read_file, setup_dir, teardown_dir),
	    cmocka_unit_test(test_read_file_unsized),
	    cmocka_unit_test(test_xdg_dir),
	    cmocka_unit_test_setup_teardown(test_log, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_log_new_file, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
