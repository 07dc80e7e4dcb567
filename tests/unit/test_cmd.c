/* test_cmd.c - the command parser, lookup, handlers and completion */
#include "unit.h"

#include <stdio.h>

#include "cmd.h"
#include "conv.h"
#include "core.h"
#include "roster.h"
#include "settings.h"
#include "util.h"

/* What the fake backend was asked to do. */
static struct {
	int sends, connects, disconnects, presences;
	char to[256], body[1024];
	enum show show;
} sent;

/* What the fake front end heard. */
static struct {
	int messages, focus_changes;
} heard;

/* Fake backend: record a chat message. */
static int fake_send(const char *to, const char *body, const char *id)
{
	(void)id;
	sent.sends++;
	snprintf(sent.to, sizeof(sent.to), "%s", to);
	snprintf(sent.body, sizeof(sent.body), "%s", body);
	return 0;
}

/* Fake backend: record a connection attempt. */
static int fake_connect(const char *password)
{
	(void)password;
	sent.connects++;
	return 0;
}

/* Fake backend: record a disconnection. */
static void fake_disconnect(void)
{
	sent.disconnects++;
}

/* Fake backend: record a presence broadcast. */
static void fake_presence(enum show show, const char *status)
{
	(void)status;
	sent.presences++;
	sent.show = show;
}

static const struct core_backend fake_backend = {
    .connect = fake_connect,
    .disconnect = fake_disconnect,
    .send_message = fake_send,
    .send_presence = fake_presence,
};

/* Fake listener: count added messages. */
static void on_message(void *ud, struct conv *cv, const struct message *m)
{
	(void)ud;
	(void)cv;
	(void)m;
	heard.messages++;
}

/* Fake listener: count focus changes. */
static void on_focus(void *ud, struct conv *cv)
{
	(void)ud;
	(void)cv;
	heard.focus_changes++;
}

static const struct core_listener fake_listener = {
    .message_added = on_message,
    .focus_changed = on_focus,
};

/* Fresh model, online with the fake backend, before every test. */
static int reset(void **state)
{
	(void)state;
	conv_free_all();
	roster_free_all();
	settings_free_all();
	core_set_listener(&fake_listener, NULL);
	core_set_backend(&fake_backend);
	core_set_conn_state(CONN_ONLINE, NULL);
	memset(&sent, 0, sizeof(sent));
	memset(&heard, 0, sizeof(heard));
	return 0;
}

/* The newest console line. */
static const struct message *console_last(void)
{
	struct conv *c = conv_console();
	assert_true(c->len > 0);
	return c->msgs[c->len - 1];
}

/* The newest console line must be the error text. */
static void assert_error(const char *text)
{
	const struct message *m = console_last();
	assert_int_equal(m->level, LEVEL_ERROR);
	assert_string_equal(m->body, text);
}

/* True when some console line contains text. */
static bool console_has(const char *text)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		if (strstr(c->msgs[i]->body, text))
			return true;
	return false;
}

/* Run an input-line command. */
static int run(const char *line)
{
	return cmd_run_line(line, NULL);
}

/* Lookup by exact name, alias, any case, and unique prefix. */
static void test_lookup_found(void **state)
{
	(void)state;
	const char *err = NULL;
	assert_string_equal(cmd_lookup("msg", &err)->name, "msg");
	assert_string_equal(cmd_lookup("MSG", &err)->name, "msg");
	assert_string_equal(cmd_lookup("exit", &err)->name, "quit");
	assert_string_equal(cmd_lookup("ex", &err)->name, "quit");
	assert_string_equal(cmd_lookup("disconn", &err)->name, "disconnect");
	assert_string_equal(cmd_lookup("disco", &err)->name, "disco");
	assert_string_equal(cmd_lookup("con", &err)->name, "connect");
	assert_string_equal(cmd_lookup("ros", &err)->name, "roster");
	assert_string_equal(cmd_lookup("set", &err)->name, "set");
	assert_string_equal(cmd_lookup("uns", &err)->name, "unset");
}

/* Lookup failures explain themselves. */
static void test_lookup_errors(void **state)
{
	(void)state;
	const char *err = NULL;
	assert_null(cmd_lookup("c", &err));
	assert_string_equal(err, "ambiguous command /c: close, connect, correct");
	assert_null(cmd_lookup("s", &err));
	assert_string_equal(err, "ambiguous command /s: search, set, status");
	assert_null(cmd_lookup("dis", &err));
	assert_string_equal(err, "ambiguous command /dis: disco, disconnect");
	assert_null(cmd_lookup("jion", &err));
	assert_string_equal(err, "unknown command /jion (try /help)");
	assert_null(cmd_lookup("msgs", &err));
	assert_string_equal(err, "unknown command /msgs (try /help)");
	assert_null(cmd_lookup("", &err));
}

/* Unknown commands reach the console, with file:line from a file. */
static void test_run_unknown(void **state)
{
	(void)state;
	assert_int_equal(run("/jion #room"), -1);
	assert_error("unknown command /jion (try /help)");
	struct cmd_source src = {"natterrc", 12};
	assert_int_equal(cmd_run_line("/jion", &src), -1);
	assert_error("natterrc:12: unknown command /jion (try /help)");
	assert_int_equal(run("/c"), -1);
	assert_error("ambiguous command /c: close, connect, correct");
	assert_int_equal(run("/"), -1);
	assert_error("unknown command / (try /help)");
}

/* Too few or too many arguments print the usage. */
static void test_arg_count(void **state)
{
	(void)state;
	assert_int_equal(run("/msg"), -1);
	assert_error("usage: /msg JID [TEXT]");
	assert_int_equal(run("/disconnect now"), -1);
	assert_error("usage: /disconnect");
	assert_int_equal(run("/unset"), -1);
	assert_error("usage: /unset NAME");
	assert_int_equal(run("/tab"), -1);
	assert_error("usage: /tab N|next|prev");
	assert_int_equal(run("/roster remove"), -1);
	assert_error("usage: /roster remove JID");
	assert_int_equal(sent.sends, 0);
}

/* The last argument keeps its spaces; earlier ones are split with quotes. */
static void test_rest_of_line(void **state)
{
	(void)state;
	assert_int_equal(run("/msg bob@example.org hello  world"), 0);
	assert_int_equal(sent.sends, 1);
	assert_string_equal(sent.to, "bob@example.org");
	assert_string_equal(sent.body, "hello  world");
	assert_string_equal(conv_focused()->jid, "bob@example.org");

	assert_int_equal(run("/msg   \"carol@example.org\"   'quoted'  \"text\"  "), 0);
	assert_string_equal(sent.to, "carol@example.org");
	assert_string_equal(sent.body, "'quoted'  \"text\"");

	assert_int_equal(run("/set time_format %H:%M  %S"), 0);
	assert_string_equal(setting_str("time_format"), "%H:%M  %S");
	assert_int_equal(run("/status away gone  fishing"), 0);
	assert_int_equal(core_presence_show(), SHOW_AWAY);
	assert_string_equal(core_presence_status(), "gone  fishing");
	assert_int_equal(sent.presences, 1);
	assert_int_equal(sent.show, SHOW_AWAY);
}

/* An unterminated quote in a split word is an error, not a guess. */
static void test_unterminated_quote(void **state)
{
	(void)state;
	assert_int_equal(run("/msg \"bob@example.org hello"), -1);
	assert_error("unterminated quote in /msg");
	assert_int_equal(sent.sends, 0);
	assert_null(conv_find("bob@example.org"));
}

/* Plain text goes to the focused chat; the console refuses it. */
static void test_plain_text(void **state)
{
	(void)state;
	assert_int_equal(run("hello"), -1);
	assert_error("this is the console: use /msg JID TEXT to start a chat");
	assert_int_equal(sent.sends, 0);

	assert_int_equal(run("/msg bob@example.org"), 0);
	assert_int_equal(sent.sends, 0);
	assert_int_equal(run("hi there "), 0);
	assert_int_equal(sent.sends, 1);
	assert_string_equal(sent.to, "bob@example.org");
	assert_string_equal(sent.body, "hi there ");
	assert_int_equal(run("//me waves"), 0);
	assert_string_equal(sent.body, "/me waves");
	assert_int_equal(run("/"), -1);
	assert_int_equal(sent.sends, 2);
}

/* Empty and blank lines do nothing at all. */
static void test_empty_lines(void **state)
{
	(void)state;
	assert_int_equal(run("/msg bob@example.org"), 0);
	int before = heard.messages;
	assert_int_equal(run(""), 0);
	assert_int_equal(run("   \t"), 0);
	assert_int_equal(sent.sends, 0);
	assert_int_equal(heard.messages, before);
}

/* /msg checks the JID, opens the chat by its bare JID and focuses it. */
static void test_msg(void **state)
{
	(void)state;
	assert_int_equal(run("/msg bob@ hi"), -1);
	assert_error("not a valid JID: bob@");
	assert_int_equal(sent.sends, 0);
	assert_int_equal(run("/msg Bob@Example.org/phone"), 0);
	struct conv *cv = conv_focused();
	assert_int_equal(cv->type, CONV_CHAT);
	assert_string_equal(cv->jid, "bob@example.org");
	assert_true(heard.focus_changes > 0);
	size_t n;
	conv_list(&n);
	assert_int_equal(run("/msg bob@example.org again"), 0);
	size_t n2;
	conv_list(&n2);
	assert_int_equal(n, n2);
}

/* /tab by number, next and prev (going round), and errors. */
static void test_tab(void **state)
{
	(void)state;
	run("/msg a@example.org");
	run("/msg b@example.org");
	assert_int_equal(conv_index(conv_focused()), 3);
	assert_int_equal(run("/tab 1"), 0);
	assert_ptr_equal(conv_focused(), conv_console());
	assert_int_equal(run("/tab prev"), 0);
	assert_int_equal(conv_index(conv_focused()), 3);
	assert_int_equal(run("/tab next"), 0);
	assert_int_equal(conv_index(conv_focused()), 1);
	assert_int_equal(run("/tab next"), 0);
	assert_int_equal(conv_index(conv_focused()), 2);
	assert_int_equal(run("/tab 9"), -1);
	assert_error("no tab 9: there are 3");
	assert_int_equal(run("/tab 0"), -1);
	assert_int_equal(run("/tab foo"), -1);
	assert_error("usage: /tab N|next|prev");
	assert_int_equal(conv_index(conv_focused()), 2);
}

/* /close closes chats, never the console. */
static void test_close(void **state)
{
	(void)state;
	size_t n;
	assert_int_equal(run("/close"), -1);
	assert_error("the console cannot be closed (/quit leaves natter)");
	run("/msg a@example.org");
	run("/msg b@example.org");
	assert_int_equal(run("/close 1"), -1);
	assert_error("the console cannot be closed (/quit leaves natter)");
	assert_int_equal(run("/close 7"), -1);
	assert_error("no tab 7: there are 3");
	assert_int_equal(run("/close 2"), 0);
	assert_null(conv_find("a@example.org"));
	assert_non_null(conv_find("b@example.org"));
	assert_int_equal(run("/close"), 0);
	assert_null(conv_find("b@example.org"));
	conv_list(&n);
	assert_int_equal(n, 1);
}

/* /set shows, changes and refuses; the password is never shown. */
static void test_set(void **state)
{
	(void)state;
	assert_int_equal(run("/set port 5223"), 0);
	assert_int_equal(setting_int("port"), 5223);
	assert_string_equal(console_last()->body, "port = 5223");
	assert_int_equal(run("/set port 99999"), -1);
	assert_error("port must be a number between 0 and 65535");
	assert_int_equal(setting_int("port"), 5223);
	assert_int_equal(run("/set nope 1"), -1);
	assert_error("unknown setting nope (/set lists them)");
	assert_int_equal(run("/set resource"), 0);
	assert_string_equal(console_last()->body, "resource = natter");

	assert_int_equal(run("/set password hunter2  x"), 0);
	assert_string_equal(setting_str("password"), "hunter2  x");
	assert_string_equal(console_last()->body, "password = (set)");
	assert_int_equal(run("/set"), 0);
	assert_true(console_has("password = (set)"));
	assert_true(console_has("ping_interval = 60"));
	assert_true(console_has("server = \"\""));
	assert_int_equal(run("/unset password"), 0);
	assert_string_equal(console_last()->body, "password = (unset)");
	assert_false(console_has("hunter2"));
	assert_int_equal(run("/unset port"), 0);
	assert_int_equal(setting_int("port"), 0);

	/* one quoted word loses its quotes; anything else is kept as typed */
	assert_int_equal(run("/set password_cmd 'pass show xmpp'"), 0);
	assert_string_equal(setting_str("password_cmd"), "pass show xmpp");
	assert_int_equal(run("/set password_cmd \"pass show\""), 0);
	assert_string_equal(setting_str("password_cmd"), "pass show");
	assert_int_equal(run("/set password_cmd pass show 'xmpp account'"), 0);
	assert_string_equal(setting_str("password_cmd"), "pass show 'xmpp account'");
	assert_int_equal(run("/set password_cmd 'a' 'b'"), 0);
	assert_string_equal(setting_str("password_cmd"), "'a' 'b'");
}

/* From natterrc, a successful /set prints nothing. */
static void test_set_quiet_in_file(void **state)
{
	(void)state;
	struct cmd_source src = {"natterrc", 3};
	int before = heard.messages;
	assert_int_equal(cmd_run_line("/set port 1", &src), 0);
	assert_int_equal(setting_int("port"), 1);
	assert_int_equal(heard.messages, before);
	assert_int_equal(cmd_run_line("/set port x", &src), -1);
	assert_error("natterrc:3: port must be a number between 0 and 65535");
}

/* /status takes the five presence words only. */
static void test_status(void **state)
{
	(void)state;
	assert_int_equal(run("/status dnd"), 0);
	assert_int_equal(core_presence_show(), SHOW_DND);
	assert_null(core_presence_status());
	assert_int_equal(run("/status offline"), -1);
	assert_error("unknown presence offline: use online, chat, away, xa or dnd");
	assert_int_equal(run("/status busy now"), -1);
	assert_int_equal(core_presence_show(), SHOW_DND);
}

/* /connect JID checks and stores the JID before connecting. */
static void test_connect(void **state)
{
	(void)state;
	core_set_conn_state(CONN_OFFLINE, NULL);
	assert_int_equal(run("/connect bob@"), -1);
	assert_error("not a valid JID: bob@");
	assert_string_equal(setting_str("jid"), "");
	assert_int_equal(run("/connect alice@example.org hunter2"), -1);
	assert_error("usage: /connect [JID]");
	assert_false(console_has("hunter2"));
	assert_string_equal(setting_str("jid"), "");
	assert_int_equal(sent.connects, 0);
	setting_set("password", "secret", NULL);
	assert_int_equal(run("/connect alice@example.org"), 0);
	assert_string_equal(setting_str("jid"), "alice@example.org");
	assert_int_equal(sent.connects, 1);
	assert_int_equal(run("/disconnect"), -1);
	assert_error("not connected");
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(run("/disconn"), 0);
	assert_int_equal(sent.disconnects, 1);
}

/* /help lists commands, explains one, and explains settings. */
static void test_help(void **state)
{
	(void)state;
	assert_int_equal(run("/help"), 0);
	for (const struct cmd *c = cmd_table; c->name; c++) {
		char line[256];
		snprintf(line, sizeof(line), "/%-11s %s", c->name, c->help);
		assert_true(console_has(line));
	}
	assert_int_equal(run("/help msg"), 0);
	assert_true(console_has("usage: /msg JID [TEXT]"));
	assert_string_equal(console_last()->body, "TEXT is the rest of the line, spaces included.");
	assert_int_equal(run("/help /exit"), 0);
	assert_true(console_has("alias: /exit"));
	assert_false(console_has("ping_timeout (number 1..3600, default 30)"));
	assert_int_equal(run("/help set"), 0);
	assert_true(console_has("ping_timeout (number 1..3600, default 30)"));
	assert_int_equal(run("/help direct_tls"), 0);
	assert_true(console_has("direct_tls (on/off, default off): use direct TLS"));
	assert_string_equal(console_last()->body, "direct_tls = off");
	assert_int_equal(run("/help ros"), 0);
	assert_true(console_has("usage: /roster"));
	assert_int_equal(run("/help nothing"), -1);
	assert_error("no command or setting named nothing (try /help)");
	assert_int_equal(run("/help s"), -1);
	assert_error("ambiguous command /s: search, set, status");
}

/* /roster lists roster contacts sorted by name, strangers left out. */
static void test_roster(void **state)
{
	(void)state;
	assert_int_equal(run("/roster"), 0);
	assert_string_equal(console_last()->body, "the roster is empty");
	roster_upsert("zed@example.org", "Alice", NULL, SUB_BOTH, false);
	roster_upsert("bob@example.org", NULL, NULL, SUB_TO, true);
	roster_presence("zed@example.org", "phone", SHOW_AWAY, 0, "lunch");
	roster_presence("stranger@example.org", "x", SHOW_ONLINE, 0, NULL);
	assert_int_equal(run("/roster"), 0);
	struct conv *c = conv_console();
	assert_string_equal(c->msgs[c->len - 3]->body, "Roster (2 contacts):");
	assert_string_equal(c->msgs[c->len - 2]->body,
	                    "  Alice <zed@example.org>  subscription both  away: lunch");
	assert_string_equal(c->msgs[c->len - 1]->body,
	                    "  bob@example.org  subscription to (request pending)  offline");
	assert_false(console_has("stranger"));
}

/* Candidates must be exactly the expected words, in order. */
static void assert_cands(char **got, const char *const *want)
{
	size_t i = 0;
	assert_non_null(got);
	for (; want[i]; i++) {
		assert_non_null(got[i]);
		assert_string_equal(got[i], want[i]);
	}
	assert_null(got[i]);
	strv_free(got);
}

/* Command names complete after the slash. */
static void test_complete_names(void **state)
{
	(void)state;
	size_t ws = 99;
	assert_cands(cmd_complete("/con", &ws), (const char *[]){"connect", NULL});
	assert_int_equal(ws, 1);
	assert_cands(cmd_complete("/c", &ws),
	             (const char *[]){"close", "connect", "correct", NULL});
	assert_cands(cmd_complete("/e", &ws), (const char *[]){"exit", NULL});
	assert_cands(cmd_complete("/SE", &ws), (const char *[]){"search", "set", NULL});
	char **all = cmd_complete("/", &ws);
	assert_int_equal(strv_len(all), 48);
	strv_free(all);
	assert_null(cmd_complete("/xyz", &ws));
	assert_null(cmd_complete("hello wor", &ws));
	assert_int_equal(ws, 6);
	assert_null(cmd_complete("//me", &ws));
}

/* Arguments complete from the roster, settings, topics and presence words. */
static void test_complete_args(void **state)
{
	(void)state;
	size_t ws = 0;
	roster_upsert("alice@example.org", NULL, NULL, SUB_BOTH, false);
	roster_upsert("albert@example.net", NULL, NULL, SUB_BOTH, false);
	roster_upsert("bob@example.org", NULL, NULL, SUB_BOTH, false);
	conv_open("alfred@example.com");
	assert_cands(cmd_complete("/msg al", &ws),
	             (const char *[]){"albert@example.net", "alfred@example.com",
	                              "alice@example.org", NULL});
	assert_int_equal(ws, 5);
	assert_cands(cmd_complete("/ms  b", &ws), (const char *[]){"bob@example.org", NULL});
	assert_int_equal(ws, 5);
	assert_null(cmd_complete("/msg bob@example.org he", &ws));
	assert_int_equal(ws, 21);
	assert_cands(cmd_complete("/connect ali", &ws),
	             (const char *[]){"alice@example.org", NULL});
	assert_cands(cmd_complete("/set po", &ws), (const char *[]){"port", NULL});
	assert_null(cmd_complete("/set port 5", &ws));
	assert_cands(cmd_complete("/unset ping", &ws),
	             (const char *[]){"ping_interval", "ping_timeout", NULL});
	assert_cands(cmd_complete("/help pa", &ws),
	             (const char *[]){"part", "password", "password_cmd", NULL});
	assert_cands(
	    cmd_complete("/help ro", &ws),
	    (const char *[]){"role", "room_history", "roomconfig", "roster", "roster_width", NULL});
	assert_cands(cmd_complete("/status ", &ws),
	             (const char *[]){"away", "chat", "dnd", "online", "xa", NULL});
	assert_int_equal(ws, 8);
	assert_cands(cmd_complete("/tab n", &ws), (const char *[]){"next", NULL});
	assert_null(cmd_complete("/close ", &ws));
	assert_null(cmd_complete("/nosuch x", &ws));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_lookup_found, reset),
	    cmocka_unit_test_setup(test_lookup_errors, reset),
	    cmocka_unit_test_setup(test_run_unknown, reset),
	    cmocka_unit_test_setup(test_arg_count, reset),
	    cmocka_unit_test_setup(test_rest_of_line, reset),
	    cmocka_unit_test_setup(test_unterminated_quote, reset),
	    cmocka_unit_test_setup(test_plain_text, reset),
	    cmocka_unit_test_setup(test_empty_lines, reset),
	    cmocka_unit_test_setup(test_msg, reset),
	    cmocka_unit_test_setup(test_tab, reset),
	    cmocka_unit_test_setup(test_close, reset),
	    cmocka_unit_test_setup(test_set, reset),
	    cmocka_unit_test_setup(test_set_quiet_in_file, reset),
	    cmocka_unit_test_setup(test_status, reset),
	    cmocka_unit_test_setup(test_connect, reset),
	    cmocka_unit_test_setup(test_help, reset),
	    cmocka_unit_test_setup(test_roster, reset),
	    cmocka_unit_test_setup(test_complete_names, reset),
	    cmocka_unit_test_setup(test_complete_args, reset),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	core_set_listener(NULL, NULL);
	core_set_backend(NULL);
	core_free_all();
	settings_free_all();
	return rc;
}
