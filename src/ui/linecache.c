/* linecache.c - what each line of a pane shows, so that a redraw touches
 * only the lines whose content changed (roster and occupants panes) */
#include <stdlib.h>
#include <string.h>

#include "uipriv.h"
#include "xmalloc.h"

/* Forget what the lines show: all are drawn next time. */
void linecache_forget(struct linecache *lc)
{
	for (int i = 0; i < lc->height; i++)
		free(lc->keys[i]);
	free(lc->keys);
	lc->keys = NULL;
	lc->height = lc->width = 0;
}

/* Fit the cache to a height x width window; a new, resized or touched window
 * is erased and drawn in full. */
void linecache_fit(struct linecache *lc, WINDOW *w, int height, int width)
{
	if (lc->keys && lc->height == height && lc->width == width && !is_wintouched(w))
		return;
	linecache_forget(lc);
	lc->keys = xcalloc((size_t)height, sizeof(*lc->keys));
	lc->height = height;
	lc->width = width;
	werase(w);
}

/* True when line y must be drawn because it is to show key (which is taken
 * either way) instead of what it shows now. */
bool linecache_changed(struct linecache *lc, int y, char *key)
{
	if (lc->keys[y] && strcmp(lc->keys[y], key) == 0) {
		free(key);
		return false;
	}
	free(lc->keys[y]);
	lc->keys[y] = key;
	return true;
}
