/* cmd_roomconfig.c - /roomconfig [show | FIELD=VALUE...]: change a room's
 * configuration (muc#owner), walking its form on the input line or setting
 * fields directly */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "core.h"
#include "dataform.h"
#include "handlers.h"
#include "room.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

/* The prefix of the standard field names, which may be left out. */
#define ROOMCONFIG_PREFIX "muc#roomconfig_"

enum config_mode { CONFIG_WALK, CONFIG_SHOW, CONFIG_SET };

/* One /roomconfig from request to submission. */
struct config_op {
	char *room;
	enum config_mode mode;
	char **assign; /* FIELD=VALUE words (CONFIG_SET) */
	struct dataform *form;
};

/* Free a config operation. */
static void config_op_free(struct config_op *op)
{
	free(op->room);
	strv_free(op->assign);
	dataform_free(op->form);
	free(op);
}

/* The conversation of room jid (the console when it has none). */
static struct conv *config_conv(const char *jid)
{
	struct room *r = room_find(jid);
	return r ? r->conv : NULL;
}

/* The field that name stands for: its var, its var without the standard
 * prefix, or its label (any case). NULL when none. */
static struct df_field *roomconfig_field(const struct dataform *f, const char *name)
{
	for (size_t i = 0; i < f->nfields; i++) {
		struct df_field *fl = &f->fields[i];
		if (fl->var == NULL || !df_field_askable(fl))
			continue;
		if (strcmp(fl->var, name) == 0)
			return fl;
		if (strncmp(fl->var, ROOMCONFIG_PREFIX, strlen(ROOMCONFIG_PREFIX)) == 0 &&
		    strcasecmp(fl->var + strlen(ROOMCONFIG_PREFIX), name) == 0)
			return fl;
	}
	for (size_t i = 0; i < f->nfields; i++) {
		struct df_field *fl = &f->fields[i];
		if (fl->var && df_field_askable(fl) && fl->label &&
		    strcasecmp(fl->label, name) == 0)
			return fl;
	}
	return NULL;
}

/* Apply FIELD=VALUE words to f; 0, or -1 after saying which one failed. */
static int roomconfig_assign(struct dataform *f, char *const *assign, struct conv *cv)
{
	for (size_t i = 0; assign && assign[i]; i++) {
		const char *eq = strchr(assign[i], '=');
		if (eq == NULL || eq == assign[i]) {
			core_notice(cv, LEVEL_ERROR, "not FIELD=VALUE: %s", assign[i]);
			return -1;
		}
		char *name = xstrndup(assign[i], (size_t)(eq - assign[i]));
		struct df_field *fl = roomconfig_field(f, name);
		const char *err = NULL;
		if (fl == NULL)
			core_notice(cv, LEVEL_ERROR,
			            "the room has no setting %s (see /roomconfig show)", name);
		else if (df_field_set(fl, eq + 1, &err) != 0)
			core_notice(cv, LEVEL_ERROR, "%s: %s", name, err);
		free(name);
		if (fl == NULL || err)
			return -1;
	}
	return 0;
}

/* Print the form's fields as var=value lines. */
static void config_show(const struct dataform *f, struct conv *cv)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const struct df_field *fl = &f->fields[i];
		if (fl->var == NULL || !df_field_askable(fl))
			continue;
		char *v = df_field_value_text(fl);
		core_notice(cv, LEVEL_INFO, "  %s=%s%s%s%s", fl->var, v, fl->label ? "  (" : "",
		            fl->label ? fl->label : "", fl->label ? ")" : "");
		free(v);
	}
	if (f->dropped)
		core_notice(cv, LEVEL_INFO, "  (%zu more items were left out)", f->dropped);
}

/* The room's answer to the submitted configuration. */
static void config_submitted(const char *error, void *arg)
{
	char *room = arg;
	if (error)
		core_notice(config_conv(room), LEVEL_ERROR,
		            "the configuration of %s was not changed: %s", room, error);
	else
		core_notice(config_conv(room), LEVEL_INFO, "the configuration of %s is saved",
		            room);
	free(room);
}

/* Send the filled-in form and forget the operation. */
static void config_submit(struct config_op *op)
{
	if (core_conn_state() != CONN_ONLINE)
		core_notice(config_conv(op->room), LEVEL_ERROR,
		            "not connected: nothing was changed");
	else
		xmuc_config_submit(op->room, op->form, config_submitted, xstrdup(op->room));
	config_op_free(op);
}

/* The walk over the form ended. */
static void config_walked(enum form_result res, void *arg)
{
	struct config_op *op = arg;
	if (res == FORM_DONE) {
		config_submit(op);
		return;
	}
	core_notice(config_conv(op->room), LEVEL_INFO, "the configuration of %s was not changed",
	            op->room);
	if (core_conn_state() == CONN_ONLINE)
		xmuc_config_cancel(op->room);
	config_op_free(op);
}

/* The room's configuration form arrived (or an error). */
static void config_form(struct dataform *f, const char *error, void *arg)
{
	struct config_op *op = arg;
	struct conv *cv = config_conv(op->room);
	op->form = f;
	if (error) {
		core_notice(cv, LEVEL_ERROR, "could not get the configuration of %s: %s", op->room,
		            error);
	} else if (op->mode == CONFIG_SHOW) {
		core_notice(cv, LEVEL_INFO, "configuration of %s:", op->room);
		config_show(f, cv);
	} else if (op->mode == CONFIG_SET) {
		if (roomconfig_assign(f, op->assign, cv) == 0) {
			config_submit(op);
			return;
		}
		xmuc_config_cancel(op->room);
	} else {
		core_ask_form(f, NULL, config_walked, op);
		return;
	}
	config_op_free(op);
}

/* /roomconfig [show | FIELD=VALUE...]. */
int cmd_exec_roomconfig(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct room *r = cmd_room_here(ctx);
	if (r == NULL)
		return -1;
	struct config_op *op = xcalloc(1, sizeof(*op));
	op->room = xstrdup(r->jid);
	if (argc == 1 && strcmp(argv[0], "show") == 0) {
		op->mode = CONFIG_SHOW;
	} else if (argc > 0) {
		op->mode = CONFIG_SET;
		op->assign = xcalloc((size_t)argc + 1, sizeof(char *));
		for (int i = 0; i < argc; i++)
			op->assign[i] = xstrdup(argv[i]);
	}
	xmuc_config_fetch(r->jid, config_form, op);
	return 0;
}
