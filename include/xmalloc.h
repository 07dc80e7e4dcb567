/* xmalloc.h - allocation that never returns NULL, and fatal errors */
#ifndef NATTER_XMALLOC_H
#define NATTER_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Allocate n bytes; exits with a message on out-of-memory. */
void *xmalloc(size_t n);
/* Allocate and zero nmemb * size bytes (overflow-checked). */
void *xcalloc(size_t nmemb, size_t size);
/* Resize p to nmemb * size bytes (overflow-checked). */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* Copy a string; NULL gives NULL. Caller frees. */
char *xstrdup(const char *s);
/* Copy at most n bytes of s and terminate. Caller frees. */
char *xstrndup(const char *s, size_t n);
/* printf into a new string. Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* vprintf into a new string. Caller frees. */
char *xvasprintf(const char *fmt, va_list ap);
/* Replace *dst by a copy of src (freeing the old value). */
void xstrset(char **dst, const char *src);
/* Print a message to stderr (after leaving curses if needed) and exit 1. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Hook called by fatal() before printing, e.g. to restore the terminal. */
extern void (*fatal_hook)(void);

#endif
