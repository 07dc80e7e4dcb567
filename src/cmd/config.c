/* config.c - natterrc: a file of /commands run at start-up */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "core.h"
#include "fsutil.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"

/* Account blocks: the one asked for, what the file has, where we are. */
static struct {
	char *selected; /* -a NAME, or NULL for the first block */
	char *in_use;   /* the block whose lines run */
	char **names;   /* every block, in file order */
	char **jids;    /* the jid each block sets ("" when none) */
	size_t n;
	bool running;  /* a file is being run */
	bool skipping; /* inside a block that is not in use */
	char *path;    /* the file accounts are saved to */
} blocks;

/* Default config path. Caller frees. */
char *config_default_path(void)
{
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *path = xasprintf("%s/natterrc", dir);
	free(dir);
	return path;
}

/* The name errors show for path: its last component. */
static const char *display_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

/* The file may hold a password: only its owner may read or change it. */
static void fix_mode(int fd, const char *name)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0)
		return;
	unsigned old = (unsigned)(st.st_mode & 07777);
	if (fchmod(fd, 0600) < 0)
		core_error("%s: permissions are %04o and could not be fixed to 0600: %s", name, old,
		           strerror(errno));
	else
		core_info("%s: permissions were %04o, fixed to 0600 (it may hold a password)", name,
		          old);
}

/* Cut the line ending and trailing blanks; return the first non-blank. */
static char *trim(char *line)
{
	size_t n = strlen(line);
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		n--;
	line[n] = '\0';
	while (isspace((unsigned char)*line))
		line++;
	return line;
}

/* The command a "/name ..." line runs, or NULL. */
static const struct cmd *line_command(const char *line)
{
	size_t n = strcspn(line + 1, " \t");
	char *name = xstrndup(line + 1, n);
	const char *err;
	const struct cmd *c = n ? cmd_lookup(name, &err) : NULL;
	free(name);
	return c;
}

/* True when line runs command name. */
static bool line_is(const char *line, const char *name)
{
	const struct cmd *c = line_command(line);
	return c && strcmp(c->name, name) == 0;
}

/* Note the jid a "/set jid X" line inside a block sets, for /account. */
static void note_block_jid(const char *line)
{
	if (blocks.n == 0 || !line_is(line, "set"))
		return;
	int argc = 0;
	char **argv = split_args(line, &argc);
	if (argv && argc == 3 && strcmp(argv[1], "jid") == 0)
		xstrset(&blocks.jids[blocks.n - 1], argv[2]);
	for (int i = 0; argv && i < argc; i++)
		explicit_bzero(argv[i], strlen(argv[i]));
	strv_free(argv);
}

/* Run one line of the file; returns 1 if it had an error, else 0. */
static int run_config_line(char *raw, const struct cmd_source *src)
{
	char *line = trim(raw);
	if (*line == '\0' || *line == '#')
		return 0;
	if (*line != '/') {
		if (blocks.skipping)
			return 0;
		core_error("%s:%d: expected a /command", src->file, src->line);
		return 1;
	}
	note_block_jid(line);
	/* the lines of another account's block never run: they may hold its
	 * password or connect it */
	if (blocks.skipping && !line_is(line, "account"))
		return 0;
	return cmd_run_line(line, src) < 0;
}

/* Forget the blocks of the last file run. */
static void blocks_forget(void)
{
	strv_free(blocks.names);
	strv_free(blocks.jids);
	blocks.names = xcalloc(1, sizeof(char *));
	blocks.jids = xcalloc(1, sizeof(char *));
	blocks.n = 0;
	free(blocks.in_use);
	blocks.in_use = NULL;
	blocks.skipping = false;
}

/* True when the file has a block called name. */
static bool block_exists(const char *name)
{
	for (size_t i = 0; i < blocks.n; i++)
		if (strcmp(blocks.names[i], name) == 0)
			return true;
	return false;
}

/* Start block name while a file runs. */
int config_block_begin(const char *name, const char **err)
{
	if (!blocks.running) {
		*err = "not reading natterrc";
		return -1;
	}
	if (block_exists(name)) {
		blocks.skipping = true;
		*err = "this account name is used by an earlier /account block: this block is "
		       "ignored";
		return -1;
	}
	blocks.names = xreallocarray(blocks.names, blocks.n + 2, sizeof(char *));
	blocks.jids = xreallocarray(blocks.jids, blocks.n + 2, sizeof(char *));
	blocks.names[blocks.n] = xstrdup(name);
	blocks.jids[blocks.n] = xstrdup("");
	blocks.n++;
	blocks.names[blocks.n] = blocks.jids[blocks.n] = NULL;
	bool use = blocks.in_use == NULL &&
	           (blocks.selected == NULL || strcmp(blocks.selected, name) == 0);
	if (use)
		blocks.in_use = xstrdup(name);
	blocks.skipping = !use;
	return 0;
}

/* -a NAME. */
void config_select_account(const char *name)
{
	xstrset(&blocks.selected, name);
}

/* The block names as "a, b, c". Caller frees. */
static char *names_joined(void)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < blocks.n; i++) {
		if (i > 0)
			strbuf_adds(&sb, ", ");
		strbuf_adds(&sb, blocks.names[i]);
	}
	return strbuf_detach(&sb);
}

/* -a named a block the file does not have: say so. */
void config_check_selected(void)
{
	if (blocks.selected == NULL || blocks.in_use != NULL)
		return;
	if (blocks.n == 0) {
		core_error("-a %s: %s has no /account blocks (natterrc(5) shows how to write them)",
		           blocks.selected, display_name(config_path()));
		return;
	}
	char *list = names_joined();
	core_error("-a %s: %s has no such account (it has: %s)", blocks.selected,
	           display_name(config_path()), list);
	free(list);
}

/* The account blocks of the file. */
char *const *config_accounts(void)
{
	static char *const none[] = {NULL};
	return blocks.names ? blocks.names : none;
}

/* The jid of each block. */
char *const *config_account_jids(void)
{
	static char *const none[] = {NULL};
	return blocks.jids ? blocks.jids : none;
}

/* The block in use. */
const char *config_account_in_use(void)
{
	return blocks.in_use;
}

/* The file accounts are saved to. */
const char *config_path(void)
{
	if (blocks.path == NULL)
		blocks.path = config_default_path();
	return blocks.path;
}

/* Forget everything. */
void config_free_all(void)
{
	strv_free(blocks.names);
	strv_free(blocks.jids);
	free(blocks.in_use);
	free(blocks.selected);
	free(blocks.path);
	memset(&blocks, 0, sizeof(blocks));
}

/* Run every line of the open file f; returns the number of errors. */
static int run_lines(FILE *f, const char *name)
{
	struct cmd_source src = {name, 0};
	char *buf = NULL;
	size_t cap = 0;
	int errors = 0;
	while (getline(&buf, &cap, f) >= 0) {
		src.line++;
		errors += run_config_line(buf, &src);
	}
	if (ferror(f)) {
		core_error("%s:%d: read error: %s", name, src.line + 1, strerror(errno));
		errors++;
	}
	if (buf)
		explicit_bzero(buf, cap);
	free(buf);
	return errors;
}

/* Run every line of path as a command. */
int config_run_file(const char *path, int missing_ok)
{
	const char *name = display_name(path);
	xstrset(&blocks.path, path);
	blocks_forget();
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && missing_ok)
			return 0;
		core_error("%s: cannot open: %s", path, strerror(errno));
		return 1;
	}
	fix_mode(fd, name);
	FILE *f = fdopen(fd, "r");
	if (f == NULL) {
		core_error("%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return 1;
	}
	blocks.running = true;
	int errors = run_lines(f, name);
	blocks.running = blocks.skipping = false;
	fclose(f);
	return errors;
}
