"""The natterrc file and the -v logs."""

import os
import re
import stat
import unittest

from harness import PASSWORDS, NatterCase, plain_payloads, read_text, wait_until
import screen


def file_mode(path):
    """Permission bits of a file."""
    return stat.S_IMODE(os.stat(path).st_mode)


class ConfigTest(NatterCase):

    def test_errors_reported_and_rest_runs(self):
        """Bad lines give "natterrc:N: ..." in the console, the other lines
        still run (natter connects), and a 0644 natterrc becomes 0600."""
        login = self.login_lines()
        lines = ["# natterrc written by the test",
                 login[0],                      # 2: /set jid
                 "/frobnicate now",             # 3: unknown command
                 "/set port not-a-number",      # 4: bad value
                 "/set no_such_setting 1",      # 5: unknown setting
                 ""] + login[1:]
        rc = os.path.join(self.config_dir(), "natterrc")
        self.write_rc(lines, path=rc, mode=0o644)
        self.assertEqual(file_mode(rc), 0o644)
        t = self.natter()   # no -c: the default $XDG_CONFIG_HOME/natter/natterrc
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        text = t.screen_text()
        for n in (3, 4, 5):
            self.assertRegex(text, screen.rc_error_re("natterrc", n), t.dump())
        for n in (1, 2, 6, 7, 8, 9, 10, 11):
            self.assertNotRegex(text, screen.rc_error_re("natterrc", n), t.dump())
        self.assertRegex(text, re.compile(r"frobnicate", re.IGNORECASE))
        self.assertEqual(file_mode(rc), 0o600)


class VerboseLogTest(NatterCase):
    """-v logs, with the server offering only SASL PLAIN so that an unredacted
    log would hold base64 of "\\0alice\\0password"."""

    server_options = {"extra_config": 'disable_sasl_mechanisms = { "SCRAM-SHA-1", '
                                      '"SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", '
                                      '"SCRAM-SHA-256-PLUS", "DIGEST-MD5" }'}

    def test_logs_private_and_without_secrets(self):
        """debug.log and xml.log exist, are 0600, and hold neither the
        password nor the SASL payload."""
        bob = self.peer("bob")
        t = self.natter(self.login_lines(), args=["-v"])
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        t.line("/msg bob@localhost logged hello")
        self.assertEqual(bob.wait_message(), ("alice@localhost", "logged hello"))
        self.assertRegex(self.server.log_text(), r"Offering usable mechanisms: PLAIN\n")
        debug = os.path.join(self.state_dir(), "debug.log")
        xml = os.path.join(self.state_dir(), "xml.log")
        wait_until(lambda: os.path.exists(debug) and os.path.exists(xml), what="logs exist")
        wait_until(lambda: "logged hello" in read_text(xml), timeout=5,
                   what="the sent message in xml.log")
        for path in (debug, xml):
            self.assertEqual(file_mode(path), 0o600, path)
            text = read_text(path)
            self.assertTrue(text.strip(), "%s is empty" % path)
            self.assertNotIn(PASSWORDS["alice"], text, path)
            for payload in plain_payloads():
                self.assertNotIn(payload, text, path)
        # the SASL exchange was logged, with its content withheld
        self.assertRegex(read_text(xml), r"<auth[^>]*PLAIN")
        self.assertEqual(self.server.authenticated("alice"), True)


if __name__ == "__main__":
    unittest.main()
