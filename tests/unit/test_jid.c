/* test_jid.c - JID splitting, bare forms and shape checks */
#include "unit.h"

#include <stdio.h>

#include "jid.h"

/* A JID and whether jid_valid() must accept it. */
struct valid_case {
	const char *jid;
	bool valid;
};

static const struct valid_case valid_cases[] = {
    {"user@example.com", true},
    {"example.com", true},
    {"user@example.com/laptop", true},
    {"room@muc.example.com/Nick With Spaces", true},
    {"user@example.com/res/with/slash@and@at", true},
    {"example.com/just-a-resource", true},
    {"user@[::1]", true},
    {"user@192.0.2.1/r", true},
    {"\xc3\xbcser@ex\xc3\xa4mple.com", true},
    {"user@example.com.", true},
    {"a@b", true},
    {"", false},
    {"@example.com", false},
    {"user@", false},
    {"user@/res", false},
    {"/res", false},
    {"user@example.com/", false},
    {"us er@example.com", false},
    {"user@exa mple.com", false},
    {" user@example.com", false},
    {"user\t@example.com", false},
    {"user@example.com\x07", false},
    {"user\x01@example.com", false},
    {"user@example.com/res\x1b[31m", false},
    {"user@example.com/res\xc2\x9b", false},
    {"user@example.com/line\nbreak", false},
    {"us\xc2\xa0"
     "er@example.com",
     false},
    {"user@ex\xe3\x80\x80"
     "ample.com",
     false},
    {"a@b@c", false},
    {"us\"er@example.com", false},
    {"us&er@example.com", false},
    {"us'er@example.com", false},
    {"us:er@example.com", false},
    {"us<er@example.com", false},
    {"us>er@example.com", false},
    {"user@\xff.com", false},
    {"user@example.com/\xc0\xaf", false},
    {"user@.example.com", false},
    {"user@example..com", false},
    {"user@.", false},
    {"user@example.com..", false},
};

/* jid_valid accepts usable JIDs and refuses malformed ones. */
static void test_valid_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++) {
		bool got = jid_valid(valid_cases[i].jid);

		if (got != valid_cases[i].valid)
			print_error("case %zu: jid_valid gave %d\n", i, got);
		assert_int_equal(got, valid_cases[i].valid);
	}
	assert_false(jid_valid(NULL));
}

/* A string of n copies of c. Caller frees. */
static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* Each part may be 1023 bytes, not 1024. */
static void test_part_lengths(void **state)
{
	char *p1023 = repeat('a', 1023), *p1024 = repeat('a', 1024);
	char buf[4096];

	(void)state;
	snprintf(buf, sizeof(buf), "%s@example.com/r", p1023);
	assert_true(jid_valid(buf));
	snprintf(buf, sizeof(buf), "%s@example.com/r", p1024);
	assert_false(jid_valid(buf));
	snprintf(buf, sizeof(buf), "u@%s/r", p1023);
	assert_true(jid_valid(buf));
	snprintf(buf, sizeof(buf), "u@%s/r", p1024);
	assert_false(jid_valid(buf));
	snprintf(buf, sizeof(buf), "u@example.com/%s", p1023);
	assert_true(jid_valid(buf));
	snprintf(buf, sizeof(buf), "u@example.com/%s", p1024);
	assert_false(jid_valid(buf));
	free(p1023);
	free(p1024);
}

/* A JID and the expected results of the part functions. */
struct parts_case {
	const char *jid;
	const char *bare;
	const char *domain;
	const char *local; /* NULL: none */
	const char *resource;
};

static const struct parts_case parts_cases[] = {
    {"User@Example.COM/Laptop", "user@example.com", "example.com", "User", "Laptop"},
    {"Example.COM", "example.com", "example.com", NULL, NULL},
    {"conf.example.org/Res@With/Slash", "conf.example.org", "conf.example.org", NULL,
     "Res@With/Slash"},
    {"room@muc.example/Nick/x@y", "room@muc.example", "muc.example", "room", "Nick/x@y"},
    {"user@example.com./r", "user@example.com", "example.com", "user", "r"},
    {"\xc3\x9cSER@X", "\xc3\x9cser@x", "x", "\xc3\x9cSER", NULL},
    {"a@b/", "a@b", "b", "a", ""},
    {"", "", "", NULL, NULL},
};

/* bare, domain, local and resource split at the first '/' then first '@'. */
static void test_parts(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(parts_cases) / sizeof(parts_cases[0]); i++) {
		const struct parts_case *c = &parts_cases[i];
		char *bare = jid_bare(c->jid), *domain = jid_domain(c->jid);
		char *local = jid_local(c->jid);
		const char *res = jid_resource(c->jid);

		assert_string_equal(bare, c->bare);
		assert_string_equal(domain, c->domain);
		if (c->local == NULL)
			assert_null(local);
		else
			assert_string_equal(local, c->local);
		if (c->resource == NULL) {
			assert_null(res);
		} else {
			assert_string_equal(res, c->resource);
			/* The resource points into the JID itself. */
			assert_ptr_equal(res, c->jid + strlen(c->jid) - strlen(c->resource));
		}
		free(bare);
		free(domain);
		free(local);
	}
}

/* NULL input gives NULL from every part function. */
static void test_null(void **state)
{
	(void)state;
	assert_null(jid_bare(NULL));
	assert_null(jid_domain(NULL));
	assert_null(jid_local(NULL));
	assert_null(jid_resource(NULL));
	assert_false(jid_bare_eq(NULL, "a@b"));
	assert_false(jid_bare_eq("a@b", NULL));
	assert_false(jid_bare_eq(NULL, NULL));
}

/* Bare comparison ignores resources and ASCII case, nothing else. */
static void test_bare_eq(void **state)
{
	(void)state;
	assert_true(jid_bare_eq("User@Example.com/a", "user@example.COM/b"));
	assert_true(jid_bare_eq("user@example.com", "user@example.com/x"));
	assert_true(jid_bare_eq("user@example.com.", "user@example.com"));
	assert_false(jid_bare_eq("user@example.com", "user@example.org"));
	assert_false(jid_bare_eq("user@example.com", "example.com"));
	assert_false(jid_bare_eq("user@example.com", "@example.com"));
	assert_false(jid_bare_eq("alice@example.com", "bob@example.com"));
	/* Only ASCII is folded: no guessing at Unicode case rules. */
	assert_false(jid_bare_eq("\xc3\x9c@x", "\xc3\xbc@x"));
	/* A look-alike in the resource does not change the bare JID. */
	assert_false(jid_bare_eq("evil.com/user@example.com", "user@example.com"));
}

/* Run the jid tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_table), cmocka_unit_test(test_part_lengths),
	    cmocka_unit_test(test_parts),       cmocka_unit_test(test_null),
	    cmocka_unit_test(test_bare_eq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
