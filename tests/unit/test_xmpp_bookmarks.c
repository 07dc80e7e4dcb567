/* test_xmpp_bookmarks.c - bookmarks from the server (XEP-0402 and XEP-0048):
 * hostile storage, notifications only from our own account, /bookmark and
 * /bookmarks, autojoin at login */
#include "unit.h"
#include "xmpp_fixture.h"

#include "autojoin.h"
#include "cmd.h"
#include "conv.h"
#include "room.h"
#include "strbuf.h"

#define PEP_FEATURES                                                                               \
	"<feature var='http://jabber.org/protocol/pubsub#publish'/>"                               \
	"<feature var='http://jabber.org/protocol/pubsub#publish-options'/>"
#define BM "urn:xmpp:bookmarks:1"

/* Fixture, online. */
static int setup(void **state)
{
	fix_setup(state);
	core_set_conn_state(CONN_ONLINE, NULL);
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	xbookmarks_reset();
	autojoin_reset();
	return fix_teardown(state);
}

/* True when the console shows a line containing text. */
static bool console_has(const char *text)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		if (strstr(c->msgs[i]->body, text))
			return true;
	return false;
}

/* Answer the last sent stanza containing needle with type and payload. */
static void answer(const char *needle, const char *type, const char *payload)
{
	char id[32];
	const char *q = fix_sent_matching(needle);
	assert_non_null(q);
	fix_sent_id(q, id, sizeof(id));
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "<iq type='%s' id='%s'>%s</iq>", type, id, payload);
	fix_clear_sent();
	fix_feed(xh_iq, strbuf_str(&sb));
	strbuf_free(&sb);
}

/* Log in: our account's features, then its bookmark storage, answered. */
static void login(const char *features, const char *needle, const char *payload)
{
	fix_clear_sent();
	xbookmarks_session_started(false);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "<query xmlns='http://jabber.org/protocol/disco#info'>%s</query>",
	            features);
	answer("disco#info", "result", strbuf_str(&sb));
	strbuf_free(&sb);
	answer(needle, "result", payload);
}

/* A PEP item of a bookmark. Caller frees. */
static char *pep_item_new(const char *jid, const char *attrs, const char *children)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "<item id='%s'><conference xmlns='" BM "' %s>%s</conference></item>", jid,
	            attrs, children);
	return strbuf_detach(&sb);
}

/* Append a PEP item to sb. */
static void add_item(struct strbuf *sb, const char *jid, const char *attrs, const char *children)
{
	char *item = pep_item_new(jid, attrs, children);
	strbuf_adds(sb, item);
	free(item);
}

/* The bookmark of jid in our list, or NULL. */
static const struct xbookmark *find(const char *jid)
{
	size_t n;
	const struct xbookmark *v = xbookmarks_list(&n);
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(v[i].jid, jid) == 0)
			return &v[i];
	return NULL;
}

/* PEP bookmarks at login: junk dropped, text sanitized and bounded, autojoin queued. */
static void test_pep_login_hostile(void **state)
{
	(void)state;
	size_t n = 99;
	assert_null(xbookmarks_list(&n));
	assert_int_equal(n, 0);
	struct strbuf items = STRBUF_INIT;
	strbuf_adds(&items,
	            "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='" BM "'>");
	add_item(&items, "Tea@Conference.Example.org", "name='Tea' autojoin='true'",
	         "<nick>al\xc2\x9b"
	         "31mice</nick><password>pw</password>");
	add_item(&items, "bad jid@x", "autojoin='1'", "");
	add_item(&items, "room@conf.example/res", "autojoin='1'", "");
	add_item(&items, "noroom.example", "autojoin='1'", "");
	add_item(&items, "ev\xc2\x9bil@conf.example", "autojoin='1'", "");
	strbuf_adds(&items,
	            "<item id='x@conf.example'><conference xmlns='urn:other'/></item><item/>");
	char *huge = malloc(20001);
	memset(huge, 'N', 20000);
	huge[20000] = '\0';
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "name='%s'", huge);
	add_item(&items, "big@conf.example", strbuf_str(&name),
	         "<nick>\xe2\x80\xae"
	         "bidi</nick>");
	strbuf_adds(&items, "</items></pubsub>");
	login(PEP_FEATURES, "<items node=\"" BM "\"", strbuf_str(&items));
	free(huge);
	strbuf_free(&name);
	strbuf_free(&items);

	const struct xbookmark *v = xbookmarks_list(&n);
	assert_non_null(v);
	assert_int_equal(n, 2);
	assert_string_equal(xbookmarks_kind(), "XEP-0402");
	assert_string_equal(v[0].jid, "big@conf.example"); /* sorted */
	assert_true(strlen(v[0].name) <= XS_LINE_MAX);
	assert_string_equal(v[0].nick, "bidi");
	assert_false(v[0].autojoin);
	const struct xbookmark *tea = find("tea@conference.example.org");
	assert_non_null(tea);
	assert_string_equal(tea->nick, "al\xef\xbf\xbd"
	                               "31mice"); /* C1 CSI made harmless */
	assert_string_equal(tea->password, "pw");
	assert_true(tea->autojoin);
	/* the one bookmark with autojoin is joined, with its nick and password */
	const char *join = fix_sent_matching("<presence");
	assert_non_null(join);
	assert_non_null(strstr(join, "tea@conference.example.org/al\xef\xbf\xbd"
	                             "31mice"));
	assert_non_null(strstr(join, "<password>pw</password>"));
	assert_null(fix_sent_matching("big@conf.example"));
}

/* No PEP: private storage (XEP-0048); its junk is dropped too. */
static void test_private_storage_fallback(void **state)
{
	(void)state;
	login("<feature var='urn:xmpp:ping'/>", "storage:bookmarks",
	      "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>"
	      "<conference jid='lounge@conf.example' autojoin='true'><nick>al</nick></conference>"
	      "<conference jid='' autojoin='true'/><conference autojoin='true'/>"
	      "<conference jid='a&#9;b@conf.example' autojoin='true'/>"
	      "<url name='web' url='https://example.org'/>"
	      "</storage></query>");
	size_t n;
	const struct xbookmark *v = xbookmarks_list(&n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].jid, "lounge@conf.example");
	assert_string_equal(xbookmarks_kind(), "XEP-0048");
	assert_non_null(fix_sent_matching("lounge@conf.example/al"));
}

/* A storage with more bookmarks than natter keeps: bounded, and autojoin paced. */
static void test_huge_storage_bounded(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>");
	for (int i = 0; i < XBOOKMARKS_MAX + 500; i++)
		strbuf_addf(&sb, "<conference jid='r%d@conf.example' autojoin='true'/>", i);
	strbuf_adds(&sb, "</storage></query>");
	login("", "storage:bookmarks", strbuf_str(&sb));
	strbuf_free(&sb);
	size_t n;
	assert_non_null(xbookmarks_list(&n));
	assert_int_equal(n, XBOOKMARKS_MAX);
	/* a burst now, the rest on the pacing timer */
	assert_int_equal(fix_nsent, AUTOJOIN_BURST);
	assert_int_equal(autojoin_pending(), XBOOKMARKS_MAX - AUTOJOIN_BURST);
}

/* Notifications change the list only when they come from our own bare JID. */
static void test_notifications_only_from_us(void **state)
{
	(void)state;
	login(PEP_FEATURES, "<items node=\"" BM "\"",
	      "<pubsub xmlns='http://jabber.org/protocol/pubsub'/>");
	size_t n;
	assert_non_null(xbookmarks_list(&n));
	assert_int_equal(n, 0);
	const char *fmt = "<message from='%s' type='headline'><event "
	                  "xmlns='http://jabber.org/protocol/pubsub#event'><items node='" BM
	                  "'>%s</items></event></message>";
	char xml[8192];
	const char *froms[] = {"mallory@example.org", "alice@example.org/other", "example.org",
	                       "alice@example.org.evil"};
	for (size_t i = 0; i < sizeof(froms) / sizeof(*froms); i++) {
		char *item = pep_item_new("trap@conf.example", "autojoin='true'", "");
		snprintf(xml, sizeof(xml), fmt, froms[i], item);
		free(item);
		fix_feed(xh_message, xml);
	}
	xbookmarks_list(&n);
	assert_int_equal(n, 0);
	assert_null(fix_sent_matching("trap@conf.example"));

	char *item = pep_item_new("new@conf.example", "autojoin='true'", "<nick>al</nick>");
	snprintf(xml, sizeof(xml), fmt, "Alice@Example.org", item);
	free(item);
	fix_feed(xh_message, xml);
	assert_non_null(find("new@conf.example"));
	/* XEP-0402: autojoin set by another client joins here too */
	assert_non_null(fix_sent_matching("new@conf.example/al"));
	snprintf(xml, sizeof(xml), fmt, "alice@example.org", "<retract id='new@conf.example'/>");
	fix_feed(xh_message, xml);
	assert_null(find("new@conf.example"));
}

/* /bookmark add publishes one PEP item with our nick and the room's password. */
static void test_add_and_remove_pep(void **state)
{
	(void)state;
	login(PEP_FEATURES, "<items node=\"" BM "\"",
	      "<pubsub xmlns='http://jabber.org/protocol/pubsub'/>");
	struct room *r = room_get("den@conf.example");
	r->nick = strdup("ally");
	r->password = strdup("s3cret");
	r->state = ROOM_JOINED;
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/bookmark add den@conf.example autojoin", NULL), 0);
	const char *pub = fix_sent_matching("<publish node=\"" BM "\"");
	assert_non_null(pub);
	assert_non_null(strstr(pub, "<item id=\"den@conf.example\">"));
	assert_non_null(strstr(pub, "autojoin=\"true\""));
	assert_non_null(strstr(pub, "<nick>ally</nick>"));
	assert_non_null(strstr(pub, "<password>s3cret</password>"));
	assert_non_null(strstr(pub, "pubsub#access_model"));
	assert_null(find("den@conf.example")); /* not before the server agrees */
	answer("<publish", "result", "");
	assert_non_null(find("den@conf.example"));
	assert_true(console_has("bookmarked den@conf.example (joined automatically at login)"));
	assert_int_equal(cmd_run_line("/bookmarks", NULL), 0);
	assert_true(console_has("1 bookmark (XEP-0402):"));
	assert_true(console_has("  den@conf.example as ally, autojoin, with password"));

	assert_int_equal(cmd_run_line("/bookmark remove nothere@conf.example", NULL), -1);
	assert_int_equal(cmd_run_line("/bookmark remove den@conf.example", NULL), 0);
	const char *ret = fix_sent_matching("<retract");
	assert_non_null(ret);
	assert_non_null(strstr(ret, "<item id=\"den@conf.example\"/>"));
	answer(
	    "<retract", "error",
	    "<error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>");
	assert_non_null(find("den@conf.example"));
	assert_true(console_has("could not remove the bookmark of den@conf.example"));
}

/* XEP-0048: a change reads the storage afresh and writes it back whole,
 * keeping what natter does not know (web bookmarks, other rooms). */
static void test_add_private_keeps_the_rest(void **state)
{
	(void)state;
	login("", "storage:bookmarks",
	      "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query>");
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/bookmark add Hall@conf.example/al", NULL), 0);
	answer("storage:bookmarks", "result",
	       "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>"
	       "<url name='web' url='https://example.org'/>"
	       "<conference jid='other@conf.example'/>"
	       "<conference jid='hall@conf.example' autojoin='true'><nick>old</nick></conference>"
	       "</storage></query>");
	const char *set = fix_sent_matching("type=\"set\"");
	assert_non_null(set);
	assert_non_null(strstr(set, "https://example.org"));
	assert_non_null(strstr(set, "other@conf.example"));
	assert_null(strstr(set, "<nick>old</nick>"));
	assert_non_null(
	    strstr(set, "<conference jid=\"hall@conf.example\" autojoin=\"false\"><nick>al"));
	answer("type=\"set\"", "result", "");
	assert_non_null(find("hall@conf.example"));
	assert_non_null(find("other@conf.example"));
}

/* Offline or before the server answered, the commands say why in words. */
static void test_commands_offline(void **state)
{
	(void)state;
	assert_int_equal(cmd_run_line("/bookmarks", NULL), -1);
	assert_true(console_has("the bookmarks have not arrived from the server yet"));
	assert_int_equal(cmd_run_line("/bookmark add", NULL), -1);
	assert_true(console_has("run this in a room's tab"));
	assert_int_equal(cmd_run_line("/bookmark add not a room", NULL), -1);
	assert_int_equal(cmd_run_line("/bookmark frob x@y.z", NULL), -1);
	assert_true(console_has("unknown /bookmark action frob"));
	core_set_conn_state(CONN_OFFLINE, NULL);
	assert_int_equal(cmd_run_line("/bookmark add x@conf.example", NULL), -1);
	assert_true(console_has("not connected"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pep_login_hostile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_private_storage_fallback, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_huge_storage_bounded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_notifications_only_from_us, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_and_remove_pep, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_private_keeps_the_rest, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commands_offline, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
