/* tls.c - certificate failures in plain words */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

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
		return "the certificate's issuer is unknown (not a trusted authority; see /set cafile)";
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
	core_error("TLS certificate check failed for %s: %s (%s)", xs.domain ? xs.domain : "server",
		   why, detail ? detail : "?");
	cert_line(cert, XMPP_CERT_SUBJECT, "subject");
	cert_line(cert, XMPP_CERT_ISSUER, "issuer");
	cert_line(cert, XMPP_CERT_NOTBEFORE, "valid from");
	cert_line(cert, XMPP_CERT_NOTAFTER, "valid until");
	for (size_t i = 0; i < 8; i++) {
		const char *name = xmpp_tlscert_get_dnsname(cert, i);
		if (name == NULL)
			break;
		char *clean = sanitize(name, strlen(name), SANITIZE_LINE, 255);
		core_error("  issued for: %s", clean);
		free(clean);
	}
	fingerprint_line(cert);
	core_error("not connecting: nothing was sent to the server (no password)");
	free(detail);
	return 0;
}
