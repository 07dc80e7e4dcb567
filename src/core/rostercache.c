/* rostercache.c - the roster kept in the history database between runs:
 * shown at start-up before any network, refreshed at login (RFC 6121 2.6) */
#include <stdlib.h>
#include <string.h>

#include "core_internal.h"
#include "jid.h"
#include "log.h"
#include "roster.h"
#include "rostercache.h"
#include "sanitize.h"
#include "store.h"
#include "util.h"
#include "xmalloc.h"

/* Bounds on what a damaged or edited cache may hand us, as for the network. */
#define CACHE_TEXT_MAX   1024
#define CACHE_GROUPS_MAX 64

/* A cache write was lost: the cache and its version may no longer match,
 * so the next save writes the whole roster instead of one item. */
static bool behind;

/* Sanitized copies of at most CACHE_GROUPS_MAX groups. Caller frees. */
static char **groups_clean(char *const *groups)
{
	size_t n = groups ? strv_len(groups) : 0;
	if (n > CACHE_GROUPS_MAX)
		n = CACHE_GROUPS_MAX;
	char **v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = sanitize(groups[i], strlen(groups[i]), SANITIZE_LINE, CACHE_TEXT_MAX);
	return v;
}

/* Put one cached item into the model; a row the file should not hold
 * (no or an invalid bare JID) is counted in *skipped instead. */
static void load_item(const struct store_roster_item *it, void *arg)
{
	size_t *skipped = arg;
	if (it->jid == NULL || !jid_valid(it->jid) || jid_resource(it->jid)) {
		(*skipped)++;
		return;
	}
	char *jid = sanitize_str(it->jid, SANITIZE_LINE);
	char *name =
	    it->name ? sanitize(it->name, strlen(it->name), SANITIZE_LINE, CACHE_TEXT_MAX) : NULL;
	char **groups = groups_clean(it->groups);
	enum subscription sub = it->sub >= SUB_NONE && it->sub <= SUB_BOTH ? it->sub : SUB_NONE;
	roster_upsert(jid, name, groups, sub, it->ask);
	strv_free(groups);
	free(name);
	free(jid);
}

/* Show the cached roster (only into an empty model: a roster the server
 * already sent is newer). */
void rostercache_load(void)
{
	size_t n, skipped = 0;
	roster_items(&n);
	if (n > 0 || !store_ready())
		return;
	if (store_roster_load(load_item, &skipped) < 0)
		log_debug("roster cache: not read: %s", store_error());
	if (skipped > 0)
		log_debug("roster cache: skipped %zu items with invalid JIDs", skipped);
}

/* True when ver is short, valid UTF-8 and allowed in XML. */
bool rostercache_ver_ok(const char *ver)
{
	return ver && strnlen(ver, ROSTERCACHE_VER_MAX + 1) <= ROSTERCACHE_VER_MAX &&
	       sanitize_check_outgoing(ver, NULL);
}

/* The cached roster version, when it can be sent back. */
char *rostercache_ver(void)
{
	char *ver = store_ready() ? store_roster_ver() : NULL;
	if (ver && !rostercache_ver_ok(ver)) {
		log_debug("roster cache: ignored an unusable stored roster version");
		free(ver);
		ver = NULL;
	}
	return ver;
}

/* The cache row of contact c (pointing into c). */
static struct store_roster_item item_of(const struct contact *c)
{
	return (struct store_roster_item){
	    .jid = c->jid, .name = c->name, .groups = c->groups, .sub = c->sub, .ask = c->ask};
}

/* Write the model's roster as the cache, with version ver. */
void rostercache_save_all(const char *ver)
{
	if (!store_ready())
		return;
	size_t n, k = 0;
	struct contact **c = roster_items(&n);
	struct store_roster_item *v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		if (c[i]->in_roster)
			v[k++] = item_of(c[i]);
	behind = store_roster_replace(v, k, ver) < 0;
	if (behind)
		history_trouble("cannot save the roster");
	free(v);
}

/* Write jid's item as the model has it (or delete it), with version ver. */
void rostercache_save_item(const char *jid, const char *ver)
{
	if (!store_ready() || jid == NULL)
		return;
	if (behind) {
		rostercache_save_all(ver);
		return;
	}
	struct contact *c = roster_find(jid);
	int rc;
	if (c && c->in_roster) {
		struct store_roster_item it = item_of(c);
		rc = store_roster_put(&it, ver);
	} else {
		char *bare = jid_bare(jid);
		rc = store_roster_delete(bare, ver);
		free(bare);
	}
	if (rc < 0) {
		behind = true;
		history_trouble("cannot save the roster");
	}
}

/* A history batch that may have held cache writes was rolled back. */
void rostercache_lost(void)
{
	behind = true;
}
