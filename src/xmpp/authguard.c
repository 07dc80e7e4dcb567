/* authguard.c - the login guard: what libstrophe 0.12 does not check
 *
 * Hooks on the raw stream during negotiation (guard.h), run before libstrophe
 * parses each element: a <failure/> to STARTTLS, a server that offers only
 * legacy (XEP-0078) authentication or no SASL mechanism, a server that offers
 * only weaker mechanisms to an account that logged in with SCRAM before, and
 * a hostile SCRAM server (absurd iteration count, a nonce that does not
 * extend ours, a malformed server-first message, a wrong server signature)
 * all end the login before libstrophe answers. A SASL <failure/> ends it too,
 * so libstrophe never falls back to a weaker mechanism. */
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/ssl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "guard.h"
#include "settings.h"
#include "strbuf.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* RFC 5802 5.1: at least 4096; above the cap PBKDF2 would block for seconds. */
#define SCRAM_MIN_ITERATIONS 4096
#define SCRAM_MAX_ITERATIONS 100000

#define NS_STREAMS "http://etherx.jabber.org/streams"
#define NS_IQAUTH  "http://jabber.org/features/iq-auth"
#define NS_ROSTVER "urn:xmpp:features:rosterver"

/* What the guard knows of the current login. */
struct auth_state {
	bool tls;                           /* TLS is up on this connection */
	bool auth_sent;                     /* an <auth/> went out */
	bool sasl_done;                     /* <success/> came */
	const EVP_MD *md;                   /* SCRAM in progress with this hash */
	char mech[24];                      /* its name, like SCRAM-SHA-1 */
	char *first_bare;                   /* client-first-message-bare, "n=user,r=NONCE" */
	char *cnonce;                       /* our nonce */
	unsigned char sig[EVP_MAX_MD_SIZE]; /* expected ServerSignature */
	unsigned sig_len;                   /* 0: not computed */
	unsigned port;                      /* our local port: tells a new connection */
};

static struct auth_state st;
static char *test_password;
static xmpp_ctx_t *own_ctx;

/* The libstrophe context to parse with (the session's, else a private one). */
static xmpp_ctx_t *parse_ctx(void)
{
	if (xs.ctx)
		return xs.ctx;
	if (own_ctx == NULL)
		own_ctx = xmpp_ctx_new(NULL, NULL);
	return own_ctx;
}

/* The local port of socket fd (0 when unknown): differs between connections. */
static unsigned local_port(int fd)
{
	struct sockaddr_storage a;
	socklen_t len = sizeof(a);
	if (fd < 0 || getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return 0;
	if (a.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&a)->sin_port);
	if (a.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&a)->sin6_port);
	return 0;
}

/* Forget what the guard learned of the current login (roster versioning too). */
void xauth_reset(void)
{
	free(st.first_bare);
	free(st.cnonce);
	OPENSSL_cleanse(st.sig, sizeof(st.sig));
	memset(&st, 0, sizeof(st));
	xs.roster_ver = false;
}

/* For unit tests: the password to compute SCRAM signatures with. */
void xauth_test_password(const char *password)
{
	xstrset(&test_password, password);
}

/* The password libstrophe logs in with, or NULL. */
static const char *login_password(void)
{
	if (xs.conn)
		return xmpp_conn_get_pass(xs.conn);
	return test_password;
}

/* End the login for good: record why and return a copy for the guard. */
static char *refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *refuse(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *why = xvasprintf(fmt, ap);
	va_end(ap);
	xs_fail("%s", why);
	xs.permanent = true;
	return why;
}

/* Parse one top-level element (the stream prefix declared around it); NULL
 * when it is not well-formed. Caller releases. */
static xmpp_stanza_t *parse_element(const char *xml, size_t len)
{
	char *wrapped = xasprintf("<w xmlns:stream='" NS_STREAMS "'>%.*s</w>", (int)len, xml);
	xmpp_stanza_t *w = xmpp_stanza_new_from_string(parse_ctx(), wrapped);
	free(wrapped);
	xmpp_stanza_t *el = w ? xmpp_stanza_get_children(w) : NULL;
	while (el && !xmpp_stanza_is_tag(el))
		el = xmpp_stanza_get_next(el);
	if (el)
		el = xmpp_stanza_clone(el);
	if (w)
		xmpp_stanza_release(w);
	return el;
}

/* True when el is the element name in namespace ns. */
static bool is(xmpp_stanza_t *el, const char *name, const char *ns)
{
	const char *n = xmpp_stanza_get_name(el);
	const char *s = xmpp_stanza_get_ns(el);
	return n && s && strcmp(n, name) == 0 && strcmp(s, ns) == 0;
}

/* The base64 text of el decoded as a NUL-terminated string (NULL when it is
 * not valid base64 or holds a NUL byte); *empty tells an empty text. */
static char *decode_text(xmpp_stanza_t *el, bool *empty)
{
	char *b64 = xmpp_stanza_get_text(el);
	*empty = b64 == NULL || *b64 == '\0' || strcmp(b64, "=") == 0;
	unsigned char *bin = NULL;
	size_t n = 0;
	if (!*empty)
		xmpp_base64_decode_bin(parse_ctx(), b64, strlen(b64), &bin, &n);
	if (b64)
		xmpp_free(parse_ctx(), b64);
	if (bin == NULL)
		return NULL;
	char *out = memchr(bin, '\0', n) ? NULL : xstrndup((const char *)bin, n);
	xmpp_free(parse_ctx(), bin);
	return out;
}

/* The hash of a SCRAM mechanism libstrophe implements, or NULL. */
static const EVP_MD *scram_md(const char *mech)
{
	if (mech == NULL)
		return NULL;
	if (strcmp(mech, "SCRAM-SHA-1") == 0)
		return EVP_sha1();
	if (strcmp(mech, "SCRAM-SHA-256") == 0)
		return EVP_sha256();
	if (strcmp(mech, "SCRAM-SHA-512") == 0)
		return EVP_sha512();
	return NULL;
}

/* Note our SCRAM client-first message: its bare part and our nonce. */
static void note_scram_auth(xmpp_stanza_t *auth, const EVP_MD *md, const char *mech)
{
	bool empty;
	char *first = decode_text(auth, &empty);
	const char *bare = first && strncmp(first, "n,,", 3) == 0 ? first + 3 : NULL;
	const char *r = bare ? strstr(bare, ",r=") : NULL;
	if (r) {
		st.md = md;
		snprintf(st.mech, sizeof(st.mech), "%s", mech);
		xstrset(&st.first_bare, bare);
		xstrset(&st.cnonce, r + 3);
		st.cnonce[strcspn(st.cnonce, ",")] = '\0';
	}
	free(first);
}

/* Something natter sent (libstrophe's "SENT:" log line): note our <auth/>. */
void xauth_note_sent(const char *xml)
{
	if (xml == NULL || strncmp(xml, "<auth", 5) != 0)
		return;
	xmpp_stanza_t *auth = xmpp_stanza_new_from_string(parse_ctx(), xml);
	if (auth == NULL)
		return;
	if (is(auth, "auth", XMPP_NS_SASL)) {
		st.auth_sent = true;
		st.md = NULL;
		st.sig_len = 0;
		const char *mech = xmpp_stanza_get_attribute(auth, "mechanism");
		const EVP_MD *md = scram_md(mech);
		if (md)
			note_scram_auth(auth, md, mech);
	}
	xmpp_stanza_release(auth);
}

/* The mechanisms a <stream:features/> offers, comma-separated ("" for none,
 * NULL when there is no <mechanisms/> at all). Caller frees. */
static char *offered_mechanisms(xmpp_stanza_t *features, bool *scram)
{
	xmpp_stanza_t *m =
	    xmpp_stanza_get_child_by_name_and_ns(features, "mechanisms", XMPP_NS_SASL);
	*scram = false;
	if (m == NULL)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "");
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(m); c; c = xmpp_stanza_get_next(c)) {
		char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_text(c) : NULL;
		if (name == NULL)
			continue;
		if (scram_md(name))
			*scram = true;
		char *clean = sanitize(name, strlen(name), SANITIZE_LINE, 40);
		strbuf_addf(&sb, "%s%s", strbuf_str(&sb)[0] ? ", " : "", clean);
		free(clean);
		xmpp_free(parse_ctx(), name);
	}
	return strbuf_detach(&sb);
}

/* Stream features after TLS, before SASL: refuse legacy auth, no SASL, and
 * a downgrade from SCRAM. */
static char *check_features(xmpp_stanza_t *features)
{
	bool scram;
	char *mechs = offered_mechanisms(features, &scram);
	char *why = NULL;
	if (mechs == NULL || *mechs == '\0') {
		if (xmpp_stanza_get_child_by_name_and_ns(features, "auth", NS_IQAUTH))
			why = refuse("the server offers only legacy authentication (XEP-0078), "
			             "which natter refuses; nothing was sent");
		else
			why = refuse("the server offers no SASL login mechanism; nothing was sent");
	} else if (!scram && !setting_bool("allow_plain_after_scram")) {
		char *seen = xpins_scram_seen(xs.bare_jid);
		if (seen)
			why =
			    refuse("this account logged in with %s before, but the server now "
			           "offers only %s: refused, someone may be downgrading the login "
			           "to catch your password (/set allow_plain_after_scram on if "
			           "the server really changed); nothing was sent",
			           seen, mechs);
		free(seen);
	}
	free(mechs);
	return why;
}

/* Parse a SCRAM server-first message: r, s, i in that order (RFC 5802 7).
 * 0, or -1 with *what saying what is wrong. *r and *s point into msg. */
static int parse_server_first(char *msg, char **r, char **s, long *iters, const char **what)
{
	char *save = NULL;
	char *a = strtok_r(msg, ",", &save);
	char *b = strtok_r(NULL, ",", &save);
	char *c = strtok_r(NULL, ",", &save);
	if (a && strncmp(a, "m=", 2) == 0)
		return *what = "a mandatory extension natter does not know", -1;
	if (!a || !b || !c || strncmp(a, "r=", 2) || strncmp(b, "s=", 2) || strncmp(c, "i=", 2))
		return *what = "a malformed first message", -1;
	*r = a + 2;
	*s = b + 2;
	char *end = NULL;
	size_t digits = strspn(c + 2, "0123456789");
	*iters = digits > 0 && digits <= 12 ? strtol(c + 2, &end, 10) : -1;
	if (*iters < 0 || end == NULL || *end != '\0')
		return *what = "a malformed iteration count", -1;
	return 0;
}

/* HMAC(key, text) with the login's hash into out; its length. */
static unsigned hmac(const unsigned char *key, unsigned klen, const char *text, unsigned char *out)
{
	unsigned n = 0;
	HMAC(st.md, key, (int)klen, (const unsigned char *)text, strlen(text), out, &n);
	return n;
}

/* Compute the ServerSignature the server must send in <success/>. */
static void expect_signature(const char *server_first, const char *r, const unsigned char *salt,
                             size_t salt_len, long iters)
{
	const char *pw = login_password();
	unsigned dlen = (unsigned)EVP_MD_get_size(st.md);
	unsigned char salted[EVP_MAX_MD_SIZE], server_key[EVP_MAX_MD_SIZE];
	st.sig_len = 0;
	if (pw == NULL || PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), salt, (int)salt_len, (int)iters,
	                                    st.md, (int)dlen, salted) != 1)
		return;
	char *auth_msg = xasprintf("%s,%s,c=biws,r=%s", st.first_bare, server_first, r);
	hmac(salted, dlen, "Server Key", server_key);
	st.sig_len = hmac(server_key, dlen, auth_msg, st.sig);
	OPENSSL_cleanse(salted, sizeof(salted));
	OPENSSL_cleanse(server_key, sizeof(server_key));
	free(auth_msg);
}

/* Check the SCRAM server-first message before libstrophe answers it. */
static char *check_challenge(xmpp_stanza_t *el)
{
	bool empty;
	char *msg = decode_text(el, &empty);
	char *copy = msg ? xstrdup(msg) : NULL;
	char *r = NULL, *s = NULL, *why = NULL;
	const char *what = "a malformed first message";
	long iters = 0;
	unsigned char *salt = NULL;
	size_t salt_len = 0;
	if (copy && parse_server_first(copy, &r, &s, &iters, &what) == 0) {
		xmpp_base64_decode_bin(parse_ctx(), s, strlen(s), &salt, &salt_len);
		if (strncmp(r, st.cnonce, strlen(st.cnonce)) != 0 || strlen(r) <= strlen(st.cnonce))
			what = "a nonce that does not start with natter's";
		else if (salt == NULL || salt_len == 0)
			what = "a malformed salt";
		else if (iters < SCRAM_MIN_ITERATIONS || iters > SCRAM_MAX_ITERATIONS)
			what = iters < SCRAM_MIN_ITERATIONS ? "too few iterations (fewer than 4096)"
			                                    : "too many iterations (over 100000)";
		else
			what = NULL;
	}
	if (what)
		why = refuse("the server's %s login answer has %s: login abandoned, "
		             "nothing more was sent",
		             st.mech, what);
	else
		expect_signature(msg, r, salt, salt_len, iters);
	if (salt)
		xmpp_free(parse_ctx(), salt);
	free(copy);
	free(msg);
	return why;
}

/* True when msg is "v=SIGNATURE[,...]" and SIGNATURE is the expected one. */
static bool signature_ok(const char *msg)
{
	if (msg == NULL || strncmp(msg, "v=", 2) != 0 || st.sig_len == 0)
		return false;
	char *b64 = xstrndup(msg + 2, strcspn(msg + 2, ","));
	unsigned char *bin = NULL;
	size_t n = 0;
	xmpp_base64_decode_bin(parse_ctx(), b64, strlen(b64), &bin, &n);
	bool ok = bin && n == st.sig_len && CRYPTO_memcmp(bin, st.sig, n) == 0;
	if (bin)
		xmpp_free(parse_ctx(), bin);
	free(b64);
	return ok;
}

/* <success/>: after SCRAM the server must prove it knows the password;
 * then remember that this account logs in with SCRAM. */
static char *check_success(xmpp_stanza_t *el)
{
	st.sasl_done = true;
	if (st.md == NULL)
		return NULL;
	bool empty;
	char *msg = decode_text(el, &empty);
	bool ok = signature_ok(msg);
	free(msg);
	if (!ok)
		return refuse("the server did not prove that it knows your password (%s server "
		              "signature %s): it may be an impostor; login abandoned",
		              st.mech, empty ? "missing" : "wrong");
	if (xpins_scram_remember(xs.bare_jid, st.mech) < 0)
		core_error("could not remember that this account uses %s (data directory not "
		           "writable)",
		           st.mech);
	return NULL;
}

/* A SASL element from the server. */
static char *check_sasl(xmpp_stanza_t *el)
{
	const char *name = xmpp_stanza_get_name(el);
	if (strcmp(name, "challenge") == 0 && st.md)
		return check_challenge(el);
	if (strcmp(name, "success") == 0)
		return check_success(el);
	if (strcmp(name, "failure") != 0 || !st.auth_sent)
		return NULL;
	/* libstrophe would fall back to the next, weaker mechanism: end here */
	if (xmpp_stanza_get_child_by_name(el, "temporary-auth-failure")) {
		const char *why = "the server could not check the login just now";
		xs_fail("%s", why);
		return xstrdup(why);
	}
	xs.sasl_failed = true;
	return refuse("the server refused the login: wrong username or password");
}

/* Stream features after login: note whether the server versions rosters
 * (it advertises that only to an authenticated stream). */
static void note_features(xmpp_stanza_t *features)
{
	xs.roster_ver = xmpp_stanza_get_child_by_name_and_ns(features, "ver", NS_ROSTVER) != NULL;
}

/* The guard's element hook: each top-level element during negotiation.
 * NULL lets xml through, else why not (caller frees). */
char *xauth_element(const char *xml, size_t len, void *arg)
{
	(void)arg;
	if (xs.phase != XS_CONNECTING)
		return NULL;
	if (st.tls && local_port(xs.fd) != st.port)
		xauth_reset(); /* what we knew was about the last connection */
	xmpp_stanza_t *el = parse_element(xml, len);
	if (el == NULL)
		return refuse("the server sent XML natter cannot read during login");
	char *why = NULL;
	if (is(el, "features", NS_STREAMS) &&
	    xmpp_stanza_get_child_by_name_and_ns(el, "starttls", XMPP_NS_TLS))
		xauth_reset(); /* the first features of a new connection */
	if (is(el, "failure", XMPP_NS_TLS))
		why = refuse("the server answered STARTTLS with <failure/>: natter never goes on "
		             "without encryption");
	else if (is(el, "features", NS_STREAMS) && st.tls && !st.sasl_done)
		why = check_features(el);
	else if (xmpp_stanza_get_ns(el) && strcmp(xmpp_stanza_get_ns(el), XMPP_NS_SASL) == 0)
		why = check_sasl(el);
	else if (is(el, "features", NS_STREAMS) && st.sasl_done)
		note_features(el);
	xmpp_stanza_release(el);
	return why;
}

/* The guard's tls_ready hook: a new TLS session starts a new login; the
 * certificate must be the pinned one, if the account has a pin. */
char *xauth_tls_ready(void *ssl)
{
	xauth_reset();
	st.tls = true;
	st.port = ssl ? local_port(SSL_get_fd(ssl)) : 0;
	return xtls_check_pin(ssl);
}

const struct guard_hooks xauth_guard_hooks = {xauth_element, xauth_tls_ready};
