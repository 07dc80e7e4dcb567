#!/usr/bin/python3
"""tests/bench/muc_bench.py - natter in a crowded room (`tests/bench/run muc`).

A private Prosody with a group chat service whose limits are raised (no
history cap, no c2s/stanza rate limits, warnings-only log), a crowd of
MUC_BENCH_N (default 1000) minimal XMPP clients over TLS on one asyncio
loop joined to one room, then natter (in tmux, logged in as alice) joins
and the bench reports:
  - join time: from /join to "you joined" on screen, and to the occupants
    pane and status line showing everyone (N crowd + natter);
  - natter's VmRSS/VmHWM once joined;
  - natter's CPU time (utime+stime from /proc/PID/stat) during a flood of
    MUC_BENCH_RATE (default 500) joins/leaves per second for
    MUC_BENCH_FLOOD_SECONDS (default 3), counted until natter has shown the
    end-of-flood marker (so everything queued was handled), with the rate
    the server really delivered (counted by one crowd member);
  - input responsiveness during the flood: time from `tmux send-keys` of
    one character to its echo on the input line (capture-pane polled every
    5 ms), median and max over MUC_BENCH_KEYS (default 50) keystrokes.
Figures only: nothing asserts on speed. 127.0.0.1 only. Everything is
bounded in count and time. The Crowd class is also used by
tests/integration/test_room_ui.py (a smaller room).

Accounts are written as Prosody's data files (prosody.add_accounts), so no
registration round trips; logins use SASL PLAIN over STARTTLS.
"""

import asyncio
import base64
import os
import shutil
import ssl
import statistics
import sys
import tempfile
import threading
import time
from xml.sax.saxutils import quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

import harness  # noqa: E402
import prosody as prosody_mod  # noqa: E402
import screen  # noqa: E402
import tui as tui_mod  # noqa: E402

N = int(os.environ.get("MUC_BENCH_N", "1000"))
RATE = int(os.environ.get("MUC_BENCH_RATE", "500"))
FLOOD_SECONDS = float(os.environ.get("MUC_BENCH_FLOOD_SECONDS", "3"))
KEYS = int(os.environ.get("MUC_BENCH_KEYS", "50"))
MAX_N = 2000  # hard bounds, whatever the environment says
MAX_FLOOD_SECONDS = 30.0
KEY_POLL = 0.005
ROOM = "crowd@" + prosody_mod.MUC_DOMAIN

NS_MUC = "http://jabber.org/protocol/muc"
STREAM_OPEN = ("<?xml version='1.0'?><stream:stream to='%s' version='1.0' "
               "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
               % prosody_mod.DOMAIN).encode()
CHUNK = 65536
STEP_TIMEOUT = 60.0


class CrowdError(Exception):
    """A crowd member could not log in or join."""


class Member:
    """One minimal XMPP client: STARTTLS, SASL PLAIN, bind, then raw stanzas.
    After joining, a reader task discards everything the server sends
    (counting presences when it is the observer)."""

    def __init__(self, user, password, nick):
        self.user, self.password, self.nick = user, password, nick
        self.reader = self.writer = None
        self.buf = b""
        self.in_room = False
        self.presences = 0  # counted only by the observer's drain task
        self.counting = False
        self.task = None

    async def _until(self, *markers):
        """Read until one of markers arrives; keep what follows it. Returns
        the marker seen; a <failure or stream error raises."""
        while True:
            for m in markers:
                i = self.buf.find(m)
                if i >= 0:
                    self.buf = self.buf[i + len(m):]
                    return m
            for bad in (b"<failure", b"<stream:error", b"type='error'", b'type="error"'):
                if bad in self.buf:
                    raise CrowdError("%s: server said %r" % (self.user, self.buf[:300]))
            data = await self.reader.read(CHUNK)
            if not data:
                raise CrowdError("%s: connection closed" % self.user)
            self.buf += data

    async def _restart(self):
        """Open a (new) stream and read its features."""
        self.buf = b""
        self.writer.write(STREAM_OPEN)
        await self._until(b"</stream:features>")

    async def login(self, port, tls):
        """Connect, STARTTLS, authenticate and bind."""
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        await self._restart()
        self.writer.write(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        await self._until(b"<proceed")
        await self.writer.start_tls(tls, server_hostname=prosody_mod.DOMAIN)
        await self._restart()
        cred = base64.b64encode(b"\0" + self.user.encode() + b"\0" + self.password.encode())
        self.writer.write(b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                          + cred + b"</auth>")
        await self._until(b"<success")
        await self._restart()
        self.writer.write(b"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                          b"<resource>crowd</resource></bind></iq>")
        await self._until(b"</iq>")

    def send(self, xml):
        """Queue raw XML on the stream."""
        self.writer.write(xml.encode())

    def join_xml(self, room):
        """The presence that enters room (no history)."""
        return ("<presence to=%s><x xmlns='%s'><history maxstanzas='0'/></x></presence>"
                % (quoteattr("%s/%s" % (room, self.nick)), NS_MUC))

    def leave_xml(self, room):
        """The presence that leaves room."""
        return "<presence type='unavailable' to=%s/>" % quoteattr("%s/%s" % (room, self.nick))

    async def join(self, room, create=False):
        """Enter room and wait for our own presence (status 110); create
        configures a new room with the defaults (an instant room)."""
        self.send(self.join_xml(room))
        await self._until(b"code='110'", b'code="110"')
        if create:
            self.send("<iq type='set' id='inst' to=%s><query xmlns='%s#owner'>"
                      "<x xmlns='jabber:x:data' type='submit'/></query></iq>"
                      % (quoteattr(room), NS_MUC))
            await self._until(b"id='inst'", b'id="inst"')
        self.in_room = True

    async def drain(self):
        """Read and drop everything from now on (counting presences)."""
        tail = self.buf
        while True:
            try:
                data = await self.reader.read(CHUNK)
            except (ConnectionError, OSError):
                return
            if not data:
                return
            if self.counting:
                both = tail + data
                self.presences += both.count(b"<presence") - tail.count(b"<presence")
            tail = data[-16:]

    def close(self):
        """Drop the connection."""
        if self.writer is not None:
            try:
                self.writer.write(b"</stream:stream>")
                self.writer.close()
            except (ConnectionError, OSError, RuntimeError):
                pass


class Crowd:
    """n members (localparts PREFIX0000...) in one room, run on an asyncio
    loop in a thread of their own. add accounts() to the server first."""

    def __init__(self, port, cafile, room, n, prefix="crowd", password="crowd-pw",
                 concurrency=40):
        self.port, self.room = port, room
        self.members = [Member("%s%04d" % (prefix, i), password, "%s%04d" % (prefix, i))
                        for i in range(min(n, MAX_N))]
        self.concurrency = concurrency
        self.tls = ssl.create_default_context(cafile=cafile)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def accounts(self):
        """{localpart: password} for the server's data files."""
        return {m.user: m.password for m in self.members}

    def _run(self, coro, timeout):
        """Run a coroutine on the crowd's loop; its result (bounded wait)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _enter(self, sem, m, create, first=None):
        """Log one member in and join (then first(m), when given)."""
        async with sem:
            await asyncio.wait_for(m.login(self.port, self.tls), STEP_TIMEOUT)
            await asyncio.wait_for(m.join(self.room, create), STEP_TIMEOUT)
            if first is not None:
                await first(m)
            m.task = asyncio.ensure_future(m.drain())

    async def _enter_all(self, first=None):
        """The first member creates the room, then (after first(member),
        when given) the rest come in."""
        await self._enter(asyncio.Semaphore(1), self.members[0], True, first)
        sem = asyncio.Semaphore(self.concurrency)
        await asyncio.gather(*(self._enter(sem, m, False) for m in self.members[1:]))

    def start(self, timeout=600.0, first=None):
        """Everyone in the room; returns the seconds it took. first, an
        async function of the first member, runs while that member is
        alone in the room (and before it starts discarding what it reads)."""
        t0 = time.monotonic()
        self._run(self._enter_all(first), timeout)
        return time.monotonic() - t0

    async def _flood(self, rate, seconds, flooders):
        """rate leave-or-join presences a second from the flooders, in 10 ms
        ticks, for seconds; then every flooder back in. Returns events sent."""
        tick, sent, i = 0.01, 0, 0
        start = self.loop.time()
        while self.loop.time() - start < seconds:
            due = int((self.loop.time() - start) * rate) - sent
            for _ in range(max(due, 0)):
                m = flooders[i % len(flooders)]
                m.send(m.leave_xml(self.room) if m.in_room else m.join_xml(self.room))
                m.in_room = not m.in_room
                i += 1
                sent += 1
            await asyncio.sleep(tick)
        for m in flooders:
            if not m.in_room:
                m.send(m.join_xml(self.room))
                m.in_room = True
                sent += 1
        return sent

    def flood(self, rate, seconds, nflooders=100):
        """Flood from the last nflooders members (blocking); the observer
        (member 0) counts the presences the server delivered meanwhile.
        Returns events sent."""
        seconds = min(seconds, MAX_FLOOD_SECONDS)
        flooders = self.members[-min(nflooders, len(self.members) - 1):]
        obs = self.members[0]
        obs.presences, obs.counting = 0, True
        return self._run(self._flood(rate, seconds, flooders), seconds + 60)

    def delivered(self):
        """Presences the observer received since flood() began."""
        return self.members[0].presences

    def say(self, member, text):
        """member sends a groupchat message to the room."""
        m = self.members[member]
        self.loop.call_soon_threadsafe(
            m.send, "<message type='groupchat' to=%s><body>%s</body></message>"
            % (quoteattr(self.room), text))

    def leave(self, member):
        """member leaves the room (stays connected)."""
        m = self.members[member]
        m.in_room = False
        self.loop.call_soon_threadsafe(m.send, m.leave_xml(self.room))

    def rejoin(self, member):
        """member enters the room again (no wait)."""
        m = self.members[member]
        m.in_room = True
        self.loop.call_soon_threadsafe(m.send, m.join_xml(self.room))

    def stop(self):
        """Close every connection and end the loop thread."""
        async def close_all():
            for m in self.members:
                if m.task is not None:
                    m.task.cancel()
                m.close()
        try:
            self._run(close_all(), 30)
        except Exception:  # stopping anyway
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def bench_server_options(workdir):
    """Prosody() keyword arguments: the MUC service with raised limits."""
    log = os.path.join(workdir, "prosody.log")
    extra = ('log = { { levels = { min = "warn" }, to = "file", filename = %s } }\n'
             'max_history_messages = 1000\n'
             'Component "%s" "muc"\n'
             '\tmuc_room_default_history_length = 20\n'
             '\tmax_history_messages = 1000\n'
             '\tmuc_room_cache_size = 1000\n'
             '\tmuc_tombstones = false\n' % (prosody_mod.lua_str(log), prosody_mod.MUC_DOMAIN))
    # no mod_limits (c2s rate limits) is loaded: see prosody.MODULES
    return {"extra_config": extra}


def login_rc(server, tmp):
    """natterrc logging alice in to the bench server."""
    path = os.path.join(tmp, "natterrc")
    lines = ["/set jid alice@localhost", "/set password %s" % harness.PASSWORDS["alice"],
             "/set server 127.0.0.1", "/set port %d" % server.port,
             "/set cafile %s" % server.cafile, "/connect"]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def everyone_shown(total):
    """(pane regex, status regex) for a room of total occupants with one
    moderator (the crowd's first member)."""
    import re
    return (re.compile(r"Participants %d\b" % (total - 1)),
            re.compile(r"%d people" % total))


def natter_join(t, total):
    """/join and wait; (seconds to "you joined", seconds to full count)."""
    pane_re, status_re = everyone_shown(total)
    start = time.monotonic()
    t.line("/join %s/alice" % ROOM)
    t.wait_for("you joined %s as alice" % ROOM, timeout=120)
    joined = time.monotonic() - start
    t.wait_for(status_re, timeout=120, where=screen.status_line)
    t.wait_for(pane_re, timeout=120)
    return joined, time.monotonic() - start


def keystroke_echo(t, count, stop_at):
    """Seconds from send-keys of one character to its echo on the input
    line, for up to count keystrokes while time.monotonic() < stop_at."""
    out = []
    typed = ""
    for i in range(count):
        if time.monotonic() >= stop_at:
            break
        ch = "abcdefghij"[i % 10]
        typed += ch
        start = time.monotonic()
        t.type(ch)
        deadline = start + 10
        while not screen.input_line(t.screen()).rstrip().endswith(typed[-8:]):
            if time.monotonic() > deadline:
                raise RuntimeError("keystroke %d not echoed within 10 s" % i)
            time.sleep(KEY_POLL)
        out.append(time.monotonic() - start)
        if len(typed) >= 40:  # keep the line short: clear it
            t.keys("C-u")
            typed = ""
            time.sleep(0.05)
    t.keys("C-u")
    return out


def measure_flood(t, crowd, pid):
    """CPU seconds and keystroke echoes while the crowd floods; returns a dict."""
    result = {}
    cpu0 = tui_mod.cpu_seconds(pid)
    start = time.monotonic()
    worker = threading.Thread(target=lambda: result.update(sent=crowd.flood(RATE, FLOOD_SECONDS)))
    worker.start()
    time.sleep(0.2)
    result["keys"] = keystroke_echo(t, KEYS, start + FLOOD_SECONDS)
    worker.join(FLOOD_SECONDS + 120)
    result["flood_s"] = time.monotonic() - start
    cpu_flood = tui_mod.cpu_seconds(pid) - cpu0
    marker = "flood over %d" % int(time.time())
    crowd.say(0, marker)
    t.wait_for(marker, timeout=300)
    result["drained_s"] = time.monotonic() - start
    result["cpu_flood"] = cpu_flood
    result["cpu_total"] = tui_mod.cpu_seconds(pid) - cpu0
    last = -1
    while crowd.delivered() != last:  # the crowd's own reading may lag behind natter
        last = crowd.delivered()
        time.sleep(0.5)
    result["delivered"] = last
    return result


def report(n, crowd_s, join, mem, fl):
    """Print the figures."""
    print("muc bench: %s" % harness.natter_bin())
    print("crowd: %d clients joined %s in %.1f s" % (n, ROOM, crowd_s))
    print("natter join: 'you joined' after %.2f s; pane/status show all %d after %.2f s"
          % (join[0], n + 1, join[1]))
    print("natter memory after join: VmRSS %s, VmHWM %s" % mem)
    sent, deliv = fl.get("sent", 0), fl["delivered"]
    print("flood: %d joins/leaves sent at %d/s over %.1f s; the server delivered %d presences "
          "to one member in %.1f s (%.0f/s) until natter showed the end marker"
          % (sent, RATE, FLOOD_SECONDS, deliv, fl["drained_s"], deliv / fl["drained_s"]))
    print("natter CPU: %.2f s during the %.1f s flood (%.0f%% of one core); %.2f s until "
          "the end marker was on screen (%.1f s)"
          % (fl["cpu_flood"], fl["flood_s"], 100 * fl["cpu_flood"] / fl["flood_s"],
             fl["cpu_total"], fl["drained_s"]))
    if deliv:
        print("natter CPU per delivered presence: %.1f us" % (1e6 * fl["cpu_total"] / deliv))
    ms = sorted(x * 1000 for x in fl["keys"])
    if ms:
        print("keystroke echo during the flood over %d keys: median %.1f ms, max %.1f ms, "
              "min %.1f ms (capture-pane polled every %.0f ms)"
              % (len(ms), statistics.median(ms), ms[-1], ms[0], KEY_POLL * 1000))


def main():
    """Set up, measure, report, tear down; the exit status."""
    n = min(N, MAX_N)
    tmp = tempfile.mkdtemp(prefix="natter-mucbench-")
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    pdir = os.path.join(tmp, "prosody")
    server = prosody_mod.Prosody(accounts=harness.PASSWORDS, contacts=[("alice", "bob")],
                                 workdir=pdir, **bench_server_options(pdir))
    crowd = t = None
    try:
        server.start()
        crowd = Crowd(server.port, server.cafile, ROOM, n)
        server.add_accounts(crowd.accounts())
        print("muc bench: %d clients joining %s..." % (n, ROOM), flush=True)
        crowd_s = crowd.start()
        t = tui_mod.Tui([harness.natter_bin(), "-c", login_rc(server, tmp)], home,
                        width=160, height=50)
        t.start()
        t.wait_for(screen.online_re("alice@localhost"), timeout=30, where=screen.status_line)
        time.sleep(1)
        join = natter_join(t, n + 1)
        pid = t.pid()
        time.sleep(1)
        st = tui_mod.proc_status(pid)
        mem = (st.get("VmRSS", "?"), st.get("VmHWM", "?"))
        print("muc bench: natter joined; flooding %d/s for %.0f s..." % (RATE, FLOOD_SECONDS),
              flush=True)
        fl = measure_flood(t, crowd, pid)
        report(n, crowd_s, join, mem, fl)
        return 0
    except Exception as e:  # one line, then the screen, rather than a bare traceback
        print("muc bench: failed: %s: %s" % (type(e).__name__, e))
        if t is not None:
            print(t.dump())
        return 1
    finally:
        if t is not None:
            t.kill()
        if crowd is not None:
            crowd.stop()
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
