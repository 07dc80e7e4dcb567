/* fuzz_session.h - a bound session with a contact, an open chat and a joined
 * room, built before and torn down after every input, so targets reach the
 * deep paths from the same state each time and leaks show per input. Stanzas
 * natter sends are serialized (as the stream would) and counted, never sent. */
#ifndef NATTER_FUZZ_SESSION_H
#define NATTER_FUZZ_SESSION_H

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autojoin.h"
#include "conv.h"
#include "core.h"
#include "fuzz_check.h"
#include "fuzz_dispatch.h"
#include "room.h"
#include "roster.h"
#include "settings.h"
#include "timer.h"
#include "xmpp_internal.h"

#define FZ_ROOM "room@conference.example.org"
#define FZ_ME   "alice@example.org/natter"

static xmpp_ctx_t *fz_ctx;
static unsigned long fz_sent;
/* Called with every stanza natter sends (a target may set it). */
static void (*fz_on_send)(xmpp_stanza_t *st);

/* What natter sends: serialized, shown to fz_on_send, then dropped. */
static __attribute__((unused)) void fz_send(xmpp_stanza_t *st)
{
	char *buf;
	size_t len;
	if (xmpp_stanza_to_text(st, &buf, &len) == 0) {
		if (getenv("FUZZ_DEBUG"))
			fprintf(stderr, "sent: %s\n", buf);
		xmpp_free(fz_ctx, buf);
	}
	if (fz_on_send)
		fz_on_send(st);
	fz_sent++;
}

/* Parse xml and hand it to the handler its top element names. */
static __attribute__((unused)) void fz_feed(const char *xml)
{
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(fz_ctx, xml);
	if (st == NULL)
		return;
	fuzz_dispatch(st);
	xmpp_stanza_release(st);
}

/* Once per process: locale, zone, a private HOME (nothing a command writes
 * lands in the user's files), libstrophe. */
static __attribute__((unused)) void fz_init(void)
{
	char dir[] = "/tmp/natter-fuzz-XXXXXX";
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "UTC", 1);
	CHECK(mkdtemp(dir) != NULL);
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_DATA_HOME", dir, 1);
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("XDG_CACHE_HOME", dir, 1);
	xmpp_initialize();
	fz_ctx = xmpp_ctx_new(NULL, NULL);
}

/* Before an input: online as alice, bob in the roster with a chat open, and
 * joined to FZ_ROOM as "alice" with bob in it. */
static __attribute__((unused)) void fz_begin(void)
{
	if (fz_ctx == NULL)
		fz_init();
	xs_test_setup(fz_ctx, FZ_ME, fz_send);
	conv_console();
	core_set_conn_state(CONN_ONLINE, NULL);
	roster_upsert("bob@example.org", "Bob", NULL, SUB_BOTH, false);
	fz_feed("<presence from='bob@example.org/phone'/>");
	fz_feed("<message from='bob@example.org/phone' to='" FZ_ME "' type='chat' id='m1'>"
	        "<body>hello</body></message>");
	CHECK(core_room_join(FZ_ROOM, "alice", NULL) == 0);
	fz_feed("<presence from='" FZ_ROOM "/bob'><x xmlns='http://jabber.org/protocol/muc#user'>"
	        "<item affiliation='member' role='participant' jid='bob@example.org/phone'/>"
	        "</x></presence>");
	fz_feed("<presence from='" FZ_ROOM "/alice'><x xmlns='http://jabber.org/protocol/muc#user'>"
	        "<item affiliation='owner' role='moderator'/><status code='110'/></x></presence>");
}

/* With FUZZ_DEBUG set: every line of every conversation, to see what an
 * input reached. */
static void fz_dump(void)
{
	size_t n;
	struct conv **cv = conv_list(&n);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < cv[i]->len; k++)
			fprintf(stderr, "[%s] %s\n", cv[i]->jid ? cv[i]->jid : "console",
			        cv[i]->msgs[k]->body ? cv[i]->msgs[k]->body : "");
}

/* After an input: everything freed, as at exit. */
static __attribute__((unused)) void fz_end(void)
{
	if (getenv("FUZZ_DEBUG"))
		fz_dump();
	xmessage_fail_pending("fuzz input over");
	xmam_reset();
	xsearch_reset();
	xbookmarks_reset();
	xselfping_reset();
	autojoin_reset();
	xcaps_reset();
	xblocking_reset();
	xconfirm_forget();
	xs_test_teardown();
	timer_clear();
	core_free_all();
	settings_free_all();
}

#endif
