/* fuzz_stanza.c - arbitrary XML through every stanza handler of src/xmpp */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "fuzz_dispatch.h"
#include "settings.h"
#include "timer.h"
#include "xmpp_internal.h"

static xmpp_ctx_t *ctx;

/* Sends are parsed back as text, as the stream would serialize them. */
static void fuzz_send(xmpp_stanza_t *st)
{
	char *buf;
	size_t len;
	if (xmpp_stanza_to_text(st, &buf, &len) == 0)
		xmpp_free(ctx, buf);
}

/* One-time set-up: a bound session with one contact. */
static void fuzz_init(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	xmpp_initialize();
	ctx = xmpp_ctx_new(NULL, NULL);
	xs_test_setup(ctx, "alice@example.org/natter", fuzz_send);
	roster_upsert("bob@example.org", "Bob", NULL, SUB_BOTH, false);
	const char *err;
	setting_set("scrollback", "100", &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ctx == NULL)
		fuzz_init();
	char *xml = malloc(size + 1);
	memcpy(xml, data, size);
	xml[size] = '\0';
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(ctx, xml);
	free(xml);
	if (st == NULL)
		return 0;
	fuzz_dispatch(st);
	xmpp_stanza_release(st);
	/* keep the model from growing without bound across runs */
	size_t n;
	struct conv **cv = conv_list(&n);
	while (n > 20)
		conv_close(cv[--n]);
	return 0;
}
