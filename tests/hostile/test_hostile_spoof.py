"""Who may say what, against a real Prosody: bob (a contact) forges what
Prosody lets through, since it stamps from= on everything a client sends:
roster pushes sent to alice's full JID, PEP bookmark events, delay stamps,
MAM <result/> wrappers and stanza-ids. None of it may take effect. Forged
carbons are tests/integration/test_carbons.py; IQ answers raced from the
wrong sender and per-handler checks are tests/unit/test_xmpp_spoof.c and
the unit tests of each handler."""

import sqlite3
import time
import unittest

from harness import NatterCase
import prosody
import screen

ALICE = "alice@localhost"
ALICE_FULL = "alice@localhost/natter"


def stamp(t):
    """XEP-0082 UTC date-time of the epoch seconds t."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def history_rows(case, sql, *args):
    """Rows of a query on alice's history database in test case."""
    db = sqlite3.connect(case.history_db())
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


class SpoofTest(NatterCase):

    def settle(self, t, bob, text):
        """bob's stream is in order: once his plain message text shows in his
        tab, natter has handled everything he sent before it."""
        bob.send_message(ALICE, text)
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=10)
        t.line("/msg bob@localhost")
        t.wait_for(screen.message_re(text, sender="bob"), timeout=10)

    def test_forged_roster_push(self):
        """bob sends roster pushes to natter's full JID (Prosody delivers
        them with from=bob): one adding "Evil Twin", one removing carol.
        natter answers service-unavailable, and the roster pane still shows
        carol and no Evil Twin."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.wait_for("Carol", timeout=10)
        add = bob.iq(ALICE_FULL, "<query xmlns='jabber:iq:roster'><item "
                     "jid='mallory@localhost' name='Evil Twin'/></query>", itype="set")
        remove = bob.iq(ALICE_FULL, "<query xmlns='jabber:iq:roster'><item "
                        "jid='carol@localhost' subscription='remove'/></query>", itype="set")
        for answer in (add, remove):
            self.assertIn("type=\"error\"", answer)
            self.assertIn("service-unavailable", answer)
        self.settle(t, bob, "after the pushes")
        text = t.screen_text()
        self.assertNotIn("Evil Twin", text, t.dump())
        self.assertIn("Carol", text, t.dump())

    def test_forged_pep_bookmarks(self):
        """bob sends headline messages that look like PEP notifications of
        alice's own bookmarks (XEP-0402, and XEP-0048's node) with autojoin:
        no room is bookmarked, joined or opened."""
        bob = self.peer("bob")
        t = self.natter_online()
        item = ("<item id='trap@conference.localhost'><conference xmlns='%s' "
                "name='Trap' autojoin='true'><nick>alice</nick></conference></item>")
        for node in ("urn:xmpp:bookmarks:1", "storage:bookmarks"):
            payload = ("<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                       "<items node='%s'>%s</items></event>" % (node, item % node))
            for to in (ALICE, ALICE_FULL):
                bob.send_raw("<message to='%s' type='headline'>%s</message>" % (to, payload))
        self.settle(t, bob, "after the events")
        t.line("/bookmark")
        time.sleep(0.5)
        text = t.screen_text()
        self.assertNotIn("trap", text.lower(), t.dump())
        self.assertIsNone(screen.find_tab(t.screen(), "trap"), t.dump())

    def test_forged_delay_stamps(self):
        """bob dates a live message three hours ahead and another in 1970:
        both take the arrival time, so neither sorts after a message that
        arrives later nor is buried at the top of the history."""
        bob = self.peer("bob")
        t = self.natter_online()
        start = time.time()
        for body, when in (("from the future", stamp(start + 3 * 3600)),
                           ("from 1970", "1970-01-01T00:00:01Z")):
            bob.send_raw("<message to='%s' type='chat' id='%s'><body>%s</body>"
                         "<delay xmlns='urn:xmpp:delay' from='localhost' stamp='%s'/>"
                         "</message>" % (ALICE, body.replace(" ", "-"), body, when))
        self.settle(t, bob, "arrived later")
        lines = t.screen()
        future = screen.message_rows(lines, "from the future")
        later = screen.message_rows(lines, "arrived later")
        self.assertTrue(future and later, t.dump())
        self.assertLess(future[0], later[0], "a future stamp sorted last:\n" + t.dump())
        self.quit_natter(t)
        for body in ("from the future", "from 1970"):
            (ts,), = history_rows(self, "SELECT ts FROM messages WHERE body = ?", body)
            self.assertGreaterEqual(ts, int(start) - 5, body)
            self.assertLessEqual(ts, int(time.time()) + 5, body)


class ArchiveSpoofTest(NatterCase):
    server_options = prosody.MAM_OPTIONS

    def test_forged_archive_and_stanza_id(self):
        """With an archive on the server: bob wraps a message "from carol"
        in a MAM <result/> (to the full and the bare JID), and sends a live
        message carrying a stanza-id by=alice's own JID. The wrapped text
        never shows nor reaches the history, no tab opens for carol, and the
        forged stanza-id is not stored (Prosody's mod_mam also strips
        stanza-ids by our JID from outside; the unit tests cover natter's
        own by= and from= checks)."""
        bob = self.peer("bob")
        t = self.natter_online()
        wrapped = ("<result xmlns='urn:xmpp:mam:2' queryid='%s' id='forged-arch-1'>"
                   "<forwarded xmlns='urn:xmpp:forward:0'>"
                   "<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>"
                   "<message xmlns='jabber:client' from='carol@localhost/x' to='%s' "
                   "type='chat'><body>forged archive text</body></message>"
                   "</forwarded></result>")
        for qid in ("natter", "0", ""):
            for to in (ALICE, ALICE_FULL):
                bob.send_raw("<message to='%s'>%s</message>" % (to, wrapped % (qid, ALICE)))
        bob.send_raw("<message to='%s' type='chat' id='sid-1'><body>claims an archive id"
                     "</body><stanza-id xmlns='urn:xmpp:sid:0' by='%s' id='forged-sid-1'/>"
                     "</message>" % (ALICE, ALICE))
        bob.send_message(ALICE, "after the forgeries")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=10)
        t.line("/msg bob@localhost")
        t.wait_for(screen.message_re("after the forgeries", sender="bob"), timeout=10)
        self.assertIsNone(screen.find_tab(t.screen(), "carol"), t.dump())
        self.assertNotIn("forged archive text", t.screen_text())
        self.quit_natter(t)
        raw = self.history_bytes()
        self.assertFalse(b"forged archive text" in raw, "forged archive text in the history")
        self.assertFalse(b"forged-arch-1" in raw, "forged archive id in the history")
        rows = history_rows(self, "SELECT stanza_id FROM messages WHERE body = ?", "claims an archive id")
        self.assertEqual(len(rows), 1, rows)
        self.assertNotEqual(rows[0][0], "forged-sid-1", rows)


if __name__ == "__main__":
    unittest.main()
