/* scroll.c - where each conversation's view is scrolled to (UI state, kept
 * apart from the model). A conversation without an entry follows its newest
 * message; one scrolled up is anchored to the message (by seq) and row shown
 * at the bottom, so new messages do not move it. */
#include <stdlib.h>
#include <string.h>

#include "uipriv.h"
#include "xmalloc.h"

struct scroll_pos {
	const struct conv *cv;
	unsigned long seq; /* message shown in the bottom row */
	int row;           /* its row in the bottom row of the view */
};

static struct scroll_pos *pos;
static size_t npos, cappos;
static int view_rows = 1, view_cols = 1;

/* Remember the view size used by scroll_page(). */
void scroll_set_view_size(int rows, int cols)
{
	view_rows = rows > 0 ? rows : 1;
	view_cols = cols > 0 ? cols : 1;
}

/* The entry of cv, or NULL when it follows the newest message. */
static struct scroll_pos *find(const struct conv *cv)
{
	for (size_t i = 0; i < npos; i++)
		if (pos[i].cv == cv)
			return &pos[i];
	return NULL;
}

/* True when cv's view does not follow the newest message. */
bool scroll_is_up(const struct conv *cv)
{
	return find(cv) != NULL;
}

/* Forget cv's scroll position. */
void scroll_forget(const struct conv *cv)
{
	struct scroll_pos *p = find(cv);
	if (p)
		*p = pos[--npos];
}

/* Forget all scroll positions. */
void scroll_free_all(void)
{
	free(pos);
	pos = NULL;
	npos = cappos = 0;
}

/* True when the "new messages" line is drawn above m. */
bool scroll_marker_above(const struct conv *cv, const struct message *m)
{
	return cv->marker != 0 && m->seq == cv->marker;
}

/* Rows of message i of cv in a view cols wide, its marker line included. */
int scroll_msg_rows(const struct conv *cv, size_t i, int cols)
{
	struct styled st = {0};
	msgfmt_build(&st, cv->msgs[i]);
	int n = msgfmt_rows(&st, cols);
	styled_free(&st);
	return n + (scroll_marker_above(cv, cv->msgs[i]) ? 1 : 0);
}

/* Index of the message with seq, or of the oldest newer one (seq may have
 * dropped out of the scrollback). */
static size_t seq_index(const struct conv *cv, unsigned long seq)
{
	size_t lo = 0, hi = cv->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cv->msgs[mid]->seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cv->len ? lo : cv->len - 1;
}

/* The bottom row shown for cv. */
bool scroll_anchor(struct conv *cv, int cols, size_t *idx, int *row)
{
	if (cv->len == 0)
		return false;
	struct scroll_pos *p = find(cv);
	if (p == NULL) {
		*idx = cv->len - 1;
		*row = scroll_msg_rows(cv, *idx, cols) - 1;
		return true;
	}
	*idx = seq_index(cv, p->seq);
	int n = scroll_msg_rows(cv, *idx, cols);
	*row = cv->msgs[*idx]->seq != p->seq ? 0 : p->row < n ? p->row : n - 1;
	return true;
}

/* Move the anchor k rows up, stopping at the first row. */
static void move_up(const struct conv *cv, size_t *idx, int *row, int k)
{
	while (k > 0) {
		if (*row >= k) {
			*row -= k;
			return;
		}
		k -= *row + 1;
		if (*idx == 0) {
			*row = 0;
			return;
		}
		(*idx)--;
		*row = scroll_msg_rows(cv, *idx, view_cols) - 1;
	}
}

/* Move the anchor k rows down; true when it reached the newest row. */
static bool move_down(const struct conv *cv, size_t *idx, int *row, int k)
{
	int n = scroll_msg_rows(cv, *idx, view_cols);
	while (k > 0) {
		if (*row + k < n) {
			*row += k;
			break;
		}
		k -= n - *row;
		if (*idx + 1 >= cv->len) {
			*row = n - 1;
			return true;
		}
		(*idx)++;
		*row = 0;
		n = scroll_msg_rows(cv, *idx, view_cols);
	}
	return *idx + 1 == cv->len && *row == n - 1;
}

/* Rows from the very first one down to the anchor, counting at most limit. */
static int rows_above(const struct conv *cv, size_t idx, int row, int limit)
{
	int total = row + 1;
	while (idx > 0 && total < limit)
		total += scroll_msg_rows(cv, --idx, view_cols);
	return total;
}

/* Store cv's anchor, or drop it when the view is back at the newest row. */
static void store(const struct conv *cv, size_t idx, int row, bool at_end)
{
	if (at_end) {
		scroll_forget(cv);
		return;
	}
	struct scroll_pos *p = find(cv);
	if (p == NULL) {
		if (npos == cappos) {
			cappos = cappos ? cappos * 2 : 8;
			pos = xreallocarray(pos, cappos, sizeof(*pos));
		}
		p = &pos[npos++];
		p->cv = cv;
	}
	p->seq = cv->msgs[idx]->seq;
	p->row = row;
}

/* True when the view of cv shows the first row of the oldest message held
 * (or there is no message at all). */
bool scroll_at_top(struct conv *cv)
{
	size_t idx;
	int row;
	if (!scroll_anchor(cv, view_cols, &idx, &row))
		return true;
	return rows_above(cv, idx, row, view_rows + 1) <= view_rows;
}

/* Scroll the focused view by pages (negative: up) of rows-1 lines. PageUp
 * with the oldest message already in view asks for older ones. */
void scroll_page(int pages)
{
	struct conv *cv = conv_focused();
	size_t idx;
	int row;
	if (pages < 0 && scroll_at_top(cv)) {
		/* They arrive with smaller seqs: the anchor keeps the view still. */
		core_load_older(cv);
		ui_mark_dirty(DIRTY_VIEW | DIRTY_STATUS);
		return;
	}
	if (pages == 0 || !scroll_anchor(cv, view_cols, &idx, &row))
		return;
	int step = view_rows > 2 ? view_rows - 1 : 1;
	bool at_end;
	if (pages < 0) {
		move_up(cv, &idx, &row, step * -pages);
		/* Keep the view full: the first row stays at the top. */
		int above = rows_above(cv, idx, row, view_rows);
		at_end = false;
		if (above < view_rows)
			at_end = move_down(cv, &idx, &row, view_rows - above);
	} else {
		if (!scroll_is_up(cv))
			return;
		at_end = move_down(cv, &idx, &row, step * pages);
	}
	store(cv, idx, row, at_end);
	ui_mark_dirty(DIRTY_VIEW | DIRTY_STATUS);
}

/* Scroll cv so that m is in view, about half a page above the bottom row
 * (a /search hit with what followed it). */
void scroll_show(struct conv *cv, const struct message *m)
{
	size_t idx = seq_index(cv, m->seq);
	if (idx >= cv->len || cv->msgs[idx] != m)
		return;
	int row = scroll_msg_rows(cv, idx, view_cols) - 1;
	bool at_end = move_down(cv, &idx, &row, view_rows / 2);
	store(cv, idx, row, at_end);
}
