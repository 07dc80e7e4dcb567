/* fuzz_dispatch.h - hand a parsed stanza to the handler its top element
 * names, as libstrophe's handlers would (shared by the stanza targets). */
#ifndef NATTER_FUZZ_DISPATCH_H
#define NATTER_FUZZ_DISPATCH_H

#include <string.h>

#include "xmpp_internal.h"

/* Give st to xh_message, xh_presence or (anything else) xh_iq. */
static inline void fuzz_dispatch(xmpp_stanza_t *st)
{
	const char *name = xmpp_stanza_get_name(st);
	if (name && strcmp(name, "message") == 0)
		xh_message(NULL, st, NULL);
	else if (name && strcmp(name, "presence") == 0)
		xh_presence(NULL, st, NULL);
	else
		xh_iq(NULL, st, NULL);
}

#endif
