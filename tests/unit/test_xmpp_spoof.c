/* test_xmpp_spoof.c - who may say what, across handlers: forged answers,
 * forged stamps, and what unrequested queries learn (version, last
 * activity, time, ad-hoc commands, disco) per setting, contact or stranger */
#include "unit.h"
#include "xmpp_fixture.h"

#include "conv.h"
#include "room.h"
#include "roster.h"

#define ROOM "room@muc.example.org"
#define MUCU "http://jabber.org/protocol/muc#user"

/* Who asks, and whether "contacts" lets them have an answer. */
struct asker {
	const char *jid;
	bool contact;
};

static const struct asker askers[] = {
    {"bob@example.org/phone", true},     /* in the roster, subscription both */
    {"carol@example.org/pc", true},      /* subscription from */
    {"alice@example.org/laptop", true},  /* our own other device */
    {"mallory@evil.example/x", false},   /* a stranger */
    {"dave@example.org/x", false},       /* in the roster, no subscription */
    {"room@muc.example.org/bob", false}, /* a room occupant */
};
#define NASKERS (sizeof(askers) / sizeof(askers[0]))

/* Fixture, online, with bob (both), carol (from) and dave (none). */
static int setup(void **state)
{
	fix_setup(state);
	roster_upsert("bob@example.org", "Bob", NULL, SUB_BOTH, false);
	roster_upsert("carol@example.org", NULL, NULL, SUB_FROM, false);
	roster_upsert("dave@example.org", NULL, NULL, SUB_NONE, true);
	core_set_conn_state(CONN_ONLINE, NULL);
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	xcaps_reset();
	return fix_teardown(state);
}

/* Feed <iq type=type from=from id=id> with payload xml inside. */
static void feed_iq(const char *type, const char *from, const char *id, const char *payload)
{
	char xml[1024];
	snprintf(xml, sizeof(xml), "<iq type='%s' id='%s' from='%s'>%s</iq>", type, id, from,
	         payload);
	fix_feed(xh_iq, xml);
}

/* The captured answer with id, asserted present. */
static const char *answer(const char *id)
{
	char needle[64];
	snprintf(needle, sizeof(needle), "id=\"%s\"", id);
	const char *s = fix_sent_matching(needle);
	assert_non_null(s);
	return s;
}

/* For each policy and asker: a get with payload is answered with marker
 * exactly when the policy allows, else with service-unavailable only. */
static void check_policy(const char *setting, const char *payload, const char *marker)
{
	static const char *const policies[] = {"none", "contacts", "all"};
	for (size_t p = 0; p < 3; p++) {
		assert_int_equal(setting_set(setting, policies[p], NULL), 0);
		for (size_t a = 0; a < NASKERS; a++) {
			char id[32];
			snprintf(id, sizeof(id), "q%zu-%zu", p, a);
			feed_iq("get", askers[a].jid, id, payload);
			const char *s = answer(id);
			bool allowed = p == 2 || (p == 1 && askers[a].contact);
			if (allowed) {
				assert_non_null(strstr(s, "type=\"result\""));
				assert_non_null(strstr(s, marker));
			} else {
				assert_non_null(strstr(s, "type=\"error\""));
				assert_non_null(strstr(s, "service-unavailable"));
				assert_null(strstr(s, marker));
			}
		}
		fix_clear_sent();
	}
}

/* XEP-0202: time is told to nobody by default (the zone says where we
 * are), and per time_reply otherwise. */
static void test_time_reply(void **state)
{
	(void)state;
	assert_string_equal(setting_str("time_reply"), "none");
	feed_iq("get", "bob@example.org/phone", "t0", "<time xmlns='urn:xmpp:time'/>");
	assert_non_null(strstr(answer("t0"), "service-unavailable"));
	fix_clear_sent();
	check_policy("time_reply", "<time xmlns='urn:xmpp:time'/>", "<utc>");
	assert_int_equal(setting_set("time_reply", "all", NULL), 0);
	feed_iq("get", "bob@example.org/phone", "t1", "<time xmlns='urn:xmpp:time'/>");
	const char *s = answer("t1");
	assert_non_null(strstr(s, "<tzo>"));
	const char *utc = strstr(s, "<utc>");
	assert_non_null(utc);
	/* 2026-01-02T03:04:05Z */
	assert_int_equal(strlen(utc) >= 5 + 20, 1);
	assert_int_equal(utc[5 + 10], 'T');
	assert_int_equal(utc[5 + 19], 'Z');
	const char *err = NULL;
	assert_int_equal(setting_set("time_reply", "friends", &err), -1);
	assert_string_equal(err, "time_reply must be none, contacts or all");
}

/* Version and last activity: every value of their settings against
 * contacts, our own account, contacts without subscription and strangers. */
static void test_version_and_last_reply(void **state)
{
	(void)state;
	check_policy("version_reply", "<query xmlns='jabber:iq:version'/>", "<name>natter</name>");
	check_policy("last_reply", "<query xmlns='jabber:iq:last'/>", "seconds=");
}

/* XEP-0050: contacts see an empty command list and no such command;
 * strangers get service-unavailable for both. */
static void test_adhoc(void **state)
{
	(void)state;
	const char *list = "<query xmlns='http://jabber.org/protocol/disco#items' "
	                   "node='http://jabber.org/protocol/commands'/>";
	const char *exec = "<command xmlns='http://jabber.org/protocol/commands' node='shell' "
	                   "action='execute'/>";
	for (size_t a = 0; a < NASKERS; a++) {
		char id[32];
		snprintf(id, sizeof(id), "l%zu", a);
		feed_iq("get", askers[a].jid, id, list);
		const char *s = answer(id);
		if (askers[a].contact) {
			assert_non_null(strstr(s, "type=\"result\""));
			assert_non_null(strstr(s, "node=\"http://jabber.org/protocol/commands\""));
			assert_null(strstr(s, "<item"));
		} else {
			assert_non_null(strstr(s, "service-unavailable"));
		}
		snprintf(id, sizeof(id), "x%zu", a);
		feed_iq("set", askers[a].jid, id, exec);
		s = answer(id);
		assert_non_null(strstr(s, "type=\"error\""));
		assert_non_null(
		    strstr(s, askers[a].contact ? "item-not-found" : "service-unavailable"));
		fix_clear_sent();
	}
}

/* disco#info is answered to anybody (caps go to room occupants too) but
 * lists a reply's feature only while its setting is not none. */
static void test_disco_info_to_strangers(void **state)
{
	(void)state;
	const char *info = "<query xmlns='http://jabber.org/protocol/disco#info'/>";
	assert_int_equal(setting_set("version_reply", "none", NULL), 0);
	assert_int_equal(setting_set("last_reply", "none", NULL), 0);
	feed_iq("get", "mallory@evil.example/x", "d1", info);
	const char *s = answer("d1");
	assert_non_null(strstr(s, "type=\"result\""));
	assert_null(strstr(s, "jabber:iq:version"));
	assert_null(strstr(s, "jabber:iq:last"));
	assert_null(strstr(s, "urn:xmpp:time"));
	assert_null(strstr(s, "<x "));
	assert_int_equal(setting_set("time_reply", "contacts", NULL), 0);
	feed_iq("get", "mallory@evil.example/x", "d2", info);
	assert_non_null(strstr(answer("d2"), "urn:xmpp:time"));
	/* another node than ours: nothing */
	feed_iq("get", "mallory@evil.example/x", "d3",
	        "<query xmlns='http://jabber.org/protocol/disco#info' node='secret'/>");
	assert_non_null(strstr(answer("d3"), "item-not-found"));
}

/* IQ answers: only from the entity asked (libstrophe matches ids alone). */
static void test_iq_answer_sender(void **state)
{
	(void)state;
	assert_true(xiq_from_ok(NULL, NULL));
	assert_true(xiq_from_ok("alice@example.org", NULL));
	assert_true(xiq_from_ok("alice@example.org/natter", NULL));
	assert_false(xiq_from_ok("bob@example.org/x", NULL));
	assert_false(xiq_from_ok("example.org", NULL));
	assert_false(xiq_from_ok("alice@example.org.evil", NULL));
	assert_true(xiq_from_ok("bob@example.org/x", "bob@example.org/x"));
	assert_false(xiq_from_ok("bob@example.org/y", "bob@example.org/x"));
	assert_false(xiq_from_ok("bob@example.org", "bob@example.org/x"));
	assert_false(xiq_from_ok(NULL, "bob@example.org"));
	assert_false(xiq_from_ok("bob@example.org/x", "bob@example.org"));
	assert_true(xiq_from_ok("bob@example.org", "bob@example.org"));
	assert_false(xiq_from_ok("mallory@evil.example", "bob@example.org"));
}

/* Feed a chat message from bob with body and a delay stamp. */
static void feed_stamped(const char *body, const char *stamp)
{
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<message type='chat' from='bob@example.org/x'><body>%s</body>"
	         "<delay xmlns='urn:xmpp:delay' stamp='%s'/></message>",
	         body, stamp);
	fix_feed(xh_message, xml);
}

/* A stamp in the future, even by an hour, is clamped to arrival time: it
 * never sorts after a message that arrives later. */
static void test_future_stamp_clamped(void **state)
{
	(void)state;
	char stamp[32];
	time_t soon = time(NULL) + 3600;
	struct tm tm;
	gmtime_r(&soon, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	feed_stamped("from the future", stamp);
	fix_feed(xh_message, "<message type='chat' from='bob@example.org/x'>"
	                     "<body>later</body></message>");
	struct conv *cv = conv_find("bob@example.org");
	assert_int_equal(cv->len, 2);
	time_t now = time(NULL);
	assert_true(cv->msgs[0]->ts <= now);
	assert_string_equal(cv->msgs[1]->body, "later");
	feed_stamped("junk", "yesterday");
	feed_stamped("ancient", "1970-01-01T00:00:01Z");
	assert_string_equal(cv->msgs[cv->len - 1]->body, "ancient");
	assert_true(cv->msgs[cv->len - 1]->ts >= now - 5);
}

/* Online, joined to ROOM as alice, with bob in the room. */
static struct room *joined(void)
{
	assert_int_equal(core_room_join(ROOM, "alice", NULL), 0);
	fix_feed(xh_presence, "<presence from='" ROOM "/bob'><x xmlns='" MUCU "'>"
	                      "<item affiliation='member' role='participant'/></x></presence>");
	fix_feed(xh_presence, "<presence from='" ROOM "/alice'><x xmlns='" MUCU "'>"
	                      "<item affiliation='member' role='participant'/>"
	                      "<status code='110'/></x></presence>");
	struct room *r = room_find(ROOM);
	assert_non_null(r);
	assert_int_equal(r->state, ROOM_JOINED);
	return r;
}

/* In a room only the room's own delay dates a message: an occupant's
 * forged <delay/> cannot bury a live message in the past. */
static void test_groupchat_forged_delay(void **state)
{
	(void)state;
	struct room *r = joined();
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='h1'>"
	                     "<body>real history</body><delay xmlns='urn:xmpp:delay' from='" ROOM
	                     "' stamp='2020-01-02T03:04:05Z'/></message>");
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='g1'>"
	                     "<body>live one</body></message>");
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='g2'>"
	                     "<body>forged old</body><delay xmlns='urn:xmpp:delay' "
	                     "from='bob@example.org' stamp='2001-01-01T00:00:00Z'/>"
	                     "<delay xmlns='urn:xmpp:delay' stamp='2001-01-01T00:00:00Z'/>"
	                     "</message>");
	struct conv *cv = r->conv;
	struct message *last = cv->msgs[cv->len - 1];
	assert_string_equal(last->body, "forged old");
	assert_true(last->ts >= time(NULL) - 5);
	bool found = false;
	for (size_t i = 0; i < cv->len; i++)
		if (strcmp(cv->msgs[i]->body, "real history") == 0) {
			assert_int_equal(cv->msgs[i]->ts, 1577934245);
			found = true;
		}
	assert_true(found);
}

/* Our archive is known: answer natter's disco#info of our account. */
static void archive_known(void)
{
	xmam_session_started();
	const char *disco = fix_sent_matching("disco#info");
	assert_non_null(disco);
	char id[32], xml[512];
	fix_sent_id(disco, id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='alice@example.org'>"
	         "<query xmlns='http://jabber.org/protocol/disco#info'>"
	         "<feature var='urn:xmpp:mam:2'/></query></iq>",
	         id);
	fix_feed(xh_iq, xml);
}

/* A sender's stanza-id by our own JID that the server failed to strip
 * comes before the one the server appends: the last one is believed. */
static void test_forged_stanza_id_before_servers(void **state)
{
	(void)state;
	archive_known();
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(
	    fix_ctx, "<message from='bob@example.org/x' type='chat'><body>x</body>"
	             "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.org' id='forged'/>"
	             "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.org' id='real'/>"
	             "</message>");
	char *id = xmam_stanza_id(st);
	assert_non_null(id);
	assert_string_equal(id, "real");
	free(id);
	xmpp_stanza_release(st);
	xmam_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_time_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_version_and_last_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_adhoc, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disco_info_to_strangers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iq_answer_sender, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_future_stamp_clamped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_groupchat_forged_delay, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forged_stanza_id_before_servers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
