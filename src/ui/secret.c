/* secret.c - a question on the input line: hidden (passwords) or shown. The
 * typed bytes never go to readline, so they reach neither its history, undo
 * list nor kill ring, and a half-typed line under the question stays as it
 * was. */
#include <stdlib.h>
#include <string.h>

#include "uipriv.h"
#include "xmalloc.h"

/* Where we are in a key's escape sequence, which is skipped, not typed. */
enum esc_state { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

static bool active;
static bool hidden;
static char *prompt;
static secret_fn done_fn;
static void *done_arg;
static char buf[1024];
static size_t len;
static enum esc_state esc;

/* True while a question is being answered. */
bool secret_active(void)
{
	return active;
}

/* True when the answer being typed is not shown. */
bool secret_hidden(void)
{
	return hidden;
}

/* The prompt shown for the question. */
const char *secret_prompt(void)
{
	return prompt ? prompt : "";
}

/* The answer typed so far (for a shown question). */
const char *secret_typed(void)
{
	return hidden ? "" : buf;
}

/* Start a question; only one at a time. */
void secret_begin(const char *text, bool hide, secret_fn done, void *arg)
{
	if (active) {
		done(NULL, arg);
		return;
	}
	active = true;
	hidden = hide;
	prompt = xstrdup(text && *text ? text : hide ? "Secret: " : "? ");
	done_fn = done;
	done_arg = arg;
	len = 0;
	buf[0] = '\0';
	esc = ESC_NONE;
	ui_mark_dirty(DIRTY_INPUT);
}

/* End the question and report the text (or NULL); every copy is wiped. */
static void finish(bool ok)
{
	secret_fn fn = done_fn;
	void *arg = done_arg;
	char answer[sizeof(buf)];
	memcpy(answer, buf, len);
	answer[len] = '\0';
	explicit_bzero(buf, sizeof(buf));
	active = false;
	free(prompt);
	prompt = NULL;
	done_fn = NULL;
	done_arg = NULL;
	len = 0;
	ui_mark_dirty(DIRTY_INPUT);
	/* done() may start another question: it has buf to itself */
	fn(ok ? answer : NULL, arg);
	explicit_bzero(answer, sizeof(answer));
}

/* Cancel the question being asked. */
void secret_cancel(void)
{
	if (active)
		finish(false);
}

/* Forget the last character (all bytes of a UTF-8 sequence). */
static void rubout(void)
{
	while (len > 0) {
		unsigned char c = (unsigned char)buf[--len];
		buf[len] = '\0';
		if ((c & 0xc0) != 0x80)
			break;
	}
}

/* Skip one byte of an escape sequence (arrows, function keys, Alt-x). */
static void skip_escape(unsigned char c)
{
	switch (esc) {
	case ESC_START:
		esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		break;
	case ESC_CSI:
		if (c >= 0x40 && c <= 0x7e)
			esc = ESC_NONE;
		break;
	default:
		esc = ESC_NONE;
		break;
	}
}

/* One byte typed at the question. last: nothing else came with it, so an
 * Esc alone is the Esc key (which cancels), not the start of a sequence. */
void secret_byte(unsigned char c, bool last)
{
	if (!active)
		return;
	if (esc != ESC_NONE) {
		skip_escape(c);
		return;
	}
	switch (c) {
	case '\r':
	case '\n':
		finish(true);
		break;
	case 0x03: /* Ctrl-C */
	case 0x07: /* Ctrl-G */
		finish(false);
		break;
	case 0x7f:
	case 0x08:
		rubout();
		break;
	case 0x15: /* Ctrl-U */
		explicit_bzero(buf, len);
		len = 0;
		break;
	case 0x1b:
		if (last)
			finish(false);
		else
			esc = ESC_START;
		break;
	default:
		if (c >= 0x20 && len + 1 < sizeof(buf)) {
			buf[len++] = (char)c;
			buf[len] = '\0';
		}
		break;
	}
}
