/* notify.c - running notify_command for highlights, argv only */
#include "notify.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "core.h"
#include "log.h"
#include "settings.h"
#include "spawnargv.h"
#include "util.h"
#include "xmalloc.h"

/* The last notify_command that failed to start (said once per value). */
static char *failed_command;

/* text cut to NOTIFY_TEXT_MAX bytes at a character boundary. Caller frees. */
static char *notify_text(const char *text)
{
	size_t n = strlen(text ? text : "");
	if (n <= NOTIFY_TEXT_MAX)
		return xstrdup(text ? text : "");
	n = NOTIFY_TEXT_MAX;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	return xstrndup(text, n);
}

/* Tell the user (once per command) that it could not be started. */
static void notify_failed(const char *command, int err)
{
	log_debug("notify_command could not be started: %s", strerror(err));
	if (err == EAGAIN || (failed_command && strcmp(failed_command, command) == 0))
		return;
	xstrset(&failed_command, command);
	core_error("notify_command could not be started: %s", strerror(err));
}

/* Run notify_command for a highlight; see notify.h. */
void core_notify(const struct conv *cv, const struct message *m)
{
	const char *command = setting_str("notify_command");
	int argc = 0;
	if (*command == '\0' || cv == NULL || m == NULL)
		return;
	char **tmpl = split_args(command, &argc);
	char *text = notify_text(m->body);
	const struct spawn_subst subst[] = {
	    {'m', text}, {'s', text}, {'f', m->from ? m->from : ""}, {'c', cv->jid ? cv->jid : ""}};
	char **argv =
	    argc > 0 ? spawn_argv_build(tmpl, subst, sizeof(subst) / sizeof(subst[0])) : NULL;
	if (argv == NULL)
		notify_failed(command, EINVAL);
	else if (spawn_argv(argv) < 0)
		notify_failed(command, errno);
	strv_free(argv);
	strv_free(tmpl);
	free(text);
}

/* True when value can be notify_command; see notify.h. */
bool notify_command_ok(const char *value)
{
	int argc = 0;
	char **words = split_args(value, &argc);
	bool ok = words != NULL && (argc == 0 || !(words[0][0] == '%' && words[0][1] != '\0' &&
	                                           words[0][1] != '%' && words[0][2] == '\0'));
	strv_free(words);
	return ok;
}
