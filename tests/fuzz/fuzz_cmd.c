/* fuzz_cmd.c - arbitrary input lines through the command parser
 * (src/cmd/run.c: splitting, quoting, lookup by unique prefix), every
 * command's handler and tab completion, in a bound session with a chat and
 * a joined room (tests/fuzz/fuzz_session.h). No command may crash, leak or
 * leave the console without an answer on any argument string.
 *
 * Input: up to MAX_LINES lines separated by '\n'. Each line is completed
 * (cmd_complete) at every cut point of its first bytes, then run as typed
 * on the input line or (odd lines) as line N of a natterrc. The protocol
 * backend's account calls (register, change password, unregister, connect)
 * are no-ops: nothing leaves the process. */
#include <stdint.h>

#include "cmd.h"
#include "core_internal.h"
#include "fuzz_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES    8
#define MAX_LINE     2048
#define MAX_COMPLETE 64

/* A backend that does nothing: no connection, no account change. */
static int noop_connect(const char *password)
{
	(void)password;
	return -1;
}

/* No-op disconnect. */
static void noop_disconnect(void)
{
}

/* No-op account creation: reports "not started". */
static int noop_register(const char *server, const char *username, const char *password,
                         account_fn done, void *arg)
{
	(void)server, (void)username, (void)password, (void)done, (void)arg;
	return -1;
}

/* No-op password change. */
static int noop_change_password(const char *password, account_fn done, void *arg)
{
	(void)password, (void)done, (void)arg;
	return -1;
}

/* No-op account removal. */
static int noop_unregister(account_fn done, void *arg)
{
	(void)done, (void)arg;
	return -1;
}

/* The session's backend with the calls that would reach outside replaced. */
static struct core_backend fuzz_backend;

/* Run password_cmd never: a fuzzed "/set password_cmd ..." must not become a
 * program started by a later /connect. */
static void forget_commands(void)
{
	if (*setting_str("password_cmd"))
		setting_unset("password_cmd");
}

/* Completion of every prefix of line up to MAX_COMPLETE bytes. */
static void complete_prefixes(const char *line, size_t len)
{
	char buf[MAX_COMPLETE + 1];
	size_t n = len < MAX_COMPLETE ? len : MAX_COMPLETE;
	for (size_t cut = 0; cut <= n; cut++) {
		memcpy(buf, line, cut);
		buf[cut] = '\0';
		size_t start = SIZE_MAX;
		char **c = cmd_complete(buf, &start);
		if (c == NULL)
			continue;
		CHECK(start <= cut);
		for (size_t i = 0; c[i]; i++)
			free(c[i]);
		free(c);
	}
}

/* One line: complete it, look its command up, run it. */
static void one_line(const char *line, size_t len, int n)
{
	struct cmd_source src = {"natterrc", n};
	complete_prefixes(line, len);
	if (line[0] == '/') {
		const char *err = NULL;
		char name[64];
		size_t k = 0;
		while (k + 1 < sizeof(name) && line[k + 1] && line[k + 1] != ' ')
			name[k] = line[k + 1], k++;
		name[k] = '\0';
		if (cmd_lookup(name, &err) == NULL)
			CHECK(err != NULL && *err != '\0');
	}
	cmd_run_line(line, n % 2 ? &src : NULL);
	forget_commands();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_begin();
	fuzz_backend = *core_backend();
	fuzz_backend.connect = noop_connect;
	fuzz_backend.disconnect = noop_disconnect;
	fuzz_backend.register_account = noop_register;
	fuzz_backend.change_password = noop_change_password;
	fuzz_backend.unregister = noop_unregister;
	core_set_backend(&fuzz_backend);

	size_t pos = 0;
	for (int n = 1; n <= MAX_LINES && pos < size; n++) {
		size_t end = pos;
		while (end < size && data[end] != '\n' && end - pos < MAX_LINE)
			end++;
		char *line = malloc(end - pos + 1);
		memcpy(line, data + pos, end - pos);
		line[end - pos] = '\0';
		one_line(line, strlen(line), n);
		free(line);
		pos = end + 1;
	}
	fz_end();
	return 0;
}
