/* confusable.c - what a name looks like on a terminal: a small confusable
 * "skeleton" (case folded, invisible characters and marks dropped, common
 * Cyrillic, Greek and fullwidth homoglyphs mapped to Latin). */
#include "confusable.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "utf8.h"
#include "xmalloc.h"

/* A code point and the Latin letter it passes for. */
struct homoglyph {
	uint32_t cp;
	char latin;
};

/* Sorted by code point. */
static const struct homoglyph homoglyphs[] = {
    {0x0391, 'a'}, {0x0392, 'b'}, {0x0395, 'e'}, {0x0396, 'z'}, {0x0397, 'h'}, {0x0399, 'l'},
    {0x039a, 'k'}, {0x039c, 'm'}, {0x039d, 'n'}, {0x039f, 'o'}, {0x03a1, 'p'}, {0x03a4, 't'},
    {0x03a5, 'y'}, {0x03a7, 'x'}, {0x03b1, 'a'}, {0x03b5, 'e'}, {0x03b9, 'l'}, {0x03ba, 'k'},
    {0x03bd, 'v'}, {0x03bf, 'o'}, {0x03c1, 'p'}, {0x03c4, 't'}, {0x03c5, 'u'}, {0x03c7, 'x'},
    {0x0405, 's'}, {0x0406, 'l'}, {0x0408, 'j'}, {0x0410, 'a'}, {0x0412, 'b'}, {0x0415, 'e'},
    {0x041a, 'k'}, {0x041c, 'm'}, {0x041d, 'h'}, {0x041e, 'o'}, {0x0420, 'p'}, {0x0421, 'c'},
    {0x0422, 't'}, {0x0423, 'y'}, {0x0425, 'x'}, {0x0430, 'a'}, {0x0435, 'e'}, {0x043e, 'o'},
    {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0455, 's'}, {0x0456, 'l'},
    {0x0458, 'j'}, {0x04bb, 'h'}, {0x04c0, 'l'}, {0x04cf, 'l'}, {0x0501, 'd'}, {0x051b, 'q'},
    {0x051d, 'w'},
};

/* The Latin letter cp passes for, or 0. */
static char homoglyph_of(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(homoglyphs) / sizeof(homoglyphs[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (homoglyphs[mid].cp == cp)
			return homoglyphs[mid].latin;
		if (homoglyphs[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (cp >= 0xff21 && cp <= 0xff3a) /* fullwidth A-Z */
		return (char)('a' + (cp - 0xff21));
	if (cp >= 0xff41 && cp <= 0xff5a) /* fullwidth a-z */
		return (char)('a' + (cp - 0xff41));
	return 0;
}

/* An ASCII character folded: lower case, and the letters and digits that
 * pass for each other (I l 1 |, O 0) made one. */
static char fold_ascii(char c)
{
	if (c == 'I' || c == 'i' || c == '1' || c == '|')
		return 'l';
	if (c == '0')
		return 'o';
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c;
}

/* True for what adds nothing visible between letters: spaces, marks,
 * zero-width and format characters. */
static bool invisible(uint32_t cp)
{
	return cp == ' ' || cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x3000 ||
	       utf8_cpwidth(cp) == 0;
}

/* The skeleton of s: what it looks like, for comparison only. Caller frees. */
char *name_skeleton(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = s ? strlen(s) : 0, i = 0;
	strbuf_adds(&sb, "");
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		i += (size_t)n;
		if (invisible(cp))
			continue;
		char latin = cp < 0x80 ? (char)cp : homoglyph_of(cp);
		if (latin != 0)
			strbuf_addch(&sb, fold_ascii(latin));
		else
			strbuf_add(&sb, s + i - n, (size_t)n);
	}
	return strbuf_detach(&sb);
}

/* True when the skeletons of a and b are the same. */
bool names_confusable(const char *a, const char *b)
{
	char *sa = name_skeleton(a), *sb = name_skeleton(b);
	bool same = *sa != '\0' && strcmp(sa, sb) == 0;
	free(sa);
	free(sb);
	return same;
}
