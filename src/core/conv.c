/* conv.c - conversations (tabs) and their in-memory messages */
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "core.h"
#include "jid.h"
#include "settings.h"
#include "xmalloc.h"

static struct conv **convs; /* tab order; convs[0] is the console */
static size_t nconvs, capconvs;
static struct conv *focused;

/* Free one message. */
static void message_free(struct message *m)
{
	free(m->from);
	free(m->body);
	free(m->id);
	free(m->error);
	free(m);
}

/* Free a conversation and its messages. */
static void conv_free(struct conv *cv)
{
	for (size_t i = 0; i < cv->len; i++)
		message_free(cv->msgs[i]);
	free(cv->msgs);
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

/* Find an open chat by bare JID. */
struct conv *conv_find(const char *jid)
{
	for (size_t i = 1; i < nconvs; i++)
		if (jid_bare_eq(convs[i]->jid, jid))
			return convs[i];
	return NULL;
}

/* Find or create the chat with jid. */
struct conv *conv_open(const char *jid)
{
	struct conv *cv = conv_find(jid);
	if (cv)
		return cv;
	conv_console();
	cv = xcalloc(1, sizeof(*cv));
	cv->type = CONV_CHAT;
	cv->jid = jid_bare(jid);
	cv->title = xstrdup(cv->jid);
	conv_append(cv);
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

/* Focus cv and count its messages as read. */
void conv_focus(struct conv *cv)
{
	focused = cv;
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

/* Drop the oldest messages beyond the scrollback setting. */
static void conv_trim(struct conv *cv)
{
	size_t max = (size_t)setting_int("scrollback");
	if (max < 1 || cv->len <= max)
		return;
	size_t drop = cv->len - max;
	for (size_t i = 0; i < drop; i++)
		message_free(cv->msgs[i]);
	memmove(cv->msgs, cv->msgs + drop, max * sizeof(*cv->msgs));
	cv->len = max;
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
	struct message *m = xcalloc(1, sizeof(*m));
	m->seq = cv->next_seq++;
	m->ts = ts ? ts : time(NULL);
	m->dir = dir;
	m->level = level;
	m->from = xstrdup(from);
	m->body = xstrdup(body ? body : "");
	m->id = xstrdup(id);
	if (cv->len == cv->cap) {
		cv->cap = cv->cap ? cv->cap * 2 : 16;
		cv->msgs = xreallocarray(cv->msgs, cv->cap, sizeof(*cv->msgs));
	}
	cv->msgs[cv->len++] = m;
	if (dir == MSG_IN && cv != focused)
		cv->unread++;
	core_emit_message_added(cv, m);
	conv_trim(cv);
	return m;
}

/* Find a message by id, newest first. */
struct message *conv_find_msg(struct conv *cv, const char *id)
{
	if (id == NULL)
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
