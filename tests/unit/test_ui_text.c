/* test_ui_text.c - the front end's pure layout helpers: wrapping, widths,
 * horizontal scrolling of the input line, fitting tabs */
#include "unit.h"

#include <locale.h>

#include "../../src/ui/uitext.h"

/* Split s into rows of width columns; return them joined with '|'. */
static char *rows_of(const char *s, int width, size_t min_brk)
{
	static char out[1024];
	size_t len = strlen(s), pos = 0, o = 0;
	do {
		size_t next, end = wrap_row(s, len, pos, width, min_brk, &next);
		if (o > 0)
			out[o++] = '|';
		memcpy(out + o, s + pos, end - pos);
		o += end - pos;
		pos = next;
	} while (pos < len);
	out[o] = '\0';
	return out;
}

/* Words move to the next row whole; the breaking space is dropped. */
static void test_wrap_words(void **state)
{
	(void)state;
	assert_string_equal(rows_of("hello big world", 10, 0), "hello big|world");
	assert_string_equal(rows_of("aaa bbb ccc", 7, 0), "aaa bbb|ccc");
	assert_string_equal(rows_of("short", 10, 0), "short");
}

/* A word longer than the row is cut between characters. */
static void test_wrap_long_word(void **state)
{
	(void)state;
	assert_string_equal(rows_of("abcdefghij", 4, 0), "abcd|efgh|ij");
}

/* '\n' always ends a row, and empty lines stay. */
static void test_wrap_newlines(void **state)
{
	(void)state;
	assert_string_equal(rows_of("a\n\nb", 10, 0), "a||b");
	assert_string_equal(rows_of("one two\nthree", 20, 0), "one two|three");
}

/* Spaces before min_brk (the time and sender) are no break points. */
static void test_wrap_min_brk(void **state)
{
	(void)state;
	assert_string_equal(rows_of("12:00 <al> abcdefghijkl", 12, 0), "12:00 <al>|abcdefghijkl");
	assert_string_equal(rows_of("12:00 <al> abcdefghijkl", 12, 11), "12:00 <al> a|bcdefghijkl");
}

/* A two-column character is never split: it moves to the next row. */
static void test_wrap_wide(void **state)
{
	(void)state;
	/* 5 CJK characters, 10 columns, in rows of 3 columns. */
	assert_string_equal(rows_of("你好世界人", 3, 0), "你|好|世|界|人");
	assert_string_equal(rows_of("a你好", 4, 0), "a你|好");
	/* Even a row too narrow for one character makes progress. */
	assert_string_equal(rows_of("你好", 1, 0), "你|好");
}

/* Widths: wide characters count 2, controls and bad bytes count 1. */
static void test_text_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("你好", strlen("你好")), 4);
	assert_int_equal(text_width("a\x01z", 3), 3);
	assert_int_equal(text_width("\xff\xfe", 2), 2);
	/* e + combining acute accent is one column */
	assert_int_equal(text_width("e\xcc\x81", 3), 1);
	int cols;
	bool bad;
	assert_int_equal(text_cell("\x1b[31m", 5, &cols, &bad), 1);
	assert_true(bad);
	assert_int_equal(cols, 1);
	assert_int_equal(text_cell("😀", 4, &cols, &bad), 4);
	assert_false(bad);
	assert_int_equal(cols, 2);
}

/* The input line scrolls only when the text does not fit, and always keeps
 * the cursor inside the window. */
static void test_hscroll(void **state)
{
	(void)state;
	/* Fits: no scrolling, whatever the previous offset was. */
	assert_int_equal(hscroll_offset(5, 9, 10, 0), 0);
	assert_int_equal(hscroll_offset(5, 9, 10, 7), 0);
	/* Cursor at the end of a long text: last column free for the cursor. */
	assert_int_equal(hscroll_offset(30, 30, 10, 0), 21);
	/* Moving left within the window keeps the offset. */
	assert_int_equal(hscroll_offset(25, 30, 10, 21), 21);
	/* Moving left past the window jumps back by half a window. */
	assert_int_equal(hscroll_offset(15, 30, 10, 21), 10);
	assert_int_equal(hscroll_offset(2, 30, 10, 21), 0);
	/* Text got shorter: no empty columns at the right. */
	assert_int_equal(hscroll_offset(20, 20, 10, 15), 11);
	for (int cur = 0; cur <= 50; cur++) {
		int off = hscroll_offset(cur, 50, 8, 17);
		assert_true(cur >= off && cur <= off + 7);
	}
}

/* Tabs scroll so that the focused one is visible. */
static void test_tabs_first(void **state)
{
	(void)state;
	int w[] = {10, 10, 10, 10, 10};
	/* Everything fits. */
	assert_int_equal(tabs_first(w, 5, 4, 50), 0);
	/* Focus inside the first screenful. */
	assert_int_equal(tabs_first(w, 5, 1, 25), 0);
	/* Focus on the last tab: "< " + two tabs. */
	assert_int_equal(tabs_first(w, 5, 4, 25), 3);
	/* Focus in the middle: "< " + tab + " >" = 14 <= 15; two would not fit. */
	assert_int_equal(tabs_first(w, 5, 2, 15), 2);
	/* A tab wider than the bar is shown alone. */
	assert_int_equal(tabs_first(w, 5, 3, 5), 3);
	assert_int_equal(tabs_first(w, 0, 0, 5), 0);
}

/* Run the tests. */
int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wrap_words),    cmocka_unit_test(test_wrap_long_word),
	    cmocka_unit_test(test_wrap_newlines), cmocka_unit_test(test_wrap_min_brk),
	    cmocka_unit_test(test_wrap_wide),     cmocka_unit_test(test_text_width),
	    cmocka_unit_test(test_hscroll),       cmocka_unit_test(test_tabs_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
