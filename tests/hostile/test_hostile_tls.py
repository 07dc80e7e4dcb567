"""Certificates: pinning with /tls trust, a changed pinned certificate, and
certificates natter must refuse (not yet valid, issued by a non-CA).

The scripted server (xmpp_server.py) presents a different certificate on
each connection; the test types /connect (or /tls trust) between them.
Every refusal must come before authentication: the server checks that no
<auth> arrived."""

import os
import re
import time

import certs
import screen
import xmpp_server
from test_hostile_stream import StreamCase

PASSWORD = "alice-secret-pw"


def pretty(hexfp):
    """AB:CD:... form of a fingerprint."""
    return ":".join(hexfp[i:i + 2] for i in range(0, len(hexfp), 2)).upper()


class CertServer(xmpp_server.ScriptServer):
    """Connection n presents certificate variant self.plan[n] (the last one
    after the plan runs out)."""

    plan = ("good",)
    made = None

    def tls_handshake(self, c):
        n = min(self.conns.index(c), len(self.plan) - 1)
        c.start_tls(*self.made.cert(self.plan[n]))


class TlsCase(StreamCase):

    width, height = 200, 45

    def cert_server(self, plan):
        """A CertServer presenting the variants of plan in turn."""
        work = os.path.join(self.tmp, "certs")
        self.made = certs.make_certs(work)
        self.cafile = self.made.cafile
        cls = type("Plan", (CertServer,), {"plan": tuple(plan), "made": self.made})
        srv = cls(*self.made.cert("good")).start()
        self.addCleanup(srv.stop)
        return srv

    def fp(self, variant):
        return certs.fingerprint(self.made.cert(variant)[0])

    def refused(self, t, srv, n, reason):
        """Connection n ended before authentication, with reason on screen."""
        t.wait_for(reason, timeout=15)
        c = srv.wait_conns(n + 1)[n]
        srv.wait_closed(c, timeout=10)
        self.assertNotIn(b"<auth", c.received, "credentials were sent")
        self.assertNotIn(PASSWORD.encode(), c.received)
        return c

    def online(self, t):
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)


class PinTest(TlsCase):

    def test_pin_selfsigned_then_changed_certificates(self):
        """Self-signed refused; /tls trust pins it and connects; a pinned
        account refuses a different certificate (not verified, then one the
        CA vouches for) side by side with the pin; another account is not
        helped by the pin; /tls forget removes it."""
        srv = self.cert_server(["selfsigned", "selfsigned", "expired", "good", "selfsigned",
                                "good"])
        t = self.natter_on(srv)
        self_fp = self.fp("selfsigned")
        self.refused(t, srv, 0, re.compile(r"/tls trust " + re.escape(pretty(self_fp))))
        time.sleep(1.5)
        self.assertEqual(len(srv.conns), 1, "natter retried a refused certificate")
        # pinned: the same self-signed certificate now logs in (case and colons free)
        t.line("/tls trust " + pretty(self_fp).lower())
        self.online(t)
        pins = os.path.join(self.data_dir(), "trust")
        self.assertEqual(os.stat(pins).st_mode & 0o777, 0o600)
        self.assertEqual(os.stat(self.data_dir()).st_mode & 0o777, 0o700)
        with open(pins) as f:
            self.assertIn("tls localhost " + self_fp, f.read())
        t.line("/tls")
        t.wait_for(re.compile(r"TLS pin for alice@localhost at localhost: "
                              + re.escape(pretty(self_fp))))
        t.line("/disconnect")
        t.wait_for(re.compile(r"disconnected"), timeout=10)
        # a changed certificate that does not verify: refused side by side
        t.line("/connect")
        self.refused(t, srv, 2, re.compile(r"presented: " + re.escape(pretty(self.fp("expired")))))
        self.assert_side_by_side(t, "expired")
        # a changed certificate the CA vouches for: refused all the same
        t.line("/connect")
        self.refused(t, srv, 3, re.compile(r"presented: " + re.escape(pretty(self.fp("good")))))
        self.assert_side_by_side(t, "good")
        time.sleep(1.5)
        self.assertEqual(len(srv.conns), 4, "natter retried a changed certificate")
        # another account (another domain) gets nothing from alice's pin
        t.line("/set jid alice@example.net")
        t.line("/connect")
        c = self.refused(t, srv, 4, re.compile(r"failed for example\.net"))
        self.assertNotRegex(screen.status_line(t.screen()), screen.online_re())
        # forgetting the pin: the CA-valid certificate is fine again
        t.line("/set jid alice@localhost")
        t.line("/tls forget")
        t.wait_for(re.compile(r"TLS pin for alice@localhost at localhost removed"))
        t.line("/connect")
        self.online(t)
        self.assertTrue(t.alive(), t.dump())

    def assert_side_by_side(self, t, variant):
        """The pinned and presented fingerprints one above the other, and how to accept."""
        lines = t.screen_text().splitlines()
        new = pretty(self.fp(variant))
        at = max(i for i, line in enumerate(lines) if "presented: " + new in line)
        self.assertIn("pinned:    " + pretty(self.fp("selfsigned")), lines[at - 1])
        self.assertEqual(lines[at - 1].index("pinned:"), lines[at].index("presented:"))
        self.assertIn("/tls trust " + new, t.screen_text())
        self.assertRegex(t.screen_text(), r"CHANGED")


class BadCertificateTest(TlsCase):

    def test_not_yet_valid_and_non_ca_issuer_refused(self):
        """A certificate valid only from next week, and one issued by a
        certificate that is not a CA: refused in plain words with the
        fingerprint, before authentication."""
        srv = self.cert_server(["notyet", "badca"])
        t = self.natter_on(srv)
        self.refused(t, srv, 0, re.compile(r"not valid yet"))
        t.wait_for(screen.fingerprint_re(self.fp("notyet")))
        t.line("/connect")
        self.refused(t, srv, 1, re.compile(r"not a certificate authority"))
        self.assertNotRegex(screen.status_line(t.screen()), screen.online_re())
        self.assertTrue(t.alive(), t.dump())
