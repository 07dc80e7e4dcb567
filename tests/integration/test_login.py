"""Logging in: STARTTLS with the test CA, direct TLS, the password prompt."""

import re
import time
import unittest

from harness import PASSWORDS, NatterCase
import screen


class LoginTest(NatterCase):

    def test_starttls_login_and_roster_presence(self):
        """natter logs in over STARTTLS, shows bob's presence and its changes."""
        mark = self.server.log_mark()
        t = self.natter_online()
        log = self.server.log_since(mark)
        self.assertIn("Stream encrypted", log, "the c2s stream was not upgraded with STARTTLS")
        self.assertIn("Authenticated as alice@localhost", log)
        self.assertRegex(log, r"New connection FD \d+ \(127\.0\.0\.1, \d+, 127\.0\.0\.1, %d\)"
                         % self.server.port, "natter did not use the STARTTLS port")
        # bob is a roster contact but offline
        t.wait_for(screen.roster_shows("Bob", "offline"))
        bob = self.peer("bob")
        t.wait_for(screen.roster_shows("Bob", "online"))
        bob.set_presence("away", "out for lunch")
        t.wait_for(screen.roster_shows("Bob", "away"))
        bob.set_presence("dnd")
        t.wait_for(screen.roster_shows("Bob", "dnd"))
        bob.stop()
        t.wait_for(screen.roster_shows("Bob", "offline"))
        self.assertEqual(screen.roster_glyph(t.screen(), "Carol"), screen.GLYPHS["offline"])

    def test_direct_tls(self):
        """/set direct_tls on logs in through Prosody's direct TLS port."""
        mark = self.server.log_mark()
        t = self.natter(self.login_lines(direct_tls=True))
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        log = self.server.log_since(mark)
        self.assertRegex(log, r"New connection FD \d+ \(127\.0\.0\.1, \d+, 127\.0\.0\.1, %d\)"
                         % self.server.tls_port)
        self.assertNotRegex(log, r"New connection FD \d+ \(127\.0\.0\.1, \d+, 127\.0\.0\.1, %d\)"
                            % self.server.port, "natter also connected to the STARTTLS port")
        self.assertIn("Authenticated as alice@localhost", log)
        # the connection was TLS from the first byte: Prosody never offered STARTTLS on it
        self.assertIn("Stream encrypted", log)

    def test_password_prompt(self):
        """Without a password, /connect asks on the input line, hides what is
        typed, and logs in with it."""
        t = self.natter(self.login_lines(password=False))
        t.wait_for(re.compile("password", re.IGNORECASE), where=screen.input_line)
        secret = PASSWORDS["alice"]
        t.type(secret)
        # no visible change to wait for: give natter time to draw what it got
        time.sleep(0.5)
        self.assertNotIn(secret, t.screen_text())
        self.assertNotIn(secret[:6], t.screen_text())
        t.keys("Enter")
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        self.assertNotIn(secret, t.screen_text())
        self.assertTrue(self.server.authenticated("alice"))


if __name__ == "__main__":
    unittest.main()
