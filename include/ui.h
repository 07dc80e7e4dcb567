/* ui.h - the ncurses front end */
#ifndef NATTER_UI_H
#define NATTER_UI_H

#include <stdbool.h>

/* Start curses and readline, register as the core listener. 0 or -1. */
int ui_init(void);
/* Leave curses and restore the terminal (safe to call twice). */
void ui_shutdown(void);
/* stdin is readable: read what is there, edit the line, run commands.
 * Returns -1 when the terminal is gone (EOF/EIO), 0 otherwise. */
int ui_input(void);
/* The terminal was resized (SIGWINCH). */
void ui_resize(void);
/* Give the terminal back as it was before natter (before stopping on
 * SIGTSTP); ui_resume() takes it again and repaints. */
void ui_suspend(void);
/* Take the terminal again after ui_suspend() or a stop, repaint all. */
void ui_resume(void);
/* Redraw whatever is dirty (once per loop pass). */
void ui_draw(void);
/* Milliseconds until the UI needs a wake-up (e.g. a pending ESC), or -1. */
int ui_timeout(void);

#endif
