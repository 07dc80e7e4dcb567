/* test_xmpp_vcard.c - reading vCards (huge, hostile, forged) and changing
 * our own with /vcard set, nickname included (XEP-0172) */
#include "unit.h"
#include "xmpp_fixture.h"

#include "cmd.h"
#include "conv.h"
#include "strbuf.h"

/* What a vCard callback received. */
static struct {
	int calls;
	size_t n;
	bool truncated;
	char *error;
	char *text; /* "label=value\n" for each field */
} got;

/* Fixture, online. */
static int setup(void **state)
{
	fix_setup(state);
	core_set_conn_state(CONN_ONLINE, NULL);
	memset(&got, 0, sizeof(got));
	return 0;
}

/* Undo setup. */
static int teardown(void **state)
{
	free(got.error);
	free(got.text);
	return fix_teardown(state);
}

/* True when the console shows a line containing text. */
static bool console_has(const char *text)
{
	struct conv *c = conv_console();
	for (size_t i = 0; i < c->len; i++)
		if (strstr(c->msgs[i]->body, text))
			return true;
	return false;
}

/* Record a vCard answer. */
static void on_vcard(const struct xvcard *v, const char *error, void *arg)
{
	(void)arg;
	got.calls++;
	got.error = error ? strdup(error) : NULL;
	if (v == NULL)
		return;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < v->n; i++)
		strbuf_addf(&sb, "%s=%s\n", v->fields[i].label, v->fields[i].value);
	got.text = strbuf_detach(&sb);
	got.n = v->n;
	got.truncated = v->truncated;
}

/* Ask for jid's vCard and return the query's id. */
static void ask(const char *jid, char *id, size_t n)
{
	fix_clear_sent();
	xvcard_query(jid, on_vcard, NULL);
	assert_int_equal(fix_nsent, 1);
	assert_non_null(strstr(fix_sent[0], "vcard-temp"));
	fix_sent_id(fix_sent[0], id, n);
}

/* Every field in plain words; types named; a photo described, never shown. */
static void test_fields_in_words(void **state)
{
	(void)state;
	char id[32], xml[2048];
	ask("bob@example.org", id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org'><vCard xmlns='vcard-temp'>"
	         "<FN>Bob Builder</FN><N><FAMILY>Builder</FAMILY><GIVEN>Bob</GIVEN></N>"
	         "<NICKNAME>bobby</NICKNAME><BDAY>1980-01-02</BDAY><URL>https://bob.example</URL>"
	         "<ORG><ORGNAME>Acme</ORGNAME><ORGUNIT>Tools</ORGUNIT></ORG>"
	         "<TEL><CELL/><NUMBER>+1 555</NUMBER></TEL>"
	         "<ADR><HOME/><STREET>1 Road</STREET><LOCALITY>Town</LOCALITY><CTRY>NL</CTRY></ADR>"
	         "<NOTE>line one\nline two</NOTE>"
	         "<PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO>"
	         "<UNKNOWN>ignored</UNKNOWN></vCard></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_int_equal(got.calls, 1);
	assert_null(got.error);
	assert_string_equal(got.text,
	                    "full name=Bob Builder\n"
	                    "name=Bob Builder\n"
	                    "nickname=bobby\n"
	                    "birthday=1980-01-02\n"
	                    "web page=https://bob.example\n"
	                    "organization=Acme, Tools\n"
	                    "phone (mobile)=+1 555\n"
	                    "address (home)=1 Road, Town, NL\n"
	                    "note=line one line two\n"
	                    "photo=a picture of type image/png, about 1 KB (not shown)\n");
}

/* A huge vCard: a megabyte photo is only measured; hundreds of fields are
 * cut to a bound; long values are cut; escape sequences are made harmless. */
static void test_huge_and_hostile(void **state)
{
	(void)state;
	char id[32];
	ask("bob@example.org", id, sizeof(id));
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb,
	            "<iq type='result' id='%s' from='bob@example.org'>"
	            "<vCard xmlns='vcard-temp'><FN>Evil\xc2\x9b"
	            "2J\xe2\x80\xae"
	            "name</FN>"
	            "<PHOTO><TYPE>image/jpeg</TYPE><BINVAL>",
	            id);
	for (int i = 0; i < 1024 * 1024 / 64; i++)
		strbuf_adds(&sb,
		            "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n");
	strbuf_adds(&sb, "</BINVAL></PHOTO><NOTE>");
	for (int i = 0; i < 5000; i++)
		strbuf_adds(&sb, "long ");
	strbuf_adds(&sb, "</NOTE>");
	for (int i = 0; i < 300; i++)
		strbuf_addf(&sb, "<EMAIL><USERID>u%d@example.org</USERID></EMAIL>", i);
	strbuf_adds(&sb, "</vCard></iq>");
	fix_feed(xh_iq, sb.s);
	strbuf_free(&sb);
	assert_int_equal(got.calls, 1);
	assert_true(got.truncated);
	assert_int_equal(got.n, 48);
	assert_non_null(strstr(got.text, "photo=a picture of type image/jpeg, about 7"));
	assert_null(strstr(got.text, "QUFB"));
	assert_null(strstr(got.text, "\xc2\x9b"));
	assert_null(strstr(got.text, "\xe2\x80\xae"));
	assert_non_null(strstr(got.text, "full name=Evil"));
	const char *note = strstr(got.text, "note=");
	assert_non_null(note);
	assert_true(strcspn(note, "\n") < 1100);
}

/* Only the entity asked may answer; an error is passed on in words. */
static void test_forged_and_error(void **state)
{
	(void)state;
	char id[32], xml[512];
	ask("bob@example.org", id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='mallory@evil.example'>"
	         "<vCard xmlns='vcard-temp'><FN>Forged</FN></vCard></iq>",
	         id);
	fix_feed(xh_iq, xml);
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='bob@example.org/phone'>"
	         "<vCard xmlns='vcard-temp'><FN>Forged</FN></vCard></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_int_equal(got.calls, 0);
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s' from='bob@example.org'><error type='cancel'>"
	         "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_int_equal(got.calls, 1);
	assert_string_equal(got.error, "item not found");
}

/* /vcard set keeps the other fields (a photo too), replaces the one set,
 * and reports the server's answer. */
static void test_set_keeps_other_fields(void **state)
{
	(void)state;
	char id[32], xml[1024];
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/vcard set FN Alice Liddell", NULL), 0);
	assert_int_equal(fix_nsent, 1);
	assert_non_null(strstr(fix_sent[0], "type=\"get\""));
	assert_null(strstr(fix_sent[0], " to="));
	fix_sent_id(fix_sent[0], id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s'><vCard xmlns='vcard-temp'><FN>Old Name</FN>"
	         "<PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO>"
	         "<FN>Second</FN></vCard></iq>",
	         id);
	fix_clear_sent();
	fix_feed(xh_iq, xml);
	assert_int_equal(fix_nsent, 1);
	const char *set = fix_sent[0];
	assert_non_null(strstr(set, "type=\"set\""));
	assert_non_null(strstr(set, "<FN>Alice Liddell</FN>"));
	assert_null(strstr(set, "Old Name"));
	assert_null(strstr(set, "Second"));
	assert_non_null(strstr(set, "<BINVAL>iVBORw0KGgo=</BINVAL>"));
	fix_sent_id(set, id, sizeof(id));
	snprintf(xml, sizeof(xml), "<iq type='result' id='%s'/>", id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("vCard published: fn set"));
}

/* No vCard yet (item-not-found) starts an empty one; a structured field is
 * written as vcard-temp wants; a refused publish is said in words. */
static void test_set_from_nothing_and_refused(void **state)
{
	(void)state;
	char id[32], xml[1024];
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/vcard set email alice@example.org", NULL), 0);
	fix_sent_id(fix_sent[0], id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s'><error type='cancel'>"
	         "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_clear_sent();
	fix_feed(xh_iq, xml);
	assert_int_equal(fix_nsent, 1);
	assert_non_null(
	    strstr(fix_sent[0], "<EMAIL><INTERNET/><USERID>alice@example.org</USERID></EMAIL>"));
	fix_sent_id(fix_sent[0], id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s'><error type='cancel'>"
	         "<not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("could not publish your vCard: not allowed"));
	/* a fetch that fails otherwise publishes nothing */
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/vcard set url https://a.example", NULL), 0);
	fix_sent_id(fix_sent[0], id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='error' id='%s'><error type='wait'>"
	         "<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	         id);
	fix_clear_sent();
	fix_feed(xh_iq, xml);
	assert_int_equal(fix_nsent, 0);
	assert_true(console_has("could not publish your vCard: resource constraint"));
}

/* /vcard set nickname also publishes the XEP-0172 nick through PEP. */
static void test_set_nickname_publishes_nick(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/vcard set nickname Ally", NULL), 0);
	const char *pub = fix_sent_matching("http://jabber.org/protocol/pubsub");
	assert_non_null(pub);
	assert_non_null(strstr(pub, "node=\"http://jabber.org/protocol/nick\""));
	assert_non_null(strstr(pub, "<nick xmlns=\"http://jabber.org/protocol/nick\">Ally</nick>"));
	char id[32], xml[256];
	fix_sent_id(pub, id, sizeof(id));
	snprintf(xml, sizeof(xml), "<iq type='result' id='%s' from='alice@example.org'/>", id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("nickname published"));
}

/* Bad input is refused before anything is sent. */
static void test_set_refused_input(void **state)
{
	(void)state;
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/vcard set photo x", NULL), -1);
	assert_true(console_has("unknown vCard field photo"));
	assert_int_equal(cmd_run_line("/vcard set fn a\x01"
	                              "b",
	                              NULL),
	                 -1);
	assert_int_equal(cmd_run_line("/vcard frobnicate", NULL), -1);
	assert_int_equal(fix_nsent, 0);
	/* removing a field: no value */
	assert_int_equal(cmd_run_line("/vcard set note", NULL), 0);
	assert_int_equal(fix_nsent, 1);
	core_set_conn_state(CONN_OFFLINE, NULL);
	assert_int_equal(cmd_run_line("/vcard", NULL), -1);
}

/* /vcard shows ours. */
static void test_show_own(void **state)
{
	(void)state;
	char id[32], xml[512];
	fix_clear_sent();
	assert_int_equal(cmd_run_line("/vcard", NULL), 0);
	fix_sent_id(fix_sent[0], id, sizeof(id));
	snprintf(xml, sizeof(xml),
	         "<iq type='result' id='%s' from='alice@example.org'><vCard xmlns='vcard-temp'>"
	         "<FN>Alice</FN></vCard></iq>",
	         id);
	fix_feed(xh_iq, xml);
	assert_true(console_has("your vCard:"));
	assert_true(console_has("full name: Alice"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_fields_in_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_huge_and_hostile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forged_and_error, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_keeps_other_fields, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_from_nothing_and_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_nickname_publishes_nick, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_refused_input, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_show_own, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
