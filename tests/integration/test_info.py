"""Who is who against a real Prosody: /info (client version from slixmpp's
XEP-0092, vCard, last activity), /disco of the server, /vcard set, and
natter's own answers (disco#info with a caps hash that checks out, version)."""

import asyncio
import base64
import hashlib
import os
import re
import threading
import unittest

from slixmpp.exceptions import IqError
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from harness import NatterCase, wait_until
import screen

NS_CAPS = "http://jabber.org/protocol/caps"
BOB_VCARD = ("<iq type='set' id='vc1'><vCard xmlns='vcard-temp'>"
             "<FN>Bob Builder</FN><NICKNAME>bobby</NICKNAME>"
             "<EMAIL><INTERNET/><USERID>bob@builder.example</USERID></EMAIL>"
             "<ORG><ORGNAME>Acme</ORGNAME></ORG>"
             "<PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgoAAAANSUhEUg==</BINVAL></PHOTO>"
             "</vCard></iq>")


def caps_ver(identities, features):
    """XEP-0115 sha-1 ver of (category, type, lang, name) tuples and features,
    computed here independently of natter."""
    s = "".join("%s/%s/%s/%s<" % i for i in sorted(identities))
    s += "".join(f + "<" for f in sorted(features))
    return base64.b64encode(hashlib.sha1(s.encode("utf-8")).digest()).decode()


class InfoTest(NatterCase):
    width, height = 160, 50
    server_options = {
        "extra_modules": ("pep", "lastactivity"),
        # a group chat service, so that the server lists an item
        "extra_config": 'Component "conference.localhost" "muc"\n'
                        '\tname = "Chatrooms"\n',
    }

    def test_info_shows_client_and_vcard(self):
        """/info bob shows his resource, subscription, slixmpp's name and
        version, his idle time, when he was last seen and his vCard fields."""
        bob = self.peer("bob", resource="phone")
        bob.send_raw(BOB_VCARD)
        bob.sync()
        bob.set_presence("away", "at lunch")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "away"))
        t.line("/info bob@localhost")
        t.wait_for("About bob@localhost:")
        t.wait_for("subscription both: you see each other's presence")
        t.wait_for("resource phone: away, priority 0, status: at lunch")
        t.wait_for(re.compile(r"bob@localhost/phone: client Slixmpp \d+\.\d+"), timeout=15)
        t.wait_for("bob@localhost: full name: Bob Builder", timeout=15)
        t.wait_for("bob@localhost: nickname: bobby")
        t.wait_for("bob@localhost: email: bob@builder.example")
        t.wait_for("bob@localhost: organization: Acme")
        t.wait_for(re.compile(r"bob@localhost: photo: a picture of type image/png, about \d+ KB "
                              r"\(not shown\)"))
        # slixmpp does not answer XEP-0012, Prosody answers for the account
        t.wait_for(re.compile(r"bob@localhost/phone: (idle|idle time not known)"), timeout=20)
        t.wait_for(re.compile(r"bob@localhost: (online now|last seen|last seen not known)"))
        self.assertNotIn("no answer about", t.screen_text())

    def test_disco_lists_server_features_and_items(self):
        """/disco shows what the server is, its features in words and its
        items (the MUC service); /disco ITEM tells what that is."""
        t = self.natter_online()
        t.line("/disco")
        t.wait_for("localhost: is an XMPP server", timeout=15)
        t.wait_for("urn:xmpp:blocking (blocking)")
        t.wait_for("vcard-temp (vCards)")
        t.wait_for("localhost: lists 1 item (/disco ITEM tells what one is):")
        t.wait_for('conference.localhost "Chatrooms"')
        t.line("/disco conference.localhost")
        t.wait_for("conference.localhost: is a group chat (MUC) service", timeout=15)
        t.wait_for("http://jabber.org/protocol/muc (group chat (MUC))")

    def test_own_caps_and_answers(self):
        """natter's presence carries caps whose ver matches its disco#info
        answer (hash computed here); contacts get its version."""
        bob = self.peer("bob")
        seen = []
        got = threading.Event()

        def on_caps(pres):
            if str(pres["from"]).startswith("alice@localhost/"):
                c = pres.xml.find("{%s}c" % NS_CAPS)
                seen.append((str(pres["from"]), dict(c.attrib)))
                got.set()

        bob._call(lambda: bob._client.register_handler(Callback(
            "caps", MatchXPath("{jabber:client}presence/{%s}c" % NS_CAPS), on_caps)))
        t = self.natter_online()
        self.assertTrue(got.wait(10), "no presence with caps from natter")
        full, attrs = seen[-1]
        self.assertEqual(attrs.get("hash"), "sha-1")
        self.assertEqual(attrs.get("node"), "https://natter.invalid/caps")

        async def ask_info():
            return await bob._client.plugin["xep_0030"].get_info(
                jid=full, node="%s#%s" % (attrs["node"], attrs["ver"]), timeout=10)

        info = asyncio.run_coroutine_threadsafe(ask_info(), bob._loop).result(15)
        q = info["disco_info"]
        identities = [(i[0], i[1], i[2] or "", i[3] or "") for i in q["identities"]]
        features = list(q["features"])
        self.assertIn(("client", "console", "", "natter"), identities)
        self.assertIn("urn:xmpp:ping", features)
        self.assertIn("jabber:iq:version", features)
        self.assertEqual(caps_ver(identities, features), attrs["ver"])

        async def ask_version():
            return await bob._client.plugin["xep_0092"].get_version(full, timeout=10)

        ver = asyncio.run_coroutine_threadsafe(ask_version(), bob._loop).result(15)
        self.assertEqual(ver["software_version"]["name"], "natter")
        self.assertNotIn("<os>", str(ver))
        t.line("/set version_reply none")
        t.wait_for("version_reply = none")
        with self.assertRaises(IqError) as cm:
            asyncio.run_coroutine_threadsafe(ask_version(), bob._loop).result(15)
        self.assertEqual(cm.exception.condition, "service-unavailable")

    def test_contact_caps_learned_and_cached(self):
        """A contact's caps (slixmpp's XEP-0115) are asked once, verified and
        kept in $XDG_CACHE_HOME/natter/caps.db (0600); /info names the client."""
        t = self.natter_online()
        bob = self.peer("bob", resource="laptop")
        bob._call(lambda: bob._client.register_plugin("xep_0115"))

        async def caps():
            # compute bob's ver and announce it (the plugin came after login)
            await bob._client.plugin["xep_0115"].update_caps(bob._client.boundjid,
                                                             broadcast=False)

        asyncio.run_coroutine_threadsafe(caps(), bob._loop).result(15)
        bob.set_presence("chat", "caps now")
        t.wait_for(screen.roster_shows("Bob", "chat"))
        path = os.path.join(self.home, ".cache", "natter", "caps.db")
        wait_until(lambda: os.path.exists(path), timeout=10, what="caps.db written")
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        with open(path) as f:
            self.assertRegex(f.read(), r"^sha-1 \S+ \S+\n")
        t.line("/info bob@localhost/laptop")
        t.wait_for(re.compile(r"bob@localhost/laptop announces itself as \S"), timeout=10)

    def test_vcard_set_and_nickname(self):
        """/vcard set publishes the field (bob reads it from the server) and
        nickname also goes out through PEP."""
        t = self.natter_online()
        t.line("/vcard set fn Alice Liddell")
        t.wait_for("vCard published: fn set", timeout=15)
        t.line("/vcard set nickname ally")
        t.wait_for("vCard published: nickname set", timeout=15)
        t.wait_for("nickname published to your contacts (XEP-0172)", timeout=15)
        t.line("/vcard")
        t.wait_for("  full name: Alice Liddell", timeout=15)
        t.wait_for("  nickname: ally")
        bob = self.peer("bob")
        bob._call(lambda: bob._client.register_plugin("xep_0054"))

        async def get_card():
            return await bob._client.plugin["xep_0054"].get_vcard("alice@localhost",
                                                                  cached=False, timeout=10)

        card = asyncio.run_coroutine_threadsafe(get_card(), bob._loop).result(15)
        self.assertEqual(card["vcard_temp"]["FN"], "Alice Liddell")
        self.assertIn("ally", card["vcard_temp"]["NICKNAME"])

        async def get_nick():
            return await bob._client.plugin["xep_0060"].get_items(
                "alice@localhost", "http://jabber.org/protocol/nick", timeout=10)

        bob._call(lambda: bob._client.register_plugin("xep_0060"))
        items = asyncio.run_coroutine_threadsafe(get_nick(), bob._loop).result(15)
        self.assertIn("ally", str(items))


if __name__ == "__main__":
    unittest.main()
