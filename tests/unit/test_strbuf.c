/* test_strbuf.c - the growable string buffer */
#include "unit.h"

#include <stdio.h>

#include "strbuf.h"

/* An untouched buffer reads as "" and detaches to a fresh "". */
static void test_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	(void)state;
	assert_string_equal(strbuf_str(&sb), "");
	assert_int_equal(sb.len, 0);
	s = strbuf_detach(&sb);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	strbuf_free(&sb);
	strbuf_reset(&sb);
	assert_string_equal(strbuf_str(&sb), "");
}

/* The add functions append in order and keep the string terminated. */
static void test_add(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_adds(&sb, "abc");
	strbuf_addch(&sb, '-');
	strbuf_add(&sb, "xyz", 2);
	strbuf_addf(&sb, "[%d|%s]", 42, "q");
	assert_string_equal(strbuf_str(&sb), "abc-xy[42|q]");
	assert_int_equal(sb.len, strlen("abc-xy[42|q]"));
	strbuf_add(&sb, "", 0);
	assert_int_equal(sb.len, 12);
	strbuf_free(&sb);
	assert_null(sb.s);
	assert_int_equal(sb.len, 0);
}

/* Embedded NULs count in len: the buffer is byte-exact. */
static void test_binary(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_add(&sb, "a\0b", 3);
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.s, "a\0b", 4);
	strbuf_free(&sb);
}

/* Reset empties the string but keeps the memory for reuse. */
static void test_reset(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *before;
	size_t cap;

	(void)state;
	strbuf_adds(&sb, "some text");
	before = sb.s;
	cap = sb.cap;
	strbuf_reset(&sb);
	assert_string_equal(strbuf_str(&sb), "");
	assert_int_equal(sb.len, 0);
	assert_ptr_equal(sb.s, before);
	assert_int_equal(sb.cap, cap);
	strbuf_adds(&sb, "again");
	assert_string_equal(strbuf_str(&sb), "again");
	strbuf_free(&sb);
}

/* Many appends, and a formatted append larger than the free space. */
static void test_growth(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char expect[16], *s, big[5000];
	size_t pos = 0;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++)
		strbuf_addf(&sb, "%d,", i);
	for (i = 0; i < 10000; i++) {
		snprintf(expect, sizeof(expect), "%d,", i);
		assert_memory_equal(sb.s + pos, expect, strlen(expect));
		pos += strlen(expect);
	}
	assert_int_equal(sb.len, pos);
	assert_int_equal(sb.s[pos], '\0');
	strbuf_reset(&sb);
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_adds(&sb, "<");
	strbuf_addf(&sb, "%s>", big);
	assert_int_equal(sb.len, sizeof(big) + 1);
	assert_int_equal(sb.s[0], '<');
	assert_int_equal(sb.s[sizeof(big) - 1], 'z');
	assert_int_equal(sb.s[sizeof(big)], '>');
	assert_true(sb.cap > sb.len);
	s = strbuf_detach(&sb);
	assert_null(sb.s);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);
	assert_int_equal(strlen(s), sizeof(big) + 1);
	free(s);
}

/* Run the strbuf tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),  cmocka_unit_test(test_add),
	    cmocka_unit_test(test_binary), cmocka_unit_test(test_reset),
	    cmocka_unit_test(test_growth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
