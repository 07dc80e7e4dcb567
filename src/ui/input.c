/* input.c - the input line: GNU readline in callback mode, fed the bytes
 * that ui_input() read, drawing nothing itself (curses owns the terminal) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#include <readline/readline.h>
#include <readline/history.h>
/* clang-format on */

#include "cmd.h"
#include "sanitize.h"
#include "settings.h"
#include "strbuf.h"
#include "uipriv.h"
#include "util.h"
#include "xmalloc.h"

static const char prompt[] = "> ";
enum { HISTORY_MAX = 1000 };

/* The bytes being handed to readline by input_feed(). */
static const char *feed_buf;
static size_t feed_len, feed_pos;
static FILE *devnull;
/* Horizontal scroll of the input line, in columns of the text. */
static int hoffset;
/* The line's text after the last key, to tell edits from cursor moves. */
static char *last_text;

/* readline's getc: the next byte we read from the terminal. */
static int feed_getc(FILE *f)
{
	(void)f;
	if (feed_pos < feed_len)
		return (unsigned char)feed_buf[feed_pos++];
	/* Not reached in practice: readline only reads when we said there is
	 * input. NUL is set-mark, which is harmless, where EOF would accept the
	 * line. */
	return 0;
}

/* readline asks whether more input is waiting (e.g. typeahead). */
static int feed_available(void)
{
	return feed_pos < feed_len;
}

/* readline wants the line redrawn: do it at the next ui_draw(). */
static void mark_redisplay(void)
{
	ui_mark_dirty(DIRTY_INPUT);
}

/* Terminal modes belong to curses: readline must not touch them. */
static void no_prep(int meta)
{
	(void)meta;
}

/* See no_prep(). */
static void no_deprep(void)
{
}

/* True for lines that set a secret ("/set password ..."): never in history. */
static bool sets_secret(const char *line)
{
	if (strncmp(line, "/set password", 13) == 0)
		return true;
	int argc;
	char **argv = split_args(line, &argc);
	if (argv == NULL) /* unterminated quote: be careful */
		return strstr(line, "password") != NULL;
	bool secret = false;
	if (argc >= 2 && argv[0][0] == '/') {
		const char *err;
		const struct cmd *c = cmd_lookup(argv[0] + 1, &err);
		const struct setting *s = setting_find(argv[1]);
		secret = c && strcmp(c->name, "set") == 0 &&
		         ((s && s->secret) || strstr(argv[1], "password"));
	}
	strv_free(argv);
	return secret;
}

/* Add line to the history unless it repeats the last entry. */
static void remember(const char *line)
{
	HIST_ENTRY *last =
	    history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last && strcmp(last->line, line) == 0)
		return;
	add_history(line);
}

/* readline finished a line (NULL: Ctrl-D on an empty line, ignored). */
static void line_done(char *line)
{
	if (line == NULL)
		return;
	if (*line != '\0') {
		if (!sets_secret(line))
			remember(line);
		struct cmd_source src = {NULL, 0};
		/* A line break only gets into the line by a paste: that text is
		 * a message, never a command. */
		if (strchr(line, '\n'))
			paste_send_text(line);
		else
			cmd_run_line(line, &src);
	}
	free(line);
	/* A command may have changed anything, settings included. */
	ui_mark_dirty(DIRTY_ALL);
}

/* Set readline up for callback mode. */
int input_init(void)
{
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL)
		return -1;
	rl_readline_name = "natter";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_instream = stdin;
	rl_outstream = devnull;
	rl_getc_function = feed_getc;
	rl_input_available_hook = feed_available;
	rl_redisplay_function = mark_redisplay;
	rl_prep_term_function = no_prep;
	rl_deprep_term_function = no_deprep;
	rl_initialize();
	/* After rl_initialize(), so that ~/.inputrc cannot turn the bell on. */
	rl_variable_bind("bell-style", "none");
	using_history();
	stifle_history(HISTORY_MAX);
	complete_init();
	keys_bind();
	rl_callback_handler_install(prompt, line_done);
	return 0;
}

/* Remove the handler and wipe editing state. */
void input_shutdown(void)
{
	rl_callback_handler_remove();
	free(last_text);
	last_text = NULL;
	clear_history();
	if (devnull) {
		rl_outstream = NULL;
		fclose(devnull);
		devnull = NULL;
	}
}

/* After a key: when it changed the text of a chat message (not of a
 * /command, not emptied), the user is typing in the focused chat. */
static void note_edit(void)
{
	const char *text = rl_line_buffer ? rl_line_buffer : "";
	if (last_text && strcmp(last_text, text) == 0)
		return;
	free(last_text);
	last_text = xstrdup(text);
	rosterpane_line_edited(text);
	struct conv *cv = conv_focused();
	if ((cv->type == CONV_CHAT || cv->type == CONV_ROOM) && text[0] != '\0' && text[0] != '/')
		core_user_typing(cv);
}

/* Hand the bytes read from the terminal to readline or the secret prompt. */
void input_feed(const char *buf, size_t len)
{
	core_user_active();
	feed_buf = buf;
	feed_len = len;
	feed_pos = 0;
	while (feed_pos < feed_len) {
		/* A line may start a secret prompt: the rest goes there. */
		if (secret_active()) {
			unsigned char c = (unsigned char)feed_buf[feed_pos++];
			secret_byte(c, feed_pos == feed_len);
			continue;
		}
		size_t mark = paste_begins(feed_buf + feed_pos, feed_len - feed_pos);
		if (mark > 0 || paste_active()) {
			feed_pos +=
			    mark > 0 ? mark : paste_feed(feed_buf + feed_pos, feed_len - feed_pos);
			note_edit();
			continue;
		}
		size_t before = feed_pos;
		rl_callback_read_char();
		if (feed_pos == before) /* readline took nothing: do not spin */
			feed_pos++;
		note_edit();
	}
	feed_buf = NULL;
	feed_len = feed_pos = 0;
	ui_mark_dirty(DIRTY_INPUT);
}

/* Draw the text after the prompt, scrolled so that column cur is visible. */
static int draw_scrolled(WINDOW *w, const char *text, int cur, int avail)
{
	size_t len = strlen(text), i = 0;
	int col = 0;
	hoffset = hscroll_offset(cur, text_width(text, len), avail, hoffset);
	/* Skip what is scrolled out at the left, padding a split wide char. */
	while (i < len) {
		int cw;
		int n = text_cell(text + i, len - i, &cw, NULL);
		if (col >= hoffset)
			break;
		col += cw;
		i += (size_t)n;
	}
	draw_spaces(w, col - hoffset);
	draw_text(w, text + i, len - i, avail - (col - hoffset));
	return cur - hoffset;
}

/* The first n bytes of s, sanitized for one line, with each line break of
 * a pasted text shown as a visible mark. Caller frees. */
static char *line_shown(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *mark = text_can_utf8() ? "\xe2\x86\xb5" : "|"; /* U+21B5 */
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t run = nl ? (size_t)(nl - (s + i)) : n - i;
		char *part = sanitize(s + i, run, SANITIZE_LINE, 0);
		strbuf_adds(&sb, part);
		free(part);
		i += run;
		if (nl) {
			strbuf_adds(&sb, mark);
			i++;
		}
	}
	return strbuf_detach(&sb);
}

/* Draw prompt + text with the cursor at byte point of text. */
static void draw_line(WINDOW *w, const char *raw_prompt, const char *raw_text, size_t point)
{
	int cols = getmaxx(w);
	/* The sanitizer turns control characters into visible ones, so widths
	 * and what is drawn agree. */
	char *p = sanitize_str(raw_prompt, SANITIZE_LINE);
	char *text = line_shown(raw_text, strlen(raw_text));
	char *before = line_shown(raw_text, point);
	int pw = text_width(p, strlen(p));
	int cur = text_width(before, strlen(before));
	if (cols - pw < 2) /* no room for the prompt */
		pw = 0;
	werase(w);
	wmove(w, 0, 0);
	if (pw > 0)
		draw_str(w, p, pw);
	int x = pw + draw_scrolled(w, text, cur, cols - pw);
	wmove(w, 0, x < cols ? x : cols - 1);
	free(p);
	free(text);
	free(before);
}

/* Draw the input line and leave the cursor at the editing point. */
void input_draw(WINDOW *w)
{
	if (secret_active() && secret_hidden()) {
		/* Not even the length of the secret is shown. */
		draw_line(w, secret_prompt(), "[hidden]", strlen("[hidden]"));
	} else if (secret_active()) {
		draw_line(w, secret_prompt(), secret_typed(), strlen(secret_typed()));
	} else if (paste_question()) {
		draw_line(w, paste_question(), "", 0);
	} else {
		const char *p = rl_display_prompt ? rl_display_prompt : prompt;
		size_t point = rl_point > 0 ? (size_t)rl_point : 0;
		size_t end = strlen(rl_line_buffer);
		draw_line(w, p, rl_line_buffer, point < end ? point : end);
	}
	wnoutrefresh(w);
}
