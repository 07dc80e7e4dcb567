/* test_core_history.c - core with a real history database: stored before
 * shown, de-duplicated, restored after a restart, and nothing lost when the
 * database cannot be written */
#include <locale.h>
#include <stdio.h>
#include <sys/stat.h>

#include "unit.h"

#include "core.h"
#include "settings.h"
#include "store.h"
#include "test_store.h"

static struct store_fixture *fx;
static int sent;

/* A backend that accepts every message. */
static int fake_send(const char *to, const char *body, const char *id)
{
	(void)to;
	(void)body;
	(void)id;
	sent++;
	return 0;
}

static const struct core_backend backend = {.send_message = fake_send};

/* A temp XDG_DATA_HOME, alice's jid, the history open. */
static int setup(void **state)
{
	setlocale(LC_ALL, "C.UTF-8");
	assert_int_equal(store_fixture_setup(state), 0);
	fx = *state;
	setenv("XDG_DATA_HOME", fx->top, 1);
	const char *err;
	assert_int_equal(setting_set("jid", "alice@example.org", &err), 0);
	core_set_backend(&backend);
	sent = 0;
	core_history_open();
	assert_true(store_ready());
	return 0;
}

/* Close everything and remove the directory. */
static int teardown(void **state)
{
	core_free_all();
	settings_free_all();
	core_set_backend(NULL);
	return store_fixture_teardown(state);
}

/* Forget the model and open the history again, as a restart does. */
static void restart(void)
{
	core_free_all();
	const char *err;
	assert_int_equal(setting_set("jid", "alice@example.org", &err), 0);
	core_history_open();
	assert_true(store_ready());
}

/* An incoming message from bob with an archive id. */
static struct message *from_bob(const char *body, const char *id, const char *sid)
{
	struct msg_in in = {.conv_jid = "bob@example.org",
	                    .dir = MSG_IN,
	                    .from = "Bob",
	                    .body = body,
	                    .id = id,
	                    .stanza_id = sid,
	                    .ts = 1700000000};
	return core_message_in(&in);
}

/* The database is where the map says, private, and holds what is shown. */
static void test_stored_and_private(void **state)
{
	(void)state;
	char *path = xasprintf("%s/natter/alice@example.org/history.db", fx->top);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
	struct message *m = from_bob("hello", "b1", "S1");
	assert_non_null(m);
	assert_true(m->rowid > 0);
	/* the archive copy of the same message is not shown twice */
	assert_null(from_bob("hello", "b1", "S1"));
	/* a sender reusing an id with other text is another message */
	assert_non_null(from_bob("second", "b1", "S2"));
	assert_int_equal(conv_find("bob@example.org")->len, 2);
}

/* After a restart: the tab, its history and its unread count come back. */
static void test_restart_restores(void **state)
{
	(void)state;
	from_bob("one", "b1", "S1");
	from_bob("two", "b2", "S2");
	assert_int_equal(conv_find("bob@example.org")->unread, 2);
	restart();
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_int_equal(cv->len, 2);
	assert_string_equal(cv->msgs[0]->body, "one");
	assert_int_equal(cv->unread, 2);
	assert_int_equal(conv_total_unread(), 2);
	assert_null(from_bob("two", "b2", "S2"));
}

/* A message typed offline survives a restart and goes out on login. */
static void test_outbox_survives_restart(void **state)
{
	(void)state;
	struct conv *cv = conv_open("bob@example.org");
	assert_int_equal(core_send(cv, "typed offline"), 0);
	assert_int_equal(sent, 0);
	restart();
	core_set_conn_state(CONN_ONLINE, NULL);
	core_session_started(false);
	assert_int_equal(sent, 1);
	cv = conv_find("bob@example.org");
	assert_string_equal(cv->msgs[cv->len - 1]->body, "typed offline");
	assert_int_equal(cv->msgs[cv->len - 1]->attempts, 1);
}

/* Disk full: the message is still shown, and the console says why. */
static void test_disk_full_keeps_message(void **state)
{
	(void)state;
	from_bob("fits", "b1", "S1");
	char *sql = xasprintf("PRAGMA max_page_count = %lld",
	                      (long long)store_query_int(store_db(), "PRAGMA page_count"));
	assert_int_equal(sqlite3_exec(store_db(), sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	char big[8192];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	struct message *m = from_bob(big, "b2", "S2");
	assert_non_null(m);
	assert_int_equal(m->rowid, 0);
	assert_int_equal(conv_find("bob@example.org")->len, 2);
	struct conv *con = conv_console();
	bool said = false;
	for (size_t i = 0; i < con->len; i++)
		said |= strstr(con->msgs[i]->body, "disk full") != NULL;
	assert_true(said);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_stored_and_private, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_restart_restores, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_outbox_survives_restart, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disk_full_keeps_message, setup, teardown),
	};
	return cmocka_run_group_tests_name("core_history", tests, NULL, NULL);
}
