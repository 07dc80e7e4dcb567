/* fuzz_jid.c - libFuzzer target: JID splitting and checks stay consistent */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "jid.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when s has no byte from set. */
static bool lacks(const char *s, const char *set)
{
	return strpbrk(s, set) == NULL;
}

/* No ASCII upper-case letter in s. */
static bool no_upper(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			return false;
	return true;
}

/* Invariants of a JID that jid_valid() accepted. */
static void check_valid(const char *jid, const char *bare, const char *domain, const char *local,
                        const char *res)
{
	char *bare2 = jid_bare(bare);

	CHECK(utf8_valid(jid, strlen(jid)));
	CHECK(domain[0] != '\0' && strlen(domain) <= 1023);
	CHECK(lacks(domain, " \t\r\n@/"));
	CHECK(jid_valid(bare));
	CHECK(jid_valid(domain));
	CHECK(strcmp(bare2, bare) == 0);
	CHECK(local == NULL || (local[0] != '\0' && strlen(local) <= 1023));
	CHECK(local == NULL || lacks(local, " \t\r\n@/\"&'<>:"));
	CHECK(res == NULL || (res[0] != '\0' && strlen(res) <= 1023));
	CHECK(res == NULL || lacks(res, "\t\r\n\x1b\x7f"));
	free(bare2);
}

/* Invariants of any string, valid JID or not. */
static void fuzz_jid(const char *jid)
{
	char *bare = jid_bare(jid), *domain = jid_domain(jid), *local = jid_local(jid);
	const char *res = jid_resource(jid);

	CHECK(bare != NULL && domain != NULL);
	CHECK(no_upper(bare) && no_upper(domain));
	CHECK(jid_bare_eq(jid, jid));
	CHECK(jid_bare_eq(jid, bare));
	CHECK(strchr(bare, '/') == NULL);
	/* The resource lies inside the JID, right after its first '/'. */
	CHECK(res == NULL ||
	      (res > jid && res[-1] == '/' && memchr(jid, '/', (size_t)(res - jid - 1)) == NULL));
	CHECK(res != NULL || strchr(jid, '/') == NULL);
	CHECK(strlen(bare) <= strlen(jid));
	if (jid_valid(jid))
		check_valid(jid, bare, domain, local, res);
	free(bare);
	free(domain);
	free(local);
}

/* Entry point: the input up to its first NUL is the JID. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	fuzz_jid(s);
	free(s);
	return 0;
}
