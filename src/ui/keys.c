/* keys.c - natter's own keys, bound in readline: Alt-1..Alt-0 (tabs 1..10),
 * Ctrl-N/Ctrl-P (next/previous tab), PageUp/PageDown (scroll the view),
 * Ctrl-L (redraw), Ctrl-C (clear the line), Ctrl-Z (suspend), Ctrl-X f (filter the roster
 * pane as you type), Alt-J (join the room of the newest invitation). Tab
 * completes (complete.c). */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

/* clang-format off */
#include <stdio.h>
#include <readline/readline.h>
/* clang-format on */

#include "cmd.h"
#include "uipriv.h"
#include "xmalloc.h"

/* Alt-digit (ESC digit or, with 8-bit meta, 0x80|digit): focus tab 1..10. */
static int key_tab_number(int count, int key)
{
	(void)count;
	int digit = (key & 0x7f) - '0';
	if (digit < 0 || digit > 9)
		return 0;
	conv_focus_index(digit == 0 ? 10 : (size_t)digit);
	return 0;
}

/* Move the focus by delta tabs, wrapping around. */
static void focus_step(int delta)
{
	size_t n;
	conv_list(&n);
	if (n == 0)
		return;
	size_t i = conv_index(conv_focused()); /* 1-based */
	size_t next = delta > 0 ? i % n + 1 : (i + n - 2) % n + 1;
	conv_focus_index(next);
}

/* Ctrl-N: next tab. */
static int key_next_tab(int count, int key)
{
	(void)count;
	(void)key;
	focus_step(1);
	return 0;
}

/* Ctrl-P: previous tab. */
static int key_prev_tab(int count, int key)
{
	(void)count;
	(void)key;
	focus_step(-1);
	return 0;
}

/* PageUp: scroll the view up by a page minus one line. */
static int key_page_up(int count, int key)
{
	(void)key;
	scroll_page(-(count > 0 ? count : 1));
	return 0;
}

/* PageDown: scroll down; at the bottom the view follows new messages again. */
static int key_page_down(int count, int key)
{
	(void)key;
	scroll_page(count > 0 ? count : 1);
	return 0;
}

/* Ctrl-L: repaint the whole screen. */
static int key_redraw(int count, int key)
{
	(void)count;
	(void)key;
	ui_full_redraw();
	return 0;
}

/* Ctrl-C: throw the line away (it stays in the kill ring). */
static int key_clear_line(int count, int key)
{
	return rl_kill_full_line(count, key);
}

/* Ctrl-X f: put "/roster filter CURRENT" on the input line; the roster pane
 * follows the text as it is edited (rosterpane_line_edited). */
static int key_roster_filter(int count, int key)
{
	(void)count;
	(void)key;
	char *line = xasprintf("/roster filter %s", roster_filter());
	rl_replace_line(line, 0);
	rl_point = rl_end;
	free(line);
	return 0;
}

/* Alt-J: join the room of the newest invitation (/join without arguments). */
static int key_join_invited(int count, int key)
{
	(void)count;
	(void)key;
	struct cmd_source src = {NULL, 0};
	cmd_run_line("/join", &src);
	return 0;
}

/* Ctrl-Z: stop natter as a shell job (the terminal is raw, so the key
 * does not raise SIGTSTP by itself); fg brings it back redrawn. */
static int key_suspend(int count, int key)
{
	(void)count;
	(void)key;
	kill(getpid(), SIGTSTP);
	return 0;
}

/* Bind a terminfo key string (e.g. "kpp") too, when the terminal has one. */
static void bind_terminfo(const char *cap, rl_command_func_t *fn)
{
	char *seq = tigetstr(cap);
	if (seq == NULL || seq == (char *)-1 || *seq == '\0')
		return;
	rl_generic_bind(ISFUNC, seq, (char *)fn, rl_get_keymap());
}

/* Alt-1..Alt-9 and Alt-0 as ESC+digit, and as 8-bit meta bytes when the
 * locale is single-byte (in UTF-8 those bytes belong to characters). */
static void bind_alt_digits(void)
{
	for (char d = '0'; d <= '9'; d++) {
		char esc_seq[3] = {'\033', d, '\0'};
		rl_generic_bind(ISFUNC, esc_seq, (char *)key_tab_number, rl_get_keymap());
		if (MB_CUR_MAX == 1)
			rl_bind_key((unsigned char)d | 0x80, key_tab_number);
	}
}

/* Bind natter's keys in readline's keymap. */
void keys_bind(void)
{
	bind_alt_digits();
	rl_bind_key('N' & 0x1f, key_next_tab);
	rl_bind_key('P' & 0x1f, key_prev_tab);
	rl_bind_key('L' & 0x1f, key_redraw);
	rl_bind_key('C' & 0x1f, key_clear_line);
	rl_bind_key('Z' & 0x1f, key_suspend);
	rl_bind_keyseq("\\C-xf", key_roster_filter);
	rl_bind_keyseq("\\ej", key_join_invited);
	rl_bind_keyseq("\\eJ", key_join_invited);
	rl_bind_keyseq("\\e[5~", key_page_up);
	rl_bind_keyseq("\\e[6~", key_page_down);
	bind_terminfo("kpp", key_page_up);
	bind_terminfo("knp", key_page_down);
}
