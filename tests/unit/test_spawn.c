/* test_spawn.c - argv building from hostile text, spawning without a shell,
 * the bound on children, and safe file names for downloads */
#include "unit.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "notify.h"
#include "spawnargv.h"
#include "util.h"
#include "xmalloc.h"

/* Texts a stranger could send, each of which a shell would act on. */
static const char *const hostile[] = {
    "$(touch /tmp/natter-PWNED)",
    "`touch /tmp/natter-PWNED`",
    "a; rm -rf ~",
    "a | mail x",
    "line one\nline two",
    "-rf",
    "--exec=evil",
    "' \" \\",
    "%m",
    "",
};

/* A template split as the setting would be. */
static char **tmpl_of(const char *command)
{
	int argc;
	char **v = split_args(command, &argc);
	assert_non_null(v);
	return v;
}

/* Every hostile text is one whole argv element, after an inserted "--". */
static void test_build_hostile(void **state)
{
	(void)state;
	char **tmpl = tmpl_of("notify-send -a natter %f %m");
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct spawn_subst s[] = {{'f', "bob"}, {'m', hostile[i]}};
		char **argv = spawn_argv_build(tmpl, s, 2);
		assert_non_null(argv);
		assert_int_equal(strv_len(argv), 6);
		assert_string_equal(argv[0], "notify-send");
		assert_string_equal(argv[3], "--");
		assert_string_equal(argv[4], "bob");
		assert_string_equal(argv[5], hostile[i]);
		strv_free(argv);
	}
	strv_free(tmpl);
}

/* A "--" of the user's own is kept and none added; %% and words that merely
 * contain a placeholder stay as they are. */
static void test_build_words(void **state)
{
	(void)state;
	char **tmpl = tmpl_of("prog -- %m x%m %% '%m ' %z");
	struct spawn_subst s[] = {{'m', "-v"}};
	char **argv = spawn_argv_build(tmpl, s, 1);
	const char *want[] = {"prog", "--", "-v", "x%m", "%", "%m ", "%z"};
	assert_int_equal(strv_len(argv), 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(argv[i], want[i]);
	strv_free(argv);
	strv_free(tmpl);
}

/* The program itself can never come from remote text. */
static void test_build_refuses(void **state)
{
	(void)state;
	struct spawn_subst s[] = {{'m', "/bin/sh"}};
	char **tmpl = tmpl_of("%m -c x");
	assert_null(spawn_argv_build(tmpl, s, 1));
	strv_free(tmpl);
	char *empty[] = {NULL};
	assert_null(spawn_argv_build(empty, s, 1));
	assert_false(notify_command_ok("%m"));
	assert_false(notify_command_ok("prog 'unterminated"));
	assert_true(notify_command_ok(""));
	assert_true(notify_command_ok("prog %m"));
}

/* 100 KB of text stays one element, byte for byte. */
static void test_build_big(void **state)
{
	(void)state;
	char *big = xmalloc(100 * 1024 + 1);
	memset(big, ';', 100 * 1024);
	big[100 * 1024] = '\0';
	char **tmpl = tmpl_of("prog %m");
	struct spawn_subst s[] = {{'m', big}};
	char **argv = spawn_argv_build(tmpl, s, 1);
	assert_int_equal(strv_len(argv), 3);
	assert_string_equal(argv[2], big);
	strv_free(argv);
	strv_free(tmpl);
	free(big);
}

/* Wait (bounded) until every child is reaped. */
static void reap_all(void)
{
	for (int i = 0; i < 500 && spawn_running() > 0; i++) {
		spawn_reap();
		usleep(10000);
	}
	assert_int_equal(spawn_running(), 0);
}

/* Read a whole small file into buf; returns its length. */
static size_t slurp(const char *path, char *buf, size_t max)
{
	FILE *f = NULL;
	for (int i = 0; i < 500 && (f = fopen(path, "rb")) == NULL; i++)
		usleep(10000);
	assert_non_null(f);
	size_t n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

/* The program really gets the hostile text as one argument; nothing runs. */
static void test_spawn_runs_argv(void **state)
{
	(void)state;
	char dir[] = "/tmp/natter-spawn-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *out = xasprintf("%s/argv", dir);
	char *pwned = xasprintf("%s/PWNED", dir);
	char *text = xasprintf("$(touch %s); `touch %s` | touch %s", pwned, pwned, pwned);
	char *script = xasprintf("printf '%%s|' \"$@\" >%s.tmp && mv %s.tmp %s", out, out, out);
	char *argv[] = {"sh", "-c", script, "sh", "--", text, NULL};
	assert_true(spawn_argv(argv) > 0);
	char buf[4096];
	size_t n = slurp(out, buf, sizeof(buf) - 1);
	buf[n] = '\0';
	char *want = xasprintf("--|%s|", text);
	assert_string_equal(buf, want);
	reap_all();
	struct stat st;
	assert_int_equal(stat(pwned, &st), -1);
	unlink(out);
	rmdir(dir);
	free(want), free(script), free(text), free(pwned), free(out);
}

/* At most SPAWN_MAX_CHILDREN run; a missing program is an error, not a crash. */
static void test_spawn_bounded(void **state)
{
	(void)state;
	char *argv[] = {"sleep", "5", NULL};
	pid_t pids[SPAWN_MAX_CHILDREN];
	for (int i = 0; i < SPAWN_MAX_CHILDREN; i++)
		assert_true((pids[i] = spawn_argv(argv)) > 0);
	assert_int_equal(spawn_argv(argv), -1);
	assert_int_equal(errno, EAGAIN);
	for (int i = 0; i < SPAWN_MAX_CHILDREN; i++)
		kill(pids[i], SIGKILL);
	reap_all();
	char *missing[] = {"natter-no-such-program", NULL};
	assert_int_equal(spawn_argv(missing), -1);
	assert_int_equal(spawn_running(), 0);
}

/* Remote file names become one safe basename. */
static void test_safe_name(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"report.pdf", "report.pdf"},
	    {"../../etc/passwd", "passwd"},
	    {"..", "download"},
	    {".", "download"},
	    {"", "download"},
	    {"/", "download"},
	    {"a/b\\c.txt", "c.txt"},
	    {".bashrc", "bashrc"},
	    {"-rf", "rf"},
	    {"  x. ", "x"},
	    {"a\nb\x1b[31m.txt", "a_b_[31m.txt"},
	    {"evil\xe2\x80\xaegpj.exe", "evil_gpj.exe"},
	    {"zero\xe2\x80\x8bwidth", "zero_width"},
	    {"bad\xff\xfe", "bad__"},
	    {"c1\xc2\x9b", "c1_"},
	    {"caf\xc3\xa9.txt", "caf\xc3\xa9.txt"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = fsutil_safe_name(cases[i][0]);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
	char *null_name = fsutil_safe_name(NULL);
	assert_string_equal(null_name, "download");
	free(null_name);
}

/* A huge name is cut at a character boundary, keeping its extension. */
static void test_safe_name_long(void **state)
{
	(void)state;
	char *name = xmalloc(3 * 1000 + 5);
	for (int i = 0; i < 1000; i++)
		memcpy(name + 3 * i, "\xe2\x82\xac", 3); /* euro sign */
	memcpy(name + 3000, ".pdf", 5);
	char *got = fsutil_safe_name(name);
	size_t n = strlen(got);
	assert_true(n <= SAFE_NAME_MAX);
	assert_true(n > SAFE_NAME_MAX - 8);
	assert_string_equal(got + n - 4, ".pdf");
	assert_int_equal((n - 4) % 3, 0);
	free(got);
	free(name);
}

/* Run the spawn tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_build_hostile),   cmocka_unit_test(test_build_words),
	    cmocka_unit_test(test_build_refuses),   cmocka_unit_test(test_build_big),
	    cmocka_unit_test(test_spawn_runs_argv), cmocka_unit_test(test_spawn_bounded),
	    cmocka_unit_test(test_safe_name),       cmocka_unit_test(test_safe_name_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
