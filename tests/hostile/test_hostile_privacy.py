"""What unrequested queries learn about alice (XEP-0092 version, XEP-0012
last activity, XEP-0202 time, XEP-0050 ad-hoc commands, XEP-0030 disco#info):
a stranger (mallory, in nobody's roster) gets service-unavailable for
everything the settings keep for contacts; a contact (bob) gets the rest;
nobody gets the time while time_reply is none."""

import unittest

from harness import NatterCase
import peer as peer_mod
import screen

ALICE_FULL = "alice@localhost/natter"
VERSION = "<query xmlns='jabber:iq:version'/>"
LAST = "<query xmlns='jabber:iq:last'/>"
TIME = "<time xmlns='urn:xmpp:time'/>"
INFO = "<query xmlns='http://jabber.org/protocol/disco#info'/>"
COMMANDS = ("<query xmlns='http://jabber.org/protocol/disco#items' "
            "node='http://jabber.org/protocol/commands'/>")
EXECUTE = ("<command xmlns='http://jabber.org/protocol/commands' node='config' "
           "action='execute'/>")
REFUSED = "service-unavailable"


class PrivacyTest(NatterCase):

    def stranger(self):
        """mallory: an account of the same server in nobody's roster."""
        self.server.add_accounts({"mallory": "mallory-secret-pw"})
        p = peer_mod.Peer(self.server.jid("mallory"), "mallory-secret-pw",
                          port=self.server.port, cafile=self.server.cafile)
        self.peers.append(p)
        return p.start()

    def assertRefused(self, answer, what):
        """answer is an error saying only service-unavailable."""
        self.assertIn("type=\"error\"", answer, what + ": " + answer)
        self.assertIn(REFUSED, answer, what + ": " + answer)
        for leak in ("<name>", "seconds=", "<utc>", "<tzo>", "<item"):
            self.assertNotIn(leak, answer, what + " leaked: " + answer)

    def test_stranger_and_contact(self):
        """Defaults (version and last activity for contacts, time for
        nobody), then /set time_reply contacts: mallory is refused
        everything but disco#info, bob gets version, idle time, an empty
        command list, and the time only once allowed."""
        bob = self.peer("bob")
        mallory = self.stranger()
        t = self.natter_online()
        for what, payload in (("version", VERSION), ("last", LAST), ("time", TIME),
                              ("commands", COMMANDS)):
            self.assertRefused(mallory.iq(ALICE_FULL, payload), "stranger " + what)
        self.assertRefused(mallory.iq(ALICE_FULL, EXECUTE, itype="set"), "stranger execute")
        info = mallory.iq(ALICE_FULL, INFO)
        self.assertIn("type=\"result\"", info)
        self.assertNotIn("urn:xmpp:time", info)

        self.assertIn("<name>natter</name>", bob.iq(ALICE_FULL, VERSION))
        self.assertNotIn("<os>", bob.iq(ALICE_FULL, VERSION))
        self.assertIn("seconds=", bob.iq(ALICE_FULL, LAST))
        self.assertRefused(bob.iq(ALICE_FULL, TIME), "contact time while none")
        items = bob.iq(ALICE_FULL, COMMANDS)
        self.assertIn("type=\"result\"", items)
        self.assertNotIn("<item", items)
        self.assertIn("item-not-found", bob.iq(ALICE_FULL, EXECUTE, itype="set"))

        t.line("/set time_reply contacts")
        t.wait_for("time_reply = contacts", timeout=5)
        answer = bob.iq(ALICE_FULL, TIME)
        self.assertIn("<utc>", answer)
        self.assertIn("<tzo>", answer)
        self.assertRefused(mallory.iq(ALICE_FULL, TIME), "stranger time while contacts")
        self.assertIn("urn:xmpp:time", mallory.iq(ALICE_FULL, INFO))
        self.assertTrue(screen.is_online(t.screen()), t.dump())
        self.quit_natter(t)


if __name__ == "__main__":
    unittest.main()
