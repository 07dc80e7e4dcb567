/* test_highlight.c - mentions (nick and highlight_words, whole words, any
 * case, hostile text), tab activity levels, the bell rule and tab titles */
#include "unit.h"

#include <locale.h>

#include "../../src/ui/uitext.h"
#include "core.h"
#include "settings.h"
#include "timer.h"
#include "xmalloc.h"

static int alerts;
static enum activity last_alert;

/* Count the alerts the front end would hear. */
static void on_alert(void *ud, struct conv *cv, enum activity level)
{
	(void)ud;
	(void)cv;
	alerts++;
	last_alert = level;
}

static const struct core_listener listener = {.alert = on_alert};

/* UTF-8 locale (for case folding), a listener, no alerts yet. */
static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	core_set_listener(&listener, NULL);
	alerts = 0;
	return 0;
}

/* Free the model and settings. */
static int teardown(void **state)
{
	(void)state;
	timer_clear();
	core_free_all();
	settings_free_all();
	core_set_listener(NULL, NULL);
	return 0;
}

/* Set a setting, failing the test when refused. */
static void set(const char *name, const char *value)
{
	const char *err = NULL;
	if (setting_set(name, value, &err) != 0)
		fail_msg("%s: %s", name, err);
}

/* Our nick as a whole word, in any case, anywhere. */
static void test_nick(void **state)
{
	(void)state;
	struct room r = {.nick = "Alice"};
	assert_true(core_mentions_me(&r, "alice: hi"));
	assert_true(core_mentions_me(&r, "hi ALICE"));
	assert_true(core_mentions_me(&r, "hey, alice!"));
	assert_true(core_mentions_me(&r, "(alice)"));
	assert_true(core_mentions_me(&r, "alice"));
	assert_false(core_mentions_me(&r, "malice aforethought"));
	assert_false(core_mentions_me(&r, "alices"));
	assert_false(core_mentions_me(&r, "alice_2 said"));
	assert_false(core_mentions_me(&r, "alic"));
	assert_false(core_mentions_me(&r, ""));
	assert_false(core_mentions_me(&r, NULL));
	/* a second occurrence counts when the first is inside a word */
	assert_true(core_mentions_me(&r, "malice, alice"));
}

/* Non-ASCII nicks fold case and respect letters as word characters. */
static void test_unicode(void **state)
{
	(void)state;
	struct room r = {.nick = "Émile"};
	assert_true(core_mentions_me(&r, "salut émile"));
	assert_true(core_mentions_me(&r, "ÉMILE?"));
	assert_false(core_mentions_me(&r, "aémile"));
	assert_false(core_mentions_me(&r, "émileé"));
	struct room cat = {.nick = "\xf0\x9f\x98\xba"}; /* a cat emoji */
	assert_true(core_mentions_me(&cat, "hi \xf0\x9f\x98\xba"));
}

/* Hostile text: invalid UTF-8, truncated sequences, controls, a body made
 * of nothing but near-misses, an empty nick. */
static void test_hostile(void **state)
{
	(void)state;
	struct room r = {.nick = "bob"};
	assert_false(core_mentions_me(&r, "\xff\xfe\xc3"));
	assert_true(core_mentions_me(&r, "\xff"
	                                 "bob\xc3"));
	assert_false(core_mentions_me(&r, "\xe2\x82"));
	assert_true(core_mentions_me(&r, "\x1b[31m bob\x07"));
	assert_false(core_mentions_me(&r, "\x1b[31mbob"));
	char big[20001];
	for (size_t i = 0; i < sizeof(big) - 1; i++)
		big[i] = "bo"[i % 2];
	big[sizeof(big) - 1] = '\0';
	assert_false(core_mentions_me(&r, big));
	struct room empty = {.nick = ""};
	assert_false(core_mentions_me(&empty, "anything"));
	struct room none = {.nick = NULL};
	assert_false(core_mentions_me(&none, "anything"));
	assert_false(core_mentions_me(NULL, "anything"));
}

/* highlight_words: comma-separated, blanks trimmed, whole words. */
static void test_words(void **state)
{
	(void)state;
	struct room r = {.nick = "alice"};
	assert_false(core_mentions_me(&r, "the release is out"));
	set("highlight_words", " release , deploy,,");
	assert_true(core_mentions_me(&r, "the RELEASE is out"));
	assert_true(core_mentions_me(&r, "deploy now"));
	assert_false(core_mentions_me(&r, "releases pending"));
	assert_false(core_mentions_me(&r, "redeploy"));
	assert_true(core_mentions_me(NULL, "deploy"));
	set("highlight_words", ", ,");
	assert_false(core_mentions_me(&r, ", ,"));
}

/* The bell setting: off, highlight, message (also chats and room PMs), all. */
static void test_bell(void **state)
{
	(void)state;
	assert_false(bell_wanted("off", CONV_ROOM, ACT_HIGHLIGHT));
	assert_true(bell_wanted("highlight", CONV_ROOM, ACT_HIGHLIGHT));
	assert_false(bell_wanted("highlight", CONV_PRIVATE, ACT_MESSAGE));
	assert_true(bell_wanted("message", CONV_PRIVATE, ACT_MESSAGE));
	assert_true(bell_wanted("message", CONV_CHAT, ACT_MESSAGE));
	assert_false(bell_wanted("message", CONV_ROOM, ACT_MESSAGE));
	assert_true(bell_wanted("all", CONV_ROOM, ACT_MESSAGE));
	assert_false(bell_wanted("all", CONV_ROOM, ACT_STATUS));
	const char *err = NULL;
	assert_int_equal(setting_set("bell", "loud", &err), -1);
	assert_non_null(err);
	assert_string_equal(setting_str("bell"), "highlight");
}

/* Activity in an unfocused room: status, then message, then highlight,
 * never lowered; alerts only for live messages; focus clears it. */
static void test_activity(void **state)
{
	(void)state;
	struct room *r = room_get("den@conference.example.org");
	xstrset(&r->nick, "alice");
	struct conv *cv = conv_open_type(r->jid, CONV_ROOM);
	conv_focus(conv_console());
	struct message *sys = conv_add(cv, MSG_SYSTEM, NULL, "bob joined", NULL, 1);
	assert_int_equal(core_activity(cv, sys, true), ACT_STATUS);
	assert_int_equal(cv->activity, ACT_STATUS);
	assert_int_equal(alerts, 0);
	struct message *m = conv_add(cv, MSG_IN, "bob", "hello all", NULL, 2);
	assert_int_equal(core_activity(cv, m, true), ACT_MESSAGE);
	assert_int_equal(cv->activity, ACT_MESSAGE);
	assert_int_equal(alerts, 1);
	m = conv_add(cv, MSG_IN, "bob", "alice: look", NULL, 3);
	assert_int_equal(core_activity(cv, m, false), ACT_HIGHLIGHT);
	assert_int_equal(cv->activity, ACT_HIGHLIGHT);
	assert_true(cv->highlight);
	assert_int_equal(alerts, 1); /* from the archive: no bell */
	assert_int_equal(core_activity(cv, sys, true), ACT_STATUS);
	assert_int_equal(cv->activity, ACT_HIGHLIGHT);
	assert_int_equal(tab_activity(cv), ACT_HIGHLIGHT);
	m = conv_add(cv, MSG_OUT, "alice", "alice here", NULL, 4);
	assert_int_equal(core_activity(cv, m, true), ACT_NONE);
	conv_focus(cv);
	core_activity_seen(cv);
	assert_int_equal(cv->activity, ACT_NONE);
	assert_false(cv->highlight);
	/* in the focused tab the level is not raised, but the bell still rings */
	m = conv_add(cv, MSG_IN, "bob", "ALICE!", NULL, 5);
	assert_int_equal(core_activity(cv, m, true), ACT_HIGHLIGHT);
	assert_int_equal(cv->activity, ACT_NONE);
	assert_int_equal(alerts, 2);
	assert_int_equal(last_alert, ACT_HIGHLIGHT);
}

/* Tab titles: a room's local part, a room PM as room/nick. */
static void test_titles(void **state)
{
	(void)state;
	struct conv room = {.type = CONV_ROOM, .jid = "den@conference.example.org"};
	struct conv pm = {.type = CONV_PRIVATE, .jid = "den@conference.example.org/Bob"};
	struct conv chat = {.type = CONV_CHAT, .jid = "bob@example.org", .title = "Bob"};
	char *t = tab_title(&room);
	assert_string_equal(t, "den");
	free(t);
	t = tab_title(&pm);
	assert_string_equal(t, "den/Bob");
	free(t);
	t = tab_title(&chat);
	assert_string_equal(t, "Bob");
	free(t);
	struct conv unread = {.type = CONV_CHAT, .unread = 2};
	assert_int_equal(tab_activity(&unread), ACT_MESSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_nick, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unicode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bell, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_activity, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_titles, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
