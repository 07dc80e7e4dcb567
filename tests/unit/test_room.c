/* test_room.c - the room model: occupants and their nick index, room and
 * PM tabs, titles, and the show_joins setting */
#include <stdio.h>

#include "unit.h"

#include "core.h"
#include "settings.h"

#define ROOM "room@muc.example.org"

/* Free the model after each test. */
static int teardown(void **state)
{
	(void)state;
	core_free_all();
	settings_free_all();
	return 0;
}

/* Occupants are found by nick after adds, removals (the last fills the
 * gap) and renames, among many. */
static void test_nick_index(void **state)
{
	(void)state;
	struct room *r = room_get(ROOM);
	char nick[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(nick, sizeof(nick), "nick%d", i);
		room_occupant_set(r, nick, NULL, ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE, NULL);
	}
	assert_int_equal(r->noccupants, 5000);
	room_occupant_remove(r, "nick0");
	assert_null(room_occupant_find(r, "nick0"));
	assert_int_equal(r->noccupants, 4999);
	struct occupant *last = room_occupant_find(r, "nick4999");
	assert_non_null(last);
	assert_string_equal(last->nick, "nick4999");
	room_occupant_rename(r, "nick4999", "renamed");
	assert_null(room_occupant_find(r, "nick4999"));
	assert_ptr_equal(room_occupant_find(r, "renamed"), last);
	/* updating keeps one entry and the new values */
	room_occupant_set(r, "renamed", "x@example.org", ROLE_MODERATOR, AFFIL_OWNER, SHOW_AWAY,
	                  "brb");
	assert_int_equal(r->noccupants, 4999);
	assert_int_equal(last->role, ROLE_MODERATOR);
	assert_string_equal(last->status, "brb");
	for (int i = 1; i < 4999; i++) {
		snprintf(nick, sizeof(nick), "nick%d", i);
		struct occupant *o = room_occupant_find(r, nick);
		assert_non_null(o);
		assert_string_equal(o->nick, nick);
	}
	room_occupants_clear(r);
	assert_int_equal(r->noccupants, 0);
	assert_null(room_occupant_find(r, "nick7"));
}

/* Room tabs, PM tabs and chats stay apart; the title carries the topic. */
static void test_tabs(void **state)
{
	(void)state;
	struct room *r = room_get("Room@MUC.example.org");
	assert_string_equal(r->jid, ROOM);
	assert_ptr_equal(room_find("ROOM@muc.example.org"), r);
	struct conv *rc = conv_open(ROOM);
	assert_int_equal(rc->type, CONV_ROOM);
	assert_ptr_equal(r->conv, rc);
	struct conv *pm = conv_open(ROOM "/Bob");
	assert_int_equal(pm->type, CONV_PRIVATE);
	assert_string_equal(pm->jid, ROOM "/Bob");
	assert_ptr_equal(conv_find(ROOM "/Bob"), pm);
	assert_null(conv_find(ROOM "/bob"));
	assert_ptr_equal(conv_find(ROOM), rc);
	struct conv *chat = conv_open("bob@example.org/phone");
	assert_int_equal(chat->type, CONV_CHAT);
	assert_string_equal(chat->jid, "bob@example.org");
	assert_ptr_equal(room_of_conv(pm), r);
	assert_ptr_equal(room_of_conv(rc), r);
	assert_null(room_of_conv(chat));
	room_set_subject(r, "weekly sync", "bob");
	assert_string_equal(rc->title, ROOM ": weekly sync");
	room_set_subject(r, NULL, "bob");
	assert_string_equal(rc->title, ROOM);
	conv_close(rc);
	assert_null(r->conv);
}

/* show_joins: on, off, or a room size limit. */
static void test_show_joins(void **state)
{
	(void)state;
	struct room *r = room_get(ROOM);
	room_occupant_set(r, "a", NULL, ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE, NULL);
	room_occupant_set(r, "b", NULL, ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE, NULL);
	assert_true(room_show_joins(r));
	assert_int_equal(setting_set("show_joins", "1", NULL), 0);
	assert_false(room_show_joins(r));
	assert_int_equal(setting_set("show_joins", "2", NULL), 0);
	assert_true(room_show_joins(r));
	assert_int_equal(setting_set("show_joins", "off", NULL), 0);
	assert_false(room_show_joins(r));
	assert_int_equal(setting_set("show_joins", "on", NULL), 0);
	assert_true(room_show_joins(r));
}

/* Roles and affiliations by name. */
static void test_names(void **state)
{
	(void)state;
	enum muc_role role;
	enum muc_affil affil;
	assert_int_equal(muc_role_parse("Moderator", &role), 0);
	assert_int_equal(role, ROLE_MODERATOR);
	assert_int_equal(muc_role_parse("king", &role), -1);
	assert_int_equal(muc_affil_parse("outcast", &affil), 0);
	assert_int_equal(affil, AFFIL_OUTCAST);
	assert_string_equal(muc_affil_name(AFFIL_OWNER), "owner");
	assert_string_equal(muc_role_name((enum muc_role)99), "none");
}

/* Joining offline waits; a bad room or nick is refused in words. */
static void test_join_offline(void **state)
{
	(void)state;
	assert_int_equal(core_room_join("not a jid", NULL, NULL), -1);
	assert_int_equal(core_room_join("muc.example.org", NULL, NULL), -1);
	assert_int_equal(core_room_join(ROOM, "", NULL), -1);
	assert_int_equal(setting_set("jid", "alice@example.org", NULL), 0);
	assert_int_equal(core_room_join(ROOM, NULL, NULL), 0);
	struct room *r = room_find(ROOM);
	assert_non_null(r);
	assert_string_equal(r->nick, "alice");
	assert_int_equal(r->state, ROOM_PARTED);
	struct conv *cv = r->conv;
	assert_non_null(strstr(cv->msgs[cv->len - 1]->body, "once connected"));
	/* sending in a room we are not in is refused */
	assert_int_equal(core_send(cv, "hello"), -1);
}

/* Run the tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_nick_index, teardown),
	    cmocka_unit_test_teardown(test_tabs, teardown),
	    cmocka_unit_test_teardown(test_show_joins, teardown),
	    cmocka_unit_test_teardown(test_names, teardown),
	    cmocka_unit_test_teardown(test_join_offline, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
