/* fuzz_stanza_deep.c - fuzzed XML through the stanza handlers of src/xmpp
 * with queries outstanding, so answers reach the deep paths (fuzz_stanza
 * covers the stateless ones): a bound session, a chat, a joined room
 * (tests/fuzz/fuzz_session.h), then the commands that ask the network
 * something (/info, /disco, /blocked, /roomconfig, /affiliations, ...),
 * with an archive catch-up open (the server said it has MAM). IQ answers are matched by id and
 * sender and MAM results by query id, which a fuzzer cannot guess, so the input may name them:
 * "@@N" becomes the id of the N-th IQ natter sent (0-9), "@%N" the JID it was sent to, "@@Q" the
 * newest MAM query id. Up to 4 stanzas per input, separated by a NUL byte, are fed in turn. */
#include <stdint.h>

#include "cmd.h"
#include "fuzz_session.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_IQS      10 /* @@0 .. @@9 */
#define MAX_STANZAS  4
#define FIELD        96
#define MAX_EXPANDED (64 * 1024)

/* Commands that leave queries open, run in the chat or in the room tab. */
static const char *const queries[] = {
    "/info bob@example.org", "/disco example.org", "/blocked", "/bookmarks", "/search example.org",
};
static const char *const room_queries[] = {
    "/roomconfig",
    "/affiliations outcast",
};

/* Ids and addressees of the IQs natter sent, and the newest MAM query id. */
static struct {
	char id[MAX_IQS][FIELD], to[MAX_IQS][FIELD];
	int n;
	char qid[FIELD];
} seen;

/* Copy src (may be NULL) into a FIELD-sized buffer. */
static void keep(char *dst, const char *src)
{
	snprintf(dst, FIELD, "%s", src ? src : "");
}

/* fz_on_send: remember IQ ids and MAM query ids. */
static void remember(xmpp_stanza_t *st)
{
	const char *name = xmpp_stanza_get_name(st);
	if (name == NULL || strcmp(name, "iq") != 0)
		return;
	if (seen.n < MAX_IQS) {
		keep(seen.id[seen.n], xmpp_stanza_get_id(st));
		keep(seen.to[seen.n], xmpp_stanza_get_to(st));
		seen.n++;
	}
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name_and_ns(st, "query", "urn:xmpp:mam:2");
	if (q && xmpp_stanza_get_attribute(q, "queryid"))
		keep(seen.qid, xmpp_stanza_get_attribute(q, "queryid"));
}

/* Answer the disco#info natter sends to its own account at login with the
 * MAM feature, so an archive catch-up query is open (its id is @@Q). */
static void open_archive_query(void)
{
	xmam_session_started();
	if (seen.n == 0)
		return;
	char xml[512];
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='%s'><query "
	         "xmlns='http://jabber.org/protocol/disco#info'><identity category='account' "
	         "type='registered'/><feature var='urn:xmpp:mam:2'/></query></iq>",
	         seen.id[seen.n - 1], xs.bare_jid);
	fz_feed(xml);
}

/* Run cmds with the focus on the conversation of jid. */
static void ask(const char *jid, const char *const *cmds, size_t n)
{
	struct conv *cv = conv_find(jid);
	if (cv)
		conv_focus(cv);
	for (size_t i = 0; i < n; i++)
		cmd_run_line(cmds[i], NULL);
}

/* The text of in with the @@N, @%N and @@Q names replaced. */
static void expand(struct strbuf *out, const char *in, size_t len)
{
	for (size_t i = 0; i < len && out->len < MAX_EXPANDED; i++) {
		if (in[i] == '@' && i + 2 < len && (in[i + 1] == '@' || in[i + 1] == '%')) {
			char c = in[i + 2];
			if (c >= '0' && c <= '9' && c - '0' < seen.n) {
				strbuf_adds(out,
				            in[i + 1] == '@' ? seen.id[c - '0'] : seen.to[c - '0']);
				i += 2;
				continue;
			}
			if (c == 'Q' && in[i + 1] == '@') {
				strbuf_adds(out, seen.qid);
				i += 2;
				continue;
			}
		}
		strbuf_addch(out, in[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(&seen, 0, sizeof(seen));
	fz_on_send = remember;
	fz_begin();
	open_archive_query();
	ask("bob@example.org", queries, sizeof(queries) / sizeof(queries[0]));
	ask(FZ_ROOM, room_queries, sizeof(room_queries) / sizeof(room_queries[0]));
	if (getenv("FUZZ_DEBUG"))
		fprintf(stderr, "%d iqs, mam query id %s\n", seen.n, seen.qid);

	size_t pos = 0;
	for (int k = 0; k < MAX_STANZAS && pos < size; k++) {
		size_t end = pos;
		while (end < size && data[end] != 0)
			end++;
		struct strbuf xml = {0};
		expand(&xml, (const char *)data + pos, end - pos);
		fz_feed(strbuf_str(&xml));
		strbuf_free(&xml);
		pos = end + 1;
	}
	fz_end();
	fz_on_send = NULL;
	return 0;
}
