/* test_xmpp_muc_mam.c - room archives: catch-up after a join, de-duplication
 * against the join history, older pages, who may answer; and the room outbox */
#include <stdio.h>

#include "unit.h"
#include "xmpp_fixture.h"

#define ROOM     "room@muc.example.org"
#define MUCU     "http://jabber.org/protocol/muc#user"
#define MAM_FEAT "<feature var='urn:xmpp:mam:2'/>"

/* The backend a test talks to: messages and the archive. */
static const struct core_backend room_backend_double = {
    .send_message = xmessage_send,
    .fetch_older = xmam_fetch_older,
};

/* cmocka setup: the usual session with our backend, an empty archive state. */
static int mm_setup(void **state)
{
	fix_setup(state);
	core_set_backend(&room_backend_double);
	xmam_reset();
	return 0;
}

/* cmocka teardown. */
static int mm_teardown(void **state)
{
	rooms_reset();
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

/* Copy the value of attribute attr (as attr="value") in s into out. */
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

/* Our self-presence in ROOM as alice (status 110). */
static void self_presence(void)
{
	fix_feed(xh_presence, "<presence from='" ROOM "/alice'><x xmlns='" MUCU "'>"
	                      "<item affiliation='member' role='participant'/>"
	                      "<status code='110'/></x></presence>");
}

/* Answer the newest disco#info query to ROOM with features. */
static void room_disco_answer(const char *features)
{
	const char *d = sent_last("disco#info");
	assert_non_null(d);
	assert_non_null(strstr(d, "to=\"" ROOM "\""));
	char id[32], xml[512];
	fix_sent_id(d, id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='" ROOM "'>"
	         "<query xmlns='http://jabber.org/protocol/disco#info'>"
	         "<identity category='conference' type='text'/>%s</query></iq>",
	         id, features);
	fix_feed(xh_iq, xml);
}

/* Online, joined to ROOM as alice (the room keeps an archive when mam). */
static struct room *joined(bool mam)
{
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(core_room_join(ROOM, "alice", NULL), 0);
	self_presence();
	room_disco_answer(mam ? MAM_FEAT : "");
	struct room *r = room_find(ROOM);
	assert_int_equal(r->state, ROOM_JOINED);
	return r;
}

/* The newest archive query, with its iq id and queryid. */
static const char *last_query(char *iqid, char *qid)
{
	const char *q = sent_last("queryid");
	assert_non_null(q);
	fix_sent_id(q, iqid, 32);
	attr_of(q, "queryid", qid, 32);
	return q;
}

/* Feed an archive result from 'from' for qid: archive id aid, said by nick. */
static void feed_result(const char *from, const char *qid, const char *aid, const char *nick,
                        const char *extra)
{
	char xml[2048];
	snprintf(xml, sizeof(xml),
	         "<message from='%s' to='alice@example.org/natter'>"
	         "<result xmlns='urn:xmpp:mam:2' queryid='%s' id='%s'>"
	         "<forwarded xmlns='urn:xmpp:forward:0'>"
	         "<delay xmlns='urn:xmpp:delay' stamp='2020-01-02T03:04:05Z'/>"
	         "<message xmlns='jabber:client' type='groupchat' from='" ROOM "/%s'>%s"
	         "</message></forwarded></result></message>",
	         from, qid, aid, nick, extra);
	fix_feed(xh_message, xml);
}

/* Answer archive iq iqid from ROOM with a <fin/> (last may be NULL). */
static void feed_fin(const char *iqid, bool complete, const char *last)
{
	char xml[1024];
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='" ROOM "'><fin xmlns='urn:xmpp:mam:2'%s>"
	         "<set xmlns='http://jabber.org/protocol/rsm'>%s%s%s</set></fin></iq>",
	         iqid, complete ? " complete='true'" : "", last ? "<last>" : "", last ? last : "",
	         last ? "</last>" : "");
	fix_feed(xh_iq, xml);
}

/* The number of messages in cv whose body contains needle. */
static int count_lines(const struct conv *cv, const char *needle)
{
	int n = 0;
	for (size_t i = 0; cv && i < cv->len; i++)
		if (strstr(cv->msgs[i]->body, needle))
			n++;
	return n;
}

/* The newest message in cv whose body contains needle. */
static struct message *find_line(const struct conv *cv, const char *needle)
{
	for (size_t i = cv ? cv->len : 0; i-- > 0;)
		if (strstr(cv->msgs[i]->body, needle))
			return cv->msgs[i];
	return NULL;
}

/* After our self-presence the room's disco#info is asked; with an archive
 * the newest page is fetched from the room itself; results become room
 * messages, ours (by nick) outgoing, each with the room's archive id. */
static void test_catchup_after_join(void **state)
{
	(void)state;
	struct room *r = joined(true);
	char iqid[32], qid[32];
	const char *q = last_query(iqid, qid);
	assert_non_null(strstr(q, "to=\"" ROOM "\""));
	assert_non_null(strstr(q, "<before/>"));
	assert_null(strstr(q, "var=\"with\""));
	feed_result(ROOM, qid, "a1", "bob", "<body>said while away</body>");
	feed_result(ROOM, qid, "a2", "alice",
	            "<body>mine</body><origin-id xmlns='urn:xmpp:sid:0' id='o2'/>");
	struct message *m = find_line(r->conv, "said while away");
	assert_non_null(m);
	assert_int_equal(m->dir, MSG_IN);
	assert_string_equal(m->from, "bob");
	assert_string_equal(m->stanza_id, "a1");
	assert_int_equal(m->ts, 1577934245);
	m = find_line(r->conv, "mine");
	assert_non_null(m);
	assert_int_equal(m->dir, MSG_OUT);
	assert_string_equal(m->id, "o2");
	feed_fin(iqid, true, "a2");
	assert_int_equal(count_lines(r->conv, "2 messages from the room's archive"), 1);
}

/* A room without the archive feature is not queried. */
static void test_no_archive_no_query(void **state)
{
	(void)state;
	joined(false);
	assert_int_equal(sent_count("urn:xmpp:mam:2"), 0);
	assert_false(xmuc_mam_known(ROOM));
}

/* Only the room itself may answer, only for our queryid in flight; hostile
 * text is sanitized; results not from an occupant are skipped. */
static void test_results_accepted_only_from_room(void **state)
{
	(void)state;
	struct room *r = joined(true);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	feed_result(ROOM "/bob", qid, "f1", "bob", "<body>forged by occupant</body>");
	feed_result("alice@example.org", qid, "f2", "bob", "<body>forged by account</body>");
	feed_result("evil@muc.example.org", qid, "f3", "bob", "<body>forged by other</body>");
	feed_result(ROOM, "not-ours", "f4", "bob", "<body>other query</body>");
	assert_int_equal(count_lines(r->conv, "forged"), 0);
	assert_int_equal(count_lines(r->conv, "other query"), 0);
	feed_result(ROOM, qid, "h1", "bob", "<body>evil &#x9b;31m&#x202e;text</body>");
	struct message *m = find_line(r->conv, "text");
	assert_non_null(m);
	assert_null(strstr(m->body, "\xc2\x9b"));
	assert_null(strstr(m->body, "\xe2\x80\xae"));
	/* a subject, an empty id, and a message from outside the room are skipped */
	feed_result(ROOM, qid, "h2", "bob", "<subject>topic</subject><body>subject body</body>");
	feed_result(ROOM, qid, "", "bob", "<body>no id</body>");
	assert_int_equal(count_lines(r->conv, "subject body"), 0);
	assert_int_equal(count_lines(r->conv, "no id"), 0);
	/* after the answer, the queryid is no longer in flight */
	feed_fin(iqid, true, "h1");
	feed_result(ROOM, qid, "late", "bob", "<body>too late</body>");
	assert_int_equal(count_lines(r->conv, "too late"), 0);
}

/* The join history and the archive carry the same message: shown once. */
static void test_dedup_against_join_history(void **state)
{
	(void)state;
	core_set_conn_state(CONN_ONLINE, NULL);
	assert_int_equal(core_room_join(ROOM, "alice", NULL), 0);
	self_presence();
	struct room *r = room_find(ROOM);
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='x1'>"
	                     "<body>from history</body>"
	                     "<delay xmlns='urn:xmpp:delay' from='" ROOM "' "
	                     "stamp='2020-01-02T03:04:05Z'/>"
	                     "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='s1'/></message>");
	room_disco_answer(MAM_FEAT);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	feed_result(ROOM, qid, "s1", "bob", "<body>from history</body>");
	assert_int_equal(count_lines(r->conv, "from history"), 1);
}

/* A rejoin after reconnecting asks for no join history and continues the
 * archive after the newest id seen (including live ones). */
static void test_rejoin_continues_after_cursor(void **state)
{
	(void)state;
	struct room *r = joined(true);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	feed_fin(iqid, true, "a5");
	fix_feed(xh_message, "<message type='groupchat' from='" ROOM "/bob' id='l1'>"
	                     "<body>live</body>"
	                     "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='a6'/></message>");
	assert_int_equal(count_lines(r->conv, "live"), 1);
	fix_clear_sent();
	core_session_ended();
	core_rooms_session_started(false);
	const char *join = sent_last("http://jabber.org/protocol/muc\"");
	assert_non_null(join);
	assert_non_null(strstr(join, "maxstanzas=\"0\""));
	self_presence();
	room_disco_answer(MAM_FEAT);
	const char *q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<after>a6</after>"));
	assert_null(strstr(q, "<before"));
}

/* The room forgot our cursor: one page of the newest instead. */
static void test_expired_cursor(void **state)
{
	(void)state;
	joined(true);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	feed_fin(iqid, true, "gone");
	core_rooms_session_started(false);
	self_presence();
	room_disco_answer(MAM_FEAT);
	const char *q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<after>gone</after>"));
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s' from='" ROOM "'><error type='cancel'>"
	         "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         iqid);
	fix_feed(xh_iq, xml);
	q = last_query(iqid, qid);
	assert_non_null(strstr(q, "<before/>"));
}

/* Scrolling up past local history pages the room's archive, before the
 * oldest archive id held; results go in front. */
static void test_older_pages_from_room(void **state)
{
	(void)state;
	struct room *r = joined(true);
	char iqid[32], qid[32];
	last_query(iqid, qid);
	feed_result(ROOM, qid, "n5", "bob", "<body>newest</body>");
	feed_fin(iqid, true, "n5");
	r->conv->history_done = true;
	core_load_older(r->conv);
	const char *q = last_query(iqid, qid);
	assert_non_null(strstr(q, "to=\"" ROOM "\""));
	assert_non_null(strstr(q, "<before>n5</before>"));
	assert_true(r->conv->archive_busy);
	feed_result(ROOM, qid, "n1", "carol", "<body>older one</body>");
	feed_fin(iqid, true, "n1");
	assert_false(r->conv->archive_busy);
	assert_true(r->conv->archive_done);
	struct message *m = find_line(r->conv, "older one");
	assert_non_null(m);
	assert_string_equal(m->from, "carol");
	assert_ptr_equal(r->conv->msgs[0], m);
}

/* A message typed while the room is being rejoined waits for our
 * self-presence, then goes out once. */
static void test_outbox_waits_for_rejoin(void **state)
{
	(void)state;
	struct room *r = joined(false);
	core_session_ended();
	core_set_conn_state(CONN_OFFLINE, NULL);
	assert_int_equal(core_send(r->conv, "typed offline"), 0);
	struct message *m = find_line(r->conv, "typed offline");
	assert_int_equal(m->state, MSG_SENDING);
	fix_clear_sent();
	core_set_conn_state(CONN_ONLINE, NULL);
	core_session_started(false);
	core_rooms_session_started(false);
	assert_int_equal(sent_count("typed offline"), 0);
	assert_int_equal(r->state, ROOM_JOINING);
	assert_int_equal(core_send(r->conv, "typed while joining"), 0);
	assert_int_equal(sent_count("typed while joining"), 0);
	self_presence();
	assert_int_equal(sent_count("typed offline"), 1);
	assert_int_equal(sent_count("typed while joining"), 1);
	const char *s = sent_last("typed offline");
	assert_non_null(strstr(s, "type=\"groupchat\""));
	assert_int_equal(m->state, MSG_SENDING);
	assert_int_equal(m->attempts, 1);
}

/* When the rejoin fails, what waited is failed in plain words; a room we
 * left takes no messages at all. */
static void test_outbox_rejoin_fails(void **state)
{
	(void)state;
	struct room *r = joined(false);
	core_rooms_session_started(false);
	assert_int_equal(core_send(r->conv, "waiting"), 0);
	struct message *m = find_line(r->conv, "waiting");
	fix_feed(xh_presence, "<presence type='error' from='" ROOM "/alice'><error type='auth'>"
	                      "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
	                      "</error></presence>");
	assert_int_equal(r->state, ROOM_FAILED);
	assert_int_equal(m->state, MSG_FAILED);
	assert_non_null(m->error);
	assert_non_null(strstr(m->error, "could not join the room again"));
	assert_int_equal(sent_count("waiting"), 0);
	assert_int_equal(core_send(r->conv, "after failure"), -1);
	assert_int_equal(count_lines(r->conv, "not sent: you are not in this room"), 1);
}

/* /part while a message waits for the rejoin fails it. */
static void test_outbox_part_fails_waiting(void **state)
{
	(void)state;
	struct room *r = joined(false);
	core_rooms_session_started(false);
	assert_int_equal(core_send(r->conv, "never"), 0);
	core_room_part(r, NULL);
	struct message *m = find_line(r->conv, "never");
	assert_int_equal(m->state, MSG_FAILED);
	assert_string_equal(m->error, "not sent: you left the room");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_catchup_after_join, mm_setup, mm_teardown),
	    cmocka_unit_test_setup_teardown(test_no_archive_no_query, mm_setup, mm_teardown),
	    cmocka_unit_test_setup_teardown(test_results_accepted_only_from_room, mm_setup,
	                                    mm_teardown),
	    cmocka_unit_test_setup_teardown(test_dedup_against_join_history, mm_setup, mm_teardown),
	    cmocka_unit_test_setup_teardown(test_rejoin_continues_after_cursor, mm_setup,
	                                    mm_teardown),
	    cmocka_unit_test_setup_teardown(test_expired_cursor, mm_setup, mm_teardown),
	    cmocka_unit_test_setup_teardown(test_older_pages_from_room, mm_setup, mm_teardown),
	    cmocka_unit_test_setup_teardown(test_outbox_waits_for_rejoin, mm_setup, mm_teardown),
	    cmocka_unit_test_setup_teardown(test_outbox_rejoin_fails, mm_setup, mm_teardown),
	    cmocka_unit_test_setup_teardown(test_outbox_part_fails_waiting, mm_setup, mm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
