/* test_account.c - accounts: natterrc's /account blocks and -a, saving a new
 * account, the questions asked on the input line, and the /register,
 * /password, /unregister and /account commands */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/ui/uipriv.h"
#include "cmd.h"
#include "config.h"
#include "conv.h"
#include "core.h"
#include "fsutil.h"
#include "settings.h"
#include "store.h"

static char dir[64];
static char path[128];

/* The question the fake front end is being asked. */
static struct {
	secret_fn fn;
	void *arg;
	char prompt[256];
	bool hidden;
	int count;
} asked;

/* What the fake backend was asked. */
static struct {
	char server[64], username[64], password[64], connect_pw[64], new_pw[64];
	int registers, connects, changes, removes;
	account_fn done;
	void *arg;
} be;

/* Front end double: remember the question. */
static void fake_ask(void *ud, const char *prompt, bool hidden, secret_fn done, void *arg)
{
	(void)ud;
	if (asked.fn) { /* one at a time, as the real one */
		done(NULL, arg);
		return;
	}
	asked.fn = done;
	asked.arg = arg;
	asked.hidden = hidden;
	asked.count++;
	snprintf(asked.prompt, sizeof(asked.prompt), "%s", prompt);
}

/* Front end double: Esc. */
static void fake_cancel(void *ud)
{
	(void)ud;
	secret_fn fn = asked.fn;
	asked.fn = NULL;
	if (fn)
		fn(NULL, asked.arg);
}

static const struct core_listener listener = {.ask = fake_ask, .ask_cancel = fake_cancel};

/* Backend double: registration. */
static int fake_register(const char *server, const char *username, const char *password,
                         account_fn done, void *arg)
{
	be.registers++;
	snprintf(be.server, sizeof(be.server), "%s", server);
	snprintf(be.username, sizeof(be.username), "%s", username);
	snprintf(be.password, sizeof(be.password), "%s", password);
	be.done = done;
	be.arg = arg;
	return 0;
}

/* Backend double: password change. */
static int fake_change(const char *password, account_fn done, void *arg)
{
	be.changes++;
	snprintf(be.new_pw, sizeof(be.new_pw), "%s", password);
	be.done = done;
	be.arg = arg;
	return 0;
}

/* Backend double: deletion. */
static int fake_remove(account_fn done, void *arg)
{
	be.removes++;
	be.done = done;
	be.arg = arg;
	return 0;
}

/* Backend double: connecting. */
static int fake_connect(const char *password)
{
	be.connects++;
	snprintf(be.connect_pw, sizeof(be.connect_pw), "%s", password);
	return 0;
}

/* Backend double: disconnecting. */
static void fake_disconnect(void)
{
}

static const struct core_backend backend = {
    .connect = fake_connect,
    .disconnect = fake_disconnect,
    .register_account = fake_register,
    .change_password = fake_change,
    .unregister = fake_remove,
};

/* Answer the pending question (NULL: Esc). */
static void answer(const char *text)
{
	assert_non_null(asked.fn);
	secret_fn fn = asked.fn;
	asked.fn = NULL;
	fn(text, asked.arg);
}

/* Fresh model and settings, an empty temporary directory, the doubles. */
static int setup(void **state)
{
	(void)state;
	conv_free_all();
	settings_free_all();
	config_free_all();
	snprintf(dir, sizeof(dir), "/tmp/natter-test-account.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/natterrc", dir);
	setenv("XDG_DATA_HOME", dir, 1);
	memset(&asked, 0, sizeof(asked));
	memset(&be, 0, sizeof(be));
	core_set_listener(&listener, NULL);
	core_set_backend(&backend);
	core_set_conn_state(CONN_OFFLINE, NULL);
	core_set_own_jid(NULL);
	return 0;
}

/* Remove what a test left in the directory. */
static int teardown(void **state)
{
	(void)state;
	store_close();
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	core_set_listener(NULL, NULL);
	core_set_backend(NULL);
	config_free_all();
	return 0;
}

/* Write text to the config file (0600). */
static void write_config(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0600), 0);
}

/* The config file's text. Caller frees. */
static char *read_config(void)
{
	size_t len;
	char *text = read_file(path, 1 << 20, &len);
	assert_non_null(text);
	return text;
}

/* True when a console line contains text (with the given level). */
static bool console_has(const char *text, enum msg_level level)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		if (strstr(c->msgs[i]->body, text) && c->msgs[i]->level == level)
			return true;
	return false;
}

/* Run a line as if typed. */
static int run(const char *line)
{
	struct cmd_source src = {NULL, 0};
	return cmd_run_line(line, &src);
}

static const char two_accounts[] = "/set resource shared\n"
                                   "/account home\n"
                                   "/set jid alice@home.example\n"
                                   "/set port 1\n"
                                   "/account work\n"
                                   "/set jid alice@work.example\n"
                                   "/set password workpw\n"
                                   "/frobnicate\n"
                                   "/set port 2\n";

/* Without -a the first block runs, with the lines before it; the others not. */
static void test_first_block_by_default(void **state)
{
	(void)state;
	write_config(two_accounts);
	assert_int_equal(config_run_file(path, 0), 0); /* /frobnicate never ran */
	config_check_selected();
	assert_string_equal(setting_str("resource"), "shared");
	assert_string_equal(setting_str("jid"), "alice@home.example");
	assert_int_equal(setting_int("port"), 1);
	assert_string_equal(setting_str("password"), "");
	assert_string_equal(config_account_in_use(), "home");
	assert_string_equal(config_accounts()[0], "home");
	assert_string_equal(config_accounts()[1], "work");
	assert_null(config_accounts()[2]);
	assert_string_equal(config_account_jids()[1], "alice@work.example");
	assert_int_equal(conv_console()->len, 0);
}

/* -a NAME runs that block only. */
static void test_selected_block(void **state)
{
	(void)state;
	write_config(two_accounts);
	config_select_account("work");
	assert_int_equal(config_run_file(path, 0), 1); /* /frobnicate is reported */
	config_check_selected();
	assert_string_equal(setting_str("jid"), "alice@work.example");
	assert_string_equal(setting_str("password"), "workpw");
	assert_int_equal(setting_int("port"), 2);
	assert_string_equal(setting_str("resource"), "shared");
	assert_string_equal(config_account_in_use(), "work");
	assert_true(console_has("natterrc:8: unknown command /frobnicate", LEVEL_ERROR));
}

/* -a with a name the file lacks: only the shared lines run, and it is said. */
static void test_unknown_selected(void **state)
{
	(void)state;
	write_config(two_accounts);
	config_select_account("play");
	config_run_file(path, 0);
	config_check_selected();
	assert_string_equal(setting_str("jid"), "");
	assert_string_equal(setting_str("resource"), "shared");
	assert_null(config_account_in_use());
	assert_true(
	    console_has("-a play: natterrc has no such account (it has: home, work)", LEVEL_ERROR));
	write_config("/set jid a@b.example\n");
	config_run_file(path, 0);
	config_check_selected();
	assert_true(console_has("-a play: natterrc has no /account blocks", LEVEL_ERROR));
}

/* A repeated block name is an error and its lines never run. */
static void test_repeated_block(void **state)
{
	(void)state;
	write_config("/account home\n/set port 1\n/account home\n/set port 9\n");
	assert_int_equal(config_run_file(path, 0), 1);
	assert_int_equal(setting_int("port"), 1);
	assert_true(
	    console_has("natterrc:3: /account home: this account name is used", LEVEL_ERROR));
	assert_null(config_accounts()[1]);
}

/* /account typed: the list, and words for the others. */
static void test_account_command(void **state)
{
	(void)state;
	run("/account");
	assert_true(console_has("has no /account blocks; the account is not set", LEVEL_INFO));
	write_config(two_accounts);
	config_run_file(path, 0);
	assert_int_equal(run("/account"), 0);
	assert_true(console_has("home — alice@home.example (in use)", LEVEL_INFO));
	assert_true(console_has("  work — alice@work.example", LEVEL_INFO));
	assert_false(console_has("work — alice@work.example (in use)", LEVEL_INFO));
	assert_int_equal(run("/account work"), 0);
	assert_true(console_has("start it with natter -a work", LEVEL_INFO));
	assert_int_equal(run("/account home"), 0);
	assert_true(console_has("account home is the one in use", LEVEL_INFO));
	assert_int_equal(run("/account nosuch"), -1);
	assert_true(console_has("no account nosuch in", LEVEL_ERROR));
	assert_string_equal(setting_str("jid"), "alice@home.example"); /* nothing ran */
}

/* Values are written so that /set reads them back exactly. */
static void test_quote_round_trip(void **state)
{
	(void)state;
	static const char *const values[] = {
	    "plain",   "two words",   " lead",      "trail ", "\"quoted\"",
	    "'single", "back\\slash", "\"a\\\"b\"", "#hash",  "x\ty",
	};
	char *nl = config_quote("a\nb");
	assert_null(nl);
	char *q = config_quote("plain");
	assert_string_equal(q, "plain");
	free(q);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		q = config_quote(values[i]);
		assert_non_null(q);
		char line[256];
		snprintf(line, sizeof(line), "/set password %s\n", q);
		free(q);
		write_config(line);
		config_run_file(path, 0);
		assert_string_equal(setting_str("password"), values[i]);
	}
}

/* A new account is appended as a block, the rest of the file kept. */
static void test_add_account(void **state)
{
	(void)state;
	struct stat st;
	write_config("/set time_format %H\n/account newbie\n/set jid x@y.example");
	config_run_file(path, 0);
	setting_set("server", "127.0.0.1", NULL);
	setting_set("port", "5222", NULL);
	const char *err = NULL;
	char *name = config_add_account("newbie@example.org", NULL, &err);
	assert_string_equal(name, "newbie@example.org"); /* "newbie" is taken */
	free(name);
	name = config_add_account("other@example.org", "p w\"x", &err);
	assert_string_equal(name, "other");
	free(name);
	name = config_add_account("other@example.org", NULL, &err);
	assert_string_equal(name, "other@example.org");
	free(name);
	assert_null(config_add_account("other@example.org", NULL, &err));
	assert_non_null(strstr(err, "already"));
	char *text = read_config();
	assert_non_null(
	    strstr(text, "/set time_format %H\n/account newbie\n/set jid x@y.example\n"));
	assert_non_null(strstr(text, "/account newbie@example.org\n/set jid newbie@example.org\n"
	                             "/set server 127.0.0.1\n/set port 5222\n/connect\n"));
	assert_non_null(strstr(text, "/account other\n/set jid other@example.org\n"));
	assert_non_null(strstr(text, "/set password p w\"x\n/connect\n"));
	free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* the file reads back: the new block gives the account and password */
	settings_free_all();
	config_select_account("other");
	config_run_file(path, 0);
	assert_string_equal(setting_str("jid"), "other@example.org");
	assert_string_equal(setting_str("password"), "p w\"x");
	assert_string_equal(setting_str("server"), "127.0.0.1");
}

/* Saving creates natterrc (and its directory) when there is none. */
static void test_add_account_new_file(void **state)
{
	(void)state;
	char sub[160];
	snprintf(sub, sizeof(sub), "%s/cfg/natter/natterrc", dir);
	config_run_file(sub, 1);
	const char *err = NULL;
	char *name = config_add_account("newbie@example.org", NULL, &err);
	assert_string_equal(name, "newbie");
	free(name);
	struct stat st;
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	snprintf(sub, sizeof(sub), "%s/cfg/natter", dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
}

/* Remember a yes/no answer. */
static void on_yesno(int yes, void *arg)
{
	*(int *)arg = yes;
}

/* Yes/no questions ask again until answered; Esc gives -1. */
static void test_yesno(void **state)
{
	(void)state;
	int got = 99;
	core_ask_yesno("Go on?", on_yesno, &got);
	assert_string_equal(asked.prompt, "Go on? [y/n] ");
	assert_false(asked.hidden);
	answer("maybe");
	assert_int_equal(got, 99);
	assert_true(console_has("please answer y or n", LEVEL_ERROR));
	answer(" YES ");
	assert_int_equal(got, 1);
	core_ask_yesno("Go on?", on_yesno, &got);
	answer("n");
	assert_int_equal(got, 0);
	core_ask_yesno("Go on?", on_yesno, &got);
	answer(NULL);
	assert_int_equal(got, -1);
	assert_null(asked.fn);
}

/* Remember a password answer. */
static void on_password(const char *pw, void *arg)
{
	snprintf(arg, 64, "%s", pw ? pw : "(null)");
}

/* A new password: asked twice, hidden, until both agree. */
static void test_new_password(void **state)
{
	(void)state;
	char got[64] = "";
	core_ask_new_password("me@example.org", on_password, got);
	assert_string_equal(asked.prompt, "New password for me@example.org: ");
	assert_true(asked.hidden);
	answer("");
	assert_true(console_has("that password cannot be used", LEVEL_ERROR));
	answer("one");
	assert_true(asked.hidden);
	answer("two");
	assert_true(console_has("the two passwords differ", LEVEL_ERROR));
	assert_string_equal(asked.prompt, "New password for me@example.org: ");
	answer("same");
	answer("same");
	assert_string_equal(got, "same");
	core_ask_new_password("me@example.org", on_password, got);
	answer("x");
	answer(NULL);
	assert_string_equal(got, "(null)");
}

/* Without a front end nothing can be asked: done(NULL) at once. */
static void test_no_front_end(void **state)
{
	(void)state;
	char got[64] = "";
	core_set_listener(NULL, NULL);
	core_ask_new_password("me@example.org", on_password, got);
	assert_string_equal(got, "(null)");
}

/* /register: password twice, the backend, save (no password), log in. */
static void test_register_flow(void **state)
{
	(void)state;
	config_run_file(path, 1);
	assert_int_equal(run("/register example.org newbie"), 0);
	assert_string_equal(asked.prompt, "New password for newbie@example.org: ");
	answer("pw1");
	answer("pw1");
	assert_int_equal(be.registers, 1);
	assert_string_equal(be.server, "example.org");
	assert_string_equal(be.username, "newbie");
	assert_string_equal(be.password, "pw1");
	be.done(true, be.arg);
	assert_non_null(strstr(asked.prompt, "Save newbie@example.org in "));
	answer("y");
	assert_non_null(strstr(asked.prompt, "Save the password"));
	answer("n");
	char *text = read_config();
	assert_non_null(strstr(text, "/account newbie\n/set jid newbie@example.org\n"));
	assert_null(strstr(text, "pw1"));
	free(text);
	assert_string_equal(asked.prompt, "Log in as newbie@example.org now? [y/n] ");
	answer("y");
	assert_int_equal(be.connects, 1);
	assert_string_equal(be.connect_pw, "pw1");
	assert_string_equal(setting_str("jid"), "newbie@example.org");
}

/* /register saving the password, not logging in; a refusal ends quietly. */
static void test_register_save_password(void **state)
{
	(void)state;
	config_run_file(path, 1);
	run("/register example.org newbie");
	answer("pw 2");
	answer("pw 2");
	be.done(true, be.arg);
	answer("y");
	answer("y");
	char *text = read_config();
	assert_non_null(strstr(text, "/set password pw 2\n"));
	free(text);
	answer("n");
	assert_int_equal(be.connects, 0);
	assert_true(console_has("/connect newbie@example.org logs in later", LEVEL_INFO));
	run("/register example.org second");
	answer("x");
	answer("x");
	be.done(false, be.arg);
	assert_null(asked.fn);
}

/* /register checks its words and the connection first. */
static void test_register_refused(void **state)
{
	(void)state;
	assert_int_equal(run("/register me@example.org newbie"), -1);
	assert_true(console_has("is not a server name", LEVEL_ERROR));
	assert_int_equal(run("/register example.org a@b"), -1);
	assert_true(console_has("a@b is not a user name", LEVEL_ERROR));
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(run("/register example.org newbie"), -1);
	assert_true(console_has("/disconnect first", LEVEL_ERROR));
	assert_int_equal(asked.count, 0);
	run("/register");
	assert_true(console_has("usage: /register SERVER USERNAME", LEVEL_ERROR));
}

/* /unregister needs the JID typed again. */
static void test_unregister_confirmation(void **state)
{
	(void)state;
	assert_int_equal(run("/unregister"), -1);
	assert_true(console_has("not connected", LEVEL_ERROR));
	core_set_conn_state(CONN_ONLINE, NULL);
	core_set_own_jid("alice@example.org/natter");
	assert_int_equal(run("/unregister"), 0);
	assert_string_equal(asked.prompt, "Type alice@example.org to delete it (Esc cancels): ");
	assert_false(asked.hidden);
	answer("bob@example.org");
	assert_int_equal(be.removes, 0);
	assert_true(console_has("account not deleted: what you typed is not alice@example.org",
	                        LEVEL_ERROR));
	run("/unregister");
	answer(NULL);
	assert_int_equal(be.removes, 0);
	run("/unregister");
	answer("  Alice@Example.ORG ");
	assert_int_equal(be.removes, 1);
	be.done(true, be.arg);
}

/* /password: the new one goes to the server and into the setting. */
static void test_password_command(void **state)
{
	(void)state;
	core_set_conn_state(CONN_ONLINE, NULL);
	core_set_own_jid("alice@example.org/natter");
	setting_set("password", "old", NULL);
	assert_int_equal(run("/password"), 0);
	answer("new");
	answer("new");
	assert_int_equal(be.changes, 1);
	assert_string_equal(be.new_pw, "new");
	assert_string_equal(setting_str("password"), "old"); /* not before the server agrees */
	be.done(true, be.arg);
	assert_string_equal(setting_str("password"), "new");
	run("/password");
	answer("newer");
	answer("newer");
	be.done(false, be.arg);
	assert_string_equal(setting_str("password"), "new");
}

/* Remember the answer of a front end question. */
static void on_answer(const char *text, void *arg)
{
	snprintf(arg, 64, "%s", text ? text : "(null)");
}

/* The input line's question: shown or hidden text, editing, Esc, Enter. */
static void test_ui_question(void **state)
{
	(void)state;
	char got[64] = "";
	secret_begin("Email: ", false, on_answer, got);
	assert_true(secret_active());
	assert_string_equal(secret_prompt(), "Email: ");
	const char keys[] = "ab\x1b[Dcd\x7f";
	for (size_t i = 0; i < sizeof(keys) - 1; i++)
		secret_byte((unsigned char)keys[i], i == sizeof(keys) - 2);
	assert_string_equal(secret_typed(), "abc"); /* the arrow key was skipped */
	secret_byte('\r', true);
	assert_string_equal(got, "abc");
	assert_false(secret_active());
	secret_begin("Password: ", true, on_answer, got);
	secret_byte('x', false);
	assert_true(secret_hidden());
	assert_string_equal(secret_typed(), "");
	secret_byte(0x1b, false); /* the start of a sequence: not a cancel */
	assert_true(secret_active());
	secret_byte('[', false);
	secret_byte('B', true);
	secret_byte(0x1b, true); /* Esc alone */
	assert_string_equal(got, "(null)");
	assert_false(secret_active());
	secret_begin("Q: ", false, on_answer, got);
	secret_byte('z', false);
	secret_byte(0x03, true); /* Ctrl-C */
	assert_string_equal(got, "(null)");
	secret_begin("Q: ", false, on_answer, got);
	secret_cancel();
	assert_string_equal(got, "(null)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_first_block_by_default, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_selected_block, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_selected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_repeated_block, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_account_command, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_quote_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_account, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_account_new_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_yesno, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_new_password, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_front_end, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_register_flow, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_register_save_password, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_register_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unregister_confirmation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_command, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ui_question, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	conv_free_all();
	settings_free_all();
	return rc;
}
