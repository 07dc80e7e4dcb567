"""Accounts on the server (XEP-0077): /register against Prosody (its data
form, with extra fields), against a scripted server (legacy fields only, a
CAPTCHA), refusals in plain words, /password and /unregister."""

import os
import re
import signal
import stat
import time
import unittest

import certs
import fake_xmpp
from harness import FakeServer, NatterCase, read_text, wait_until
import screen

NEW_PW = "n3w-Secret pw"
PROMPT_PW = re.compile(r"New password for (\S+):")
PROMPT_AGAIN = "Same password again"


def answer_password(t, jid, password=NEW_PW):
    """Type the new password at both hidden prompts."""
    t.wait_for(re.compile(r"New password for %s:" % re.escape(jid)), where=screen.input_line)
    t.line(password)
    t.wait_for(PROMPT_AGAIN, where=screen.input_line)
    t.line(password)


def yes_no(t, question, answer):
    """Wait for a yes/no question on the input line and answer it."""
    t.wait_for(question, where=screen.input_line, timeout=15)
    t.line(answer)


class RegisterProsodyTest(NatterCase):
    """Prosody with registration open (it sends a data form along with the
    legacy fields: natter answers the form)."""

    def connection_lines(self, cafile=True):
        """natterrc lines that reach the test server, with no account."""
        lines = ["/set server 127.0.0.1", "/set port %d" % self.server.port]
        if cafile:
            lines.append("/set cafile %s" % self.server.cafile)
        return lines

    def test_register_save_and_log_in(self):
        """A new account: the password twice (never shown), created, saved in
        natterrc without the password, and logged in with it; the raw log
        (-v) has no password either."""
        rc = os.path.join(self.config_dir(), "natterrc")
        self.write_rc(self.connection_lines(), path=rc)
        t = self.natter(args=["-v"])
        t.line("/register localhost newbie")
        answer_password(t, "newbie@localhost")
        t.wait_for("account newbie@localhost created", timeout=15)
        yes_no(t, "Save newbie@localhost in", "y")
        yes_no(t, "Save the password in natterrc too", "n")
        yes_no(t, "Log in as newbie@localhost now?", "y")
        t.wait_for(screen.online_re("newbie@localhost"), timeout=15, where=screen.status_line)
        self.assertIn("User account created: newbie@localhost", self.server.log_text())
        self.assertNotIn(NEW_PW, t.screen_text())
        text = read_text(rc)
        self.assertIn("/account newbie\n/set jid newbie@localhost\n", text)
        self.assertIn("/set port %d\n" % self.server.port, text)
        self.assertIn("/set cafile %s\n" % self.server.cafile, text)
        self.assertIn("/connect\n", text)
        self.assertNotIn(NEW_PW, text)
        self.assertEqual(stat.S_IMODE(os.stat(rc).st_mode), 0o600)
        for log in ("xml.log", "debug.log"):
            self.assertNotIn(NEW_PW, read_text(os.path.join(self.state_dir(), log)), log)
        self.assertIn("jabber:iq:register", read_text(os.path.join(self.state_dir(), "xml.log")))
        # the new account's history lives apart
        wait_until(lambda: os.path.exists(self.history_db("newbie@localhost")),
                   what="newbie's history database")
        self.quit_natter(t)
        # next start: the saved block logs in after asking the password
        t = self.natter()
        t.wait_for(re.compile("password", re.IGNORECASE), where=screen.input_line, timeout=15)
        t.line(NEW_PW)
        t.wait_for(screen.online_re("newbie@localhost"), timeout=15, where=screen.status_line)

    def test_existing_name_refused(self):
        """Registering a name that exists says the name is taken."""
        t = self.natter(self.connection_lines())
        t.line("/register localhost bob")
        answer_password(t, "bob@localhost")
        t.wait_for("the name is taken", timeout=15)
        t.wait_for("could not create the account bob@localhost")
        self.assertNotIn("User account created", self.server.log_text())
        # bob's password is unchanged: he still logs in
        self.peer("bob")

    def test_untrusted_certificate_stops_it(self):
        """Without the test CA the certificate is refused and no password is
        sent."""
        mark = self.server.log_mark()
        t = self.natter(self.connection_lines(cafile=False))
        t.line("/register localhost newbie")
        answer_password(t, "newbie@localhost")
        t.wait_for("TLS certificate check failed", timeout=15)
        t.wait_for("could not create the account newbie@localhost")
        self.assertNotIn("jabber:iq:register", self.server.log_since(mark))
        self.assertNotIn("User account created", self.server.log_text())

    def test_register_direct_tls(self):
        """With direct_tls the registration stream is TLS from the first
        byte, on the direct TLS port."""
        mark = self.server.log_mark()
        t = self.natter(["/set server 127.0.0.1", "/set port %d" % self.server.tls_port,
                         "/set direct_tls on", "/set cafile %s" % self.server.cafile])
        t.line("/register localhost tlsuser")
        answer_password(t, "tlsuser@localhost")
        t.wait_for("account tlsuser@localhost created", timeout=15)
        yes_no(t, "Save tlsuser@localhost in", "n")
        yes_no(t, "Log in as tlsuser@localhost now?", "n")
        log = self.server.log_since(mark)
        self.assertIn("User account created: tlsuser@localhost", log)
        self.assertRegex(log, r"New connection FD \d+ \(127\.0\.0\.1, \d+, 127\.0\.0\.1, %d\)"
                         % self.server.tls_port)

    def test_password_change_and_unregister(self):
        """/password changes it on the server (a peer logs in with the new
        one); /unregister after typing the JID deletes the account."""
        t = self.natter_online()
        t.line("/password")
        answer_password(t, "alice@localhost")
        t.wait_for("password changed on the server", timeout=15)
        t.wait_for("the password setting holds the new password")
        accounts = os.path.join(self.server.data_path, "localhost", "accounts", "alice.dat")
        wait_until(lambda: NEW_PW in read_text(accounts), what="the new password stored")
        t.line("/unregister")
        t.wait_for("Type alice@localhost to delete it", where=screen.input_line)
        t.line("alice@elsewhere")
        t.wait_for("account not deleted")
        self.assertTrue(os.path.exists(accounts))
        t.line("/unregister")
        t.wait_for("Type alice@localhost to delete it", where=screen.input_line)
        t.line("alice@localhost")
        t.wait_for("account alice@localhost deleted from the server", timeout=15)
        t.wait_for(re.compile(r"\bdisconnected\b"), timeout=15)
        wait_until(lambda: not os.path.exists(accounts), what="alice's account gone")
        # and natter does not try to reconnect to the deleted account
        t.wait_for("offline", where=screen.status_line)
        time.sleep(1)
        self.assertIn("offline", screen.status_line(t.screen()))
        self.assertNotIn("reconnecting", t.screen_text())


class RegisterFormTest(NatterCase):
    """Prosody asking more than a name and a password in its form."""

    server_options = {"extra_config": 'additional_registration_fields = { "email+", "nick" }'}

    def test_form_fields_asked(self):
        """The required email and the optional nickname are asked in turn,
        with the server's words; the server stores the answers."""
        t = self.natter(["/set server 127.0.0.1", "/set port %d" % self.server.port,
                         "/set cafile %s" % self.server.cafile])
        t.line("/register localhost formuser")
        answer_password(t, "formuser@localhost")
        t.wait_for("Creating a new account", timeout=15)  # the form's title
        t.wait_for("Email:", where=screen.input_line)
        t.keys("Enter")
        t.wait_for("Email is required")
        t.line("formuser@mail.example")
        t.wait_for("Nickname:", where=screen.input_line)
        t.keys("Enter")  # optional
        t.wait_for("account formuser@localhost created", timeout=15)
        yes_no(t, "Save formuser@localhost in", "n")
        yes_no(t, "Log in as formuser@localhost now?", "n")
        details = os.path.join(self.server.data_path, "localhost", "account_details",
                               "formuser.dat")
        wait_until(lambda: "formuser@mail.example" in read_text(details),
                   what="the email stored by the server")


class RegisterClosedTest(NatterCase):
    """Prosody refusing registrations from our address."""

    server_options = {"extra_config": 'registration_allowlist = { }\n'
                                      'registration_blocklist = { "127.0.0.1" }'}

    def test_closed_in_words(self):
        """The refusal says registration is closed, with the server's reason."""
        t = self.natter(["/set server 127.0.0.1", "/set port %d" % self.server.port,
                         "/set cafile %s" % self.server.cafile])
        t.line("/register localhost newbie")
        answer_password(t, "newbie@localhost")
        t.wait_for("registration is closed", timeout=15)
        t.wait_for("blocklisted")


class RegisterPlainServerTest(NatterCase):
    """A server that offers no encryption at all."""

    start_server = False

    def test_no_starttls_no_registration(self):
        """Without STARTTLS natter stops before asking anything: no
        registration query, no password on the wire."""
        srv = FakeServer()
        self.addCleanup(srv.stop)
        t = self.natter(["/set server 127.0.0.1", "/set port %d" % srv.port])
        t.line("/register localhost newbie")
        answer_password(t, "newbie@localhost")
        t.wait_for("could not create the account newbie@localhost: the server does not",
                   timeout=15)
        t.wait_for("offer encryption (STARTTLS)")
        t.wait_for("offline", where=screen.status_line)
        self.assertIn(b"<stream:stream", srv.received)
        self.assertNotIn(b"jabber:iq:register", srv.received)
        self.assertNotIn(NEW_PW.encode(), srv.received)


class RegisterScriptedTest(NatterCase):
    """A scripted server for what Prosody does not send."""

    start_server = False

    def scripted(self, query, verdict=None):
        """A RegisterServer with the test CA's certificate, and natter set
        up to reach it."""
        work = os.path.join(self.tmp, "certs")
        crt, key = certs.make_certs(work).cert("good")
        srv = fake_xmpp.RegisterServer(crt, key, query, verdict).start()
        self.addCleanup(srv.stop)
        t = self.natter(["/set server 127.0.0.1", "/set port %d" % srv.port,
                         "/set cafile %s" % os.path.join(work, "ca.crt")])
        return srv, t

    def test_legacy_fields(self):
        """Only legacy fields: username and password filled in, the email
        asked; the answers go back as legacy elements."""
        srv, t = self.scripted("<query xmlns='jabber:iq:register'>"
                               "<instructions>Choose a username and password.</instructions>"
                               "<username/><password/><email/></query>")
        t.line("/register localhost oldstyle")
        answer_password(t, "oldstyle@localhost")
        t.wait_for("Choose a username and password.", timeout=15)
        t.wait_for("Email address:", where=screen.input_line)
        t.line("old@mail.example")
        self.assertTrue(srv.done.wait(15), "nothing submitted: %r" % srv.error)
        self.assertIn("<username>oldstyle</username>", srv.submitted)
        self.assertIn("<password>%s</password>" % NEW_PW, srv.submitted)
        self.assertIn("<email>old@mail.example</email>", srv.submitted)
        self.assertNotIn("jabber:x:data", srv.submitted)
        t.wait_for("account oldstyle@localhost created", timeout=10)
        yes_no(t, "Save oldstyle@localhost in", "n")
        yes_no(t, "Log in as oldstyle@localhost now?", "n")

    LEGACY = ("<query xmlns='jabber:iq:register'><username/><password/><email/></query>")

    def test_escape_cancels(self):
        """Esc at a question ends the registration: nothing is submitted,
        the stream is closed, natter goes on (and quits cleanly)."""
        srv, t = self.scripted(self.LEGACY)
        t.line("/register localhost quitter")
        answer_password(t, "quitter@localhost")
        t.wait_for("Email address:", where=screen.input_line, timeout=15)
        t.type("half")
        t.keys("Escape")
        t.wait_for("could not create the account quitter@localhost: cancelled")
        t.wait_for("offline", where=screen.status_line)
        self.assertIsNone(srv.submitted)
        t.wait_for(re.compile(r"^>\s*$"), where=screen.input_line)
        self.quit_natter(t)

    def test_terminated_while_asking(self):
        """SIGTERM while a question waits: natter leaves cleanly (no leak, no
        crash: the sanitizers check) and submits nothing."""
        srv, t = self.scripted(self.LEGACY)
        t.line("/register localhost quitter")
        answer_password(t, "quitter@localhost")
        t.wait_for("Email address:", where=screen.input_line, timeout=15)
        os.kill(t.pid(), signal.SIGTERM)
        self.assertEqual(t.wait_exit(timeout=10), 0)
        self.assertIsNone(srv.submitted)

    def test_captcha_with_web_address(self):
        """A CAPTCHA picture is given as a web address; the typed answer and
        the hidden fields go back; a wrong answer is refused in words."""
        srv, t = self.scripted(
            "<query xmlns='jabber:iq:register'>"
            "<x xmlns='jabber:x:data' type='form'>"
            "<instructions>Prove you are human</instructions>"
            "<field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>"
            "<field type='hidden' var='challenge'><value>ch-42</value></field>"
            "<field type='text-single' var='username'><required/></field>"
            "<field type='text-private' var='password'><required/></field>"
            "<field var='ocr' label='Enter the text you see'><required/>"
            "<media xmlns='urn:xmpp:media-element'>"
            "<uri type='image/png'>cid:sha1+0123@bob.xmpp.org</uri>"
            "<uri type='image/png'>https://localhost/captcha/ch-42.png</uri>"
            "</media></field></x></query>",
            verdict="<iq type='error' id='%s'><error type='modify'><not-acceptable "
                    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
                    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Wrong CAPTCHA answer</text>"
                    "</error></iq>")
        t.line("/register localhost human")
        answer_password(t, "human@localhost")
        t.wait_for("https://localhost/captcha/ch-42.png", timeout=15)
        t.wait_for("This question comes with a picture")
        t.wait_for("Enter the text you see:", where=screen.input_line)
        t.line("x7k2q")
        self.assertTrue(srv.done.wait(15), "nothing submitted: %r" % srv.error)
        self.assertIn("<value>x7k2q</value>", srv.submitted)
        self.assertIn("<value>ch-42</value>", srv.submitted)
        self.assertIn("<value>human</value>", srv.submitted)
        t.wait_for("Wrong CAPTCHA answer", timeout=10)
        t.wait_for("could not create the account human@localhost")


if __name__ == "__main__":
    unittest.main()
