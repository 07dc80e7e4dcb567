/* test_xmpp_disco.c - service discovery and entity capabilities: hashes,
 * our answers, contacts' caps (verified, cached on disk), /disco */
#include "unit.h"
#include "xmpp_fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "conv.h"
#include "roster.h"

#define INFO_NS "http://jabber.org/protocol/disco#info"

/* How long /info and /disco wait (src/cmd/cmd_info.c). */
extern unsigned cmd_info_timeout_ms;

static char cache_dir[64];

/* Fixture, plus a private XDG_CACHE_HOME and a roster with bob (both) and
 * dave (none). */
static int setup(void **state)
{
	fix_setup(state);
	snprintf(cache_dir, sizeof(cache_dir), "/tmp/natter-caps-XXXXXX");
	assert_non_null(mkdtemp(cache_dir));
	setenv("XDG_CACHE_HOME", cache_dir, 1);
	roster_upsert("bob@example.org", "Bob", NULL, SUB_BOTH, false);
	roster_upsert("dave@example.org", NULL, NULL, SUB_NONE, false);
	core_set_conn_state(CONN_ONLINE, NULL);
	return 0;
}

/* Undo setup, removing the cache directory. */
static int teardown(void **state)
{
	char path[128];
	xcaps_reset();
	fix_teardown(state);
	snprintf(path, sizeof(path), "%s/natter/caps.db", cache_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/natter", cache_dir);
	rmdir(path);
	rmdir(cache_dir);
	return 0;
}

/* The hash of a <query/> written as XML text. */
static char *hash_of(const char *xml, const char *algo)
{
	xmpp_stanza_t *q = xmpp_stanza_new_from_string(fix_ctx, xml);
	assert_non_null(q);
	char *h = xcaps_hash(q, algo);
	xmpp_stanza_release(q);
	return h;
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

/* True when no console line has a control character (C0, DEL or C1) or a
 * bidi override: what a terminal would act on. */
static bool console_clean(void)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++) {
		const unsigned char *b = (const unsigned char *)c->msgs[i]->body;
		for (const unsigned char *p = b; *p; p++)
			if (*p < 0x20 || *p == 0x7f ||
			    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
				return false;
		if (strstr((const char *)b, "\xe2\x80\xae"))
			return false;
	}
	return true;
}

static const char simple_query[] = "<query xmlns='" INFO_NS "'>"
                                   "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
                                   "<feature var='http://jabber.org/protocol/caps'/>"
                                   "<feature var='http://jabber.org/protocol/disco#info'/>"
                                   "<feature var='http://jabber.org/protocol/disco#items'/>"
                                   "<feature var='http://jabber.org/protocol/muc'/></query>";

/* The XEP-0115 examples hash to the values the XEP gives. */
static void test_hash_vectors(void **state)
{
	(void)state;
	char *h = hash_of(simple_query, "sha-1");
	assert_string_equal(h, "QgayPKawpkPSDYmwT/WM94uAlu0=");
	free(h);
	/* the complex example: two languages, an extended form, shuffled order */
	h = hash_of("<query xmlns='" INFO_NS "'>"
	            "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
	            "<identity xml:lang='el' category='client' name='\xce\xa8 0.11' type='pc'/>"
	            "<feature var='http://jabber.org/protocol/disco#items'/>"
	            "<feature var='http://jabber.org/protocol/caps'/>"
	            "<feature var='http://jabber.org/protocol/muc'/>"
	            "<feature var='http://jabber.org/protocol/disco#info'/>"
	            "<x xmlns='jabber:x:data' type='result'>"
	            "<field var='FORM_TYPE' type='hidden'>"
	            "<value>urn:xmpp:dataforms:softwareinfo</value></field>"
	            "<field var='ip_version'><value>ipv6</value><value>ipv4</value></field>"
	            "<field var='os'><value>Mac</value></field>"
	            "<field var='os_version'><value>10.5.1</value></field>"
	            "<field var='software'><value>Psi</value></field>"
	            "<field var='software_version'><value>0.11</value></field>"
	            "</x></query>",
	            "sha-1");
	assert_string_equal(h, "q07IKJEyjvHSyhy//CH0CxmKi8w=");
	free(h);
	h = hash_of(simple_query, "sha-256");
	assert_string_equal(h, "Wr6IGEKhx6b9627gBmi/cCmpxXBc/GYq5zWuYfWGWoc=");
	free(h);
}

/* Sorting is field by field ("en" before "en-US", "a" before "a1"), not by
 * the joined string. Expected value computed independently. */
static void test_hash_sort_order(void **state)
{
	(void)state;
	char *h = hash_of("<query xmlns='" INFO_NS "'>"
	                  "<identity category='a1' type='t' name='x'/>"
	                  "<identity category='a' type='t' xml:lang='en-US' name='N'/>"
	                  "<identity category='a' type='t' xml:lang='en' name='N'/>"
	                  "<feature var='f'/>"
	                  "<x xmlns='jabber:x:data' type='result'>"
	                  "<field var='a1'><value>2</value></field>"
	                  "<field var='FORM_TYPE' type='hidden'><value>urn:x</value></field>"
	                  "<field var='a'><value>1</value></field></x></query>",
	                  "sha-1");
	assert_string_equal(h, "SOhgQVZ6hkE9wh3ge6KlNR5mpwk=");
	free(h);
}

/* Malformed answers (the XEP's poisoning defences) and unknown hashes give none. */
static void test_hash_rejects_malformed(void **state)
{
	(void)state;
	assert_null(hash_of("<query xmlns='" INFO_NS "'><identity category='c' type='t'/>"
	                    "<identity category='c' type='t'/></query>",
	                    "sha-1"));
	assert_null(hash_of("<query xmlns='" INFO_NS "'><feature var='a'/><feature var='a'/>"
	                    "</query>",
	                    "sha-1"));
	assert_null(hash_of("<query xmlns='" INFO_NS "'>"
	                    "<x xmlns='jabber:x:data'><field var='FORM_TYPE' type='hidden'>"
	                    "<value>urn:x</value></field></x>"
	                    "<x xmlns='jabber:x:data'><field var='FORM_TYPE' type='hidden'>"
	                    "<value>urn:x</value></field></x></query>",
	                    "sha-1"));
	assert_null(hash_of("<query xmlns='" INFO_NS "'>"
	                    "<x xmlns='jabber:x:data'><field var='FORM_TYPE' type='hidden'>"
	                    "<value>urn:x</value><value>urn:y</value></field></x></query>",
	                    "sha-1"));
	assert_null(hash_of(simple_query, "md5"));
	assert_null(hash_of(simple_query, NULL));
	/* a form whose FORM_TYPE is not hidden is ignored, not fatal */
	char *a = hash_of(simple_query, "sha-1");
	char *b = hash_of("<query xmlns='" INFO_NS "'>"
	                  "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
	                  "<feature var='http://jabber.org/protocol/caps'/>"
	                  "<feature var='http://jabber.org/protocol/disco#info'/>"
	                  "<feature var='http://jabber.org/protocol/disco#items'/>"
	                  "<feature var='http://jabber.org/protocol/muc'/>"
	                  "<x xmlns='jabber:x:data'><field var='FORM_TYPE'><value>urn:x</value>"
	                  "</field></x></query>",
	                  "sha-1");
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* Our presence carries <c/> whose ver is the hash of what we answer when
 * asked at that node; an unknown node is not found. */
static void test_own_caps_match_answer(void **state)
{
	(void)state;
	xpresence_send(SHOW_AWAY, NULL);
	const char *pres = fix_sent_matching("<presence");
	assert_non_null(pres);
	const char *v = strstr(pres, "ver=\"");
	assert_non_null(v);
	char ver[64] = "";
	sscanf(v + 5, "%63[^\"]", ver);
	assert_non_null(strstr(pres, "node=\"" XCAPS_NODE "\""));
	assert_non_null(strstr(pres, "hash=\"sha-1\""));
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<iq type='get' id='d1' from='bob@example.org/phone'>"
	         "<query xmlns='" INFO_NS "' node='" XCAPS_NODE "#%s'/></iq>",
	         ver);
	fix_feed(xh_iq, xml);
	const char *res = fix_sent_matching("id=\"d1\"");
	assert_non_null(res);
	assert_non_null(strstr(res, "type=\"result\""));
	assert_non_null(strstr(res, "urn:xmpp:ping"));
	assert_non_null(strstr(res, "category=\"client\""));
	xmpp_stanza_t *iq = xmpp_stanza_new_from_string(fix_ctx, res);
	char *h = xcaps_hash(xmpp_stanza_get_child_by_name(iq, "query"), "sha-1");
	assert_string_equal(h, ver);
	free(h);
	xmpp_stanza_release(iq);
	fix_feed(xh_iq, "<iq type='get' id='d2' from='bob@example.org/phone'>"
	                "<query xmlns='" INFO_NS "' node='" XCAPS_NODE "#forged'/></iq>");
	assert_non_null(strstr(fix_sent_matching("id=\"d2\""), "item-not-found"));
	fix_feed(xh_iq, "<iq type='get' id='d3' from='x@y.example/z'>"
	                "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
	assert_non_null(strstr(fix_sent_matching("id=\"d3\""), "type=\"result\""));
}

/* Our announced features follow the reply settings. */
static void test_own_features_follow_settings(void **state)
{
	(void)state;
	char *before = xcaps_own_ver();
	fix_feed(xh_iq, "<iq type='get' id='f1' from='bob@example.org/phone'>"
	                "<query xmlns='" INFO_NS "'/></iq>");
	assert_non_null(strstr(fix_sent_matching("id=\"f1\""), "jabber:iq:version"));
	assert_int_equal(setting_set("version_reply", "none", NULL), 0);
	fix_feed(xh_iq, "<iq type='get' id='f2' from='bob@example.org/phone'>"
	                "<query xmlns='" INFO_NS "'/></iq>");
	assert_null(strstr(fix_sent_matching("id=\"f2\""), "jabber:iq:version"));
	assert_non_null(strstr(fix_sent_matching("id=\"f2\""), "jabber:iq:last"));
	char *after = xcaps_own_ver();
	assert_string_not_equal(before, after);
	free(before);
	free(after);
}

/* Presence with caps from a contact; returns the id of the caps query, or
 * "" when none was sent. */
static void caps_presence(const char *from, const char *ver, char *id, size_t n)
{
	char xml[512];
	fix_clear_sent();
	snprintf(xml, sizeof(xml),
	         "<presence from='%s'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
	         "node='http://exodus.example/caps' ver='%s'/></presence>",
	         from, ver);
	fix_feed(xh_presence, xml);
	const char *q = fix_sent_matching("disco#info");
	id[0] = '\0';
	if (q)
		fix_sent_id(q, id, n);
}

/* The disco#info answer for the simple example, from 'from' with id. */
static void answer_simple(const char *from, const char *id, const char *name)
{
	char xml[1024];
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='%s'><query xmlns='" INFO_NS
	         "' node='http://exodus.example/caps#QgayPKawpkPSDYmwT/WM94uAlu0='>"
	         "<identity category='client' name='%s' type='pc'/>"
	         "<feature var='http://jabber.org/protocol/caps'/>"
	         "<feature var='http://jabber.org/protocol/disco#info'/>"
	         "<feature var='http://jabber.org/protocol/disco#items'/>"
	         "<feature var='http://jabber.org/protocol/muc'/></query></iq>",
	         id, from, name);
	fix_feed(xh_iq, xml);
}

/* A contact's new ver is asked once, at its node, verified, cached on disk
 * (0600) and found again after a restart without asking. */
static void test_contact_caps_learned_and_cached(void **state)
{
	(void)state;
	char id[32], path[128];
	caps_presence("bob@example.org/phone", "QgayPKawpkPSDYmwT/WM94uAlu0=", id, sizeof(id));
	assert_string_not_equal(id, "");
	assert_non_null(strstr(fix_sent[0], "to=\"bob@example.org/phone\""));
	assert_non_null(strstr(fix_sent[0],
	                       "node=\"http://exodus.example/caps#QgayPKawpkPSDYmwT/WM94uAlu0=\""));
	/* a second resource with the same ver while asking: no second query */
	char id2[32];
	caps_presence("bob@example.org/laptop", "QgayPKawpkPSDYmwT/WM94uAlu0=", id2, sizeof(id2));
	assert_string_equal(id2, "");
	assert_null(xcaps_client("bob@example.org/phone"));
	answer_simple("bob@example.org/phone", id, "Exodus 0.9.1");
	char *client = xcaps_client("bob@example.org/phone");
	assert_string_equal(client, "Exodus 0.9.1 (pc)");
	free(client);
	assert_true(xcaps_has("bob@example.org/laptop", "http://jabber.org/protocol/muc"));
	snprintf(path, sizeof(path), "%s/natter/caps.db", cache_dir);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a restart: memory is empty, the disk cache answers, nothing is asked */
	xcaps_reset();
	caps_presence("bob@example.org/phone", "QgayPKawpkPSDYmwT/WM94uAlu0=", id, sizeof(id));
	assert_string_equal(id, "");
	client = xcaps_client("bob@example.org/phone");
	assert_string_equal(client, "Exodus 0.9.1 (pc)");
	free(client);
	/* going offline forgets the resource's caps */
	fix_feed(xh_presence, "<presence type='unavailable' from='bob@example.org/phone'/>");
	assert_null(xcaps_client("bob@example.org/phone"));
}

/* An answer that does not hash to the announced ver is refused and that ver
 * is not asked again; a forged answer from someone else is ignored. */
static void test_contact_caps_bad_hash_and_forgery(void **state)
{
	(void)state;
	char id[32];
	caps_presence("bob@example.org/phone", "QgayPKawpkPSDYmwT/WM94uAlu0=", id, sizeof(id));
	/* mallory answers first with bob's query id: ignored by the IQ layer */
	answer_simple("mallory@evil.example/x", id, "Evil");
	assert_null(xcaps_client("bob@example.org/phone"));
	/* bob answers with something else than the ver promised */
	answer_simple("bob@example.org/phone", id, "Exodus 0.9.2");
	assert_null(xcaps_client("bob@example.org/phone"));
	caps_presence("bob@example.org/phone", "QgayPKawpkPSDYmwT/WM94uAlu0=", id, sizeof(id));
	assert_string_equal(id, "");
	char path[128];
	snprintf(path, sizeof(path), "%s/natter/caps.db", cache_dir);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* Strangers and contacts without a subscription are never asked; legacy
 * caps and unknown hashes are ignored. */
static void test_no_caps_query_to_strangers(void **state)
{
	(void)state;
	char id[32];
	caps_presence("mallory@evil.example/x", "QgayPKawpkPSDYmwT/WM94uAlu0=", id, sizeof(id));
	assert_string_equal(id, "");
	caps_presence("dave@example.org/x", "QgayPKawpkPSDYmwT/WM94uAlu0=", id, sizeof(id));
	assert_string_equal(id, "");
	fix_clear_sent();
	fix_feed(xh_presence,
	         "<presence from='bob@example.org/old'><c "
	         "xmlns='http://jabber.org/protocol/caps' node='n' ver='1.0'/></presence>");
	fix_feed(xh_presence, "<presence from='bob@example.org/md5'><c "
	                      "xmlns='http://jabber.org/protocol/caps' hash='md5' node='n' "
	                      "ver='x'/></presence>");
	assert_int_equal(fix_nsent, 0);
}

/* A client name with escape sequences is shown harmless. */
static void test_caps_client_sanitized(void **state)
{
	(void)state;
	char id[32];
	/* the ver of the simple example with a hostile name, computed by natter
	 * itself (the hash covers the raw bytes) */
	char *ver = hash_of("<query xmlns='" INFO_NS "'>"
	                    "<identity category='client' name='Evil\xc2\x9b"
	                    "[2Jclient' type='pc'/>"
	                    "<feature var='http://jabber.org/protocol/caps'/>"
	                    "<feature var='http://jabber.org/protocol/disco#info'/>"
	                    "<feature var='http://jabber.org/protocol/disco#items'/>"
	                    "<feature var='http://jabber.org/protocol/muc'/></query>",
	                    "sha-1");
	assert_non_null(ver);
	caps_presence("bob@example.org/phone", ver, id, sizeof(id));
	assert_string_not_equal(id, "");
	char xml[1024];
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org/phone'><query xmlns='" INFO_NS
	         "'><identity category='client' name='Evil\xc2\x9b"
	         "[2Jclient' type='pc'/>"
	         "<feature var='http://jabber.org/protocol/caps'/>"
	         "<feature var='http://jabber.org/protocol/disco#info'/>"
	         "<feature var='http://jabber.org/protocol/disco#items'/>"
	         "<feature var='http://jabber.org/protocol/muc'/></query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	char *client = xcaps_client("bob@example.org/phone");
	assert_non_null(client);
	assert_null(strstr(client, "\xc2\x9b"));
	assert_non_null(strstr(client, "\xef\xbf\xbd")); /* U+FFFD in its place */
	free(client);
	free(ver);
}

/* A corrupted cache file is skipped, not trusted. */
static void test_cache_file_corrupt(void **state)
{
	(void)state;
	char dir[96], path[128];
	snprintf(dir, sizeof(dir), "%s/natter", cache_dir);
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/caps.db", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	/* a valid-looking line whose ver does not match its content, and junk */
	fprintf(f, "sha-1 QgayPKawpkPSDYmwT/WM94uAlu0= %s\n", "PHF1ZXJ5Lz4=");
	fprintf(f, "garbage\n\n sha-1\n");
	fclose(f);
	char id[32];
	caps_presence("bob@example.org/phone", "QgayPKawpkPSDYmwT/WM94uAlu0=", id, sizeof(id));
	assert_string_not_equal(id, "");
	assert_null(xcaps_client("bob@example.org/phone"));
}

/* /disco lists identities, features (with words) and items, sanitized. */
static void test_disco_command(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/disco", NULL), 0);
	const char *info = fix_sent_matching(INFO_NS);
	const char *items = fix_sent_matching("disco#items");
	assert_non_null(info);
	assert_non_null(items);
	assert_non_null(strstr(info, "to=\"example.org\""));
	char id1[32], id2[32], xml[1024];
	fix_sent_id(info, id1, sizeof(id1));
	fix_sent_id(items, id2, sizeof(id2));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='example.org'><query xmlns='" INFO_NS "'>"
	         "<identity category='server' type='im' name='Pros\xc2\x9d"
	         "0;pwned\xe2\x80\xae"
	         "ody'/>"
	         "<feature var='urn:xmpp:blocking'/><feature var='x-\xe2\x80\xae"
	         "red'/></query></iq>",
	         id1);
	fix_feed(xh_iq, xml);
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='example.org'>"
	         "<query xmlns='http://jabber.org/protocol/disco#items'>"
	         "<item jid='conference.example.org' name='Chatrooms'/>"
	         "<item jid='pubsub.example.org' node='news'/><item name='no jid'/></query></iq>",
	         id2);
	fix_feed(xh_iq, xml);
	assert_true(console_has("is an XMPP server, named"));
	assert_true(console_has("offers 2 features"));
	assert_true(console_has("urn:xmpp:blocking (blocking)"));
	assert_true(console_has("lists 2 items"));
	assert_true(console_has("conference.example.org \"Chatrooms\""));
	assert_true(console_has("pubsub.example.org node news"));
	assert_true(console_clean());
}

/* /disco of a service that refuses says why; offline it is refused. */
static void test_disco_errors(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/disco upload.example.org", NULL), 0);
	char id[32], xml[512];
	fix_sent_id(fix_sent_matching(INFO_NS), id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s' from='upload.example.org'><error type='cancel'>"
	         "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("cannot tell what it is (service unavailable)"));
	/* the other question times out */
	cmd_info_timeout_ms = 0;
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/disco conference.example.org", NULL), 0);
	timer_run_due();
	assert_true(console_has("conference.example.org: no answer about what it is"));
	assert_true(console_has("conference.example.org: no answer about its items"));
	cmd_info_timeout_ms = 15000;
	core_set_conn_state(CONN_OFFLINE, NULL);
	assert_int_equal(cmd_run_line("/disco", NULL), -1);
	assert_int_equal(cmd_run_line("/disco not a jid", NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hash_vectors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hash_sort_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hash_rejects_malformed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_own_caps_match_answer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_own_features_follow_settings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_contact_caps_learned_and_cached, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_contact_caps_bad_hash_and_forgery, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_no_caps_query_to_strangers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_caps_client_sanitized, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cache_file_corrupt, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disco_command, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disco_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
