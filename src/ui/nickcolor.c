/* nickcolor.c - consistent nick colours (XEP-0392): SHA-1 of the nick gives
 * a hue angle, HSLuv (saturation 100, lightness 50) gives the colour, and
 * the terminal's palette gives the closest colour it can show */
#include <openssl/sha.h>
#include <string.h>

#include "settings.h"
#include "uitext.h"

/* natter links no maths library: the few functions needed are here. */
#define PI 3.14159265358979323846

/* XYZ to linear sRGB (the matrix HSLuv uses). */
static const double to_rgb[3][3] = {
    {3.240969941904521, -1.537383177570093, -0.498610760293},
    {-0.96924363628087, 1.87596750150772, 0.041555057407175},
    {0.055630079696993, -0.20397695888897, 1.056971514242878},
};

/* CIE constants used by CIELUV. */
static const double kappa = 903.2962962;
static const double epsilon = 0.0088564516;
static const double ref_u = 0.19783000664283;
static const double ref_v = 0.46831999493879;

/* Sine of x (radians), by its series after bringing x into [-pi, pi]. */
static double sine(double x)
{
	while (x > PI)
		x -= 2 * PI;
	while (x < -PI)
		x += 2 * PI;
	double term = x, sum = x;
	for (int k = 1; k < 20; k++) {
		term *= -x * x / ((2 * k) * (2 * k + 1));
		sum += term;
	}
	return sum;
}

/* Cosine of x (radians). */
static double cosine(double x)
{
	return sine(x + PI / 2);
}

/* The cube of x. */
static double cube(double x)
{
	return x * x * x;
}

/* x (0..1) to the power 1/2.4 = 5/12: the twelfth root by bisection, then
 * its fifth power. */
static double pow_5_12(double x)
{
	double lo = 0, hi = 1;
	for (int i = 0; i < 50; i++) {
		double mid = (lo + hi) / 2, m2 = mid * mid, m12 = cube(m2 * m2);
		if (m12 < x)
			lo = mid;
		else
			hi = mid;
	}
	return lo * lo * lo * lo * lo;
}

/* Absolute value. */
static double absval(double x)
{
	return x < 0 ? -x : x;
}

/* Hue angle in degrees [0, 360) of a nick: the first two bytes of its SHA-1,
 * little endian, as a fraction of a turn. */
double nickcolor_angle(const char *nick)
{
	unsigned char md[SHA_DIGEST_LENGTH];
	SHA1((const unsigned char *)nick, strlen(nick), md);
	unsigned v = (unsigned)md[0] | (unsigned)md[1] << 8;
	return (double)v / 65536.0 * 360.0;
}

/* The longest chroma at lightness l and hue h (radians) that stays inside
 * the sRGB gamut: the nearest of the six gamut edges along the hue's ray. */
static double max_chroma(double l, double h)
{
	double sub1 = cube(l + 16) / 1560896;
	double sub2 = sub1 > epsilon ? sub1 : l / kappa;
	double best = 1e300;
	for (int c = 0; c < 3; c++) {
		double m1 = to_rgb[c][0], m2 = to_rgb[c][1], m3 = to_rgb[c][2];
		for (int t = 0; t < 2; t++) {
			double top1 = (284517 * m1 - 94839 * m3) * sub2;
			double top2 =
			    (838422 * m3 + 769860 * m2 + 731718 * m1) * l * sub2 - 769860 * t * l;
			double bottom = (632260 * m3 - 126452 * m2) * sub2 + 126452 * t;
			double slope = top1 / bottom, icept = top2 / bottom;
			double len = icept / (sine(h) - slope * cosine(h));
			if (len >= 0 && len < best)
				best = len;
		}
	}
	return best;
}

/* Linear light to sRGB's gamma-encoded value, clamped to [0, 1]. */
static double compand(double c)
{
	double v = c <= 0.0031308 ? 12.92 * c : 1.055 * pow_5_12(c > 1 ? 1 : c) - 0.055;
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* sRGB (each 0..1) of HSLuv hue angle (degrees), saturation 100, lightness 50. */
void nickcolor_rgb(double angle, double rgb[3])
{
	double l = 50, h = angle * PI / 180;
	double ch = max_chroma(l, h);
	double u = cosine(h) * ch, v = sine(h) * ch;
	double y = l <= 8 ? l / kappa : cube((l + 16) / 116);
	double vu = u / (13 * l) + ref_u, vv = v / (13 * l) + ref_v;
	double x = 9 * y * vu / (4 * vv);
	double z = (9 * y - 15 * vv * y - vv * x) / (3 * vv);
	for (int c = 0; c < 3; c++)
		rgb[c] = compand(to_rgb[c][0] * x + to_rgb[c][1] * y + to_rgb[c][2] * z);
}

/* Index 0..5 of the xterm colour cube level nearest to v (0..255). */
static int cube_level(double v)
{
	static const int levels[6] = {0, 95, 135, 175, 215, 255};
	int best = 0;
	for (int i = 1; i < 6; i++)
		if (absval(levels[i] - v) < absval(levels[best] - v))
			best = i;
	return best;
}

/* Palette colour for a nick: with 256 colours the nearest entry of the
 * 6x6x6 cube (16..231); otherwise one of red, green, yellow, blue, magenta
 * and cyan (1..6), by the sixth of the hue circle the angle falls in. */
int nickcolor_index(const char *nick, int ncolors)
{
	double angle = nickcolor_angle(nick);
	if (ncolors < 256) {
		static const int six[6] = {1, 3, 2, 6, 4, 5};
		return six[(int)((angle + 30) / 60) % 6];
	}
	double rgb[3];
	nickcolor_rgb(angle, rgb);
	int r = cube_level(rgb[0] * 255), g = cube_level(rgb[1] * 255),
	    b = cube_level(rgb[2] * 255);
	return 16 + 36 * r + 6 * g + b;
}

static int palette = 256;

/* Colours the terminal has. */
void nickcolor_set_palette(int ncolors)
{
	palette = ncolors;
}

/* The style for nick. */
enum ui_style nickcolor_style(const char *nick)
{
	if (!setting_bool("nick_colors") || nick == NULL)
		return ST_NICK_IN;
	return (enum ui_style)(ST_NICK + nickcolor_index(nick, palette));
}
