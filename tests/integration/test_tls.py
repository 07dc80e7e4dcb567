"""Refusing bad servers: broken certificates and servers without TLS.
In every case natter must say why in plain words and never send credentials."""

import os
import re
import unittest

from harness import PASSWORDS, FakeServer, NatterCase, plain_payloads, wait_until
import certs
import screen


class CertificateFailure:
    """Mixin: natter meets a server certificate it must not trust."""

    width = 200
    reason = None  # regex for the plain-words reason

    def test_refused_with_reason_and_fingerprint(self):
        """No login; console says why and shows the SHA-256 fingerprint; no
        SASL <auth> was ever sent."""
        t = self.natter(self.login_lines(), args=["-v"])
        t.wait_for(screen.ERROR_RE, timeout=15, where=screen.status_line)
        crt = self.server.certs.cert(self.cert)[0]
        t.wait_for(screen.fingerprint_re(certs.fingerprint(crt)))
        text = t.screen_text()
        self.assertRegex(text, self.reason)
        self.assertRegex(screen.status_line(t.screen()), self.reason)
        self.assertNotRegex(screen.status_line(t.screen()), screen.online_re())
        self.assertFalse(self.server.authenticated("alice"))
        # Prosody logs every stanza it receives: no SASL <auth> reached it
        self.assertNotIn("<auth", self.server.log_text())
        xml_log = os.path.join(self.state_dir(), "xml.log")
        wait_until(lambda: os.path.exists(xml_log), what="xml.log written")
        with open(xml_log, encoding="utf-8", errors="replace") as f:
            xml = f.read()
        self.assertIn("<starttls", xml, "xml.log does not show the stream at all")
        self.assertNotIn("<auth", xml)
        for payload in plain_payloads():
            self.assertNotIn(payload, xml)
        self.assertNotIn(PASSWORDS["alice"], xml)


class ExpiredCertificateTest(CertificateFailure, NatterCase):
    cert = "expired"
    reason = re.compile(r"expired", re.IGNORECASE)


class WrongHostCertificateTest(CertificateFailure, NatterCase):
    cert = "wronghost"
    reason = re.compile(r"another host|host ?name|wrong host", re.IGNORECASE)


class SelfSignedCertificateTest(CertificateFailure, NatterCase):
    cert = "selfsigned"
    reason = re.compile(r"self-signed|self signed|not (issued by )?a trusted", re.IGNORECASE)


class PlaintextRefusedTest(NatterCase):
    """A server that offers no STARTTLS (SASL PLAIN in the clear instead)."""

    start_server = False

    def test_no_starttls_refused(self):
        """natter refuses with a clear error and never sends credentials."""
        fake = FakeServer()
        self.addCleanup(fake.stop)
        rc = ["/set jid alice@localhost", "/set server 127.0.0.1", "/set port %d" % fake.port,
              "/set password %s" % PASSWORDS["alice"], "/connect"]
        t = self.natter(rc)
        t.wait_for(screen.ERROR_RE, timeout=15, where=screen.status_line)
        status = screen.status_line(t.screen())
        self.assertRegex(status, re.compile(r"TLS|encrypt", re.IGNORECASE), t.dump())
        wait_until(lambda: fake.connections >= 1, what="natter reached the fake server")
        self.assertIn(b"<stream:stream", fake.received, "natter never spoke to the fake server")
        self.assertNotIn(b"<auth", fake.received)
        for payload in plain_payloads():
            self.assertNotIn(payload.encode(), fake.received)
        self.assertNotIn(PASSWORDS["alice"].encode(), fake.received)
        self.assertNotRegex(status, screen.online_re())


if __name__ == "__main__":
    unittest.main()
