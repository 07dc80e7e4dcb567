/* fuzz_xmlscan.c - libFuzzer target: the stream scanner (src/xmlscan.c)
 * gives the same verdict however the stream is split, never reads or
 * writes out of bounds, and hands its capture hook only whole elements
 * ('<' ... '>', at most GUARD_MAX_CAPTURE bytes).
 *
 * Input: the first byte picks a feed size (1..256), the rest is the stream
 * after a fixed stream header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "guard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char header[] = "<stream:stream xmlns='jabber:client' "
                             "xmlns:stream='http://etherx.jabber.org/streams'>";

/* Capture hook: a whole element, bounded; counts them in *arg. */
static char *on_element(const char *xml, size_t len, void *arg)
{
	CHECK(len >= 3 && len <= GUARD_MAX_CAPTURE);
	CHECK(xml[0] == '<' && xml[len - 1] == '>');
	(*(unsigned *)arg)++;
	return NULL;
}

/* Scan data in feeds of step bytes; the reason (copied) or NULL, the depth
 * and the number of captured elements. */
static char *scan(const uint8_t *data, size_t size, size_t step, unsigned *depth, unsigned *n)
{
	struct xmlscan *s = xmlscan_new(on_element, n);
	xmlscan_capture(s, true);
	const char *why = xmlscan_feed(s, header, sizeof(header) - 1);
	CHECK(why == NULL);
	for (size_t i = 0; i < size && why == NULL; i += step) {
		size_t len = size - i < step ? size - i : step;
		/* a copy of exactly len bytes, so ASan sees any over-read */
		char *piece = malloc(len);
		memcpy(piece, data + i, len);
		why = xmlscan_feed(s, piece, len);
		free(piece);
	}
	char *out = why ? strdup(why) : NULL;
	*depth = xmlscan_depth(s);
	CHECK(*depth <= GUARD_MAX_DEPTH);
	xmlscan_free(s);
	return out;
}

/* Whole and split scans agree. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t step = (size_t)data[0] + 1;
	unsigned d1, d2, n1 = 0, n2 = 0;
	char *whole = scan(data + 1, size - 1, size, &d1, &n1);
	char *split = scan(data + 1, size - 1, step, &d2, &n2);
	CHECK((whole == NULL) == (split == NULL));
	if (whole) {
		CHECK(strcmp(whole, split) == 0);
	} else {
		CHECK(d1 == d2);
		CHECK(n1 == n2);
	}
	free(whole);
	free(split);
	return 0;
}
