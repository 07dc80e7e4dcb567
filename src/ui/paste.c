/* paste.c - bracketed paste: what the terminal marks as pasted is text,
 * never a command. One line goes into the input line; several lines are
 * sent as one message after a y/n question, or, declined, stay in the
 * input line for editing. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* clang-format off */
#include <stdio.h>
#include <readline/readline.h>
/* clang-format on */

#include "cmd.h"
#include "strbuf.h"
#include "uipriv.h"
#include "xmalloc.h"

#define PASTE_BEGIN "\033[200~"
#define PASTE_END   "\033[201~"
#define MARK_LEN    6
/* A paste larger than this is cut: nobody means to send more at once. */
enum { PASTE_MAX = 256 * 1024 };

static enum { PASTE_NONE, PASTE_READING, PASTE_ASKING } state;
static struct strbuf text = STRBUF_INIT;
static bool overflow;
static char *question;
static const struct conv *asked_conv;

/* Write s to the terminal now (curses has no call for private modes). */
static void term_write(const char *s)
{
	size_t len = strlen(s);
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, s, len);
		if (n <= 0)
			return; /* the terminal is gone: nothing to restore */
		s += n;
		len -= (size_t)n;
	}
}

/* Ask the terminal to mark pastes (on) or stop doing so (off). */
void paste_mode(bool on)
{
	term_write(on ? "\033[?2004h" : "\033[?2004l");
}

/* True while a paste is being read or its question is asked. */
bool paste_active(void)
{
	return state != PASTE_NONE;
}

/* The question on the input line, or NULL. */
const char *paste_question(void)
{
	return state == PASTE_ASKING ? question : NULL;
}

/* Bytes of the begin marker at the start of buf (0: none there). */
size_t paste_begins(const char *buf, size_t len)
{
	if (len < MARK_LEN || memcmp(buf, PASTE_BEGIN, MARK_LEN) != 0)
		return 0;
	/* A second paste while we ask is added to the first. */
	if (state == PASTE_ASKING && text.len > 0)
		strbuf_addch(&text, '\n');
	state = PASTE_READING;
	ui_mark_dirty(DIRTY_INPUT);
	return MARK_LEN;
}

/* Turn CR LF and lone CR (what terminals send for Enter) into LF and drop
 * the line breaks at the end. */
static void normalise(void)
{
	char *s = text.s;
	size_t j = 0;
	for (size_t i = 0; i < text.len; i++) {
		if (s[i] == '\r' && i + 1 < text.len && s[i + 1] == '\n')
			continue;
		s[j++] = s[i] == '\r' ? '\n' : s[i];
	}
	while (j > 0 && s[j - 1] == '\n')
		j--;
	text.len = j;
	s[j] = '\0';
}

/* Lines in the paste. */
static size_t line_count(void)
{
	size_t n = 1;
	for (size_t i = 0; i < text.len; i++)
		n += text.s[i] == '\n';
	return n;
}

/* Forget the paste. */
static void paste_reset(void)
{
	if (text.s)
		explicit_bzero(text.s, text.len);
	strbuf_reset(&text);
	free(question);
	question = NULL;
	asked_conv = NULL;
	overflow = false;
	state = PASTE_NONE;
	ui_mark_dirty(DIRTY_INPUT);
}

/* Put the paste into the input line at the cursor, for editing. */
static void paste_to_line(void)
{
	if (text.len > 0)
		rl_insert_text(text.s);
	paste_reset();
}

/* Send text as one message to the focused chat, never as a command.
 * Returns 0, or -1 when it was refused. */
int paste_send_text(const char *s)
{
	/* "//..." is the parser's way to send a leading slash as text. */
	char *line = s[0] == '/' ? xasprintf("/%s", s) : xstrdup(s);
	struct cmd_source src = {NULL, 0};
	int r = cmd_run_line(line, &src);
	free(line);
	return r < 0 ? -1 : 0;
}

/* The paste ended: one line is inserted, several lines ask first. */
static void paste_end(void)
{
	normalise();
	size_t lines = line_count();
	const struct conv *cv = conv_focused();
	if (lines < 2 || cv == NULL || cv->type == CONV_CONSOLE) {
		paste_to_line();
		return;
	}
	char *title = tab_title(cv);
	free(question);
	question = xasprintf("send %zu pasted lines%s to %s? (y/n) ", lines,
	                     overflow ? " (cut)" : "", title);
	free(title);
	asked_conv = cv;
	state = PASTE_ASKING;
	ui_mark_dirty(DIRTY_INPUT);
}

/* Add pasted bytes up to the end marker; returns the bytes used. */
static size_t paste_read(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len) {
		strbuf_addch(&text, buf[i++]);
		if (text.len >= MARK_LEN &&
		    memcmp(text.s + text.len - MARK_LEN, PASTE_END, MARK_LEN) == 0) {
			text.len -= MARK_LEN;
			text.s[text.len] = '\0';
			paste_end();
			return i;
		}
		/* Keep room for the marker still to come; drop the rest. */
		if (text.len > PASTE_MAX + MARK_LEN) {
			memmove(text.s + PASTE_MAX, text.s + PASTE_MAX + 1, MARK_LEN);
			text.s[--text.len] = '\0';
			overflow = true;
		}
	}
	return len;
}

/* The answer to the question: y sends, anything that cancels declines
 * (the text goes to the input line); other keys are ignored. */
static size_t paste_answer(const char *buf, size_t len)
{
	unsigned char c = (unsigned char)buf[0];
	if (c == 'y' || c == 'Y') {
		char *s = xstrdup(text.s ? text.s : "");
		bool same = conv_focused() == asked_conv;
		paste_reset();
		/* Focus moved, or refused: nothing is lost, it waits in the line. */
		if (!same || paste_send_text(s) < 0)
			rl_insert_text(s);
		explicit_bzero(s, strlen(s));
		free(s);
		return 1;
	}
	if (c == 'n' || c == 'N' || c == 0x1b || c == 0x03 || c == 0x07) {
		paste_to_line();
		/* An Esc that starts a key's sequence takes the rest with it. */
		return c == 0x1b ? len : 1;
	}
	return 1;
}

/* Bytes from the terminal while a paste is active; returns the bytes used. */
size_t paste_feed(const char *buf, size_t len)
{
	if (state == PASTE_READING)
		return paste_read(buf, len);
	return paste_answer(buf, len);
}

/* Drop any paste (at shut-down). */
void paste_free(void)
{
	paste_reset();
	strbuf_free(&text);
}
