/* rostercache.h - the roster kept in the history database between runs
 * (RFC 6121 2.6 roster versioning, XEP-0237): shown at start-up before any
 * network, refreshed at login */
#ifndef NATTER_ROSTERCACHE_H
#define NATTER_ROSTERCACHE_H

#include <stdbool.h>

#define ROSTERCACHE_VER_MAX 1024 /* bytes of a roster version worth keeping */

/* Put every cached item into an empty roster model (contacts offline);
 * items with invalid JIDs are skipped. Called once the history is open. */
void rostercache_load(void);
/* The cached roster version, or NULL (none, unusable, or no history).
 * Caller frees. */
char *rostercache_ver(void);
/* True when ver may be kept and sent back: at most ROSTERCACHE_VER_MAX
 * bytes of UTF-8 that XML allows. */
bool rostercache_ver_ok(const char *ver);
/* A full roster was applied: the cache becomes the model's roster, with
 * version ver (NULL: none, the next login asks for everything). */
void rostercache_save_all(const char *ver);
/* A push for jid was applied: the cache follows the model's item (deleted
 * when the model has none) and keeps version ver (NULL: none). After a lost
 * write it writes the whole roster instead, so cache and version match. */
void rostercache_save_item(const char *jid, const char *ver);
/* Writes of the cache may have been lost (a history batch rolled back):
 * the next save writes the whole roster. */
void rostercache_lost(void);

#endif
