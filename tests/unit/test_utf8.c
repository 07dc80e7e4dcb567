/* test_utf8.c - UTF-8 decoding, encoding and display widths */
#include "unit.h"

#include <locale.h>

#include "utf8.h"

/* Bytes and the code point they decode to, or -1 when they must not. */
struct dec_case {
	const char *in;
	size_t len;
	int used;
	uint32_t cp;
};

#define DEC(in, used, cp)                                                                          \
	{                                                                                          \
		in, sizeof(in) - 1, used, cp                                                       \
	}

static const struct dec_case dec_cases[] = {
    DEC("A", 1, 0x41),
    DEC("\x7f", 1, 0x7f),
    DEC("\xc2\x80", 2, 0x80),
    DEC("\xdf\xbf", 2, 0x7ff),
    DEC("\xe0\xa0\x80", 3, 0x800),
    DEC("\xed\x9f\xbf", 3, 0xd7ff),
    DEC("\xee\x80\x80", 3, 0xe000),
    DEC("\xef\xbf\xbf", 3, 0xffff),
    DEC("\xf0\x90\x80\x80", 4, 0x10000),
    DEC("\xf4\x8f\xbf\xbf", 4, 0x10ffff),
    DEC("\xe2\x82\xac"
        "rest",
        3, 0x20ac),
    DEC("\x80", -1, 0),
    DEC("\xbf", -1, 0),
    DEC("\xc0\x80", -1, 0),
    DEC("\xc1\xbf", -1, 0),
    DEC("\xe0\x9f\xbf", -1, 0),
    DEC("\xed\xa0\x80", -1, 0),
    DEC("\xed\xbf\xbf", -1, 0),
    DEC("\xf0\x8f\xbf\xbf", -1, 0),
    DEC("\xf4\x90\x80\x80", -1, 0),
    DEC("\xf5\x80\x80\x80", -1, 0),
    DEC("\xfe", -1, 0),
    DEC("\xff", -1, 0),
    DEC("\xc2", -1, 0),
    DEC("\xe2\x82", -1, 0),
    DEC("\xf0\x9f\x98", -1, 0),
    DEC("\xe2\x28\xa1", -1, 0),
    DEC("\xe2\x82\x28", -1, 0),
    DEC("\xc2\xc2", -1, 0),
};

/* Each sequence decodes to its code point, or is refused. */
static void test_decode_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dec_cases) / sizeof(dec_cases[0]); i++) {
		uint32_t cp = 0xdeadbeef;
		int n = utf8_decode(dec_cases[i].in, dec_cases[i].len, &cp);

		if (n != dec_cases[i].used)
			print_error("decode case %zu: got %d\n", i, n);
		assert_int_equal(n, dec_cases[i].used);
		if (n > 0)
			assert_int_equal(cp, dec_cases[i].cp);
	}
}

/* Decoding never reads past the length it was given. */
static void test_decode_respects_len(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("\xe2\x82\xac", 2, &cp), -1);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 3, &cp), -1);
	assert_int_equal(utf8_decode("A", 0, &cp), -1);
	assert_int_equal(utf8_decode("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

/* Every scalar value survives encode then decode; others become U+FFFD. */
static void test_encode_roundtrip(void **state)
{
	char buf[4];
	uint32_t cp, back;
	int n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp == 0xd800)
			cp = 0xe000;
		n = utf8_encode(cp, buf);
		assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
		assert_int_equal(utf8_decode(buf, (size_t)n, &back), n);
		assert_int_equal(back, cp);
	}
	assert_int_equal(utf8_encode(0xd800, buf), 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
	assert_int_equal(utf8_encode(0x110000, buf), 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
}

/* utf8_valid agrees with the decoder over whole strings. */
static void test_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("caf\xc3\xa9 \xf0\x9f\x98\x80", 10));
	assert_true(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("caf\xc3", 4));
	assert_false(utf8_valid("\xed\xa0\x80", 3));
	assert_false(utf8_valid("ok\x80", 3));
	assert_false(utf8_valid("\xc0\xaf", 2));
	/* The length bounds the check: the bad byte lies beyond it. */
	assert_true(utf8_valid("ok\xff", 2));
}

/* Switch to a UTF-8 locale as main() would. */
static int utf8_locale(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

/* Back to the C locale, where our own tables give widths. */
static int c_locale(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C") == NULL ? -1 : 0;
}

/* A code point and its width in columns. */
struct width_case {
	uint32_t cp;
	int width;
};

static const struct width_case width_cases[] = {
    {'a', 1},    {0x00e9, 1},  {0x0301, 0},  {0x200b, 0},  {0x4e00, 2}, {0xac00, 2}, {0xff21, 2},
    {0x3000, 2}, {0x1f600, 2}, {0x1f44d, 2}, {0x20000, 2}, {0xfffd, 1}, {0xfe0f, 0}, {0x0000, 0},
};

/* Widths of common characters, in whichever locale the group set up. */
static void test_cpwidth_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(width_cases) / sizeof(width_cases[0]); i++) {
		int w = utf8_cpwidth(width_cases[i].cp);

		if (w != width_cases[i].width)
			print_error("U+%04X: width %d\n", (unsigned)width_cases[i].cp, w);
		assert_int_equal(w, width_cases[i].width);
	}
}

/* Controls, unassigned and out-of-range values are never negative. */
static void test_cpwidth_never_negative(void **state)
{
	uint32_t cp;
	int w;

	(void)state;
	for (cp = 0; cp <= 0x110010; cp++) {
		w = utf8_cpwidth(cp);
		assert_true(w >= 0 && w <= 2);
	}
	assert_int_equal(utf8_cpwidth(0x1b), 1);
	assert_int_equal(utf8_cpwidth(0x9b), 1);
	assert_int_equal(utf8_cpwidth(0xd800), 1);
	assert_int_equal(utf8_cpwidth(0x2028), 1);
}

/* String widths add up the characters' widths. */
static void test_width(void **state)
{
	const char *s = "\xe6\x97\xa5\xe6\x9c\xac"
	                "ab"
	                "e\xcc\x81";

	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width(s), 7);
	assert_int_equal(utf8_nwidth(s, 3), 2);
	assert_int_equal(utf8_nwidth(s, 8), 6);
	assert_int_equal(utf8_nwidth(s, 0), 0);
	assert_int_equal(utf8_width("\xf0\x9f\x98\x80!"), 3);
}

/* utf8_fit stops before the first character that would overflow. */
static void test_fit(void **state)
{
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";

	(void)state;
	assert_int_equal(utf8_fit("abc", 0), 0);
	assert_int_equal(utf8_fit("abc", -3), 0);
	assert_int_equal(utf8_fit("abc", 2), 2);
	assert_int_equal(utf8_fit("abc", 10), 3);
	assert_int_equal(utf8_fit(cjk, 1), 0);
	assert_int_equal(utf8_fit(cjk, 2), 3);
	assert_int_equal(utf8_fit(cjk, 3), 3);
	assert_int_equal(utf8_fit(cjk, 4), 6);
	/* A combining accent stays with its base letter. */
	assert_int_equal(utf8_fit("e\xcc\x81x", 1), 3);
	assert_int_equal(utf8_fit("ab\xf0\x9f\x98\x80", 3), 2);
	assert_int_equal(utf8_fit("ab\xf0\x9f\x98\x80", 4), 6);
}

/* Run the utf8 tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode_table),
	    cmocka_unit_test(test_decode_respects_len),
	    cmocka_unit_test(test_encode_roundtrip),
	    cmocka_unit_test(test_valid),
	};
	const struct CMUnitTest width_tests[] = {
	    cmocka_unit_test(test_cpwidth_table),
	    cmocka_unit_test(test_cpwidth_never_negative),
	    cmocka_unit_test(test_width),
	    cmocka_unit_test(test_fit),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("utf8 coding", tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("widths in C.UTF-8", width_tests, utf8_locale, NULL);
	failed +=
	    cmocka_run_group_tests_name("widths in C (own tables)", width_tests, c_locale, NULL);
	return failed;
}
