/* highlight.c - whether a room message mentions us (our nick or one of the
 * highlight_words), and the activity level of each tab that feeds the tab
 * bar and the bell */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core.h"
#include "core_internal.h"
#include "notify.h"
#include "settings.h"
#include "utf8.h"

/* The code point at s (len bytes left) folded to lower case; *used is set to
 * its bytes. An invalid byte counts as one byte that matches only itself. */
static uint32_t fold_at(const char *s, size_t len, int *used)
{
	uint32_t cp;
	int n = utf8_decode(s, len, &cp);
	if (n < 0) {
		*used = 1;
		return 0x110000u + (unsigned char)*s;
	}
	*used = n;
	return (uint32_t)towlower((wint_t)cp);
}

/* True when the code point is part of a word (so it cannot border a match). */
static bool word_char(uint32_t cp)
{
	return cp == '_' || (cp < 0x110000u && iswalnum((wint_t)cp));
}

/* Length in s of a case-insensitive match of word (wlen bytes) starting at
 * s, or 0 when there is none. */
static size_t match_at(const char *s, size_t slen, const char *word, size_t wlen)
{
	size_t i = 0, j = 0;
	while (j < wlen) {
		if (i >= slen)
			return 0;
		int a, b;
		if (fold_at(s + i, slen - i, &a) != fold_at(word + j, wlen - j, &b))
			return 0;
		i += (size_t)a;
		j += (size_t)b;
	}
	return i;
}

/* The last code point before byte pos of s (pos > 0). */
static uint32_t cp_before(const char *s, size_t pos)
{
	size_t start = pos - 1;
	/* back over UTF-8 continuation bytes, at most three */
	while (start > 0 && pos - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
		start--;
	int used;
	uint32_t cp = fold_at(s + start, pos - start, &used);
	return start + (size_t)used == pos ? cp : 0;
}

/* True when body holds word (wlen bytes) as a whole word, in any case. */
static bool has_word(const char *body, const char *word, size_t wlen)
{
	size_t blen = strlen(body);
	if (wlen == 0)
		return false;
	for (size_t pos = 0; pos < blen;) {
		size_t n = match_at(body + pos, blen - pos, word, wlen);
		if (n > 0 && (pos == 0 || !word_char(cp_before(body, pos)))) {
			int used;
			if (pos + n == blen ||
			    !word_char(fold_at(body + pos + n, blen - pos - n, &used)))
				return true;
		}
		int step;
		fold_at(body + pos, blen - pos, &step);
		pos += (size_t)step;
	}
	return false;
}

/* True when body holds one of the comma-separated words of list (blanks
 * around each word are ignored). */
static bool has_listed_word(const char *body, const char *list)
{
	const char *p = list;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		size_t w = n;
		while (w > 0 && (p[w - 1] == ' ' || p[w - 1] == '\t'))
			w--;
		if (w > 0 && has_word(body, p, w))
			return true;
		p += n;
	}
	return false;
}

/* True when body mentions our nick in r or a highlight word. */
bool core_mentions_me(const struct room *r, const char *body)
{
	if (body == NULL || *body == '\0')
		return false;
	/* "/me " is the action command (XEP-0245), not a word anyone wrote */
	if (strncmp(body, "/me ", 4) == 0)
		body += 4;
	if (r && r->nick && has_word(body, r->nick, strlen(r->nick)))
		return true;
	return has_listed_word(body, setting_str("highlight_words"));
}

/* The level of message m in cv. */
static enum activity message_level(const struct conv *cv, const struct message *m)
{
	if (m->dir == MSG_SYSTEM)
		return ACT_STATUS;
	if (m->dir != MSG_IN)
		return ACT_NONE;
	/* a message to us alone is addressed to us, like a mention */
	if (cv->type == CONV_CHAT || cv->type == CONV_PRIVATE)
		return ACT_HIGHLIGHT;
	if (cv->type == CONV_ROOM && core_mentions_me(room_of_conv(cv), m->body))
		return ACT_HIGHLIGHT;
	return ACT_MESSAGE;
}

/* Raise cv's activity for m and tell the front end about live ones. */
enum activity core_activity(struct conv *cv, const struct message *m, bool live)
{
	enum activity level = message_level(cv, m);
	if (level == ACT_NONE)
		return level;
	if (cv != conv_focused() && level > cv->activity) {
		cv->activity = level;
		if (level == ACT_HIGHLIGHT)
			cv->highlight = true;
		core_emit_conv_changed(cv);
	}
	void *ud;
	const struct core_listener *l = core_listener(&ud);
	if (live && level >= ACT_MESSAGE && l && l->alert)
		l->alert(ud, cv, level);
	if (live && level == ACT_HIGHLIGHT && cv != conv_focused())
		core_notify(cv, m);
	return level;
}

/* The user looked at cv. */
void core_activity_seen(struct conv *cv)
{
	cv->activity = ACT_NONE;
	cv->highlight = false;
}
