/* driver.c - a main() for fuzz targets when libFuzzer is not available:
 * feeds the target every file named on the command line (directories are
 * read one level deep), then pseudo-random inputs from a fixed seed, some
 * made from scratch and some by mutating the files. A failed invariant
 * aborts, so a non-zero exit means a bug. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GEN_MAX   512
#define MAX_SEEDS 256

/* Bytes that make hostile input likely: escapes, line breaks, lead and
 * continuation bytes, JID separators. */
static const uint8_t interesting[] = {0x00, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1b, '[',  ']',
                                      '@',  '/',  '.',  ' ',  '"',  0x7f, 0x80, 0x9b, 0xa0,
                                      0xbf, 0xc0, 0xc2, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4,
                                      0xff, 0x80, 0xae, 0xa8, 0x81, 0xa6};

static uint8_t *seeds[MAX_SEEDS];
static size_t seed_len[MAX_SEEDS];
static size_t nseeds;
static uint64_t rng = 0x9e3779b97f4a7c15u;

/* Next pseudo-random number (xorshift64*), the same on every run. */
static uint64_t next_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1du;
}

/* Run the target on an exact-size heap copy, so ASan sees over-reads. */
static void run_one(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (copy == NULL)
		abort();
	if (len > 0)
		memcpy(copy, data, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
}

/* Read a file, run it, and keep it as a seed for mutation. */
static void run_file(const char *path)
{
	uint8_t buf[GEN_MAX * 8];
	size_t len;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	run_one(buf, len);
	if (nseeds < MAX_SEEDS) {
		seeds[nseeds] = malloc(len ? len : 1);
		if (seeds[nseeds] == NULL)
			abort();
		memcpy(seeds[nseeds], buf, len);
		seed_len[nseeds++] = len;
	}
}

/* Run every regular file in dir, or path itself when it is a file. */
static int run_path(const char *path)
{
	struct stat st;
	struct dirent *de;
	char sub[4096];
	int n = 0;
	DIR *d;

	if (stat(path, &st) < 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return 1;
	}
	d = opendir(path);
	while (d != NULL && (de = readdir(d)) != NULL) {
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (stat(sub, &st) == 0 && S_ISREG(st.st_mode)) {
			run_file(sub);
			n++;
		}
	}
	if (d != NULL)
		closedir(d);
	return n;
}

/* One random byte, often one of the interesting ones. */
static uint8_t random_byte(void)
{
	uint64_t r = next_rand();

	if (r % 3 == 0)
		return interesting[(r >> 8) % sizeof(interesting)];
	if (r % 3 == 1)
		return (uint8_t)(0x20 + (r >> 8) % 0x5f);
	return (uint8_t)(r >> 8);
}

/* Fill buf with a random input; returns its length. */
static size_t random_input(uint8_t *buf)
{
	size_t len = next_rand() % GEN_MAX, i;

	for (i = 0; i < len; i++)
		buf[i] = random_byte();
	return len;
}

/* Copy a random seed into buf with a few random byte changes. */
static size_t mutated_seed(uint8_t *buf)
{
	size_t k = next_rand() % nseeds, len = seed_len[k], edits, i;

	if (len > GEN_MAX)
		len = GEN_MAX;
	memcpy(buf, seeds[k], len);
	edits = 1 + next_rand() % 4;
	for (i = 0; i < edits; i++) {
		if (len > 0 && next_rand() % 2 == 0)
			buf[next_rand() % len] = random_byte();
		else if (len < GEN_MAX)
			buf[len++] = random_byte();
	}
	if (len > 0 && next_rand() % 4 == 0)
		len = next_rand() % len;
	return len;
}

/* Feed the target the given files, then the generated inputs. */
int main(int argc, char **argv)
{
	const char *env = getenv("FUZZ_SMOKE_RUNS");
	long runs = env != NULL ? atol(env) : 5000, i;
	uint8_t buf[GEN_MAX];
	int files = 0;

	for (i = 1; i < argc; i++)
		files += run_path(argv[i]);
	for (i = 0; i < runs; i++) {
		size_t len = nseeds > 0 && i % 2 == 0 ? mutated_seed(buf) : random_input(buf);

		run_one(buf, len);
	}
	for (i = 0; i < (long)nseeds; i++)
		free(seeds[i]);
	printf("%s: %d corpus files and %ld generated inputs passed\n", argv[0], files, runs);
	return 0;
}
