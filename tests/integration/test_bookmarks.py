"""Room bookmarks against Prosody with PEP native bookmarks (XEP-0402, with
its XEP-0048 compatibility) and a MUC component: a bookmark with autojoin
made in natter is seen by another client of the same account and brings
natter back into the room after a restart; a bookmark another client adds
shows in /bookmarks at once.

Self-ping (XEP-0410) is covered at unit level (tests/unit/test_xmpp_selfping.c):
Prosody offers no way to make its MUC forget one occupant without telling
that occupant, so a silent drop cannot be staged here."""

import asyncio
import time
import unittest
import xml.etree.ElementTree as ET

from harness import NatterCase, wait_until
import prosody as prosody_mod

MUC = prosody_mod.MUC_DOMAIN
ROOM = "tea@" + MUC
BM_NS = "urn:xmpp:bookmarks:1"


def own_iq(peer, payload, itype="get"):
    """Send an iq with payload to peer's own account; the answer's XML text."""
    async def ask():
        iq = peer._client.make_iq(itype=itype)
        iq.append(ET.fromstring(payload))
        return str(await iq.send(timeout=10))
    return asyncio.run_coroutine_threadsafe(ask(), peer._loop).result(15)


def pep_bookmarks(peer):
    """The XEP-0402 items of peer's account, as XML text."""
    return own_iq(peer, "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                        "<items node='%s'/></pubsub>" % BM_NS)


class BookmarksTest(NatterCase):
    width, height = 140, 40
    server_options = {"extra_modules": ("pep", "private", "bookmarks"),
                      "extra_config": prosody_mod.MUC_OPTIONS["extra_config"]}

    def test_autojoin_bookmark_survives_restart(self):
        """/bookmark add ROOM autojoin is stored on the server where another
        client of alice reads it, and a new natter joins ROOM by itself."""
        bob = self.peer("bob")
        bob.join_room(ROOM, "bob")
        t = self.natter_online()

        def listed_empty():
            t.line("/bookmarks")
            time.sleep(0.3)
            return "no bookmarks" in t.screen_text()
        # the server's bookmarks arrive shortly after login
        wait_until(listed_empty, timeout=10, what="an empty /bookmarks")
        t.line("/bookmark add %s autojoin" % ROOM)
        t.wait_for("bookmarked %s (joined automatically at login)" % ROOM, timeout=15)
        other = self.peer("alice", resource="other")
        items = pep_bookmarks(other)
        self.assertIn("id=\"%s\"" % ROOM, items)
        self.assertIn("autojoin=\"true\"", items)
        self.assertIn("<nick>alice</nick>", items)
        # the older protocol sees it too (the server's XEP-0048 view)
        private = own_iq(other, "<query xmlns='jabber:iq:private'>"
                                "<storage xmlns='storage:bookmarks'/></query>")
        self.assertIn(ROOM, private)
        t.line("/bookmarks")
        t.wait_for("1 bookmark (XEP-0402):")
        t.wait_for("  %s as alice, autojoin" % ROOM)
        self.quit_natter(t)
        bob.wait_presence(ROOM + "/alice", ptype="unavailable", timeout=10)
        bob.presences.clear()
        t2 = self.natter_online()
        bob.wait_presence(ROOM + "/alice", timeout=15)
        t2.line("/bookmarks")
        t2.wait_for("  %s as alice, autojoin" % ROOM, timeout=10)

    def test_bookmark_from_other_client_shows(self):
        """A bookmark published by another client of alice reaches natter as a
        PEP notification; one removed there disappears from /bookmarks."""
        t = self.natter_online()

        def asked(text):
            """Run /bookmarks (the list arrives shortly after login) and look for text."""
            t.line("/bookmarks")
            time.sleep(0.3)
            return text in t.screen_text()
        wait_until(lambda: asked("no bookmarks"), timeout=10, what="an empty /bookmarks")
        other = self.peer("alice", resource="other")
        own_iq(other, "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                      "<publish node='%s'><item id='lounge@%s'><conference xmlns='%s' "
                      "name='The Lounge' autojoin='false'><nick>al</nick></conference></item>"
                      "</publish><publish-options><x xmlns='jabber:x:data' type='submit'>"
                      "<field var='FORM_TYPE' type='hidden'><value>"
                      "http://jabber.org/protocol/pubsub#publish-options</value></field>"
                      "<field var='pubsub#persist_items'><value>true</value></field>"
                      "<field var='pubsub#max_items'><value>max</value></field>"
                      "<field var='pubsub#access_model'><value>whitelist</value></field>"
                      "</x></publish-options></pubsub>" % (BM_NS, MUC, BM_NS), itype="set")
        wait_until(lambda: asked("lounge@%s as al — The Lounge" % MUC), timeout=10,
                   what="the other client's bookmark in /bookmarks")


if __name__ == "__main__":
    unittest.main()
