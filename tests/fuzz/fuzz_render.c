/* fuzz_render.c - remote text through the sanitizer and natter's message
 * renderer (src/ui/msgfmt.c, wrap.c, drawtext.c): every screen row fits the
 * view, holds no control character, no text is lost between rows, the row
 * count is bounded, and drawing a row never overruns the window.
 *
 * Input: byte 0 picks the view width (1..160 columns), byte 1 the message's
 * direction, state and "/me" form; the rest is sender, body and error text
 * separated by NUL bytes, each passed through sanitize() as src/xmpp does. */
#include <curses.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "fuzz_check.h"
#include "sanitize.h"
#include "uitext.h"

/* drawtext.c (declared in src/ui/uipriv.h, which needs the whole UI). */
int draw_text(WINDOW *w, const char *s, size_t len, int cols);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_COLS 160
#define BODY_MAX (64 * 1024)

static WINDOW *pad;

/* One-time set-up: UTF-8, UTC, and a curses pad on a terminal that writes to
 * /dev/null, so draw_text() runs against real curses. */
static void render_init(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "UTC", 1);
	setenv("TERM", "xterm-256color", 1);
	FILE *out = fopen("/dev/null", "w");
	FILE *in = fopen("/dev/null", "r");
	CHECK(out != NULL && in != NULL);
	CHECK(newterm("xterm-256color", out, in) != NULL);
	pad = newpad(1, MAX_COLS + 8);
	CHECK(pad != NULL);
}

/* The next NUL-separated piece of data (from *pos), sanitized; caller frees. */
static char *next_piece(const uint8_t *data, size_t size, size_t *pos, enum sanitize_mode mode,
                        size_t max)
{
	size_t start = *pos, end = start;
	while (end < size && data[end] != 0)
		end++;
	*pos = end < size ? end + 1 : end;
	return sanitize((const char *)data + start, end - start, mode, max);
}

/* A row may be wider than the view only when it holds a single character
 * (nothing fits: a wide character in a one-column view). */
static void check_row_width(const char *s, size_t start, size_t end, int width)
{
	int cols;
	size_t n = (size_t)text_cell(s + start, end - start, &cols, NULL);
	if (start + n >= end)
		return;
	CHECK(text_width(s + start, end - start) <= width);
}

/* No cell of the row is a control character or an invalid byte. */
static void check_row_clean(const char *s, size_t start, size_t end)
{
	size_t i = start;
	while (i < end) {
		int cols;
		bool bad;
		i += (size_t)text_cell(s + i, end - i, &cols, &bad);
		CHECK(!bad);
		CHECK(cols >= 0 && cols <= 2);
	}
}

/* Drawing the row into a pad stays inside width and draws all of a row
 * that fits. */
static void check_row_draw(const char *s, size_t start, size_t end, int width)
{
	werase(pad);
	wmove(pad, 0, 0);
	int used = draw_text(pad, s + start, end - start, width);
	CHECK(used >= 0 && used <= width);
	CHECK(getcurx(pad) <= width);
	if (text_width(s + start, end - start) <= width)
		CHECK(used == text_width(s + start, end - start));
}

/* Lay the message out at cols and check every row. */
static void check_layout(const struct styled *st, int cols)
{
	const char *s = strbuf_str(&st->text);
	size_t len = st->text.len;
	struct row_span *rows;
	size_t n = styled_layout(st, cols, &rows);
	int ci = msgfmt_cont_indent(st->indent, cols);

	CHECK(n >= 1 && n <= len + 1);
	CHECK(n == (size_t)msgfmt_rows(st, cols));
	CHECK(rows[0].start == 0);
	for (size_t i = 0; i < n; i++) {
		int width = i == 0 ? cols : cols - ci;
		CHECK(rows[i].start <= rows[i].end && rows[i].end <= len);
		check_row_width(s, rows[i].start, rows[i].end, width < 1 ? 1 : width);
		check_row_clean(s, rows[i].start, rows[i].end);
		check_row_draw(s, rows[i].start, rows[i].end, width < 1 ? 1 : width);
		/* Between rows at most one space or newline goes: no text is lost. */
		size_t next = i + 1 < n ? rows[i + 1].start : len;
		CHECK(next >= rows[i].end && next <= rows[i].end + 1);
		if (next > rows[i].end)
			CHECK(s[rows[i].end] == ' ' || s[rows[i].end] == '\n');
	}
	free(rows);
}

/* Fill m from the input's flags byte. */
static void set_flags(struct message *m, uint8_t flags)
{
	static const enum msg_dir dirs[] = {MSG_IN, MSG_OUT, MSG_SYSTEM, MSG_IN};
	m->dir = dirs[flags & 3];
	m->state = (enum msg_state)((flags >> 2) % (MSG_FAILED + 1));
	m->ts = (time_t)flags * 86399;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (pad == NULL)
		render_init();
	if (size < 2)
		return 0;
	int cols = 1 + data[0] % MAX_COLS;
	struct message m;
	memset(&m, 0, sizeof(m));
	set_flags(&m, data[1]);
	size_t pos = 2;
	m.from = next_piece(data, size, &pos, SANITIZE_LINE, 256);
	char *body = next_piece(data, size, &pos, SANITIZE_MULTILINE, BODY_MAX);
	/* The "/me " form is checked on the sanitized body, as core sees it. */
	m.body = body;
	m.error = next_piece(data, size, &pos, SANITIZE_LINE, 512);

	struct styled st;
	memset(&st, 0, sizeof(st));
	msgfmt_build(&st, &m);
	CHECK(st.body_start <= st.text.len);
	CHECK(st.indent >= 0);
	check_layout(&st, cols);
	/* The same text in the narrowest and a wide view. */
	check_layout(&st, 1);
	check_layout(&st, MAX_COLS);
	styled_free(&st);
	free(m.from);
	free(body);
	free(m.error);
	return 0;
}
