/* test_xmpp_register.c - XEP-0077: creating an account (legacy fields and
 * data forms, CAPTCHAs, errors in words, hostile answers), changing the
 * password, deleting the account */
#include "unit.h"
#include "xmpp_fixture.h"

#include "dataform.h"

/* The question the fake front end is being asked. */
static struct {
	secret_fn fn;
	void *arg;
	char prompt[256];
	bool hidden;
	int count;
} asked;

/* How the operation ended: -1 not yet, 0 failed, 1 done. */
static int outcome;

/* Front end double: remember the question. */
static void fake_ask(void *ud, const char *prompt, bool hidden, secret_fn done, void *arg)
{
	(void)ud;
	assert_null(asked.fn); /* one question at a time */
	asked.fn = done;
	asked.arg = arg;
	asked.hidden = hidden;
	asked.count++;
	snprintf(asked.prompt, sizeof(asked.prompt), "%s", prompt);
}

/* Front end double: Esc. */
static void fake_cancel(void *ud)
{
	(void)ud;
	secret_fn fn = asked.fn;
	asked.fn = NULL;
	if (fn)
		fn(NULL, asked.arg);
}

static const struct core_listener listener = {.ask = fake_ask, .ask_cancel = fake_cancel};

/* Answer the pending question (NULL: cancel). */
static void answer(const char *text)
{
	assert_non_null(asked.fn);
	secret_fn fn = asked.fn;
	asked.fn = NULL;
	fn(text, asked.arg);
}

/* done of the operation. */
static void on_done(bool ok, void *arg)
{
	assert_ptr_equal(arg, &outcome);
	assert_int_equal(outcome, -1); /* called once */
	outcome = ok;
}

/* Fixture plus the fake front end. */
static int setup(void **state)
{
	fix_setup(state);
	core_set_listener(&listener, NULL);
	memset(&asked, 0, sizeof(asked));
	outcome = -1;
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	core_set_listener(NULL, NULL);
	return fix_teardown(state);
}

/* True when a console line contains text. */
static bool console_has(const char *text)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		if (strstr(c->msgs[i]->body, text))
			return true;
	return false;
}

/* True when no console line holds a control byte (C0 or DEL). */
static bool console_clean(void)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		for (const char *p = c->msgs[i]->body; *p; p++)
			if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f)
				return false;
	return true;
}

/* The id of the newest captured stanza that contains needle. */
static void sent_id(const char *needle, char *id, size_t n)
{
	const char *s = NULL;
	for (int i = fix_nsent - 1; i >= 0 && s == NULL; i--)
		if (strstr(fix_sent[i], needle))
			s = fix_sent[i];
	assert_non_null(s);
	fix_sent_id(s, id, n);
}

/* The newest captured stanza. */
static const char *last_sent(void)
{
	assert_true(fix_nsent > 0);
	return fix_sent[fix_nsent - 1];
}

/* Feed an IQ answer: fmt has one %s for the id. */
static void reply(const char *id, const char *fmt)
{
	char xml[8192];
	snprintf(xml, sizeof(xml), fmt, id);
	fix_feed(xh_iq, xml);
}

/* Start creating newbie@example.org; returns the query's id in id. */
static void start_create(char *id, size_t n)
{
	assert_int_equal(
	    xregister_start_on_stream("example.org", "newbie", "s3cret pw", on_done, &outcome), 0);
	const char *q = last_sent();
	assert_non_null(strstr(q, "type=\"get\""));
	assert_non_null(strstr(q, "jabber:iq:register"));
	assert_null(strstr(q, "to=")); /* to the server we are connected to */
	fix_sent_id(q, id, n);
}

/* Legacy fields: username and password are filled in, email is asked. */
static void test_create_legacy(void **state)
{
	(void)state;
	char id[32], id2[32];
	start_create(id, sizeof(id));
	reply(id, "<iq type='result' id='%s'><query xmlns='jabber:iq:register'>"
	          "<instructions>Pick a name</instructions><username/><password/><email/>"
	          "<evil>ignored</evil></query></iq>");
	assert_true(console_has("Pick a name"));
	assert_int_equal(asked.count, 1);
	assert_string_equal(asked.prompt, "Email address: ");
	assert_false(asked.hidden);
	answer(""); /* required */
	assert_true(console_has("Email address is required"));
	assert_int_equal(asked.count, 2);
	answer("newbie@mail.example");
	const char *set = last_sent();
	assert_non_null(strstr(set, "type=\"set\""));
	assert_non_null(strstr(set, "<username>newbie</username>"));
	assert_non_null(strstr(set, "<password>s3cret pw</password>"));
	assert_non_null(strstr(set, "<email>newbie@mail.example</email>"));
	assert_null(strstr(set, "evil"));
	assert_null(strstr(set, "jabber:x:data"));
	sent_id("<email>", id2, sizeof(id2));
	assert_int_equal(outcome, -1);
	reply(id2, "<iq type='result' id='%s'/>");
	assert_int_equal(outcome, 1);
	assert_true(console_has("account newbie@example.org created"));
	assert_int_equal(core_conn_state(), CONN_OFFLINE);
}

static const char form_reply[] =
    "<iq type='result' id='%s'><query xmlns='jabber:iq:register'>"
    "<instructions>legacy words</instructions><username/><password/>"
    "<x xmlns='jabber:x:data' type='form'><title>Sign up</title>"
    "<instructions>Fill in the form</instructions>"
    "<field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>"
    "<field type='text-single' var='username' label='User'><required/></field>"
    "<field type='text-private' var='password' label='Password'><required/></field>"
    "<field type='fixed'><value>Be nice.</value></field>"
    "<field type='list-single' var='lang' label='Language'><desc>For mails</desc>"
    "<value>en</value>"
    "<option label='English'><value>en</value></option>"
    "<option label='Deutsch'><value>de</value></option></field>"
    "<field type='boolean' var='tos' label='Accept the rules'><required/></field>"
    "<field type='text-private' var='pin' label='PIN'/>"
    "</x></query></iq>";

/* A data form is preferred to the legacy fields and asked field by field. */
static void test_create_form(void **state)
{
	(void)state;
	char id[32], id2[32];
	start_create(id, sizeof(id));
	reply(id, form_reply);
	assert_true(console_has("Sign up"));
	assert_true(console_has("Fill in the form"));
	assert_true(console_has("Be nice."));
	assert_true(console_has("For mails"));
	assert_true(console_has("2) Deutsch [de]"));
	assert_string_equal(asked.prompt, "Language [en]: ");
	answer("2");
	assert_true(console_has("Language: de"));
	assert_string_equal(asked.prompt, "Accept the rules: ");
	answer("perhaps");
	assert_true(console_has("answer yes or no"));
	assert_string_equal(asked.prompt, "Accept the rules: ");
	answer("y");
	assert_string_equal(asked.prompt, "PIN: ");
	assert_true(asked.hidden);
	answer("1234");
	assert_false(console_has("1234")); /* private answers are not echoed */
	const char *set = last_sent();
	assert_non_null(strstr(set, "type=\"submit\""));
	assert_non_null(strstr(set, "<value>jabber:iq:register</value>"));
	assert_non_null(strstr(set, "<value>newbie</value>"));
	assert_non_null(strstr(set, "<value>s3cret pw</value>"));
	assert_non_null(strstr(set, "<value>de</value>"));
	assert_non_null(strstr(set, "<value>1</value>"));
	assert_null(strstr(set, "<username>")); /* not the legacy fields */
	assert_null(strstr(set, "Be nice"));
	sent_id("type=\"submit\"", id2, sizeof(id2));
	reply(id2, "<iq type='error' id='%s'><error type='cancel'>"
	           "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
	           "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>The requested username "
	           "already exists.</text></error></iq>");
	assert_int_equal(outcome, 0);
	assert_true(console_has("could not create the account newbie@example.org: the name is "
	                        "taken"));
	assert_true(console_has("already exists"));
}

/* An error answer to the first query; returns the console's words. */
static void create_error(const char *condition, const char *text, const char *words)
{
	char id[32], xml[2048];
	start_create(id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%%s'><error type='cancel'>"
	         "<%s xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>%s%s%s</error></iq>",
	         condition, text ? "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>" : "",
	         text ? text : "", text ? "</text>" : "");
	reply(id, xml);
	assert_int_equal(outcome, 0);
	if (!console_has(words))
		fail_msg("no \"%s\" in the console for %s", words, condition);
	outcome = -1;
}

/* Each refusal is said in plain words, with the server's text, sanitized. */
static void test_errors_in_words(void **state)
{
	(void)state;
	create_error("not-allowed", NULL, "registration is closed");
	create_error("service-unavailable", NULL, "does not offer in-band registration");
	create_error("not-acceptable", "Password too weak", "a password too weak");
	create_error("not-acceptable", "Password too weak", "the server says: Password too weak");
	create_error("policy-violation", "Only 1 account per day", "the server's rules");
	create_error("policy-violation", "Only 1 account per day", "Only 1 account per day");
	create_error("resource-constraint", NULL, "try again later");
	create_error("undefined-condition", "odd&#x9b;2J&#x7f;", "undefined condition: odd");
	assert_true(console_clean());
}

/* A CAPTCHA picture with a web address is shown as one; the answer is typed. */
static void test_captcha_with_url(void **state)
{
	(void)state;
	char id[32];
	start_create(id, sizeof(id));
	reply(id, "<iq type='result' id='%s'><query xmlns='jabber:iq:register'>"
	          "<x xmlns='jabber:x:data' type='form'>"
	          "<field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>"
	          "<field type='hidden' var='challenge'><value>c1</value></field>"
	          "<field type='text-single' var='username'><required/></field>"
	          "<field type='text-private' var='password'><required/></field>"
	          "<field var='ocr' label='Enter the text you see'><required/>"
	          "<media xmlns='urn:xmpp:media-element'>"
	          "<uri type='image/png'>cid:sha1+0123@bob.xmpp.org</uri>"
	          "<uri type='image/png'>https://example.org/captcha/c1.png</uri>"
	          "</media></field></x></query></iq>");
	assert_true(console_has("web browser"));
	assert_true(console_has("https://example.org/captcha/c1.png"));
	assert_string_equal(asked.prompt, "Enter the text you see: ");
	answer("x7k2q");
	const char *set = last_sent();
	assert_non_null(strstr(set, "<value>x7k2q</value>"));
	assert_non_null(strstr(set, "<value>c1</value>")); /* hidden values go back */
}

/* A required question a terminal cannot show ends it, saying so. */
static void test_captcha_unanswerable(void **state)
{
	(void)state;
	char id[32];
	start_create(id, sizeof(id));
	int before = fix_nsent;
	reply(id, "<iq type='result' id='%s'><query xmlns='jabber:iq:register'>"
	          "<x xmlns='jabber:x:data' type='form'>"
	          "<field type='text-single' var='username'><required/></field>"
	          "<field var='ocr' label='Code'><required/>"
	          "<media xmlns='urn:xmpp:media-element'>"
	          "<uri type='image/png'>cid:sha1+0123@bob.xmpp.org</uri></media></field>"
	          "</x></query></iq>");
	assert_int_equal(outcome, 0);
	assert_int_equal(asked.count, 0);
	assert_int_equal(fix_nsent, before); /* nothing submitted */
	assert_true(console_has("web browser or another client"));
}

/* Registration only on the web: the address is shown. */
static void test_web_only(void **state)
{
	(void)state;
	char id[32];
	start_create(id, sizeof(id));
	reply(id, "<iq type='result' id='%s'><query xmlns='jabber:iq:register'>"
	          "<instructions>Go to the web</instructions>"
	          "<x xmlns='jabber:x:oob'><url>https://example.org/signup</url></x>"
	          "</query></iq>");
	assert_int_equal(outcome, 0);
	assert_true(console_has("web site"));
	assert_true(console_has("https://example.org/signup"));
}

/* An answer with our id from anyone but the server is ignored. */
static void test_forged_answer_ignored(void **state)
{
	(void)state;
	char id[32];
	start_create(id, sizeof(id));
	reply(id, "<iq type='result' id='%s' from='mallory@evil.example'>"
	          "<query xmlns='jabber:iq:register'><username/><password/><ssn/></query></iq>");
	reply(id, "<iq type='error' id='%s' from='example.net'><error type='cancel'>"
	          "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
	assert_int_equal(outcome, -1);
	assert_int_equal(asked.count, 0);
	reply(id, "<iq type='result' id='%s' from='example.org'>"
	          "<query xmlns='jabber:iq:register'><username/><password/></query></iq>");
	/* username and password known: submitted at once, nothing asked */
	assert_int_equal(asked.count, 0);
	assert_non_null(strstr(last_sent(), "<password>s3cret pw</password>"));
}

/* Esc during the questions ends it; the server is told nothing. */
static void test_cancel(void **state)
{
	(void)state;
	char id[32];
	start_create(id, sizeof(id));
	reply(id, form_reply);
	int before = fix_nsent;
	answer(NULL);
	assert_int_equal(outcome, 0);
	assert_int_equal(fix_nsent, before);
	assert_true(console_has("cancelled"));
	assert_null(asked.fn);
}

/* A hostile form: huge, nameless fields, unknown types, escapes. */
static void test_hostile_form(void **state)
{
	(void)state;
	char id[32];
	start_create(id, sizeof(id));
	static char xml[200000];
	size_t n = (size_t)snprintf(xml, sizeof(xml),
	                            "<iq type='result' id='%s'><query xmlns='jabber:iq:register'>"
	                            "<x xmlns='jabber:x:data' type='form'>"
	                            "<title>&#x9b;2J&#x9b;31mHi</title>"
	                            "<field label='no var'/><field type='x-weird' var='w' "
	                            "label='&#x202e;Weird&#x7f;'><required/></field>",
	                            id);
	for (int i = 0; i < 400; i++)
		n += (size_t)snprintf(xml + n, sizeof(xml) - n,
		                      "<field type='fixed'><value>note %d</value></field>", i);
	snprintf(xml + n, sizeof(xml) - n, "</x></query></iq>");
	fix_feed(xh_iq, xml);
	assert_true(console_has("left out"));
	assert_true(console_clean());
	assert_non_null(asked.fn); /* the unknown type is asked as text */
	assert_null(strstr(asked.prompt, "\xe2\x80\xae"));
	answer("fine");
	assert_non_null(strstr(last_sent(), "<value>fine</value>"));
}

/* The password change in its simple form, and the new password kept for
 * reconnecting. */
static void test_change_password(void **state)
{
	(void)state;
	char id[32];
	assert_int_equal(xregister_change_password("n3w pw", on_done, &outcome), 0);
	const char *q = last_sent();
	assert_non_null(strstr(q, "<username>alice</username>"));
	assert_non_null(strstr(q, "<password>n3w pw</password>"));
	fix_sent_id(q, id, sizeof(id));
	reply(id, "<iq type='result' id='%s' from='mallory@evil.example'/>");
	assert_int_equal(outcome, -1);
	reply(id, "<iq type='result' id='%s'/>");
	assert_int_equal(outcome, 1);
	assert_true(console_has("password changed"));
}

/* A server that wants the old password sends a form; natter asks it. */
static void test_change_password_form(void **state)
{
	(void)state;
	char id[32], id2[32];
	assert_int_equal(xregister_change_password("n3w pw", on_done, &outcome), 0);
	fix_sent_id(last_sent(), id, sizeof(id));
	reply(id, "<iq type='error' id='%s'><query xmlns='jabber:iq:register'>"
	          "<x xmlns='jabber:x:data' type='form'>"
	          "<field type='hidden' var='FORM_TYPE'>"
	          "<value>jabber:iq:register:changepassword</value></field>"
	          "<field type='text-single' var='username'><required/></field>"
	          "<field type='text-private' var='old_password' label='Old password'>"
	          "<required/></field>"
	          "<field type='text-private' var='password'><required/></field></x></query>"
	          "<error type='modify'><not-authorized "
	          "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
	assert_int_equal(outcome, -1);
	assert_string_equal(asked.prompt, "Old password: ");
	assert_true(asked.hidden);
	answer("old pw");
	const char *set = last_sent();
	assert_non_null(strstr(set, "changepassword"));
	assert_non_null(strstr(set, "<value>old pw</value>"));
	assert_non_null(strstr(set, "<value>n3w pw</value>"));
	assert_non_null(strstr(set, "<value>alice</value>"));
	sent_id("changepassword", id2, sizeof(id2));
	reply(id2, "<iq type='error' id='%s'><error type='modify'><not-acceptable "
	           "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
	assert_int_equal(outcome, 0);
	assert_true(console_has("the password was not changed"));
}

/* Deleting the account: <remove/>, then disconnect, no reconnect. */
static void test_unregister(void **state)
{
	(void)state;
	char id[32];
	assert_int_equal(xregister_remove(on_done, &outcome), 0);
	const char *q = last_sent();
	assert_non_null(strstr(q, "<remove/>"));
	assert_true(xs.user_disconnect); /* the server closes the stream */
	fix_sent_id(q, id, sizeof(id));
	reply(id, "<iq type='error' id='%s'><error type='cancel'><not-allowed "
	          "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
	assert_int_equal(outcome, 0);
	assert_false(xs.user_disconnect);
	assert_true(console_has("the account was not deleted"));
	outcome = -1;
	assert_int_equal(xregister_remove(on_done, &outcome), 0);
	fix_sent_id(last_sent(), id, sizeof(id));
	reply(id, "<iq type='result' id='%s'/>");
	assert_int_equal(outcome, 1);
	assert_true(console_has("deleted from the server"));
}

/* One operation at a time; none while offline. */
static void test_one_at_a_time(void **state)
{
	(void)state;
	assert_int_equal(xregister_change_password("a", on_done, &outcome), 0);
	assert_int_equal(xregister_remove(on_done, &outcome), -1);
	assert_true(console_has("already in progress"));
	xiq_cancel_all(); /* the session ends */
	assert_int_equal(outcome, 0);
	outcome = -1;
	xs.phase = XS_IDLE;
	assert_int_equal(xregister_remove(on_done, &outcome), -1);
	assert_int_equal(outcome, -1);
}

/* The raw XML log never shows a form's passwords or private answers. */
static void test_raw_log_redacts_form_secrets(void **state)
{
	(void)state;
	char *r = xlog_redact(
	    "<iq type=\"set\" id=\"a\"><query xmlns=\"jabber:iq:register\"><x "
	    "xmlns=\"jabber:x:data\" "
	    "type=\"submit\"><field var=\"username\"><value>newbie</value></field>"
	    "<field type=\"text-private\" var=\"password\"><value>s3cret</value></field>"
	    "<field var=\"old_password\"><value>0ld</value></field>"
	    "<field var=\"pin\" type=\"text-private\"><value>1234</value></field>"
	    "<field var=\"empty\" type=\"text-private\"/></x></query></iq>");
	assert_null(strstr(r, "s3cret"));
	assert_null(strstr(r, "0ld"));
	assert_null(strstr(r, "1234"));
	assert_non_null(strstr(r, "<value>newbie</value>"));
	assert_non_null(strstr(r, "[redacted]"));
	assert_non_null(strstr(r, "</x></query></iq>"));
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_create_legacy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create_form, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors_in_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_captcha_with_url, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_captcha_unanswerable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_web_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forged_answer_ignored, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_form, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_password, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_change_password_form, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unregister, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_at_a_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raw_log_redacts_form_secrets, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
