"""Message states on screen (sending, sent, delivered, read, failed) and
chat states (XEP-0085), against a real Prosody and slixmpp peers."""

import re
import time
import unittest

from harness import NatterCase
import screen

ALICE = "alice@localhost"


class MessageStatesTest(NatterCase):

    def assert_state_stays(self, t, text, state, seconds=1.0):
        """text keeps showing state for a while (nothing moves it on by itself)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.assertEqual(screen.message_state(t.screen(), text), state, t.dump())
            time.sleep(0.1)

    def test_sending_sent_delivered_read(self):
        """A message to bob shows "…" while the server has not confirmed it
        (the server is frozen), "✓" once it has, "✓✓" after bob's receipt and
        "R" after bob's displayed marker; the marker also covers bob's
        earlier message (XEP-0333: everything up to that id was displayed)."""
        bob = self.peer("bob", receipts=False)
        t = self.natter_online()
        t.line("/msg bob@localhost")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar)
        self.server.freeze()
        t.line("state walk one")
        t.wait_for(screen.state_re("state walk one", "sending"), timeout=5)
        self.assert_state_stays(t, "state walk one", "sending", 1.0)
        self.server.thaw()
        t.wait_for(screen.state_re("state walk one", "sent"), timeout=10)
        first = bob.wait_received()
        self.assertEqual((first.bare, first.body), (ALICE, "state walk one"))
        self.assertTrue(first.request_receipt, "natter did not ask for a receipt: " + first.xml)
        self.assertTrue(first.markable, "natter's message is not markable: " + first.xml)
        # no receipt yet: it stays "sent"
        self.assert_state_stays(t, "state walk one", "sent", 1.0)

        t.line("state walk two")
        second = bob.wait_received()
        self.assertEqual(second.body, "state walk two")
        self.assertNotEqual(first.id, second.id)
        t.wait_for(screen.state_re("state walk two", "sent"), timeout=10)

        bob.send_receipt(first.frm, first.id)
        t.wait_for(screen.state_re("state walk one", "delivered"), timeout=10)
        self.assertEqual(screen.message_state(t.screen(), "state walk two"), "sent")
        bob.send_receipt(second.frm, second.id)
        t.wait_for(screen.state_re("state walk two", "delivered"), timeout=10)

        bob.send_displayed(second.frm, second.id)
        t.wait_for(screen.state_re("state walk two", "read"), timeout=10)
        t.wait_for(screen.state_re("state walk one", "read"), timeout=5)

    def test_receipt_from_ordinary_client(self):
        """slixmpp answering receipts on its own (a receipt with no type)
        takes the message to delivered."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.line("/msg bob@localhost receipts please")
        rec = bob.wait_received()
        self.assertEqual(rec.body, "receipts please")
        t.wait_for(screen.state_re("receipts please", "delivered"), timeout=10)

    def test_marker_from_someone_else_ignored(self):
        """A displayed marker from carol for a message alice sent bob does not
        mark it read: markers count only from the contact written to."""
        bob = self.peer("bob")
        carol = self.peer("carol")
        t = self.natter_online()
        t.line("/msg bob@localhost only bob may mark this")
        rec = bob.wait_received()
        t.wait_for(screen.state_re("only bob may mark this", "delivered"), timeout=10)
        carol.send_displayed(rec.frm, rec.id)
        # carol's stream is in order: once her next message shows, natter has
        # handled the marker before it
        carol.send_message(ALICE, "carol was here")
        t.wait_for(screen.tab_re("carol"), where=screen.tab_bar, timeout=10)
        self.assertEqual(screen.message_state(t.screen(), "only bob may mark this"),
                         "delivered", t.dump())

    def test_offline_contact_sent_then_delivered(self):
        """To carol, who is offline, a message reaches "✓" (the server stored
        it) and stays there; when carol logs in she gets it from offline
        storage, her receipt comes back and it shows "✓✓"."""
        t = self.natter_online()
        t.line("/msg carol@localhost for when you are back")
        t.wait_for(screen.state_re("for when you are back", "sent"), timeout=10)
        self.assert_state_stays(t, "for when you are back", "sent", 1.5)
        carol = self.peer("carol")
        rec = carol.wait_received(timeout=10)
        self.assertEqual((rec.bare, rec.body), (ALICE, "for when you are back"))
        self.assertIn("urn:xmpp:delay", rec.xml, "not delivered from offline storage")
        t.wait_for(screen.state_re("for when you are back", "delivered"), timeout=10)

    def test_server_error_shows_failed_with_reason(self):
        """A message to a user that does not exist bounces from Prosody with
        service-unavailable: it shows "✗" and the reason."""
        t = self.natter_online()
        t.line("/msg nobody@localhost is anyone there")
        m = t.wait_for(screen.state_re("is anyone there", "failed"), timeout=10)
        self.assertRegex(m.group(1), re.compile(r"unavailable", re.IGNORECASE),
                         "no reason shown:\n" + t.dump())

    def test_peer_error_shows_failed_with_text(self):
        """bob's client bounces a message with <message type='error'> and the
        same id: it shows "✗" with the error text bob gave."""
        bob = self.peer("bob", receipts=False)
        t = self.natter_online()
        t.line("/msg bob@localhost please bounce me")
        rec = bob.wait_received()
        t.wait_for(screen.state_re("please bounce me", "sent"), timeout=10)
        bob.send_error_reply(rec, "not-acceptable", "refused by bob")
        m = t.wait_for(screen.state_re("please bounce me", "failed"), timeout=10)
        self.assertIn("refused by bob", m.group(1), t.dump())

    def test_error_for_other_id_changes_nothing(self):
        """An error bounce with an id natter never used fails nothing."""
        bob = self.peer("bob", receipts=False)
        t = self.natter_online()
        t.line("/msg bob@localhost keep me sent")
        rec = bob.wait_received()
        t.wait_for(screen.state_re("keep me sent", "sent"), timeout=10)
        rec.id = "not-" + rec.id
        bob.send_error_reply(rec, "not-acceptable", "wrong id")
        bob.send_message(ALICE, "after the stray error")
        t.wait_for(screen.message_re("after the stray error"), timeout=10)
        self.assertEqual(screen.message_state(t.screen(), "keep me sent"), "sent", t.dump())


class ChatStatesTest(NatterCase):

    def test_peer_typing_shown(self):
        """bob's <composing/> shows "typing" for the focused chat; <paused/>
        ends it."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.line("/msg bob@localhost")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar)
        bob.send_chat_state(ALICE, "composing")
        t.wait_for(screen.typing_re("bob"), where=screen.status_line, timeout=10)
        bob.send_chat_state(ALICE, "paused")
        t.wait_gone(screen.typing_re("bob"), timeout=10)
        bob.send_chat_state(ALICE, "composing")
        t.wait_for(screen.typing_re("bob"), where=screen.status_line, timeout=10)
        # a message ends composing too
        bob.send_message(ALICE, "that is all for now")
        t.wait_for(screen.message_re("that is all for now", sender="bob"))
        t.wait_gone(screen.typing_re("bob"), timeout=10)

    def test_own_typing_sent(self):
        """Typing text in bob's chat tab sends bob <composing/> (a message
        without a body); typing a /command there sends nothing; the message
        itself carries <active/>."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.line("/msg bob@localhost")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar)

        def composing():
            return [r for r in list(bob.all_stanzas)
                    if r.bare == ALICE and r.chat_state == "composing"]

        t.type("/stat")
        time.sleep(1.5)
        self.assertEqual(composing(), [], "a /command being typed was announced")
        t.keys("C-u")
        t.type("a reply is com")
        rec = bob.wait_stanza(lambda r: r.bare == ALICE and r.chat_state == "composing",
                              timeout=10, what="composing from alice")
        self.assertEqual(rec.body, "", rec.xml)
        t.type("ing")
        t.keys("Enter")
        msg = bob.wait_received()
        self.assertEqual(msg.body, "a reply is coming")
        self.assertEqual(msg.chat_state, "active", msg.xml)


if __name__ == "__main__":
    unittest.main()
