"""Finding people: /find against the user directory (XEP-0055) of a real
ejabberd (mod_vcard with search on, at vjud.localhost).

One ejabberd serves the whole class (it takes seconds to start); each test
starts its own natter logged in as alice, whose roster starts empty.
"""

import re
import time

from harness import PASSWORDS, NatterCase
import ejabberd
import screen

DIRECTORY = ejabberd.SEARCH_SERVICE
BOB_VCARD = {"FN": "Bob Builder", "NICKNAME": "bob"}


class FindTest(NatterCase):

    start_server = False  # no Prosody: the class's ejabberd serves every test

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ejabberd = ejabberd.Ejabberd(accounts=PASSWORDS, vcards={"bob": BOB_VCARD})
        try:
            cls.ejabberd.start()
        except Exception:
            cls.ejabberd.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.ejabberd.cleanup()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        # every test starts from an empty roster for alice
        for line in self.ejabberd.roster("alice").splitlines():
            contact = line.split()[0] if line.strip() else ""
            if "@" in contact:
                local, domain = contact.split("@", 1)
                self.ejabberd.ctl("delete_rosteritem", "alice", ejabberd.DOMAIN, local, domain)

    def natter_on_ejabberd(self):
        """natter logged in to the class's ejabberd as alice."""
        srv = self.ejabberd
        lines = ["/set jid %s" % srv.jid("alice"), "/set server 127.0.0.1",
                 "/set port %d" % srv.port, "/set cafile %s" % srv.cafile,
                 "/set password %s" % PASSWORDS["alice"], "/connect"]
        t = self.natter(lines)
        t.wait_for(screen.online_re("alice@localhost"), timeout=20, where=screen.status_line)
        return t

    def test_find_shows_directory_and_fields(self):
        """/find finds vjud.localhost through service discovery and lists the
        fields of its data form with their labels, and how to search."""
        t = self.natter_on_ejabberd()
        t.line("/find")
        t.wait_for("User directory %s (found on your server)" % DIRECTORY, timeout=15)
        t.wait_for(re.compile(r"\bnick\s+Nickname\b"))
        t.wait_for(re.compile(r"\bfn\s+Full Name\b"))
        t.wait_for("/find %s" % DIRECTORY)
        self.assertNotIn("FORM_TYPE", t.screen_text())
        # a field the directory does not have: the error names the real ones
        t.line("/find %s shoesize=42" % DIRECTORY)
        t.wait_for('has no field "shoesize"; its fields are: user,')

    def test_find_by_nick_and_add(self):
        """/find nick=bob lists bob@localhost (from his vCard); /find add 1 Bob
        puts him in the roster: the pane shows Bob and the server's roster
        has him, with a subscription request."""
        t = self.natter_on_ejabberd()
        t.line("/find nick=bob")
        t.wait_for(re.compile(r"1\. bob@localhost\s+Full Name: Bob Builder"), timeout=15)
        self.assertIn("1 person found", t.screen_text())
        t.line("/find add 1 Bob")
        t.wait_for(re.compile(r"adding bob@localhost"))
        t.wait_for(screen.roster_shows("Bob", "offline"), timeout=10)
        deadline = time.monotonic() + 10
        while "bob@localhost" not in self.ejabberd.roster("alice"):
            self.assertLess(time.monotonic(), deadline, "bob never reached alice's roster "
                            "on the server:\n" + self.ejabberd.roster("alice"))
            time.sleep(0.2)
        # nobody matches: said in words, and /find add has nothing to add
        t.line("/find %s nick=nobody-here" % DIRECTORY)
        t.wait_for("nobody matched the search", timeout=15)
        t.line("/find add 1")
        t.wait_for("no search results to add from")
