/* lookalike.c - names that look the same on a terminal (by their skeleton,
 * confusable.h): a contact who copies another's name is shown with its JID,
 * a room nick that passes for another is marked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "confusable.h"
#include "uitext.h"
#include "utf8.h"
#include "xmalloc.h"

/* Skeletons of all contacts' names, JIDs and JID local parts, each with the
 * number of contacts that claim it: open addressing, built once per roster
 * change of names, so a row costs one skeleton and one probe. */
struct lookalike_index {
	char **keys;
	unsigned *counts;
	const void **owners; /* the first party to claim each key */
	size_t nslots;       /* a power of two, more than twice the keys */
};

/* FNV-1a of a skeleton. */
static size_t skel_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 32));
}

/* The slot of key in ix: where it is, or the empty one where it belongs. */
static size_t index_slot(const struct lookalike_index *ix, const char *key)
{
	size_t i = skel_hash(key) & (ix->nslots - 1);
	while (ix->keys[i] && strcmp(ix->keys[i], key) != 0)
		i = (i + 1) & (ix->nslots - 1);
	return i;
}

/* Count one more party (owner) claiming key (taken over). */
static void index_claim(struct lookalike_index *ix, char *key, const void *owner)
{
	size_t i = index_slot(ix, key);
	if (ix->keys[i]) {
		free(key);
	} else {
		ix->keys[i] = key;
		ix->owners[i] = owner;
	}
	ix->counts[i]++;
}

/* The distinct non-empty skeletons contact d passes for (label, JID, local
 * part): up to 3, written to out; returns how many. Caller frees them. */
static size_t contact_skeletons(const struct contact *d, char *out[3])
{
	const char *at = strchr(d->jid, '@');
	char *local = at ? xstrndup(d->jid, (size_t)(at - d->jid)) : NULL;
	char *all[3] = {name_skeleton(contact_label(d)), name_skeleton(d->jid),
	                local ? name_skeleton(local) : NULL};
	free(local);
	size_t n = 0;
	for (size_t i = 0; i < 3; i++) {
		bool dup = all[i] == NULL || *all[i] == '\0';
		for (size_t k = 0; k < n && !dup; k++)
			dup = strcmp(out[k], all[i]) == 0;
		if (dup)
			free(all[i]);
		else
			out[n++] = all[i];
	}
	return n;
}

/* An empty index with room for about n skeletons. */
static struct lookalike_index *index_sized(size_t n)
{
	struct lookalike_index *ix = xcalloc(1, sizeof(*ix));
	ix->nslots = 16;
	while (ix->nslots < n * 2 + 1)
		ix->nslots *= 2;
	ix->keys = xcalloc(ix->nslots, sizeof(*ix->keys));
	ix->counts = xcalloc(ix->nslots, sizeof(*ix->counts));
	ix->owners = xcalloc(ix->nslots, sizeof(*ix->owners));
	return ix;
}

/* An index of n names (room nicks), each one party, owners[i] the party
 * of names[i]. Free with lookalike_index_free. */
struct lookalike_index *lookalike_index_of_names(const char *const *names,
                                                 const void *const *owners, size_t n)
{
	struct lookalike_index *ix = index_sized(n);
	for (size_t i = 0; i < n; i++) {
		char *sk = name_skeleton(names[i]);
		if (*sk)
			index_claim(ix, sk, owners[i]);
		else
			free(sk);
	}
	return ix;
}

/* The one party that passes for name, or NULL when none or several do. */
const void *lookalike_index_owner(const struct lookalike_index *ix, const char *name)
{
	char *sk = name_skeleton(name);
	const void *owner = NULL;
	if (*sk) {
		size_t i = index_slot(ix, sk);
		owner = ix->keys[i] && ix->counts[i] == 1 ? ix->owners[i] : NULL;
	}
	free(sk);
	return owner;
}

/* How many indexed parties pass for name. */
unsigned lookalike_index_count(const struct lookalike_index *ix, const char *name)
{
	char *sk = name_skeleton(name);
	unsigned n = 0;
	if (*sk) {
		size_t i = index_slot(ix, sk);
		n = ix->keys[i] ? ix->counts[i] : 0;
	}
	free(sk);
	return n;
}

/* True when name (one of those indexed) looks like another indexed name. */
bool lookalike_index_name_shared(const struct lookalike_index *ix, const char *name)
{
	return lookalike_index_count(ix, name) >= 2;
}

/* An index of what the n contacts of items pass for. Free with lookalike_index_free. */
struct lookalike_index *lookalike_index_new(const struct contact *const *items, size_t n)
{
	struct lookalike_index *ix = index_sized(n * 3);
	for (size_t i = 0; i < n; i++) {
		char *sk[3];
		size_t k = contact_skeletons(items[i], sk);
		for (size_t j = 0; j < k; j++)
			index_claim(ix, sk[j], items[i]);
	}
	return ix;
}

/* Free an index (NULL is fine). */
void lookalike_index_free(struct lookalike_index *ix)
{
	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->nslots; i++)
		free(ix->keys[i]);
	free(ix->keys);
	free(ix->counts);
	free(ix->owners);
	free(ix);
}

/* True when c (one of the contacts ix was built from) shows a name that
 * another contact also passes for. */
bool lookalike_index_has(const struct lookalike_index *ix, const struct contact *c)
{
	const char *label = contact_label(c);
	if (strcmp(label, c->jid) == 0)
		return false; /* the JID itself is shown */
	char *sk = name_skeleton(label);
	bool other = false;
	if (*sk) {
		size_t i = index_slot(ix, sk);
		/* c claims its own label's skeleton once; any more is someone else */
		other = ix->keys[i] != NULL && ix->counts[i] >= 2;
	}
	free(sk);
	return other;
}

/* True when contact c's shown name could be taken for another contact of
 * items, so its JID must be shown next to it. */
bool contact_is_lookalike(const struct contact *c, const struct contact *const *items, size_t n)
{
	struct lookalike_index *ix = lookalike_index_new(items, n);
	bool found = lookalike_index_has(ix, c);
	lookalike_index_free(ix);
	return found;
}
