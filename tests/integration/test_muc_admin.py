"""Room moderation, invitations and configuration against Prosody's MUC
component with slixmpp occupants: kick and ban seen by the peers (status
307/301), role and affiliation changes, an invitation from a peer shown and
accepted, and /roomconfig changing the room's name as disco#info shows it."""

import asyncio
import threading
import time
import unittest

from harness import NatterCase

MUC = "conference.localhost"
ROOM = "tea@" + MUC
MUC_NS = "http://jabber.org/protocol/muc"
MUC_OWNER_NS = "http://jabber.org/protocol/muc#owner"
MUC_USER_NS = "http://jabber.org/protocol/muc#user"


def record_presences(peer):
    """A list that receives the raw XML of every presence peer gets."""
    got = []
    lock = threading.Lock()

    def on_presence(pres):
        with lock:
            got.append(str(pres))
    peer._call(lambda: peer._client.add_event_handler("presence", on_presence))
    return got


def wait_xml(items, *needles, timeout=10.0):
    """The first XML text in items containing every needle (bounded wait)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for xml in list(items):
            if all(n in xml for n in needles):
                return xml
        time.sleep(0.05)
    raise AssertionError("no stanza with %r; last: %r" % (needles, list(items)[-5:]))


def join(peer, room, nick, presences):
    """The peer enters room as nick and waits for its own presence (110)."""
    peer.send_raw("<presence to='%s/%s'><x xmlns='%s'/></presence>" % (room, nick, MUC_NS))
    wait_xml(presences, "from=\"%s/%s\"" % (room, nick), 'code="110"')


class MucAdminTest(NatterCase):
    width, height = 150, 45
    server_options = {"extra_config": 'Component "%s" "muc"\n' % MUC}

    def natter_in_room(self):
        """natter online as alice, owner of a new room tea."""
        t = self.natter_online()
        t.line("/join %s/alice" % ROOM)
        return t

    def test_kick_ban_role_affiliation(self):
        """Kick and ban are seen by the peers with status 307 and 301; a
        role change and an affiliation change reach the room."""
        t = self.natter_in_room()
        bob, carol = self.peer("bob"), self.peer("carol")
        bob_p, carol_p = record_presences(bob), record_presences(carol)
        time.sleep(1.0)  # the room exists and is configured
        join(bob, ROOM, "bob", bob_p)
        join(carol, ROOM, "carol", carol_p)
        time.sleep(0.5)  # natter has seen both enter
        t.line("/role bob visitor")
        wait_xml(bob_p, "from=\"%s/bob\"" % ROOM, 'role="visitor"')
        t.wait_for("bob is now a visitor")
        t.line("/kick bob too loud")
        wait_xml(bob_p, "from=\"%s/bob\"" % ROOM, 'type="unavailable"', 'code="307"')
        t.wait_for("kicked bob")
        t.line("/ban carol spam")
        wait_xml(carol_p, "from=\"%s/carol\"" % ROOM, 'type="unavailable"', 'code="301"')
        t.wait_for("banned carol@localhost")
        t.line("/affiliation bob@localhost member")
        t.wait_for("bob@localhost's affiliation is now member")
        t.line("/affiliations member")
        t.wait_for("member (1):")
        t.wait_for("  bob@localhost")
        t.line("/affiliations outcast")
        t.wait_for("  carol@localhost")

    def test_invitation_from_peer_accepted(self):
        """bob invites natter through his room: the console says so with the
        reason; Alt-J joins, which bob sees."""
        t = self.natter_online()
        bob = self.peer("bob")
        bob_p = record_presences(bob)
        party = "party@" + MUC
        join(bob, party, "bob", bob_p)
        bob.send_raw("<iq type='set' id='cfg1' to='%s'><query xmlns='%s'>"
                     "<x xmlns='jabber:x:data' type='submit'/></query></iq>"
                     % (party, MUC_OWNER_NS))
        bob.sync()
        time.sleep(0.3)
        bob.send_raw("<message to='%s'><x xmlns='%s'><invite to='alice@localhost'>"
                     "<reason>cake</reason></invite></x></message>" % (party, MUC_USER_NS))
        t.wait_for("invites you to %s (cake)" % party, timeout=15)
        t.keys("M-j")
        wait_xml(bob_p, "from=\"%s/" % party, "alice@localhost", timeout=15)

    def test_roomconfig_changes_name(self):
        """/roomconfig roomname=... is saved and bob sees it in disco#info."""
        t = self.natter_in_room()
        time.sleep(1.0)
        t.line('/roomconfig roomname="Tea party"')
        t.wait_for("the configuration of %s is saved" % ROOM, timeout=15)
        bob = self.peer("bob")

        async def info():
            return await bob._client.plugin["xep_0030"].get_info(jid=ROOM, timeout=10)
        reply = asyncio.run_coroutine_threadsafe(info(), bob._loop).result(15)
        self.assertIn("Tea party", str(reply))


if __name__ == "__main__":
    unittest.main()
