/* test_xmpp_tls.c - certificate reasons in plain words, and the per-account
 * pin storage behind /tls trust */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define FP_HEX "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define FP_PRETTY                                                                                  \
	"01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"  \
	"AB:"                                                                                      \
	"CD:EF"
#define FP2_HEX "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static char tmpdir[64];

/* A fresh XDG_DATA_HOME. */
static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/natter-tls-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	setenv("XDG_DATA_HOME", tmpdir, 1);
	return 0;
}

/* Remove it. */
static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* Fingerprints with or without colons, in any case; anything else refused. */
static void test_normalize(void **state)
{
	(void)state;
	char out[65], pretty[96];
	assert_int_equal(xpins_normalize(FP_PRETTY, out), 0);
	assert_string_equal(out, FP_HEX);
	assert_int_equal(
	    xpins_normalize("0123456789ABCDEF0123456789abcdef0123456789ABCDEF0123456789"
	                    "abcdef",
	                    out),
	    0);
	assert_string_equal(out, FP_HEX);
	xpins_pretty(FP_HEX, pretty);
	assert_string_equal(pretty, FP_PRETTY);
	static const char *const bad[] = {
	    "",
	    "0123",
	    FP_HEX "00", /* too long */
	    ":" FP_HEX,  /* stray colons */
	    "01::23" FP_HEX,
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", /* not hex */
	    "0123456789abcdef 0123456789abcdef0123456789abcdef0123456789abcde",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(xpins_normalize(bad[i], out), -1);
	assert_int_equal(xpins_normalize(NULL, out), -1);
}

/* A pin belongs to one account and one domain; files 0600 in a 0700 dir. */
static void test_pin_scope_and_modes(void **state)
{
	(void)state;
	assert_null(xpins_get("alice@a.example", "a.example"));
	assert_int_equal(xpins_set("alice@a.example", "a.example", FP_PRETTY), 0);
	char *pin = xpins_get("alice@a.example", "a.example");
	assert_string_equal(pin, FP_HEX);
	free(pin);
	assert_null(xpins_get("alice@a.example", "b.example"));
	assert_null(xpins_get("bob@b.example", "b.example"));
	assert_null(xpins_get("bob@a.example", "a.example"));

	char *path = xpins_account_file("alice@a.example", "trust");
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char *dir = xasprintf("%s/natter/alice@a.example", tmpdir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	free(dir);

	/* a new pin replaces the old one; other lines and comments survive */
	assert_int_equal(xpins_set("alice@a.example", "other.example", FP_HEX), 0);
	assert_int_equal(xpins_set("alice@a.example", "a.example", FP2_HEX), 0);
	pin = xpins_get("alice@a.example", "a.example");
	assert_string_equal(pin, FP2_HEX);
	free(pin);
	char *text = read_file(path, 4096, NULL);
	assert_non_null(strstr(text, "tls other.example " FP_HEX "\n"));
	assert_non_null(strstr(text, "\ntls a.example " FP2_HEX "\n"));
	assert_null(strstr(text, "\ntls a.example " FP_HEX));
	free(text);
	free(path);
}

/* /tls forget removes one pin; bad input is refused. */
static void test_forget_and_refusals(void **state)
{
	(void)state;
	assert_int_equal(xpins_forget("alice@a.example", "a.example"), 0);
	assert_int_equal(xpins_set("alice@a.example", "a.example", FP_HEX), 0);
	assert_int_equal(xpins_set("alice@a.example", "b.example", FP2_HEX), 0);
	assert_int_equal(xpins_forget("alice@a.example", "a.example"), 1);
	assert_null(xpins_get("alice@a.example", "a.example"));
	char *pin = xpins_get("alice@a.example", "b.example");
	assert_string_equal(pin, FP2_HEX);
	free(pin);
	assert_int_equal(xpins_set("alice@a.example", "a.example", "nonsense"), -1);
	assert_int_equal(xpins_set("alice@a.example", "a b", FP_HEX), -1);
	assert_int_equal(xpins_set("not a jid", "a.example", FP_HEX), -1);
	assert_int_equal(xpins_set("../../etc@x/y", "a.example", FP_HEX), -1);
}

/* A pins file someone edited by hand: bad lines are skipped. */
static void test_hand_edited_file(void **state)
{
	(void)state;
	assert_int_equal(xpins_set("alice@a.example", "x.example", FP_HEX), 0);
	char *path = xpins_account_file("alice@a.example", "trust");
	const char *text = "# comment tls a.example " FP2_HEX "\n"
	                   "tls a.example not-a-fingerprint\n"
	                   "a.example " FP2_HEX "\n"
	                   "omemo bob@a.example 0123 trusted\n"
	                   "garbage\n"
	                   "\n"
	                   "tls A.EXAMPLE " FP_PRETTY "\n";
	assert_int_equal(write_file_atomic(path, text, strlen(text)), 0);
	char *pin = xpins_get("alice@a.example", "a.example");
	assert_string_equal(pin, FP_HEX);
	free(pin);
	/* a new pin keeps the lines of other kinds */
	assert_int_equal(xpins_set("alice@a.example", "a.example", FP2_HEX), 0);
	char *now = read_file(path, 4096, NULL);
	assert_non_null(strstr(now, "omemo bob@a.example 0123 trusted\n"));
	assert_non_null(strstr(now, "tls a.example " FP2_HEX "\n"));
	assert_null(strstr(now, FP_PRETTY));
	free(now);
	free(path);
}

/* The SCRAM memory: only SCRAM mechanisms are taken from the file. */
static void test_scram_memory(void **state)
{
	(void)state;
	assert_null(xpins_scram_seen("alice@a.example"));
	assert_int_equal(xpins_scram_remember("alice@a.example", "SCRAM-SHA-256"), 0);
	char *seen = xpins_scram_seen("alice@a.example");
	assert_string_equal(seen, "SCRAM-SHA-256");
	free(seen);
	assert_null(xpins_scram_seen("bob@a.example"));
	char *path = xpins_account_file("alice@a.example", "sasl-seen");
	assert_int_equal(write_file_atomic(path, "PLAIN\n", 6), 0);
	assert_null(xpins_scram_seen("alice@a.example"));
	free(path);
}

/* OpenSSL's verification errors in plain words. */
static void test_reasons(void **state)
{
	(void)state;
	assert_non_null(strstr(xtls_reason("certificate is not yet valid"), "not valid yet"));
	assert_non_null(strstr(xtls_reason("certificate has expired"), "expired"));
	assert_non_null(
	    strstr(xtls_reason("invalid CA certificate"), "not a certificate authority"));
	assert_non_null(strstr(xtls_reason("path length constraint exceeded"), "may not issue"));
	assert_non_null(strstr(xtls_reason("self-signed certificate"), "self-signed"));
	assert_non_null(strstr(xtls_reason(NULL), "could not be verified"));
	xtls_reset();
	assert_null(xtls_last_fingerprint());
	assert_null(xtls_check_pin(NULL)); /* no account, no pin */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_normalize),
	    cmocka_unit_test_setup_teardown(test_pin_scope_and_modes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forget_and_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hand_edited_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scram_memory, setup, teardown),
	    cmocka_unit_test(test_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
