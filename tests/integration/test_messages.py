"""Chat messages in and out, checked on natter's screen and at the peer."""

import unittest

from harness import NatterCase
import screen

UTF8_TEXT = "héllo 世界 🎉"


class MessagesTest(NatterCase):

    def test_incoming_opens_tab_with_unread_count(self):
        """A message from bob opens a tab with "(1)"; focusing it shows the
        text and clears the count."""
        bob = self.peer("bob")
        t = self.natter_online()
        bob.send_message("alice@localhost", "knock knock, alice")
        t.wait_for(screen.unread_in_tab("bob", 1), where=screen.tab_bar)
        t.wait_for("[unread 1]", where=screen.status_line)
        number, unread = screen.find_tab(t.screen(), "bob")
        self.assertEqual((number, unread), (2, 1))
        t.keys("M-2")
        t.wait_for(screen.message_re("knock knock, alice", sender="bob"))
        t.wait_gone(screen.unread_in_tab("bob", 1))
        self.assertEqual(screen.find_tab(t.screen(), "bob"), (2, 0))
        self.assertNotIn("[unread", screen.status_line(t.screen()))
        # back to the console: the next message counts as unread again
        t.line("/tab 1")
        # the console must be in front before bob speaks: a slow natter
        # (valgrind) could still show bob's tab, and a message to the
        # focused tab is read, not unread
        t.wait_gone(screen.message_re("knock knock, alice", sender="bob"))
        bob.send_message("alice@localhost", "are you there?")
        t.wait_for(screen.unread_in_tab("bob", 1), where=screen.tab_bar)
        t.line("/tab 2")
        t.wait_for(screen.message_re("are you there?", sender="bob"))

    def test_outgoing_reaches_peer_exactly(self):
        """/msg and plain text typed in the chat tab reach the peer with the
        exact body, UTF-8 included."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.line("/msg bob@localhost hello from natter")
        self.assertEqual(bob.wait_message(), ("alice@localhost", "hello from natter"))
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar)
        tab = screen.find_tab(t.screen(), "bob")
        t.line("/tab %d" % tab[0])
        t.wait_for(screen.message_re("hello from natter"))
        t.line(UTF8_TEXT)
        frm, body = bob.wait_message()
        self.assertEqual(frm, "alice@localhost")
        self.assertEqual(body, UTF8_TEXT)
        self.assertEqual(body.encode("utf-8"), UTF8_TEXT.encode("utf-8"))
        t.wait_for(screen.message_re("héllo 世界"))
        for rec in bob.messages:
            self.assertEqual(rec.type, "chat")


if __name__ == "__main__":
    unittest.main()
