/* strbuf.h - growable NUL-terminated string buffer */
#ifndef NATTER_STRBUF_H
#define NATTER_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *s; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Append len bytes of data. */
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
/* Append a NUL-terminated string. */
void strbuf_adds(struct strbuf *sb, const char *s);
/* Append one byte. */
void strbuf_addch(struct strbuf *sb, char c);
/* Append printf-formatted text. */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empty the buffer, keeping its memory. */
void strbuf_reset(struct strbuf *sb);
/* Free the buffer's memory. */
void strbuf_free(struct strbuf *sb);
/* Return the string (never NULL; "" when empty) and leave sb empty. Caller frees. */
char *strbuf_detach(struct strbuf *sb);
/* The current string (never NULL). */
const char *strbuf_str(const struct strbuf *sb);

#endif
