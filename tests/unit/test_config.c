/* test_config.c - natterrc: comments, line endings, errors, permissions */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "conv.h"
#include "core.h"
#include "settings.h"

static char dir[64];
static char path[128];

/* Fresh settings and console, and an empty temporary directory. */
static int setup(void **state)
{
	(void)state;
	conv_free_all();
	settings_free_all();
	snprintf(dir, sizeof(dir), "/tmp/natter-test-config.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/natterrc", dir);
	return 0;
}

/* Remove the file and directory again. */
static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

/* Write text to the config file with the given mode. */
static void write_config(const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* Number of console lines. */
static size_t console_len(void)
{
	return conv_console()->len;
}

/* True when some console line is exactly text (with the given level). */
static bool console_has(const char *text, enum msg_level level)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->msgs[i]->body, text) == 0 && c->msgs[i]->level == level)
			return true;
	return false;
}

/* Comments, blank lines, indentation, CRLF and trailing blanks. */
static void test_lines(void **state)
{
	(void)state;
	write_config("# my account\n"
	             "\n"
	             "   # indented comment\n"
	             "/set resource laptop\r\n"
	             "  /set time_format %H:%M:%S  \t\n"
	             "\t\n"
	             "/set direct_tls yes",
	             0600);
	assert_int_equal(config_run_file(path, 0), 0);
	assert_string_equal(setting_str("resource"), "laptop");
	assert_string_equal(setting_str("time_format"), "%H:%M:%S");
	assert_true(setting_bool("direct_tls"));
	/* A good file runs quietly. */
	assert_int_equal(console_len(), 0);
}

/* Errors name file and line, are counted, and the file goes on. */
static void test_errors_continue(void **state)
{
	(void)state;
	write_config("/set port 1\n"
	             "\n"
	             "/jion #room\n"
	             "# fine\n"
	             "set port 2\n"
	             "/set port 70000\n"
	             "/set ping_interval 5\n",
	             0600);
	assert_int_equal(config_run_file(path, 0), 3);
	assert_true(console_has("natterrc:3: unknown command /jion (try /help)", LEVEL_ERROR));
	assert_true(console_has("natterrc:5: expected a /command", LEVEL_ERROR));
	assert_true(
	    console_has("natterrc:6: port must be a number between 0 and 65535", LEVEL_ERROR));
	assert_int_equal(console_len(), 3);
	assert_int_equal(setting_int("port"), 1);
	assert_int_equal(setting_int("ping_interval"), 5);
}

/* A file others can read is fixed to 0600, with a note in the console. */
static void test_permissions_fixed(void **state)
{
	(void)state;
	struct stat st;
	write_config("/set password hunter2\n", 0644);
	assert_int_equal(config_run_file(path, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_true(console_has(
	    "natterrc: permissions were 0644, fixed to 0600 (it may hold a password)", LEVEL_INFO));
	assert_string_equal(setting_str("password"), "hunter2");

	write_config("\n", 0620);
	assert_int_equal(config_run_file(path, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_true(console_has(
	    "natterrc: permissions were 0620, fixed to 0600 (it may hold a password)", LEVEL_INFO));
}

/* A private file is left alone and nothing is said. */
static void test_permissions_ok(void **state)
{
	(void)state;
	struct stat st;
	write_config("/set port 5\n", 0400);
	assert_int_equal(config_run_file(path, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0400);
	assert_int_equal(console_len(), 0);
	assert_int_equal(setting_int("port"), 5);
}

/* A missing file is fine only when allowed. */
static void test_missing(void **state)
{
	(void)state;
	assert_int_equal(config_run_file(path, 1), 0);
	assert_int_equal(console_len(), 0);
	assert_int_equal(config_run_file(path, 0), 1);
	assert_int_equal(console_len(), 1);
	assert_non_null(strstr(conv_console()->msgs[0]->body, "cannot open"));
}

/* The default path follows XDG_CONFIG_HOME, else HOME. */
static void test_default_path(void **state)
{
	(void)state;
	char *old_xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	char *p = config_default_path();
	assert_string_equal(p, "/x/conf/natter/natterrc");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/u", 1);
	p = config_default_path();
	assert_string_equal(p, "/home/u/.config/natter/natterrc");
	free(p);
	if (old_xdg)
		setenv("XDG_CONFIG_HOME", old_xdg, 1);
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_xdg);
	free(old_home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors_continue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_permissions_fixed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_permissions_ok, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_default_path, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	core_free_all();
	settings_free_all();
	return rc;
}
