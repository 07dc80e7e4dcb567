/* listener.c - core events; they only mark what must be redrawn */
#include "uipriv.h"

/* Connection state, reason or own presence changed. */
static void on_conn_changed(void *ud)
{
	(void)ud;
	ui_mark_dirty(DIRTY_STATUS);
}

/* One contact (or, with c NULL, many) changed. */
static void on_roster_changed(void *ud, const struct contact *c)
{
	(void)ud;
	rosterpane_changed(c);
	ui_mark_dirty(DIRTY_ROSTER);
}

/* A new tab. */
static void on_conv_opened(void *ud, struct conv *cv)
{
	(void)ud;
	(void)cv;
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_STATUS);
}

/* A tab goes away; its scroll position with it. */
static void on_conv_closed(void *ud, struct conv *cv)
{
	(void)ud;
	scroll_forget(cv);
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_VIEW | DIRTY_STATUS);
}

/* Another tab is in front. */
static void on_focus_changed(void *ud, struct conv *cv)
{
	(void)ud;
	(void)cv;
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_VIEW | DIRTY_STATUS);
}

/* A message arrived in cv: its view if shown, unread counts otherwise. */
static void on_message_added(void *ud, struct conv *cv, const struct message *m)
{
	(void)ud;
	(void)m;
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_STATUS);
	if (cv == conv_focused())
		ui_mark_dirty(DIRTY_VIEW);
}

/* A message's delivery state changed. */
static void on_message_changed(void *ud, struct conv *cv, const struct message *m)
{
	(void)ud;
	(void)m;
	if (cv == conv_focused())
		ui_mark_dirty(DIRTY_VIEW);
}

/* Title, chat state, unread marker or older history of cv changed: its
 * tab and the status line (typing), and its view when shown. */
static void on_conv_changed(void *ud, struct conv *cv)
{
	(void)ud;
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_STATUS);
	if (cv == conv_focused())
		ui_mark_dirty(DIRTY_VIEW);
}

/* Bring m into view in cv (focused by core already). */
static void on_show_message(void *ud, struct conv *cv, const struct message *m)
{
	(void)ud;
	scroll_show(cv, m);
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_VIEW | DIRTY_STATUS);
}

/* Ask a question on the input line, the answer hidden or shown. */
static void on_ask(void *ud, const char *prompt, bool hidden, secret_fn done, void *arg)
{
	(void)ud;
	if (!ui_is_active()) {
		done(NULL, arg);
		return;
	}
	secret_begin(prompt, hidden, done, arg);
}

/* Drop the question being asked. */
static void on_ask_cancel(void *ud)
{
	(void)ud;
	secret_cancel();
}

static const struct core_listener listener = {
    .conn_changed = on_conn_changed,
    .roster_changed = on_roster_changed,
    .conv_opened = on_conv_opened,
    .conv_closed = on_conv_closed,
    .focus_changed = on_focus_changed,
    .message_added = on_message_added,
    .message_changed = on_message_changed,
    .conv_changed = on_conv_changed,
    .show_message = on_show_message,
    .ask = on_ask,
    .ask_cancel = on_ask_cancel,
};

/* Register the front end as the core listener. */
void listener_register(void)
{
	core_set_listener(&listener, NULL);
}
