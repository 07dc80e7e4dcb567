/* test_ui_msgfmt.c - how the conversation view lays out one message */
#include "unit.h"

#include <locale.h>
#include <time.h>

#include "../../src/ui/uitext.h"
#include "settings.h"

/* 13:05:00 UTC on 1 January 1970. */
#define T1305 ((time_t)(13 * 3600 + 5 * 60))

/* Pin the zone and the time format so the prefix is known. */
static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	setting_unset("time_format");
	return 0;
}

/* Lay out a message; the caller frees st. */
static void build(struct styled *st, enum msg_dir dir, const char *from, const char *body,
                  enum msg_state ms, const char *error)
{
	struct message m = {0};
	m.ts = T1305;
	m.dir = dir;
	m.from = (char *)from;
	m.body = (char *)body;
	m.state = ms;
	m.error = (char *)error;
	memset(st, 0, sizeof(*st));
	msgfmt_build(st, &m);
}

/* Incoming: "HH:MM <sender> text", sender in the incoming colour. */
static void test_incoming(void **state)
{
	(void)state;
	struct styled st;
	build(&st, MSG_IN, "alice", "hi there", MSG_STATE_NONE, NULL);
	assert_string_equal(strbuf_str(&st.text), "13:05 <alice> hi there");
	assert_int_equal(st.indent, 14);
	assert_int_equal(st.body_start, 14);
	size_t end;
	assert_int_equal(styled_run(&st, 0, &end), ST_TIME);
	assert_int_equal(end, 5);
	assert_int_equal(styled_run(&st, 7, NULL), ST_NICK_IN);
	assert_int_equal(styled_run(&st, 15, &end), ST_NORMAL);
	assert_int_equal(end, st.text.len);
	styled_free(&st);
}

/* Outgoing: own colour and a distinct glyph per delivery state. */
static void test_outgoing_states(void **state)
{
	(void)state;
	static const struct {
		enum msg_state s;
		const char *text;
		enum ui_style glyph;
	} cases[] = {
	    {MSG_STATE_NONE, "13:05 <me> yo", ST_NORMAL},
	    {MSG_SENDING, "13:05 <me> yo …", ST_PENDING},
	    {MSG_SENT, "13:05 <me> yo ✓", ST_SENT},
	    {MSG_DELIVERED, "13:05 <me> yo ✓✓", ST_SENT},
	    {MSG_READ, "13:05 <me> yo R", ST_READ},
	    {MSG_FAILED, "13:05 <me> yo ✗", ST_FAILED},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct styled st;
		build(&st, MSG_OUT, "me", "yo", cases[i].s, NULL);
		assert_string_equal(strbuf_str(&st.text), cases[i].text);
		assert_int_equal(styled_run(&st, 7, NULL), ST_NICK_OUT);
		assert_int_equal(styled_run(&st, st.text.len - 1, NULL), cases[i].glyph);
		styled_free(&st);
	}
	/* All glyphs differ from each other, with UTF-8 or without. */
	for (int pass = 0; pass < 2; pass++) {
		setlocale(LC_ALL, pass ? "C" : "C.UTF-8");
		for (int a = MSG_SENDING; a <= MSG_FAILED; a++)
			for (int b = a + 1; b <= MSG_FAILED; b++)
				assert_string_not_equal(msg_state_glyph(a), msg_state_glyph(b));
	}
	assert_string_equal(msg_state_glyph(MSG_FAILED), "X");
	setlocale(LC_ALL, "C.UTF-8");
}

/* A failed message shows the error text in the failure style. */
static void test_failed_error(void **state)
{
	(void)state;
	struct styled st;
	build(&st, MSG_OUT, NULL, "yo", MSG_FAILED, "not connected");
	assert_string_equal(strbuf_str(&st.text), "13:05 <me> yo ✗ not connected");
	assert_int_equal(styled_run(&st, st.text.len - 3, NULL), ST_FAILED);
	styled_free(&st);
}

/* System lines: no sender, info dim and errors red. */
static void test_system(void **state)
{
	(void)state;
	struct styled st;
	struct message m = {0};
	m.ts = T1305;
	m.dir = MSG_SYSTEM;
	m.body = "connected";
	m.level = LEVEL_ERROR;
	memset(&st, 0, sizeof(st));
	msgfmt_build(&st, &m);
	assert_string_equal(strbuf_str(&st.text), "13:05 connected");
	assert_int_equal(st.indent, 6);
	assert_int_equal(styled_run(&st, 8, NULL), ST_ERROR);
	styled_free(&st);
	m.level = LEVEL_INFO;
	msgfmt_build(&st, &m);
	assert_int_equal(styled_run(&st, 8, NULL), ST_SYSTEM);
	styled_free(&st);
}

/* The time format setting is used; an empty one drops the time. */
static void test_time_format(void **state)
{
	(void)state;
	const char *err;
	struct styled st;
	assert_int_equal(setting_set("time_format", "[%H:%M:%S]", &err), 0);
	build(&st, MSG_IN, "bob", "x", MSG_STATE_NONE, NULL);
	assert_string_equal(strbuf_str(&st.text), "[13:05:00] <bob> x");
	styled_free(&st);
	assert_int_equal(setting_set("time_format", "", &err), 0);
	build(&st, MSG_IN, "bob", "x", MSG_STATE_NONE, NULL);
	assert_string_equal(strbuf_str(&st.text), "<bob> x");
	styled_free(&st);
	setting_unset("time_format");
}

/* Wrapped and multi-line bodies: continuation rows under the text column. */
static void test_layout(void **state)
{
	(void)state;
	struct styled st;
	struct row_span *rows;
	build(&st, MSG_IN, "al", "one two three\nfour\n\n", MSG_STATE_NONE, NULL);
	/* Trailing newlines do not make empty rows. */
	assert_string_equal(strbuf_str(&st.text), "13:05 <al> one two three\nfour");
	/* 20 columns: the text column is 11, continuation rows have 9. */
	size_t n = styled_layout(&st, 20, &rows);
	assert_int_equal(n, 3);
	const char *s = strbuf_str(&st.text);
	assert_memory_equal(s + rows[0].start, "13:05 <al> one two", rows[0].end - rows[0].start);
	assert_int_equal(rows[0].end - rows[0].start, 18);
	assert_memory_equal(s + rows[1].start, "three", 5);
	assert_int_equal(rows[1].end - rows[1].start, 5);
	assert_memory_equal(s + rows[2].start, "four", 4);
	assert_int_equal(msgfmt_rows(&st, 20), 3);
	free(rows);
	/* Very wide: one row per line. */
	assert_int_equal(msgfmt_rows(&st, 200), 2);
	styled_free(&st);
}

/* A prefix wider than half the view does not squeeze the text. */
static void test_cont_indent(void **state)
{
	(void)state;
	assert_int_equal(msgfmt_cont_indent(14, 80), 14);
	assert_int_equal(msgfmt_cont_indent(30, 40), 10);
	assert_int_equal(msgfmt_cont_indent(5, 1), 0);
}

/* Run the tests. */
int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_incoming, setup),
	    cmocka_unit_test_setup(test_outgoing_states, setup),
	    cmocka_unit_test_setup(test_failed_error, setup),
	    cmocka_unit_test_setup(test_system, setup),
	    cmocka_unit_test_setup(test_time_format, setup),
	    cmocka_unit_test_setup(test_layout, setup),
	    cmocka_unit_test(test_cont_indent),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	settings_free_all();
	return r;
}
