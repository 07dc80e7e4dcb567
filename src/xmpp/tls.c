/* tls.c - certificate failures in plain words, and the account's pin */
#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* True when needle occurs in hay, ignoring ASCII case. */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* Plain words for OpenSSL's verification error string. */
const char *xtls_reason(const char *e)
{
	if (e == NULL)
		return "the certificate could not be verified";
	if (contains_ci(e, "expired"))
		return "the server's certificate has expired";
	if (contains_ci(e, "not yet valid"))
		return "the server's certificate is not valid yet (check the clock)";
	if (contains_ci(e, "hostname mismatch"))
		return "the certificate was issued for another host name";
	if (contains_ci(e, "self-signed") || contains_ci(e, "self signed"))
		return "the certificate is self-signed, not issued by a trusted authority";
	if (contains_ci(e, "issuer") || contains_ci(e, "unable to get local"))
		return "the certificate's issuer is unknown (not a trusted authority; see /set "
		       "cafile)";
	if (contains_ci(e, "invalid ca") || contains_ci(e, "path length"))
		return "the certificate was issued by a certificate that may not issue "
		       "certificates (not a certificate authority)";
	if (contains_ci(e, "revoked"))
		return "the certificate has been revoked";
	return "the certificate could not be verified";
}

/* Print one certificate field in the console, sanitized. */
static void cert_line(const xmpp_tlscert_t *cert, xmpp_cert_element_t el, const char *label)
{
	const char *v = xmpp_tlscert_get_string(cert, el);
	if (v == NULL)
		return;
	char *clean = sanitize(v, strlen(v), SANITIZE_LINE, XS_LINE_MAX);
	core_error("  %s: %s", label, clean);
	free(clean);
}

/* Print the certificate's DNS names (read from its PEM, since libstrophe
 * 0.12.2 does not return them), sanitized: the names are the server's text. */
static void dns_names_lines(const xmpp_tlscert_t *cert)
{
	const char *pem = xmpp_tlscert_get_pem(cert);
	BIO *bio = pem ? BIO_new_mem_buf(pem, -1) : NULL;
	X509 *x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	GENERAL_NAMES *names = x ? X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL) : NULL;
	int n = names ? sk_GENERAL_NAME_num(names) : 0;
	for (int i = 0, shown = 0; i < n && shown < 8; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		if (g->type != GEN_DNS)
			continue;
		const unsigned char *data = ASN1_STRING_get0_data(g->d.dNSName);
		int len = ASN1_STRING_length(g->d.dNSName);
		char *clean = sanitize((const char *)data, (size_t)len, SANITIZE_LINE, 255);
		core_error("  issued for: %s", clean);
		free(clean);
		shown++;
	}
	GENERAL_NAMES_free(names);
	X509_free(x);
	BIO_free(bio);
}

/* Print the SHA-256 fingerprint as AB:CD:... so it can be compared by eye. */
static void fingerprint_line(const xmpp_tlscert_t *cert)
{
	const char *hex = xmpp_tlscert_get_string(cert, XMPP_CERT_FINGERPRINT_SHA256);
	if (hex == NULL)
		return;
	char out[3 * 64];
	size_t n = 0;
	for (size_t i = 0; hex[i] && isxdigit((unsigned char)hex[i]) && n + 3 < sizeof(out); i++) {
		if (i > 0 && i % 2 == 0)
			out[n++] = ':';
		out[n++] = (char)toupper((unsigned char)hex[i]);
	}
	out[n] = '\0';
	core_error("  SHA-256 fingerprint: %s", out);
}

static char last_fp[65]; /* SHA-256 of the last leaf certificate presented */

/* The certificate libstrophe describes, parsed from its PEM; NULL if none. */
static X509 *cert_x509(const xmpp_tlscert_t *cert)
{
	const char *pem = cert ? xmpp_tlscert_get_pem(cert) : NULL;
	BIO *bio = pem ? BIO_new_mem_buf(pem, -1) : NULL;
	X509 *x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	return x;
}

/* SHA-256 fingerprint of x as 64 lower-case hex digits. 0 or -1. */
static int x509_sha256_hex(X509 *x, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (X509_digest(x, EVP_sha256(), md, &n) != 1 || n != 32)
		return -1;
	for (unsigned i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/* Print what a BIO-writing OpenSSL call produced, labelled and sanitized. */
static void bio_line(const char *label, BIO *bio)
{
	char *data = NULL;
	long len = BIO_get_mem_data(bio, &data);
	char *clean = sanitize(data ? data : "", len > 0 ? (size_t)len : 0, SANITIZE_LINE, 512);
	core_error("  %s: %s", label, clean);
	free(clean);
}

/* Print x's subject, issuer and validity dates in the console. */
static void x509_lines(X509 *x)
{
	if (x == NULL)
		return;
	BIO *b[4];
	for (int i = 0; i < 4; i++)
		b[i] = BIO_new(BIO_s_mem());
	unsigned long fl = XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB;
	X509_NAME_print_ex(b[0], X509_get_subject_name(x), 0, fl);
	X509_NAME_print_ex(b[1], X509_get_issuer_name(x), 0, fl);
	ASN1_TIME_print(b[2], X509_get0_notBefore(x));
	ASN1_TIME_print(b[3], X509_get0_notAfter(x));
	static const char *const labels[] = {"subject", "issuer", "valid from", "valid until"};
	for (int i = 0; i < 4; i++) {
		bio_line(labels[i], b[i]);
		BIO_free(b[i]);
	}
}

/* A pinned account met another certificate: refuse for good, and show the
 * pinned and the presented fingerprints one above the other. */
static void pin_changed_report(const char *pin, const char *fp, X509 *x)
{
	char old[96], now[96];
	xpins_pretty(pin, old);
	xpins_pretty(fp[0] ? fp : "?", now);
	xs_fail("the server's certificate is not the one you pinned; /tls trust NEW accepts it");
	xs.permanent = true;
	core_error("TLS certificate of %s CHANGED: it is not the certificate you pinned",
	           xs.domain ? xs.domain : "server");
	core_error("  pinned:    %s", old);
	core_error("  presented: %s", now);
	x509_lines(x);
	if (fp[0])
		core_error("  if you know the server changed its certificate: /tls trust %s", now);
	core_error("not connecting: nothing was sent to the server (no password)");
}

/* Refuse an unverified certificate nobody pinned: say why, show it, and
 * how to pin it (when fp, the leaf's fingerprint, is known). */
static void refusal_report(const xmpp_tlscert_t *cert, const char *errormsg, const char *fp)
{
	const char *why = xtls_reason(errormsg);
	char *detail = errormsg ? sanitize(errormsg, strlen(errormsg), SANITIZE_LINE, 200) : NULL;
	xs_fail("certificate not trusted: %s", why);
	xs.permanent = true;
	core_error("TLS certificate check failed for %s: %s (%s)", xs.domain ? xs.domain : "server",
	           why, detail ? detail : "?");
	cert_line(cert, XMPP_CERT_SUBJECT, "subject");
	cert_line(cert, XMPP_CERT_ISSUER, "issuer");
	cert_line(cert, XMPP_CERT_NOTBEFORE, "valid from");
	cert_line(cert, XMPP_CERT_NOTAFTER, "valid until");
	dns_names_lines(cert);
	fingerprint_line(cert);
	if (fp && fp[0]) {
		char pretty[96];
		xpins_pretty(fp, pretty);
		core_error("  if you checked this fingerprint with the server's admin, "
		           "/tls trust %s pins it for this account only",
		           pretty);
	}
	core_error("not connecting: nothing was sent to the server (no password)");
	free(detail);
}

/* libstrophe asks what to do with a certificate that failed verification:
 * accept the exact certificate the user pinned for this account and domain,
 * else refuse, before any credentials are sent, and say why. */
int xtls_certfail(const xmpp_tlscert_t *cert, const char *errormsg)
{
	X509 *x = cert_x509(cert);
	char fp[65] = "";
	if (x && x509_sha256_hex(x, fp) == 0 && X509_check_ca(x) == 0)
		memcpy(last_fp, fp, sizeof(last_fp));
	char *pin = xpins_get(xs.bare_jid, xs.domain);
	int verdict = 0;
	if (pin && fp[0] && strcmp(pin, fp) == 0) {
		core_info("TLS: %s's certificate is not verified (%s), but it is the one you "
		          "pinned with /tls trust: accepted",
		          xs.domain, xtls_reason(errormsg));
		verdict = 1;
	} else if (pin) {
		pin_changed_report(pin, fp, x);
	} else {
		refusal_report(cert, errormsg, x && X509_check_ca(x) == 0 ? fp : NULL);
	}
	free(pin);
	X509_free(x);
	return verdict;
}

/* The first read after the TLS handshake (the guard's tls_ready hook): a
 * pinned account refuses any other certificate, even one the CAs vouch for.
 * NULL to go on, else why not (caller frees). */
char *xtls_check_pin(void *ssl)
{
	X509 *x = ssl ? SSL_get1_peer_certificate(ssl) : NULL;
	char fp[65] = "";
	if (x && x509_sha256_hex(x, fp) == 0)
		memcpy(last_fp, fp, sizeof(last_fp));
	char *pin = xpins_get(xs.bare_jid, xs.domain);
	char *why = NULL;
	if (pin && strcmp(pin, fp) != 0) {
		pin_changed_report(pin, fp, x);
		why = xstrdup(xs.fail_reason ? xs.fail_reason : "the pinned certificate changed");
	}
	free(pin);
	X509_free(x);
	return why;
}

/* SHA-256 fingerprint (64 lower-case hex digits) of the certificate the
 * server presented last, or NULL when none was seen yet. */
const char *xtls_last_fingerprint(void)
{
	return last_fp[0] ? last_fp : NULL;
}

/* Forget the last presented certificate (unit tests). */
void xtls_reset(void)
{
	last_fp[0] = '\0';
}
