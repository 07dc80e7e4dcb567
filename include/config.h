/* config.h - the natterrc file */
#ifndef NATTER_CONFIG_H
#define NATTER_CONFIG_H

/* Default config path ($XDG_CONFIG_HOME/natter/natterrc). Caller frees. */
char *config_default_path(void);
/* Run every line of path as a command ('#' comments and blank lines
 * skipped). Errors are reported as "path:LINE: message" and never stop the
 * file. A group/world-readable file is fixed to 0600 with a warning. A
 * missing file is fine when missing_ok. Returns the number of errors. */
int config_run_file(const char *path, int missing_ok);

#endif
