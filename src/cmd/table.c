/* table.c - every command natter knows, in alphabetical order */
#include <stddef.h>

#include "cmd.h"
#include "handlers.h"

/* /help, completion and man/natter.1 all read this table; tests/unit/test_man.c
 * fails when the man page and the table drift apart. */
const struct cmd cmd_table[] = {
    {"accept",
     {NULL},
     1,
     1,
     "/accept JID",
     "let JID see your presence",
     "Answers JID's subscription request: JID may see your presence from now\n"
     "on. When you do not see JID's presence yet, natter asks for it too.\n"
     "Requests wait in the roster pane's Pending group and in /roster.",
     cmd_exec_accept,
     cmd_complete_pending},
    {"account",
     {NULL},
     0,
     1,
     "/account [NAME]",
     "list the accounts of natterrc (in natterrc: start one)",
     "Without NAME, lists the account blocks of natterrc and the one in use.\n"
     "In natterrc, /account NAME starts the block of account NAME: the lines\n"
     "after it, up to the next /account line, run only when NAME is the\n"
     "account in use (natter -a NAME, or without -a the first block). Lines\n"
     "before the first block run for every account.",
     cmd_exec_account,
     NULL},
    {"block",
     {NULL},
     1,
     1,
     "/block JID",
     "block JID: nothing they send reaches you",
     "Asks your server to block JID (XEP-0191): their messages, presence and\n"
     "other stanzas no longer reach you, and they no longer see your presence.\n"
     "JID may be a whole domain. /unblock undoes it; /blocked lists them.",
     cmd_exec_block,
     cmd_complete_jid},
    {"blocked",
     {NULL},
     0,
     0,
     "/blocked",
     "list the JIDs you block",
     "Lists the JIDs your server blocks for you, as it keeps them (blocks made\n"
     "from your other devices included).",
     cmd_exec_blocked,
     NULL},
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
    {"deny",
     {NULL},
     1,
     1,
     "/deny JID",
     "refuse JID's subscription request",
     "Refuses JID's request to see your presence. For a contact who sees it\n"
     "already, stops sharing it.",
     cmd_exec_deny,
     cmd_complete_deny},
    {"disco",
     {NULL},
     0,
     2,
     "/disco [JID [NODE]]",
     "what a server or service offers (service discovery)",
     "Asks JID (default: your server) what it is, which features it offers and\n"
     "which items it lists (XEP-0030), at NODE when given, and shows the answers\n"
     "in the console. This is how you find a server's services: its group chat\n"
     "(MUC) service, file upload service, user directory (people search) and\n"
     "gateways to other networks are among its items; /disco ITEM tells what\n"
     "one is.",
     cmd_exec_disco,
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
    {"find",
     {NULL},
     0,
     -1,
     "/find [SERVICE] [FIELD=VALUE...]",
     "find people in a user directory",
     "Searches the user directory SERVICE (XEP-0055), or the one natter finds on\n"
     "your server through service discovery. Without FIELD=VALUE, lists the\n"
     "fields the directory knows and what they mean; with them, searches and\n"
     "lists the people found, numbered (at most 200 are shown). FIELD is a\n"
     "field's name or label; quote a value with spaces: fn=\"Bob Builder\".\n"
     "/find add N [NAME] adds person N of the last results to your roster\n"
     "under NAME and asks to see their presence.",
     cmd_exec_find,
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
    {"history",
     {NULL},
     2,
     3,
     "/history export JID [FILE]",
     "write a conversation to a text file",
     "Writes the whole stored conversation with JID to FILE (default JID.txt in\n"
     "the current directory), one line per message with date, time and sender.\n"
     "The file is created readable by you only.",
     cmd_exec_history,
     cmd_complete_jid},
    {"info",
     {NULL},
     1,
     1,
     "/info JID",
     "who JID is: presence, client, activity, vCard",
     "Shows what natter knows of JID: roster name, groups, subscription and each\n"
     "online resource with its presence, status and priority. Then asks each\n"
     "resource for its client name and version (XEP-0092) and idle time\n"
     "(XEP-0012), the server for when JID was last seen, and JID for its vCard\n"
     "(XEP-0054). The answers are added to the console as they arrive; a\n"
     "question unanswered after 15 seconds is reported as such.",
     cmd_exec_info,
     cmd_complete_jid},
    {"jump",
     {NULL},
     1,
     1,
     "/jump N",
     "show hit N of the last /search in its conversation",
     "Opens the conversation of hit N of the last /search and scrolls to the\n"
     "message.",
     cmd_exec_jump,
     NULL},
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
    {"password",
     {NULL},
     0,
     0,
     "/password",
     "change your password on the server",
     "Asks for a new password twice, hidden, and changes it on the server\n"
     "(XEP-0077); if the server asks more, such as the old password, natter\n"
     "asks it too. The password setting, when set, takes the new password;\n"
     "natterrc itself is not changed.",
     cmd_exec_password,
     NULL},
    {"quit",
     {"exit", NULL},
     0,
     0,
     "/quit",
     "disconnect and leave natter",
     "Closes the connection and leaves natter. /exit does the same.",
     cmd_exec_quit,
     NULL},
    {"register",
     {NULL},
     2,
     2,
     "/register SERVER USERNAME",
     "create an account on a server",
     "Creates the account USERNAME@SERVER (XEP-0077 in-band registration)\n"
     "while natter is disconnected. Asks for its password twice, hidden, then\n"
     "each other question of the server in turn, with its explanation and\n"
     "choices; a question that needs a picture shows its web address, and one\n"
     "a terminal cannot show at all ends the registration. Esc cancels. The\n"
     "connection uses the server, port, cafile and direct_tls settings and is\n"
     "always encrypted. Then natter offers to save the account in natterrc\n"
     "(the password only if you say so) and to log in.",
     cmd_exec_register,
     NULL},
    {"roster",
     {NULL},
     0,
     -1,
     "/roster [add|remove|rename|group|fold|filter|search] ...",
     "list and edit the contacts, filter the roster pane",
     "Without arguments, lists every contact in the console: name, JID,\n"
     "subscription (none, to, from or both; \"request pending\" while you wait\n"
     "for an answer), groups and presence with its status message, then the\n"
     "subscription requests waiting for your /accept or /deny.\n"
     "/roster add JID [NAME] adds JID and asks to see their presence.\n"
     "/roster remove JID removes JID; neither of you sees the other's presence\n"
     "after that.\n"
     "/roster rename JID NAME gives the contact the name NAME.\n"
     "/roster group JID [GROUP...] puts the contact in exactly these groups\n"
     "(quote a group name that has spaces); with none, in no group.\n"
     "/roster fold GROUP folds the group in the roster pane, or unfolds it.\n"
     "/roster filter [TEXT] shows in the roster pane only the contacts whose\n"
     "name, JID or group contains TEXT (any case); without TEXT the filter is\n"
     "off. Ctrl-X f starts a filter on the input line, and the pane narrows as\n"
     "you type.\n"
     "/roster search TEXT lists the contacts whose name, JID or group contains\n"
     "TEXT in the console.",
     cmd_exec_roster,
     cmd_complete_roster},
    {"search",
     {NULL},
     1,
     -1,
     "/search [-c JID] TEXT",
     "search the message history",
     "Searches every stored message (or only the conversation with JID) for all\n"
     "the words of TEXT, ignoring case and accents, and lists the newest hits\n"
     "with the matching words in [brackets]. /jump N shows hit N in its\n"
     "conversation.",
     cmd_exec_search,
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
    {"unblock",
     {NULL},
     1,
     1,
     "/unblock JID",
     "stop blocking JID",
     "Asks your server to stop blocking JID (XEP-0191).",
     cmd_exec_unblock,
     cmd_complete_blocked},
    {"unregister",
     {NULL},
     0,
     0,
     "/unregister",
     "delete your account on the server",
     "Deletes the account you are logged in to from its server (XEP-0077),\n"
     "for ever, once you have typed its JID to confirm, then disconnects.",
     cmd_exec_unregister,
     NULL},
    {"unset",
     {NULL},
     1,
     1,
     "/unset NAME",
     "reset a setting to its default",
     "Resets the setting NAME to its default value.",
     cmd_exec_unset,
     cmd_complete_setting},
    {"vcard",
     {NULL},
     0,
     3,
     "/vcard [set FIELD [VALUE]]",
     "show or change your vCard",
     "Without arguments, shows your vCard (XEP-0054) as your server keeps it.\n"
     "/vcard set FIELD VALUE fetches it, sets FIELD to VALUE (the rest of the\n"
     "line) and publishes it; without VALUE the field is removed. FIELD is one\n"
     "of fn (full name), nickname, email, url, bday (birthday, YYYY-MM-DD), org,\n"
     "title, role, tel, note or desc; a field that may appear several times\n"
     "(email, tel) is replaced by the one value. /vcard set nickname NAME also\n"
     "publishes NAME as your nickname (XEP-0172) to your contacts.",
     cmd_exec_vcard,
     cmd_complete_vcard},
    {NULL, {NULL}, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
