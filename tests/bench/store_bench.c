/* store_bench.c - how fast the history database searches and pages.
 *
 * Fills a temporary database with STORE_BENCH_N messages (default 100000)
 * of random text over 50 conversations, then times store_search for a
 * common word, a rare word, two words and an absent word (median of 20
 * runs each, everywhere and in one conversation) and store_page, and
 * prints the figures and the database size. First, on the fresh database,
 * the CPU a burst of STORE_BENCH_BURST (default 20000) messages costs the
 * history alone, committed as natter commits a burst. Filling stops early after
 * STORE_BENCH_MAX_SECONDS (default 900) so a slow machine still finishes.
 * Figures only: nothing here asserts on speed. Built and run by
 * tests/bench/run (`make bench`). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../src/store/storepriv.h"
#include "store.h"
#include "strbuf.h"
#include "xmalloc.h"

#define CONVS       50
#define BATCH       5000
#define RUNS        20
#define HITS        50
#define PAGE        50
#define VOCABULARY  20000
#define BURST_BATCH 16 /* messages per transaction in a burst (one 4 KiB read) */

/* Everyday words, most frequent first (rank decides frequency). */
static const char *const common_words[] = {
    "the",    "I",      "to",     "you",    "a",           "and",      "it",      "is",    "that",
    "of",     "in",     "for",    "on",     "we",          "have",     "be",      "this",  "with",
    "not",    "are",    "just",   "so",     "but",         "do",       "can",     "what",  "at",
    "was",    "if",     "me",     "my",     "ok",          "yes",      "no",      "will",  "get",
    "all",    "there",  "think",  "know",   "about",       "like",     "good",    "out",   "now",
    "one",    "they",   "time",   "up",     "going",       "see",      "would",   "how",   "then",
    "later",  "today",  "thanks", "work",   "need",        "tomorrow", "meeting", "lunch", "call",
    "back",   "home",   "code",   "server", "build",       "test",     "release", "bug",   "fix",
    "review", "branch", "merge",  "deploy", "coffee",      "weekend",  "train",   "late",  "sorry",
    "sure",   "great",  "nice",   "maybe",  "problem",     "question", "idea",    "café",  "über",
    "naïve",  "résumé", "piñata", "straße", "smörgåsbord",
};

/* The word only a few messages hold, and one no message holds. */
#define RARE_WORD   "zanzibar"
#define RARE_EVERY  10000
#define ABSENT_WORD "xylophonist"

static const char *vocab[VOCABULARY];
static double cumulative[VOCABULARY];
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

/* A pseudo-random 64-bit number (xorshift64*: reproducible runs). */
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* A pseudo-random number in [0, n). */
static unsigned rng_below(unsigned n)
{
	return (unsigned)(rng() % n);
}

/* A made-up word of 2 to 4 syllables for the vocabulary's long tail. Caller frees. */
static char *made_up_word(void)
{
	static const char *const syllables[] = {"ka",  "lo",  "mi", "ren", "tas", "vo",  "zu",
	                                        "bri", "del", "fa", "gor", "hun", "pel", "qui",
	                                        "sto", "wen", "ya", "nor", "tri", "ble"};
	struct strbuf sb = STRBUF_INIT;
	unsigned n = 2 + rng_below(3);

	for (unsigned i = 0; i < n; i++)
		strbuf_adds(&sb, syllables[rng_below(20)]);
	return strbuf_detach(&sb);
}

/* Build the vocabulary and its Zipf distribution (weight 1/rank). */
static void vocab_init(void)
{
	size_t ncommon = sizeof(common_words) / sizeof(common_words[0]);
	double total = 0;

	for (size_t i = 0; i < VOCABULARY; i++) {
		vocab[i] = i < ncommon ? xstrdup(common_words[i]) : made_up_word();
		total += 1.0 / (double)(i + 1);
		cumulative[i] = total;
	}
	for (size_t i = 0; i < VOCABULARY; i++)
		cumulative[i] /= total;
}

/* Free the vocabulary. */
static void vocab_free(void)
{
	for (size_t i = 0; i < VOCABULARY; i++)
		free((char *)vocab[i]);
}

/* A word drawn from the Zipf distribution. */
static const char *random_word(void)
{
	double u = (double)(rng() >> 11) / 9007199254740992.0;
	size_t lo = 0, hi = VOCABULARY - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cumulative[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return vocab[lo];
}

/* A message body of 2 to 25 words, sometimes with the rare word. Caller frees. */
static char *random_body(size_t i)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned n = 2 + rng_below(24);

	for (unsigned w = 0; w < n; w++) {
		if (w > 0)
			strbuf_addch(&sb, rng_below(12) == 0 ? '\n' : ' ');
		strbuf_adds(&sb, random_word());
	}
	if (i % RARE_EVERY == RARE_EVERY / 2)
		strbuf_adds(&sb, " " RARE_WORD);
	return strbuf_detach(&sb);
}

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run sql on the store's connection (transactions around batches). */
static void exec(const char *sql)
{
	if (sqlite3_exec(store_db(), sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "store_bench: %s: %s\n", sql, sqlite3_errmsg(store_db()));
		exit(1);
	}
}

/* Store message number i (a month of chat, mostly in time order). */
static void add_one(size_t i, time_t start)
{
	char conv[64], id[32], sid[32];
	struct store_msg m = {0};

	snprintf(conv, sizeof(conv), "contact%02u@example.org", rng_below(CONVS));
	snprintf(id, sizeof(id), "m%zu", i);
	snprintf(sid, sizeof(sid), "s%zu", i);
	m.conv = conv;
	/* one message every 3 s, some arriving late (archive catch-up) */
	m.ts = start + (time_t)(i * 3) - (rng_below(50) == 0 ? (time_t)rng_below(86400) : 0);
	m.dir = rng_below(2) ? MSG_IN : MSG_OUT;
	m.sender = m.dir == MSG_OUT ? "me" : conv;
	m.body = random_body(i);
	m.id = id;
	m.stanza_id = sid;
	m.state = m.dir == MSG_OUT ? MSG_DELIVERED : MSG_STATE_NONE;
	if (store_add(&m) <= 0) {
		fprintf(stderr, "store_bench: store_add: %s\n", store_error());
		exit(1);
	}
	free(m.body);
}

/* Fill the store with up to n messages in transactions of BATCH, stopping
 * after max_seconds. Returns how many were stored. */
static size_t fill(size_t n, double max_seconds)
{
	time_t start = time(NULL) - (time_t)(n * 3);
	double t0 = now();
	size_t i = 0;

	while (i < n && now() - t0 < max_seconds) {
		exec("BEGIN");
		for (size_t end = i + BATCH; i < n && i < end; i++)
			add_one(i, start);
		exec("COMMIT");
	}
	printf("fill: %zu messages in %.1f s (%.0f messages/s)\n", i, now() - t0,
	       (double)i / (now() - t0));
	return i;
}

/* Comparison of doubles for qsort. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of RUNS timings, in milliseconds. */
static double median_ms(double *t)
{
	qsort(t, RUNS, sizeof(*t), cmp_double);
	return (t[RUNS / 2 - 1] + t[RUNS / 2]) / 2 * 1000;
}

/* Time a search RUNS times and print the median. */
static void bench_search(const char *label, const char *conv, const char *query)
{
	struct store_hit *hits;
	double t[RUNS];
	size_t n = 0;

	for (int r = 0; r < RUNS; r++) {
		double t0 = now();

		n = store_search(conv, query, HITS, &hits);
		t[r] = now() - t0;
		store_hits_free(hits, n);
	}
	printf("search %-28s %-9s %3zu hits  median %8.2f ms\n", label, conv ? "one conv" : "all",
	       n, median_ms(t));
}

/* Time paging through one conversation: the newest page, and a page from
 * the middle (keyset, so it should cost the same). */
static void bench_page(const char *conv)
{
	struct store_msg **v;
	double newest[RUNS], middle[RUNS];
	int64_t mid_rowid = 0;
	size_t n, pages = 0, total = 0;
	double t0 = now();

	/* walk the whole conversation backwards to find a rowid in the middle */
	for (int64_t before = 0;; pages++) {
		n = store_page(conv, before, PAGE, &v);
		if (n == 0)
			break;
		total += n;
		before = v[0]->rowid;
		if (pages == 0 || total < 2000)
			mid_rowid = before;
		store_msgs_free(v, n);
	}
	printf("page  walk of %s: %zu messages in %zu pages of %d, %.1f ms (%.3f ms/page)\n", conv,
	       total, pages, PAGE, (now() - t0) * 1000, (now() - t0) * 1000 / (double)pages);
	for (int r = 0; r < RUNS; r++) {
		t0 = now();
		n = store_page(conv, 0, PAGE, &v);
		newest[r] = now() - t0;
		store_msgs_free(v, n);
		t0 = now();
		n = store_page(conv, mid_rowid, PAGE, &v);
		middle[r] = now() - t0;
		store_msgs_free(v, n);
	}
	printf("page  newest %d: median %.3f ms; %d deep: median %.3f ms\n", PAGE,
	       median_ms(newest), PAGE, median_ms(middle));
}

/* Time single store_add calls outside a transaction, as the client makes
 * them for each message (each one a commit). */
static void bench_add(size_t next)
{
	time_t start = time(NULL);
	double t[RUNS];

	for (int r = 0; r < RUNS; r++) {
		double t0 = now();

		add_one(next + (size_t)r, start);
		t[r] = now() - t0;
	}
	printf("add   one message, own commit: median %.3f ms\n", median_ms(t));
}

/* Size of a file in bytes (0 when missing). */
static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* Print the database's size, after a checkpoint so the WAL is folded in. */
static void report_size(const char *dir, size_t n)
{
	char *db = xasprintf("%s/history.db", dir), *wal = xasprintf("%s/history.db-wal", dir);
	long long size;

	sqlite3_wal_checkpoint_v2(store_db(), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	size = file_size(db) + file_size(wal);
	printf("size: %.1f MB for %zu messages (%.0f bytes/message)\n", (double)size / 1e6, n,
	       n ? (double)size / (double)n : 0.0);
	free(db);
	free(wal);
}

/* Remove the benchmark's files. */
static void cleanup(const char *top, const char *dir)
{
	static const char *const names[] = {"history.db", "history.db-wal", "history.db-shm"};

	for (size_t i = 0; i < 3; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);

		unlink(p);
		free(p);
	}
	rmdir(dir);
	rmdir(top);
}

/* An unsigned number from the environment, or def. */
static double env_number(const char *name, double def)
{
	const char *v = getenv(name);

	return v && *v ? strtod(v, NULL) : def;
}

/* Time every search and page figure. */
static void run_queries(void)
{
	const char *conv = "contact07@example.org";

	bench_search("common word 'the'", NULL, "the");
	bench_search("common word 'the'", conv, "the");
	bench_search("mid word 'coffee'", NULL, "coffee");
	bench_search("rare word '" RARE_WORD "'", NULL, RARE_WORD);
	bench_search("rare word '" RARE_WORD "'", conv, RARE_WORD);
	bench_search("two words 'meeting tomorrow'", NULL, "meeting tomorrow");
	bench_search("two words 'meeting tomorrow'", conv, "meeting tomorrow");
	bench_search("diacritics 'cafe'", NULL, "cafe");
	bench_search("absent word '" ABSENT_WORD "'", NULL, ABSENT_WORD);
	bench_page(conv);
}

/* CPU seconds this process has used. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What storing a burst costs natter's history alone: n one-to-one
 * messages like the burst bench's ("burst N", one sender, ids and no
 * stanza-ids), in transactions of BURST_BATCH as natter commits them (one
 * per read of at most 4 KiB from the server), on a fresh database. */
static void bench_burst(size_t n)
{
	time_t start = time(NULL);
	double c0 = cpu_now(), t0 = now();

	for (size_t i = 0; i < n;) {
		exec("BEGIN");
		for (size_t end = i + BURST_BATCH; i < n && i < end; i++) {
			char id[32], body[32];
			struct store_msg m = {0};

			snprintf(id, sizeof(id), "b%zu", i);
			snprintf(body, sizeof(body), "burst %zu", i);
			m.conv = "sender@example.org";
			m.ts = start;
			m.dir = MSG_IN;
			m.sender = m.conv;
			m.body = body;
			m.id = id;
			if (store_add(&m) <= 0) {
				fprintf(stderr, "store_bench: store_add: %s\n", store_error());
				exit(1);
			}
		}
		exec("COMMIT");
	}
	printf("burst: %zu messages in transactions of %d: cpu %.3f s wall %.3f s\n", n,
	       BURST_BATCH, cpu_now() - c0, now() - t0);
}

/* Fill a temporary history, time it, report, clean up. */
int main(void)
{
	size_t n = (size_t)env_number("STORE_BENCH_N", 100000);
	double max_seconds = env_number("STORE_BENCH_MAX_SECONDS", 900);
	const char *tmp = getenv("TMPDIR");
	char *top = xasprintf("%s/natter-store-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char *dir;

	if (mkdtemp(top) == NULL) {
		perror("store_bench: mkdtemp");
		return 1;
	}
	dir = xasprintf("%s/acct", top);
	if (store_open(dir) < 0) {
		fprintf(stderr, "store_bench: %s\n", store_error());
		return 1;
	}
	printf("store bench: SQLite %s, %zu messages over %d conversations, search limit %d\n",
	       sqlite3_libversion(), n, CONVS, HITS);
	vocab_init();
	bench_burst((size_t)env_number("STORE_BENCH_BURST", 20000));
	n = fill(n, max_seconds);
	report_size(dir, n);
	run_queries();
	bench_add(n);
	store_close();
	vocab_free();
	cleanup(top, dir);
	free(dir);
	free(top);
	return 0;
}
