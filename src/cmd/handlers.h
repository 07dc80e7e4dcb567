/* handlers.h - private to src/cmd: the handlers and completers in cmd_table */
#ifndef NATTER_CMD_HANDLERS_H
#define NATTER_CMD_HANDLERS_H

#include <stddef.h>

#include "cmd.h"
#include "settings.h"

/* Every handler gets the arguments only: argv[0] is the first argument (not
 * the command name) and argv[argc] is NULL. */
int cmd_exec_connect(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_disconnect(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_quit(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_set(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_unset(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_status(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_msg(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_join(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_part(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_nick(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_topic(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_whois(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_me(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_correct(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_retract(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_react(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_tab(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_tls(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_close(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_help(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_roster(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_search(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_jump(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_history(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_info(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_disco(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_block(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_unblock(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_blocked(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_bookmark(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_bookmarks(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_vcard(struct cmd_ctx *ctx, int argc, char **argv);
/* Milliseconds /info and /disco wait for answers (cmd_info.c; tests shorten it). */
extern unsigned cmd_info_timeout_ms;
int cmd_exec_accept(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_deny(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_find(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_account(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_register(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_password(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_unregister(struct cmd_ctx *ctx, int argc, char **argv);
/* Room moderation, invitations and configuration (cmd_moderation.c,
 * cmd_invite.c, cmd_roomconfig.c). */
int cmd_exec_kick(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_ban(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_role(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_affiliation(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_affiliations(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_destroy(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_invite(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_roomconfig(struct cmd_ctx *ctx, int argc, char **argv);
/* /join without arguments: join the room of the newest invitation. */
int cmd_join_invited(struct cmd_ctx *ctx);
struct room;
/* The joined room of the tab ctx ran in (online); NULL after saying why not. */
struct room *cmd_room_here(struct cmd_ctx *ctx);

/* Completers (see cmd_completer in cmd.h). */
char **cmd_complete_jid(int argi, const char *prefix);
char **cmd_complete_setting(int argi, const char *prefix);
char **cmd_complete_topic(int argi, const char *prefix);
char **cmd_complete_show(int argi, const char *prefix);
char **cmd_complete_tab(int argi, const char *prefix);
char **cmd_complete_blocked(int argi, const char *prefix);
char **cmd_complete_bookmark(int argi, const char *prefix);
char **cmd_complete_vcard(int argi, const char *prefix);
char **cmd_complete_roster(int argi, const char *prefix);
char **cmd_complete_pending(int argi, const char *prefix);
char **cmd_complete_deny(int argi, const char *prefix);
char **cmd_complete_occupant(int argi, const char *prefix);
char **cmd_complete_role(int argi, const char *prefix);
char **cmd_complete_affil(int argi, const char *prefix);
char **cmd_complete_affil_type(int argi, const char *prefix);

/* A growing list of completion candidates. */
struct cands {
	char **v; /* NULL-terminated once anything was added */
	size_t n, cap;
};

/* Add a copy of word when it starts with prefix (case-insensitive). */
void cands_add(struct cands *c, const char *word, const char *prefix);
/* Sort, drop duplicates and return the vector (NULL when empty). The caller
 * frees the result with strv_free. */
char **cands_finish(struct cands *c);

/* The command whose name or alias is exactly name (any case), or NULL. */
const struct cmd *cmd_find_exact(const char *name);
/* Print one setting and its value in the console (secrets as set/unset). */
void cmd_show_setting(const struct setting *s);
/* Describe a setting's type, range and default, e.g. "number 0..65535,
 * default 0". Caller frees. */
char *cmd_setting_kind(const struct setting *s);

#endif
