"""Hostile text end to end: nothing a peer or a server sends may act on the
terminal; it shows inert and the layout stays where it was.

XML 1.0 cannot carry ESC or BEL (Prosody and libstrophe's expat drop a
stream that tries), so over XMPP the hostile forms are the 8-bit C1
controls (U+009B is CSI, U+009D OSC, U+009C ST), bidi overrides, CR
(as &#13;) and line separators. Raw ESC and BEL do reach natter inside
certificate fields, which the TLS failure report prints: that path checks
the caret notation.
"""

import re
import unittest

from harness import NatterCase
import certs
import screen

# One body with every kind of hostile character XML allows, each wrapped in
# a marker so its sanitized form can be checked. The CR is sent as &#13;;
# Prosody passes it on as a raw CR, which natter's XML parser turns into a
# line feed: it must show as a line break, never move the cursor back over
# the line (which would overwrite "<Bob> S1[...").
HOSTILE_XML_BODY = ("S1[\u009b2J] S2[\u009d52;c;ZXZpbA==\u009c] S3[\u202eevil\u202c] "
                    "S4[a&#13;b] S5[x\u2028y] S6[\u0085] end-of-hostile")
EXPECTED = ("S1[\ufffd2J]", "S2[\ufffd52;c;ZXZpbA==\ufffd]", "S3[evil]", "S4[a",
            "b] S5[x y]", "S6[\ufffd]")
LINE_START = re.compile(r"\d\d:\d\d <Bob> S1\[", re.IGNORECASE)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069"
                         "\u2028\u2029]")


class LayoutChecks(NatterCase):
    """Checks shared by the hostile-text tests (no tests of its own)."""

    def assert_layout(self, t, status_pattern):
        """Tab bar on top, status line and input line at the bottom."""
        lines = t.screen()
        self.assertTrue(screen.tab_bar(lines).startswith("1:console"), t.dump())
        self.assertRegex(screen.status_line(lines), status_pattern, t.dump())
        t.type("zzinput")
        t.wait_for("zzinput", where=screen.input_line)
        t.keys("C-u")

    def assert_no_clipboard(self, t):
        """OSC 52 did not reach tmux (it would have made a paste buffer)."""
        self.assertEqual(t.tmux("list-buffers").strip(), "")


class SanitizeTest(LayoutChecks):

    def test_hostile_message_body(self):
        """C1 controls, bidi overrides, CR and separators in a body are inert."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.tmux("set-option", "-g", "set-clipboard", "on")
        t.wait_for(screen.roster_shows("Bob", "online"))
        bob.send_raw("<message to='alice@localhost' type='chat' id='hostile1'>"
                     "<body>%s</body></message>" % HOSTILE_XML_BODY)
        t.wait_for(screen.unread_in_tab("bob", 1), where=screen.tab_bar)
        t.keys("M-2")
        t.wait_for("end-of-hostile")
        text = t.screen_text()
        for expected in EXPECTED:
            self.assertIn(expected, text, t.dump())
        self.assertRegex(text, LINE_START)
        self.assertIsNone(RAW_CONTROL.search(text), t.dump())
        self.assert_layout(t, screen.online_re())
        self.assertEqual(screen.roster_glyph(t.screen(), "Bob"), screen.GLYPHS["online"])
        self.assert_no_clipboard(t)


class HostileCertificateTest(LayoutChecks):
    """A server certificate whose names carry raw terminal escapes."""

    cert = "hostile"
    width = 200

    def test_certificate_names_shown_inert(self):
        """ESC, BEL, CR, bidi and C1 from the certificate show in caret
        notation, the screen is not cleared and nothing was sent."""
        t = self.natter(self.login_lines(), args=["-v"])
        t.tmux("set-option", "-g", "set-clipboard", "on")
        t.wait_for(screen.ERROR_RE, timeout=15, where=screen.status_line)
        t.wait_for(screen.fingerprint_re(certs.fingerprint(self.server.certs.cert("hostile")[0])))
        text = t.screen_text()
        # The DNS name, as the certificate has it, with every control visible.
        caret_dns = certs.HOSTILE_DNS.replace("\x1b", "^[").replace("\x07", "^G")
        self.assertIn(caret_dns, text, t.dump())
        self.assertIsNone(RAW_CONTROL.search(text), t.dump())
        # Lines printed before the failure are still there: no clear screen.
        self.assertIn("connecting", text)
        self.assert_layout(t, screen.ERROR_RE)
        self.assert_no_clipboard(t)
        self.assertFalse(self.server.authenticated("alice"))
        self.assertNotIn("<auth", self.server.log_text())


if __name__ == "__main__":
    unittest.main()
