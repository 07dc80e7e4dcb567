"""Group chat against Prosody's MUC component with slixmpp occupants: join,
talk both ways, private messages in their own tab, nick and topic changes,
history after joining shown once, and the rejoin after Prosody restarts."""

import time
import unittest

from harness import NatterCase
import prosody
import screen

ROOM = "lounge@" + prosody.MUC_DOMAIN


class MucTest(NatterCase):
    width, height = 150, 45
    server_options = dict(prosody.MUC_OPTIONS)

    def room_with_bob(self, said_before=None):
        """bob in the room (saying said_before first), natter joined as alice."""
        bob = self.peer("bob")
        bob.join_room(ROOM, "bob")
        for text in said_before or ():
            bob.send_message(ROOM, text, mtype="groupchat")
        bob.sync()
        t = self.natter_online()
        t.line("/join %s/alice" % ROOM)
        t.wait_for("you joined %s as alice" % ROOM)
        bob.wait_presence(ROOM + "/alice")
        return bob, t

    def count(self, t, text):
        """How many lines of the screen show text."""
        return sum(1 for line in t.screen() if text in line)

    def test_talk_pm_nick_topic(self):
        """Messages both ways, a PM from a nick named like a contact in its
        own tab, /msg NICK back, /nick and /topic seen by the peer."""
        bob, t = self.room_with_bob(["said before natter came"])
        t.wait_for(screen.message_re("said before natter came", sender="bob"))
        bob.send_message(ROOM, "hello room", mtype="groupchat")
        t.wait_for(screen.message_re("hello room", sender="bob"))
        t.line("hi bob")
        rec = bob.wait_stanza(lambda r: r.body == "hi bob" and r.type == "groupchat")
        self.assertEqual(rec.frm, ROOM + "/alice")
        time.sleep(0.5)  # the reflected copy is not shown twice
        self.assertEqual(self.count(t, "hi bob"), 1)
        # a PM from "bob" (also a contact's name) gets the room PM tab
        bob.send_raw("<message to='alice@localhost/natter' type='chat'><body>psst</body>"
                     "<x xmlns='http://jabber.org/protocol/muc#user'/></message>"
                     .replace("alice@localhost/natter", ROOM + "/alice"))
        t.wait_for(screen.tab_re("lounge/bob"), where=screen.tab_bar)
        self.assertIsNone(screen.find_tab(t.screen(), "bob@localhost"))
        tab = screen.find_tab(t.screen(), "lounge/bob")
        t.line("/tab %d" % tab[0])
        t.wait_for(screen.message_re("psst", sender="bob"))
        t.line("/tab 2")
        t.wait_for(screen.message_re("hello room", sender="bob"))
        self.assertEqual(self.count(t, "psst"), 0)
        t.line("/msg bob back at you")
        rec = bob.wait_stanza(lambda r: r.body == "back at you")
        self.assertEqual((rec.frm, rec.type), (ROOM + "/alice", "chat"))
        t.line("/tab 2")
        t.line("/nick alicia")
        t.wait_for("you are now known as alicia")
        bob.wait_presence(ROOM + "/alicia")
        # only moderators may change the topic here: alice is told so
        t.line("/topic tea at five")
        t.wait_for("the room refused the topic: forbidden")
        bob.send_raw("<message to='%s' type='groupchat'><subject>tea at five</subject>"
                     "</message>" % ROOM)
        t.wait_for("bob set the topic: tea at five")
        t.wait_for("tea at five", where=screen.status_line)

    def test_rejoin_after_restart(self):
        """Prosody killed and restarted: natter rejoins by itself and shows
        what was said meanwhile, once."""
        bob, t = self.room_with_bob()
        bob.send_message(ROOM, "first words", mtype="groupchat")
        t.wait_for(screen.message_re("first words", sender="bob"))
        bob.stop()
        self.server.kill()
        self.server.restart()
        bob = self.peer("bob")
        bob.join_room(ROOM, "bob")
        bob.send_message(ROOM, "said while you were away", mtype="groupchat")
        bob.sync()
        t.wait_for(screen.message_re("said while you were away", sender="bob"), timeout=40)
        time.sleep(1)
        self.assertEqual(self.count(t, "said while you were away"), 1)
        self.assertEqual(self.count(t, "first words"), 1)
        t.line("back again")
        bob.wait_stanza(lambda r: r.body == "back again" and r.type == "groupchat")

    def test_archive_while_away(self):
        """natter quit; bob talks meanwhile; natter comes back and joins
        again: what bob said comes once (room archive and join history
        merged), and stays once after another restart."""
        bob, t = self.room_with_bob()
        bob.send_message(ROOM, "before you left", mtype="groupchat")
        t.wait_for(screen.message_re("before you left", sender="bob"))
        self.quit_natter(t)
        for i in range(3):
            bob.send_message(ROOM, "away number %d" % i, mtype="groupchat")
        bob.sync()
        for _ in range(2):
            t = self.natter_online()
            t.line("/join %s/alice" % ROOM)
            t.wait_for("you joined %s as alice" % ROOM)
            for i in range(3):
                t.wait_for(screen.message_re("away number %d" % i, sender="bob"))
            time.sleep(1)
            for i in range(3):
                self.assertEqual(self.count(t, "away number %d" % i), 1)
            self.assertEqual(self.count(t, "before you left"), 1)
            t.line("back from the archive")
            bob.wait_stanza(lambda r: r.body == "back from the archive" and r.type == "groupchat")
            t.wait_for(screen.message_re("back from the archive"))
            self.quit_natter(t)


if __name__ == "__main__":
    unittest.main()
