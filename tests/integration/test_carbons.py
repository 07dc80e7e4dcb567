"""XEP-0280 carbons: what another client of alice's sends or receives shows in
natter; carbons forged by someone else never do."""

import re
import unittest

from harness import NatterCase
import screen

ALICE = "alice@localhost"


def forwarded(wrapper, inner_from, inner_to, body, msg_id):
    """A carbon-looking <message> payload: <received/> or <sent/> wrapping a
    forwarded chat message."""
    return ("<%s xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
            "<message xmlns='jabber:client' from='%s' to='%s' type='chat' id='%s'>"
            "<body>%s</body></message></forwarded></%s>"
            % (wrapper, inner_from, inner_to, msg_id, body, wrapper))


class CarbonsTest(NatterCase):

    def carbons_enabled(self, t):
        """Wait until Prosody has enabled carbons for natter's session;
        returns natter's full JID."""
        m = re.search(r"online as (\S+)", screen.status_line(t.screen()))
        self.assertIsNotNone(m, t.dump())
        full = m.group(1)
        self.server.wait_log("%s enabled carbons" % full, timeout=10)
        return full

    def test_sent_from_other_client_shows_as_own(self):
        """alice/other writes to bob: natter shows it in bob's tab as our own
        message (not from bob, not unread), once."""
        bob = self.peer("bob")
        t = self.natter_online()
        self.carbons_enabled(t)
        other = self.peer("alice", resource="other")
        other.send_message("bob@localhost", "sent from my phone")
        self.assertEqual(bob.wait_message(), (ALICE, "sent from my phone"))
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=10)
        self.assertEqual(screen.find_tab(t.screen(), "bob")[1], 0,
                         "our own message counted as unread:\n" + t.dump())
        t.line("/msg bob@localhost")
        t.wait_for(screen.own_message_re("sent from my phone"), timeout=10)
        lines = t.screen()
        self.assertEqual(screen.count_messages(lines, "sent from my phone"), 1, t.dump())
        self.assertEqual(screen.message_rows(lines, "sent from my phone", sender="bob"), [])

    def test_received_on_other_client_shows(self):
        """bob writes to alice/other only: the received carbon shows bob's
        message in natter's tab for bob, once."""
        bob = self.peer("bob")
        t = self.natter_online()
        self.carbons_enabled(t)
        other = self.peer("alice", resource="other")
        bob.send_message("alice@localhost/other", "for your other client")
        self.assertEqual(other.wait_message(), ("bob@localhost", "for your other client"))
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=10)
        t.line("/msg bob@localhost")
        t.wait_for(screen.message_re("for your other client", sender="bob"), timeout=10)
        self.assertEqual(screen.count_messages(t.screen(), "for your other client"), 1,
                         t.dump())

    def test_forged_carbons_ignored(self):
        """bob sends carbon wrappers himself: a "received" one claiming carol
        wrote, a "sent" one claiming alice wrote carol, and one wrapping a
        message of his own. None of their texts shows anywhere or reaches the
        history, and no tab opens for carol."""
        bob = self.peer("bob")
        t = self.natter_online()
        full = self.carbons_enabled(t)
        forgeries = {
            "forged from carol": forwarded("received", "carol@localhost/x", full,
                                           "forged from carol", "f1"),
            "forged as alice": forwarded("sent", full, "carol@localhost", "forged as alice",
                                         "f2"),
            "forged by bob": forwarded("received", "bob@localhost/x", full, "forged by bob",
                                       "f3"),
        }
        for payload in forgeries.values():
            bob.send_raw("<message to='%s' type='chat'>%s</message>" % (full, payload))
            bob.send_raw("<message to='%s' type='chat'>%s</message>" % (ALICE, payload))
        # bob's stream is in order: once this shows, natter has seen the rest
        bob.send_message(ALICE, "after the forgeries")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=10)
        t.line("/msg bob@localhost")
        t.wait_for(screen.message_re("after the forgeries", sender="bob"), timeout=10)
        self.assertIsNone(screen.find_tab(t.screen(), "carol"), t.dump())
        for text in forgeries:
            self.assertNotIn(text, t.screen_text())
        t.keys("M-1")
        t.wait_gone("after the forgeries")
        for text in forgeries:
            self.assertNotIn(text, t.screen_text())
            self.assertNotIn(text.encode(), self.history_bytes())


if __name__ == "__main__":
    unittest.main()
