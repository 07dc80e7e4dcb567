/* fuzz_check.h - invariant checks shared by the fuzz targets */
#ifndef NATTER_FUZZ_CHECK_H
#define NATTER_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

/* Abort (a crash to the fuzzer) when an invariant does not hold; unlike
 * assert() this cannot be compiled out with NDEBUG. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
