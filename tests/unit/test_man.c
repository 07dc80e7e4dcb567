/* test_man.c - the man pages and the command/settings tables must agree */
#include "unit.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>

#include "cmd.h"
#include "settings.h"

/* Set while the tests feed deliberately broken pages to the checks. */
static bool quiet;

/* Report a drift between a man page and a table. */
#define drift(...)                                                                                 \
	do {                                                                                       \
		if (!quiet)                                                                        \
			print_error(__VA_ARGS__);                                                  \
	} while (0)

/* One ".TP" entry of a man page section: its tag line and the text after. */
struct entry {
	char *tag;  /* the line after .TP, e.g. ".B /msg JID [TEXT]" */
	char *body; /* the following lines up to the next .TP, '\n'-separated */
};

/* Read a whole file (run the tests from the repository root). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s (run the tests from the repository root)", path);
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	assert_non_null(buf);
	buf[len] = '\0';
	return buf;
}

/* The lines of section name (after ".SH name", before the next .SH), or NULL. */
static char *section(const char *page, const char *name)
{
	char head[64];
	snprintf(head, sizeof(head), "\n.SH %s\n", name);
	const char *start = strstr(page, head);
	if (start == NULL)
		return NULL;
	start += strlen(head);
	const char *end = strstr(start, "\n.SH ");
	size_t n = end ? (size_t)(end - start) + 1 : strlen(start);
	char *s = malloc(n + 1);
	memcpy(s, start, n);
	s[n] = '\0';
	return s;
}

/* Split a section into its .TP entries; returns how many (at most max). */
static size_t entries(char *sect, struct entry *out, size_t max)
{
	size_t n = 0;
	char *save = NULL;
	struct entry *cur = NULL;
	for (char *line = strtok_r(sect, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strcmp(line, ".TP") == 0) {
			assert_true(n < max);
			cur = &out[n++];
			cur->tag = strtok_r(NULL, "\n", &save);
			cur->body = calloc(1, 1);
			assert_non_null(cur->tag);
		} else if (cur) {
			size_t len = strlen(cur->body);
			cur->body = realloc(cur->body, len + strlen(line) + 2);
			sprintf(cur->body + len, "%s\n", line);
		}
	}
	return n;
}

/* Free what entries() allocated. */
static void entries_free(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].body);
}

/* Case-insensitive strstr. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

/* True when body holds line (len bytes) as one of its lines. */
static bool has_line(const char *body, const char *line, size_t len)
{
	for (const char *p = body; *p;) {
		size_t l = strcspn(p, "\n");
		if (l == len && strncmp(p, line, len) == 0)
			return true;
		p += l + (p[l] == '\n');
	}
	return false;
}

/* The command called exactly name (not an alias), or NULL. */
static const struct cmd *command_named(const char *name, size_t len)
{
	for (const struct cmd *c = cmd_table; c->name; c++)
		if (strlen(c->name) == len && strncmp(c->name, name, len) == 0)
			return c;
	return NULL;
}

/* Problems in the COMMANDS section of a natter.1 text; each is printed. */
static int check_commands(const char *page)
{
	struct entry e[64];
	int bad = 0;
	char *sect = section(page, "COMMANDS");
	if (sect == NULL) {
		drift("natter.1: no COMMANDS section\n");
		return 1;
	}
	size_t n = entries(sect, e, 64);
	int seen[64] = {0};
	for (size_t i = 0; i < n; i++) {
		const char *usage = e[i].tag + 3;
		size_t len = strcspn(usage + 1, " ");
		const struct cmd *c =
		    strncmp(e[i].tag, ".B /", 4) == 0 ? command_named(usage + 1, len) : NULL;
		if (c == NULL) {
			drift("natter.1 documents %s, which is not a command\n", e[i].tag);
			bad++;
			continue;
		}
		seen[c - cmd_table]++;
		if (strcmp(usage, c->usage) != 0) {
			drift("natter.1 says \"%s\", the table \"%s\"\n", usage, c->usage);
			bad++;
		}
		for (const char *l = c->long_help; *l;) {
			size_t ll = strcspn(l, "\n");
			if (!has_line(e[i].body, l, ll)) {
				drift("natter.1 /%s lacks the line \"%.*s\"\n", c->name, (int)ll,
				      l);
				bad++;
			}
			l += ll + (l[ll] == '\n');
		}
	}
	for (const struct cmd *c = cmd_table; c->name; c++) {
		if (seen[c - cmd_table] != 1) {
			drift("natter.1 has %d entries for /%s\n", seen[c - cmd_table], c->name);
			bad++;
		}
	}
	entries_free(e, n);
	free(sect);
	return bad;
}

/* What natterrc.5 must say of a setting's type and default. */
static void setting_kind(const struct setting *s, char *out, size_t len)
{
	if (s->type == SET_INT)
		snprintf(out, len, "number %ld..%ld, default %s", s->min, s->max, s->def);
	else if (s->type == SET_BOOL)
		snprintf(out, len, "on/off, default %s", s->def);
	else if (*s->def)
		snprintf(out, len, "text, default %s", s->def);
	else
		snprintf(out, len, "text, empty by default");
}

/* Problems in the SETTINGS section of a natterrc.5 text; each is printed. */
static int check_settings(const char *page)
{
	struct entry e[64];
	char kind[128];
	int bad = 0, seen[64] = {0};
	char *sect = section(page, "SETTINGS");
	if (sect == NULL) {
		drift("natterrc.5: no SETTINGS section\n");
		return 1;
	}
	size_t n = entries(sect, e, 64);
	for (size_t i = 0; i < n; i++) {
		const struct setting *s =
		    strncmp(e[i].tag, ".B ", 3) == 0 ? setting_find(e[i].tag + 3) : NULL;
		if (s == NULL) {
			drift("natterrc.5 documents %s, which is not a setting\n", e[i].tag);
			bad++;
			continue;
		}
		seen[s - settings_table]++;
		setting_kind(s, kind, sizeof(kind));
		if (!contains_nocase(e[i].body, s->help) || !contains_nocase(e[i].body, kind)) {
			drift("natterrc.5 %s must say \"%s\" and \"%s\"\n", s->name, kind, s->help);
			bad++;
		}
	}
	for (const struct setting *s = settings_table; s->name; s++) {
		if (seen[s - settings_table] != 1) {
			drift("natterrc.5 has %d entries for %s\n", seen[s - settings_table],
			      s->name);
			bad++;
		}
	}
	entries_free(e, n);
	free(sect);
	return bad;
}

/* page with the first occurrence of from replaced by to. Caller frees. */
static char *replace(const char *page, const char *from, const char *to)
{
	const char *at = strstr(page, from);
	assert_non_null(at);
	size_t pre = (size_t)(at - page);
	char *out = malloc(strlen(page) + strlen(to) + 1);
	memcpy(out, page, pre);
	strcpy(out + pre, to);
	strcat(out, at + strlen(from));
	return out;
}

/* natter.1 documents exactly the commands in the table, with their usage. */
static void test_commands_documented(void **state)
{
	(void)state;
	char *page = slurp("man/natter.1");
	assert_int_equal(check_commands(page), 0);
	free(page);
}

/* The check itself notices a missing, an extra and a stale entry. */
static void test_commands_drift_detected(void **state)
{
	(void)state;
	char *page = slurp("man/natter.1");
	char *v;
	quiet = true;
	v = replace(page, ".TP\n.B /disconnect\n", "");
	assert_true(check_commands(v) > 0);
	free(v);
	v = replace(page, ".TP\n.B /quit\n", ".TP\n.B /jion ROOM\nJoins.\n.TP\n.B /quit\n");
	assert_true(check_commands(v) > 0);
	free(v);
	v = replace(page, ".B /msg JID [TEXT]", ".B /msg JID TEXT");
	assert_true(check_commands(v) > 0);
	free(v);
	v = replace(page, "TEXT is the rest of the line", "TEXT is what follows");
	assert_true(check_commands(v) > 0);
	free(v);
	free(page);
	quiet = false;
}

/* natterrc.5 documents exactly the settings, with type, default and help. */
static void test_settings_documented(void **state)
{
	(void)state;
	char *page = slurp("man/natterrc.5");
	assert_int_equal(check_settings(page), 0);
	free(page);
}

/* The check notices a missing, an extra and a stale setting entry. */
static void test_settings_drift_detected(void **state)
{
	(void)state;
	char *page = slurp("man/natterrc.5");
	char *v;
	quiet = true;
	v = replace(page, ".TP\n.B cafile\n", "");
	assert_true(check_settings(v) > 0);
	free(v);
	v = replace(page, ".TP\n.B port\n", ".TP\n.B colour\nText.\n.TP\n.B port\n");
	assert_true(check_settings(v) > 0);
	free(v);
	v = replace(page, "default 60", "default 90");
	assert_true(check_settings(v) > 0);
	free(v);
	free(page);
	quiet = false;
}

/* The pages have the sections a reader looks for, and every option. */
static void test_sections(void **state)
{
	(void)state;
	static const char *const one[] = {"NAME",     "SYNOPSIS", "DESCRIPTION", "OPTIONS",
	                                  "COMMANDS", "KEYS",     "FILES",       "SEE ALSO"};
	static const char *const five[] = {"NAME", "DESCRIPTION", "SETTINGS", "SEE ALSO"};
	static const char *const opts[] = {".BI \\-c", ".BI \\-e", ".B \\-v", ".B \\-\\-version",
	                                   ".B \\-\\-help"};
	char *page = slurp("man/natter.1");
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		char *s = section(page, one[i]);
		assert_non_null(s);
		free(s);
	}
	char *o = section(page, "OPTIONS");
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		assert_non_null(strstr(o, opts[i]));
	free(o);
	free(page);
	page = slurp("man/natterrc.5");
	for (size_t i = 0; i < sizeof(five) / sizeof(five[0]); i++) {
		char *s = section(page, five[i]);
		assert_non_null(s);
		free(s);
	}
	free(page);
}

/* Every command has its texts and a handler, and its usage names it. */
static void test_command_table(void **state)
{
	(void)state;
	for (const struct cmd *c = cmd_table; c->name; c++) {
		assert_true(c->usage && *c->usage && c->help && *c->help);
		assert_true(c->long_help && *c->long_help);
		assert_non_null(c->handler);
		size_t n = strlen(c->name);
		assert_int_equal(c->usage[0], '/');
		assert_memory_equal(c->usage + 1, c->name, n);
		assert_true(c->usage[n + 1] == ' ' || c->usage[n + 1] == '\0');
		assert_true(c->max_args < 0 || c->min_args <= c->max_args);
		for (size_t i = 0; i < 3 && c->aliases[i]; i++)
			assert_ptr_equal(cmd_lookup(c->aliases[i], NULL), c);
		assert_ptr_equal(cmd_lookup(c->name, NULL), c);
		for (const char *p = c->name; *p; p++)
			assert_true(islower((unsigned char)*p));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commands_documented),
	    cmocka_unit_test(test_commands_drift_detected),
	    cmocka_unit_test(test_settings_documented),
	    cmocka_unit_test(test_settings_drift_detected),
	    cmocka_unit_test(test_sections),
	    cmocka_unit_test(test_command_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
