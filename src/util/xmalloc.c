/* xmalloc.c - allocation that never returns NULL, and fatal errors */
#include "xmalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void (*fatal_hook)(void);

static void oom(size_t n) __attribute__((noreturn));

/* Die because an allocation of the given size failed. */
static void oom(size_t n)
{
	fatal("out of memory (allocating %zu bytes)", n);
}

/* Allocate n bytes or die. */
void *xmalloc(size_t n)
{
	/* malloc(0) may return NULL, which callers must never see. */
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

/* Allocate a zeroed array of nmemb elements or die. */
void *xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		fatal("xcalloc: %zu * %zu bytes overflows", nmemb, size);
	p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (p == NULL)
		oom(nmemb * size);
	return p;
}

/* Resize p to an array of nmemb elements or die. */
void *xreallocarray(void *p, size_t nmemb, size_t size)
{
	size_t n;

	if (size != 0 && nmemb > SIZE_MAX / size)
		fatal("xreallocarray: %zu * %zu bytes overflows", nmemb, size);
	n = nmemb * size;
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom(n);
	return p;
}

/* Copy a string or die; NULL stays NULL. */
char *xstrdup(const char *s)
{
	if (s == NULL)
		return NULL;
	return xstrndup(s, strlen(s));
}

/* Copy at most n bytes of s into a new terminated string. */
char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Format into a new string. */
char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* Format a va_list into a new string. */
char *xvasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	char *s;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		fatal("xvasprintf: bad format \"%s\"", fmt);
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* Replace *dst by a copy of src. */
void xstrset(char **dst, const char *src)
{
	/* Copy first: src may point into the old *dst. */
	char *copy = xstrdup(src);

	free(*dst);
	*dst = copy;
}

/* Report an unrecoverable error and exit. */
void fatal(const char *fmt, ...)
{
	void (*hook)(void) = fatal_hook;
	va_list ap;

	/* Clear the hook first so a fatal() inside it cannot recurse. */
	fatal_hook = NULL;
	if (hook != NULL)
		hook();
	fflush(stdout);
	fputs("natter: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}
