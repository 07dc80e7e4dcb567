/* test_core_edits.c - corrections, retractions and reactions in the model,
 * the history database and the conversation view */
#include <locale.h>
#include <stdio.h>

#include "unit.h"

#include "../../src/ui/uitext.h"
#include "core.h"
#include "settings.h"
#include "store.h"
#include "test_store.h"
#include "utf8.h"

#define BOB    "bob@example.org"
#define THUMBS "\xf0\x9f\x91\x8d"
#define HEART  "\xe2\x9d\xa4"

static struct store_fixture *fx;
static int nedits;
static char last_edit[256];

/* A backend that accepts every message. */
static int fake_send(const char *to, const char *body, const char *id)
{
	(void)to;
	(void)body;
	(void)id;
	return 0;
}

/* A backend that records the edits it is asked to send. */
static int fake_edit(const char *to, enum edit_kind kind, const char *target, const char *text,
                     const char *id)
{
	(void)id;
	nedits++;
	snprintf(last_edit, sizeof(last_edit), "%s %d %s %s", to, (int)kind, target,
	         text ? text : "-");
	return 0;
}

static const struct core_backend backend = {.send_message = fake_send, .send_edit = fake_edit};

/* A temp XDG_DATA_HOME, alice's jid, the history open, online. */
static int setup(void **state)
{
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "UTC", 1);
	assert_int_equal(store_fixture_setup(state), 0);
	fx = *state;
	setenv("XDG_DATA_HOME", fx->top, 1);
	const char *err;
	assert_int_equal(setting_set("jid", "alice@example.org", &err), 0);
	core_set_backend(&backend);
	core_history_open();
	assert_true(store_ready());
	core_set_conn_state(CONN_ONLINE, NULL);
	nedits = 0;
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

/* A message from bob (id b1) and one of ours (id o1) in bob's chat. */
static struct conv *chat(void)
{
	struct msg_in in = {.conv_jid = BOB,
	                    .dir = MSG_IN,
	                    .from = "bob",
	                    .body = "secret plans",
	                    .id = "b1",
	                    .stanza_id = "s1"};
	assert_non_null(core_message_in(&in));
	struct msg_in out = {
	    .conv_jid = BOB, .dir = MSG_OUT, .from = "alice", .body = "helo", .id = "o1"};
	assert_non_null(core_message_in(&out));
	struct conv *cv = conv_find(BOB);
	assert_non_null(cv);
	return cv;
}

/* The laid-out text of m. Caller frees. */
static char *shown(const struct message *m)
{
	struct styled st;
	memset(&st, 0, sizeof(st));
	msgfmt_build(&st, m);
	char *s = xstrdup(strbuf_str(&st.text));
	styled_free(&st);
	return s;
}

/* /correct sends a correction of our last message and shows it edited;
 * the history keeps both texts. */
static void test_correct_stored(void **state)
{
	(void)state;
	struct conv *cv = chat();
	assert_int_equal(core_correct(cv, "hello"), 0);
	assert_string_equal(last_edit, BOB " 0 o1 hello");
	struct message *m = cv->msgs[1];
	assert_string_equal(m->body, "hello");
	assert_true(m->edited);
	char *s = shown(m);
	assert_non_null(strstr(s, "hello (edited)"));
	free(s);
	char *body = store_query_text(store_db(), "SELECT body FROM messages WHERE id = 'o1'");
	char *orig = store_query_text(store_db(), "SELECT original FROM messages WHERE id = 'o1'");
	assert_string_equal(body, "hello");
	assert_string_equal(orig, "helo");
	free(body);
	free(orig);
	assert_int_equal(store_query_int(store_db(), "SELECT edit FROM messages WHERE id = 'o1'"),
	                 STORE_EDIT_CORRECTED);
}

/* A retraction empties the message on screen, in the history and in the
 * full-text index. */
static void test_retract_forgets_text(void **state)
{
	(void)state;
	struct conv *cv = chat();
	struct store_hit *hits = NULL;
	size_t n = store_search(NULL, "plans", 10, &hits);
	store_hits_free(hits, n);
	assert_int_equal(n, 1);
	core_message_retract(cv, cv->msgs[0]);
	char *s = shown(cv->msgs[0]);
	assert_non_null(strstr(s, "[message retracted]"));
	assert_null(strstr(s, "plans"));
	free(s);
	n = store_search(NULL, "plans", 10, &hits);
	store_hits_free(hits, n);
	assert_int_equal(n, 0);
	assert_int_equal(store_query_int(store_db(),
	                                 "SELECT count(*) FROM messages WHERE "
	                                 "body LIKE '%plans%' OR original LIKE '%plans%'"),
	                 0);
	/* our own: /retract */
	assert_int_equal(core_retract(cv), 0);
	assert_string_equal(last_edit, BOB " 1 o1 -");
	assert_true(cv->msgs[1]->retracted);
	assert_int_equal(core_retract(cv), -1); /* nothing left to retract */
}

/* After a restart the history brings corrections and retractions back as
 * they were: edited text marked, retracted messages shown as retracted. */
static void test_edits_survive_restart(void **state)
{
	(void)state;
	struct conv *cv = chat();
	assert_int_equal(core_correct(cv, "hello"), 0);
	core_message_retract(cv, cv->msgs[0]);
	core_free_all();
	core_history_open();
	struct store_msg **page = NULL;
	size_t n = store_page(BOB, 0, 10, &page);
	assert_int_equal(n, 2);
	assert_int_equal(page[0]->edit, STORE_EDIT_RETRACTED);
	assert_int_equal(page[1]->edit, STORE_EDIT_CORRECTED);
	store_msgs_free(page, n);

	cv = conv_find(BOB);
	assert_non_null(cv);
	assert_int_equal(cv->len, 2);
	assert_true(cv->msgs[0]->retracted);
	assert_true(cv->msgs[1]->edited);
	char *s = shown(cv->msgs[1]);
	assert_non_null(strstr(s, "hello (edited)"));
	free(s);
	s = shown(cv->msgs[0]);
	assert_non_null(strstr(s, "[message retracted]"));
	free(s);
}

/* /react toggles our reaction; the view counts reactions per emoji. */
static void test_react(void **state)
{
	(void)state;
	struct conv *cv = chat();
	assert_int_equal(core_react(cv, THUMBS), 0);
	assert_string_equal(last_edit, BOB " 2 b1 " THUMBS);
	const char *theirs[] = {THUMBS, HEART};
	core_message_react(cv, cv->msgs[0], "jid:carol", theirs, 2);
	char *s = shown(cv->msgs[0]);
	assert_non_null(strstr(s, THUMBS " 2  " HEART " 1"));
	free(s);
	assert_int_equal(core_react(cv, HEART), 0);
	assert_string_equal(last_edit, BOB " 2 b1 " THUMBS "\n" HEART);
	assert_int_equal(core_react(cv, THUMBS), 0);
	assert_string_equal(last_edit, BOB " 2 b1 " HEART);
	assert_int_equal(cv->msgs[0]->nreactions, 3);
	assert_int_equal(core_react(cv, "nope"), -1);
}

/* Many senders with many emoji stay within the bounds. */
static void test_react_bounds(void **state)
{
	(void)state;
	struct conv *cv = chat();
	for (int i = 0; i < 1000; i++) {
		char who[32], e[8];
		snprintf(who, sizeof(who), "nick:%d", i);
		int len = utf8_encode(0x1F300 + (uint32_t)i, e);
		e[len] = '\0';
		const char *v[] = {e, THUMBS};
		core_message_react(cv, cv->msgs[0], who, v, 2);
	}
	struct message *m = cv->msgs[0];
	assert_true(m->nreactions <= EDITS_MAX_REACTIONS);
	size_t distinct = 0;
	for (size_t i = 0; i < m->nreactions; i++) {
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen = seen || strcmp(m->reactions[k].emoji, m->reactions[i].emoji) == 0;
		distinct += !seen;
	}
	assert_true(distinct <= EDITS_MAX_DISTINCT);
}

/* Without a connection nothing is changed. */
static void test_offline(void **state)
{
	(void)state;
	struct conv *cv = chat();
	core_set_conn_state(CONN_OFFLINE, NULL);
	assert_int_equal(core_correct(cv, "x"), -1);
	assert_int_equal(core_retract(cv), -1);
	assert_int_equal(core_react(cv, THUMBS), -1);
	assert_int_equal(nedits, 0);
	assert_string_equal(cv->msgs[1]->body, "helo");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_correct_stored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retract_forgets_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_edits_survive_restart, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_react, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_react_bounds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_offline, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
