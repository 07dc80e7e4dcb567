/* config.h - the natterrc file, and the accounts it defines */
#ifndef NATTER_CONFIG_H
#define NATTER_CONFIG_H

#include <stdbool.h>

/* Default config path ($XDG_CONFIG_HOME/natter/natterrc). Caller frees. */
char *config_default_path(void);
/* Run every line of path as a command ('#' comments and blank lines
 * skipped). Errors are reported as "path:LINE: message" and never stop the
 * file. A group/world-readable file is fixed to 0600 with a warning. A
 * missing file is fine when missing_ok. The lines of an "/account NAME"
 * block (up to the next /account line or the end of the file) run only when
 * NAME is the selected account; the lines before the first block always
 * run. path becomes the file /register saves accounts to. Returns the number
 * of errors. */
int config_run_file(const char *path, int missing_ok);

/* natter -a NAME: the account block to use (NULL: the first one). */
void config_select_account(const char *name);
/* After the file ran: an error in the console when -a named an account the
 * file does not have. */
void config_check_selected(void);
/* /account NAME read from the file being run: start a block. 0, or -1 with
 * *err set (static text) when no file is being run or NAME is repeated. */
int config_block_begin(const char *name, const char **err);
/* The account blocks of the file, in file order (NULL-terminated, never
 * NULL), and the jid each sets ("" when none), index for index. Valid until
 * the next config_run_file(). */
char *const *config_accounts(void);
char *const *config_account_jids(void);
/* The account block in use, or NULL when there is none. */
const char *config_account_in_use(void);
/* The file accounts are saved to: the one natter read at start (or would
 * have read). Never NULL. */
const char *config_path(void);
/* Forget the accounts and the path (at exit). */
void config_free_all(void);

/* Append a block for a new account to config_path() (created 0600, its
 * directory 0700, when missing; written atomically): /account NAME, /set
 * jid, the connection settings in use that are not their defaults (server,
 * port, cafile, direct_tls), /set password when password is not NULL, and
 * /connect. NAME is jid's local part, or jid when that block exists.
 * Returns NAME (caller frees), or NULL with *err set (static text). */
char *config_add_account(const char *jid, const char *password, const char **err);
/* value as one word a /set line reads back exactly (quoted when needed), or
 * NULL when a config line cannot hold it (a line break). Caller frees. */
char *config_quote(const char *value);

#endif
