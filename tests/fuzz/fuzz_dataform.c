/* fuzz_dataform.c - arbitrary XML read as a XEP-0004 data form, every field
 * filled in with text from the input, and the answer built */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataform.h"
#include "xmpp_internal.h"

static xmpp_ctx_t *ctx;

/* Sends are dropped: nothing is sent here. */
static void fuzz_send(xmpp_stanza_t *st)
{
	(void)st;
}

/* One-time set-up: a context the form code can build stanzas with. */
static void fuzz_init(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	xmpp_initialize();
	ctx = xmpp_ctx_new(NULL, NULL);
	xs_test_setup(ctx, "alice@example.org/natter", fuzz_send);
}

/* Fill every field with the text of the first <answer/> or "1", then build
 * the submitted form and read its text back. */
static void fill_and_submit(struct dataform *f, const char *answer)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const char *err = NULL;
		df_field_set(&f->fields[i], answer, &err);
		free(df_field_value_text(&f->fields[i]));
		(void)df_field_name(&f->fields[i]);
	}
	(void)dataform_missing(f);
	xmpp_stanza_t *x = dataform_submit_new(f);
	char *buf;
	size_t len;
	if (xmpp_stanza_to_text(x, &buf, &len) == 0)
		xmpp_free(ctx, buf);
	xmpp_stanza_release(x);
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
	struct dataform *f = dataform_parse(st);
	if (f == NULL)
		f = dataform_find(st);
	if (f) {
		xmpp_stanza_t *a = xmpp_stanza_get_child_by_name(st, "answer");
		char *answer = a ? xmpp_stanza_get_text(a) : NULL;
		fill_and_submit(f, answer ? answer : "1");
		if (answer)
			xmpp_free(ctx, answer);
		dataform_free(f);
	}
	xmpp_stanza_release(st);
	return 0;
}
