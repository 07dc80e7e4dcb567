/* edits.c - corrections, retractions and reactions of messages (the model
 * side of XEP-0308, XEP-0424 and XEP-0444). src/xmpp checks who sent an
 * edit before calling the core_message_* functions here. */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "core_internal.h"
#include "sanitize.h"
#include "store.h"
#include "strbuf.h"
#include "utf8.h"
#include "util.h"
#include "xmalloc.h"

/* Free what corrections and reactions added to m. */
void message_edits_free(struct message *m)
{
	for (size_t i = 0; i < m->nreactions; i++) {
		free(m->reactions[i].who);
		free(m->reactions[i].emoji);
	}
	free(m->reactions);
	m->reactions = NULL;
	m->nreactions = 0;
	free(m->author);
	m->author = NULL;
	free(m->original);
	m->original = NULL;
}

/* Remember who sent m in a room. */
void core_message_author(struct message *m, const char *author)
{
	if (m)
		xstrset(&m->author, author);
}

/* Write an edit of m to the history (when m is stored there). */
static void edit_store(const struct message *m, enum store_edit edit)
{
	if (m->rowid <= 0 || !store_ready())
		return;
	if (store_set_edit(m->rowid, edit, m->body, m->original) < 0)
		core_error("history: cannot save a changed message: %s", store_error());
}

/* m now reads body, marked edited; its first text is kept in original. */
void core_message_correct(struct conv *cv, struct message *m, const char *body)
{
	if (m->retracted || body == NULL)
		return;
	if (m->original == NULL)
		m->original = m->body;
	else
		free(m->body);
	m->body = xstrdup(body);
	m->edited = true;
	edit_store(m, STORE_EDIT_CORRECTED);
	core_emit_message_changed(cv, m);
}

/* m is retracted: its text, first text and reactions are dropped. */
void core_message_retract(struct conv *cv, struct message *m)
{
	char *author = m->author;
	m->author = NULL;
	message_edits_free(m);
	m->author = author;
	xstrset(&m->body, "");
	m->retracted = true;
	edit_store(m, STORE_EDIT_RETRACTED);
	core_emit_message_changed(cv, m);
}

/* Drop every reaction of who on m. */
static void reactions_drop(struct message *m, const char *who)
{
	size_t j = 0;
	for (size_t i = 0; i < m->nreactions; i++) {
		struct reaction *r = &m->reactions[i];
		if (strcmp(r->who, who) == 0) {
			free(r->who);
			free(r->emoji);
		} else {
			m->reactions[j++] = *r;
		}
	}
	m->nreactions = j;
}

/* True when m already has a reaction emoji (by anyone; by who if not NULL). */
static bool reaction_has(const struct message *m, const char *who, const char *emoji)
{
	for (size_t i = 0; i < m->nreactions; i++)
		if (strcmp(m->reactions[i].emoji, emoji) == 0 &&
		    (who == NULL || strcmp(m->reactions[i].who, who) == 0))
			return true;
	return false;
}

/* Different emoji on m. */
static size_t reactions_distinct(const struct message *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nreactions; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(m->reactions[k].emoji, m->reactions[i].emoji) == 0;
		n += !seen;
	}
	return n;
}

/* Add who's emoji to m unless a limit says no. */
static void reaction_add(struct message *m, const char *who, const char *emoji)
{
	if (!edits_emoji_ok(emoji) || reaction_has(m, who, emoji) ||
	    m->nreactions >= EDITS_MAX_REACTIONS)
		return;
	if (!reaction_has(m, NULL, emoji) && reactions_distinct(m) >= EDITS_MAX_DISTINCT)
		return;
	m->reactions = xreallocarray(m->reactions, m->nreactions + 1, sizeof(*m->reactions));
	m->reactions[m->nreactions].who = xstrdup(who);
	m->reactions[m->nreactions].emoji = xstrdup(emoji);
	m->nreactions++;
}

/* who's reactions on m become these n emoji. */
void core_message_react(struct conv *cv, struct message *m, const char *who,
                        const char *const *emoji, size_t n)
{
	if (m->retracted || who == NULL)
		return;
	reactions_drop(m, who);
	for (size_t i = 0; i < n && i < EDITS_MAX_DISTINCT; i++)
		reaction_add(m, who, emoji[i]);
	core_emit_message_changed(cv, m);
}

/* Our newest message in cv that can still be changed, or NULL. */
static struct message *last_own(struct conv *cv)
{
	for (size_t i = cv->len; i-- > 0;) {
		struct message *m = cv->msgs[i];
		if (m->dir == MSG_OUT && m->id && !m->retracted)
			return m;
	}
	return NULL;
}

/* The backend when online, else NULL after saying so in cv. */
static const struct core_backend *edit_backend(struct conv *cv, const char *what)
{
	const struct core_backend *b = core_backend();
	if (cv == NULL || cv->type == CONV_CONSOLE) {
		core_error("%s: this is the console, not a conversation", what);
		return NULL;
	}
	if (b == NULL || b->send_edit == NULL || core_conn_state() != CONN_ONLINE) {
		core_notice(cv, LEVEL_ERROR, "%s: not connected", what);
		return NULL;
	}
	return b;
}

/* /correct: replace our last message in cv with text. */
int core_correct(struct conv *cv, const char *text)
{
	const char *why = NULL;
	const struct core_backend *b = edit_backend(cv, "/correct");
	if (b == NULL)
		return -1;
	struct message *m = last_own(cv);
	if (m == NULL) {
		core_notice(cv, LEVEL_ERROR, "/correct: you have sent nothing here to correct");
		return -1;
	}
	if (text == NULL || *text == '\0' || !sanitize_check_outgoing(text, &why)) {
		core_notice(cv, LEVEL_ERROR, "/correct: not sent: %s", why ? why : "no text");
		return -1;
	}
	char id[24];
	random_id(id, sizeof(id));
	if (b->send_edit(cv->jid, EDIT_CORRECT, m->id, text, id) < 0) {
		core_notice(cv, LEVEL_ERROR, "/correct: could not send the correction");
		return -1;
	}
	core_message_correct(cv, m, text);
	return 0;
}

/* The id others know m by: a room's archive id in rooms, else its id. */
static const char *target_id(const struct conv *cv, const struct message *m)
{
	return cv->type == CONV_ROOM ? m->stanza_id : m->id;
}

/* /retract: retract our last message in cv. */
int core_retract(struct conv *cv)
{
	const struct core_backend *b = edit_backend(cv, "/retract");
	if (b == NULL)
		return -1;
	struct message *m = last_own(cv);
	const char *target = m ? target_id(cv, m) : NULL;
	if (target == NULL) {
		core_notice(cv, LEVEL_ERROR,
		            m ? "/retract: the room has not confirmed that message yet"
		              : "/retract: you have sent nothing here to retract");
		return -1;
	}
	if (b->send_edit(cv->jid, EDIT_RETRACT, target, NULL, NULL) < 0) {
		core_notice(cv, LEVEL_ERROR, "/retract: could not send the retraction");
		return -1;
	}
	core_message_retract(cv, m);
	return 0;
}

/* The newest message from the other side in cv, or NULL. */
static struct message *last_theirs(struct conv *cv)
{
	for (size_t i = cv->len; i-- > 0;) {
		struct message *m = cv->msgs[i];
		if (m->dir == MSG_IN && !m->retracted && target_id(cv, m))
			return m;
	}
	return NULL;
}

/* Our reactions on m with emoji toggled, joined by '\n'. Caller frees. */
static char *own_set_toggled(const struct message *m, const char *emoji, bool *removed)
{
	struct strbuf sb = STRBUF_INIT;
	*removed = false;
	for (size_t i = 0; i < m->nreactions; i++) {
		if (strcmp(m->reactions[i].who, EDITS_ME) != 0)
			continue;
		if (strcmp(m->reactions[i].emoji, emoji) == 0) {
			*removed = true;
			continue;
		}
		strbuf_addf(&sb, "%s%s", sb.len ? "\n" : "", m->reactions[i].emoji);
	}
	if (!*removed)
		strbuf_addf(&sb, "%s%s", sb.len ? "\n" : "", emoji);
	return strbuf_detach(&sb);
}

/* Split set (from own_set_toggled) in place into at most max emoji. */
static size_t split_set(char *set, const char **out, size_t max)
{
	size_t n = 0;
	for (char *s = set; *s && n < max;) {
		out[n++] = s;
		char *nl = strchr(s, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	return n;
}

/* /react: toggle our reaction emoji on the newest message from the other side. */
int core_react(struct conv *cv, const char *emoji)
{
	const struct core_backend *b = edit_backend(cv, "/react");
	if (b == NULL)
		return -1;
	if (emoji == NULL || !edits_emoji_ok(emoji)) {
		core_notice(cv, LEVEL_ERROR, "/react: give one emoji, for example /react 👍");
		return -1;
	}
	struct message *m = last_theirs(cv);
	if (m == NULL) {
		core_notice(cv, LEVEL_ERROR,
		            "/react: there is no message from the other side to react to");
		return -1;
	}
	bool removed;
	char *set = own_set_toggled(m, emoji, &removed);
	int rc = b->send_edit(cv->jid, EDIT_REACT, target_id(cv, m), set, NULL);
	if (rc == 0) {
		const char *v[EDITS_MAX_DISTINCT];
		size_t n = split_set(set, v, EDITS_MAX_DISTINCT);
		core_message_react(cv, m, EDITS_ME, v, n);
	} else {
		core_notice(cv, LEVEL_ERROR, "/react: could not send the reaction");
	}
	free(set);
	return rc;
}
