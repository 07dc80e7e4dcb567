"""Authentication downgrades and hostile SCRAM servers (xmpp_server.py).

One natter per test; the scripted server changes its behaviour from one
connection to the next and the test types /connect between them (every
refusal here is permanent: natter must not retry by itself). Each attempt
checks the screen (the plain-words reason) and what the server received
(no password, nothing after the point of detection); at the end the debug
and XML logs must not hold the password."""

import base64
import os
import re
import time

import screen
import xmpp_server
from test_hostile_stream import StreamCase

PASSWORD = "alice-secret-pw"
NS_TLS = xmpp_server.NS_TLS
NS_SASL = xmpp_server.NS_SASL


def b64(text):
    return base64.b64encode(text.encode()).decode()


class AuthCase(StreamCase):
    """natter with -v against a per-connection scripted server."""

    width, height = 200, 40

    def natter_v(self, srv, extra=()):
        """natter logging in to srv as alice with debug and XML logs on."""
        lines = ["/set jid alice@localhost", "/set server 127.0.0.1",
                 "/set port %d" % srv.port, "/set cafile %s" % self.cafile,
                 "/set password %s" % PASSWORD, "/set reconnect_min 1",
                 "/set reconnect_max 2"] + list(extra) + ["/connect"]
        return self.natter(lines, args=["-v"])

    def attempt(self, t, srv, n, reason):
        """Connection n (0-based) was refused with reason on screen; returns it."""
        t.wait_for(reason, timeout=15)
        c = srv.wait_conns(n + 1)[n]
        srv.wait_closed(c, timeout=10)
        self.assertNotIn(PASSWORD.encode(), c.received)
        return c

    def reconnect(self, t):
        """/connect again (each attempt's reason has its own words)."""
        t.line("/connect")

    def assert_no_retry(self, srv, n):
        """No connection beyond the n natter was told to make (permanent)."""
        time.sleep(1.5)  # longer than reconnect_min (1 s) with its jitter
        self.assertEqual(len(srv.conns), n, "natter retried a permanent refusal")

    def assert_logs_clean(self, t):
        """Neither the screen nor debug.log nor xml.log holds the password."""
        self.assertNotIn(PASSWORD, t.screen_text())
        for name in ("debug.log", "xml.log"):
            path = os.path.join(self.state_dir(), name)
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    self.assertNotIn(PASSWORD, f.read(), name)


class NegotiationServer(xmpp_server.ScriptServer):
    """Connection 0: <failure/> to STARTTLS. 1: only legacy iq-auth after TLS.
    2: no STARTTLS, PLAIN offered in the clear."""

    def starttls(self, c):
        if self.conns.index(c) == 0:
            c.read_until(rb"<starttls[^>]*/>")
            c.send("<failure xmlns='%s'/>" % NS_TLS)
            c.stall(6)  # natter must leave by itself, at once
            c.close()
        return super().starttls(c)

    def features_plain(self, c):
        if self.conns.index(c) == 2:
            c.send("<stream:features><mechanisms xmlns='%s'><mechanism>PLAIN</mechanism>"
                   "</mechanisms></stream:features>" % NS_SASL)
            c.stall(6)
            c.close()
        return super().features_plain(c)

    def features_tls(self, c):
        if self.conns.index(c) == 1:
            c.send("<stream:features><auth xmlns='http://jabber.org/features/iq-auth'/>"
                   "</stream:features>")
            c.stall(6)
            c.close()
        return super().features_tls(c)


class NegotiationTest(AuthCase):

    def test_starttls_failure_legacy_auth_and_plaintext(self):
        """<failure/> to STARTTLS, legacy-only auth and no STARTTLS all end
        the login at once, for good, with nothing of the password sent."""
        srv = self.script_server(NegotiationServer)
        t = self.natter_v(srv)
        c = self.attempt(t, srv, 0, re.compile(r"answered STARTTLS with <failure/>"))
        self.assertLess(c.closed - c.accepted, 4, "natter did not leave after <failure/>")
        self.assertNotIn(b"<auth", c.received)
        self.assertEqual(c.ended, "eof")
        self.assert_no_retry(srv, 1)
        self.reconnect(t)
        c = self.attempt(t, srv, 1, re.compile(r"only legacy authentication \(XEP-0078\)"))
        after_tls = c.received.split(b"<starttls", 1)[1]
        self.assertNotIn(b"<iq", after_tls)
        self.assertNotIn(b"<auth", after_tls)
        self.assertLess(c.closed - c.accepted, 4)
        self.reconnect(t)
        c = self.attempt(t, srv, 2, re.compile(r"does not offer TLS"))
        self.assertNotIn(b"<auth", c.received)
        self.assert_no_retry(srv, 3)
        self.assertTrue(t.alive(), "natter died:\n" + t.dump())
        self.assert_logs_clean(t)


class HostileScramServer(xmpp_server.ScriptServer):
    """SCRAM-SHA-1 only; connection n answers with VARIANTS[n]."""

    VARIANTS = ("foreign nonce", "no iterations", "huge iterations", "malformed",
                "wrong signature")
    scram_iterations = 4096

    def scram_server_first(self, c, client_first_bare, client_nonce):
        first = super().scram_server_first(c, client_first_bare, client_nonce)
        salt = base64.b64encode(c.scram["salt"]).decode()
        v = self.VARIANTS[self.conns.index(c)]
        if v == "foreign nonce":
            c.scram["nonce"] = "attacker" + c.scram["nonce"][len(client_nonce):]
            return "r=%s,s=%s,i=4096" % (c.scram["nonce"], salt)
        if v == "no iterations":
            return "r=%s,s=%s,i=0" % (c.scram["nonce"], salt)
        if v == "huge iterations":
            return "r=%s,s=%s,i=2000000000" % (c.scram["nonce"], salt)
        if v == "malformed":
            return "r=%s" % c.scram["nonce"]
        return first

    def scram_server_final(self, c, server_signature, auth_message):
        wrong = bytes(b ^ 0x55 for b in server_signature)
        return super().scram_server_final(c, wrong, auth_message)


# libstrophe 0.12.2 frees its SCRAM state only in its challenge handler: a
# connection that ends mid-SCRAM (here: every attempt, on purpose) leaks 61
# bytes inside libstrophe (auth.c, scram_user_data). Its library is stripped,
# so the suppression can only name the module; it applies to this test alone.
LSAN_SUPP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan_libstrophe_scram.supp")


class HostileScramTest(AuthCase):

    def natter_env(self):
        env = super().natter_env()
        env["LSAN_OPTIONS"] = env["LSAN_OPTIONS"] + ":print_suppressions=0:suppressions=" + LSAN_SUPP
        return env

    def test_hostile_scram_aborts(self):
        """A foreign nonce, 0 or 2e9 iterations and a malformed first message
        abort before natter answers the challenge; a wrong server signature
        aborts before the stream goes on. Never retried by itself."""
        srv = self.script_server(HostileScramServer, mechanisms=("SCRAM-SHA-1",))
        t = self.natter_v(srv)
        reasons = (r"nonce that does not start with natter's", r"too few iterations",
                   r"too many iterations", r"malformed first message")
        for n, reason in enumerate(reasons):
            if n:
                self.reconnect(t)
            c = self.attempt(t, srv, n, re.compile(reason))
            self.assertIn(b"<auth", c.received, "natter never started SCRAM")
            self.assertNotIn(b"<response", c.received, "natter answered a hostile challenge")
        self.reconnect(t)
        c = self.attempt(t, srv, 4, re.compile(r"server signature wrong"))
        self.assertIn(b"<response", c.received)
        after = c.received.split(b"</response>", 1)[1]
        self.assertNotIn(b"<stream:stream", after, "natter went on after a wrong signature")
        self.assertNotIn(b"<bind", after)
        self.assertNotRegex(screen.status_line(t.screen()), screen.online_re())
        self.assertFalse(os.path.exists(os.path.join(self.data_dir(), "sasl-seen")))
        self.assert_no_retry(srv, 5)
        self.assertTrue(t.alive(), "natter died:\n" + t.dump())
        self.assert_logs_clean(t)


class DowngradeServer(xmpp_server.ScriptServer):
    """Connection 0 offers SCRAM-SHA-1 (and PLAIN); later ones only PLAIN."""

    def features_tls(self, c):
        first = self.conns.index(c) == 0
        self.mechanisms = ("SCRAM-SHA-1", "PLAIN") if first else ("PLAIN",)
        return super().features_tls(c)


class DowngradeTest(AuthCase):

    def test_plain_after_scram_refused_until_allowed(self):
        """After a SCRAM login, a server offering only PLAIN is refused with
        the setting that allows it; with the setting on, PLAIN logs in."""
        srv = self.script_server(DowngradeServer)
        t = self.natter_v(srv)
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        self.assertIn(b"mechanism=\"SCRAM-SHA-1\"", srv.conns[0].received.replace(b"'", b'"'))
        seen = os.path.join(self.data_dir(), "sasl-seen")
        self.assertEqual(os.stat(seen).st_mode & 0o777, 0o600)
        t.line("/disconnect")
        t.wait_for(re.compile(r"disconnected"), timeout=10)
        self.reconnect(t)
        c = self.attempt(t, srv, 1, re.compile(r"allow_plain_after_scram on"))
        self.assertNotIn(b"<auth", c.received)
        self.assert_no_retry(srv, 2)
        t.line("/set allow_plain_after_scram on")
        t.line("/connect")
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        self.assertIn(b"mechanism=\"PLAIN\"", srv.conns[2].received.replace(b"'", b'"'))
        self.assertTrue(t.alive(), "natter died:\n" + t.dump())
        self.assert_logs_clean(t)
