"""The local history database: conversations and unread counts survive a
restart of natter, /search finds words with context, /history export writes
a private plain-text file. The server keeps no archive here, so whatever
comes back after a restart came from natter's own history."""

import os
import sqlite3
import stat
import time
import unittest

from harness import NatterCase, wait_until
import prosody
import screen

ALICE = "alice@localhost"


class HistoryTest(NatterCase):

    def restart(self, t):
        """Quit natter and start it again, online."""
        self.quit_natter(t)
        return self.natter_online()

    def test_conversation_survives_restart(self):
        """After a restart, opening bob's tab shows the earlier messages in
        order, ours still marked delivered. The database is private."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.line("/msg bob@localhost first from alice")
        self.assertEqual(bob.wait_message(), (ALICE, "first from alice"))
        t.wait_for(screen.state_re("first from alice", "delivered"), timeout=10)
        bob.send_message(ALICE, "reply from bob")
        t.wait_for(screen.message_re("reply from bob", sender="bob"), timeout=10)
        t.line("and a last word")
        self.assertEqual(bob.wait_message()[1], "and a last word")
        t.wait_for(screen.state_re("and a last word", "delivered"), timeout=10)

        t2 = self.restart(t)
        self.assertFalse(screen.message_rows(t2.screen(), "reply from bob"))
        t2.line("/msg bob@localhost")
        texts = ["first from alice", "reply from bob", "and a last word"]
        for text in texts:
            t2.wait_for(screen.message_re(text), timeout=10)
        lines = t2.screen()
        rows = [screen.message_rows(lines, text) for text in texts]
        self.assertEqual([len(r) for r in rows], [1, 1, 1], t2.dump())
        self.assertEqual([r[0] for r in rows], sorted(r[0] for r in rows), t2.dump())
        self.assertTrue(screen.message_rows(lines, "reply from bob", sender="bob"))
        self.assertEqual(screen.message_state(lines, "first from alice"), "delivered")
        self.assertEqual(screen.message_state(lines, "and a last word"), "delivered")

        db = self.history_db()
        self.assertEqual(stat.S_IMODE(os.stat(db).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(db)).st_mode), 0o700)

    def test_unread_survives_restart(self):
        """Two unread messages from bob: after a restart the tab bar and the
        status line still count them; opening the tab shows the marker line
        between what was read and what was not, and clears the count."""
        bob = self.peer("bob")
        t = self.natter_online()
        bob.send_message(ALICE, "already read")
        t.wait_for(screen.unread_in_tab("bob", 1), where=screen.tab_bar, timeout=10)
        t.line("/msg bob@localhost")
        t.wait_for(screen.message_re("already read", sender="bob"))
        t.wait_gone(screen.unread_in_tab("bob", 1))
        t.keys("M-1")
        t.wait_gone("already read")
        bob.send_message(ALICE, "unread one")
        bob.send_message(ALICE, "unread two")
        t.wait_for(screen.unread_in_tab("bob", 2), where=screen.tab_bar, timeout=10)

        t2 = self.restart(t)
        t2.wait_for(screen.unread_in_tab("bob", 2), where=screen.tab_bar, timeout=10)
        t2.wait_for("[unread 2]", where=screen.status_line, timeout=5)
        number = screen.find_tab(t2.screen(), "bob")[0]
        t2.keys("M-%d" % number)
        t2.wait_for(screen.message_re("unread two", sender="bob"), timeout=10)
        t2.wait_for(screen.UNREAD_MARKER, timeout=5)
        lines = t2.screen()
        markers = screen.marker_rows(lines)
        self.assertEqual(len(markers), 1, t2.dump())
        read_row = screen.message_rows(lines, "already read")
        unread_row = screen.message_rows(lines, "unread one")
        self.assertEqual((len(read_row), len(unread_row)), (1, 1), t2.dump())
        self.assertLess(read_row[0], markers[0], t2.dump())
        self.assertLess(markers[0], unread_row[0], t2.dump())
        t2.wait_gone(screen.unread_in_tab("bob", 2))
        self.assertNotIn("[unread", screen.status_line(t2.screen()))

    def chat_for_search(self, t, bob):
        """Messages in two conversations for the search tests."""
        bob.send_message(ALICE, "we bought a xylophone yesterday")
        bob.send_message(ALICE, "bob hates marmalade jam")
        t.wait_for(screen.unread_in_tab("bob", 2), where=screen.tab_bar, timeout=10)
        t.line("/msg bob@localhost nobody needs a xylophone")
        t.line("/msg carol@localhost carol likes marmalade toast")
        t.wait_for(screen.message_re("carol likes marmalade toast"))
        t.line("/tab 1")
        t.wait_gone("carol likes marmalade toast")

    def test_search_with_context(self):
        """/search finds a word in every conversation and shows each hit with
        the words around it; /search -c JID only looks in that conversation;
        text that looks like search syntax is only text."""
        bob = self.peer("bob")
        # wide enough that a hit with its date, JID and sender fits one row
        t = self.natter_online(width=160)
        self.chat_for_search(t, bob)
        t.line("/search -c carol@localhost marmalade")
        t.wait_for(screen.search_hit_re("likes", "marmalade"), timeout=10)
        self.assertNotIn("hates", t.screen_text(), "a hit from outside carol's chat:\n"
                         + t.dump())
        t.line("/search marmalade")
        t.wait_for(screen.search_hit_re("hates", "marmalade"), timeout=10)
        t.line("/search xylophone")
        t.wait_for(screen.search_hit_re("bought a", "xylophone"), timeout=10)
        t.wait_for(screen.search_hit_re("needs a", "xylophone"), timeout=10)
        # as FTS5 syntax this would match "marmalade" (prefix) OR ...
        query = "marm* OR NEAR(xylo"
        t.line("/search " + query)
        m = t.wait_for(screen.search_summary_re(query), timeout=10)
        self.assertEqual(m.group(1), "0", t.dump())
        t.line("/search -c bob@localhost yesterday")
        t.wait_for(screen.search_hit_re("xylophone", "yesterday"), timeout=10)
        # selecting a hit jumps there: bob's tab, scrolled to the message
        t.line("/jump 1")
        t.wait_for(screen.message_re("we bought a xylophone yesterday", sender="bob"),
                   timeout=10)
        self.assertEqual(screen.find_tab(t.screen(), "bob")[0], 2)
        self.assertNotIn("[1]", "\n".join(screen.body_rows(t.screen())), t.dump())
        t.line("/jump 9")
        t.line("/tab 1")
        t.wait_for("no hit 9")


    def test_history_export(self):
        """/history export JID FILE writes the conversation as plain text,
        one line per message in order, in a file only the user can read."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.line("/msg bob@localhost export me first")
        self.assertEqual(bob.wait_message()[1], "export me first")
        bob.send_message(ALICE, "then bob answers")
        t.wait_for(screen.message_re("then bob answers", sender="bob"), timeout=10)
        t.line("export me last")
        self.assertEqual(bob.wait_message()[1], "export me last")
        out = os.path.join(self.tmp, "exports", "bob.txt")
        os.makedirs(os.path.dirname(out))
        t.line("/history export bob@localhost %s" % out)
        wait_until(lambda: os.path.exists(out), timeout=10, what="export file " + out)
        time.sleep(0.2)  # written atomically, but be sure it is complete
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        with open(out, encoding="utf-8") as f:
            text = f.read()
        expected = [("export me first", screen.OWN_LABEL), ("then bob answers", "bob"),
                    ("export me last", screen.OWN_LABEL)]
        at = []
        for body, sender in expected:
            m = screen.export_line_re(body, sender).search(text)
            self.assertIsNotNone(m, "%r not exported as a line from %s:\n%s"
                                 % (body, sender, text))
            at.append(m.start())
        self.assertEqual(at, sorted(at), text)
        self.assertEqual(len([ln for ln in text.splitlines() if ln.strip()]), 3, text)



class SharedHistoryTest(NatterCase):
    server_options = prosody.MAM_OPTIONS

    def test_two_natters_share_the_history(self):
        """Two natters on the same account (two resources) write the same
        history database at the same time: both keep working and show every
        message, the database stays intact and holds each message once (our
        server's stanza-ids tell copies apart)."""
        bob = self.peer("bob")
        one = self.natter_online(settings={"resource": "one"})
        two = self.natter(self.login_lines(settings={"resource": "two"}))
        two.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        for i in range(20):
            bob.send_message(ALICE, "shared %02d" % i)
        for t in (one, two):
            t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=15)
            t.keys("M-2")
            t.wait_for(screen.message_re("shared 19", sender="bob"), timeout=15)
            t.wait_for(screen.message_re("shared 05", sender="bob"), timeout=5)
        self.quit_natter(one)
        self.quit_natter(two)
        db = sqlite3.connect(self.history_db())
        try:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            bodies = [r[0] for r in db.execute(
                "SELECT body FROM messages WHERE body LIKE 'shared %' ORDER BY body")]
        finally:
            db.close()
        self.assertEqual(bodies, ["shared %02d" % i for i in range(20)])


if __name__ == "__main__":
    unittest.main()
