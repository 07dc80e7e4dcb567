#!/usr/bin/python3
"""tests/bench/soak.py - natter's memory over a long run (`make soak`,
`tests/bench/run soak`).

A private Prosody with its limits raised (as tests/bench/muc_bench.py:
warnings-only log, no c2s rate limits), natter logged in as alice inside
tmux, and minimal XMPP clients (muc_bench.Member: STARTTLS, PLAIN, raw
stanzas on one asyncio loop; far faster than slixmpp, which could not push
200,000 messages in bounded time) that are all in alice's roster:
  - SOAK_SENDERS (default 4) senders send SOAK_MESSAGES (default 200,000)
    one-to-one messages in rounds of SOAK_BATCH (default 1000), so natter
    holds SOAK_SENDERS tabs; the last message of each sender in a round asks
    for a receipt (XEP-0184) and the next round waits for every receipt, so
    natter has handled (stored, laid out) each round before the next;
  - SOAK_CONTACTS (default 50) contacts toggle between away and available,
    SOAK_PRESENCES (default 20,000) presence changes spread over the rounds.
natter's VmRSS (/proc/PID/status) is sampled every SOAK_SAMPLE messages
(default a twentieth of the run); the curve (messages received -> RSS) is
printed, then one machine-readable line per metric ("soak: NAME VALUE UNIT").
The RSS after SOAK_WARMUP messages (default a tenth) is the start figure;
growth after warm-up over 1 MB is flagged (not asserted: a figure). The
whole run is bounded by SOAK_MAX_SECONDS (default 1800). 127.0.0.1 only.
"""

import asyncio
import os
import re
import shutil
import sys
import tempfile
import time
from xml.sax.saxutils import quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import muc_bench  # noqa: E402
import prosody as prosody_mod  # noqa: E402
import screen  # noqa: E402
import tui as tui_mod  # noqa: E402

MESSAGES = int(os.environ.get("SOAK_MESSAGES", "200000"))
PRESENCES = int(os.environ.get("SOAK_PRESENCES", "20000"))
SENDERS = max(1, min(int(os.environ.get("SOAK_SENDERS", "4")), 20))
CONTACTS = max(1, min(int(os.environ.get("SOAK_CONTACTS", "50")), 200))
BATCH = max(SENDERS, int(os.environ.get("SOAK_BATCH", "1000")))
SAMPLE = max(BATCH, int(os.environ.get("SOAK_SAMPLE", str(max(MESSAGES // 20, 1)))))
WARMUP = int(os.environ.get("SOAK_WARMUP", str(MESSAGES // 10)))
MAX_SECONDS = float(os.environ.get("SOAK_MAX_SECONDS", "1800"))
ROUND_TIMEOUT = 120.0
PASSWORD = "soak-pw"
GROWTH_LIMIT_KB = 1024
RECEIVED_RE = re.compile(rb"<received[^>]*id=['\"](r\d+-\d+)['\"]")


class Peer(muc_bench.Member):
    """A minimal client that remembers the receipt ids it was sent."""

    def __init__(self, user):
        super().__init__(user, PASSWORD, user)
        self.receipts = set()

    async def drain(self):
        """Read everything from now on, noting <received id='...'/>."""
        tail = self.buf
        while True:
            try:
                data = await self.reader.read(muc_bench.CHUNK)
            except (ConnectionError, OSError):
                return
            if not data:
                return
            both = tail + data
            for m in RECEIVED_RE.finditer(both):
                self.receipts.add(m.group(1).decode())
            tail = both[-200:]


class Soak:
    """The peers on an asyncio loop of their own (muc_bench.Crowd's loop)."""

    def __init__(self, server):
        self.server = server
        self.crowd = muc_bench.Crowd(server.port, server.cafile, None, 0)
        self.senders = [Peer("s%02d" % i) for i in range(SENDERS)]
        self.contacts = [Peer("p%02d" % i) for i in range(CONTACTS)]
        self.away = [False] * CONTACTS
        self.sent = 0
        self.presences = 0
        self.next_contact = 0

    def run(self, coro, timeout):
        """Run a coroutine on the peers' loop (bounded)."""
        return self.crowd._run(coro, timeout)

    async def _login(self, sem, p):
        """Log one peer in, say it is available, start reading."""
        async with sem:
            await asyncio.wait_for(p.login(self.server.port, self.crowd.tls),
                                   muc_bench.STEP_TIMEOUT)
            p.send("<presence/>")
            p.task = asyncio.ensure_future(p.drain())

    async def _login_all(self):
        """Everyone logged in, 20 at a time."""
        sem = asyncio.Semaphore(20)
        await asyncio.gather(*(self._login(sem, p) for p in self.senders + self.contacts))

    def login(self):
        """Log every peer in; seconds it took."""
        t0 = time.monotonic()
        self.run(self._login_all(), 300)
        return time.monotonic() - t0

    def _toggle(self, n):
        """n presence changes, round robin over the contacts."""
        for _ in range(n):
            i = self.next_contact
            self.next_contact = (i + 1) % CONTACTS
            self.away[i] = not self.away[i]
            show = "<show>away</show><status>soak %d</status>" % self.presences \
                if self.away[i] else ""
            self.contacts[i].send("<presence>%s</presence>" % show)
            self.presences += 1

    async def _round(self, rnd, count, npres):
        """count messages, round robin over the senders (the last of each
        asks for a receipt), with npres presence changes spread among them;
        then wait until natter has sent every receipt."""
        last = {}
        for j in range(count):
            i = j % SENDERS
            last[i] = j
        done = 0
        for j in range(count):
            i = j % SENDERS
            s = self.senders[i]
            final = last[i] == j
            mid = "r%d-%d" % (rnd, i) if final else "m%d-%d" % (rnd, j)
            req = "<request xmlns='urn:xmpp:receipts'/>" if final else ""
            s.send("<message type='chat' to='alice@localhost' id=%s><body>soak %d from "
                   "%s: the quick brown fox jumps over the lazy dog</body>%s</message>"
                   % (quoteattr(mid), self.sent, s.user, req))
            self.sent += 1
            due = npres * (j + 1) // count
            self._toggle(due - done)
            done = due
            if j % 100 == 99:
                await asyncio.sleep(0)
        waiting = [(self.senders[i], "r%d-%d" % (rnd, i)) for i in last]
        deadline = time.monotonic() + ROUND_TIMEOUT
        while any(mid not in s.receipts for s, mid in waiting):
            if time.monotonic() > deadline:
                raise RuntimeError("round %d: natter sent no receipt within %.0f s"
                                   % (rnd, ROUND_TIMEOUT))
            await asyncio.sleep(0.01)

    def one_round(self, rnd, count, npres):
        """A bounded round."""
        self.run(self._round(rnd, count, npres), ROUND_TIMEOUT + 10)

    def stop(self):
        """Close every connection and the loop."""
        self.crowd.members = self.senders + self.contacts
        self.crowd.stop()


def accounts():
    """Every account on the soak server."""
    acc = {"alice": harness.PASSWORDS["alice"]}
    for prefix, n in (("s", SENDERS), ("p", CONTACTS)):
        for i in range(n):
            acc["%s%02d" % (prefix, i)] = PASSWORD
    return acc


def drive(soak, pid):
    """All the rounds; returns the curve [(messages, presences, rss kB, s)]."""
    curve = [(0, 0, tui_mod.status_kb(pid, "VmRSS"), 0.0)]
    t0 = time.monotonic()
    rnd, next_sample = 0, SAMPLE
    while soak.sent < MESSAGES:
        if time.monotonic() - t0 > MAX_SECONDS:
            print("soak: stopped at the time bound (%.0f s)" % MAX_SECONDS)
            break
        count = min(BATCH, MESSAGES - soak.sent)
        npres = min(PRESENCES - soak.presences,
                    (PRESENCES * (soak.sent + count)) // max(MESSAGES, 1) - soak.presences)
        soak.one_round(rnd, count, max(0, npres))
        rnd += 1
        if soak.sent >= next_sample or soak.sent >= MESSAGES:
            curve.append((soak.sent, soak.presences, tui_mod.status_kb(pid, "VmRSS"), time.monotonic() - t0))
            print("soak: %7d messages %6d presences  VmRSS %7d kB  %6.1f s"
                  % curve[-1], flush=True)
            next_sample += SAMPLE
    return curve


def report(curve, login_s, hwm):
    """The curve's summary and the machine-readable lines."""
    warm = next((c for c in curve if c[0] >= WARMUP), curve[-1])
    end = curve[-1]
    growth = end[2] - warm[2]
    rate = end[0] / end[3] if end[3] > 0 else 0.0
    print("soak: natter %s" % harness.natter_bin())
    print("soak: %d messages from %d senders and %d presence changes of %d contacts "
          "in %.1f s (%.0f messages/s)" % (end[0], SENDERS, end[1], CONTACTS, end[3], rate))
    print("soak: VmRSS %d kB after login, %d kB after warm-up (%d messages), %d kB at the end"
          % (curve[0][2], warm[2], warm[0], end[2]))
    verdict = "flat" if growth <= GROWTH_LIMIT_KB else "GROWING"
    print("soak: growth after warm-up %+d kB (%s)" % (growth, verdict))
    for name, value, unit in (("messages", end[0], "count"), ("presences", end[1], "count"),
                              ("seconds", "%.1f" % end[3], "s"),
                              ("messages_per_second", "%.0f" % rate, "1/s"),
                              ("peer_login_seconds", "%.1f" % login_s, "s"),
                              ("rss_login_kb", curve[0][2], "kB"),
                              ("rss_start_kb", warm[2], "kB"), ("rss_end_kb", end[2], "kB"),
                              ("rss_growth_kb", growth, "kB"), ("hwm_kb", hwm, "kB")):
        print("soak: %s %s %s" % (name, value, unit))


def main():
    """Set up, soak, report, tear down; 0 unless something broke."""
    tmp = tempfile.mkdtemp(prefix="natter-soak-")
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    pdir = os.path.join(tmp, "prosody")
    acc = accounts()
    server = prosody_mod.Prosody(accounts=acc, workdir=pdir,
                                 contacts=[("alice", u) for u in acc if u != "alice"],
                                 **muc_bench.bench_server_options(pdir))
    soak = t = None
    try:
        server.start()
        t = tui_mod.Tui([harness.natter_bin(), "-c", muc_bench.login_rc(server, tmp)], home)
        t.start()
        t.wait_for(screen.online_re("alice@localhost"), timeout=30, where=screen.status_line)
        pid = t.pid()
        soak = Soak(server)
        login_s = soak.login()
        print("soak: natter pid %d online, %d peers logged in; %d messages, %d presences..."
              % (pid, SENDERS + CONTACTS, MESSAGES, PRESENCES), flush=True)
        curve = drive(soak, pid)
        hwm = int(tui_mod.proc_status(pid)["VmHWM"].split()[0])
        report(curve, login_s, hwm)
        if not t.alive():
            print("soak: natter is gone")
            return 1
        return 0
    except Exception as e:  # one line and the screen rather than a bare traceback
        print("soak: failed: %s" % e)
        if t is not None:
            print(t.dump())
        return 1
    finally:
        if soak is not None:
            soak.stop()
        if t is not None:
            t.kill()
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
