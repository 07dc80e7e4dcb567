/* xlog.c - libstrophe's log: debug log, raw XML log with secrets redacted */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "session.h"
#include "strbuf.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

static FILE *rawlog;

/* Elements whose text content is a secret (SASL exchange, XEP-0077 password). */
static const char *const secret_elements[] = {"auth",    "response", "challenge",
                                              "success", "password", NULL};

/* If xml[i] starts an opening tag of a secret element, return its name. */
static const char *secret_tag_at(const char *xml)
{
	if (xml[0] != '<')
		return NULL;
	for (size_t k = 0; secret_elements[k]; k++) {
		size_t n = strlen(secret_elements[k]);
		if (strncmp(xml + 1, secret_elements[k], n) == 0 &&
		    (xml[1 + n] == ' ' || xml[1 + n] == '>' || xml[1 + n] == '/'))
			return secret_elements[k];
	}
	return NULL;
}

/* If xml starts a data form <field> holding a secret (text-private, or a
 * var naming a password, as in XEP-0077 forms), return the end of its
 * opening tag, else NULL. */
static const char *secret_field_at(const char *xml)
{
	if (strncmp(xml, "<field", 6) != 0 || (xml[6] != ' ' && xml[6] != '>'))
		return NULL;
	const char *gt = strchr(xml, '>');
	if (gt == NULL || gt[-1] == '/')
		return NULL;
	char *tag = xstrndup(xml, (size_t)(gt - xml));
	bool secret = strstr(tag, "text-private") || strstr(tag, "password");
	free(tag);
	return secret ? gt + 1 : NULL;
}

/* Copy xml, replacing the text inside secret elements by "[redacted]". */
char *xlog_redact(const char *xml)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = xml;
	while (*p) {
		const char *field_body = secret_field_at(p);
		if (field_body) {
			strbuf_add(&sb, p, (size_t)(field_body - p));
			strbuf_adds(&sb, "[redacted]");
			const char *end = strstr(field_body, "</field>");
			p = end ? end : field_body + strlen(field_body);
			continue;
		}
		const char *name = secret_tag_at(p);
		const char *gt = name ? strchr(p, '>') : NULL;
		if (name == NULL || gt == NULL || gt[-1] == '/') {
			strbuf_addch(&sb, *p++);
			continue;
		}
		strbuf_add(&sb, p, (size_t)(gt - p + 1));
		p = gt + 1;
		char close[32];
		snprintf(close, sizeof(close), "</%s>", name);
		const char *end = strstr(p, close);
		if (end != p)
			strbuf_adds(&sb, "[redacted]");
		p = end ? end : p + strlen(p);
	}
	return strbuf_detach(&sb);
}

/* Open the raw XML log. */
int session_rawlog_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	fchmod(fd, 0600);
	rawlog = fdopen(fd, "a");
	if (rawlog == NULL) {
		close(fd);
		return -1;
	}
	setvbuf(rawlog, NULL, _IOLBF, 0);
	return 0;
}

/* Write one SENT/RECV line to the raw log, redacted and sanitized. */
static void rawlog_write(const char *dir, const char *xml)
{
	char *redacted = xlog_redact(xml);
	char *clean = sanitize_str(redacted, SANITIZE_LINE);
	time_t t = time(NULL);
	struct tm tm;
	char stamp[32];
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
	fprintf(rawlog, "%s %s %s\n", stamp, dir, clean);
	free(clean);
	free(redacted);
}

/* Notice a SASL <failure/>: libstrophe only says it could not authenticate. */
static void watch_for_sasl_failure(const char *xml)
{
	if (strncmp(xml, "<failure", 8) == 0 && strstr(xml, "urn:ietf:params:xml:ns:xmpp-sasl"))
		xs.sasl_failed = true;
}

/* libstrophe's parser failed: it only answers with a stream error and keeps
 * reading, so a server that goes on sending would never be left. End our
 * reading side; libstrophe's next read sees the end and disconnects, and the
 * usual back-off follows. */
static void watch_for_parse_error(const char *area, const char *msg)
{
	if (strcmp(area, "xmpp") != 0 || strncmp(msg, "parse error", 11) != 0)
		return;
	xs_fail("the server sent malformed XML");
	if (xs.fd >= 0)
		shutdown(xs.fd, SHUT_RD);
}

/* The handler libstrophe calls for every log line. */
void xlog_handler(void *ud, xmpp_log_level_t level, const char *area, const char *msg)
{
	(void)ud;
	bool sent = strncmp(msg, "SENT: ", 6) == 0;
	bool recv = strncmp(msg, "RECV: ", 6) == 0;
	if (recv)
		watch_for_sasl_failure(msg + 6);
	if (sent)
		xauth_note_sent(msg + 6); /* the SCRAM checks need our nonce */
	if (sent)
		xsm_note_sent(msg + 6); /* acks are checked against this count */
	if (sent || recv) {
		if (rawlog)
			rawlog_write(sent ? "SENT" : "RECV", msg + 6);
		return;
	}
	if (strstr(msg, "Session resumed successfully"))
		xs.resumed = true;
	watch_for_parse_error(area, msg);
	if (level < XMPP_LEVEL_INFO && !log_enabled())
		return;
	char *clean = sanitize_str(msg, SANITIZE_LINE);
	if (strstr(msg, "TLS is not supported")) {
		xs_fail("the server does not offer TLS; natter never logs in without encryption");
		xs.permanent = true;
	}
	log_debug("strophe %s %s: %s", level >= XMPP_LEVEL_ERROR ? "error" : "info", area, clean);
	free(clean);
}
