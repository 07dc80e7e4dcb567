/* conv.c - conversations (tabs) and their in-memory messages */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "core.h"
#include "jid.h"
#include "room.h"
#include "settings.h"
#include "xmalloc.h"

static struct conv **convs; /* tab order; convs[0] is the console */
static size_t nconvs, capconvs;
static struct conv *focused;

/* Bits of a sort key below the timestamp: up to 2^20 messages per second. */
#define SEQ_SHIFT 20

/* Messages held before a conversation keeps a duplicate filter: below this
 * a scan is cheap; above it, one scan per incoming message was the largest
 * CPU cost of natter's own code in a burst (issue 7). */
#define SEEN_MIN 256

/* Free a message. */
void message_free(struct message *m)
{
	free(m->from);
	free(m->body);
	free(m->id);
	free(m->stanza_id);
	free(m->error);
	message_edits_free(m);
	free(m);
}

/* A new message with copies of the strings. */
struct message *message_new(enum msg_dir dir, const char *from, const char *body, const char *id,
                            time_t ts)
{
	struct message *m = xcalloc(1, sizeof(*m));
	m->ts = ts ? ts : time(NULL);
	m->dir = dir;
	m->from = xstrdup(from);
	m->body = xstrdup(body ? body : "");
	m->id = xstrdup(id);
	m->id_hash = message_id_hash(id);
	return m;
}

/* FNV-1a of id, with the low bit set so a known hash is never 0. */
unsigned message_id_hash(const char *id)
{
	if (id == NULL)
		return 0;
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 16777619u;
	return (unsigned)(h | 1);
}

/* Free a conversation and its messages. */
static void conv_free(struct conv *cv)
{
	for (size_t i = 0; i < cv->len; i++)
		message_free(cv->msgs[i]);
	if (cv->msgs) /* NULL until the first message: no arithmetic on it */
		free(cv->msgs - cv->head);
	free(cv->seen);
	free(cv->jid);
	free(cv->title);
	free(cv);
}

/* Append cv to the tab list. */
static void conv_append(struct conv *cv)
{
	if (nconvs == capconvs) {
		capconvs = capconvs ? capconvs * 2 : 16;
		convs = xreallocarray(convs, capconvs, sizeof(*convs));
	}
	convs[nconvs++] = cv;
}

/* The console conversation, created on first use. */
struct conv *conv_console(void)
{
	if (nconvs == 0) {
		struct conv *cv = xcalloc(1, sizeof(*cv));
		cv->type = CONV_CONSOLE;
		cv->title = xstrdup("console");
		conv_append(cv);
		focused = cv;
	}
	return convs[0];
}

/* Open conversations in tab order. */
struct conv **conv_list(size_t *n)
{
	conv_console();
	*n = nconvs;
	return convs;
}

/* True when tab cv is the one for jid: a room PM only for its exact
 * room@service/nick, a room only for its bare JID, a chat for any JID with
 * its bare JID. */
static bool conv_matches(const struct conv *cv, const char *jid)
{
	const char *res = jid_resource(jid);
	if (!jid_bare_eq(cv->jid, jid))
		return false;
	if (cv->type == CONV_PRIVATE)
		return res && jid_resource(cv->jid) && strcmp(res, jid_resource(cv->jid)) == 0;
	if (cv->type == CONV_ROOM)
		return res == NULL;
	return res == NULL || room_find(cv->jid) == NULL;
}

/* Find an open conversation for jid. */
struct conv *conv_find(const char *jid)
{
	if (jid == NULL)
		return NULL;
	for (size_t i = 1; i < nconvs; i++)
		if (conv_matches(convs[i], jid))
			return convs[i];
	return NULL;
}

/* The kind of tab jid gets: a room's own JID a room tab, a JID inside a
 * known room a PM tab, anything else a chat. */
static enum conv_type conv_type_for(const char *jid)
{
	char *bare = jid_bare(jid);
	bool room = room_find(bare) != NULL;
	free(bare);
	if (!room)
		return CONV_CHAT;
	return jid_resource(jid) ? CONV_PRIVATE : CONV_ROOM;
}

/* Find or create the conversation with jid (its type as conv_type_for says). */
struct conv *conv_open(const char *jid)
{
	return conv_open_type(jid, conv_type_for(jid));
}

/* The key of a tab of this type: the full JID for a room PM, else the bare one. */
static char *conv_key(const char *jid, enum conv_type type)
{
	const char *res = jid_resource(jid);
	char *bare = jid_bare(jid);
	if (type != CONV_PRIVATE || res == NULL)
		return bare;
	char *full = xasprintf("%s/%s", bare, res);
	free(bare);
	return full;
}

/* Find or create the conversation with jid, of this type. */
struct conv *conv_open_type(const char *jid, enum conv_type type)
{
	char *key = conv_key(jid, type);
	struct conv *cv = conv_find(key);
	if (cv) {
		free(key);
		return cv;
	}
	conv_console();
	cv = xcalloc(1, sizeof(*cv));
	cv->type = type;
	cv->jid = key;
	cv->title = xstrdup(cv->jid);
	conv_append(cv);
	if (type == CONV_ROOM) {
		struct room *r = room_get(key);
		r->conv = cv;
		if (r->subject)
			room_set_subject(r, r->subject, NULL);
	}
	core_emit_conv_opened(cv);
	return cv;
}

/* Close a chat; the console stays. */
void conv_close(struct conv *cv)
{
	size_t i = conv_index(cv);
	if (cv->type == CONV_CONSOLE || i == 0)
		return;
	if (focused == cv)
		conv_focus(i >= 2 ? convs[i - 2] : convs[0]);
	core_emit_conv_closed(cv);
	struct room *r = cv->type == CONV_ROOM ? room_find(cv->jid) : NULL;
	if (r && r->conv == cv)
		r->conv = NULL;
	memmove(&convs[i - 1], &convs[i], (nconvs - i) * sizeof(*convs));
	nconvs--;
	conv_free(cv);
}

/* The focused conversation. */
struct conv *conv_focused(void)
{
	conv_console();
	return focused;
}

/* Focus cv and count its messages as read; the "new messages" line goes
 * above the first of them until the user leaves the tab. */
void conv_focus(struct conv *cv)
{
	if (focused && focused != cv && focused->marker) {
		focused->marker = 0;
		core_emit_conv_changed(focused);
	}
	focused = cv;
	if (cv->first_unread)
		cv->marker = cv->first_unread;
	cv->first_unread = 0;
	cv->unread = 0;
	cv->highlight = false;
	core_emit_focus_changed(cv);
}

/* Focus tab n (1-based). */
bool conv_focus_index(size_t n)
{
	conv_console();
	if (n < 1 || n > nconvs)
		return false;
	conv_focus(convs[n - 1]);
	return true;
}

/* 1-based tab index of cv (0 if not open). */
size_t conv_index(const struct conv *cv)
{
	for (size_t i = 0; i < nconvs; i++)
		if (convs[i] == cv)
			return i + 1;
	return 0;
}

/* The filter slot of hash (its low bit is always set: skip it). */
static size_t seen_slot(const struct conv *cv, unsigned hash)
{
	return (hash >> 1) & cv->seen_mask;
}

/* Count hash in (delta 1) or out (delta -1) of cv's filter; a full slot
 * sticks, which only costs a scan. */
static void seen_bump(struct conv *cv, unsigned hash, int delta)
{
	if (cv->seen == NULL || hash == 0)
		return;
	unsigned char *c = &cv->seen[seen_slot(cv, hash)];
	if (*c == UCHAR_MAX)
		return;
	if (delta > 0)
		(*c)++;
	else if (*c > 0)
		(*c)--;
}

/* Count m's id and stanza-id in cv's filter, remembering what was counted. */
static void seen_add(struct conv *cv, struct message *m)
{
	if (m->id && m->id_hash == 0)
		m->id_hash = message_id_hash(m->id);
	m->sid_hash = message_id_hash(m->stanza_id);
	seen_bump(cv, m->id_hash, 1);
	seen_bump(cv, m->sid_hash, 1);
}

/* Count m out of cv's filter (it leaves the conversation). */
static void seen_del(struct conv *cv, const struct message *m)
{
	seen_bump(cv, m->id_hash, -1);
	seen_bump(cv, m->sid_hash, -1);
}

/* Start cv's filter once it holds enough messages: about 8 slots per
 * message the scrollback keeps (two hashes each), so most misses see 0. */
static void seen_start(struct conv *cv)
{
	if (cv->seen || cv->len < SEEN_MIN)
		return;
	size_t want = 8 * (size_t)setting_int("scrollback");
	size_t n = 1024;
	while (n < want && n < ((size_t)1 << 20))
		n *= 2;
	cv->seen = xcalloc(n, 1);
	cv->seen_mask = n - 1;
	for (size_t i = 0; i < cv->len; i++)
		seen_add(cv, cv->msgs[i]);
}

/* False when cv certainly holds no message with this id/stanza-id hash. */
bool conv_may_hold(const struct conv *cv, unsigned hash)
{
	return cv->seen == NULL || hash == 0 || cv->seen[seen_slot(cv, hash)] != 0;
}

/* Record m's (new) stanza_id in cv's filter. */
void conv_note_stanza_id(struct conv *cv, struct message *m)
{
	seen_bump(cv, m->sid_hash, -1);
	m->sid_hash = message_id_hash(m->stanza_id);
	seen_bump(cv, m->sid_hash, 1);
}

/* Drop the oldest messages beyond the scrollback setting: msgs moves up in
 * its allocation instead of moving every pointer down (a full buffer paid
 * a memmove of the whole scrollback per message, issue 7). */
static void conv_trim(struct conv *cv)
{
	size_t max = (size_t)setting_int("scrollback");
	if (max < 1 || cv->len <= max)
		return;
	size_t drop = cv->len - max;
	for (size_t i = 0; i < drop; i++) {
		seen_del(cv, cv->msgs[i]);
		message_free(cv->msgs[i]);
	}
	cv->msgs += drop;
	cv->head += drop;
	cv->len = max;
}

/* Make room for n more slots after the held messages: slots freed in front
 * are reused when they are at least a quarter of the allocation, else it
 * doubles; either way the held messages move down to its start. */
static void conv_reserve(struct conv *cv, size_t n)
{
	if (cv->head + cv->len + n <= cv->cap)
		return;
	struct message **base = cv->msgs ? cv->msgs - cv->head : NULL;
	if (cv->head && cv->len)
		memmove(base, cv->msgs, cv->len * sizeof(*base));
	size_t cap = cv->cap ? cv->cap : 16;
	if (cv->cap && cv->head < cv->cap / 4)
		cap *= 2;
	while (cap < cv->len + n)
		cap *= 2;
	if (cap != cv->cap)
		base = xreallocarray(base, cap, sizeof(*base));
	cv->msgs = base;
	cv->head = 0;
	cv->cap = cap;
}

/* Append a message to cv. */
struct message *conv_add(struct conv *cv, enum msg_dir dir, const char *from, const char *body,
                         const char *id, time_t ts)
{
	return conv_add_level(cv, dir, LEVEL_INFO, from, body, id, ts);
}

/* Append a message with a level (errors are told apart before anyone hears of them). */
struct message *conv_add_level(struct conv *cv, enum msg_dir dir, enum msg_level level,
                               const char *from, const char *body, const char *id, time_t ts)
{
	struct message *m = message_new(dir, from, body, id, ts);
	m->level = level;
	return conv_insert(cv, m, dir == MSG_IN);
}

/* Where a message with time ts goes: after every message with ts <= it. */
static size_t insert_position(const struct conv *cv, time_t ts)
{
	size_t i = cv->len;
	while (i > 0 && cv->msgs[i - 1]->ts > ts)
		i--;
	return i;
}

/* Give the message at i a sort key between its neighbours, renumbering the
 * newer ones in the rare case two keys leave no room. */
static void assign_seq(struct conv *cv, size_t i)
{
	unsigned long want = (unsigned long)cv->msgs[i]->ts << SEQ_SHIFT;
	unsigned long prev = i > 0 ? cv->msgs[i - 1]->seq : 0;
	unsigned long seq = want > prev ? want : prev + 1;
	cv->msgs[i]->seq = seq;
	for (size_t j = i + 1; j < cv->len && cv->msgs[j]->seq <= cv->msgs[j - 1]->seq; j++)
		cv->msgs[j]->seq = cv->msgs[j - 1]->seq + 1;
}

/* Count m as unread when it is incoming and cv is not focused. */
void conv_count_unread(struct conv *cv, const struct message *m)
{
	if (m->dir != MSG_IN || cv == focused)
		return;
	cv->unread++;
	if (cv->first_unread == 0 || m->seq < cv->first_unread)
		cv->first_unread = m->seq;
}

/* Put m at index i. */
static void insert_at(struct conv *cv, struct message *m, size_t i)
{
	conv_reserve(cv, 1);
	memmove(&cv->msgs[i + 1], &cv->msgs[i], (cv->len - i) * sizeof(*cv->msgs));
	cv->msgs[i] = m;
	cv->len++;
	assign_seq(cv, i);
	seen_add(cv, m);
	seen_start(cv);
}

/* Insert an older page's message before the anchor, in time order. */
struct message *conv_insert_older(struct conv *cv, struct message *m)
{
	size_t i = 0;
	while (i < cv->page_count && i < cv->len && cv->msgs[i]->ts <= m->ts)
		i++;
	insert_at(cv, m, i);
	cv->page_count++;
	core_emit_message_added(cv, m);
	return m;
}

/* Insert m in time order. */
struct message *conv_insert(struct conv *cv, struct message *m, bool count_unread)
{
	size_t i = insert_position(cv, m->ts);
	insert_at(cv, m, i);
	if (count_unread)
		conv_count_unread(cv, m);
	core_emit_message_added(cv, m);
	conv_trim(cv);
	return m;
}

/* Add older messages in front (oldest first), with keys below the oldest held. */
void conv_prepend(struct conv *cv, struct message **msgs, size_t n)
{
	if (n == 0)
		return;
	conv_reserve(cv, n);
	memmove(&cv->msgs[n], &cv->msgs[0], cv->len * sizeof(*cv->msgs));
	unsigned long next = cv->len ? cv->msgs[n]->seq : ~0UL;
	for (size_t k = n; k-- > 0;) {
		unsigned long want = (unsigned long)msgs[k]->ts << SEQ_SHIFT;
		msgs[k]->seq = want < next ? want : next - 1;
		next = msgs[k]->seq;
		cv->msgs[k] = msgs[k];
		seen_add(cv, msgs[k]);
	}
	cv->len += n;
	seen_start(cv);
	core_emit_conv_changed(cv);
}

/* Find a message by archive id. */
struct message *conv_find_stanza_id(struct conv *cv, const char *stanza_id)
{
	if (stanza_id == NULL || !conv_may_hold(cv, message_id_hash(stanza_id)))
		return NULL;
	for (size_t i = cv->len; i-- > 0;)
		if (cv->msgs[i]->stanza_id && strcmp(cv->msgs[i]->stanza_id, stanza_id) == 0)
			return cv->msgs[i];
	return NULL;
}

/* Find a message by id, newest first. */
struct message *conv_find_msg(struct conv *cv, const char *id)
{
	if (id == NULL || !conv_may_hold(cv, message_id_hash(id)))
		return NULL;
	for (size_t i = cv->len; i-- > 0;)
		if (cv->msgs[i]->id && strcmp(cv->msgs[i]->id, id) == 0)
			return cv->msgs[i];
	return NULL;
}

/* Set a message's delivery state. */
void conv_set_state(struct conv *cv, struct message *m, enum msg_state st, const char *error)
{
	m->state = st;
	xstrset(&m->error, error);
	core_emit_message_changed(cv, m);
}

/* Total unread messages. */
unsigned conv_total_unread(void)
{
	unsigned n = 0;
	for (size_t i = 0; i < nconvs; i++)
		n += convs[i]->unread;
	return n;
}

/* Free everything at exit. */
void conv_free_all(void)
{
	for (size_t i = 0; i < nconvs; i++)
		conv_free(convs[i]);
	free(convs);
	convs = NULL;
	nconvs = capconvs = 0;
	focused = NULL;
}
