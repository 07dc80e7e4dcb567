/* tls.c - certificate failures in plain words */
#include <ctype.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
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

/* libstrophe asks what to do with a certificate that failed verification:
 * refuse, before any credentials are sent, and say why. */
int xtls_certfail(const xmpp_tlscert_t *cert, const char *errormsg)
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
	core_error("not connecting: nothing was sent to the server (no password)");
	free(detail);
	return 0;
}
