/* tabbar.c - the tab bar: "1:console 2:alice@example.org(3) ...", with
 * "…" after a chat whose contact is typing */
#include <stdlib.h>
#include <string.h>

#include "uipriv.h"
#include "xmalloc.h"

/* Width of the "< " and " >" markers for hidden tabs. */
enum { MARK_COLS = 2 };

/* First tab to draw so that the focused one is visible. */
size_t tabs_first(const int *widths, size_t n, size_t focus, int cols)
{
	if (n == 0 || focus >= n)
		return 0;
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += widths[i];
	if (total <= cols)
		return 0;
	int right = focus + 1 < n ? MARK_COLS : 0;
	for (size_t first = 0; first < focus; first++) {
		int need = right + (first > 0 ? MARK_COLS : 0);
		for (size_t i = first; i <= focus; i++)
			need += widths[i];
		if (need <= cols)
			return first;
	}
	return focus;
}

/* The text of tab i (0-based): number, title, unread count, typing mark.
 * Caller frees. */
char *tabbar_label(size_t i, const struct conv *cv)
{
	char *title = tab_title(cv);
	const char *typing = "";
	char *label;
	if (cv->peer_state == CHAT_COMPOSING)
		typing = text_can_utf8() ? "…" : "...";
	if (cv->unread > 0)
		label = xasprintf("%zu:%s(%u)%s", i + 1, title, cv->unread, typing);
	else
		label = xasprintf("%zu:%s%s", i + 1, title, typing);
	free(title);
	return label;
}

/* How tab cv is drawn: focused, or by its activity level (highlight,
 * message, status lines only, nothing). */
static enum ui_style tab_style(const struct conv *cv, bool focused)
{
	if (focused)
		return ST_TAB_FOCUS;
	switch (tab_activity(cv)) {
	case ACT_HIGHLIGHT:
		return ST_TAB_HIGHLIGHT;
	case ACT_MESSAGE:
		return ST_TAB_UNREAD;
	case ACT_STATUS:
		return ST_TAB_STATUS;
	case ACT_NONE:
		break;
	}
	return ST_TAB;
}

/* Draw the tabs from first on, then the markers for hidden ones. */
static void draw_tabs(WINDOW *w, struct conv **convs, char **labels, const int *widths, size_t n,
                      size_t first, size_t focus)
{
	int cols = getmaxx(w), col = 0;
	bool more = false;
	if (first > 0) {
		wattrset(w, ui_style_attr(ST_MORE));
		col += draw_str(w, "< ", cols);
	}
	for (size_t i = first; i < n; i++) {
		int reserve = i + 1 < n ? MARK_COLS : 0;
		if (col + widths[i] - 1 > cols - reserve && i != focus) {
			more = true;
			break;
		}
		/* Only the focused tab is drawn cut, leaving room for " >". */
		int room = cols - col - reserve > 0 ? cols - col - reserve : cols - col;
		wattrset(w, ui_style_attr(tab_style(convs[i], i == focus)));
		col += draw_str(w, labels[i], room);
		wattrset(w, A_NORMAL);
		if (col < cols) {
			waddch(w, ' ');
			col++;
		}
	}
	if (more && cols >= MARK_COLS) {
		wattrset(w, ui_style_attr(ST_MORE));
		mvwaddstr(w, 0, cols - MARK_COLS, " >");
	}
	wattrset(w, A_NORMAL);
}

/* Draw the tab bar. */
void tabbar_draw(WINDOW *w)
{
	size_t n, focus = 0;
	struct conv **convs = conv_list(&n);
	struct conv *focused = conv_focused();
	char **labels = xcalloc(n ? n : 1, sizeof(*labels));
	int *widths = xcalloc(n ? n : 1, sizeof(*widths));
	for (size_t i = 0; i < n; i++) {
		labels[i] = tabbar_label(i, convs[i]);
		widths[i] = text_width(labels[i], strlen(labels[i])) + 1;
		if (convs[i] == focused)
			focus = i;
	}
	werase(w);
	wmove(w, 0, 0);
	draw_tabs(w, convs, labels, widths, n, tabs_first(widths, n, focus, getmaxx(w)), focus);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(widths);
	wnoutrefresh(w);
}
