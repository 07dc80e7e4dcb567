/* spawn.c - running programs with an argv array, never through a shell */
#define _GNU_SOURCE /* POSIX_SPAWN_SETSID, posix_spawn_file_actions_addclosefrom_np */
#include "spawnargv.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"
#include "xmalloc.h"

extern char **environ;

static pid_t children[SPAWN_MAX_CHILDREN];

/* The value for a template word that is a placeholder, or NULL. */
static const char *placeholder(const char *word, const struct spawn_subst *subst, size_t n)
{
	if (word[0] != '%' || word[1] == '\0' || word[2] != '\0')
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (subst[i].key == word[1])
			return subst[i].value ? subst[i].value : "";
	return NULL;
}

/* Index of the first placeholder in tmpl, or -1; *dashes tells whether a
 * "--" word comes before it. */
static long first_placeholder(char *const tmpl[], const struct spawn_subst *subst, size_t n,
                              bool *dashes)
{
	*dashes = false;
	for (long i = 0; tmpl[i] != NULL; i++) {
		if (placeholder(tmpl[i], subst, n))
			return i;
		if (strcmp(tmpl[i], "--") == 0)
			*dashes = true;
	}
	return -1;
}

/* Build the argv for a template; see spawnargv.h. */
char **spawn_argv_build(char *const tmpl[], const struct spawn_subst *subst, size_t n)
{
	bool dashes;
	if (tmpl == NULL || tmpl[0] == NULL)
		return NULL;
	long first = first_placeholder(tmpl, subst, n, &dashes);
	if (first == 0)
		return NULL;
	size_t len = strv_len(tmpl);
	char **argv = xcalloc(len + 2, sizeof(*argv));
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		const char *v = placeholder(tmpl[i], subst, n);
		if ((long)i == first && !dashes)
			argv[k++] = xstrdup("--");
		if (v)
			argv[k++] = xstrdup(v);
		else
			argv[k++] = xstrdup(strcmp(tmpl[i], "%%") == 0 ? "%" : tmpl[i]);
	}
	argv[k] = NULL;
	return argv;
}

/* A free slot in children, or -1. */
static int free_slot(void)
{
	for (int i = 0; i < SPAWN_MAX_CHILDREN; i++)
		if (children[i] == 0)
			return i;
	return -1;
}

/* File actions: the standard descriptors on /dev/null, nothing else open. */
static int file_actions(posix_spawn_file_actions_t *fa)
{
	if (posix_spawn_file_actions_init(fa) != 0)
		return -1;
	if (posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
	    posix_spawn_file_actions_addopen(fa, 1, "/dev/null", O_WRONLY, 0) != 0 ||
	    posix_spawn_file_actions_addopen(fa, 2, "/dev/null", O_WRONLY, 0) != 0 ||
	    posix_spawn_file_actions_addclosefrom_np(fa, 3) != 0) {
		posix_spawn_file_actions_destroy(fa);
		return -1;
	}
	return 0;
}

/* Attributes: default handling of every signal (natter ignores SIGPIPE and
 * that would be inherited), nothing blocked, a session of its own. */
static int attributes(posix_spawnattr_t *at)
{
	sigset_t all, none;
	sigfillset(&all);
	sigemptyset(&none);
	if (posix_spawnattr_init(at) != 0)
		return -1;
	if (posix_spawnattr_setsigdefault(at, &all) != 0 ||
	    posix_spawnattr_setsigmask(at, &none) != 0 ||
	    posix_spawnattr_setflags(at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK |
	                                     POSIX_SPAWN_SETSID) != 0) {
		posix_spawnattr_destroy(at);
		return -1;
	}
	return 0;
}

/* The file to run for program: itself when it has a '/', else the first
 * executable of that name in $PATH; NULL (errno ENOENT) when there is none.
 * Looked up here rather than by posix_spawnp so that a missing program is
 * an error at once everywhere (under valgrind, posix_spawnp reports it only
 * as the child's exit status). Caller frees. */
static char *program_path(const char *program)
{
	if (strchr(program, '/'))
		return access(program, X_OK) == 0 ? xstrdup(program) : NULL;
	const char *path = getenv("PATH");
	char *dirs = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	char *found = NULL, *save = NULL;
	for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char *cand = xasprintf("%s/%s", *d ? d : ".", program);
		if (access(cand, X_OK) == 0)
			found = cand;
		else
			free(cand);
	}
	free(dirs);
	if (found == NULL)
		errno = ENOENT;
	return found;
}

/* Start a program with argv; see spawnargv.h. */
pid_t spawn_argv(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	pid_t pid;
	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0') {
		errno = EINVAL;
		return -1;
	}
	spawn_reap();
	int slot = free_slot();
	if (slot < 0) {
		errno = EAGAIN;
		return -1;
	}
	char *file = program_path(argv[0]);
	if (file == NULL)
		return -1;
	if (file_actions(&fa) < 0) {
		free(file);
		return -1;
	}
	if (attributes(&at) < 0) {
		posix_spawn_file_actions_destroy(&fa);
		free(file);
		return -1;
	}
	int rc = posix_spawn(&pid, file, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	free(file);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	children[slot] = pid;
	return pid;
}

/* Collect ended children without waiting. */
int spawn_reap(void)
{
	int n = 0;
	for (int i = 0; i < SPAWN_MAX_CHILDREN; i++) {
		if (children[i] == 0)
			continue;
		pid_t r = waitpid(children[i], NULL, WNOHANG);
		/* ECHILD: someone else collected it; the slot is free either way */
		if (r == children[i] || (r < 0 && errno != EINTR)) {
			children[i] = 0;
			n++;
		}
	}
	return n;
}

/* Children still running. */
int spawn_running(void)
{
	int n = 0;
	for (int i = 0; i < SPAWN_MAX_CHILDREN; i++)
		n += children[i] != 0;
	return n;
}
