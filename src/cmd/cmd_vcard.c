/* cmd_vcard.c - /vcard: show our own vCard, or change one of its fields
 * (and with nickname also our XEP-0172 nickname) */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core.h"
#include "handlers.h"
#include "sanitize.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* Longest value /vcard set accepts. */
#define VCARD_SET_MAX 4000

/* A /vcard set waiting for the server. */
struct vcard_cmd {
	char *field;
	bool cleared;
};

/* True when online; otherwise says so. */
static bool need_online(struct cmd_ctx *ctx)
{
	if (core_conn_state() == CONN_ONLINE)
		return true;
	cmd_error(ctx, "not connected");
	return false;
}

/* Our vCard arrived for /vcard. */
static void vcard_shown(const struct xvcard *v, const char *error, void *arg)
{
	(void)arg;
	if (v == NULL) {
		core_error("cannot read your vCard: %s", error ? error : XQ_LOST);
		return;
	}
	if (v->n == 0)
		core_info("your vCard is empty (/vcard set FIELD VALUE fills it)");
	else
		core_info("your vCard:");
	for (size_t i = 0; i < v->n; i++)
		core_info("  %s: %s", v->fields[i].label, v->fields[i].value);
	if (v->truncated)
		core_info("  (more fields not shown)");
}

/* The vCard was published (or not). */
static void vcard_published(const char *error, void *arg)
{
	struct vcard_cmd *vc = arg;
	if (error)
		core_error("could not publish your vCard: %s", error);
	else
		core_info("vCard published: %s %s", vc->field, vc->cleared ? "removed" : "set");
	free(vc->field);
	free(vc);
}

/* The nickname was published through PEP (or not). */
static void nick_published(const char *error, void *arg)
{
	(void)arg;
	if (error)
		core_error("could not publish your nickname (XEP-0172): %s", error);
	else
		core_info("nickname published to your contacts (XEP-0172)");
}

/* True when field is one /vcard set knows. */
static bool field_known(const char *field)
{
	for (size_t i = 0; xvcard_fields[i]; i++)
		if (strcasecmp(field, xvcard_fields[i]) == 0)
			return true;
	return false;
}

/* /vcard set FIELD [VALUE]. */
static int vcard_set(struct cmd_ctx *ctx, const char *field, const char *value)
{
	const char *why;
	if (!field_known(field)) {
		cmd_error(ctx,
		          "unknown vCard field %s (fields: bday desc email fn nickname note org "
		          "role tel title url)",
		          field);
		return -1;
	}
	if (!sanitize_check_outgoing(value, &why)) {
		cmd_error(ctx, "cannot send that: %s", why);
		return -1;
	}
	if (strlen(value) > VCARD_SET_MAX) {
		cmd_error(ctx, "that value is too long (at most %d bytes)", VCARD_SET_MAX);
		return -1;
	}
	if (!need_online(ctx))
		return -1;
	struct vcard_cmd *vc = xmalloc(sizeof(*vc));
	vc->field = xstrdup(field);
	for (char *p = vc->field; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	vc->cleared = *value == '\0';
	bool nick = strcmp(vc->field, "nickname") == 0;
	xvcard_set(vc->field, value, vcard_published, vc);
	if (nick)
		xnick_publish(value, nick_published, NULL);
	return 0;
}

/* /vcard [set FIELD [VALUE]]. */
int cmd_exec_vcard(struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc == 0) {
		if (!need_online(ctx))
			return -1;
		xvcard_query(NULL, vcard_shown, NULL);
		return 0;
	}
	if (strcmp(argv[0], "set") != 0 || argc < 2) {
		cmd_error(ctx, "usage: /vcard [set FIELD [VALUE]]");
		return -1;
	}
	return vcard_set(ctx, argv[1], argc > 2 ? argv[2] : "");
}

/* Complete /vcard's "set" and then the field names. */
char **cmd_complete_vcard(int argi, const char *prefix)
{
	struct cands c = {NULL, 0, 0};
	if (argi == 0)
		cands_add(&c, "set", prefix);
	for (size_t i = 0; argi == 1 && xvcard_fields[i]; i++)
		cands_add(&c, xvcard_fields[i], prefix);
	return cands_finish(&c);
}
