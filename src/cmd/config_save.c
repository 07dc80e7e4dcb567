/* config_save.c - adding an account block to natterrc (after /register) */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "fsutil.h"
#include "jid.h"
#include "settings.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"

/* A natterrc bigger than this is not something we append to. */
#define CONFIG_MAX (1024 * 1024)

/* value as one word /set reads back exactly. */
char *config_quote(const char *value)
{
	size_t n = strlen(value);
	if (strpbrk(value, "\n\r"))
		return NULL;
	if (n > 0 && value[0] != '"' && value[0] != '\'' && !isspace((unsigned char)value[0]) &&
	    !isspace((unsigned char)value[n - 1]))
		return xstrdup(value); /* /set takes the rest of the line as it is */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '"');
	for (const char *p = value; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	strbuf_addch(&sb, '"');
	return strbuf_detach(&sb);
}

/* The NAME of an "/account NAME" line, or NULL. Caller frees. */
static char *block_name(const char *line)
{
	while (isspace((unsigned char)*line))
		line++;
	if (*line != '/')
		return NULL;
	int argc = 0;
	char **argv = split_args(line, &argc);
	const char *err;
	const struct cmd *c = argv && argc == 2 ? cmd_lookup(argv[0] + 1, &err) : NULL;
	char *name = c && strcmp(c->name, "account") == 0 ? xstrdup(argv[1]) : NULL;
	strv_free(argv);
	return name;
}

/* True when text (a whole natterrc) has a block called name. */
static bool has_block(const char *text, const char *name)
{
	bool found = false;
	const char *p = text;
	while (*p && !found) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		char *b = block_name(line);
		found = b && strcmp(b, name) == 0;
		free(b);
		free(line);
		p += n + (p[n] == '\n');
	}
	return found;
}

/* Append "/set name value" for a setting that is not at its default. */
static void add_setting(struct strbuf *sb, const char *name)
{
	const struct setting *s = setting_find(name);
	const char *v = setting_str(name);
	if (s == NULL || strcmp(v, s->def) == 0)
		return;
	char *q = config_quote(v);
	if (q)
		strbuf_addf(sb, "/set %s %s\n", name, q);
	free(q);
}

/* The block's lines. Caller wipes (it may hold the password) and frees. */
static char *block_text(const char *name, const char *jid, const char *password)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "\n# added by /register\n/account %s\n/set jid %s\n", name, jid);
	add_setting(&sb, "server");
	add_setting(&sb, "port");
	add_setting(&sb, "cafile");
	add_setting(&sb, "direct_tls");
	char *q = password ? config_quote(password) : NULL;
	if (q) {
		strbuf_addf(&sb, "/set password %s\n", q);
		explicit_bzero(q, strlen(q));
	}
	free(q);
	strbuf_adds(&sb, "/connect\n");
	return strbuf_detach(&sb);
}

/* The current file's text ("" when it does not exist yet), or NULL. */
static char *current_text(const char *path, const char **err)
{
	size_t len;
	char *old = read_file(path, CONFIG_MAX, &len);
	if (old == NULL && errno == ENOENT)
		return xstrdup("");
	if (old == NULL)
		*err = "cannot read natterrc (or it is too big)";
	return old;
}

/* A block name for jid that the file does not have yet, or NULL. */
static char *new_block_name(const char *text, const char *jid)
{
	char *name = jid_local(jid);
	if (name && !has_block(text, name) && strpbrk(name, " \t\"'\\#") == NULL)
		return name;
	free(name);
	return has_block(text, jid) ? NULL : xstrdup(jid);
}

/* Write text + block to path atomically. */
static int write_with_block(const char *path, const char *text, const char *block)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, text);
	if (sb.len > 0 && sb.s[sb.len - 1] != '\n')
		strbuf_addch(&sb, '\n');
	strbuf_adds(&sb, block);
	int rc = write_file_atomic(path, sb.s, sb.len);
	explicit_bzero(sb.s, sb.len);
	strbuf_free(&sb);
	return rc;
}

/* Make the directory path lives in (0700). */
static int make_parent(const char *path)
{
	char *copy = xstrdup(path);
	int rc = mkdir_p(dirname(copy), 0700);
	free(copy);
	return rc;
}

/* Append a block for a new account. */
char *config_add_account(const char *jid, const char *password, const char **err)
{
	const char *path = config_path();
	if (password && strpbrk(password, "\n\r")) {
		*err = "a password with a line break cannot be written in natterrc";
		return NULL;
	}
	if (make_parent(path) < 0) {
		*err = "cannot create natterrc's directory";
		return NULL;
	}
	char *text = current_text(path, err);
	char *name = text ? new_block_name(text, jid) : NULL;
	if (text && name == NULL)
		*err = "natterrc already has an /account block of that name";
	char *block = name ? block_text(name, jid, password) : NULL;
	if (block && write_with_block(path, text, block) < 0) {
		*err = "cannot write natterrc";
		free(name);
		name = NULL;
	}
	if (block)
		explicit_bzero(block, strlen(block));
	free(block);
	if (text)
		explicit_bzero(text, strlen(text));
	free(text);
	return name;
}
