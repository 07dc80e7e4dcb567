/* unit.h - what every cmocka unit test includes */
#ifndef NATTER_TESTS_UNIT_H
#define NATTER_TESTS_UNIT_H

/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <stdlib.h>
#include <string.h>

#endif
