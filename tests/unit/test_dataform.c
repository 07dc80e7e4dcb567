/* test_dataform.c - XEP-0004 data forms: reading (hostile forms included),
 * filling in from typed text, and the submitted form */
#include "unit.h"
#include "xmpp_fixture.h"

#include "dataform.h"
#include "strbuf.h"

/* Parse xml (an <x/> element) into a form; NULL when it is none. */
static struct dataform *parse(const char *xml)
{
	xmpp_stanza_t *st = xmpp_stanza_new_from_string(fix_ctx, xml);
	assert_non_null(st);
	struct dataform *f = dataform_parse(st);
	xmpp_stanza_release(st);
	return f;
}

/* The XML text of the submitted form of f. Caller frees. */
static char *submitted(const struct dataform *f)
{
	xmpp_stanza_t *x = dataform_submit_new(f);
	char *buf;
	size_t len;
	assert_int_equal(xmpp_stanza_to_text(x, &buf, &len), 0);
	char *out = strdup(buf);
	xmpp_free(fix_ctx, buf);
	xmpp_stanza_release(x);
	return out;
}

/* True when s holds no control character: C0 (but newline), DEL, or C1
 * (U+0080..U+009F, among them the one-byte CSI U+009B). */
static bool no_controls(const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return false;
		if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f)
			return false;
	}
	return true;
}

/* The <field .../> element of var in the XML text x (a copy), or NULL. */
static char *field_xml(const char *x, const char *var)
{
	char needle[128];
	snprintf(needle, sizeof(needle), "var=\"%s\"", var);
	for (const char *p = strstr(x, "<field"); p; p = strstr(p + 1, "<field")) {
		const char *end = strstr(p, "</field>");
		const char *gt = strchr(p, '>');
		if (end == NULL || gt == NULL)
			return NULL;
		char *tag = strndup(p, (size_t)(gt - p));
		bool match = strstr(tag, needle) != NULL;
		free(tag);
		if (match && gt[-1] == '/')
			return strndup(p, (size_t)(gt - p) + 1); /* <field .../> */
		if (match)
			return strndup(p, (size_t)(end - p) + 8);
	}
	return NULL;
}

/* Assert that field var of x has type (NULL: no type) and exactly body. */
static void assert_field(const char *x, const char *var, const char *type, const char *body)
{
	char *f = field_xml(x, var);
	assert_non_null(f);
	char want[64];
	snprintf(want, sizeof(want), "type=\"%s\"", type ? type : "");
	if (type)
		assert_non_null(strstr(f, want));
	else
		assert_null(strstr(f, "type="));
	const char *gt = strchr(f, '>');
	assert_non_null(gt);
	if (gt[-1] == '/') {
		assert_string_equal(body, "");
		free(f);
		return;
	}
	size_t n = strlen(gt + 1) - strlen("</field>");
	assert_int_equal(n, strlen(body));
	assert_memory_equal(gt + 1, body, n);
	free(f);
}

static const char register_form[] =
    "<x xmlns='jabber:x:data' type='form'>"
    "<title>New account</title>"
    "<instructions>Choose a name.</instructions>"
    "<instructions>Then a password.</instructions>"
    "<field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>"
    "<field type='fixed'><value>Read this first</value></field>"
    "<field type='text-single' var='username' label='User'><required/></field>"
    "<field type='text-private' var='password' label='Password'><required/></field>"
    "<field var='email' label='Email'><desc>For resets</desc><value>a@b.c</value></field>"
    "<field type='list-single' var='lang' label='Language'>"
    "<option label='English'><value>en</value></option>"
    "<option label='Deutsch'><value>de</value></option></field>"
    "<field type='list-multi' var='topics'>"
    "<option label='News'><value>news</value></option>"
    "<option label='Sport'><value>sport</value></option>"
    "<option><value>tech</value></option></field>"
    "<field type='boolean' var='tos' label='Accept'><required/></field>"
    "<field type='jid-single' var='buddy'/>"
    "<field type='jid-multi' var='friends'/>"
    "<field type='text-multi' var='about'/>"
    "<field type='x-fancy' var='odd' label='Odd'/>"
    "<field type='text-single' var='ocr' label='Code'><required/>"
    "<media xmlns='urn:xmpp:media-element'>"
    "<uri type='image/png'>https://example.org/c.png</uri>"
    "<uri type='image/png'>cid:sha1+abc@bob.xmpp.org</uri></media></field>"
    "</x>";

/* A complete form is read field by field with every detail. */
static void test_parse_form(void **state)
{
	(void)state;
	struct dataform *f = parse(register_form);
	assert_non_null(f);
	assert_string_equal(f->type, "form");
	assert_string_equal(f->title, "New account");
	assert_string_equal(f->instructions[0], "Choose a name.");
	assert_string_equal(f->instructions[1], "Then a password.");
	assert_null(f->instructions[2]);
	assert_int_equal(f->nfields, 13);
	assert_int_equal(f->dropped, 0);
	assert_string_equal(dataform_form_type(f), "jabber:iq:register");
	assert_int_equal(f->fields[1].type, DF_FIXED);
	assert_null(f->fields[1].var);
	assert_string_equal(f->fields[1].values[0], "Read this first");
	struct df_field *u = dataform_field(f, "username");
	assert_true(u->required);
	assert_string_equal(df_field_name(u), "User");
	struct df_field *e = dataform_field(f, "email");
	assert_int_equal(e->type, DF_TEXT_SINGLE); /* no type: text-single */
	assert_string_equal(e->desc, "For resets");
	assert_string_equal(dataform_value(f, "email"), "a@b.c");
	struct df_field *l = dataform_field(f, "lang");
	assert_int_equal(l->noptions, 2);
	assert_string_equal(l->options[1].label, "Deutsch");
	assert_null(dataform_field(f, "topics")->options[2].label);
	struct df_field *odd = dataform_field(f, "odd");
	assert_int_equal(odd->type, DF_UNKNOWN);
	assert_string_equal(odd->type_name, "x-fancy");
	struct df_field *ocr = dataform_field(f, "ocr");
	assert_int_equal(ocr->nmedia, 2);
	assert_string_equal(ocr->media[0].uri, "https://example.org/c.png");
	assert_string_equal(ocr->media[0].type, "image/png");
	assert_false(df_field_askable(dataform_field(f, "FORM_TYPE")));
	assert_false(df_field_askable(&f->fields[1]));
	assert_true(df_field_askable(u));
	assert_ptr_equal(dataform_missing(f), u);
	assert_string_equal(df_type_name(DF_LIST_MULTI), "list-multi");
	dataform_free(f);
}

/* Only <x xmlns='jabber:x:data'/> is a form; find looks among children. */
static void test_not_a_form(void **state)
{
	(void)state;
	assert_null(parse("<x xmlns='jabber:x:oob'><url>u</url></x>"));
	assert_null(parse("<y xmlns='jabber:x:data'/>"));
	xmpp_stanza_t *q = xmpp_stanza_new_from_string(
	    fix_ctx, "<query xmlns='jabber:iq:register'><username/>"
	             "<x xmlns='jabber:x:data' type='form'><field var='a'/></x></query>");
	struct dataform *f = dataform_find(q);
	assert_non_null(f);
	assert_int_equal(f->nfields, 1);
	dataform_free(f);
	xmpp_stanza_release(q);
	q = xmpp_stanza_new_from_string(fix_ctx, "<query xmlns='jabber:iq:register'/>");
	assert_null(dataform_find(q));
	xmpp_stanza_release(q);
}

/* Fields without var (other than fixed ones) and repeated vars are dropped. */
static void test_missing_and_repeated_vars(void **state)
{
	(void)state;
	struct dataform *f = parse("<x xmlns='jabber:x:data' type='form'>"
	                           "<field type='text-single' label='No name'/>"
	                           "<field var='a' label='First'/>"
	                           "<field var='a' label='Second'/>"
	                           "<field type='fixed'><value>note</value></field>"
	                           "<field type='boolean'><value>1</value></field></x>");
	assert_int_equal(f->nfields, 2);
	assert_string_equal(f->fields[0].label, "First");
	assert_int_equal(f->fields[1].type, DF_FIXED);
	assert_int_equal(f->dropped, 3);
	dataform_free(f);
}

/* Escape sequences and control characters in every text are made harmless. */
static void test_escapes_sanitized(void **state)
{
	(void)state;
	/* XML cannot carry ESC itself, but it can carry DEL and the C1 controls,
	 * among them the one-byte CSI (U+009B) that starts escape sequences */
	struct dataform *f =
	    parse("<x xmlns='jabber:x:data' type='form'>"
	          "<title>&#x9d;0;pwned&#x9c;Title&#x7f;</title>"
	          "<instructions>line1&#xa;&#x9b;2Jline2</instructions>"
	          "<field var='v&#x9b;31m' label='&#x9b;31mred&#x9b;0m &#x202e;evil' "
	          "type='list-single'><desc>&#x9b;1mdesc</desc><value>&#x85;x</value>"
	          "<option label='&#x9b;5mblink'><value>o&#x7f;</value></option></field></x>");
	assert_non_null(f);
	assert_true(no_controls(f->title));
	assert_non_null(strstr(f->title, "^?"));
	assert_non_null(strstr(f->title, "\xef\xbf\xbd")); /* U+FFFD for the C1 ones */
	assert_true(no_controls(f->instructions[0]));
	assert_non_null(strchr(f->instructions[0], '\n')); /* kept: several lines */
	struct df_field *fl = &f->fields[0];
	assert_true(no_controls(fl->var));
	assert_true(no_controls(fl->label));
	assert_null(strstr(fl->label, "\xe2\x80\xae")); /* the bidi override is gone */
	assert_true(no_controls(fl->desc));
	assert_true(no_controls(fl->values[0]));
	assert_true(no_controls(fl->options[0].label));
	assert_true(no_controls(fl->options[0].value));
	dataform_free(f);
}

/* Append n copies of fmt (with the index) to sb. */
static void repeat(struct strbuf *sb, int n, const char *fmt)
{
	for (int i = 0; i < n; i++)
		strbuf_addf(sb, fmt, i);
}

/* A huge form keeps at most the limits and says how much it dropped. */
static void test_huge_form_bounded(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<x xmlns='jabber:x:data' type='form'>");
	repeat(&sb, 50, "<instructions>i%d</instructions>");
	strbuf_adds(&sb, "<field var='many' type='list-multi'>");
	repeat(&sb, 500, "<value>v%d</value>");
	repeat(&sb, 1000, "<option label='o%d'><value>x</value></option>");
	strbuf_adds(&sb, "<media xmlns='urn:xmpp:media-element'>");
	repeat(&sb, 50, "<uri type='image/png'>https://e.org/%d</uri>");
	strbuf_adds(&sb, "</media></field>");
	repeat(&sb, 500, "<field var='f%d'/>");
	repeat(&sb, 1500, "<item><field var='jid'><value>u%d@e.org</value></field></item>");
	strbuf_adds(&sb, "</x>");
	struct dataform *f = parse(sb.s);
	strbuf_free(&sb);
	assert_int_equal(strv_len(f->instructions), DF_MAX_INSTRUCTIONS);
	assert_int_equal(f->nfields, DF_MAX_FIELDS);
	struct df_field *m = dataform_field(f, "many");
	assert_int_equal(m->nvalues, DF_MAX_VALUES);
	assert_null(m->values[DF_MAX_VALUES]);
	assert_int_equal(m->noptions, DF_MAX_OPTIONS);
	assert_int_equal(m->nmedia, DF_MAX_MEDIA);
	assert_int_equal(f->nitems, DF_MAX_ITEMS);
	assert_true(f->dropped >= 34 + 400 + 800 + 42 + 301 + 500);
	dataform_free(f);
}

/* Long texts are cut, and the whole form stays within its text budget. */
static void test_text_budget(void **state)
{
	(void)state;
	char *big = malloc(20001);
	memset(big, 'a', 20000);
	big[20000] = '\0';
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<x xmlns='jabber:x:data' type='form'>");
	for (int i = 0; i < 150; i++)
		strbuf_addf(&sb, "<field var='f%d'><desc>%s</desc><value>%s</value></field>", i,
		            big, big);
	strbuf_adds(&sb, "</x>");
	free(big);
	struct dataform *f = parse(sb.s);
	strbuf_free(&sb);
	size_t kept = 0;
	for (size_t i = 0; i < f->nfields; i++) {
		struct df_field *fl = &f->fields[i];
		assert_true(fl->desc == NULL || strlen(fl->desc) <= DF_TEXT_MAX);
		kept +=
		    (fl->desc ? strlen(fl->desc) : 0) + (fl->nvalues ? strlen(fl->values[0]) : 0);
	}
	assert_true(kept <= 1024 * 1024);
	assert_true(f->dropped > 0);
	dataform_free(f);
}

/* Result rows and their column headings. */
static void test_reported_items(void **state)
{
	(void)state;
	struct dataform *f =
	    parse("<x xmlns='jabber:x:data' type='result'>"
	          "<reported><field var='jid' label='JID'/><field var='nick' label='Nick'/>"
	          "</reported>"
	          "<item><field var='jid'><value>bob@e.org</value></field>"
	          "<field var='nick'><value>Bob</value></field></item>"
	          "<item><field var='jid'><value>carol@e.org</value></field></item></x>");
	assert_string_equal(f->type, "result");
	assert_int_equal(f->nreported, 2);
	assert_string_equal(f->reported[1].label, "Nick");
	assert_int_equal(f->nitems, 2);
	assert_int_equal(f->items[0].nfields, 2);
	assert_string_equal(f->items[0].fields[1].values[0], "Bob");
	assert_string_equal(f->items[1].fields[0].values[0], "carol@e.org");
	dataform_free(f);
}

/* Set field var from text; returns df_field_set's result. */
static int set(struct dataform *f, const char *var, const char *text)
{
	const char *err = NULL;
	int rc = dataform_set(f, var, text, &err);
	if (rc < 0)
		assert_non_null(err);
	return rc;
}

/* Typed answers are checked for each type and stored as XEP-0004 wants. */
static void test_set_values(void **state)
{
	(void)state;
	struct dataform *f = parse(register_form);
	assert_int_equal(set(f, "tos", " Yes "), 0);
	assert_string_equal(dataform_value(f, "tos"), "1");
	char *t = df_field_value_text(dataform_field(f, "tos"));
	assert_string_equal(t, "yes");
	free(t);
	assert_int_equal(set(f, "tos", "off"), 0);
	assert_string_equal(dataform_value(f, "tos"), "0");
	assert_int_equal(set(f, "tos", "maybe"), -1);
	assert_string_equal(dataform_value(f, "tos"), "0"); /* unchanged */
	assert_int_equal(set(f, "lang", "2"), 0);
	assert_string_equal(dataform_value(f, "lang"), "de");
	assert_int_equal(set(f, "lang", "english"), 0);
	assert_string_equal(dataform_value(f, "lang"), "en");
	assert_int_equal(set(f, "lang", "de"), 0);
	assert_int_equal(set(f, "lang", "3"), -1);
	assert_int_equal(set(f, "lang", "fr"), -1);
	assert_string_equal(dataform_value(f, "lang"), "de");
	assert_int_equal(set(f, "topics", "sport, 1,tech,news"), 0);
	struct df_field *tp = dataform_field(f, "topics");
	assert_int_equal(tp->nvalues, 3);
	assert_string_equal(tp->values[0], "sport");
	assert_string_equal(tp->values[1], "news");
	assert_string_equal(tp->values[2], "tech");
	assert_int_equal(set(f, "topics", "news, golf"), -1);
	assert_int_equal(tp->nvalues, 3);
	assert_int_equal(set(f, "buddy", "not a jid"), -1);
	assert_int_equal(set(f, "buddy", "bob@example.org"), 0);
	assert_int_equal(set(f, "friends", "a@e.org, b@e.org c@e.org"), 0);
	assert_int_equal(dataform_field(f, "friends")->nvalues, 3);
	assert_int_equal(set(f, "friends", "a@e.org, @"), -1);
	assert_int_equal(set(f, "password", "  spaced pw "), 0);
	assert_string_equal(dataform_value(f, "password"), "  spaced pw ");
	assert_int_equal(set(f, "odd", "anything"), 0);
	assert_int_equal(set(f, "email", ""), 0);
	assert_null(dataform_value(f, "email"));
	assert_int_equal(set(f, "username", "bad\x01name"), -1);
	assert_int_equal(set(f, "nosuch", "x"), -1);
	const char *err = NULL;
	assert_int_equal(df_field_set(&f->fields[1], "x", &err), -1);
	assert_non_null(strstr(err, "information"));
	dataform_free(f);
}

/* The submitted form has every answer, no fixed field, escaped text. */
static void test_submit(void **state)
{
	(void)state;
	struct dataform *f = parse(register_form);
	set(f, "username", "bob<&>");
	set(f, "password", "pw");
	set(f, "topics", "news,tech");
	assert_non_null(dataform_missing(f)); /* tos, ocr */
	set(f, "tos", "y");
	set(f, "ocr", "x7k");
	assert_null(dataform_missing(f));
	char *x = submitted(f);
	assert_non_null(strstr(x, "<x "));
	assert_non_null(strstr(x, "xmlns=\"jabber:x:data\""));
	assert_non_null(strstr(x, "type=\"submit\""));
	assert_field(x, "FORM_TYPE", "hidden", "<value>jabber:iq:register</value>");
	assert_field(x, "username", NULL, "<value>bob&lt;&amp;&gt;</value>");
	assert_field(x, "password", "text-private", "<value>pw</value>");
	assert_field(x, "topics", NULL, "<value>news</value><value>tech</value>");
	assert_field(x, "tos", NULL, "<value>1</value>");
	assert_field(x, "email", NULL, "<value>a@b.c</value>");
	assert_field(x, "lang", NULL, "");
	assert_null(strstr(x, "Read this first"));
	assert_null(strstr(x, "<option"));
	assert_null(strstr(x, "label="));
	free(x);
	dataform_free(f);
}

/* Forms made by the program (legacy fields) work the same way. */
static void test_built_form(void **state)
{
	(void)state;
	struct dataform *f = dataform_new("form");
	dataform_add_field(f, "username", DF_TEXT_SINGLE, "Username", true);
	dataform_add_field(f, "password", DF_TEXT_PRIVATE, NULL, true);
	assert_string_equal(df_field_name(dataform_field(f, "password")), "password");
	assert_ptr_equal(dataform_missing(f), dataform_field(f, "username"));
	set(f, "username", "u");
	set(f, "password", "p");
	assert_null(dataform_missing(f));
	char *x = submitted(f);
	assert_non_null(strstr(x, "<value>u</value>"));
	free(x);
	dataform_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_parse_form, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_not_a_form, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_missing_and_repeated_vars, fix_setup,
	                                    fix_teardown),
	    cmocka_unit_test_setup_teardown(test_escapes_sanitized, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_huge_form_bounded, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_text_budget, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_reported_items, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_set_values, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_submit, fix_setup, fix_teardown),
	    cmocka_unit_test_setup_teardown(test_built_form, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
