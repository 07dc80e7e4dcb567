/* test_ui_scroll.c - per-conversation scroll positions of the view */
#include "unit.h"

#include <locale.h>
#include <stdio.h>

#include "../../src/ui/uipriv.h"
#include "conv.h"
#include "settings.h"

/* Append n one-row system lines to cv. */
static void add_lines(struct conv *cv, int n)
{
	for (int i = 0; i < n; i++) {
		char body[32];
		snprintf(body, sizeof(body), "line %d", (int)cv->len);
		conv_add(cv, MSG_SYSTEM, NULL, body, NULL, 1);
	}
}

/* The bottom row shown (message index * 100 + row), or -1 when empty. */
static long bottom(struct conv *cv, int cols)
{
	size_t idx;
	int row;
	if (!scroll_anchor(cv, cols, &idx, &row))
		return -1;
	return (long)idx * 100 + row;
}

/* Fresh console and scroll state for each test. */
static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	scroll_set_view_size(5, 40);
	return 0;
}

/* Free the model and the scroll state after each test. */
static int teardown(void **state)
{
	(void)state;
	scroll_free_all();
	conv_free_all();
	settings_free_all();
	return 0;
}

/* PageUp moves by a page minus one line; new messages do not move the view;
 * PageDown to the bottom follows again. */
static void test_page_up_down(void **state)
{
	(void)state;
	struct conv *cv = conv_console();
	assert_int_equal(bottom(cv, 40), -1);
	add_lines(cv, 20);
	assert_int_equal(bottom(cv, 40), 1900);
	assert_false(scroll_is_up(cv));
	scroll_page(-1);
	assert_true(scroll_is_up(cv));
	assert_int_equal(bottom(cv, 40), 1500);
	add_lines(cv, 3);
	assert_int_equal(bottom(cv, 40), 1500);
	scroll_page(1);
	assert_int_equal(bottom(cv, 40), 1900);
	assert_true(scroll_is_up(cv));
	scroll_page(1);
	assert_false(scroll_is_up(cv));
	assert_int_equal(bottom(cv, 40), 2200);
	/* PageDown when already following does nothing. */
	scroll_page(1);
	assert_false(scroll_is_up(cv));
}

/* PageUp stops with the first message on the top row. */
static void test_top_clamp(void **state)
{
	(void)state;
	struct conv *cv = conv_console();
	add_lines(cv, 20);
	scroll_page(-10);
	assert_int_equal(bottom(cv, 40), 400);
	scroll_page(-1);
	assert_int_equal(bottom(cv, 40), 400);
}

/* A conversation that fits on one screen never counts as scrolled up. */
static void test_short(void **state)
{
	(void)state;
	struct conv *cv = conv_console();
	add_lines(cv, 3);
	scroll_page(-1);
	assert_false(scroll_is_up(cv));
	assert_int_equal(bottom(cv, 40), 200);
}

/* Wrapped messages scroll by rows, not by messages. */
static void test_rows(void **state)
{
	(void)state;
	struct conv *cv = conv_console();
	scroll_set_view_size(5, 12);
	/* "00:00 aaaa bbbb cccc" takes two rows of 12 columns. */
	for (int i = 0; i < 10; i++)
		conv_add(cv, MSG_SYSTEM, NULL, "aaaa bbbb", NULL, 1);
	assert_int_equal(bottom(cv, 12), 901);
	scroll_page(-1); /* 4 rows up: two messages */
	assert_int_equal(bottom(cv, 12), 701);
	scroll_set_view_size(4, 12);
	scroll_page(-1); /* 3 rows up: one and a half messages */
	assert_int_equal(bottom(cv, 12), 600);
}

/* Positions are per conversation and dropped when it closes. */
static void test_per_conv(void **state)
{
	(void)state;
	struct conv *console = conv_console();
	struct conv *chat = conv_open("bob@example.org");
	add_lines(console, 20);
	add_lines(chat, 20);
	scroll_page(-1);
	assert_true(scroll_is_up(console));
	assert_false(scroll_is_up(chat));
	conv_focus(chat);
	scroll_page(-2);
	assert_true(scroll_is_up(chat));
	assert_int_equal(bottom(chat, 40), 1100);
	assert_int_equal(bottom(console, 40), 1500);
	scroll_forget(chat);
	assert_false(scroll_is_up(chat));
	assert_true(scroll_is_up(console));
}

/* The anchored message falling out of the scrollback is no problem. */
static void test_evicted(void **state)
{
	(void)state;
	const char *err;
	assert_int_equal(setting_set("scrollback", "100", &err), 0);
	struct conv *cv = conv_console();
	add_lines(cv, 100);
	scroll_page(-100);
	assert_int_equal(bottom(cv, 40), 400);
	add_lines(cv, 50);
	assert_int_equal(cv->len, 100);
	/* The oldest message still held is shown at the bottom. */
	assert_int_equal(bottom(cv, 40), 0);
	scroll_page(100);
	assert_false(scroll_is_up(cv));
}

/* Run the tests. */
int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_page_up_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_top_clamp, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_short, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_per_conv, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_evicted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
