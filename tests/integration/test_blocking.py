"""XEP-0191 blocking against Prosody's mod_blocklist: /block stops bob's
messages, /blocked lists what the server keeps (changes made by another
device of ours included), /unblock lets messages through again."""

import time
import unittest

from harness import NatterCase
import screen


class BlockingTest(NatterCase):
    width, height = 140, 40

    def test_block_stops_messages(self):
        """After /block bob, his message never reaches natter; after
        /unblock the next one does."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        t.line("/block bob@localhost")
        t.wait_for("blocked bob@localhost: nothing they send reaches you", timeout=15)
        bob.send_message("alice@localhost", "you should never see this")
        bob.sync()
        t.line("/blocked")
        t.wait_for("you block 1 JID:")
        t.wait_for("  bob@localhost")
        t.line("/unblock bob@localhost")
        t.wait_for("unblocked bob@localhost", timeout=15)
        bob.send_message("alice@localhost", "and now you hear me")
        t.wait_for(screen.unread_in_tab("bob", 1), where=screen.tab_bar, timeout=15)
        number, _ = screen.find_tab(t.screen(), "bob")
        t.line("/tab %d" % number)
        t.wait_for(screen.message_re("and now you hear me", sender="bob"))
        # give a straggler every chance to show up before looking for it
        time.sleep(1)
        self.assertNotIn("you should never see this", t.screen_text())
        t.line("/tab 1")
        t.line("/blocked")
        t.wait_for("you block nobody")

    def test_blocklist_pushes_from_other_device(self):
        """A block made by another client of the same account reaches
        natter as a push and shows in /blocked."""
        t = self.natter_online()
        t.line("/blocked")
        t.wait_for("you block nobody")
        other = self.peer("alice", resource="other")
        other.send_raw("<iq type='set' id='b1'><block xmlns='urn:xmpp:blocking'>"
                       "<item jid='spammer@localhost'/></block></iq>")
        other.sync()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            t.line("/blocked")
            time.sleep(0.3)
            if "  spammer@localhost" in t.screen_text():
                break
        t.wait_for("you block 1 JID:")
        t.wait_for("  spammer@localhost")

    def test_block_refused_offline_and_bad_jid(self):
        """Errors in plain words: a bad JID, and blocking while offline."""
        t = self.natter(self.login_lines(connect=False))
        t.line("/block not a jid")
        t.wait_for("not a valid JID: not a jid")
        t.line("/block bob@localhost")
        t.wait_for("not connected")


if __name__ == "__main__":
    unittest.main()
