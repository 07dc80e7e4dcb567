/* log.h - debug log (-v) */
#ifndef NATTER_LOG_H
#define NATTER_LOG_H

#include <stdbool.h>

/* Open the debug log at path (created 0600, appended). Returns 0 or -1. */
int log_open(const char *path);
/* True when a debug log is open. */
bool log_enabled(void);
/* Write a time-stamped line to the debug log if open. Callers pass
 * sanitized text for anything that came from the network. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Close the debug log. */
void log_close(void);

#endif
