/* confusable.h - names that look alike on a terminal */
#ifndef NATTER_CONFUSABLE_H
#define NATTER_CONFUSABLE_H

#include <stdbool.h>

/* What s looks like, for comparisons: ASCII case folded (I, l, 1, | as l;
 * 0 as o), spaces, marks and zero-width characters dropped, common
 * Cyrillic, Greek and fullwidth homoglyphs as their Latin letter. Caller
 * frees. */
char *name_skeleton(const char *s);
/* True when a and b have the same (non-empty) skeleton. */
bool names_confusable(const char *a, const char *b);

#endif
