/* test_xmpp_mam.c - the message archive: catch-up, paging, older pages,
 * and which results are accepted */
#include <stdio.h>
#include <time.h>

#include "unit.h"
#include "xmpp_fixture.h"

#include "test_store.h"

#define MAM_FEATURE "<feature var='urn:xmpp:mam:2'/>"
#define STAMP_2020  "2020-01-02T03:04:05Z"
#define TS_2020     1577934245

/* A message from bob as our archive stores it. */
#define FROM_BOB(id, body)                                                                         \
	"<message xmlns='jabber:client' from='bob@example.org/phone' "                             \
	"to='alice@example.org/natter' type='chat' id='" id "'><body>" body "</body></message>"

/* The backend a test talks to: only the archive. */
static const struct core_backend mam_backend = {.fetch_older = xmam_fetch_older};

/* cmocka setup: the usual session, an empty archive state, bob in the roster. */
static int mam_setup(void **state)
{
	fix_setup(state);
	xmam_reset();
	char *groups[] = {NULL};
	roster_upsert("bob@example.org", "Bob", groups, SUB_BOTH, false);
	return 0;
}

/* cmocka teardown. */
static int mam_teardown(void **state)
{
	fix_teardown(state);
	xmam_reset();
	return 0;
}

/* The newest captured stanza containing needle, or NULL. */
static const char *sent_last(const char *needle)
{
	for (int i = fix_nsent; i-- > 0;)
		if (strstr(fix_sent[i], needle))
			return fix_sent[i];
	return NULL;
}

/* How many captured stanzas contain needle. */
static int sent_count(const char *needle)
{
	int n = 0;
	for (int i = 0; i < fix_nsent; i++)
		n += strstr(fix_sent[i], needle) != NULL;
	return n;
}

/* Copy the value of attribute attr (as name="value") in s into out. */
static void attr_of(const char *s, const char *attr, char *out, size_t n)
{
	char pat[64];
	snprintf(pat, sizeof(pat), " %s=\"", attr);
	const char *p = strstr(s, pat);
	assert_non_null(p);
	p += strlen(pat);
	size_t i = 0;
	while (p[i] && p[i] != '"' && i + 1 < n) {
		out[i] = p[i];
		i++;
	}
	out[i] = '\0';
}

/* True when the start tag at tag (may be NULL) has the attribute attr. */
static bool tag_has(const char *tag, const char *attr)
{
	const char *at = tag ? strstr(tag, attr) : NULL;
	return at != NULL && at < strchr(tag, '>');
}

/* The archive query sent last, with its iq id and queryid. */
static const char *last_query(char *iqid, char *qid)
{
	const char *q = sent_last("queryid");
	assert_non_null(q);
	fix_sent_id(q, iqid, 32);
	attr_of(q, "queryid", qid, 32);
	return q;
}

/* Start a session; the account's disco#info answer lists features. */
static void session_with(const char *features)
{
	xmam_session_started();
	const char *disco = sent_last("disco#info");
	assert_non_null(disco);
	char id[32], xml[512];
	fix_sent_id(disco, id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='%s'>"
	         "<query xmlns='http://jabber.org/protocol/disco#info'>"
	         "<identity category='account' type='registered'/>%s</query></iq>",
	         id, xs.bare_jid, features);
	fix_feed(xh_iq, xml);
}

/* Feed a result message; from NULL leaves the attribute out. */
static bool feed_result(const char *from, const char *qid, const char *aid, const char *stamp,
                        const char *inner)
{
	char xml[2048], fromattr[128] = "", delay[128] = "";
	if (from)
		snprintf(fromattr, sizeof(fromattr), " from='%s'", from);
	if (stamp)
		snprintf(delay, sizeof(delay), "<delay xmlns='urn:xmpp:delay' stamp='%s'/>", stamp);
	snprintf(xml, sizeof(xml),
	         "<message to='alice@example.org/natter'%s><result xmlns='urn:xmpp:mam:2' "
	         "queryid='%s' id='%s'><forwarded xmlns='urn:xmpp:forward:0'>%s%s</forwarded>"
	         "</result></message>",
	         fromattr, qid, aid, delay, inner);
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(fix_ctx, xml);
	assert_non_null(st);
	bool taken = xmam_message(st);
	xmpp_stanza_release(st);
	return taken;
}

/* Answer query iqid with a <fin/>; last NULL leaves the RSM set out. */
static void feed_fin(const char *iqid, bool complete, const char *last)
{
	char xml[512], set[256] = "";
	if (last)
		snprintf(set, sizeof(set),
		         "<set xmlns='http://jabber.org/protocol/rsm'><first>f</first>"
		         "<last>%s</last></set>",
		         last);
	snprintf(
	    xml, sizeof(xml),
	    "<iq type='result' id='%s'><fin xmlns='urn:xmpp:mam:2' complete='%s'>%s</fin></iq>",
	    iqid, complete ? "true" : "false", set);
	fix_feed(xh_iq, xml);
}

/* Answer query iqid with an error of this condition. */
static void feed_error(const char *iqid, const char *condition)
{
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s'><error type='cancel'><%s "
	         "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         iqid, condition);
	fix_feed(xh_iq, xml);
}

/* Messages in the chat with bob (0 when there is no tab). */
static size_t bob_len(void)
{
	struct conv *cv = conv_find("bob@example.org");
	return cv ? cv->len : 0;
}

/* True when the console's newest line contains text. */
static bool console_says(const char *text)
{
	struct conv *c = conv_console();
	return c->len > 0 && strstr(c->msgs[c->len - 1]->body, text) != NULL;
}

/* The catch-up of a first run: disco, then only the newest page, shaped
 * as XEP-0313 wants it. */
static void test_query_shape_first_run(void **state)
{
	(void)state;
	xmam_session_started();
	const char *disco = sent_last("disco#info");
	assert_non_null(disco);
	assert_non_null(strstr(disco, "type=\"get\""));
	assert_non_null(strstr(disco, "to=\"alice@example.org\""));
	assert_null(sent_last("urn:xmpp:mam:2"));
	fix_clear_sent();
	session_with(MAM_FEATURE);
	char iqid[32], qid[32];
	const char *q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<iq"));
	assert_non_null(strstr(q, "type=\"set\""));
	assert_null(strstr(q, " to=\""));
	assert_true(strlen(qid) > 8);
	/* libstrophe writes attributes in no fixed order */
	const char *x = strstr(q, "<x ");
	assert_true(tag_has(x, "xmlns=\"jabber:x:data\""));
	assert_true(tag_has(x, "type=\"submit\""));
	const char *f = strstr(x, "<field ");
	assert_true(tag_has(f, "var=\"FORM_TYPE\""));
	assert_true(tag_has(f, "type=\"hidden\""));
	assert_non_null(strstr(f, "><value>urn:xmpp:mam:2</value></field>"));
	assert_null(strstr(q, "var=\"with\""));
	assert_non_null(strstr(q, "<set xmlns=\"http://jabber.org/protocol/rsm\">"
	                          "<max>50</max><before/></set>"));
	assert_null(strstr(q, "<after>"));
}

/* A result from our archive for our query becomes an archived message. */
static void test_result_accepted(void **state)
{
	(void)state;
	session_with(MAM_FEATURE);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	assert_true(feed_result(NULL, qid, "A1", STAMP_2020,
	                        "<message xmlns='jabber:client' from='bob@example.org/phone' "
	                        "to='alice@example.org/natter' type='chat' id='plain'>"
	                        "<origin-id xmlns='urn:xmpp:sid:0' id='orig1'/>"
	                        "<markable xmlns='urn:xmpp:chat-markers:0'/>"
	                        "<body>while you were out &#x9b;2J&#x202e;</body></message>"));
	/* our bare JID as sender is our archive too */
	assert_true(
	    feed_result("alice@example.org", qid, "A2", STAMP_2020, FROM_BOB("m2", "second")));
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_int_equal(cv->len, 2);
	struct message *m = cv->msgs[0];
	assert_int_equal(m->dir, MSG_IN);
	assert_string_equal(m->from, "Bob");
	assert_string_equal(m->id, "orig1");
	assert_string_equal(m->stanza_id, "A1");
	assert_int_equal(m->ts, TS_2020);
	assert_true(m->markable);
	assert_null(strstr(m->body, "\xc2\x9b"));
	assert_null(strstr(m->body, "\xe2\x80\xae"));
	assert_non_null(strstr(m->body, "while you were out"));
	assert_string_equal(cv->msgs[1]->id, "m2");
	assert_string_equal(cv->msgs[1]->stanza_id, "A2");
	feed_fin(iqid, true, "A2");
	assert_true(console_says("2 new messages from the server archive"));
}

/* Results that are not ours, or not from our archive, change nothing. */
static void test_results_refused(void **state)
{
	(void)state;
	session_with(MAM_FEATURE);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	/* a queryid we never used */
	assert_true(feed_result(NULL, "forged", "X1", STAMP_2020, FROM_BOB("x1", "forged")));
	/* another user, our full JID, our server, a bad JID */
	assert_true(feed_result("bob@example.org", qid, "X2", STAMP_2020, FROM_BOB("x2", "b")));
	assert_true(
	    feed_result("alice@example.org/natter", qid, "X3", STAMP_2020, FROM_BOB("x3", "full")));
	assert_true(feed_result("example.org", qid, "X4", STAMP_2020, FROM_BOB("x4", "server")));
	assert_true(feed_result("bad jid@x", qid, "X5", STAMP_2020, FROM_BOB("x5", "bad")));
	/* no forwarded message, an inner message without from, no archive id */
	assert_true(feed_result(NULL, qid, "X6", STAMP_2020, ""));
	assert_true(feed_result(NULL, qid, "X7", STAMP_2020,
	                        "<message to='alice@example.org' type='chat'>"
	                        "<body>who?</body></message>"));
	assert_true(feed_result(NULL, qid, "", STAMP_2020, FROM_BOB("x8", "no id")));
	assert_int_equal(bob_len(), 0);
	/* ordinary messages are not the archive's */
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(
	    fix_ctx, "<message from='bob@example.org/x' type='chat'><body>hi</body></message>");
	assert_false(xmam_message(st));
	xmpp_stanza_release(st);
	/* once the page is over, its queryid is no longer ours */
	feed_fin(iqid, true, NULL);
	assert_true(feed_result(NULL, qid, "X9", STAMP_2020, FROM_BOB("x9", "late")));
	assert_int_equal(bob_len(), 0);
}

/* Group chat, errors and body-less messages do not become chat lines. */
static void test_skipped_kinds(void **state)
{
	(void)state;
	session_with(MAM_FEATURE);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	feed_result(NULL, qid, "S1", STAMP_2020,
	            "<message from='bob@example.org/x' to='alice@example.org' type='groupchat'>"
	            "<body>room</body></message>");
	feed_result(NULL, qid, "S2", STAMP_2020,
	            "<message from='bob@example.org/x' to='alice@example.org' type='error'>"
	            "<body>err</body></message>");
	feed_result(NULL, qid, "S3", STAMP_2020,
	            "<message from='bob@example.org/x' to='alice@example.org' type='chat'>"
	            "<composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
	feed_result(NULL, qid, "S4", STAMP_2020,
	            "<message from='bob@example.org/x' to='alice@example.org' type='headline'>"
	            "<body>news</body></message>");
	assert_int_equal(bob_len(), 0);
	/* a normal message with a body is a chat line */
	feed_result(NULL, qid, "S5", STAMP_2020,
	            "<message from='bob@example.org/x' to='alice@example.org' type='normal'>"
	            "<body>note</body></message>");
	assert_int_equal(bob_len(), 1);
}

/* Our own messages from the archive: dir out, in the chat with the 'to'. */
static void test_own_message(void **state)
{
	(void)state;
	session_with(MAM_FEATURE);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	feed_result(NULL, qid, "O1", STAMP_2020,
	            "<message xmlns='jabber:client' from='alice@example.org/phone' "
	            "to='Bob@Example.org/laptop' type='chat' id='o1'><body>mine</body>"
	            "<markable xmlns='urn:xmpp:chat-markers:0'/></message>");
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	assert_int_equal(cv->len, 1);
	struct message *m = cv->msgs[0];
	assert_int_equal(m->dir, MSG_OUT);
	assert_string_equal(m->from, "alice");
	assert_string_equal(m->id, "o1");
	assert_string_equal(m->stanza_id, "O1");
	assert_int_equal(m->state, MSG_SENT);
	assert_false(m->markable); /* we do not mark our own messages */
	assert_int_equal(cv->unread, 0);
	/* a receipt and a displayed marker from bob, archived later */
	feed_result(NULL, qid, "O2", STAMP_2020,
	            "<message from='bob@example.org/laptop' to='alice@example.org' type='chat'>"
	            "<received xmlns='urn:xmpp:receipts' id='o1'/></message>");
	assert_int_equal(m->state, MSG_DELIVERED);
	feed_result(NULL, qid, "O3", STAMP_2020,
	            "<message from='bob@example.org/laptop' to='alice@example.org' type='chat'>"
	            "<displayed xmlns='urn:xmpp:chat-markers:0' id='o1'/></message>");
	assert_int_equal(m->state, MSG_READ);
	assert_int_equal(cv->len, 1);
	/* our own message without a recipient is dropped */
	feed_result(
	    NULL, qid, "O4", STAMP_2020,
	    "<message from='alice@example.org/phone' type='chat'><body>to?</body></message>");
	assert_int_equal(cv->len, 1);
}

/* The time of the archived message whose archive id is aid. */
static time_t stamped(const char *qid, const char *aid, const char *stamp)
{
	feed_result(NULL, qid, aid, stamp, FROM_BOB("t", "t"));
	struct message *m = conv_find_stanza_id(conv_find("bob@example.org"), aid);
	assert_non_null(m);
	return m->ts;
}

/* Delay stamps give the time; absurd ones give now. */
static void test_delay_stamps(void **state)
{
	(void)state;
	session_with(MAM_FEATURE);
	char iqid[32], qid[32], soon[32];
	last_query(iqid, qid);
	time_t before = time(NULL);
	assert_int_equal(stamped(qid, "T1", STAMP_2020), TS_2020);
	assert_int_equal(stamped(qid, "T2", "2020-01-02T03:04:05.123456Z"), TS_2020);
	time_t t = stamped(qid, "T3", "2999-01-01T00:00:00Z");
	assert_true(t >= before && t <= time(NULL));
	t = stamped(qid, "T4", "yesterday");
	assert_true(t >= before && t <= time(NULL));
	t = stamped(qid, "T5", "1970-01-01T00:00:00Z");
	assert_true(t >= before && t <= time(NULL));
	t = stamped(qid, "T6", "2020-13-45T99:99:99Z");
	assert_true(t >= before && t <= time(NULL));
	t = stamped(qid, "T7", NULL);
	assert_true(t >= before && t <= time(NULL));
	/* even an hour ahead would sort after live messages: clamped to now */
	time_t ahead = time(NULL) + 3600;
	strftime(soon, sizeof(soon), "%Y-%m-%dT%H:%M:%SZ", gmtime(&ahead));
	t = stamped(qid, "T8", soon);
	assert_true(t >= before && t <= time(NULL));
}

/* First run: the newest page's last id is the cursor of the next catch-up,
 * which pages forward until the archive says complete. */
static void test_catchup_paging(void **state)
{
	(void)state;
	char iqid[32], qid[32], qid1[32];
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	feed_result(NULL, qid, "A1", STAMP_2020, FROM_BOB("m1", "one"));
	feed_fin(iqid, false, "A1"); /* more older ones exist: a first run does not care */
	assert_int_equal(sent_count("queryid"), 1);
	fix_clear_sent();

	session_with(MAM_FEATURE);
	const char *q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<max>100</max><after>A1</after></set>"));
	assert_null(strstr(q, "<before"));
	feed_result(NULL, qid, "A2", STAMP_2020, FROM_BOB("m2", "two"));
	feed_result(NULL, qid, "A3", STAMP_2020, FROM_BOB("m3", "three"));
	strcpy(qid1, qid);
	fix_clear_sent();
	feed_fin(iqid, false, "A3");
	q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<after>A3</after>"));
	assert_string_not_equal(qid, qid1);
	/* the first page's queryid is over */
	feed_result(NULL, qid1, "A9", STAMP_2020, FROM_BOB("m9", "late"));
	assert_null(conv_find_stanza_id(conv_find("bob@example.org"), "A9"));
	feed_result(NULL, qid, "A4", STAMP_2020, FROM_BOB("m4", "four"));
	fix_clear_sent();
	feed_fin(iqid, true, "A4");
	assert_int_equal(sent_count("queryid"), 0);
	assert_int_equal(bob_len(), 4);
	assert_true(console_says("3 new messages"));

	/* the next connection starts after the newest */
	fix_clear_sent();
	session_with(MAM_FEATURE);
	q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<after>A4</after>"));
	/* nothing new: complete, no more pages, nothing said */
	size_t console_len = conv_console()->len;
	fix_clear_sent();
	feed_fin(iqid, true, NULL);
	assert_int_equal(sent_count("queryid"), 0);
	assert_int_equal(conv_console()->len, console_len);
}

/* Set the cursor to id through a first-run catch-up. */
static void cursor_to(const char *id)
{
	char iqid[32], qid[32];
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	feed_result(NULL, qid, id, STAMP_2020, FROM_BOB("c", "c"));
	feed_fin(iqid, true, id);
	fix_clear_sent();
}

/* A catch-up stops after a bounded number of pages and says so. */
static void test_catchup_page_bound(void **state)
{
	(void)state;
	char iqid[32], qid[32], last[32], aid[32];
	cursor_to("B0");
	session_with(MAM_FEATURE);
	int pages = 0;
	while (sent_count("queryid") > 0) {
		last_query(iqid, qid);
		pages++;
		assert_true(pages <= 50);
		snprintf(aid, sizeof(aid), "B%d", pages);
		feed_result(NULL, qid, aid, STAMP_2020, FROM_BOB("b", "page"));
		snprintf(last, sizeof(last), "B%d", pages);
		fix_clear_sent();
		feed_fin(iqid, false, last);
	}
	assert_int_equal(pages, 50);
	struct conv *c = conv_console();
	bool said = false;
	for (size_t i = 0; i < c->len; i++)
		said = said || strstr(c->msgs[i]->body, "the rest is fetched at the next") != NULL;
	assert_true(said);
	/* the next connection goes on from where this one stopped */
	session_with(MAM_FEATURE);
	assert_non_null(strstr(last_query(iqid, qid), "<after>B50</after>"));
}

/* An archive that keeps answering the same page does not loop. */
static void test_catchup_stuck(void **state)
{
	(void)state;
	char iqid[32], qid[32];
	cursor_to("S0");
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	feed_result(NULL, qid, "S0", STAMP_2020, FROM_BOB("c", "c"));
	fix_clear_sent();
	feed_fin(iqid, false, "S0");
	assert_int_equal(sent_count("queryid"), 0);
	/* an empty page that claims more is not followed either */
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	fix_clear_sent();
	feed_fin(iqid, false, NULL);
	assert_int_equal(sent_count("queryid"), 0);
}

/* A cursor the archive no longer knows: start over from the newest page. */
static void test_catchup_stale_cursor(void **state)
{
	(void)state;
	char iqid[32], qid[32];
	cursor_to("OLD");
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	fix_clear_sent();
	feed_error(iqid, "item-not-found");
	const char *q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<max>50</max><before/>"));
	assert_null(strstr(q, "<after>"));
	assert_true(console_says("no longer holds the last message"));
	/* a second failure is reported, not retried */
	fix_clear_sent();
	feed_error(iqid, "item-not-found");
	assert_int_equal(sent_count("queryid"), 0);
	assert_true(console_says("could not fetch the messages that arrived while you were away"));
	assert_true(console_says("item not found"));
}

/* Another account's cursor means nothing to this one's archive. */
static void test_cursor_per_account(void **state)
{
	(void)state;
	char iqid[32], qid[32];
	cursor_to("ALICE1");
	xs_test_teardown();
	xs_test_setup(fix_ctx, "carol@example.org/natter", fix_capture);
	session_with(MAM_FEATURE);
	const char *q = last_query(iqid, qid);
	assert_null(strstr(q, "ALICE1"));
	assert_non_null(strstr(q, "<before/>"));
}

/* The cursor survives in the history database (store_kv "mam:last"). */
static void test_cursor_in_store(void **state)
{
	void *fx = NULL;
	assert_int_equal(store_fixture_open(&fx), 0);
	(void)state;
	cursor_to("K7");
	char *v = store_kv_get("mam:last");
	assert_non_null(v);
	assert_string_equal(v, "K7");
	free(v);
	/* a new run knows only what the database says */
	xmam_reset();
	char iqid[32], qid[32];
	session_with(MAM_FEATURE);
	assert_non_null(strstr(last_query(iqid, qid), "<after>K7</after>"));
	store_fixture_teardown(&fx);
}

/* A new session forgets the last one's queries; what was in flight then is
 * no longer accepted. */
static void test_session_end(void **state)
{
	(void)state;
	char iqid[32], qid[32];
	cursor_to("E0");
	size_t held = bob_len();
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	xiq_cancel_all();
	assert_true(feed_result(NULL, qid, "E1", STAMP_2020, FROM_BOB("e1", "late")));
	assert_int_equal(bob_len(), held);
	/* that catch-up never completed: live ids do not move the cursor */
	xmam_live_archived("LIVE");
	session_with(MAM_FEATURE);
	assert_non_null(strstr(last_query(iqid, qid), "<after>E0</after>"));
}

/* Live stanza-ids: only our archive's, and only once the server is known to
 * keep one; after a complete catch-up they move the cursor. */
static void test_live_stanza_id(void **state)
{
	(void)state;
	const char *xml = "<message from='bob@example.org/x' type='chat'>"
	                  "<stanza-id xmlns='urn:xmpp:sid:0' by='bob@example.org' id='fake1'/>"
	                  "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.org/natter' "
	                  "id='fake2'/>"
	                  "<stanza-id xmlns='urn:xmpp:other' by='alice@example.org' id='fake3'/>"
	                  "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.org' id='L1'/>"
	                  "<body>x</body></message>";
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(fix_ctx, xml);
	assert_null(xmam_stanza_id(st)); /* no archive known yet */
	char iqid[32], qid[32];
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	char *id = xmam_stanza_id(st);
	assert_non_null(id);
	assert_string_equal(id, "L1");
	xmam_live_archived(id); /* catch-up still running: ignored */
	feed_fin(iqid, true, "C1");
	xmam_live_archived(id);
	free(id);
	xmpp_stanza_release(st);
	st = xmpp_stanza_new_from_string(fix_ctx, "<message from='bob@example.org/x'>"
	                                          "<stanza-id xmlns='urn:xmpp:sid:0' "
	                                          "by='mallory@evil.example' id='F'/></message>");
	assert_null(xmam_stanza_id(st));
	xmpp_stanza_release(st);
	fix_clear_sent();
	session_with(MAM_FEATURE);
	assert_non_null(strstr(last_query(iqid, qid), "<after>L1</after>"));
}

/* Scrolling up past the local history asks the archive for one page of the
 * chat, older than the oldest archive id held; fin ends it. */
static void test_fetch_older_flow(void **state)
{
	(void)state;
	char iqid[32], qid[32], iqid2[32], qid2[32];
	cursor_to("N1"); /* bob's tab now holds a message with archive id N1 */
	core_set_backend(&mam_backend);
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_find("bob@example.org");
	assert_non_null(cv);
	conv_focus(cv);
	core_load_older(cv);
	assert_true(cv->archive_busy);
	const char *q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<field var=\"with\"><value>bob@example.org</value></field>"));
	assert_non_null(strstr(q, "<max>50</max><before>N1</before>"));
	/* one query per chat at a time */
	assert_int_equal(xmam_fetch_older("bob@example.org", "N1"), 0);
	assert_int_equal(sent_count("queryid"), 1);
	/* another chat may ask meanwhile; without a known id: the newest page */
	assert_int_equal(xmam_fetch_older("carol@example.org", NULL), 0);
	last_query(iqid2, qid2);
	assert_non_null(strstr(sent_last(qid2), "<before/>"));
	feed_result(NULL, qid, "N0", "2019-05-05T05:05:05Z", FROM_BOB("n0", "older"));
	assert_int_equal(cv->len, 2);
	assert_string_equal(cv->msgs[0]->stanza_id, "N0");
	assert_int_equal(cv->unread, 0);
	feed_fin(iqid, false, "N0");
	assert_false(cv->archive_busy);
	assert_false(cv->archive_done);
	/* the next page, which is the last */
	fix_clear_sent();
	core_load_older(cv);
	q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<before>N0</before>"));
	feed_fin(iqid, true, NULL);
	assert_false(cv->archive_busy);
	assert_true(cv->archive_done);
	/* an empty page is the end, whatever complete says */
	cv->archive_done = false;
	core_load_older(cv);
	last_query(iqid, qid);
	feed_fin(iqid, false, NULL);
	assert_true(cv->archive_done);
}

/* An error answer to an older page ends paging, said in plain words. */
static void test_fetch_older_error(void **state)
{
	(void)state;
	char iqid[32], qid[32];
	cursor_to("N1");
	core_set_backend(&mam_backend);
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_find("bob@example.org");
	core_load_older(cv);
	last_query(iqid, qid);
	/* an answer from someone else is not the archive's */
	char xml[256];
	snprintf(xml, sizeof(xml), "<iq type='error' id='%s' from='bob@example.org'/>", iqid);
	fix_feed(xh_iq, xml);
	assert_true(cv->archive_busy);
	feed_error(iqid, "service-unavailable");
	assert_false(cv->archive_busy);
	assert_true(cv->archive_done);
	assert_true(console_says("could not load older messages with bob@example.org"));
	assert_true(console_says("service unavailable"));
	/* a session that ends with a page in flight leaves paging possible */
	cv->archive_done = false;
	core_load_older(cv);
	assert_true(cv->archive_busy);
	xiq_cancel_all();
	assert_false(cv->archive_busy);
	assert_false(cv->archive_done);
}

/* A server without an archive: no query, no older pages, said once. */
static void test_no_mam(void **state)
{
	(void)state;
	session_with("<feature var='urn:xmpp:ping'/>");
	assert_int_equal(sent_count("urn:xmpp:mam:2"), 0);
	assert_true(console_says("keeps no message archive"));
	assert_int_equal(xmam_fetch_older("bob@example.org", NULL), -1);
	/* a disco error counts as no archive, and is not said twice */
	size_t console_len = conv_console()->len;
	xmam_session_started();
	char id[32];
	fix_sent_id(sent_last("disco#info"), id, sizeof(id));
	feed_error(id, "service-unavailable");
	assert_int_equal(sent_count("urn:xmpp:mam:2"), 0);
	assert_int_equal(conv_console()->len, console_len);
	/* core hears -1 and says so in the chat */
	core_set_backend(&mam_backend);
	core_set_conn_state(CONN_ONLINE, NULL);
	struct conv *cv = conv_open("bob@example.org");
	core_load_older(cv);
	assert_true(cv->archive_done);
	assert_non_null(strstr(cv->msgs[cv->len - 1]->body, "no archive"));
	/* offline messages (XEP-0160) come live, with their delay stamp */
	fix_feed(xh_message, "<message from='bob@example.org/x' type='chat' id='off1'>"
	                     "<delay xmlns='urn:xmpp:delay' from='example.org' "
	                     "stamp='" STAMP_2020 "'/><body>offline</body></message>");
	bool found = false;
	for (size_t i = 0; i < cv->len; i++)
		if (cv->msgs[i]->body && strcmp(cv->msgs[i]->body, "offline") == 0)
			found = cv->msgs[i]->ts == TS_2020;
	assert_true(found);
}

/* A disco answer from someone else is not our account's. */
static void test_disco_from_other(void **state)
{
	(void)state;
	xmam_session_started();
	char id[32], xml[512];
	fix_sent_id(sent_last("disco#info"), id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='mallory@evil.example'>"
	         "<query xmlns='http://jabber.org/protocol/disco#info'>" MAM_FEATURE
	         "</query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_int_equal(sent_count("queryid"), 0);
	/* our full JID may answer for the account */
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='alice@example.org/natter'>"
	         "<query xmlns='http://jabber.org/protocol/disco#info'>" MAM_FEATURE
	         "</query></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_int_equal(sent_count("queryid"), 1);
}

/* The same archived message twice (two catch-ups, or live and archived)
 * is shown once. */
static void test_duplicates(void **state)
{
	(void)state;
	char iqid[32], qid[32];
	fix_feed(xh_message, "<message from='bob@example.org/phone' type='chat' id='d1'>"
	                     "<body>live</body></message>");
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	feed_result(NULL, qid, "D1", STAMP_2020,
	            "<message from='bob@example.org/phone' to='alice@example.org' type='chat' "
	            "id='d1'><body>live</body></message>");
	feed_result(NULL, qid, "D2", STAMP_2020, FROM_BOB("d2", "new"));
	feed_result(NULL, qid, "D2", STAMP_2020, FROM_BOB("d2", "new"));
	assert_int_equal(bob_len(), 2);
	feed_fin(iqid, true, "D2");
	assert_true(console_says("1 new message from"));
}

/* Archived corrections, retractions and reactions change the message they
 * name (only the sender's own): they are never shown as messages of their
 * own, and their fallback bodies stay hidden. */
static void test_archived_edits(void **state)
{
	(void)state;
	char iqid[32], qid[32];
	session_with(MAM_FEATURE);
	last_query(iqid, qid);
	feed_result(NULL, qid, "E1", STAMP_2020, FROM_BOB("e1", "helo"));
	feed_result(NULL, qid, "E2", STAMP_2020,
	            "<message from='bob@example.org/phone' to='alice@example.org' type='chat' "
	            "id='e2'><body>hello</body>"
	            "<replace xmlns='urn:xmpp:message-correct:0' id='e1'/></message>");
	/* our own archived message trying to correct bob's: refused, not shown */
	feed_result(NULL, qid, "E3", STAMP_2020,
	            "<message from='alice@example.org/other' to='bob@example.org' type='chat' "
	            "id='e3'><body>forged</body>"
	            "<replace xmlns='urn:xmpp:message-correct:0' id='e1'/></message>");
	feed_result(NULL, qid, "E4", STAMP_2020,
	            "<message from='bob@example.org/phone' to='alice@example.org' type='chat' "
	            "id='e4'><body>unsupported retraction fallback</body>"
	            "<retract xmlns='urn:xmpp:message-retract:1' id='unknown'/></message>");
	assert_int_equal(bob_len(), 1);
	struct message *m = conv_find("bob@example.org")->msgs[0];
	assert_string_equal(m->body, "hello");
	assert_true(m->edited);
	feed_fin(iqid, true, "E4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_query_shape_first_run, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_result_accepted, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_results_refused, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_skipped_kinds, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_own_message, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_delay_stamps, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_catchup_paging, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_catchup_page_bound, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_catchup_stuck, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_catchup_stale_cursor, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_cursor_in_store, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_cursor_per_account, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_session_end, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_live_stanza_id, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_fetch_older_flow, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_fetch_older_error, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_no_mam, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_disco_from_other, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_duplicates, mam_setup, mam_teardown),
	    cmocka_unit_test_setup_teardown(test_archived_edits, mam_setup, mam_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
