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
    {"affiliation",
     {NULL},
     2,
     2,
     "/affiliation JID owner|admin|member|none|outcast",
     "change someone's affiliation with the room",
     "In a room tab, asks the room to give JID an affiliation: owner, admin,\n"
     "member, none or outcast (banned). JID may be the nick of an occupant\n"
     "whose real address the room shows. Only admins and owners may do this;\n"
     "the room's refusal is shown in plain words in the room's tab.",
     cmd_exec_affiliation,
     cmd_complete_affil},
    {"affiliations",
     {NULL},
     0,
     1,
     "/affiliations [TYPE]",
     "list the room's owners, admins, members and outcasts",
     "In a room tab, asks the room for everyone with affiliation TYPE (owner,\n"
     "admin, member or outcast), or for all four lists, and shows them in the\n"
     "room's tab. Rooms show these lists to their admins and owners only.",
     cmd_exec_affiliations,
     cmd_complete_affil_type},
    {"ban",
     {NULL},
     1,
     2,
     "/ban JID [REASON]",
     "ban JID from the room",
     "In a room tab, makes JID an outcast of the room: they are removed and\n"
     "cannot come back. JID may be the nick of an occupant whose real address\n"
     "the room shows. Only admins and owners may ban.",
     cmd_exec_ban,
     cmd_complete_occupant},
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
    {"bookmark",
     {NULL},
     1,
     3,
     "/bookmark add|remove [ROOM] [autojoin]",
     "bookmark a room on the server, or remove its bookmark",
     "add saves ROOM (room@service, default: the focused room) in your\n"
     "bookmarks on the server, with your nick and the room's password; with\n"
     "autojoin, natter (and your other clients) join it at every login, a\n"
     "few rooms a second. remove deletes ROOM's bookmark. natter uses the\n"
     "server's native bookmarks (XEP-0402) when it has them, else private\n"
     "storage (XEP-0048); changes made by your other clients show at once.",
     cmd_exec_bookmark,
     cmd_complete_bookmark},
    {"bookmarks",
     {NULL},
     0,
     0,
     "/bookmarks",
     "list your bookmarked rooms",
     "Lists the rooms bookmarked on your server: address, nick, whether they\n"
     "are joined at login (autojoin) and their name.",
     cmd_exec_bookmarks,
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
    {"correct",
     {NULL},
     1,
     1,
     "/correct TEXT",
     "correct your last message here",
     "Sends TEXT as a correction of your last message in the focused chat or\n"
     "room (XEP-0308). It shows the new text, marked (edited), here and in\n"
     "clients that support corrections; others show TEXT as a new message.\n"
     "The history keeps the corrected text and the first one.",
     cmd_exec_correct,
     NULL},
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
    {"destroy",
     {NULL},
     0,
     1,
     "/destroy [REASON]",
     "destroy the room, after you type its name",
     "In a room tab, destroys the room for everyone (owners only). natter asks\n"
     "you to type the room's name (its address or the part before the @) to\n"
     "confirm; anything else keeps the room.",
     cmd_exec_destroy,
     NULL},
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
    {"invite",
     {NULL},
     1,
     2,
     "/invite JID [REASON]",
     "invite JID to the room",
     "In a room tab, invites JID to the room: directly (XEP-0249) when their\n"
     "client says it understands that, else through the room (XEP-0045).\n"
     "Invitations you receive are shown in the console (and in the inviter's\n"
     "chat tab); /join without arguments, or Alt-J, accepts the newest one.\n"
     "Invitations are never accepted without you.",
     cmd_exec_invite,
     cmd_complete_jid},
    {"join",
     {NULL},
     0,
     2,
     "/join [ROOM[@SERVICE][/NICK] [PASSWORD]]",
     "join a group chat room",
     "Joins ROOM and opens its tab. Without @SERVICE the muc_service setting\n"
     "is used, or the server is asked for its room service. NICK defaults to\n"
     "the nick setting, or the local part of your JID. Recent history is shown\n"
     "once; after a reconnect natter rejoins by itself and fetches what was\n"
     "said meanwhile. Without arguments, accepts the newest invitation.",
     cmd_exec_join,
     NULL},
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
    {"kick",
     {NULL},
     1,
     2,
     "/kick NICK [REASON]",
     "remove NICK from the room",
     "In a room tab, removes the occupant NICK from the room (they may come\n"
     "back, unlike after /ban). Only moderators may kick.",
     cmd_exec_kick,
     cmd_complete_occupant},
    {"me",
     {NULL},
     1,
     1,
     "/me ACTION",
     "say what you are doing, shown as * nick ACTION",
     "Sends \"/me ACTION\" to the chat or room of the focused tab; clients show it\n"
     "as an action (XEP-0245).",
     cmd_exec_me,
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
    {"nick",
     {NULL},
     1,
     1,
     "/nick NICK",
     "change your nick in the focused room",
     "Asks the room of the focused tab to call you NICK. When NICK is taken the\n"
     "room says so and your nick stays as it was.",
     cmd_exec_nick,
     NULL},
    {"part",
     {NULL},
     0,
     1,
     "/part [REASON]",
     "leave the focused room",
     "Leaves the room of the focused tab, telling the others REASON when given.\n"
     "The tab stays open until /close.",
     cmd_exec_part,
     NULL},
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
    {"react",
     {NULL},
     1,
     1,
     "/react EMOJI",
     "react to the newest message from the other side",
     "Reacts with one EMOJI to the newest message from the other side in the\n"
     "focused chat or room (XEP-0444); the same EMOJI again takes the reaction\n"
     "back. Reactions show after the message with their count, as 👍 2.",
     cmd_exec_react,
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
    {"retract",
     {NULL},
     0,
     0,
     "/retract",
     "retract your last message here",
     "Retracts your last message in the focused chat or room (XEP-0424): it\n"
     "shows as [message retracted], and its text leaves the history and the\n"
     "search index. Clients that support retractions hide it too; a retraction\n"
     "cannot make other people forget what they have already read.",
     cmd_exec_retract,
     NULL},
    {"role",
     {NULL},
     2,
     2,
     "/role NICK moderator|participant|visitor",
     "change an occupant's role in the room",
     "In a room tab, gives the occupant NICK a role: moderator, participant or\n"
     "visitor (who may not speak in a moderated room). Only moderators may do\n"
     "this, and only admins and owners may make moderators.",
     cmd_exec_role,
     cmd_complete_role},
    {"roomconfig",
     {NULL},
     0,
     -1,
     "/roomconfig [show | FIELD=VALUE...]",
     "change the room's configuration",
     "In a room tab where you are an owner, fetches the room's configuration\n"
     "form. Without arguments, asks its fields one at a time on the input line\n"
     "(Enter keeps a value; Esc cancels) and then saves it. /roomconfig show\n"
     "lists the fields as FIELD=VALUE. With FIELD=VALUE words, sets those\n"
     "fields (by name, by name without muc#roomconfig_, or by label; quote\n"
     "values with spaces: roomname=\"Tea room\") and saves at once. Works at\n"
     "any time, also right after creating a room with /join.",
     cmd_exec_roomconfig,
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
    {"tls",
     {NULL},
     0,
     2,
     "/tls [trust FINGERPRINT|forget]",
     "show, pin or forget the server certificate of this account",
     "Without arguments, shows the certificate pinned for this account (or\n"
     "none) and the SHA-256 fingerprint of the certificate the server presented\n"
     "last. With trust FINGERPRINT (as natter printed it; colons and case do not\n"
     "matter), accepts that one certificate for this account and its domain only,\n"
     "even when no trusted authority vouches for it, and reconnects; from then on\n"
     "any other certificate is refused, even a valid one. With forget, removes\n"
     "the pin.",
     cmd_exec_tls,
     NULL},
    {"topic",
     {NULL},
     0,
     1,
     "/topic [TEXT]",
     "show or set the topic of the focused room",
     "Without TEXT, shows the topic of the focused room; with TEXT, asks the\n"
     "room to make it the topic (the room may refuse).",
     cmd_exec_topic,
     NULL},
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
    {"whois",
     {NULL},
     1,
     1,
     "/whois NICK",
     "who is behind a nick in the focused room",
     "Shows who is behind NICK in the focused room: the real JID when the room\n"
     "shows it (else that the room hides it), role, affiliation and status, and\n"
     "every other occupant whose nick looks the same on a terminal (letters from\n"
     "other scripts, invisible characters, I and l, O and 0). The occupants pane\n"
     "marks such nicks with a wavy equals sign; Tab completes nicks, even ones\n"
     "hard to type.",
     cmd_exec_whois,
     cmd_complete_occupant},
    {NULL, {NULL}, 0, 0, NULL, NULL, NULL, NULL, NULL},
};
