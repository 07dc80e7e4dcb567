/* emoji.c - what counts as one reaction (XEP-0444): a single emoji */
#include <stdint.h>
#include <string.h>

#include "core.h"
#include "utf8.h"

#define ZWJ    0x200D
#define KEYCAP 0x20E3

/* True for code points that modify the emoji before them. */
static bool is_modifier(uint32_t cp)
{
	return cp == 0xFE0E || cp == 0xFE0F || cp == KEYCAP || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
	       (cp >= 0xE0020 && cp <= 0xE007F);
}

/* True for a regional indicator (two make a flag). */
static bool is_regional(uint32_t cp)
{
	return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

/* True for a code point that may start an emoji: a keycap's ASCII base, or
 * anything visible outside ASCII and the replacement character. */
static bool is_base(uint32_t cp, bool keycap_next)
{
	if (cp < 0x80)
		return keycap_next && ((cp >= '0' && cp <= '9') || cp == '#' || cp == '*');
	return cp != 0xFFFD && cp >= 0xA9 && utf8_cpwidth(cp) > 0;
}

/* True when the next code point of s (len bytes at i) is a keycap, after an
 * optional variation selector. */
static bool keycap_follows(const char *s, size_t len, size_t i)
{
	uint32_t cp;
	int n = utf8_decode(s + i, len - i, &cp);
	if (n > 0 && cp == 0xFE0F)
		n += utf8_decode(s + i + n, len - i - (size_t)n, &cp);
	return n > 0 && cp == KEYCAP;
}

/* True when e is one reaction we keep. */
bool edits_emoji_ok(const char *e)
{
	size_t len = e ? strlen(e) : 0;
	if (len == 0 || len > EDITS_EMOJI_MAX || !utf8_valid(e, len))
		return false;
	int bases = 0;
	bool joined = false, half_flag = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(e + i, len - i, &cp);
		if (n <= 0)
			return false;
		i += (size_t)n;
		if (cp == ZWJ) {
			if (bases == 0 || joined)
				return false;
			joined = true;
		} else if (is_modifier(cp)) {
			if (bases == 0)
				return false;
		} else if (is_regional(cp) && half_flag) {
			half_flag = false; /* the second half of a flag */
		} else if (is_base(cp, keycap_follows(e, len, i))) {
			if (bases > 0 && !joined)
				return false; /* a second emoji */
			half_flag = is_regional(cp) && !joined;
			bases += !joined;
			joined = false;
		} else {
			return false;
		}
	}
	return bases == 1 && !joined;
}
