"""An independent XMPP client (slixmpp) driven from tests, in its own thread.

    peer = Peer("bob@localhost", "bobpw", port=server.port, cafile=server.cafile)
    peer.start()                      # logged in, presence sent, roster fetched
    peer.send_message("alice@localhost", "hi")
    frm, body = peer.wait_message(timeout=10)
    peer.set_presence("away", "lunch")
    peer.stop()

slixmpp runs on an asyncio loop in a private thread; every public method is
thread-safe and bounded in time. The certificate is checked against the test
CA (never turned off). Receipts (XEP-0184) and pings (XEP-0199) are answered
by slixmpp's plugins.
"""

import asyncio
import logging
import queue
import threading
import time

import slixmpp

CALL_TIMEOUT = 10.0


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

    def __repr__(self):
        return "Received(from=%r, body=%r, id=%r)" % (self.frm, self.body, self.id)


class _Client(slixmpp.ClientXMPP):
    """The slixmpp client; lives entirely on the peer's loop thread."""

    def __init__(self, jid, password, owner):
        super().__init__(jid, password)
        self.owner = owner
        for plugin in ("xep_0030", "xep_0092", "xep_0184", "xep_0199", "xep_0280"):
            self.register_plugin(plugin)
        self.add_event_handler("session_start", self._on_start)
        self.add_event_handler("message", self._on_message)
        self.add_event_handler("presence", self._on_presence)
        self.add_event_handler("failed_auth", lambda *_: owner._fail("authentication failed"))
        self.add_event_handler("connection_failed", lambda e: owner._fail("connection failed: %s"
                                                                           % e))
        self.add_event_handler("disconnected", lambda *_: owner._disconnected.set())

    async def _on_start(self, _event):
        """Fetch the roster and go online, then tell the test thread."""
        await self.get_roster()
        self.send_presence()
        self.owner._started.set()

    def _on_message(self, msg):
        """Record every message; those with a body are queued for wait_message."""
        rec = Received(msg)
        self.owner.all_stanzas.append(rec)
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
                 direct_tls=False, debug=False):
        self.jid, self.password = jid, password
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
