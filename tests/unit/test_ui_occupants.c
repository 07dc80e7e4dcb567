/* test_ui_occupants.c - the occupants pane's rows (groups by role, order by
 * nick, counts, filter, incremental updates that match a rebuild) and how
 * room messages are laid out (nick colours, own nick, mentions, /me) */
#include "unit.h"

#include <locale.h>
#include <stdio.h>

#include "../../src/ui/uitext.h"
#include "core.h"
#include "settings.h"
#include "timer.h"
#include "xmalloc.h"

static struct occlist *ol;
static struct room *room;
static int resets;

/* The list follows the model as the pane does: occupant by occupant, or a
 * rebuild when many changed (or one left). */
static void on_occupant_changed(void *ud, struct room *r, const struct occupant *o)
{
	(void)ud;
	if (r != room || ol == NULL)
		return;
	if (o) {
		occlist_update(ol, o);
	} else {
		resets++;
		occlist_reset(ol, r->occupants, r->noccupants);
	}
}

static const struct core_listener listener = {.occupant_changed = on_occupant_changed};

/* A room with an empty list. */
static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	core_set_listener(&listener, NULL);
	room = room_get("den@conference.example.org");
	xstrset(&room->nick, "me");
	ol = occlist_new();
	resets = 0;
	return 0;
}

/* Free everything. */
static int teardown(void **state)
{
	(void)state;
	occlist_free(ol);
	ol = NULL;
	room = NULL;
	timer_clear();
	core_free_all();
	room_free_all();
	settings_free_all();
	core_set_listener(NULL, NULL);
	return 0;
}

/* Add or change an occupant. */
static void occ(const char *nick, enum muc_role role, enum muc_affil affil, enum show show)
{
	room_occupant_set(room, nick, NULL, role, affil, show, NULL);
}

/* The pane's rows as text: "H:Moderators:2" or "~alice". Caller frees. */
static char *dump(const struct occlist *l)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = occlist_count(l);
	struct occ_row *rows = xcalloc(n ? n : 1, sizeof(*rows));
	size_t got = occlist_rows(l, 0, rows, n);
	assert_int_equal(got, n);
	for (size_t i = 0; i < got; i++) {
		if (rows[i].kind == OCC_HEADER)
			strbuf_addf(&sb, "[%s %zu]", occupant_group_name(rows[i].role),
			            rows[i].count);
		else
			strbuf_addf(&sb, "%s%s ", occupant_affil_mark(rows[i].o->affil),
			            rows[i].o->nick);
	}
	free(rows);
	char *s = xstrdup(strbuf_str(&sb));
	strbuf_free(&sb);
	return s;
}

/* Check that the incrementally kept list equals a fresh rebuild. */
static void assert_matches_rebuild(void)
{
	struct occlist *fresh = occlist_new();
	occlist_reset(fresh, room->occupants, room->noccupants);
	char *a = dump(ol), *b = dump(fresh);
	assert_string_equal(a, b);
	free(a);
	free(b);
	occlist_free(fresh);
}

/* Groups by role in a fixed order, nicks in any case order, marks. */
static void test_groups(void **state)
{
	(void)state;
	occ("zed", ROLE_PARTICIPANT, AFFIL_MEMBER, SHOW_ONLINE);
	occ("Bob", ROLE_MODERATOR, AFFIL_ADMIN, SHOW_AWAY);
	occ("alice", ROLE_MODERATOR, AFFIL_OWNER, SHOW_ONLINE);
	occ("carol", ROLE_PARTICIPANT, AFFIL_NONE, SHOW_DND);
	occ("eve", ROLE_VISITOR, AFFIL_NONE, SHOW_ONLINE);
	char *s = dump(ol);
	assert_string_equal(s, "[Moderators 2]~alice &Bob [Participants 2] carol +zed "
	                       "[Visitors 1] eve ");
	free(s);
	assert_matches_rebuild();
	/* eve is voiced: she moves group; the visitors' header goes */
	occ("eve", ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE);
	s = dump(ol);
	assert_string_equal(s, "[Moderators 2]~alice &Bob [Participants 3] carol  eve +zed ");
	free(s);
	assert_matches_rebuild();
	/* a rename keeps the row (same occupant) but moves it */
	room_occupant_rename(room, "zed", "aaron");
	assert_matches_rebuild();
	room_occupant_remove(room, "carol");
	assert_matches_rebuild();
	assert_int_equal(occlist_size(ol), 4);
	assert_string_equal(occupant_affil_mark(AFFIL_NONE), " ");
	assert_string_equal(occupant_affil_mark(AFFIL_OUTCAST), "!");
}

/* The filter keeps matching nicks (any case) with their group headers. */
static void test_filter(void **state)
{
	(void)state;
	occ("alice", ROLE_MODERATOR, AFFIL_OWNER, SHOW_ONLINE);
	occ("Malcolm", ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE);
	occ("bob", ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE);
	occlist_set_filter(ol, "AL");
	char *s = dump(ol);
	assert_string_equal(s, "[Moderators 1]~alice [Participants 1] Malcolm ");
	free(s);
	occlist_set_filter(ol, "nobody");
	assert_int_equal(occlist_count(ol), 0);
	occlist_set_filter(ol, "");
	assert_int_equal(occlist_count(ol), 5);
}

/* Rows from an offset: what a scrolled pane asks for. */
static void test_offset(void **state)
{
	(void)state;
	occ("a", ROLE_MODERATOR, AFFIL_NONE, SHOW_ONLINE);
	occ("b", ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE);
	occ("c", ROLE_PARTICIPANT, AFFIL_NONE, SHOW_ONLINE);
	struct occ_row rows[4];
	size_t n = occlist_rows(ol, 3, rows, 4);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].o->nick, "b");
	assert_string_equal(rows[1].o->nick, "c");
	n = occlist_rows(ol, 2, rows, 1);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].kind, OCC_HEADER);
	assert_int_equal(rows[0].count, 2);
}

/* A thousand occupants and random churn: the list always equals a rebuild,
 * and presence changes never needed one. */
static void test_churn(void **state)
{
	(void)state;
	srand(5);
	char nick[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(nick, sizeof(nick), "%c%d", 'a' + i % 26, i);
		occ(nick, (enum muc_role)(1 + i % 3), (enum muc_affil)(i % 5), SHOW_ONLINE);
	}
	assert_int_equal(occlist_size(ol), 1000);
	for (int k = 0; k < 3000; k++) {
		int i = rand() % 1000;
		snprintf(nick, sizeof(nick), "%c%d", 'a' + i % 26, i);
		occ(nick, (enum muc_role)(1 + rand() % 3), (enum muc_affil)(rand() % 5),
		    (enum show)(rand() % 5));
	}
	assert_int_equal(resets, 0);
	assert_matches_rebuild();
	assert_int_equal(occlist_count(ol), 1003);
}

/* Find the style of the first byte of text in st. */
static enum ui_style style_of(const struct styled *st, const char *text)
{
	const char *s = strbuf_str(&st->text);
	const char *p = strstr(s, text);
	assert_non_null(p);
	return styled_run(st, (size_t)(p - s), NULL);
}

/* Room messages: the sender in its colour, ours in ours, mentions
 * highlighted, /me as an action, chats unchanged. */
static void test_msgfmt(void **state)
{
	(void)state;
	setting_set("time_format", "", &(const char *){NULL});
	nickcolor_set_palette(256);
	struct message *m = message_new(MSG_IN, "Romeo", "hello me, how are you", NULL, 0);
	struct styled st = {0};
	msgfmt_build_in(&st, m, room);
	assert_string_equal(strbuf_str(&st.text), "<Romeo> hello me, how are you");
	assert_int_equal(style_of(&st, "Romeo"), nickcolor_style("Romeo"));
	assert_int_equal(style_of(&st, "hello"), ST_MENTION);
	styled_free(&st);
	msgfmt_build(&st, m); /* not a room: plain */
	assert_int_equal(style_of(&st, "Romeo"), ST_NICK_IN);
	assert_int_equal(style_of(&st, "hello"), ST_NORMAL);
	styled_free(&st);
	message_free(m);

	m = message_new(MSG_IN, "Romeo", "/me waves at mercutio", NULL, 0);
	msgfmt_build_in(&st, m, room);
	assert_string_equal(strbuf_str(&st.text), "* Romeo waves at mercutio");
	assert_int_equal(style_of(&st, "waves"), ST_NORMAL);
	styled_free(&st);
	message_free(m);

	m = message_new(MSG_OUT, "me", "me too", NULL, 0);
	msgfmt_build_in(&st, m, room);
	assert_int_equal(style_of(&st, "<me>"), ST_OWN_NICK);
	assert_int_equal(style_of(&st, "me too"), ST_NORMAL); /* our own never highlights */
	styled_free(&st);
	message_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_offset, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_churn, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_msgfmt, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
