"""Corrections, retractions and reactions (XEP-0308/0424/0444) end to end
against a real Prosody with slixmpp peers: bob corrects, reacts to and
retracts his own messages and natter shows it; carol sends a correction, a
retraction and reactions naming bob's message id, and nothing changes.
alice's /correct, /react and /retract reach bob. The per-stanza checks (room
nick take-overs, occupant-ids, carbons, 10,000 reactions, huge emoji) are in
tests/unit/test_xmpp_edits.c."""

import re
import sqlite3
import time

from harness import NatterCase
import prosody
import screen

ROOM = "edits@" + prosody.MUC_DOMAIN

ALICE = "alice@localhost"
CORR = "urn:xmpp:message-correct:0"
RETR = "urn:xmpp:message-retract:1"
REACT = "urn:xmpp:reactions:0"
THUMBS = "\U0001F44D"
HEART = "\u2764"


def chat(to, mid, inner):
    """A raw chat message to 'to' with id mid and the inner XML."""
    return "<message to='%s' type='chat' id='%s'>%s</message>" % (to, mid, inner)


class EditsTest(NatterCase):

    def rows(self, sql, *args):
        """Rows of a query on alice's history database."""
        db = sqlite3.connect(self.history_db())
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def settle(self, t, peer, text, sender):
        """peer's stream is in order: once text shows in its tab, natter has
        handled everything peer sent before it."""
        peer.send_message(ALICE, text)
        t.wait_for(screen.tab_re(sender), where=screen.tab_bar, timeout=10)
        t.line("/msg %s@localhost" % sender)
        t.wait_for(screen.message_re(text, sender=sender), timeout=10)

    def test_edits_only_from_the_sender(self):
        bob = self.peer("bob")
        carol = self.peer("carol")
        t = self.natter_online()
        bob.send_raw(chat(ALICE, "b1", "<body>helo wrld</body>"))
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=10)
        t.line("/msg bob@localhost")
        t.wait_for(screen.message_re("helo wrld", sender="bob"), timeout=10)

        # carol names bob's message: a correction, a retraction, reactions
        carol.send_raw(chat(ALICE, "c1", "<body>carol was here</body>"
                            "<replace xmlns='%s' id='b1'/>" % CORR))
        carol.send_raw(chat(ALICE, "c2", "<retract xmlns='%s' id='b1'/>" % RETR))
        carol.send_raw(chat(ALICE, "c3", "<reactions xmlns='%s' id='b1'><reaction>%s"
                            "</reaction></reactions>" % (REACT, HEART)))
        # bob's correction of an id he never sent
        bob.send_raw(chat(ALICE, "b0", "<body>ghost text</body>"
                          "<replace xmlns='%s' id='nope'/>" % CORR))
        self.settle(t, carol, "carol is done", "carol")
        self.carol_text = t.screen_text()
        t.line("/msg bob@localhost")
        t.wait_for(screen.message_re("helo wrld", sender="bob"), timeout=10)
        text = t.screen_text()
        self.assertNotIn("carol was here", text + self.carol_text, t.dump())
        self.assertNotIn("ghost text", text, t.dump())
        self.assertNotIn("retracted", text, t.dump())
        self.assertNotIn(HEART, text, t.dump())

        # bob corrects and reacts to his own message
        bob.send_raw(chat(ALICE, "b2", "<body>hello world</body>"
                          "<replace xmlns='%s' id='b1'/>" % CORR))
        bob.send_raw(chat(ALICE, "b3", "<reactions xmlns='%s' id='b1'><reaction>%s"
                          "</reaction></reactions>" % (REACT, THUMBS)))
        t.wait_for(re.compile(r"<Bob>\s+hello world \(edited\)\s+" + THUMBS + " 1"), timeout=10)
        self.assertNotIn("helo wrld", t.screen_text(), t.dump())
        rows = self.rows("SELECT body, original, edit FROM messages WHERE id = 'b1'")
        self.assertEqual(rows, [("hello world", "helo wrld", 1)])

        # alice reacts, corrects and retracts; bob receives each
        t.line("/react " + HEART)
        got = bob.wait_stanza(lambda r: REACT in r.xml and HEART in r.xml, timeout=10,
                              what="alice's reaction")
        self.assertIn("id=\"b1\"", got.xml)
        t.wait_for(THUMBS + " 1  " + HEART + " 1", timeout=10)
        t.line("hi bob")
        first = bob.wait_stanza(lambda r: r.body == "hi bob", timeout=10, what="hi bob")
        t.line("/correct hi bob!")
        fixed = bob.wait_stanza(lambda r: CORR in r.xml, timeout=10, what="the correction")
        self.assertEqual(fixed.body, "hi bob!")
        self.assertIn("id=\"%s\"" % first.id, fixed.xml)
        t.wait_for(screen.own_message_re("hi bob! (edited)"), timeout=10)
        t.line("/retract")
        bob.wait_stanza(lambda r: RETR in r.xml, timeout=10, what="the retraction")

        # bob retracts his message: gone from the screen and the history
        bob.send_raw(chat(ALICE, "b4", "<retract xmlns='%s' id='b1'/>" % RETR))
        t.wait_for(re.compile(r"<Bob>\s+\[message retracted\]"), timeout=10)
        text = t.screen_text()
        self.assertNotIn("hello world", text, t.dump())
        self.assertEqual(self.rows("SELECT body, original, edit FROM messages WHERE id = 'b1'"),
                         [("", None, 2)])
        self.assertEqual(self.rows("SELECT count(*) FROM messages_fts WHERE messages_fts "
                                   "MATCH 'world'"), [(0,)])
        self.assertIsNotNone(t.pid())


class RoomEditsTest(NatterCase):
    server_options = dict(prosody.MUC_OPTIONS)

    def test_room_corrections_only_from_the_occupant(self):
        """In a room, carol's correction of bob's message is ignored (not
        even shown as a message); bob's own is shown edited."""
        bob = self.peer("bob")
        carol = self.peer("carol")
        bob.join_room(ROOM, "bob")
        carol.join_room(ROOM, "carol")
        t = self.natter_online()
        t.line("/join %s/alice" % ROOM)
        t.wait_for("you joined %s as alice" % ROOM)
        bob.wait_presence(ROOM + "/alice")
        bob.send_raw("<message to='%s' type='groupchat' id='g1'><body>room helo</body>"
                     "</message>" % ROOM)
        t.wait_for(screen.message_re("room helo", sender="bob"), timeout=10)
        carol.send_raw("<message to='%s' type='groupchat' id='k1'><body>carol edit</body>"
                       "<replace xmlns='%s' id='g1'/></message>" % (ROOM, CORR))
        carol.send_message(ROOM, "carol done", mtype="groupchat")
        t.wait_for(screen.message_re("carol done", sender="carol"), timeout=10)
        text = t.screen_text()
        self.assertNotIn("carol edit", text, t.dump())
        self.assertIn("room helo", text, t.dump())
        bob.send_raw("<message to='%s' type='groupchat' id='g2'><body>room hello</body>"
                     "<replace xmlns='%s' id='g1'/></message>" % (ROOM, CORR))
        t.wait_for(re.compile(r"<bob>\s+room hello \(edited\)"), timeout=10)
        self.assertNotIn("room helo\n", t.screen_text())
        self.assertIsNotNone(t.pid())
