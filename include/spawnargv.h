/* spawnargv.h - running programs with an argv array, never through a shell */
/* (Not called spawn.h: that name would hide the system <spawn.h> under -Iinclude.) */
#ifndef NATTER_SPAWNARGV_H
#define NATTER_SPAWNARGV_H

#include <stddef.h>
#include <sys/types.h>

/* At most this many children started by spawn_argv() run at once. */
#define SPAWN_MAX_CHILDREN 4

/* One placeholder of a command template: a word that is exactly "%" key is
 * replaced by value as one whole argv element. */
struct spawn_subst {
	char key;
	const char *value;
};

/* Build the argv for a command template (words from split_args): every word
 * that is exactly "%K" for a key K of subst becomes that value, untouched and
 * as ONE element (never spliced into a longer word, never seen by a shell);
 * "%%" becomes "%"; other words are kept as they are. When the template has
 * no "--" word before its first placeholder, a "--" is put there, so a value
 * starting with '-' cannot be taken for an option. NULL when the template is
 * empty or its first word (the program) is a placeholder. Caller frees with
 * strv_free. */
char **spawn_argv_build(char *const tmpl[], const struct spawn_subst *subst, size_t n);

/* Start argv[0] (looked up in PATH) with argv: no shell, stdin, stdout and
 * stderr on /dev/null, no other descriptor inherited, default signal
 * handling, its own session (no controlling terminal). Returns the child's
 * pid, or -1 with errno set (EAGAIN when SPAWN_MAX_CHILDREN still run). */
pid_t spawn_argv(char *const argv[]);
/* Collect the children of spawn_argv() that have ended (the loop calls it on
 * SIGCHLD; it never waits). Returns how many were collected. */
int spawn_reap(void);
/* How many children of spawn_argv() are still running (not yet reaped). */
int spawn_running(void);

#endif
