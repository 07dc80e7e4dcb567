/* prompt.c - questions on the input line: one answer, yes/no, a new password */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core.h"
#include "core_internal.h"
#include "password.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Ask the front end; done(NULL) when it cannot ask. */
void core_ask(const char *prompt, bool hidden, secret_fn done, void *arg)
{
	void *ud = NULL;
	const struct core_listener *l = core_listener(&ud);
	if (l && l->ask)
		l->ask(ud, prompt, hidden, done, arg);
	else if (l && hidden && l->ask_secret)
		l->ask_secret(ud, prompt, done, arg);
	else
		done(NULL, arg);
}

/* Drop the question being asked. */
void core_ask_cancel(void)
{
	void *ud = NULL;
	const struct core_listener *l = core_listener(&ud);
	if (l && l->ask_cancel)
		l->ask_cancel(ud);
}

/* A yes/no question being asked. */
struct yesno {
	char *prompt;
	yesno_fn done;
	void *arg;
};

/* 1 for a yes, 0 for a no, -1 for anything else (blanks around ignored). */
static int yes_or_no(const char *text)
{
	static const char *const yes[] = {"y", "yes"};
	static const char *const no[] = {"n", "no"};
	while (isspace((unsigned char)*text))
		text++;
	size_t n = strlen(text);
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	for (size_t i = 0; i < 2; i++) {
		if (strlen(yes[i]) == n && strncasecmp(text, yes[i], n) == 0)
			return 1;
		if (strlen(no[i]) == n && strncasecmp(text, no[i], n) == 0)
			return 0;
	}
	return -1;
}

/* An answer to a yes/no question: done, or ask again. */
static void yesno_answer(const char *text, void *p)
{
	struct yesno *q = p;
	int v = text ? yes_or_no(text) : -1;
	if (text && v < 0) {
		core_error("please answer y or n (Esc cancels)");
		core_ask(q->prompt, false, yesno_answer, q);
		return;
	}
	yesno_fn done = q->done;
	void *arg = q->arg;
	free(q->prompt);
	free(q);
	done(v, arg);
}

/* Ask a yes/no question. */
void core_ask_yesno(const char *question, yesno_fn done, void *arg)
{
	struct yesno *q = xcalloc(1, sizeof(*q));
	q->prompt = xasprintf("%s [y/n] ", question);
	q->done = done;
	q->arg = arg;
	core_ask(q->prompt, false, yesno_answer, q);
}

/* A new password being asked twice. */
struct newpw {
	char *what;
	char *first; /* the first answer, until the second one matches */
	secret_fn done;
	void *arg;
};

static void newpw_first(const char *text, void *p);

/* Ask for the password (again from the start). */
static void newpw_ask(struct newpw *q)
{
	char *prompt = xasprintf("New password for %s: ", q->what);
	core_ask(prompt, true, newpw_first, q);
	free(prompt);
}

/* End: hand the password (or NULL) over, then wipe everything. */
static void newpw_finish(struct newpw *q, const char *password)
{
	secret_fn done = q->done;
	void *arg = q->arg;
	free(q->what);
	char *first = q->first;
	free(q);
	done(password, arg);
	password_free(first);
}

/* The second answer: it must repeat the first. */
static void newpw_second(const char *text, void *p)
{
	struct newpw *q = p;
	if (text == NULL) {
		newpw_finish(q, NULL);
		return;
	}
	if (strcmp(text, q->first) != 0) {
		password_free(q->first);
		q->first = NULL;
		core_error("the two passwords differ: type it again (Esc cancels)");
		newpw_ask(q);
		return;
	}
	newpw_finish(q, q->first);
}

/* The first answer: not empty, nothing XML forbids. */
static void newpw_first(const char *text, void *p)
{
	struct newpw *q = p;
	const char *why = NULL;
	if (text == NULL) {
		newpw_finish(q, NULL);
		return;
	}
	if (*text == '\0' || !sanitize_check_outgoing(text, &why)) {
		core_error("that password cannot be used: %s (Esc cancels)",
		           why ? why : "it is empty");
		newpw_ask(q);
		return;
	}
	q->first = xstrdup(text);
	core_ask("Same password again, to be sure: ", true, newpw_second, q);
}

/* Ask for a new password twice. */
void core_ask_new_password(const char *what, secret_fn done, void *arg)
{
	struct newpw *q = xcalloc(1, sizeof(*q));
	q->what = xstrdup(what);
	q->done = done;
	q->arg = arg;
	newpw_ask(q);
}
