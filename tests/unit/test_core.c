/* test_core.c - the UI-free model: tabs, unread, scrollback, roster, actions */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "core.h"
#include "password.h"
#include "settings.h"
#include "xmalloc.h"

static int events_msg, events_roster, events_secret;

/* Count message events. */
static void on_message(void *ud, struct conv *cv, const struct message *m)
{
	(void)ud;
	(void)cv;
	(void)m;
	events_msg++;
}

/* Count roster events. */
static void on_roster(void *ud, const struct contact *c)
{
	(void)ud;
	(void)c;
	events_roster++;
}

/* Record that a secret was asked for, and cancel. */
static void on_secret(void *ud, const char *prompt, secret_fn done, void *arg)
{
	(void)ud;
	assert_non_null(strstr(prompt, "alice@example.org"));
	events_secret++;
	done(NULL, arg);
}

static const struct core_listener listener = {
    .message_added = on_message, .roster_changed = on_roster, .ask_secret = on_secret};

/* Fresh model with a counting listener. */
static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	events_msg = events_roster = events_secret = 0;
	core_set_listener(&listener, NULL);
	return 0;
}

/* Free the model. */
static int teardown(void **state)
{
	(void)state;
	core_set_listener(NULL, NULL);
	core_free_all();
	settings_free_all();
	return 0;
}

/* Tabs: console first, open/focus/close, unread only when not focused. */
static void test_tabs_and_unread(void **state)
{
	(void)state;
	size_t n;
	conv_list(&n);
	assert_int_equal(n, 1);
	assert_int_equal(conv_focused()->type, CONV_CONSOLE);
	struct conv *a = conv_open("A@Example.org/res");
	assert_string_equal(a->jid, "a@example.org");
	assert_ptr_equal(conv_open("a@example.org"), a);
	struct conv *b = conv_open("b@example.org");
	conv_add(a, MSG_IN, "a", "one", NULL, 0);
	conv_add(a, MSG_IN, "a", "two", NULL, 0);
	conv_add(b, MSG_IN, "b", "three", NULL, 0);
	assert_int_equal(a->unread, 2);
	assert_int_equal(conv_total_unread(), 3);
	assert_int_equal(events_msg, 3);
	assert_true(conv_focus_index(2));
	assert_ptr_equal(conv_focused(), a);
	assert_int_equal(a->unread, 0);
	conv_add(a, MSG_IN, "a", "seen", NULL, 0);
	assert_int_equal(a->unread, 0);
	assert_false(conv_focus_index(9));
	assert_int_equal(conv_index(b), 3);
	conv_close(a);
	assert_ptr_equal(conv_focused(), conv_console());
	assert_int_equal(conv_index(b), 2);
	conv_close(conv_console());
	conv_list(&n);
	assert_int_equal(n, 2);
}

/* The duplicate filter of a long conversation: held ids are found,
 * trimmed ones are not, a stanza-id set later is found (issue 7). */
static void test_seen_filter(void **state)
{
	(void)state;
	const char *err = NULL;
	assert_int_equal(setting_set("scrollback", "300", &err), 0);
	struct conv *a = conv_open("f@example.org");
	char id[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "m%d", i);
		conv_add(a, MSG_IN, "f", id, id, 0);
	}
	assert_int_equal(a->len, 300);
	assert_non_null(a->seen);
	for (int i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "m%d", i);
		struct message *m = conv_find_msg(a, id);
		if (i < 700)
			assert_null(m);
		else
			assert_true(m && strcmp(m->body, id) == 0);
	}
	struct message *m = conv_find_msg(a, "m900");
	m->stanza_id = xstrdup("sid-900");
	conv_note_stanza_id(a, m);
	assert_ptr_equal(conv_find_stanza_id(a, "sid-900"), m);
	assert_null(conv_find_stanza_id(a, "sid-901"));
	for (size_t i = 1; i < a->len; i++)
		assert_true(a->msgs[i]->seq > a->msgs[i - 1]->seq);
}

/* Memory stays bounded by the scrollback setting. */
static void test_scrollback_bound(void **state)
{
	(void)state;
	const char *err = NULL;
	assert_int_equal(setting_set("scrollback", "100", &err), 0);
	struct conv *a = conv_open("a@example.org");
	char body[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(body, sizeof(body), "m%d", i);
		conv_add(a, MSG_IN, "a", body, NULL, 0);
	}
	assert_int_equal(a->len, 100);
	assert_string_equal(a->msgs[0]->body, "m900");
	assert_string_equal(a->msgs[99]->body, "m999");
	for (size_t i = 1; i < a->len; i++)
		assert_true(a->msgs[i]->seq > a->msgs[i - 1]->seq);
}

/* Roster: presence only for known contacts, best resource first. */
static void test_roster_presence(void **state)
{
	(void)state;
	char *groups[] = {"Friends", NULL};
	struct contact *c = roster_upsert("bob@example.org", NULL, groups, SUB_BOTH, false);
	assert_string_equal(contact_label(c), "bob@example.org");
	assert_false(roster_presence("nobody@example.org", "r", SHOW_ONLINE, 0, NULL));
	assert_true(roster_presence("bob@example.org", "a", SHOW_AWAY, 0, "lunch"));
	assert_true(roster_presence("bob@example.org", "b", SHOW_CHAT, 0, NULL));
	assert_int_equal(contact_show(c), SHOW_CHAT);
	assert_true(roster_presence("bob@example.org", "c", SHOW_DND, 10, NULL));
	assert_int_equal(contact_show(c), SHOW_DND);
	roster_all_offline();
	assert_int_equal(contact_show(c), SHOW_OFFLINE);
	roster_remove("BOB@example.org");
	assert_null(roster_find("bob@example.org"));
	assert_true(events_roster >= 5);
}

/* /connect without an account or password explains itself. */
static void test_connect_needs_account(void **state)
{
	(void)state;
	assert_int_equal(core_connect(), -1);
	struct conv *con = conv_console();
	assert_non_null(strstr(con->msgs[con->len - 1]->body, "/set jid"));
	const char *err;
	assert_int_equal(setting_set("jid", "alice@example.org", &err), 0);
	assert_int_equal(core_connect(), 0);
	assert_int_equal(events_secret, 1);
	assert_non_null(strstr(con->msgs[con->len - 1]->body, "no password"));
}

/* password_cmd: first line only; failures in words. */
static void test_password_cmd(void **state)
{
	(void)state;
	const char *err = NULL;
	char *pw = password_from_cmd("printf 's3cret pass\\nsecond\\n'", 5000, &err);
	assert_non_null(pw);
	assert_string_equal(pw, "s3cret pass");
	password_free(pw);
	assert_null(password_from_cmd("exit 3", 5000, &err));
	assert_non_null(strstr(err, "failed"));
	assert_null(password_from_cmd("true", 5000, &err));
	assert_non_null(strstr(err, "no password"));
	assert_null(password_from_cmd("sleep 5", 200, &err));
	assert_non_null(strstr(err, "in time"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tabs_and_unread, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scrollback_bound, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_seen_filter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roster_presence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_connect_needs_account, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_cmd, setup, teardown),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
