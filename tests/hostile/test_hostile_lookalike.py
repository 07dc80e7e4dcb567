"""Look-alike nicks in a room: carol and "cаrol" (with a Cyrillic а) are
both marked in the occupants pane, and /whois tells them apart in one step.
(Look-alike contacts in the roster: tests/hostile/test_hostile_screen.py.)"""

import unittest

from harness import NatterCase
import prosody
import screen

ROOM = "lookalikes@" + prosody.MUC_DOMAIN
FAKE = "c\u0430rol"  # Cyrillic a


class LookalikeNickTest(NatterCase):
    width, height = 150, 40
    server_options = dict(prosody.MUC_OPTIONS)

    def test_lookalike_nicks_marked_and_told_apart(self):
        bob = self.peer("bob")
        bob.join_room(ROOM, "carol")
        carol = self.peer("carol")
        carol.join_room(ROOM, FAKE)
        bob.sync()
        carol.sync()
        t = self.natter_online()
        t.line("/join %s/alice" % ROOM)
        t.wait_for("you joined %s as alice" % ROOM)
        t.wait_for("carol \u2248")
        t.wait_for(FAKE + " \u2248")
        self.assertNotIn("alice \u2248", "\n".join(t.screen()))
        t.line("/whois carol")
        t.wait_for("carol: real JID hidden by the room, moderator")
        t.wait_for("looks alike, but is another occupant: " + FAKE + ":")
        # once the look-alike leaves, the mark goes
        carol.stop()
        t.wait_gone("carol \u2248")


if __name__ == "__main__":
    unittest.main()
