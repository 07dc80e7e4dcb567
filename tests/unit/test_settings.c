/* test_settings.c - the settings table: types, ranges, defaults, secrets */
#include "unit.h"

#include "settings.h"

/* Every test starts from the defaults. */
static int reset(void **state)
{
	(void)state;
	settings_free_all();
	return 0;
}

/* The documented defaults. */
static void test_defaults(void **state)
{
	(void)state;
	assert_string_equal(setting_str("jid"), "");
	assert_string_equal(setting_str("password"), "");
	assert_string_equal(setting_str("resource"), "natter");
	assert_string_equal(setting_str("time_format"), "%H:%M");
	assert_int_equal(setting_int("port"), 0);
	assert_int_equal(setting_int("ping_interval"), 60);
	assert_int_equal(setting_int("ping_timeout"), 30);
	assert_int_equal(setting_int("roster_width"), 24);
	assert_int_equal(setting_int("scrollback"), 2000);
	assert_false(setting_bool("direct_tls"));
	assert_string_equal(setting_str("direct_tls"), "off");
}

/* The table itself is consistent: unique names, defaults valid for their type. */
static void test_table_sane(void **state)
{
	(void)state;
	int n = 0;
	for (const struct setting *s = settings_table; s->name; s++, n++) {
		assert_true(s->help && *s->help);
		assert_ptr_equal(setting_find(s->name), s);
		assert_int_equal(setting_set(s->name, s->def, NULL), 0);
		assert_string_equal(setting_str(s->name), s->def);
		if (s->type == SET_INT) {
			assert_true(s->min <= s->max);
			assert_in_range(setting_int(s->name), s->min, s->max);
		}
	}
	assert_int_equal(n, 31);
}

/* Integers: the range ends are accepted, anything else refused unchanged. */
static void test_int_range(void **state)
{
	(void)state;
	const char *err = NULL;
	assert_int_equal(setting_set("port", "65535", &err), 0);
	assert_int_equal(setting_int("port"), 65535);
	assert_int_equal(setting_set("port", "0", &err), 0);
	assert_int_equal(setting_int("port"), 0);
	assert_int_equal(setting_set("port", "5222", &err), 0);

	static const char *const bad[] = {
	    "65536", "-1", "abc", "", "12x", " 80", "99999999999999999999"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		assert_int_equal(setting_set("port", bad[i], &err), -1);
		assert_string_equal(err, "port must be a number between 0 and 65535");
		assert_int_equal(setting_int("port"), 5222);
	}
	assert_int_equal(setting_set("ping_timeout", "0", &err), -1);
	assert_string_equal(err, "ping_timeout must be a number between 1 and 3600");
	assert_int_equal(setting_set("scrollback", "99", &err), -1);
	assert_int_equal(setting_set("scrollback", "100", &err), 0);
	assert_int_equal(setting_int("scrollback"), 100);
	assert_int_equal(setting_set("ping_interval", "86401", &err), -1);
	assert_int_equal(setting_set("ping_interval", "0", &err), 0);
	assert_int_equal(setting_int("ping_interval"), 0);
	/* Stored in canonical form. */
	assert_int_equal(setting_set("roster_width", "+030", &err), 0);
	assert_string_equal(setting_str("roster_width"), "30");
}

/* Booleans take on/off, true/false, yes/no, 1/0 in any case. */
static void test_bool_words(void **state)
{
	(void)state;
	static const char *const on[] = {"on", "true", "yes", "1", "ON", "Yes"};
	static const char *const off[] = {"off", "false", "no", "0", "OFF", "False"};
	const char *err = NULL;
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		assert_int_equal(setting_set("direct_tls", off[i], &err), 0);
		assert_false(setting_bool("direct_tls"));
		assert_string_equal(setting_str("direct_tls"), "off");
		assert_int_equal(setting_set("direct_tls", on[i], &err), 0);
		assert_true(setting_bool("direct_tls"));
		assert_int_equal(setting_int("direct_tls"), 1);
		assert_string_equal(setting_str("direct_tls"), "on");
	}
	assert_int_equal(setting_set("direct_tls", "maybe", &err), -1);
	assert_non_null(strstr(err, "direct_tls must be on or off"));
	assert_true(setting_bool("direct_tls"));
}

/* Strings keep what was given, spaces included. */
static void test_strings(void **state)
{
	(void)state;
	assert_int_equal(setting_set("time_format", "%H:%M  %S", NULL), 0);
	assert_string_equal(setting_str("time_format"), "%H:%M  %S");
	assert_int_equal(setting_set("password_cmd", "pass show xmpp/me", NULL), 0);
	assert_string_equal(setting_str("password_cmd"), "pass show xmpp/me");
	assert_int_equal(setting_set("server", "", NULL), 0);
	assert_string_equal(setting_str("server"), "");
}

/* The jid must look like a JID (or be empty). */
static void test_jid_checked(void **state)
{
	(void)state;
	const char *err = NULL;
	assert_int_equal(setting_set("jid", "alice@example.org", &err), 0);
	assert_int_equal(setting_set("jid", "alice@", &err), -1);
	assert_non_null(strstr(err, "jid must be a valid JID"));
	assert_int_equal(setting_set("jid", "bad jid@example.org", &err), -1);
	assert_string_equal(setting_str("jid"), "alice@example.org");
	assert_int_equal(setting_set("jid", "", &err), 0);
	assert_string_equal(setting_str("jid"), "");
}

/* Unset goes back to the default; so does a NULL value. */
static void test_unset(void **state)
{
	(void)state;
	assert_int_equal(setting_set("port", "5223", NULL), 0);
	assert_int_equal(setting_set("resource", "laptop", NULL), 0);
	setting_unset("port");
	setting_unset("resource");
	assert_int_equal(setting_int("port"), 0);
	assert_string_equal(setting_str("port"), "0");
	assert_string_equal(setting_str("resource"), "natter");
	assert_int_equal(setting_set("roster_width", "10", NULL), 0);
	assert_int_equal(setting_set("roster_width", NULL, NULL), 0);
	assert_int_equal(setting_int("roster_width"), 24);
	setting_unset("no_such_setting");
	assert_int_equal(setting_set("jid", "a@b", NULL), 0);
	settings_free_all();
	assert_string_equal(setting_str("jid"), "");
}

/* Only the password is secret; it can be set and cleared like the others. */
static void test_secret(void **state)
{
	(void)state;
	for (const struct setting *s = settings_table; s->name; s++)
		assert_int_equal(s->secret, strcmp(s->name, "password") == 0);
	assert_int_equal(setting_set("password", "hunter2 and more", NULL), 0);
	assert_string_equal(setting_str("password"), "hunter2 and more");
	setting_unset("password");
	assert_string_equal(setting_str("password"), "");
}

/* Unknown names are refused and read as empty. */
static void test_unknown(void **state)
{
	(void)state;
	const char *err = NULL;
	assert_null(setting_find("nope"));
	assert_null(setting_find("por"));
	assert_int_equal(setting_set("nope", "1", &err), -1);
	assert_string_equal(err, "unknown setting nope (/set lists them)");
	assert_string_equal(setting_str("nope"), "");
	assert_int_equal(setting_int("nope"), 0);
	assert_false(setting_bool("nope"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_defaults, reset),
	    cmocka_unit_test_setup(test_table_sane, reset),
	    cmocka_unit_test_setup(test_int_range, reset),
	    cmocka_unit_test_setup(test_bool_words, reset),
	    cmocka_unit_test_setup(test_strings, reset),
	    cmocka_unit_test_setup(test_jid_checked, reset),
	    cmocka_unit_test_setup(test_unset, reset),
	    cmocka_unit_test_setup(test_secret, reset),
	    cmocka_unit_test_setup(test_unknown, reset),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	settings_free_all();
	return rc;
}
