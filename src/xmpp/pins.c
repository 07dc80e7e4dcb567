/* pins.c - per-account files of the TLS pins and of what login worked before
 *
 * $XDG_DATA_HOME/natter/ACCOUNT/trust holds what the user chose to trust,
 * one line each; a pinned certificate is "tls DOMAIN SHA256-HEX" (lower-case
 * hex, no colons); '#' lines are comments, and lines of other kinds are kept
 * as they are when the pins change.
 * $XDG_DATA_HOME/natter/ACCOUNT/sasl-seen holds the SCRAM mechanism the
 * account last logged in with. Both are written 0600 in a 0700 directory,
 * through a temporary file and rename. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fsutil.h"
#include "jid.h"
#include "strbuf.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define PINS_FILE     "trust"
#define SCRAM_FILE    "sasl-seen"
#define PINS_MAX_SIZE (64 * 1024)

/* Path of file NAME in the account's data directory, or NULL. Caller frees. */
char *xpins_account_file(const char *bare, const char *name)
{
	char *dir = account_data_dir(bare);
	if (dir == NULL)
		return NULL;
	char *path = xasprintf("%s/%s", dir, name);
	free(dir);
	return path;
}

/* Write data as the account's file NAME (directory made 0700 first). */
static int account_write(const char *bare, const char *name, const char *data)
{
	char *dir = account_data_dir(bare);
	if (dir == NULL) {
		errno = EINVAL;
		return -1;
	}
	int rc = mkdir_p(dir, 0700);
	char *path = xasprintf("%s/%s", dir, name);
	if (rc == 0)
		rc = write_file_atomic(path, data, strlen(data));
	free(path);
	free(dir);
	return rc;
}

/* Read the account's file NAME; NULL when missing. Caller frees. */
static char *account_read(const char *bare, const char *name)
{
	char *path = xpins_account_file(bare, name);
	char *text = path ? read_file(path, PINS_MAX_SIZE, NULL) : NULL;
	free(path);
	return text;
}

/* Turn "AB:CD:..." or "abcd..." into 64 lower-case hex digits in out.
 * 0, or -1 when in is not a SHA-256 fingerprint. */
int xpins_normalize(const char *in, char out[65])
{
	size_t n = 0;
	for (const char *p = in ? in : ""; *p; p++) {
		if (*p == ':' && p != in && p[1] != ':' && p[1] != '\0')
			continue;
		if (!isxdigit((unsigned char)*p) || n == 64)
			return -1;
		out[n++] = (char)tolower((unsigned char)*p);
	}
	out[n] = '\0';
	return n == 64 ? 0 : -1;
}

/* Format 64 hex digits as "AB:CD:..." into out (96 bytes). */
void xpins_pretty(const char *hex, char out[96])
{
	size_t n = 0;
	for (size_t i = 0; hex[i] && i < 64; i++) {
		if (i > 0 && i % 2 == 0)
			out[n++] = ':';
		out[n++] = (char)toupper((unsigned char)hex[i]);
	}
	out[n] = '\0';
}

/* The domain a "tls DOMAIN HEX" line pins (its hex normalized into hex), or
 * false for any other line. */
static bool pin_line(const char *line, char domain[1024], char hex[65])
{
	char kind[16], raw[128];
	return line[0] != '#' && sscanf(line, "%15s %1023s %127s", kind, domain, raw) == 3 &&
	       strcmp(kind, "tls") == 0 && xpins_normalize(raw, hex) == 0;
}

/* Call fn for each "tls DOMAIN HEX" line of text (other lines skipped). */
static void each_pin(const char *text, void (*fn)(const char *domain, const char *hex, void *),
                     void *arg)
{
	char *copy = xstrdup(text ? text : "");
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char domain[1024], norm[65];
		if (pin_line(line, domain, norm))
			fn(domain, norm, arg);
	}
	free(copy);
}

struct pin_find {
	const char *domain;
	char *hex;
};

/* each_pin callback: keep the pin of the wanted domain. */
static void find_cb(const char *domain, const char *hex, void *arg)
{
	struct pin_find *f = arg;
	if (strcasecmp(domain, f->domain) == 0)
		xstrset(&f->hex, hex);
}

/* The pinned fingerprint (64 hex digits) of domain for account bare, or NULL.
 * Caller frees. */
char *xpins_get(const char *bare, const char *domain)
{
	if (domain == NULL)
		return NULL;
	char *text = account_read(bare, PINS_FILE);
	struct pin_find f = {domain, NULL};
	each_pin(text, find_cb, &f);
	free(text);
	return f.hex;
}

/* Rewrite the trust file without domain's pin, plus its new pin hex (NULL:
 * none); every other line is kept. */
static int pins_rewrite(const char *bare, const char *domain, const char *hex)
{
	char *text = account_read(bare, PINS_FILE);
	struct strbuf sb = STRBUF_INIT;
	if (text == NULL)
		strbuf_adds(&sb,
		            "# natter trust: tls DOMAIN SHA-256-FINGERPRINT (see natterrc(5))\n");
	char *save = NULL;
	for (char *line = strtok_r(text ? text : (char[]){""}, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char d[1024], h[65];
		if (!pin_line(line, d, h) || strcasecmp(d, domain) != 0)
			strbuf_addf(&sb, "%s\n", line);
	}
	if (hex)
		strbuf_addf(&sb, "tls %s %s\n", domain, hex);
	char *data = strbuf_detach(&sb);
	int rc = account_write(bare, PINS_FILE, data);
	free(data);
	free(text);
	return rc;
}

/* Pin fingerprint fp (any accepted form) for domain of account bare.
 * 0, or -1 with errno set. */
int xpins_set(const char *bare, const char *domain, const char *fp)
{
	char hex[65];
	if (domain == NULL || strpbrk(domain, " \t\n#") || xpins_normalize(fp, hex) < 0) {
		errno = EINVAL;
		return -1;
	}
	return pins_rewrite(bare, domain, hex);
}

/* Remove the pin of domain for account bare: 1 removed, 0 there was none, -1 error. */
int xpins_forget(const char *bare, const char *domain)
{
	char *old = xpins_get(bare, domain);
	if (old == NULL)
		return 0;
	free(old);
	return pins_rewrite(bare, domain, NULL) < 0 ? -1 : 1;
}

/* The SCRAM mechanism account bare logged in with before, or NULL. Caller frees. */
char *xpins_scram_seen(const char *bare)
{
	char *text = account_read(bare, SCRAM_FILE);
	if (text == NULL)
		return NULL;
	text[strcspn(text, "\r\n")] = '\0';
	if (strncmp(text, "SCRAM-", 6) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Remember that account bare logged in with SCRAM mechanism mech. */
int xpins_scram_remember(const char *bare, const char *mech)
{
	char *old = xpins_scram_seen(bare);
	bool same = old && strcmp(old, mech) == 0;
	free(old);
	if (same)
		return 0;
	char *line = xasprintf("%s\n", mech);
	int rc = account_write(bare, SCRAM_FILE, line);
	free(line);
	return rc;
}
