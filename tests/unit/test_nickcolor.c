/* test_nickcolor.c - XEP-0392 nick colours: the XEP's test vectors, the
 * mapping to 256 and to 8 colours, and the styles the view uses */
#include "unit.h"

#include <stdio.h>

#include "../../src/ui/uitext.h"
#include "settings.h"

/* The XEP's vectors: identifier, hue angle, and HSLuv sRGB. */
static const struct {
	const char *nick;
	double angle, r, g, b;
} vectors[] = {
    {"Romeo", 327.255249, 0.865, 0.000, 0.686},
    {"juliet@capulet.lit", 209.410400, 0.000, 0.515, 0.573},
    {"\xf0\x9f\x98\xba", 331.199341, 0.872, 0.000, 0.659},
    {"council", 359.994507, 0.918, 0.000, 0.394},
};

#define NVEC (sizeof(vectors) / sizeof(vectors[0]))

/* The angle is the XEP's for each vector. */
static void test_angles(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC; i++) {
		double a = nickcolor_angle(vectors[i].nick);
		assert_true(a > vectors[i].angle - 0.0001 && a < vectors[i].angle + 0.0001);
	}
}

/* HSLuv at saturation 100, lightness 50 gives the XEP's colours. */
static void test_rgb(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC; i++) {
		double rgb[3];
		nickcolor_rgb(nickcolor_angle(vectors[i].nick), rgb);
		double want[3] = {vectors[i].r, vectors[i].g, vectors[i].b};
		for (int c = 0; c < 3; c++) {
			if (rgb[c] < want[c] - 0.002 || rgb[c] > want[c] + 0.002)
				fail_msg("%s channel %d: %f, want %f", vectors[i].nick, c, rgb[c],
				         want[c]);
		}
	}
}

/* 256 colours: the nearest cube entry; Romeo (0.865, 0, 0.686) = (221, 0, 175)
 * -> levels 215, 0, 175: (4, 0, 3) = 16 + 144 + 3. */
static void test_cube(void **state)
{
	(void)state;
	assert_int_equal(nickcolor_index("Romeo", 256), 16 + 36 * 4 + 3);
	/* juliet (0, 131, 146) -> (0, 2, 2) */
	assert_int_equal(nickcolor_index("juliet@capulet.lit", 256), 16 + 12 + 2);
	for (int i = 0; i < 200; i++) {
		char nick[32];
		snprintf(nick, sizeof(nick), "nick%d", i);
		int c = nickcolor_index(nick, 256);
		assert_in_range(c, 16, 231);
		assert_int_equal(c, nickcolor_index(nick, 256)); /* stable */
	}
}

/* Fewer colours: one of six (never black 0 or white 7), by hue sixth. */
static void test_six(void **state)
{
	(void)state;
	/* council is at ~360 degrees, i.e. red; Romeo at 327 is magenta;
	 * juliet at 209 is cyan */
	assert_int_equal(nickcolor_index("council", 8), 1);
	assert_int_equal(nickcolor_index("Romeo", 8), 5);
	assert_int_equal(nickcolor_index("juliet@capulet.lit", 8), 6);
	int seen[8] = {0};
	for (int i = 0; i < 300; i++) {
		char nick[32];
		snprintf(nick, sizeof(nick), "user%d", i);
		int c = nickcolor_index(nick, 8);
		assert_in_range(c, 1, 6);
		seen[c]++;
	}
	for (int c = 1; c <= 6; c++)
		assert_true(seen[c] > 0);
}

/* The style carries the colour; nick_colors off gives the plain style. */
static void test_style(void **state)
{
	(void)state;
	nickcolor_set_palette(256);
	assert_int_equal(nickcolor_style("Romeo"), ST_NICK + 16 + 36 * 4 + 3);
	nickcolor_set_palette(8);
	assert_int_equal(nickcolor_style("Romeo"), ST_NICK + 5);
	assert_int_equal(setting_set("nick_colors", "off", &(const char *){NULL}), 0);
	assert_int_equal(nickcolor_style("Romeo"), ST_NICK_IN);
	settings_free_all();
	nickcolor_set_palette(256);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_angles), cmocka_unit_test(test_rgb),
	    cmocka_unit_test(test_cube),   cmocka_unit_test(test_six),
	    cmocka_unit_test(test_style),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
