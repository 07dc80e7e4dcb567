"""Several accounts in natterrc: /account blocks, natter -a NAME, /account."""

import os
import unittest

from harness import PASSWORDS, NatterCase, wait_until
import screen


class AccountsTest(NatterCase):

    def accounts_rc(self):
        """A default natterrc with shared lines and two account blocks."""
        lines = ["# shared by every account",
                 "/set server 127.0.0.1",
                 "/set port %d" % self.server.port,
                 "/set cafile %s" % self.server.cafile,
                 "/account alice",
                 "/set jid %s" % self.server.jid("alice"),
                 "/set password %s" % PASSWORDS["alice"],
                 "/connect",
                 "/account bob",
                 "/set jid %s" % self.server.jid("bob"),
                 "/set password %s" % PASSWORDS["bob"],
                 "/connect"]
        return self.write_rc(lines, path=os.path.join(self.config_dir(), "natterrc"))

    def test_dash_a_picks_the_account(self):
        """natter -a bob logs in as bob only (alice's block never runs), keeps
        bob's history apart, and /account lists both with bob in use."""
        self.accounts_rc()
        t = self.natter(args=["-a", "bob"])
        t.wait_for(screen.online_re("bob@localhost"), timeout=15, where=screen.status_line)
        self.assertFalse(self.server.authenticated("alice"))
        t.line("/account")
        t.wait_for("bob — bob@localhost (in use)")
        t.wait_for("alice — alice@localhost")
        wait_until(lambda: os.path.exists(self.history_db("bob@localhost")),
                   what="bob's history database")
        self.assertFalse(os.path.exists(self.data_dir("alice@localhost")))
        t.line("/account alice")
        t.wait_for("start it with natter -a alice")
        self.quit_natter(t)

    def test_first_block_without_dash_a(self):
        """Without -a the first block is used."""
        self.accounts_rc()
        t = self.natter()
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        self.assertFalse(self.server.authenticated("bob"))
        t.line("/account")
        t.wait_for("alice — alice@localhost (in use)")

    def test_unknown_account(self):
        """-a with a name natterrc lacks says so and logs in nowhere."""
        self.accounts_rc()
        t = self.natter(args=["-a", "carol"])
        t.wait_for("-a carol: natterrc has no such account (it has: alice, bob)")
        self.assertNotIn("online", screen.status_line(t.screen()))
        self.assertFalse(self.server.authenticated("alice"))
        self.assertFalse(self.server.authenticated("bob"))


if __name__ == "__main__":
    unittest.main()
