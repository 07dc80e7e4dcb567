/* utf8width.c - terminal display widths of UTF-8 text */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#endif
#include "utf8.h"

#include <langinfo.h>
#include <string.h>
#include <wchar.h>

struct cp_range {
	uint32_t first, last;
};

/* Zero-width characters (main combining blocks, format characters) for when
 * the C library cannot tell us because the locale is not UTF-8. */
static const struct cp_range zero_width[] = {
    {0x0300, 0x036f},   {0x0483, 0x0489},   {0x0591, 0x05bd},   {0x05bf, 0x05bf},
    {0x05c1, 0x05c2},   {0x05c4, 0x05c5},   {0x05c7, 0x05c7},   {0x0610, 0x061a},
    {0x061c, 0x061c},   {0x064b, 0x065f},   {0x0670, 0x0670},   {0x06d6, 0x06dc},
    {0x06df, 0x06e4},   {0x06e7, 0x06e8},   {0x06ea, 0x06ed},   {0x0900, 0x0902},
    {0x093a, 0x093a},   {0x093c, 0x093c},   {0x0941, 0x0948},   {0x094d, 0x094d},
    {0x0951, 0x0957},   {0x0e31, 0x0e31},   {0x0e34, 0x0e3a},   {0x0e47, 0x0e4e},
    {0x1160, 0x11ff},   {0x1ab0, 0x1aff},   {0x1dc0, 0x1dff},   {0x200b, 0x200f},
    {0x202a, 0x202e},   {0x2060, 0x2064},   {0x2066, 0x206f},   {0x20d0, 0x20ff},
    {0xfe00, 0xfe0f},   {0xfe20, 0xfe2f},   {0xfeff, 0xfeff},   {0x1f3fb, 0x1f3ff},
    {0xe0001, 0xe0001}, {0xe0020, 0xe007f}, {0xe0100, 0xe01ef},
};

/* East Asian Wide and Fullwidth characters and emoji shown as two columns,
 * for the same case. */
static const struct cp_range double_width[] = {
    {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x23e9, 0x23ec},
    {0x23f0, 0x23f0},   {0x23f3, 0x23f3},   {0x25fd, 0x25fe},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267f, 0x267f},   {0x2693, 0x2693},   {0x26a1, 0x26a1},
    {0x26aa, 0x26ab},   {0x26bd, 0x26be},   {0x26c4, 0x26c5},   {0x26ce, 0x26ce},
    {0x26d4, 0x26d4},   {0x26ea, 0x26ea},   {0x26f2, 0x26f3},   {0x26f5, 0x26f5},
    {0x26fa, 0x26fa},   {0x26fd, 0x26fd},   {0x2705, 0x2705},   {0x270a, 0x270b},
    {0x2728, 0x2728},   {0x274c, 0x274c},   {0x274e, 0x274e},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27b0, 0x27b0},   {0x27bf, 0x27bf},
    {0x2b1b, 0x2b1c},   {0x2b50, 0x2b50},   {0x2b55, 0x2b55},   {0x2e80, 0x303e},
    {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
    {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
    {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x16fe0, 0x16fe4},
    {0x17000, 0x18cff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
    {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f2ff}, {0x1f300, 0x1f320},
    {0x1f32d, 0x1f335}, {0x1f337, 0x1f37c}, {0x1f37e, 0x1f393}, {0x1f3a0, 0x1f3ca},
    {0x1f3cf, 0x1f3d3}, {0x1f3e0, 0x1f3f0}, {0x1f3f4, 0x1f3f4}, {0x1f3f8, 0x1f3fa},
    {0x1f400, 0x1f43e}, {0x1f440, 0x1f440}, {0x1f442, 0x1f4fc}, {0x1f4ff, 0x1f53d},
    {0x1f54b, 0x1f54e}, {0x1f550, 0x1f567}, {0x1f57a, 0x1f57a}, {0x1f595, 0x1f596},
    {0x1f5a4, 0x1f5a4}, {0x1f5fb, 0x1f64f}, {0x1f680, 0x1f6c5}, {0x1f6cc, 0x1f6cc},
    {0x1f6d0, 0x1f6d2}, {0x1f6d5, 0x1f6d7}, {0x1f6eb, 0x1f6ec}, {0x1f6f4, 0x1f6fc},
    {0x1f7e0, 0x1f7eb}, {0x1f90c, 0x1f93a}, {0x1f93c, 0x1f945}, {0x1f947, 0x1f9ff},
    {0x1fa70, 0x1faff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

/* True when cp lies in one of the n sorted ranges. */
static bool in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].first)
			hi = mid;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* True when the C library's wcwidth() speaks UTF-8 in the current locale. */
static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && strcmp(cs, "UTF-8") == 0;
}

/* Width from our own tables, for locales where wcwidth() cannot help. */
static int table_width(uint32_t cp)
{
	if (cp == 0)
		return 0;
	if (in_ranges(cp, zero_width, sizeof(zero_width) / sizeof(zero_width[0])))
		return 0;
	if (in_ranges(cp, double_width, sizeof(double_width) / sizeof(double_width[0])))
		return 2;
	return 1;
}

/* Width of cp, asking wcwidth() when utf8 is true. */
static int cp_width(uint32_t cp, bool utf8)
{
	int w;

	if (!utf8)
		return table_width(cp);
	w = wcwidth((wchar_t)cp);
	/* -1 means a control (sanitize replaced those), a surrogate or value past
	 * U+10FFFF (sanitize made them U+FFFD), U+2028/9 (made spaces), or an
	 * unassigned code point, which terminals draw as one cell. */
	return w < 0 ? 1 : w;
}

/* Terminal columns of one code point. */
int utf8_cpwidth(uint32_t cp)
{
	return cp_width(cp, locale_is_utf8());
}

/* Terminal columns of the first len bytes of s. */
int utf8_nwidth(const char *s, size_t len)
{
	bool utf8 = locale_is_utf8();
	size_t i = 0;
	uint32_t cp;
	int w = 0, n;

	while (i < len && s[i] != '\0') {
		n = utf8_decode(s + i, len - i, &cp);
		/* Not expected in valid text; count a stray byte as U+FFFD would be. */
		if (n < 0) {
			w += 1;
			i++;
			continue;
		}
		w += cp_width(cp, utf8);
		i += (size_t)n;
	}
	return w;
}

/* Terminal columns of s. */
int utf8_width(const char *s)
{
	return utf8_nwidth(s, strlen(s));
}

/* Bytes of s that fit in cols columns; zero-width characters that follow the
 * last one that fits are kept with it. */
size_t utf8_fit(const char *s, int cols)
{
	bool utf8 = locale_is_utf8();
	size_t len = strlen(s), i = 0;
	uint32_t cp;
	int used = 0, n, w;

	if (cols < 0)
		return 0;
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			n = 1;
			w = 1;
		} else {
			w = cp_width(cp, utf8);
		}
		if (used + w > cols)
			break;
		used += w;
		i += (size_t)n;
	}
	return i;
}
