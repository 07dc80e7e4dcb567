/* table.c - every command natter knows, in alphabetical order */
#include <stddef.h>

#include "cmd.h"
#include "handlers.h"

/* /help, completion and man/natter.1 all read this table; tests/unit/test_man.c
 * fails when the man page and the table drift apart. */
const struct cmd cmd_table[] = {
    {"close",
     {NULL},
     0,
     1,
     "/close [N]",
     "close the focused chat or tab N",
     "Closes the chat in the focused tab, or in tab N. The console (tab 1)\n"
     "cannot be closed.",
     cmd_exec_close,
     NULL},
    {"connect",
     {NULL},
     0,
     1,
     "/connect [JID]",
     "connect to the account's server",
     "Connects with the current settings. With JID, sets the jid setting first.\n"
     "The password comes from the password setting, else from password_cmd,\n"
     "else natter asks for it on the input line.",
     cmd_exec_connect,
     cmd_complete_jid},
    {"disconnect",
     {NULL},
     0,
     0,
     "/disconnect",
     "close the connection",
     "Says goodbye to the server and closes the connection. Open chats stay open.",
     cmd_exec_disconnect,
     NULL},
    {"help",
     {NULL},
     0,
     1,
     "/help [COMMAND|SETTING]",
     "list commands, or explain one",
     "Without an argument, lists every command with a line of help. With a\n"
     "command name, shows its usage and a longer help; /help set also lists the\n"
     "settings. With a setting name, shows its type, default and current value.",
     cmd_exec_help,
     cmd_complete_topic},
    {"msg",
     {NULL},
     1,
     2,
     "/msg JID [TEXT]",
     "open a chat with JID, and send TEXT",
     "Opens (or focuses) the chat with JID and, when TEXT is given, sends it.\n"
     "TEXT is the rest of the line, spaces included.",
     cmd_exec_msg,
     cmd_complete_jid},
    {"quit",
     {"exit", NULL},
     0,
     0,
     "/quit",
     "disconnect and leave natter",
     "Closes the connection and leaves natter. /exit does the same.",
     cmd_exec_quit,
     NULL},
    {"roster",
     {NULL},
     0,
     0,
     "/roster",
     "list the contacts in the roster",
     "Lists every contact in the console: name, JID, subscription (none, to,\n"
     "from or both) and presence with its status message.",
     cmd_exec_roster,
     NULL},
    {"set",
     {NULL},
     0,
     2,
     "/set [NAME [VALUE]]",
     "show or change settings",
     "Without arguments, lists every setting and its value. With NAME, shows one\n"
     "setting. With NAME VALUE, changes it; VALUE is the rest of the line, spaces\n"
     "included. Secret settings (password) are only shown as (set) or (unset).\n"
     "Numbers must be within the setting's range; on/off settings also take\n"
     "yes/no, true/false and 1/0. natterrc(5) describes every setting.",
     cmd_exec_set,
     cmd_complete_setting},
    {"status",
     {NULL},
     1,
     2,
     "/status online|chat|away|xa|dnd [MESSAGE]",
     "set your presence and status message",
     "Sets your presence (online, chat: free for chat, away, xa: away for a long\n"
     "time, dnd: do not disturb) and an optional status message, the rest of the\n"
     "line. It is sent to your contacts now if connected, else when you connect.",
     cmd_exec_status,
     cmd_complete_show},
    {"tab",
     {NULL},
     1,
     1,
     "/tab N|next|prev",
     "go to tab N, or the next or previous tab",
     "Focuses tab N (the console is tab 1), or the next or previous tab, going\n"
     "round at the ends.",
     cmd_exec_tab,
     cmd_complete_tab},
    {"unset",
     {NULL},
     1,
     1,
     "/unset NAME",
     "reset a setting to its default",
     "Resets the setting NAME to its default value.",
     cmd_exec_unset,
     cmd_complete_setting},
    {NULL, {NULL}, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
