/* test_authguard.c - the login guard's hooks, fed elements as the stream
 * guard would: STARTTLS failure, legacy auth, SCRAM downgrade and hostile
 * SCRAM servers (the exchange of RFC 5802 section 5 as the honest one). */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "settings.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define SASL    "urn:ietf:params:xml:ns:xmpp-sasl"
#define FEAT(x) "<stream:features>" x "</stream:features>"
/* RFC 5802 section 5: user "user", password "pencil". */
#define CLIENT_NONCE "fyko+d2lbbFgONRv9qkxdawL"
#define FIRST        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"
#define FINAL_OK     "v=rmF9pqV8S7suAoZWja4dJRkFsKQ="

static char tmpdir[64];
static xmpp_ctx_t *ctx;

/* Base64 of text. Caller frees with xmpp_free. */
static char *b64(const char *text)
{
	return xmpp_base64_encode(ctx, (const unsigned char *)text, strlen(text));
}

/* Run the element hook on xml: its verdict (NULL: let through). */
static char *feed(const char *xml)
{
	return xauth_element(xml, strlen(xml), NULL);
}

/* Feed <NAME xmlns=sasl>base64(text)</NAME>. */
static char *feed_sasl(const char *name, const char *text)
{
	char *data = b64(text);
	char *xml = xasprintf("<%s xmlns='" SASL "'>%s</%s>", name, data, name);
	char *why = feed(xml);
	free(xml);
	xmpp_free(ctx, data);
	return why;
}

/* A fresh login as user@example.org: TLS up, nothing sent yet. */
static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/natter-authguard-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	setenv("XDG_DATA_HOME", tmpdir, 1);
	ctx = xmpp_ctx_new(NULL, NULL);
	xs.bare_jid = xstrdup("user@example.org");
	xs.domain = xstrdup("example.org");
	xs.phase = XS_CONNECTING;
	xs.permanent = xs.sasl_failed = false;
	setting_set("allow_plain_after_scram", "off", NULL);
	xauth_test_password("pencil");
	xauth_reset();
	assert_null(xauth_tls_ready(NULL));
	return 0;
}

/* Forget the login and remove the data directory. */
static int teardown(void **state)
{
	(void)state;
	xauth_reset();
	xauth_test_password(NULL);
	free(xs.bare_jid);
	free(xs.domain);
	free(xs.fail_reason);
	xs.bare_jid = xs.domain = xs.fail_reason = NULL;
	xs.phase = XS_IDLE;
	xmpp_ctx_free(ctx);
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* Pretend natter sent the SCRAM-SHA-1 client-first message of RFC 5802. */
static void send_scram_auth(void)
{
	char *data = b64("n,,n=user,r=" CLIENT_NONCE);
	char *xml = xasprintf("<auth xmlns=\"" SASL "\" mechanism=\"SCRAM-SHA-1\">%s</auth>", data);
	xauth_note_sent(xml);
	free(xml);
	xmpp_free(ctx, data);
}

/* Assert why is a refusal mentioning what, marked permanent; free it. */
static void assert_refused(char *why, const char *what)
{
	assert_non_null(why);
	if (strstr(why, what) == NULL)
		fail_msg("\"%s\" does not mention \"%s\"", why, what);
	assert_true(xs.permanent);
	assert_non_null(xs.fail_reason);
	free(why);
}

/* The honest exchange passes and is remembered (0600); a later PLAIN-only
 * server is refused, unless allow_plain_after_scram is on. */
static void test_scram_ok_then_downgrade(void **state)
{
	(void)state;
	assert_null(feed(FEAT("<mechanisms xmlns='" SASL "'><mechanism>SCRAM-SHA-1</mechanism>"
	                      "<mechanism>PLAIN</mechanism></mechanisms>")));
	send_scram_auth();
	assert_null(feed_sasl("challenge", FIRST));
	assert_null(feed_sasl("success", FINAL_OK));
	assert_false(xs.permanent);
	char *seen = xpins_scram_seen("user@example.org");
	assert_string_equal(seen, "SCRAM-SHA-1");
	free(seen);
	char *path = xpins_account_file("user@example.org", "sasl-seen");
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	free(path);

	const char *plain_only = FEAT("<mechanisms xmlns='" SASL "'><mechanism>PLAIN</mechanism>"
	                              "<mechanism>DIGEST-MD5</mechanism></mechanisms>");
	assert_null(xauth_tls_ready(NULL)); /* the next connection */
	assert_refused(feed(plain_only), "allow_plain_after_scram");
	xs.permanent = false;
	setting_set("allow_plain_after_scram", "on", NULL);
	assert_null(xauth_tls_ready(NULL));
	assert_null(feed(plain_only));
}

/* A wrong or missing server signature ends the login; nothing remembered. */
static void test_wrong_signature(void **state)
{
	(void)state;
	send_scram_auth();
	assert_null(feed_sasl("challenge", FIRST));
	assert_refused(feed_sasl("success", "v=AAAAAAAAAAAAAAAAAAAAAAAAAAA="), "signature wrong");
	assert_null(xpins_scram_seen("user@example.org"));
	xs.permanent = false;
	send_scram_auth();
	assert_null(feed_sasl("challenge", FIRST));
	assert_refused(feed("<success xmlns='" SASL "'/>"), "signature missing");
}

/* Hostile server-first messages are refused before libstrophe answers. */
static void test_hostile_server_first(void **state)
{
	(void)state;
	static const struct {
		const char *first, *what;
	} cases[] = {
	    {"r=someoneelse3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", "nonce"},
	    {"r=" CLIENT_NONCE ",s=QSXCR+Q6sek8bf92,i=4096", "nonce"}, /* not extended */
	    {"r=" CLIENT_NONCE "x,s=QSXCR+Q6sek8bf92,i=0", "too few"},
	    {"r=" CLIENT_NONCE "x,s=QSXCR+Q6sek8bf92,i=1000", "too few"},
	    {"r=" CLIENT_NONCE "x,s=QSXCR+Q6sek8bf92,i=100001", "too many"},
	    {"r=" CLIENT_NONCE "x,s=QSXCR+Q6sek8bf92,i=99999999999999999999", "iteration"},
	    {"r=" CLIENT_NONCE "x,s=QSXCR+Q6sek8bf92,i=-5", "iteration"},
	    {"r=" CLIENT_NONCE "x,s=,i=4096", "salt"},
	    {"r=" CLIENT_NONCE "x", "malformed"},
	    {"s=QSXCR+Q6sek8bf92,r=" CLIENT_NONCE "x,i=4096", "malformed"},
	    {"m=ext,r=" CLIENT_NONCE "x,s=QSXCR+Q6sek8bf92,i=4096", "extension"},
	    {"", "malformed"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		xs.permanent = false;
		free(xs.fail_reason);
		xs.fail_reason = NULL;
		send_scram_auth();
		assert_refused(feed_sasl("challenge", cases[i].first), cases[i].what);
	}
	xs.permanent = false;
	send_scram_auth();
	assert_refused(feed("<challenge xmlns='" SASL "'>!!not base64!!</challenge>"), "malformed");
}

/* STARTTLS <failure/>, legacy-only and mechanism-less features, a SASL
 * failure (no fallback), and XML the guard cannot read. */
static void test_negotiation_refusals(void **state)
{
	(void)state;
	assert_refused(feed("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), "STARTTLS");
	assert_refused(feed(FEAT("<auth xmlns='http://jabber.org/features/iq-auth'/>")),
	               "legacy authentication");
	assert_refused(feed(FEAT("<mechanisms xmlns='" SASL "'/>")), "no SASL");
	assert_refused(feed("<a:features xmlns:a='x'><b:c/></a:features>"), "cannot read");
	xs.permanent = false;
	send_scram_auth();
	assert_refused(feed("<failure xmlns='" SASL "'><not-authorized/></failure>"),
	               "wrong username or password");
	assert_true(xs.sasl_failed);
	xs.permanent = xs.sasl_failed = false;
	send_scram_auth();
	char *why = feed("<failure xmlns='" SASL "'><temporary-auth-failure/></failure>");
	assert_non_null(why); /* still no fallback, but worth retrying later */
	assert_false(xs.permanent);
	assert_false(xs.sasl_failed);
	free(why);
}

/* Before TLS, after SASL and outside a login, the hooks stay out of the way. */
static void test_lets_through(void **state)
{
	(void)state;
	xauth_reset(); /* before TLS: the first features offer STARTTLS */
	assert_null(feed(FEAT("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
	                      "</starttls>")));
	assert_null(feed("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"));
	assert_null(xauth_tls_ready(NULL));
	assert_null(feed(FEAT("<mechanisms xmlns='" SASL "'><mechanism>PLAIN</mechanism>"
	                      "</mechanisms>")));
	xauth_note_sent("<auth xmlns=\"" SASL "\" mechanism=\"PLAIN\">AHVzZXIAcGVuY2ls</auth>");
	assert_null(feed("<success xmlns='" SASL "'/>"));
	assert_null(feed(FEAT("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>")));
	xs.phase = XS_ONLINE;
	assert_null(feed("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"));
	assert_false(xs.permanent);
	assert_null(xs.fail_reason);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_scram_ok_then_downgrade, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_signature, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_server_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_negotiation_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lets_through, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
