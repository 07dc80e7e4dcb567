/* cmd.h - the command table and the one command-line parser */
#ifndef NATTER_CMD_H
#define NATTER_CMD_H

#include <stddef.h>

struct conv;

/* Where a line came from: error messages carry "file:line: " for files. */
struct cmd_source {
	const char *file; /* NULL for the input line and -e */
	int line;
};

struct cmd_ctx {
	const struct cmd_source *src;
	struct conv *conv; /* focused conversation when the line was run */
};

typedef int (*cmd_handler)(struct cmd_ctx *ctx, int argc, char **argv);
/* Complete the argument being typed (word index argi); return a NULL-
 * terminated array of candidates (caller frees with strv_free) or NULL. */
typedef char **(*cmd_completer)(int argi, const char *prefix);

struct cmd {
	const char *name;
	const char *aliases[3]; /* NULL-terminated */
	int min_args, max_args; /* max -1 = any; the last word may keep spaces */
	const char *usage;      /* "/msg JID [TEXT]" */
	const char *help;       /* one line */
	const char *long_help;  /* paragraph(s) for /help CMD and natter.1 */
	cmd_handler handler;
	cmd_completer complete;
};

/* The table, terminated by an entry with name == NULL. */
extern const struct cmd cmd_table[];

/* Look a command up by name, alias or unique prefix. On failure returns NULL
 * and sets *err ("unknown command /jion", "ambiguous command /c: close,
 * connect"); *err is a static buffer valid until the next call. */
const struct cmd *cmd_lookup(const char *name, const char **err);
/* Run one line: "/cmd args" runs a command, other text is sent to the
 * focused chat. Errors are reported to the console (with file:line when
 * src->file). Returns 0 on success, -1 on error. */
int cmd_run_line(const char *line, const struct cmd_source *src);
/* Report an error for the command being run (console, with file:line). */
void cmd_error(struct cmd_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Candidates for completing the input line's text before the cursor
 * (command names after '/', then arguments). Caller frees with strv_free. */
char **cmd_complete(const char *line_before_cursor, size_t *word_start);

#endif
