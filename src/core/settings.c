/* settings.c - the settings table and the current values */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jid.h"
#include "notify.h"
#include "settings.h"
#include "xmalloc.h"

/* Keep the help texts on one line each: natterrc.5 repeats them and a test
 * compares the two. */
const struct setting settings_table[] = {
    {"jid", SET_STRING, "", 0, 0, false, "your account, like user@example.org"},
    {"password", SET_STRING, "", 0, 0, true,
     "the account password (password_cmd keeps it out of the file)"},
    {"password_cmd", SET_STRING, "", 0, 0, false,
     "a shell command whose first output line is the password"},
    {"resource", SET_STRING, "natter", 0, 0, false, "the resource part of the full JID"},
    {"server", SET_STRING, "", 0, 0, false,
     "host to connect to instead of looking up the domain's SRV records"},
    {"port", SET_INT, "0", 0, 65535, false,
     "port to connect to (0: the default, 5222, or 5223 with direct_tls)"},
    {"cafile", SET_STRING, "", 0, 0, false,
     "extra CA bundle (PEM file) to trust for the server certificate"},
    {"direct_tls", SET_BOOL, "off", 0, 1, false,
     "use direct TLS (XEP-0368) instead of STARTTLS, usually with port 5223"},
    {"allow_plain_after_scram", SET_BOOL, "off", 0, 1, false,
     "log in with weaker mechanisms than SCRAM once SCRAM has worked for the account"},
    {"ping_interval", SET_INT, "60", 0, 86400, false,
     "seconds between XEP-0199 pings to the server (0: no pings)"},
    {"ping_timeout", SET_INT, "30", 1, 3600, false,
     "seconds to wait for a ping answer before the connection counts as lost"},
    {"login_timeout", SET_INT, "30", 1, 3600, false,
     "seconds a login may take before natter gives up and tries again later"},
    {"reconnect", SET_BOOL, "on", 0, 1, false, "reconnect by itself after the connection is lost"},
    {"reconnect_min", SET_INT, "2", 1, 3600, false,
     "seconds before the first reconnect attempt (then doubling, with jitter)"},
    {"reconnect_max", SET_INT, "300", 1, 86400, false,
     "longest wait in seconds between reconnect attempts"},
    {"roster_width", SET_INT, "24", 0, 200, false,
     "width of the roster pane in columns (0 hides the pane)"},
    {"auto_accept", SET_STRING, "none", 0, 0, false,
     "subscription requests answered yes without asking: none, roster (from contacts "
     "already in your roster) or all"},
    {"time_format", SET_STRING, "%H:%M", 0, 0, false,
     "format of the time before each message, as for strftime(3)"},
    {"scrollback", SET_INT, "2000", 100, 100000, false, "messages kept in memory per conversation"},
    {"version_reply", SET_STRING, "contacts", 0, 0, false,
     "who learns your client's name and version: none, contacts or all (XEP-0092)"},
    {"last_reply", SET_STRING, "contacts", 0, 0, false,
     "who learns how long you have been idle: none, contacts or all (XEP-0012)"},
    {"time_reply", SET_STRING, "none", 0, 0, false,
     "who learns your clock and time zone: none, contacts or all (XEP-0202)"},
    {"nick", SET_STRING, "", 0, 0, false, "your nick in rooms (empty: the local part of your JID)"},
    {"room_history", SET_INT, "20", 0, 10000, false,
     "messages of history asked for when joining a room for the first time"},
    {"muc_service", SET_STRING, "", 0, 0, false,
     "the room service /join uses for a bare room name (empty: ask the server)"},
    {"show_joins", SET_STRING, "50", 0, 0, false,
     "show joins and parts in rooms: on, off, or N (only in rooms of at most N people)"},
    {"highlight_words", SET_STRING, "", 0, 0, false,
     "comma-separated words that highlight a room message like your nick does"},
    {"bell", SET_STRING, "highlight", 0, 0, false,
     "ring the terminal bell: off, highlight, message (also private messages) or all"},
    {"notify_command", SET_STRING, "", 0, 0, false,
     "a program run (never by a shell) for highlights and private messages in other tabs"},
    {"nick_colors", SET_BOOL, "on", 0, 1, false, "colour each nick in rooms (XEP-0392)"},
    {"muc_selfping", SET_INT, "300", 0, 86400, false,
     "seconds of silence in a room before natter checks it is still in it (XEP-0410; 0: never)"},
    {NULL, SET_STRING, NULL, 0, 0, false, NULL},
};

#define NSETTINGS (sizeof(settings_table) / sizeof(settings_table[0]) - 1)

/* Current values as text; NULL means the default. */
static char *values[NSETTINGS];

/* Error messages point here; they name the setting, never the value. */
static char errbuf[256];

/* Find a setting by exact name. */
const struct setting *setting_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (const struct setting *s = settings_table; s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* Index of s in settings_table and values. */
static size_t setting_index(const struct setting *s)
{
	return (size_t)(s - settings_table);
}

/* Forget a stored value; secrets are wiped first so they do not linger. */
static void value_clear(const struct setting *s)
{
	char **v = &values[setting_index(s)];
	if (*v && s->secret)
		explicit_bzero(*v, strlen(*v));
	free(*v);
	*v = NULL;
}

/* Parse a bool word; returns 1 or 0, or -1 when it is not one. */
static int parse_bool(const char *value)
{
	static const char *const yes[] = {"on", "true", "yes", "1"};
	static const char *const no[] = {"off", "false", "no", "0"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(value, yes[i]) == 0)
			return 1;
		if (strcasecmp(value, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Parse a whole decimal number in s's range into *out. */
static int parse_int(const struct setting *s, const char *value, long *out)
{
	char *end;
	const char *digits = value + (*value == '-' || *value == '+');
	/* strtol would skip leading blanks; a setting's value has none. */
	if (!isdigit((unsigned char)*digits))
		return -1;
	errno = 0;
	long n = strtol(value, &end, 10);
	if (errno || *end != '\0' || n < s->min || n > s->max)
		return -1;
	*out = n;
	return 0;
}

/* Settings with a rule beyond their type; NULL when value is fine. */
static const char *check_special(const struct setting *s, const char *value)
{
	if (strcmp(s->name, "jid") == 0 && *value && !jid_valid(value))
		return "jid must be a valid JID like user@example.org";
	if (strcmp(s->name, "auto_accept") == 0 && strcmp(value, "none") != 0 &&
	    strcmp(value, "roster") != 0 && strcmp(value, "all") != 0)
		return "auto_accept must be none, roster or all";
	if (strcmp(s->name, "bell") == 0 && strcmp(value, "off") != 0 &&
	    strcmp(value, "highlight") != 0 && strcmp(value, "message") != 0 &&
	    strcmp(value, "all") != 0)
		return "bell must be off, highlight, message or all";
	if (strcmp(s->name, "notify_command") == 0 && !notify_command_ok(value))
		return "notify_command has an unterminated quote, or starts with a placeholder";
	if ((strcmp(s->name, "version_reply") == 0 || strcmp(s->name, "last_reply") == 0 ||
	     strcmp(s->name, "time_reply") == 0) &&
	    strcmp(value, "none") != 0 && strcmp(value, "contacts") != 0 &&
	    strcmp(value, "all") != 0) {
		snprintf(errbuf, sizeof(errbuf), "%s must be none, contacts or all", s->name);
		return errbuf;
	}
	return NULL;
}

/* Turn value into the text stored for s, or set *err and return NULL. */
static char *normalize(const struct setting *s, const char *value, const char **err)
{
	long n;
	int b;
	switch (s->type) {
	case SET_INT:
		if (parse_int(s, value, &n) == 0)
			return xasprintf("%ld", n);
		snprintf(errbuf, sizeof(errbuf), "%s must be a number between %ld and %ld", s->name,
		         s->min, s->max);
		*err = errbuf;
		return NULL;
	case SET_BOOL:
		if ((b = parse_bool(value)) >= 0)
			return xstrdup(b ? "on" : "off");
		snprintf(errbuf, sizeof(errbuf),
		         "%s must be on or off (or yes/no, true/false, 1/0)", s->name);
		*err = errbuf;
		return NULL;
	case SET_STRING:
		break;
	}
	if ((*err = check_special(s, value)) != NULL)
		return NULL;
	return xstrdup(value);
}

/* Set a value from text. */
int setting_set(const char *name, const char *value, const char **err)
{
	const char *dummy;
	const struct setting *s = setting_find(name);
	if (err == NULL)
		err = &dummy;
	if (s == NULL) {
		snprintf(errbuf, sizeof(errbuf), "unknown setting %.64s (/set lists them)",
		         name ? name : "");
		*err = errbuf;
		return -1;
	}
	if (value == NULL) {
		value_clear(s);
		return 0;
	}
	char *text = normalize(s, value, err);
	if (text == NULL)
		return -1;
	value_clear(s);
	values[setting_index(s)] = text;
	return 0;
}

/* Reset to the default. */
void setting_unset(const char *name)
{
	const struct setting *s = setting_find(name);
	if (s)
		value_clear(s);
}

/* Current string value. */
const char *setting_str(const char *name)
{
	const struct setting *s = setting_find(name);
	if (s == NULL)
		return "";
	const char *v = values[setting_index(s)];
	return v ? v : s->def;
}

/* Current integer value; bools read as 1 or 0. */
long setting_int(const char *name)
{
	const struct setting *s = setting_find(name);
	if (s == NULL)
		return 0;
	if (s->type == SET_BOOL)
		return parse_bool(setting_str(name)) == 1;
	return strtol(setting_str(name), NULL, 10);
}

/* Current boolean value. */
bool setting_bool(const char *name)
{
	return setting_int(name) != 0;
}

/* Free stored values. */
void settings_free_all(void)
{
	for (const struct setting *s = settings_table; s->name; s++)
		value_clear(s);
}
