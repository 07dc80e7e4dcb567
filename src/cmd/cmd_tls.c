/* cmd_tls.c - /tls: the account's pinned certificate */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "jid.h"
#include "settings.h"
#include "xmpp_internal.h"

/* The account's bare JID and domain, or an error said and -1. Caller frees both. */
static int account_of(struct cmd_ctx *ctx, char **bare, char **domain)
{
	*bare = jid_bare(setting_str("jid"));
	if (*bare == NULL || !jid_valid(*bare)) {
		free(*bare);
		cmd_error(ctx, "no account: /set jid first");
		return -1;
	}
	*domain = jid_domain(*bare);
	return 0;
}

/* /tls: show the pin and the certificate presented last. */
static int tls_show(const char *bare, const char *domain)
{
	char *pin = xpins_get(bare, domain);
	const char *last = xtls_last_fingerprint();
	char pretty[96];
	if (pin)
		xpins_pretty(pin, pretty);
	core_info("TLS pin for %s at %s: %s", bare, domain, pin ? pretty : "none");
	if (last)
		xpins_pretty(last, pretty);
	core_info("certificate presented last: %s", last ? pretty : "none yet");
	free(pin);
	return 0;
}

/* /tls trust FINGERPRINT: pin it for this account and domain, then reconnect. */
static int tls_trust(struct cmd_ctx *ctx, const char *bare, const char *domain, const char *fp)
{
	char hex[65], pretty[96];
	if (xpins_normalize(fp, hex) < 0) {
		cmd_error(ctx, "not a SHA-256 fingerprint (64 hex digits, colons allowed): %s", fp);
		return -1;
	}
	if (xpins_set(bare, domain, hex) < 0) {
		cmd_error(ctx, "could not save the pin (is the data directory writable?)");
		return -1;
	}
	xpins_pretty(hex, pretty);
	core_info("pinned %s for %s at %s only (this certificate, no other)", pretty, bare, domain);
	if (core_conn_state() == CONN_ONLINE)
		return 0;
	return core_connect();
}

/* /tls forget: remove the pin. */
static int tls_forget(struct cmd_ctx *ctx, const char *bare, const char *domain)
{
	int rc = xpins_forget(bare, domain);
	if (rc < 0)
		cmd_error(ctx, "could not remove the pin (is the data directory writable?)");
	else
		core_info(rc ? "TLS pin for %s at %s removed" : "no TLS pin for %s at %s", bare,
		          domain);
	return rc < 0 ? -1 : 0;
}

/* /tls [trust FINGERPRINT | forget]. */
int cmd_exec_tls(struct cmd_ctx *ctx, int argc, char **argv)
{
	char *bare, *domain;
	if (account_of(ctx, &bare, &domain) < 0)
		return -1;
	int rc = -1;
	if (argc == 0)
		rc = tls_show(bare, domain);
	else if (strcasecmp(argv[0], "trust") == 0 && argc == 2)
		rc = tls_trust(ctx, bare, domain, argv[1]);
	else if (strcasecmp(argv[0], "forget") == 0 && argc == 1)
		rc = tls_forget(ctx, bare, domain);
	else
		cmd_error(ctx, "usage: %s", cmd_find_exact("tls")->usage);
	free(bare);
	free(domain);
	return rc;
}
