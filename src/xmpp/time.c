/* time.c - XEP-0202 entity time: our clock and time zone, told only to
 * those the time_reply setting allows (the zone says where we live) */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xmpp_internal.h"

#define TIME_NS "urn:xmpp:time"

/* Our offset from UTC at t as XEP-0082 wants it: "+01:00", "-05:30", "Z". */
static void format_tzo(time_t t, char *out, size_t n)
{
	struct tm lt;
	localtime_r(&t, &lt);
	long off = lt.tm_gmtoff;
	if (off == 0) {
		snprintf(out, n, "Z");
		return;
	}
	char sign = off < 0 ? '-' : '+';
	off = off < 0 ? -off : off;
	int hours = (int)(off / 3600 % 24), minutes = (int)(off % 3600 / 60);
	snprintf(out, n, "%c%02d:%02d", sign, hours, minutes);
}

/* Add <name>text</name> under parent. */
static void add_text_child(xmpp_stanza_t *parent, const char *name, const char *text)
{
	xs_add_text(xs_add_child(parent, name, NULL), text);
}

/* Answer a time get: UTC now and our zone offset, or service-unavailable. */
void xtime_answer(xmpp_stanza_t *iq)
{
	if (!xreply_allowed("time_reply", xmpp_stanza_get_from(iq))) {
		xiq_reply_error(iq, "cancel", "service-unavailable");
		return;
	}
	time_t now = time(NULL);
	struct tm utc;
	gmtime_r(&now, &utc);
	char stamp[32], tzo[16];
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &utc);
	format_tzo(now, tzo, sizeof(tzo));
	xmpp_stanza_t *res =
	    xs_stanza_new("iq", "result", xmpp_stanza_get_id(iq), xmpp_stanza_get_from(iq));
	xmpp_stanza_t *t = xs_add_child(res, "time", TIME_NS);
	add_text_child(t, "tzo", tzo);
	add_text_child(t, "utc", stamp);
	xs_send(res);
	xmpp_stanza_release(res);
}
