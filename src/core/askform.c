/* askform.c - asking the fields of a data form one at a time on the input
 * line, with the form's words shown in the console */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "dataform.h"
#include "sanitize.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"

/* Choices listed before a question; more are summed up in one line. */
#define CHOICES_SHOWN 30

struct walk {
	struct dataform *f;
	char **preset; /* vars not to ask */
	size_t next;   /* index of the next field to look at */
	size_t asking; /* index of the field being asked */
	form_fn done;
	void *arg;
};

/* True when var is one of the preset fields. */
static bool is_preset(const struct walk *w, const char *var)
{
	for (size_t i = 0; var && w->preset && w->preset[i]; i++)
		if (strcmp(w->preset[i], var) == 0)
			return true;
	return false;
}

/* End the walk and say how. */
static void walk_end(struct walk *w, enum form_result r)
{
	form_fn done = w->done;
	void *arg = w->arg;
	strv_free(w->preset);
	free(w);
	done(r, arg);
}

/* Print multi-line text as console lines with an indent. */
static void print_lines(const char *indent, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		if (n > 0)
			core_info("%s%.*s", indent, (int)n, p);
		p += n;
		if (*p)
			p++;
	}
}

/* The form's title and instructions. */
static void show_header(const struct dataform *f)
{
	if (f->title && *f->title)
		core_info("%s", f->title);
	for (size_t i = 0; f->instructions[i]; i++)
		print_lines("  ", f->instructions[i]);
	if (f->dropped)
		core_info("  (the form was too large: %zu parts of it were left out)", f->dropped);
}

/* List a choice field's options, numbered. */
static void show_choices(const struct df_field *fl)
{
	size_t n = fl->noptions < CHOICES_SHOWN ? fl->noptions : CHOICES_SHOWN;
	for (size_t i = 0; i < n; i++) {
		const struct df_option *o = &fl->options[i];
		if (o->label && strcmp(o->label, o->value) != 0)
			core_info("    %zu) %s [%s]", i + 1, o->label, o->value);
		else
			core_info("    %zu) %s", i + 1, o->value);
	}
	if (fl->noptions > n)
		core_info("    … and %zu more (type a value or a number)", fl->noptions - n);
	if (fl->type == DF_LIST_MULTI)
		core_info("    (several: separate them with commas)");
}

/* True when uri is a web address a browser can open. */
static bool is_web(const char *uri)
{
	return str_prefix(uri, "https://") || str_prefix(uri, "http://");
}

/* True when one of the field's pictures or sounds has a web address (else
 * its data is inside the stanza, which a terminal cannot show). */
static bool has_web_media(const struct df_field *fl)
{
	for (size_t i = 0; i < fl->nmedia; i++)
		if (is_web(fl->media[i].uri))
			return true;
	return false;
}

/* Say where to see the field's pictures or sounds. */
static void show_media(const struct df_field *fl)
{
	bool any = false;
	for (size_t i = 0; i < fl->nmedia; i++) {
		if (!is_web(fl->media[i].uri))
			continue;
		if (!any)
			core_info(
			    "  This question comes with a %s: open this address in a web browser "
			    "to see it, then type the answer here:",
			    fl->media[i].type && str_prefix(fl->media[i].type, "audio/")
			        ? "sound"
			        : "picture");
		core_info("    %s", fl->media[i].uri);
		any = true;
	}
}

/* Describe the field before asking it. */
static void show_field(const struct df_field *fl)
{
	core_info("%s%s", df_field_name(fl), fl->required ? " (required)" : " (optional)");
	if (fl->desc && *fl->desc)
		print_lines("  ", fl->desc);
	if (fl->type == DF_BOOLEAN)
		core_info("  (answer y or n)");
	else if (fl->type == DF_JID_MULTI)
		core_info("  (JIDs, separated by commas)");
	if (fl->type == DF_LIST_SINGLE || fl->type == DF_LIST_MULTI)
		show_choices(fl);
	show_media(fl);
}

/* The prompt for fl: "Name: " or "Name [current value]: ". Caller frees. */
static char *field_prompt(const struct df_field *fl)
{
	char *cur = fl->type == DF_TEXT_PRIVATE ? xstrdup("") : df_field_value_text(fl);
	char *p = *cur ? xasprintf("%s [%s]: ", df_field_name(fl), cur)
	               : xasprintf("%s: ", df_field_name(fl));
	free(cur);
	return p;
}

static void walk_next(struct walk *w);
static void field_answer(const char *text, void *p);

/* Ask the field being asked (again). */
static void ask_current(struct walk *w)
{
	const struct df_field *fl = &w->f->fields[w->asking];
	char *prompt = field_prompt(fl);
	core_ask(prompt, fl->type == DF_TEXT_PRIVATE, field_answer, w);
	free(prompt);
}

/* Echo a visible answer so the console shows what was filled in. */
static void echo_answer(const struct df_field *fl)
{
	if (fl->type == DF_TEXT_PRIVATE)
		return;
	char *v = df_field_value_text(fl);
	char *shown = sanitize_str(v, SANITIZE_LINE);
	core_info("  %s: %s", df_field_name(fl), *shown ? shown : "(empty)");
	free(shown);
	free(v);
}

/* The answer to the field being asked. */
static void field_answer(const char *text, void *p)
{
	struct walk *w = p;
	struct df_field *fl = &w->f->fields[w->asking];
	const char *err = NULL;
	if (text == NULL) {
		core_info("form cancelled");
		walk_end(w, FORM_CANCELLED);
		return;
	}
	if (*text == '\0' && fl->nvalues > 0) {
		/* Enter alone keeps the value shown in brackets */
		walk_next(w);
		return;
	}
	if (df_field_set(fl, text, &err) < 0) {
		core_error("%s: %s (Esc cancels)", df_field_name(fl), err);
		ask_current(w);
		return;
	}
	if (fl->required && fl->nvalues == 0) {
		core_error("%s is required (Esc cancels)", df_field_name(fl));
		ask_current(w);
		return;
	}
	echo_answer(fl);
	walk_next(w);
}

/* True when fl is not asked (shown, or filled in already); *stop is set
 * when it must be answered and cannot be. */
static bool field_skipped(struct walk *w, const struct df_field *fl, bool *stop)
{
	if (fl->type == DF_FIXED) {
		for (size_t i = 0; i < fl->nvalues; i++)
			print_lines("  ", fl->values[i]);
		return true;
	}
	if (!df_field_askable(fl) || is_preset(w, fl->var))
		return true;
	if (fl->nmedia == 0 || has_web_media(fl))
		return false;
	if (!fl->required)
		return true;
	core_error("%s needs a picture or sound that natter cannot show in a terminal, and the "
	           "server gave no web address for it: this has to be done with a web browser or "
	           "another client",
	           df_field_name(fl));
	*stop = true;
	return false;
}

/* Go on to the next field that needs an answer, or finish. */
static void walk_next(struct walk *w)
{
	while (w->next < w->f->nfields) {
		size_t i = w->next++;
		bool stop = false;
		if (field_skipped(w, &w->f->fields[i], &stop))
			continue;
		if (stop) {
			walk_end(w, FORM_UNANSWERABLE);
			return;
		}
		w->asking = i;
		show_field(&w->f->fields[i]);
		ask_current(w);
		return;
	}
	walk_end(w, FORM_DONE);
}

/* Walk a form. */
void core_ask_form(struct dataform *f, const char *const *preset, form_fn done, void *arg)
{
	struct walk *w = xcalloc(1, sizeof(*w));
	w->f = f;
	w->done = done;
	w->arg = arg;
	size_t n = 0;
	while (preset && preset[n])
		n++;
	w->preset = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		w->preset[i] = xstrdup(preset[i]);
	show_header(f);
	walk_next(w);
}
