/* fuzz_sanitize.c - libFuzzer target: sanitize() output is always safe */
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "sanitize.h"
#include "utf8.h"

#define ELLIPSIS     "\xe2\x80\xa6"
#define ELLIPSIS_LEN 3

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True for the code points sanitize() must never let through. */
static bool forbidden(uint32_t cp, enum sanitize_mode mode)
{
	if (cp < 0x20)
		return !(cp == '\n' && mode == SANITIZE_MULTILINE);
	if (cp >= 0x7f && cp <= 0x9f)
		return true;
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return true;
	return cp == 0x2028 || cp == 0x2029;
}

/* Every character of out is valid UTF-8 and allowed on a terminal. */
static void check_safe(const char *out, size_t len, enum sanitize_mode mode)
{
	size_t i = 0;
	uint32_t cp;
	int n;

	CHECK(utf8_valid(out, len));
	while (i < len) {
		n = utf8_decode(out + i, len - i, &cp);
		CHECK(n > 0);
		CHECK(!forbidden(cp, mode));
		i += (size_t)n;
	}
}

/* The width helpers agree with each other on safe text. */
static void check_widths(const char *out, size_t len)
{
	int cols, total = utf8_width(out);
	size_t fit;

	CHECK(total >= 0);
	CHECK(utf8_nwidth(out, len) == total);
	for (cols = 0; cols < 12; cols += 3) {
		fit = utf8_fit(out, cols);
		CHECK(fit <= len);
		CHECK(utf8_valid(out, fit));
		CHECK(utf8_nwidth(out, fit) <= cols);
	}
	CHECK(utf8_fit(out, total) == len);
}

/* A limited result is the full result, or a prefix of it plus "…". */
static void check_limit(const char *full, const char *cut, size_t max)
{
	size_t flen = strlen(full), clen = strlen(cut);

	if (max == 0) {
		CHECK(strcmp(full, cut) == 0);
		return;
	}
	CHECK(clen <= max);
	if (flen <= max) {
		CHECK(strcmp(full, cut) == 0);
		return;
	}
	if (max < ELLIPSIS_LEN) {
		CHECK(strncmp(full, cut, clen) == 0);
		return;
	}
	CHECK(clen >= ELLIPSIS_LEN);
	CHECK(memcmp(cut + clen - ELLIPSIS_LEN, ELLIPSIS, ELLIPSIS_LEN) == 0);
	CHECK(strncmp(full, cut, clen - ELLIPSIS_LEN) == 0);
}

/* Sanitize in one mode and check everything about the result. */
static void fuzz_mode(const char *in, size_t len, enum sanitize_mode mode, size_t max)
{
	char *full = sanitize(in, len, mode, 0);
	char *cut = sanitize(in, len, mode, max);
	size_t flen = strlen(full);
	char *again = sanitize(full, flen, mode, 0);

	check_safe(full, flen, mode);
	check_safe(cut, strlen(cut), mode);
	check_limit(full, cut, max);
	/* Safe text passes through unchanged. */
	CHECK(strcmp(again, full) == 0);
	check_widths(full, flen);
	free(full);
	free(cut);
	free(again);
}

/* What sanitize_check_outgoing accepts is exactly what XML 1.0 allows. */
static void fuzz_outgoing(const char *in, size_t len)
{
	char *s = malloc(len + 1);
	const char *why = NULL;
	size_t i = 0, slen;
	uint32_t cp;
	bool ok, expect = true;
	int n;

	CHECK(s != NULL);
	memcpy(s, in, len);
	s[len] = '\0';
	slen = strlen(s);
	ok = sanitize_check_outgoing(s, &why);
	while (i < slen && expect) {
		n = utf8_decode(s + i, slen - i, &cp);
		if (n < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0xfffe || cp == 0xffff)
			expect = false;
		i += n > 0 ? (size_t)n : 1;
	}
	CHECK(ok == expect);
	CHECK(ok || (why != NULL && why[0] != '\0'));
	free(s);
}

/* Entry point: byte 0 picks the length limit, the rest is the text. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool locale_set;
	const char *text = (const char *)data + 1;
	size_t max;

	/* Widths as natter computes them: through wcwidth() in UTF-8. */
	if (!locale_set) {
		setlocale(LC_ALL, "C.UTF-8");
		locale_set = true;
	}
	if (size == 0)
		return 0;
	max = data[0];
	fuzz_mode(text, size - 1, SANITIZE_LINE, max);
	fuzz_mode(text, size - 1, SANITIZE_MULTILINE, max + 1);
	fuzz_outgoing(text, size - 1);
	return 0;
}
