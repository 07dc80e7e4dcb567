/* test_ui_chat.c - what the front end shows of chat states, the unread
 * marker line and older history, and when it tells core what the user saw */
#include "unit.h"

#include <locale.h>
#include <stdio.h>

#include "../../src/ui/uipriv.h"
#include "conv.h"
#include "core.h"
#include "roster.h"
#include "settings.h"

static SCREEN *scr;
static FILE *scr_out, *scr_in;
static int fetches;
static int displayed;
static char last_displayed[64];

/* Backend double: counts archive requests and displayed markers. */
static int fake_fetch_older(const char *jid, const char *before)
{
	(void)jid;
	(void)before;
	fetches++;
	return 0;
}

/* Backend double: remembers the displayed marker. */
static void fake_send_displayed(const char *to, const char *id)
{
	(void)to;
	displayed++;
	snprintf(last_displayed, sizeof(last_displayed), "%s", id);
}

static const struct core_backend fake_backend = {
    .fetch_older = fake_fetch_older,
    .send_displayed = fake_send_displayed,
};

/* A curses screen on /dev/null to draw windows into, and a fresh model. */
static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	scr = newterm("xterm", scr_out, scr_in);
	assert_non_null(scr);
	scroll_set_view_size(6, 40);
	core_set_backend(&fake_backend);
	fetches = displayed = 0;
	last_displayed[0] = '\0';
	char *groups[] = {NULL};
	roster_upsert("bob@example.org", "Bob", groups, SUB_BOTH, false);
	return 0;
}

/* Free the model, the scroll state and the screen. */
static int teardown(void **state)
{
	(void)state;
	core_set_backend(NULL);
	scroll_free_all();
	core_free_all();
	settings_free_all();
	endwin();
	delscreen(scr);
	fclose(scr_out);
	fclose(scr_in);
	return 0;
}

/* Text of line y of w, trailing blanks dropped, in out (UTF-8). */
static const char *line_of(WINDOW *w, int y)
{
	static char out[512];
	size_t n = 0;
	int cols = getmaxx(w);
	for (int x = 0; x < cols && n + 8 < sizeof(out); x++) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		if (mvwin_wch(w, y, x, &cc) == ERR || getcchar(&cc, wc, &a, &pair, NULL) == ERR)
			break;
		for (int k = 0; wc[k]; k++) {
			int got = wctomb(out + n, wc[k]);
			if (got > 0)
				n += (size_t)got;
		}
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

/* The chat with bob, focused, holding n incoming lines "m0".."m(n-1)". */
static struct conv *bob_with(int n)
{
	struct conv *cv = conv_open("bob@example.org");
	conv_focus(cv);
	for (int i = 0; i < n; i++) {
		char body[16];
		snprintf(body, sizeof(body), "m%d", i);
		conv_add(cv, MSG_IN, "Bob", body, NULL, 60 * (i + 1));
	}
	return cv;
}

/* The tab of a typing contact carries a mark, unread count or not. */
static void test_tab_label_typing(void **state)
{
	(void)state;
	struct conv *cv = conv_open("bob@example.org");
	char *s = tabbar_label(1, cv);
	assert_string_equal(s, "2:bob@example.org");
	free(s);
	cv->peer_state = CHAT_COMPOSING;
	cv->unread = 3;
	s = tabbar_label(1, cv);
	assert_string_equal(s, "2:bob@example.org(3)…");
	free(s);
	cv->peer_state = CHAT_PAUSED;
	s = tabbar_label(1, cv);
	assert_string_equal(s, "2:bob@example.org(3)");
	free(s);
}

/* The status line tells whether the focused chat's contact types. */
static void test_status_typing(void **state)
{
	(void)state;
	struct conv *cv = bob_with(0);
	struct strbuf sb = STRBUF_INIT;
	statusline_text(&sb);
	assert_null(strstr(strbuf_str(&sb), "typing"));
	strbuf_free(&sb);
	core_peer_state("bob@example.org", CHAT_COMPOSING);
	assert_int_equal(cv->peer_state, CHAT_COMPOSING);
	statusline_text(&sb);
	assert_non_null(strstr(strbuf_str(&sb), "Bob is typing…"));
	strbuf_free(&sb);
	core_peer_state("bob@example.org", CHAT_PAUSED);
	statusline_text(&sb);
	assert_null(strstr(strbuf_str(&sb), "typing"));
	assert_non_null(strstr(strbuf_str(&sb), "Bob paused"));
	strbuf_free(&sb);
	/* only for the focused chat */
	core_peer_state("bob@example.org", CHAT_COMPOSING);
	conv_focus(conv_console());
	statusline_text(&sb);
	assert_null(strstr(strbuf_str(&sb), "typing"));
	strbuf_free(&sb);
}

/* The marker line takes a row of its message, and is drawn above it. */
static void test_marker_line(void **state)
{
	(void)state;
	struct conv *cv = bob_with(4);
	WINDOW *w = newwin(6, 40, 0, 0);
	cv->marker = cv->msgs[2]->seq;
	assert_int_equal(scroll_msg_rows(cv, 1, 40), 1);
	assert_int_equal(scroll_msg_rows(cv, 2, 40), 2);
	convview_draw(w);
	/* 4 messages + the line fill 5 of 6 rows, bottom-aligned */
	assert_string_equal(line_of(w, 0), "");
	assert_non_null(strstr(line_of(w, 2), "m1"));
	assert_non_null(strstr(line_of(w, 3), "new messages"));
	assert_non_null(strstr(line_of(w, 3), "─"));
	assert_non_null(strstr(line_of(w, 4), "m2"));
	assert_non_null(strstr(line_of(w, 5), "m3"));
	cv->marker = 0;
	convview_draw(w);
	for (int y = 0; y < 6; y++)
		assert_null(strstr(line_of(w, y), "new messages"));
	delwin(w);
}

/* While an archive page is on its way the top line says so. */
static void test_loading_line(void **state)
{
	(void)state;
	struct conv *cv = bob_with(10);
	WINDOW *w = newwin(6, 40, 0, 0);
	cv->archive_busy = true;
	convview_draw(w);
	assert_non_null(strstr(line_of(w, 0), "loading older messages"));
	assert_non_null(strstr(line_of(w, 5), "m9"));
	assert_non_null(strstr(line_of(w, 1), "m5"));
	cv->archive_busy = false;
	convview_draw(w);
	assert_non_null(strstr(line_of(w, 0), "m4"));
	delwin(w);
}

/* Drawn at the bottom, the chat counts as seen; scrolled up, it does not. */
static void test_seen_when_drawn_at_bottom(void **state)
{
	(void)state;
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = bob_with(0);
	for (int i = 0; i < 20; i++) {
		char id[16];
		snprintf(id, sizeof(id), "id%d", i);
		struct msg_in in = {.conv_jid = "bob@example.org",
		                    .dir = MSG_IN,
		                    .from = "Bob",
		                    .body = id,
		                    .id = id,
		                    .ts = 60 * (i + 1),
		                    .markable = true};
		core_message_in(&in);
	}
	WINDOW *w = newwin(6, 40, 0, 0);
	scroll_page(-1);
	assert_true(scroll_is_up(cv));
	convview_draw(w);
	assert_int_equal(displayed, 0);
	scroll_page(1);
	assert_false(scroll_is_up(cv));
	convview_draw(w);
	assert_int_equal(displayed, 1);
	assert_string_equal(last_displayed, "id19");
	delwin(w);
}

/* PageUp asks for older messages only once the oldest held is in view. */
static void test_page_up_at_top_loads_older(void **state)
{
	(void)state;
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = bob_with(12);
	cv->history_done = true;
	scroll_page(-1);
	assert_int_equal(fetches, 0);
	assert_true(scroll_is_up(cv));
	scroll_page(-1);
	assert_int_equal(fetches, 0);
	assert_true(scroll_at_top(cv));
	scroll_page(-1);
	assert_int_equal(fetches, 1);
	assert_true(cv->archive_busy);
	/* an older page keeps the view where it was */
	size_t idx;
	int row;
	assert_true(scroll_anchor(cv, 40, &idx, &row));
	unsigned long shown = cv->msgs[idx]->seq;
	struct message *older[2] = {message_new(MSG_IN, "Bob", "o0", NULL, 1),
	                            message_new(MSG_IN, "Bob", "o1", NULL, 2)};
	conv_prepend(cv, older, 2);
	assert_true(scroll_anchor(cv, 40, &idx, &row));
	assert_int_equal(cv->msgs[idx]->seq, shown);
	assert_false(scroll_at_top(cv));
}

/* A chat that fits on the screen asks for older messages at once. */
static void test_short_chat_loads_older(void **state)
{
	(void)state;
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = bob_with(2);
	cv->history_done = true;
	scroll_page(-1);
	assert_int_equal(fetches, 1);
	assert_false(scroll_is_up(cv));
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tab_label_typing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_status_typing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_marker_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_loading_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_seen_when_drawn_at_bottom, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_page_up_at_top_loads_older, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_short_chat_loads_older, setup, teardown),
	};
	return cmocka_run_group_tests_name("ui_chat", tests, NULL, NULL);
}
