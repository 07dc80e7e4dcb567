"""tests/bench/load.py - load generators for the comparison suite
(tests/bench/compare.py), built on muc_bench.Member (raw XMPP over
STARTTLS on one asyncio loop, far faster than slixmpp).

    senders = Senders(server, ["bob"])          # accounts must exist
    senders.login()
    t0 = senders.burst("natter@localhost", 20000, "burst %d")
    senders.send("natter@localhost", "one message")   # returns send time
    senders.stop()

    room = Room(server, 300)                    # a crowd of 300 in one room
    room.start(history=2000, fmt="hist %d"); room.stop()

Everything is bounded: counts are capped, every wait has a timeout.
127.0.0.1 only (Member connects nowhere else).
"""

import asyncio
import os
import sys
import time
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "integration"))

import muc_bench  # noqa: E402

MAX_BURST = 200000  # hard bound on one burst, whatever the caller asks
BURST_TIMEOUT = 600.0
FLUSH_EVERY = 200  # await the socket's drain every this many stanzas
PASSWORD = "bench-pw"


class Senders:
    """Minimal clients (muc_bench.Member) that send one-to-one messages."""

    def __init__(self, server, users, password=PASSWORD):
        self.server = server
        self.crowd = muc_bench.Crowd(server.port, server.cafile, None, 0)
        self.members = [muc_bench.Member(u, password, u) for u in users]
        self.crowd.members = self.members

    async def _login_all(self):
        """Log everyone in, say available, start draining what arrives."""
        for m in self.members:
            await asyncio.wait_for(m.login(self.server.port, self.crowd.tls),
                                   muc_bench.STEP_TIMEOUT)
            m.send("<presence/>")
            m.task = asyncio.ensure_future(m.drain())

    def login(self):
        """Log every sender in (bounded)."""
        self.crowd._run(self._login_all(), 120)

    async def _burst(self, to, count, fmt):
        """count messages round robin over the senders; returns the
        monotonic time of the first send."""
        t0 = time.monotonic()
        for i in range(count):
            m = self.members[i % len(self.members)]
            m.send("<message type='chat' to=%s id='b%d'><body>%s</body></message>"
                   % (quoteattr(to), i, escape(fmt % i)))
            if i % FLUSH_EVERY == FLUSH_EVERY - 1:
                await m.writer.drain()
        for m in self.members:
            await m.writer.drain()
        return t0

    def burst(self, to, count, fmt="burst %d"):
        """Send count (capped) messages to `to` as fast as the server takes
        them; blocks until written; returns the time of the first send."""
        return self.crowd._run(self._burst(to, min(count, MAX_BURST), fmt), BURST_TIMEOUT)

    async def _one(self, to, text):
        """One message from the first sender; its send time."""
        m = self.members[0]
        t = time.monotonic()
        m.send("<message type='chat' to=%s><body>%s</body></message>"
               % (quoteattr(to), escape(text)))
        await m.writer.drain()
        return t

    def send(self, to, text):
        """Send one message now; returns the monotonic time just before."""
        return self.crowd._run(self._one(to, text), 10)

    def stop(self):
        """Close every connection and the loop."""
        self.crowd.stop()


class Room:
    """A room (muc_bench.ROOM) with n crowd members in it, and history."""

    def __init__(self, server, n, prefix="crowd"):
        self.server = server
        self.crowd = muc_bench.Crowd(server.port, server.cafile, muc_bench.ROOM, n,
                                     prefix=prefix)
        server.add_accounts(self.crowd.accounts())

    def start(self, history=0, fmt="hist %d"):
        """Everyone in the room; seconds it took. history messages (capped)
        from the first member are stored while it is alone in the room, so
        filling the history costs no broadcast to the crowd and the server
        is idle again when start() returns."""
        count = min(history, MAX_BURST)

        async def fill(m):
            for i in range(count):
                m.send("<message type='groupchat' to=%s><body>%s</body></message>"
                       % (quoteattr(self.crowd.room), escape(fmt % i)))
                if i % FLUSH_EVERY == FLUSH_EVERY - 1:
                    await m.writer.drain()
            # the room echoes in order: our marker back means all are stored
            m.send("<message type='groupchat' to=%s><body>history-stored</body></message>"
                   % quoteattr(self.crowd.room))
            await m.writer.drain()
            await asyncio.wait_for(m._until(b"history-stored"), BURST_TIMEOUT)

        return self.crowd.start(first=fill if count else None)

    def stop(self):
        """Close every connection and the loop."""
        self.crowd.stop()
