/* notify.h - the notify_command setting: a program run for highlights */
#ifndef NATTER_NOTIFY_H
#define NATTER_NOTIFY_H

#include <stdbool.h>

struct conv;
struct message;

/* Longest message text handed to notify_command, in bytes (a longer one is
 * cut at a character boundary; an argv element has a kernel limit). */
#define NOTIFY_TEXT_MAX 1024

/* Run notify_command (when set) for m, a highlight or private message in
 * cv, which is not the focused tab. The command's words are split like a
 * command line; the words %m (or %s) message text, %f sender and %c
 * conversation JID each become one whole argument, and a "--" goes before the
 * first of them when the command has none (see spawn_argv_build). No shell
 * ever sees the text. */
void core_notify(const struct conv *cv, const struct message *m);

/* True when value can be notify_command: empty, or words split_args can
 * split whose first (the program) is not a placeholder. */
bool notify_command_ok(const char *value);

#endif
