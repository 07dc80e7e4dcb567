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
#include "xmalloc.h"

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

/* Run one line of the file; returns 1 if it had an error, else 0. */
static int run_config_line(char *raw, const struct cmd_source *src)
{
	char *line = trim(raw);
	if (*line == '\0' || *line == '#')
		return 0;
	if (*line != '/') {
		core_error("%s:%d: expected a /command", src->file, src->line);
		return 1;
	}
	return cmd_run_line(line, src) < 0;
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
	int errors = run_lines(f, name);
	fclose(f);
	return errors;
}
