/* test_sanitize.c - the sanitizer against hostile input, byte for byte */
#include "unit.h"

#include <stdio.h>

#include "sanitize.h"
#include "strbuf.h"
#include "utf8.h"

#define FFFD "\xef\xbf\xbd"
#define ELL  "\xe2\x80\xa6"

#define LINE  SANITIZE_LINE
#define MULTI SANITIZE_MULTILINE

/* One input and the exact bytes sanitize() must give for it. */
struct san_case {
	const char *name;
	const char *in;
	size_t len;
	enum sanitize_mode mode;
	size_t max;
	const char *out;
};

/* A case whose input length comes from the literal, so NULs inside count. */
#define CASE(name, in, mode, max, out)                                                             \
	{                                                                                          \
		name, in, sizeof(in) - 1, mode, max, out                                           \
	}

static const struct san_case cases[] = {
    CASE("plain ascii", "hello, world", LINE, 0, "hello, world"),
    CASE("empty", "", LINE, 0, ""),
    CASE("valid multibyte kept", "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 caf\xc3\xa9", LINE, 0,
         "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 caf\xc3\xa9"),
    /* Escape sequences: ESC becomes "^[", the rest is inert text. */
    CASE("CSI colour", "\x1b[31mred\x1b[0m", LINE, 0, "^[[31mred^[[0m"),
    CASE("CSI clear screen", "\x1b[2J\x1b[H", LINE, 0, "^[[2J^[[H"),
    CASE("OSC title with BEL", "\x1b]0;pwned\x07", LINE, 0, "^[]0;pwned^G"),
    CASE("OSC 52 clipboard with ST", "\x1b]52;c;ZWNobw==\x1b\\", LINE, 0, "^[]52;c;ZWNobw==^[\\"),
    CASE("DCS", "\x1bPq#0\x1b\\", LINE, 0, "^[Pq#0^[\\"),
    CASE("lone ESC at end", "a\x1b", LINE, 0, "a^["),
    CASE("BEL",
         "a\x07"
         "b",
         LINE, 0, "a^Gb"),
    CASE("backspace", "abc\x08\x08x", LINE, 0, "abc^H^Hx"),
    CASE("DEL", "a\x7f", LINE, 0, "a^?"),
    CASE("NUL inside length", "a\0b", LINE, 0, "a^@b"),
    CASE("all other C0", "\x01\x0b\x0c\x1f", LINE, 0, "^A^K^L^_"),
    CASE("form feed multiline", "\x0c", MULTI, 0, "^L"),
    /* Line breaks and tabs. */
    CASE("CR dropped", "a\rb", LINE, 0, "ab"),
    CASE("CRLF line mode", "a\r\nb", LINE, 0, "a b"),
    CASE("CRLF multiline", "a\r\nb", MULTI, 0, "a\nb"),
    CASE("LF line mode", "a\nb\n", LINE, 0, "a b "),
    CASE("LF multiline", "a\n\nb", MULTI, 0, "a\n\nb"),
    CASE("tab line mode", "a\tb", LINE, 0, "a b"),
    CASE("tab multiline", "a\tb", MULTI, 0, "a    b"),
    /* C1 controls, raw and encoded. */
    CASE("encoded CSI U+009B",
         "\xc2\x9b"
         "31m",
         LINE, 0, FFFD "31m"),
    CASE("encoded U+0080", "\xc2\x80", LINE, 0, FFFD),
    CASE("encoded U+009F", "\xc2\x9f", LINE, 0, FFFD),
    CASE("encoded U+0085 NEL",
         "a\xc2\x85"
         "b",
         MULTI, 0, "a" FFFD "b"),
    CASE("U+00A0 is not C1", "\xc2\xa0", LINE, 0, "\xc2\xa0"),
    CASE("raw 8-bit CSI",
         "\x9b"
         "2J",
         LINE, 0, FFFD "2J"),
    /* Invalid UTF-8: one U+FFFD per bad byte. */
    CASE("overlong slash 2 bytes", "\xc0\xaf", LINE, 0, FFFD FFFD),
    CASE("overlong C1 lead", "\xc1\xbf", LINE, 0, FFFD FFFD),
    CASE("overlong 3 bytes", "\xe0\x80\xaf", LINE, 0, FFFD FFFD FFFD),
    CASE("overlong 4 bytes", "\xf0\x8f\xbf\xbf", LINE, 0, FFFD FFFD FFFD FFFD),
    CASE("overlong NUL", "\xc0\x80", LINE, 0, FFFD FFFD),
    CASE("overlong ESC", "\xc0\x9b", LINE, 0, FFFD FFFD),
    CASE("surrogate D800", "\xed\xa0\x80", LINE, 0, FFFD FFFD FFFD),
    CASE("surrogate DFFF", "\xed\xbf\xbf", LINE, 0, FFFD FFFD FFFD),
    CASE("above U+10FFFF", "\xf4\x90\x80\x80", LINE, 0, FFFD FFFD FFFD FFFD),
    CASE("F5 lead", "\xf5\x80\x80\x80", LINE, 0, FFFD FFFD FFFD FFFD),
    CASE("FE FF bytes", "\xfe\xff", LINE, 0, FFFD FFFD),
    CASE("truncated at end", "ok\xe2\x82", LINE, 0, "ok" FFFD FFFD),
    CASE("truncated before ascii",
         "\xe2\x82"
         "A",
         LINE, 0, FFFD FFFD "A"),
    CASE("truncated 4-byte", "\xf0\x9f\x98", LINE, 0, FFFD FFFD FFFD),
    CASE("truncated before valid", "\xe2\xe2\x82\xac", LINE, 0, FFFD "\xe2\x82\xac"),
    CASE("stray continuation",
         "\x80"
         "abc",
         LINE, 0, FFFD "abc"),
    CASE("many continuations", "\xbf\xbf\xbf", LINE, 0, FFFD FFFD FFFD),
    CASE("truncated then ESC", "\xe2\x1b[m", LINE, 0, FFFD "^[[m"),
    /* Bidi controls dropped, separators become spaces. */
    CASE("RLO dropped",
         "a\xe2\x80\xae"
         "b",
         LINE, 0, "ab"),
    CASE("LRE PDF dropped",
         "\xe2\x80\xaa"
         "x\xe2\x80\xac",
         LINE, 0, "x"),
    CASE("all embeddings/overrides",
         "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae"
         "!",
         LINE, 0, "!"),
    CASE("all isolates", "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9!", LINE, 0, "!"),
    CASE("LRM kept", "\xe2\x80\x8e", LINE, 0, "\xe2\x80\x8e"),
    CASE("U+2065 kept", "\xe2\x81\xa5", LINE, 0, "\xe2\x81\xa5"),
    /* Combining marks and other zero-width characters: at most 4 per base. */
    CASE("four marks kept", "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84!", LINE, 0,
         "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84!"),
    CASE("zalgo capped", "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86x\xcc\x87", MULTI, 0,
         "e\xcc\x81\xcc\x82\xcc\x83\xcc\x84x\xcc\x87"),
    CASE("zero-width spaces capped",
         "a\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b"
         "b",
         LINE, 0,
         "a\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b"
         "b"),
    CASE("marks with no base capped", "\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81", LINE, 0,
         "\xcc\x81\xcc\x81\xcc\x81\xcc\x81"),
    CASE("caret resets the count", "\x01\xcc\x81", LINE, 0, "^A\xcc\x81"),
    CASE("emoji joiners kept",
         "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7", LINE, 0,
         "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"),
    CASE("line separator",
         "a\xe2\x80\xa8"
         "b",
         MULTI, 0, "a b"),
    CASE("paragraph separator",
         "a\xe2\x80\xa9"
         "b",
         LINE, 0, "a b"),
    /* Length limit: content + "..." within max, cut on a boundary. */
    CASE("fits exactly", "abcde", LINE, 5, "abcde"),
    CASE("cut ascii", "abcdef", LINE, 5, "ab" ELL),
    CASE("cut keeps ellipsis room", "abcdefgh", LINE, 6, "abc" ELL),
    CASE("cut before wide char", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", LINE, 8,
         "\xe6\x97\xa5" ELL),
    CASE("cut with exact fit before", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", LINE, 6,
         "\xe6\x97\xa5" ELL),
    CASE("cut never splits emoji",
         "a\xf0\x9f\x98\x80"
         "b",
         LINE, 5, "a" ELL),
    CASE("cut never splits caret", "ab\x1b", LINE, 3, ELL),
    CASE("cut counts output bytes", "\x01\x02\x03", LINE, 5, "^A" ELL),
    CASE("dropped tail is no cut", "abc\r\xe2\x80\xae", LINE, 3, "abc"),
    CASE("tiny limit has no room for ellipsis", "abc", LINE, 2, "ab"),
    CASE("tab expands before cut", "a\tbcdefg", MULTI, 8, "a    " ELL),
    CASE("limit larger than output", "abc", LINE, 100, "abc"),
    CASE("mixed attack",
         "\x1b]8;;http://evil\x07"
         "click\x1b]8;;\x07\r\n\xe2\x80\xae\xc2\x9b\xff",
         LINE, 0, "^[]8;;http://evil^Gclick^[]8;;^G " FFFD FFFD),
};

/* Append s (n bytes) to sb with non-printable bytes as \xNN, for messages. */
static void add_escaped(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "\\x%02x", c);
	}
}

/* Every table case gives exactly the expected bytes. */
static void test_table(void **state)
{
	size_t i, failures = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct san_case *c = &cases[i];
		char *got = sanitize(c->in, c->len, c->mode, c->max);
		struct strbuf msg = STRBUF_INIT;

		if (strcmp(got, c->out) != 0) {
			strbuf_addf(&msg, "%s: got \"", c->name);
			add_escaped(&msg, got, strlen(got));
			strbuf_adds(&msg, "\" want \"");
			add_escaped(&msg, c->out, strlen(c->out));
			print_error("%s\"\n", strbuf_str(&msg));
			failures++;
		}
		strbuf_free(&msg);
		free(got);
	}
	assert_int_equal(failures, 0);
}

/* Sanitizing sanitized text changes nothing. */
static void test_idempotent(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *once = sanitize(cases[i].in, cases[i].len, cases[i].mode, 0);
		char *twice = sanitize_str(once, cases[i].mode);

		assert_string_equal(once, twice);
		free(once);
		free(twice);
	}
}

/* Output is valid UTF-8 with no control byte for every byte value alone. */
static void test_every_single_byte(void **state)
{
	int b;

	(void)state;
	for (b = 0; b < 256; b++) {
		char in = (char)b;
		char *out = sanitize(&in, 1, SANITIZE_LINE, 0);
		size_t i, n = strlen(out);

		assert_true(utf8_valid(out, n));
		for (i = 0; i < n; i++) {
			assert_true((unsigned char)out[i] >= 0x20);
			assert_true((unsigned char)out[i] != 0x7f);
		}
		free(out);
	}
}

/* NULL in, NULL out; a NUL ends sanitize_str's input. */
static void test_null_and_str(void **state)
{
	char *s;

	(void)state;
	assert_null(sanitize(NULL, 5, SANITIZE_LINE, 0));
	assert_null(sanitize_str(NULL, SANITIZE_LINE));
	s = sanitize_str("a\x1b[1mb", SANITIZE_MULTILINE);
	assert_string_equal(s, "a^[[1mb");
	free(s);
}

/* A long hostile input is fully processed and keeps its length bound. */
static void test_long_input(void **state)
{
	size_t n = 1 << 20, i;
	char *in = malloc(n), *out;

	(void)state;
	assert_non_null(in);
	for (i = 0; i < n; i++)
		in[i] = (i % 3 == 0) ? '\x1b' : (i % 3 == 1) ? '\t' : '\xff';
	out = sanitize(in, n, SANITIZE_MULTILINE, 0);
	/* Each group of three: "^[" + four spaces + U+FFFD; one ESC is left. */
	assert_int_equal(strlen(out), (n / 3) * 9 + 2);
	free(out);
	out = sanitize(in, n, SANITIZE_MULTILINE, 1000);
	assert_true(strlen(out) <= 1000);
	assert_memory_equal(out + strlen(out) - 3, ELL, 3);
	assert_true(utf8_valid(out, strlen(out)));
	free(out);
	free(in);
}

/* A text the user types, and whether it may be sent. */
struct out_case {
	const char *text;
	bool ok;
	const char *why;
};

static const struct out_case out_cases[] = {
    {"hello", true, NULL},
    {"", true, NULL},
    {"tab\tlf\ncr\r", true, NULL},
    {"caf\xc3\xa9 \xf0\x9f\x98\x80 \xef\xbf\xbd", true, NULL},
    {"del \x7f and C1 \xc2\x85 are legal XML", true, NULL},
    {"bell\x07", false, "control character U+0007 is not allowed in XMPP text"},
    {"\x1b[31m", false, "control character U+001B is not allowed in XMPP text"},
    {"a\x01\x02", false, "control character U+0001 is not allowed in XMPP text"},
    {"x\x0c", false, "control character U+000C is not allowed in XMPP text"},
    {"non\xef\xbf\xbe", false, "the non-character U+FFFE is not allowed in XMPP text"},
    {"\xef\xbf\xbf", false, "the non-character U+FFFF is not allowed in XMPP text"},
    {"bad \xff", false, "the text is not valid UTF-8 (byte 0xFF at position 5)"},
    {"\xed\xa0\x80", false, "the text is not valid UTF-8 (byte 0xED at position 1)"},
    {"\xc0\x80", false, "the text is not valid UTF-8 (byte 0xC0 at position 1)"},
    {"ab\xe2\x82", false, "the text is not valid UTF-8 (byte 0xE2 at position 3)"},
};

/* sanitize_check_outgoing accepts what XML 1.0 allows and says why not. */
static void test_outgoing(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(out_cases) / sizeof(out_cases[0]); i++) {
		const char *why = "unset";
		bool ok = sanitize_check_outgoing(out_cases[i].text, &why);

		if (ok != out_cases[i].ok)
			print_error("outgoing case %zu gave %d\n", i, ok);
		assert_int_equal(ok, out_cases[i].ok);
		if (!ok)
			assert_string_equal(why, out_cases[i].why);
		else
			assert_string_equal(why, "unset");
	}
	assert_false(sanitize_check_outgoing("\x07", NULL));
	assert_true(sanitize_check_outgoing(NULL, NULL));
}

/* Run the sanitize tests. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_idempotent),
	    cmocka_unit_test(test_every_single_byte),
	    cmocka_unit_test(test_null_and_str),
	    cmocka_unit_test(test_long_input),
	    cmocka_unit_test(test_outgoing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
