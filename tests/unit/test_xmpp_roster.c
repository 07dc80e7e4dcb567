/* test_xmpp_roster.c - roster results and pushes, including hostile ones,
 * and roster versioning with the roster cache (RFC 6121 2.6) */
#include "unit.h"
#include "xmpp_fixture.h"

#include "rostercache.h"
#include "test_store.h"

/* Request the roster and return the id natter used. */
static void request_roster(char *id, size_t n)
{
	xroster_request();
	const char *q = fix_sent_matching("jabber:iq:roster");
	assert_non_null(q);
	fix_sent_id(q, id, n);
}

/* A roster result from our account fills the model. */
static void test_result_applied(void **state)
{
	(void)state;
	char id[32], xml[1024];
	request_roster(id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s'><query xmlns='jabber:iq:roster'>"
	         "<item jid='Bob@Example.org' name='Bob' subscription='both'><group>Friends</group>"
	         "<group>Work</group></item>"
	         "<item jid='carol@example.org' subscription='to' ask='subscribe'/>"
	         "</query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	struct contact *b = roster_find("bob@example.org");
	assert_non_null(b);
	assert_string_equal(b->jid, "bob@example.org");
	assert_string_equal(b->name, "Bob");
	assert_int_equal(b->sub, SUB_BOTH);
	assert_string_equal(b->groups[0], "Friends");
	assert_string_equal(b->groups[1], "Work");
	assert_null(b->groups[2]);
	struct contact *c = roster_find("carol@example.org");
	assert_non_null(c);
	assert_true(c->ask);
	assert_int_equal(c->sub, SUB_TO);
}

/* A stranger answering with our query's id is ignored (libstrophe matches ids only). */
static void test_result_from_stranger_ignored(void **state)
{
	(void)state;
	char id[32], xml[1024];
	request_roster(id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='mallory@evil.example'>"
	         "<query xmlns='jabber:iq:roster'><item jid='evil@evil.example' "
	         "subscription='both'/></query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_null(roster_find("evil@evil.example"));
	/* the real answer still gets through afterwards */
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='alice@example.org'>"
	         "<query xmlns='jabber:iq:roster'><item jid='bob@example.org' "
	         "subscription='both'/></query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_non_null(roster_find("bob@example.org"));
}

/* Pushes from our account apply and are acknowledged. */
static void test_push_applied_and_acked(void **state)
{
	(void)state;
	fix_feed(xh_iq,
	         "<iq type='set' id='p1'><query xmlns='jabber:iq:roster'>"
	         "<item jid='dave@example.org' name='Dave' subscription='none'/></query></iq>");
	assert_non_null(roster_find("dave@example.org"));
	const char *ack = fix_sent_matching("id=\"p1\"");
	assert_non_null(ack);
	assert_non_null(strstr(ack, "type=\"result\""));
	fix_feed(xh_iq, "<iq type='set' id='p2' from='alice@example.org'>"
	                "<query xmlns='jabber:iq:roster'>"
	                "<item jid='dave@example.org' subscription='remove'/></query></iq>");
	assert_null(roster_find("dave@example.org"));
}

/* Pushes from anyone else, even our own full JID, are refused. */
static void test_push_from_others_refused(void **state)
{
	(void)state;
	fix_feed(xh_iq, "<iq type='set' id='x1' from='mallory@evil.example'>"
	                "<query xmlns='jabber:iq:roster'>"
	                "<item jid='evil@evil.example' subscription='both'/></query></iq>");
	fix_feed(xh_iq, "<iq type='set' id='x2' from='alice@example.org/other'>"
	                "<query xmlns='jabber:iq:roster'>"
	                "<item jid='evil2@evil.example' subscription='both'/></query></iq>");
	assert_null(roster_find("evil@evil.example"));
	assert_null(roster_find("evil2@evil.example"));
	const char *err = fix_sent_matching("id=\"x1\"");
	assert_non_null(err);
	assert_non_null(strstr(err, "service-unavailable"));
}

/* Hostile items: bad JIDs skipped, names sanitized, groups bounded. */
static void test_hostile_items(void **state)
{
	(void)state;
	char xml[16384];
	int n = snprintf(xml, sizeof(xml),
	                 "<iq type='set' id='h1'><query xmlns='jabber:iq:roster'>"
	                 "<item subscription='both'/>"
	                 "<item jid='' subscription='both'/>"
	                 "<item jid='has space@example.org'/>"
	                 "<item jid='x@example.org/res'/>"
	                 "<item jid='eve@example.org' name='&#x9b;31mred&#x202e;&#xd;x'>");
	for (int i = 0; i < 100; i++)
		n += snprintf(xml + n, sizeof(xml) - (size_t)n, "<group>g%d</group>", i);
	snprintf(xml + n, sizeof(xml) - (size_t)n, "</item></query></iq>");
	fix_feed(xh_iq, xml);
	size_t count;
	roster_items(&count);
	assert_int_equal(count, 1);
	struct contact *e = roster_find("eve@example.org");
	assert_non_null(e);
	/* XML forbids ESC itself, but allows the 8-bit CSI (U+009B), CR and bidi overrides */
	assert_null(strstr(e->name, "\xc2\x9b"));
	assert_non_null(strstr(e->name, "31mred"));
	assert_null(strstr(e->name, "\xe2\x80\xae"));
	assert_null(strchr(e->name, '\r'));
	assert_int_equal(strv_len(e->groups), 64);
}

/* --- roster versioning and the roster cache --- */

static struct store_fixture *cache_fx;

/* The fixture plus a history database in a temp XDG_DATA_HOME. */
static int cache_setup(void **state)
{
	fix_setup(state);
	assert_int_equal(store_fixture_setup(state), 0);
	cache_fx = *state;
	setenv("XDG_DATA_HOME", cache_fx->top, 1);
	const char *err;
	assert_int_equal(setting_set("jid", "alice@example.org", &err), 0);
	core_history_open();
	assert_true(store_ready());
	return 0;
}

/* Undo cache_setup. */
static int cache_teardown(void **state)
{
	fix_teardown(state);
	return store_fixture_teardown(state);
}

/* natter quits and starts again: the model is gone, the history reopened. */
static void restart(void)
{
	core_free_all();
	conv_console();
	const char *err;
	assert_int_equal(setting_set("jid", "alice@example.org", &err), 0);
	core_history_open();
	assert_true(store_ready());
}

/* Feed xml to the login guard as the server's element during negotiation. */
static void negotiate(const char *xml)
{
	enum xs_phase was = xs.phase;
	xs.phase = XS_CONNECTING;
	char *why = xauth_element(xml, strlen(xml), NULL);
	assert_null(why);
	xs.phase = was;
}

/* The login succeeds and the stream features after it are features. */
static void login_with_features(const char *features)
{
	xauth_reset();
	negotiate("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
	char *xml = xasprintf("<stream:features>%s</stream:features>", features);
	negotiate(xml);
	free(xml);
}

#define ROSTERVER "<ver xmlns='urn:xmpp:features:rosterver'/>"

/* Request the roster; the request's text is copied to out. */
static void request_text(char *id, size_t n, char *out, size_t outn)
{
	fix_clear_sent();
	request_roster(id, n);
	snprintf(out, outn, "%s", fix_sent_matching("jabber:iq:roster"));
}

/* Answer roster request id with a result holding query (NULL: empty). */
static void answer(const char *id, const char *query)
{
	char *xml = xasprintf("<iq type='result' id='%s'>%s</iq>", id, query ? query : "");
	fix_feed(xh_iq, xml);
	free(xml);
}

/* What a cache load saw: "jid(name)" of each row, in order. */
static void cache_collect(const struct store_roster_item *it, void *arg)
{
	strbuf_addf(arg, "%s(%s) ", it->jid, it->name ? it->name : "");
}

/* The roster cache as one line. Caller frees. */
static char *cache_line(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "");
	assert_true(store_roster_load(cache_collect, &sb) >= 0);
	return strbuf_detach(&sb);
}

/* Assert the cache holds want and its version is ver (NULL: none). */
static void assert_cache(const char *want, const char *ver)
{
	char *got = cache_line();
	assert_string_equal(got, want);
	free(got);
	char *v = store_roster_ver();
	if (ver == NULL)
		assert_null(v);
	else
		assert_string_equal(v, ver);
	free(v);
}

static const char two_items[] =
    "<item jid='bob@example.org' name='Bob' subscription='both'><group>Friends</group></item>"
    "<item jid='carol@example.org' name='Carol' subscription='to'/>";

/* The get carries ver only after the server advertised versioning, for
 * this connection only: "" with no cached version, else the cached one. */
static void test_get_ver_only_when_advertised(void **state)
{
	(void)state;
	char id[32], sent[1024];
	request_text(id, sizeof(id), sent, sizeof(sent));
	assert_null(strstr(sent, "ver="));
	login_with_features("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>");
	assert_false(xs.roster_ver);
	request_text(id, sizeof(id), sent, sizeof(sent));
	assert_null(strstr(sent, "ver="));
	login_with_features(ROSTERVER);
	assert_true(xs.roster_ver);
	request_text(id, sizeof(id), sent, sizeof(sent));
	assert_non_null(strstr(sent, "ver=\"\""));
	assert_int_equal(store_roster_replace(NULL, 0, "v7"), 0);
	request_text(id, sizeof(id), sent, sizeof(sent));
	assert_non_null(strstr(sent, "ver=\"v7\""));
	/* a stored version XML cannot carry (an edited file) is not sent */
	assert_int_equal(store_kv_set("roster_ver", "a\x01z"), 0);
	request_text(id, sizeof(id), sent, sizeof(sent));
	assert_non_null(strstr(sent, "ver=\"\""));
	/* a new connection forgets what the last server advertised */
	assert_null(xauth_tls_ready(NULL));
	assert_false(xs.roster_ver);
	request_text(id, sizeof(id), sent, sizeof(sent));
	assert_null(strstr(sent, "ver="));
}

/* A versioned result fills the cache and keeps its version; without
 * versioning the cache is written with no version. */
static void test_result_fills_cache(void **state)
{
	(void)state;
	char id[32], *q;
	request_roster(id, sizeof(id));
	q = xasprintf("<query xmlns='jabber:iq:roster' ver='v1'>%s</query>", two_items);
	answer(id, q);
	free(q);
	assert_cache("bob@example.org(Bob) carol@example.org(Carol) ", NULL);
	xs.roster_ver = true;
	fix_clear_sent();
	request_roster(id, sizeof(id));
	answer(id, "<query xmlns='jabber:iq:roster' ver='v2'>"
	           "<item jid='carol@example.org' subscription='to'/></query>");
	assert_cache("carol@example.org() ", "v2");
	assert_null(roster_find("bob@example.org"));
}

/* At the next start the cached roster shows before any network; an empty
 * result ("unchanged") keeps it, and the cache, as they are. */
static void test_empty_result_keeps_cache(void **state)
{
	(void)state;
	char id[32], sent[1024], *q;
	xs.roster_ver = true;
	request_roster(id, sizeof(id));
	q = xasprintf("<query xmlns='jabber:iq:roster' ver='v1'>%s</query>", two_items);
	answer(id, q);
	free(q);
	restart();
	struct contact *b = roster_find("bob@example.org");
	assert_non_null(b);
	assert_string_equal(b->name, "Bob");
	assert_int_equal(b->sub, SUB_BOTH);
	assert_string_equal(b->groups[0], "Friends");
	assert_int_equal(contact_show(b), SHOW_OFFLINE);
	assert_non_null(roster_find("carol@example.org"));
	request_text(id, sizeof(id), sent, sizeof(sent));
	assert_non_null(strstr(sent, "ver=\"v1\""));
	answer(id, NULL);
	size_t n;
	roster_items(&n);
	assert_int_equal(n, 2);
	assert_non_null(roster_find("bob@example.org"));
	assert_cache("bob@example.org(Bob) carol@example.org(Carol) ", "v1");
}

/* Pushes update the cached item and the version; one that removes deletes
 * the item; one without a version while versioning clears it. */
static void test_push_updates_cache(void **state)
{
	(void)state;
	char id[32], *q;
	xs.roster_ver = true;
	request_roster(id, sizeof(id));
	q = xasprintf("<query xmlns='jabber:iq:roster' ver='v1'>%s</query>", two_items);
	answer(id, q);
	free(q);
	fix_feed(xh_iq, "<iq type='set' id='p1'><query xmlns='jabber:iq:roster' ver='v2'>"
	                "<item jid='Dave@Example.org' name='Dave'/></query></iq>");
	assert_cache("bob@example.org(Bob) carol@example.org(Carol) dave@example.org(Dave) ", "v2");
	fix_feed(xh_iq, "<iq type='set' id='p2'><query xmlns='jabber:iq:roster' ver='v3'>"
	                "<item jid='bob@example.org' name='Robert' subscription='both'/>"
	                "</query></iq>");
	assert_cache("bob@example.org(Robert) carol@example.org(Carol) dave@example.org(Dave) ",
	             "v3");
	fix_feed(xh_iq, "<iq type='set' id='p3'><query xmlns='jabber:iq:roster' ver='v4'>"
	                "<item jid='carol@example.org' subscription='remove'/></query></iq>");
	assert_cache("bob@example.org(Robert) dave@example.org(Dave) ", "v4");
	assert_null(roster_find("carol@example.org"));
	fix_feed(xh_iq, "<iq type='set' id='p4'><query xmlns='jabber:iq:roster'>"
	                "<item jid='dave@example.org' subscription='remove'/></query></iq>");
	assert_cache("bob@example.org(Robert) ", NULL);
	/* a refused push changes nothing */
	fix_feed(xh_iq, "<iq type='set' id='x1' from='mallory@evil.example'>"
	                "<query xmlns='jabber:iq:roster' ver='v9'>"
	                "<item jid='evil@evil.example' subscription='both'/></query></iq>");
	assert_cache("bob@example.org(Robert) ", NULL);
}

/* A 2,000-byte version is not kept (the next login asks with ver=""), but
 * the roster it came with is. */
static void test_hostile_ver_not_stored(void **state)
{
	(void)state;
	char id[32], sent[1024], big[2001];
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	xs.roster_ver = true;
	request_roster(id, sizeof(id));
	char *q = xasprintf("<query xmlns='jabber:iq:roster' ver='%s'>%s</query>", big, two_items);
	answer(id, q);
	free(q);
	assert_cache("bob@example.org(Bob) carol@example.org(Carol) ", NULL);
	fix_feed(xh_iq, "<iq type='set' id='p1'><query xmlns='jabber:iq:roster' ver='ok'>"
	                "<item jid='dave@example.org'/></query></iq>");
	char *push = xasprintf("<iq type='set' id='p2'><query xmlns='jabber:iq:roster' ver='%s'>"
	                       "<item jid='erin@example.org'/></query></iq>",
	                       big);
	fix_feed(xh_iq, push);
	free(push);
	assert_cache("bob@example.org(Bob) carol@example.org(Carol) dave@example.org() "
	             "erin@example.org() ",
	             NULL);
	request_text(id, sizeof(id), sent, sizeof(sent));
	assert_non_null(strstr(sent, "ver=\"\""));
	assert_false(rostercache_ver_ok("\xff\xfe"));
	assert_false(rostercache_ver_ok(big));
	assert_true(rostercache_ver_ok(big + 976)); /* 1,024 bytes */
}

/* Rows the cache should not hold are skipped at load; odd columns are
 * made safe. */
static void test_bad_rows_skipped_on_load(void **state)
{
	(void)state;
	assert_int_equal(
	    sqlite3_exec(store_db(),
	                 "INSERT INTO roster VALUES('bob@example.org', 'Bob', 3, 0, 'Friends');"
	                 "INSERT INTO roster VALUES('has space@example.org', 'X', 3, 0, NULL);"
	                 "INSERT INTO roster VALUES('', 'Empty', 3, 0, NULL);"
	                 "INSERT INTO roster VALUES('x@example.org/res', 'Res', 3, 0, NULL);"
	                 "INSERT INTO roster VALUES(x'00', 'Nul', 3, 0, NULL);"
	                 "INSERT INTO roster(jid) VALUES('carol@example.org');"
	                 "INSERT INTO roster VALUES('dave@example.org', 'a' || char(27) || '[31m',"
	                 " 77, 1, char(27) || 'G');",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	restart();
	size_t n;
	roster_items(&n);
	assert_int_equal(n, 3);
	assert_string_equal(roster_find("bob@example.org")->groups[0], "Friends");
	struct contact *c = roster_find("carol@example.org");
	assert_non_null(c);
	assert_null(c->name);
	assert_null(c->groups[0]);
	assert_int_equal(c->sub, SUB_NONE);
	struct contact *d = roster_find("dave@example.org");
	assert_non_null(d);
	assert_int_equal(d->sub, SUB_NONE);
	assert_true(d->ask);
	assert_null(strchr(d->name, 27));
	assert_null(strchr(d->groups[0], 27));
}

/* The cache cannot be written (disk full): the roster still works and the
 * console says so once. */
static void test_cache_failure_keeps_roster(void **state)
{
	(void)state;
	char id[32];
	char *sql = xasprintf("PRAGMA max_page_count = %lld",
	                      (long long)store_query_int(store_db(), "PRAGMA page_count"));
	assert_int_equal(sqlite3_exec(store_db(), sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<query xmlns='jabber:iq:roster' ver='v1'>");
	for (int i = 0; i < 200; i++)
		strbuf_addf(&sb, "<item jid='c%d@example.org' name='%0200d'/>", i, i);
	strbuf_adds(&sb, "</query>");
	xs.roster_ver = true;
	request_roster(id, sizeof(id));
	answer(id, strbuf_str(&sb));
	strbuf_free(&sb);
	fix_feed(xh_iq, "<iq type='set' id='p1'><query xmlns='jabber:iq:roster' ver='v2'>"
	                "<item jid='dave@example.org' name='Dave'/></query></iq>");
	size_t n;
	roster_items(&n);
	assert_int_equal(n, 201);
	assert_non_null(fix_sent_matching("id=\"p1\""));
	struct conv *con = conv_console();
	int said = 0;
	for (size_t i = 0; i < con->len; i++)
		said += strstr(con->msgs[i]->body, "cannot save the roster") != NULL;
	assert_int_equal(said, 1);
	/* no version may stand for a cache that misses contacts */
	assert_null(store_roster_ver());
	/* once writing works, the next push writes the whole roster */
	assert_int_equal(
	    sqlite3_exec(store_db(), "PRAGMA max_page_count = 1000000", NULL, NULL, NULL),
	    SQLITE_OK);
	fix_feed(xh_iq, "<iq type='set' id='p2'><query xmlns='jabber:iq:roster' ver='v3'>"
	                "<item jid='erin@example.org'/></query></iq>");
	assert_int_equal(store_query_int(store_db(), "SELECT count(*) FROM roster"), 202);
	char *ver = store_roster_ver();
	assert_string_equal(ver, "v3");
	free(ver);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_result_applied, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_result_from_stranger_ignored, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_push_applied_and_acked, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_push_from_others_refused, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_items, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_get_ver_only_when_advertised, cache_setup,
	                                    cache_teardown),
	    cmocka_unit_test_setup_teardown(test_result_fills_cache, cache_setup, cache_teardown),
	    cmocka_unit_test_setup_teardown(test_empty_result_keeps_cache, cache_setup,
	                                    cache_teardown),
	    cmocka_unit_test_setup_teardown(test_push_updates_cache, cache_setup, cache_teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_ver_not_stored, cache_setup,
	                                    cache_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rows_skipped_on_load, cache_setup,
	                                    cache_teardown),
	    cmocka_unit_test_setup_teardown(test_cache_failure_keeps_roster, cache_setup,
	                                    cache_teardown),
	};
	return cmocka_run_group_tests_name("xmpp_roster", tests, NULL, NULL);
}
