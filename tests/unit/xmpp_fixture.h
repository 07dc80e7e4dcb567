/* xmpp_fixture.h - feed stanzas built from strings to src/xmpp handlers */
#ifndef NATTER_TESTS_XMPP_FIXTURE_H
#define NATTER_TESTS_XMPP_FIXTURE_H

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "settings.h"
#include "timer.h"
#include "util.h"
#include "xmpp_internal.h"

#define FIX_MAX_SENT 32

static xmpp_ctx_t *fix_ctx;
static char *fix_sent[FIX_MAX_SENT];
static int fix_nsent;

/* Capture what the handlers send, as text. */
static __attribute__((unused)) void fix_capture(xmpp_stanza_t *st)
{
	char *buf;
	size_t len;
	assert_int_equal(xmpp_stanza_to_text(st, &buf, &len), 0);
	assert_true(fix_nsent < FIX_MAX_SENT);
	fix_sent[fix_nsent++] = strdup(buf);
	xmpp_free(fix_ctx, buf);
}

/* Forget captured stanzas. */
static __attribute__((unused)) void fix_clear_sent(void)
{
	for (int i = 0; i < fix_nsent; i++)
		free(fix_sent[i]);
	fix_nsent = 0;
}

/* cmocka setup: a context, a bound session as alice, an empty model. */
static __attribute__((unused)) int fix_setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	xmpp_initialize();
	fix_ctx = xmpp_ctx_new(NULL, NULL);
	xs_test_setup(fix_ctx, "alice@example.org/natter", fix_capture);
	conv_console();
	return 0;
}

/* cmocka teardown. */
static __attribute__((unused)) int fix_teardown(void **state)
{
	(void)state;
	xmessage_fail_pending("test over");
	xs_test_teardown();
	timer_clear();
	core_free_all();
	settings_free_all();
	fix_clear_sent();
	xmpp_ctx_free(fix_ctx);
	xmpp_shutdown();
	return 0;
}

/* Parse xml and hand it to handler. */
static __attribute__((unused)) void fix_feed(int (*handler)(xmpp_conn_t *, xmpp_stanza_t *, void *),
                                             const char *xml)
{
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(fix_ctx, xml);
	assert_non_null(st);
	handler(NULL, st, NULL);
	xmpp_stanza_release(st);
}

/* Value of attribute attr in the first captured stanza matching needle. */
static __attribute__((unused)) const char *fix_sent_matching(const char *needle)
{
	for (int i = 0; i < fix_nsent; i++)
		if (strstr(fix_sent[i], needle))
			return fix_sent[i];
	return NULL;
}

/* Copy the id='...' of captured stanza s into out. */
static __attribute__((unused)) void fix_sent_id(const char *s, char *out, size_t n)
{
	const char *p = strstr(s, " id=\"");
	assert_non_null(p);
	p += 5;
	size_t i = 0;
	while (p[i] && p[i] != '"' && i + 1 < n) {
		out[i] = p[i];
		i++;
	}
	out[i] = '\0';
}

#endif
