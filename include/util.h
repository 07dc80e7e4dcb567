/* util.h - small helpers with no better home */
#ifndef NATTER_UTIL_H
#define NATTER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Fill out with a random id of n-1 lowercase hex/alnum chars and a NUL. */
void random_id(char *out, size_t n);
/* Split a command-line string into words: whitespace separates, "double" and
 * 'single' quotes group, backslash escapes. Returns a NULL-terminated array
 * (caller frees with strv_free) and sets *argc; NULL on an unterminated quote. */
char **split_args(const char *line, int *argc);
/* Free a NULL-terminated string vector. */
void strv_free(char **v);
/* Length of a NULL-terminated string vector. */
size_t strv_len(char *const *v);
/* Case-insensitive ASCII prefix test. */
bool str_prefix(const char *s, const char *prefix);
/* Format t as local time with strftime fmt into a new string. Caller frees. */
char *format_time(time_t t, const char *fmt);

#endif
