"""An independent XMPP client (slixmpp) driven from tests, in its own thread.

    peer = Peer("bob@localhost", "bobpw", port=server.port, cafile=server.cafile)
    peer.start()                      # logged in, presence sent, roster fetched
    peer.send_message("alice@localhost", "hi")
    frm, body = peer.wait_message(timeout=10)
    peer.set_presence("away", "lunch")
    rec = peer.wait_received()        # a Received: ids, chat state, markers
    peer.send_displayed("alice@localhost/natter", rec.id)   # XEP-0333
    peer.send_chat_state("alice@localhost", "composing")      # XEP-0085
    peer.stop()

slixmpp runs on an asyncio loop in a private thread; every public method is
thread-safe and bounded in time. The certificate is checked against the test
CA (never turned off). Receipts (XEP-0184) and pings (XEP-0199) are answered
by slixmpp's plugins; Peer(..., receipts=False) leaves receipts to the test
(send_receipt), Peer(..., carbons=True) enables XEP-0280 carbons at login.
"""

import asyncio
import logging
import queue
import threading
import time
from xml.sax.saxutils import escape, quoteattr

import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

CALL_TIMEOUT = 10.0

NS_RECEIPTS = "urn:xmpp:receipts"
NS_MARKERS = "urn:xmpp:chat-markers:0"
NS_CHATSTATES = "http://jabber.org/protocol/chatstates"
NS_CARBONS = "urn:xmpp:carbons:2"
NS_SID = "urn:xmpp:sid:0"
NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
CHAT_STATES = ("active", "composing", "paused", "inactive", "gone")


def _child(xml, ns, name):
    """The first child element {ns}name of an ElementTree element, or None."""
    return xml.find("{%s}%s" % (ns, name))


class PeerError(Exception):
    """The peer could not log in or did not answer in time."""


class Received:
    """One message the peer received."""

    def __init__(self, stanza):
        self.frm = str(stanza["from"])
        self.bare = stanza["from"].bare
        self.body = stanza["body"]
        self.id = stanza["id"]
        self.type = stanza["type"]
        self.xml = str(stanza)
        x = stanza.xml
        # read straight from the XML: slixmpp's plugin accessors would add
        # missing elements to the stanza
        self.request_receipt = _child(x, NS_RECEIPTS, "request") is not None
        self.markable = _child(x, NS_MARKERS, "markable") is not None
        self.receipt_for = self._id_of(_child(x, NS_RECEIPTS, "received"))
        self.displayed_for = self._id_of(_child(x, NS_MARKERS, "displayed"))
        self.chat_state = next((n for n in CHAT_STATES
                                if _child(x, NS_CHATSTATES, n) is not None), None)
        oid = _child(x, NS_SID, "origin-id")
        self.origin_id = oid.get("id") if oid is not None else None
        self.carbon = (_child(x, NS_CARBONS, "received") is not None or
                       _child(x, NS_CARBONS, "sent") is not None)

    @staticmethod
    def _id_of(el):
        """The id attribute of an element (None when the element is absent)."""
        return None if el is None else el.get("id")

    def __repr__(self):
        return "Received(from=%r, body=%r, id=%r, state=%r)" % (self.frm, self.body, self.id,
                                                                self.chat_state)


class _Client(slixmpp.ClientXMPP):
    """The slixmpp client; lives entirely on the peer's loop thread."""

    def __init__(self, jid, password, owner):
        super().__init__(jid, password)
        self.owner = owner
        for plugin in ("xep_0030", "xep_0085", "xep_0092", "xep_0184", "xep_0199", "xep_0280",
                       "xep_0333"):
            self.register_plugin(plugin)
        self.plugin["xep_0184"].auto_ack = owner.receipts
        self.add_event_handler("session_start", self._on_start)
        # slixmpp's "message" event only fires for messages with a body:
        # a handler of our own sees receipts, markers and chat states too
        self.register_handler(Callback("natter-test every message",
                                       MatchXPath("{%s}message" % self.default_ns),
                                       self._on_any_message))
        self.add_event_handler("message", self._on_message)
        self.add_event_handler("presence", self._on_presence)
        self.add_event_handler("failed_auth", lambda *_: owner._fail("authentication failed"))
        self.add_event_handler("connection_failed", lambda e: owner._fail("connection failed: %s"
                                                                           % e))
        self.add_event_handler("disconnected", lambda *_: owner._disconnected.set())

    async def _on_start(self, _event):
        """Fetch the roster and go online, then tell the test thread."""
        await self.get_roster()
        if self.owner.carbons:
            await self.plugin["xep_0280"].enable(timeout=CALL_TIMEOUT)
        self.send_presence()
        self.owner._started.set()

    def _on_any_message(self, msg):
        """Record every message stanza (body or not, errors too)."""
        self.owner.all_stanzas.append(Received(msg))

    def _on_message(self, msg):
        """Queue messages with a body for wait_message."""
        rec = Received(msg)
        if rec.body:
            self.owner.messages.append(rec)
            self.owner._inbox.put(rec)

    def _on_presence(self, pres):
        """Record presence from others."""
        self.owner.presences.append((str(pres["from"]), pres["type"], pres["show"],
                                     pres["status"]))


class Peer:
    """A slixmpp client in a thread, with blocking, bounded methods."""

    def __init__(self, jid, password, host="127.0.0.1", port=5222, cafile=None,
                 direct_tls=False, debug=False, receipts=True, carbons=False):
        self.jid, self.password = jid, password
        self.receipts = receipts  # answer receipt requests automatically
        self.carbons = carbons    # enable XEP-0280 carbons after login
        self.address = (host, port)
        self.cafile = cafile
        self.direct_tls = direct_tls
        self.messages = []      # Received with a body, in order
        self.all_stanzas = []   # every Received message stanza (receipts, chat states too)
        self.presences = []     # (from, type, show, status)
        self._inbox = queue.Queue()
        self._started = threading.Event()
        self._disconnected = threading.Event()
        self._error = None
        self._loop = None
        self._client = None
        self._thread = None
        if debug:
            logging.basicConfig(level=logging.DEBUG)

    def _fail(self, why):
        """Remember why login failed and wake start()."""
        self._error = why
        self._started.set()

    def _run(self, ready):
        """Thread body: make the loop and the client, connect, run forever."""
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._client = _Client(self.jid, self.password, self)
        self._client.ca_certs = self.cafile
        ready.set()
        self._client.connect(self.address, use_ssl=self.direct_tls, force_starttls=True)
        try:
            self._loop.run_forever()
        finally:
            self._drain_loop()

    def _drain_loop(self):
        """Cancel slixmpp's leftover tasks so the loop closes quietly."""
        tasks = [t for t in asyncio.all_tasks(self._loop) if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            self._loop.run_until_complete(asyncio.wait(tasks, timeout=2.0))
        self._loop.close()

    def start(self, timeout=15.0):
        """Connect and log in; raises PeerError when not online in time."""
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True,
                                        name="peer-" + self.jid)
        self._thread.start()
        if not ready.wait(timeout) or not self._started.wait(timeout):
            self.stop()
            raise PeerError("%s: not logged in within %.0f s" % (self.jid, timeout))
        if self._error:
            self.stop()
            raise PeerError("%s: %s" % (self.jid, self._error))
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def _call(self, fn, *args, timeout=CALL_TIMEOUT):
        """Run fn(*args) on the loop thread and return its result."""
        async def wrapper():
            return fn(*args)
        fut = asyncio.run_coroutine_threadsafe(wrapper(), self._loop)
        return fut.result(timeout)

    def sync(self, timeout=CALL_TIMEOUT):
        """A ping round trip to our server: once it returns, the server has
        handled everything this peer sent before (one stream is in order)."""
        async def ping():
            await self._client.plugin["xep_0199"].send_ping(self._client.boundjid.domain,
                                                            timeout=timeout)
        asyncio.run_coroutine_threadsafe(ping(), self._loop).result(timeout + 1)

    def send_message(self, to, body, mtype="chat"):
        """Send a message; returns its stanza id."""
        def send():
            msg = self._client.make_message(mto=to, mbody=body, mtype=mtype)
            msg["id"] = self._client.new_id()
            msg.send()
            return msg["id"]
        return self._call(send)

    def send_raw(self, xml):
        """Send raw XML on the stream (for hostile-input tests)."""
        self._call(self._client.send_raw, xml)

    def iq(self, to, payload, itype="get", timeout=CALL_TIMEOUT):
        """Send <iq type=itype to=to> holding the XML text payload and return
        the answer (result or error) as XML text; raises PeerError when
        nothing comes back in time."""
        async def ask():
            from xml.etree import ElementTree
            import slixmpp.exceptions
            iq = self._client.make_iq(ito=to, itype=itype)
            iq.append(ElementTree.fromstring(payload))
            try:
                res = await iq.send(timeout=timeout)
            except slixmpp.exceptions.IqError as e:
                res = e.iq
            except slixmpp.exceptions.IqTimeout:
                return None
            return str(res)
        out = asyncio.run_coroutine_threadsafe(ask(), self._loop).result(timeout + 2)
        if out is None:
            raise PeerError("no answer from %s in %.0f s" % (to, timeout))
        return out

    def send_receipt(self, to, msg_id):
        """XEP-0184: tell to that message msg_id was received."""
        self.send_raw("<message to=%s type='chat'><received xmlns='%s' id=%s/></message>"
                      % (quoteattr(to), NS_RECEIPTS, quoteattr(msg_id)))

    def send_displayed(self, to, msg_id):
        """XEP-0333: tell to that message msg_id (and all before it) was displayed."""
        self.send_raw("<message to=%s type='chat'><displayed xmlns='%s' id=%s/></message>"
                      % (quoteattr(to), NS_MARKERS, quoteattr(msg_id)))

    def send_chat_state(self, to, state):
        """XEP-0085: a standalone chat state (composing, paused, active, ...)."""
        assert state in CHAT_STATES, state
        self.send_raw("<message to=%s type='chat'><%s xmlns='%s'/></message>"
                      % (quoteattr(to), state, NS_CHATSTATES))

    def send_error_reply(self, rec, condition="not-acceptable", text=None, etype="cancel"):
        """Bounce a received message (a Received) with a <message type='error'>
        carrying the same id, as a server or client refusing it would."""
        text_el = ("<text xmlns='%s'>%s</text>" % (NS_STANZAS, escape(text))) if text else ""
        self.send_raw("<message to=%s id=%s type='error'><error type=%s><%s xmlns='%s'/>%s"
                      "</error></message>" % (quoteattr(rec.frm), quoteattr(rec.id or ""),
                                              quoteattr(etype), condition, NS_STANZAS, text_el))

    def set_presence(self, show=None, status=None):
        """Broadcast presence: show is None/"online", "away", "xa", "dnd" or "chat"."""
        if show == "online":
            show = None
        self._call(lambda: self._client.send_presence(pshow=show, pstatus=status))

    def wait_message(self, timeout=10.0):
        """The next received message with a body as (bare from, body)."""
        rec = self.wait_received(timeout)
        return rec.bare, rec.body

    def wait_received(self, timeout=10.0):
        """The next received message with a body (a Received)."""
        try:
            return self._inbox.get(timeout=timeout)
        except queue.Empty:
            raise PeerError("%s: no message within %.0f s" % (self.jid, timeout)) from None

    def wait_stanza(self, predicate, timeout=10.0, what="a matching message"):
        """The first received message stanza (a Received, body or not) for
        which predicate is true, waiting for it (bounded)."""
        deadline = time.monotonic() + timeout
        while True:
            for rec in list(self.all_stanzas):
                if predicate(rec):
                    return rec
            if time.monotonic() >= deadline:
                raise PeerError("%s: no %s within %.0f s; got %r"
                                % (self.jid, what, timeout, self.all_stanzas[-10:]))
            time.sleep(0.05)

    def bodies(self, from_bare=None):
        """Bodies received so far, in order (optionally only from one bare JID)."""
        return [r.body for r in list(self.messages) if from_bare is None or r.bare == from_bare]

    def wait_presence(self, jid_prefix, ptype="available", timeout=10.0):
        """Wait until presence of ptype from a JID starting with jid_prefix arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for frm, typ, _show, _status in list(self.presences):
                # slixmpp reports an available presence's show as its type.
                if typ in ("away", "chat", "dnd", "xa") and ptype == "available":
                    typ = "available"
                if frm.startswith(jid_prefix) and typ == ptype:
                    return True
            time.sleep(0.05)
        raise PeerError("%s: no %s presence from %s within %.0f s"
                        % (self.jid, ptype, jid_prefix, timeout))

    def join_room(self, room, nick, history=0):
        """Enter room (XEP-0045) as nick, asking for history stanzas, and wait
        for the room's presence of our own nick."""
        self.send_raw("<presence to=%s><x xmlns='http://jabber.org/protocol/muc'>"
                      "<history maxstanzas='%d'/></x></presence>"
                      % (quoteattr("%s/%s" % (room, nick)), history))
        self.wait_presence("%s/%s" % (room, nick))
        # a room the peer just created stays locked until configured: take
        # the defaults (refused harmlessly when the room already existed)
        self.send_raw("<iq type='set' id='natter-test-instant' to=%s>"
                      "<query xmlns='http://jabber.org/protocol/muc#owner'>"
                      "<x xmlns='jabber:x:data' type='submit'/></query></iq>" % quoteattr(room))
        self.sync()

    def stop(self, timeout=5.0):
        """Disconnect and end the thread (bounded). Safe to call twice."""
        if self._thread is None:
            return
        if self._loop is not None and self._loop.is_running():
            try:
                self._call(lambda: self._client.disconnect(wait=0.5), timeout=timeout)
                self._disconnected.wait(timeout)
            except Exception:  # the stream may already be gone; stopping anyway
                pass
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        self._thread = None
