"""The room UI on screen: the occupants pane in the roster pane's place while
a room tab is focused (grouped by role, our own nick in it) and the roster
back in other tabs; a message naming us highlights the room's tab and the
line; joins and parts as compact lines; a 200-occupant room counted right
with natter still answering the keyboard."""

import os
import re
import sys
import time
import unittest

from harness import NatterCase, TOP
import prosody
import screen

sys.path.insert(0, os.path.join(TOP, "tests", "bench"))
import muc_bench  # noqa: E402

ROOM = "lounge@" + prosody.MUC_DOMAIN
MAGENTA, YELLOW = "35", "33"  # SGR colours of the highlight and unread styles


class RoomUiTest(NatterCase):
    width, height = 120, 36
    server_options = dict(prosody.MUC_OPTIONS)

    def joined(self, room=ROOM, bob_online=True):
        """natter online (bob too, shown in the roster) and in room as alice."""
        t = self.natter_online()
        if bob_online:
            t.wait_for(screen.roster_shows("Bob", "online"))
        t.line("/join %s/alice" % room)
        t.wait_for("you joined %s as alice" % room, timeout=20)
        return t

    def pane(self, t):
        """The occupants pane's entries, top to bottom (text only)."""
        return [text for _row, text in screen.occupant_rows(t.screen())]

    def tab_style(self, t, label):
        """SGR parameters of the tab whose title holds label."""
        bar = t.screen_colours().split("\n")[0]
        return screen.sgr_at(bar, label)

    def test_pane_highlight_joins(self):
        """Pane by role with our nick; roster back elsewhere; mention
        highlights tab and line; joins and parts in one compact line."""
        bob = self.peer("bob")
        bob.join_room(ROOM, "bob")  # creates the room: owner, moderator
        carol = self.peer("carol")
        carol.join_room(ROOM, "carol")
        t = self.joined()
        t.wait_for(screen.group_header_re("Moderators", 1))
        t.wait_for(screen.group_header_re("Participants", 2))
        pane = self.pane(t)
        order = [i for i, text in enumerate(pane) if re.search(
            r"^(Moderators|Participants)\b|\b(alice|bob|carol)$", text)]
        names = [re.sub(r"^\W+", "", pane[i]).split()[0] for i in order]
        self.assertEqual(names, ["Moderators", "bob", "Participants", "alice", "carol"],
                         t.dump())
        self.assertNotIn(screen.ROSTER_GROUP, t.screen_text())
        room_tab = screen.find_tab(t.screen(), "lounge")[0]
        # a chat tab: the roster comes back, the occupants go
        t.line("/tab 1")
        t.wait_for(screen.ROSTER_GROUP)
        t.wait_gone(screen.group_header_re("Moderators", 1))
        self.assertEqual(screen.roster_glyph(t.screen(), "Bob"), screen.GLYPHS["online"])
        # not focused: a plain message marks the tab unread, a mention highlights it
        carol.send_message(ROOM, "just chatting", mtype="groupchat")
        t.wait_for(screen.unread_in_tab("lounge", 1), where=screen.tab_bar)
        self.assertIn(YELLOW, self.tab_style(t, "lounge"), repr(t.screen_colours()[:400]))
        bob.send_message(ROOM, "alice: look here", mtype="groupchat")
        t.wait_for(screen.unread_in_tab("lounge", 2), where=screen.tab_bar)
        style = self.tab_style(t, "lounge")
        self.assertIn(MAGENTA, style, repr(t.screen_colours().split("\n")[0]))
        t.line("/tab %d" % room_tab)
        t.wait_for(screen.message_re("look here", sender="bob"))
        self.assertIn(MAGENTA, screen.styled(t.screen_colours(), "look here"))
        self.assertNotIn(MAGENTA, screen.styled(t.screen_colours(), "just chatting") or set())
        t.wait_for(screen.group_header_re("Moderators", 1))
        # carol leaves and comes back: one short line each, pane follows
        carol.send_raw("<presence type='unavailable' to='%s/carol'/>" % ROOM)
        t.wait_for(screen.join_line_re("carol", "left"))
        t.wait_for(screen.group_header_re("Participants", 1))
        carol.join_room(ROOM, "carol")
        t.wait_for(screen.join_line_re("carol", "joined"))
        t.wait_for(screen.group_header_re("Participants", 2))
        for what in ("left", "joined"):
            rows = [r for r in t.screen() if screen.join_line_re("carol", what).search(r)]
            self.assertEqual(len(rows), 1, t.dump())
            self.assertNotIn("<carol>", rows[0])

    def test_crowded_room(self):
        """200 occupants: the pane and status line count them all, no join
        lines flood the view, and a typed line still shows promptly."""
        crowd = muc_bench.Crowd(self.server.port, self.server.cafile, ROOM, 200)
        self.addCleanup(crowd.stop)
        self.server.add_accounts(crowd.accounts())
        crowd.start(timeout=120)
        t = self.joined(bob_online=False)
        # crowd0000 created the room (moderator); 199 more and alice take part
        t.wait_for(screen.group_header_re("Participants", 200), timeout=30)
        t.wait_for("201 people", where=screen.status_line, timeout=30)
        self.assertIn("crowd0000", t.screen_text())
        crowd.leave(150)
        t.wait_for("200 people", where=screen.status_line, timeout=30)
        crowd.rejoin(150)
        t.wait_for("201 people", where=screen.status_line, timeout=30)
        self.assertIsNone(screen.join_line_re("crowd0150").search(t.screen_text()))
        start = time.monotonic()
        t.line("still here in the crowd")
        t.wait_for(screen.own_message_re("still here in the crowd"), timeout=10)
        self.assertLess(time.monotonic() - start, 10)


if __name__ == "__main__":
    unittest.main()
