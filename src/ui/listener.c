/* listener.c - core events; they only mark what must be redrawn */
#include "settings.h"
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
	occupants_room_changed(NULL);
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_VIEW | DIRTY_STATUS);
}

/* Another tab is in front: it has been seen, and the left pane may switch
 * between roster and occupants. */
static void on_focus_changed(void *ud, struct conv *cv)
{
	(void)ud;
	core_activity_seen(cv);
	occupants_room_changed(NULL);
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_VIEW | DIRTY_STATUS | DIRTY_ROSTER);
}

/* A room's state, nick or subject changed: its tab, title and pane. */
static void on_room_changed(void *ud, struct room *r)
{
	(void)ud;
	occupants_room_changed(r);
	ui_mark_dirty(DIRTY_TABBAR | DIRTY_STATUS);
	if (r && r->conv == conv_focused())
		ui_mark_dirty(DIRTY_ROSTER | DIRTY_VIEW);
}

/* One occupant (NULL: many) of r changed: only the focused room's pane cares. */
static void on_occupant_changed(void *ud, struct room *r, const struct occupant *o)
{
	(void)ud;
	occupants_changed(r, o);
	if (r && r->conv && r->conv == conv_focused())
		ui_mark_dirty(DIRTY_ROSTER | DIRTY_STATUS);
}

/* Something worth a bell happened: ring it (at the next draw) per setting. */
static void on_alert(void *ud, struct conv *cv, enum activity level)
{
	(void)ud;
	if (bell_wanted(setting_str("bell"), cv->type, level))
		ui_bell();
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
    .room_changed = on_room_changed,
    .occupant_changed = on_occupant_changed,
    .alert = on_alert,
    .show_message = on_show_message,
    .ask = on_ask,
    .ask_cancel = on_ask_cancel,
};

/* Register the front end as the core listener. */
void listener_register(void)
{
	core_set_listener(&listener, NULL);
}
