"""Contacts: adding one, answering requests, roster edits that reach the
server, the pending group and filter in the pane, and a forged roster push.

Here alice and bob are mutual contacts, carol is a stranger to alice. What
the server's roster holds is checked by a slixmpp client logged in as the
account itself (another resource) or as the other party."""

import asyncio
import os
import re
import time

from harness import PASSWORDS, NatterCase
import prosody as prosody_mod
import screen


def server_roster(peer, timeout=10):
    """{bare JID: {"subscription", "ask", "name", "groups"}} as the server
    keeps peer's roster (a fresh roster get, no versioning)."""
    client = peer._client

    async def fetch():
        iq = client.Iq()
        iq["type"] = "get"
        iq.enable("roster")
        resp = await iq.send(timeout=timeout)
        return {str(jid): dict(item) for jid, item in resp["roster"]["items"].items()}

    return asyncio.run_coroutine_threadsafe(fetch(), peer._loop).result(timeout + 1)


def wait_roster(test, peer, predicate, what, timeout=10):
    """Fetch peer's server roster until predicate(roster) holds; returns it."""
    end = time.monotonic() + timeout
    roster = server_roster(peer)
    while not predicate(roster):
        if time.monotonic() > end:
            test.fail("server roster never showed %s: %r" % (what, roster))
        time.sleep(0.2)
        roster = server_roster(peer)
    return roster


def manual_subscriptions(peer):
    """Make a slixmpp peer leave subscription requests to the test."""
    def off():
        peer._client.auto_authorize = None
        peer._client.auto_subscribe = False
    peer._call(off)


def got_presence(peer, frm, ptype):
    """True when peer received a presence of ptype from a JID starting with frm."""
    return any(f.startswith(frm) and t == ptype for f, t, _s, _st in list(peer.presences))


def wait_presence_type(test, peer, frm, ptype, timeout=10):
    """Wait until peer received a presence of ptype from frm."""
    end = time.monotonic() + timeout
    while not got_presence(peer, frm, ptype):
        if time.monotonic() > end:
            test.fail("%s got no %s presence from %s: %r" % (peer.jid, ptype, frm,
                                                           peer.presences[-10:]))
        time.sleep(0.05)


class ContactsTest(NatterCase):
    start_server = False  # a server of our own: carol is no contact of alice

    def setUp(self):
        super().setUp()
        self.server = prosody_mod.Prosody(accounts=PASSWORDS, contacts=[("alice", "bob")],
                                          workdir=os.path.join(self.tmp, "prosody"))
        self.server.start()

    def test_add_contact_then_approved_shows_online(self):
        """/roster add sends the request; carol approves; carol shows online."""
        carol = self.peer("carol")
        manual_subscriptions(carol)
        t = self.natter_online()
        t.line("/roster add carol@localhost Carol")
        wait_presence_type(self, carol, "alice@localhost", "subscribe")
        # alice's server roster has carol, waiting for her answer
        roster = server_roster(carol)
        self.assertNotIn("alice@localhost", roster)
        t.wait_for(re.compile(r"Carol \(asked\)"))
        carol.send_raw("<presence to='alice@localhost' type='subscribed'/>")
        t.wait_for("carol@localhost accepted your request")
        t.wait_for(screen.roster_shows("Carol", "online"))
        carol.set_presence("away", "back soon")
        t.wait_for(screen.roster_shows("Carol", "away"))
        t.wait_for("back soon")

    def test_request_pending_then_accept_is_mutual(self):
        """carol's request shows as pending; /accept makes it mutual on both sides."""
        carol = self.peer("carol")
        manual_subscriptions(carol)
        t = self.natter_online()
        carol.send_raw("<presence to='alice@localhost' type='subscribe'>"
                       "<status>hi, it is Carol</status></presence>")
        t.wait_for("carol@localhost asks to see your presence")
        t.wait_for(re.compile(r"Pending 1"))
        t.wait_for(re.compile(r"\? carol@localhost"))
        t.line("/roster")
        t.wait_for("Waiting for your answer (1)")
        t.line("/accept carol@localhost")
        t.wait_for("carol@localhost can now see your presence")
        # natter asked back; carol says yes too
        wait_presence_type(self, carol, "alice@localhost", "subscribed")
        wait_presence_type(self, carol, "alice@localhost", "subscribe")
        carol.send_raw("<presence to='alice@localhost' type='subscribed'/>")
        t.wait_gone(re.compile(r"Pending \d"))
        t.wait_for(screen.roster_shows("carol@localhost", "online"))
        wait_roster(self, carol,
                    lambda r: r.get("alice@localhost", {}).get("subscription") == "both",
                    "alice with subscription both in carol's roster")
        alice2 = self.peer("alice", resource="other")
        wait_roster(self, alice2,
                    lambda r: r.get("carol@localhost", {}).get("subscription") == "both",
                    "carol with subscription both in alice's roster")
        t.keys("C-u")
        t.line("/roster search carol")
        t.wait_for("carol@localhost  subscription both")

    def test_deny_sends_unsubscribed(self):
        """/deny refuses: carol hears unsubscribed and alice's roster stays without her."""
        carol = self.peer("carol")
        manual_subscriptions(carol)
        t = self.natter_online()
        carol.send_raw("<presence to='alice@localhost' type='subscribe'/>")
        t.wait_for("carol@localhost asks to see your presence")
        t.line("/deny carol@localhost")
        t.wait_for("denied carol@localhost's request")
        wait_presence_type(self, carol, "alice@localhost", "unsubscribed")
        t.wait_gone(re.compile(r"Pending \d"))
        alice2 = self.peer("alice", resource="other")
        roster = server_roster(alice2)
        self.assertNotEqual(roster.get("carol@localhost", {}).get("subscription"), "from")
        self.assertNotEqual(roster.get("carol@localhost", {}).get("subscription"), "both")

    def test_rename_group_remove_reach_server(self):
        """rename, group and remove change the roster on the server."""
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "offline"))
        alice2 = self.peer("alice", resource="other")
        t.line("/roster rename bob@localhost Robert")
        wait_roster(self, alice2, lambda r: r.get("bob@localhost", {}).get("name") == "Robert",
                    "bob renamed Robert")
        t.wait_for(screen.roster_shows("Robert", "offline"))
        t.line('/roster group bob@localhost Work "Old pals"')
        roster = wait_roster(
            self, alice2,
            lambda r: sorted(r.get("bob@localhost", {}).get("groups", [])) == ["Old pals", "Work"],
            "bob in the groups Work and Old pals")
        self.assertEqual(roster["bob@localhost"]["name"], "Robert")
        t.wait_for(re.compile(r"Old pals 0/1"))
        t.wait_for(re.compile(r"Work 0/1"))
        t.line("/roster remove bob@localhost")
        wait_roster(self, alice2, lambda r: "bob@localhost" not in r, "bob removed")
        t.wait_gone(screen.roster_shows("Robert", "offline"))

    def test_filter_narrows_pane_as_you_type(self):
        """Ctrl-X f puts /roster filter on the input line; the pane follows."""
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "offline"))
        t.line("/roster add dave@localhost Dave")
        t.wait_for(re.compile(r"Dave \(asked\)"))
        t.keys("C-x", "f")
        t.wait_for("/roster filter", where=screen.input_line)
        t.type("dav")
        t.wait_gone(screen.roster_shows("Bob", "offline"))
        t.wait_for(re.compile(r"Dave \(asked\)"))
        # clearing the line goes back to no filter
        t.keys("C-u")
        t.wait_for(screen.roster_shows("Bob", "offline"))
        t.line("/roster filter bo")
        t.wait_for("roster filter \"bo\": 1 contact match")
        t.wait_gone(re.compile(r"Dave \(asked\)"))
        t.line("/roster filter")
        t.wait_for(re.compile(r"Dave \(asked\)"))

    def test_forged_roster_push_changes_nothing(self):
        """A roster push from bob (not from alice's server) is refused."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        bob.send_raw("<iq type='set' to='alice@localhost/natter' id='forged1'>"
                     "<query xmlns='jabber:iq:roster'>"
                     "<item jid='mallory@localhost' name='Mallory' subscription='both'/>"
                     "<item jid='bob@localhost' subscription='remove'/>"
                     "</query></iq>")
        # one stream is in order: once this message shows, the push was handled
        bob.send_message("alice@localhost", "after the forged push")
        t.line("/msg bob@localhost")
        t.wait_for("after the forged push")
        t.line("/tab 1")
        t.line("/roster")
        t.wait_for("Roster (1 contact)")
        text = t.screen_text()
        self.assertNotIn("Mallory", text)
        self.assertNotIn("mallory@localhost", text)
        self.assertRegex(text, r"Bob <bob@localhost>  subscription both")
        alice2 = self.peer("alice", resource="other")
        roster = server_roster(alice2)
        self.assertNotIn("mallory@localhost", roster)
        self.assertIn("bob@localhost", roster)
