/* utf8.h - UTF-8 decoding and terminal display widths */
#ifndef NATTER_UTF8_H
#define NATTER_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s (len bytes available). Returns the number of
 * bytes used (1..4), or -1 for an invalid/overlong/surrogate/truncated
 * sequence (then *cp is undefined and the caller should skip one byte). */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (at least 4 bytes). Returns the byte count. */
int utf8_encode(uint32_t cp, char *out);
/* True when s (len bytes) is entirely valid UTF-8. */
bool utf8_valid(const char *s, size_t len);
/* Terminal columns of one code point (0 for combining, 2 for wide; never <0). */
int utf8_cpwidth(uint32_t cp);
/* Terminal columns of a valid UTF-8 string. */
int utf8_width(const char *s);
/* Terminal columns of the first len bytes of a valid UTF-8 string. */
int utf8_nwidth(const char *s, size_t len);
/* Bytes of s that fit in at most cols columns, ending on a character boundary. */
size_t utf8_fit(const char *s, int cols);

#endif
