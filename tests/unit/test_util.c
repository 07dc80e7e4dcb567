/* test_util.c - random ids, argument splitting, small string helpers, xmalloc */
#include "unit.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"
#include "xmalloc.h"

/* Ids have the asked length and only lowercase letters and digits. */
static void test_random_id_shape(void **state)
{
	char id[17], other[17];
	char guard[4] = {'x', 'x', 'x', 'x'};
	size_t i;

	(void)state;
	random_id(id, sizeof(id));
	random_id(other, sizeof(other));
	assert_int_equal(strlen(id), 16);
	for (i = 0; i < 16; i++)
		assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789", id[i]));
	assert_string_not_equal(id, other);
	random_id(guard, 1);
	assert_int_equal(guard[0], '\0');
	assert_int_equal(guard[1], 'x');
	random_id(guard + 1, 0);
	assert_int_equal(guard[1], 'x');
}

/* Every one of the 36 characters turns up: the alphabet is fully used. */
static void test_random_id_alphabet(void **state)
{
	static char big[36 * 1000 + 1];
	const char *alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t i;

	(void)state;
	random_id(big, sizeof(big));
	for (i = 0; alphabet[i] != '\0'; i++)
		assert_non_null(strchr(big, alphabet[i]));
}

/* A command line and the words it must split into; argc -1 means
 * split_args must refuse it (unterminated quote). */
struct split_case {
	const char *line;
	int argc;
	const char *words[6];
};

static const struct split_case split_cases[] = {
    {"", 0, {NULL}},
    {"   \t ", 0, {NULL}},
    {"one", 1, {"one"}},
    {"  a  b\tc\n", 3, {"a", "b", "c"}},
    {"/msg alice@example.com hello there", 4, {"/msg", "alice@example.com", "hello", "there"}},
    {"'a b' c", 2, {"a b", "c"}},
    {"\"a b\" c", 2, {"a b", "c"}},
    {"a\\ b", 1, {"a b"}},
    {"\"say \\\"hi\\\"\"", 1, {"say \"hi\""}},
    {"'back\\slash'", 1, {"back\\slash"}},
    {"\"C:\\dir\"", 1, {"C:\\dir"}},
    {"\"a\\\\b\"", 1, {"a\\b"}},
    {"\"\" x", 2, {"", "x"}},
    {"''", 1, {""}},
    {"a\"b c\"d", 1, {"ab cd"}},
    {"it\\'s", 1, {"it's"}},
    {"\"it's\"", 1, {"it's"}},
    {"'say \"hi\"'", 1, {"say \"hi\""}},
    {"trailing\\", 1, {"trailing\\"}},
    {"\\\\", 1, {"\\"}},
    {"\"unterminated", -1, {NULL}},
    {"ok 'unterminated", -1, {NULL}},
    {"\"a\\\"", -1, {NULL}},
};

/* split_args splits, groups and unescapes like a small shell. */
static void test_split_args(void **state)
{
	size_t i;
	int j, argc;

	(void)state;
	for (i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]); i++) {
		const struct split_case *c = &split_cases[i];
		char **v;

		argc = 99;
		v = split_args(c->line, &argc);
		if (c->argc < 0) {
			assert_null(v);
			assert_int_equal(argc, 0);
			continue;
		}
		assert_non_null(v);
		if (argc != c->argc)
			print_error("split case %zu: argc %d\n", i, argc);
		assert_int_equal(argc, c->argc);
		assert_int_equal(strv_len(v), (size_t)argc);
		for (j = 0; j < argc; j++)
			assert_string_equal(v[j], c->words[j]);
		assert_null(v[argc]);
		strv_free(v);
	}
}

/* NULL line and NULL argc are accepted. */
static void test_split_args_null(void **state)
{
	int argc = 5;
	char **v = split_args(NULL, &argc);

	(void)state;
	assert_non_null(v);
	assert_int_equal(argc, 0);
	assert_null(v[0]);
	strv_free(v);
	v = split_args("a b", NULL);
	assert_int_equal(strv_len(v), 2);
	strv_free(v);
	assert_int_equal(strv_len(NULL), 0);
	strv_free(NULL);
}

/* Prefix test ignores ASCII case only. */
static void test_str_prefix(void **state)
{
	(void)state;
	assert_true(str_prefix("Hello", "he"));
	assert_true(str_prefix("hello", "HELLO"));
	assert_true(str_prefix("x", ""));
	assert_false(str_prefix("he", "hello"));
	assert_false(str_prefix("hello", "hex"));
	assert_false(str_prefix("\xc3\x84"
	                        "b",
	                        "\xc3\xa4"));
	assert_false(str_prefix(NULL, "a"));
	assert_false(str_prefix("a", NULL));
}

/* Times are formatted in the local zone, with long formats too. */
static void test_format_time(void **state)
{
	char *s, *want;
	char fmt[200] = "";
	int i;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	s = format_time(0, "%Y-%m-%d %H:%M:%S");
	assert_string_equal(s, "1970-01-01 00:00:00");
	free(s);
	s = format_time(86400 + 3600, "%H:%M");
	assert_string_equal(s, "01:00");
	free(s);
	s = format_time(0, "");
	assert_string_equal(s, "");
	free(s);
	for (i = 0; i < 40; i++)
		strcat(fmt, "%Y|");
	s = format_time(0, fmt);
	want = malloc(201);
	assert_non_null(want);
	want[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(want, "1970|");
	assert_string_equal(s, want);
	free(s);
	free(want);
}

/* The x* allocators copy, format and replace strings. */
static void test_xmalloc_strings(void **state)
{
	char *s = xasprintf("%s-%d", "id", 42);
	char *t = xstrndup("abcdef", 3);
	int *z = xcalloc(8, sizeof(int));
	int i;

	(void)state;
	assert_string_equal(s, "id-42");
	assert_string_equal(t, "abc");
	free(t);
	t = xstrndup("ab", 10);
	assert_string_equal(t, "ab");
	free(t);
	assert_null(xstrdup(NULL));
	/* Setting a string to (part of) itself must not read freed memory. */
	xstrset(&s, s + 3);
	assert_string_equal(s, "42");
	xstrset(&s, NULL);
	assert_null(s);
	for (i = 0; i < 8; i++)
		assert_int_equal(z[i], 0);
	z[7] = 7;
	z = xreallocarray(z, 1000, sizeof(int));
	assert_int_equal(z[7], 7);
	free(z);
	free(xmalloc(0));
}

static int hook_calls;

/* fatal_hook for the test: leave a mark on stdout. */
static void test_hook(void)
{
	hook_calls++;
	fputs("hook ran\n", stdout);
}

/* fatal() runs the hook, prints "natter: message" and exits 1. */
static void test_fatal(void **state)
{
	int out[2], status;
	char buf[256] = "";
	ssize_t n, got = 0;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(out), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(out[1], 2);
		fatal_hook = test_hook;
		fatal("broken %d", 7);
	}
	close(out[1]);
	while ((n = read(out[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	close(out[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_string_equal(buf, "hook ran\nnatter: broken 7\n");
	assert_int_equal(hook_calls, 0);
}

/* Run the util tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_id_shape), cmocka_unit_test(test_random_id_alphabet),
	    cmocka_unit_test(test_split_args),      cmocka_unit_test(test_split_args_null),
	    cmocka_unit_test(test_str_prefix),      cmocka_unit_test(test_format_time),
	    cmocka_unit_test(test_xmalloc_strings), cmocka_unit_test(test_fatal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
